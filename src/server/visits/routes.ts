import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, Problem } from '../../core/errors/outcome.ts';
import { reportAccess, scopeOf } from '../../core/indicators/access.ts';
import { parsePeriodKey, PERIOD_KINDS, periodsEndingWith } from '../../core/indicators/periods.ts';
import { FEEDBACK_ASPECTS, FeedbackInput, Ratings, Respondent } from '../../core/visits/feedback.ts';
import { StatusChange, VisitEdit, VisitFields, VisitInput, VisitorKind, VisitStatus } from '../../core/visits/schema.ts';
import { summariseVisits } from '../../core/visits/summary.ts';
import { auditAct } from '../audit/log.ts';
import { asSystem, inOrg } from '../db/scope.ts';
import { requireAuth } from '../http/access.ts';
import { changeVisitStatus, findVisit, insertFeedback, insertVisit, listFeedback, listVisits, orgToday, updateVisit, visitsForSummary } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const VisitParams = z.object({ orgId: z.uuid(), visitId: z.uuid() });

const Visit = VisitFields.extend({ id: z.uuid(), orgId: z.uuid(), status: VisitStatus, version: z.int(), feedbackCount: z.int() });
const VisitList = z.object({ today: z.iso.date(), visits: z.array(Visit) });
const Feedback = z.object({ id: z.uuid(), at: z.string(), respondent: Respondent, ratings: Ratings, takeHome: z.string().optional(), suggestions: z.string().optional() });
const VisitWithFeedback = z.object({ today: z.iso.date(), visit: Visit, feedback: z.array(Feedback) });

const SummaryQuery = z.strictObject({ scope: z.union([z.literal('network'), z.uuid()]), periodKind: z.enum(PERIOD_KINDS), period: z.string().max(10) });
const PeriodSummary = z.object({
  period: z.string(),
  visits: z.int(),
  visitors: z.int(),
  organisations: z.int(),
  byKind: z.array(z.object({ kind: VisitorKind, visits: z.int() })),
  origins: z.array(z.object({ kind: z.enum(['province', 'country']), code: z.string(), visits: z.int(), visitors: z.int() })),
  feedbackForms: z.int(),
  ratings: z.array(z.object({ aspect: z.enum(FEEDBACK_ASPECTS), mean: z.number().nullable(), responses: z.int() })),
});
const VisitSummaries = z.object({ scope: z.string(), periodKind: z.enum(PERIOD_KINDS), periods: z.array(PeriodSummary) });

/** How many periods the dashboard's visits section gets: the one chosen and the eleven before it, as the indicator series. */
const SUMMARY_PERIODS = 12;

/**
 * Exchange visits to an organisation (issue #7 §4): its managers and trainers (`visit.manage`)
 * record the visit, its programme, its status and the visitors' feedback, each write audited in
 * the host's chain. The dashboard reads aggregates only, by `reportAccess` like the indicators.
 */
export const visitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;

  app.get(
    '/api/organisations/:orgId/visits',
    { config: { access: 'visit.manage' }, schema: { tags: ['visits'], summary: 'The organisation’s exchange visits, newest first, with today in its time zone (what is upcoming).', params: OrgParams, response: { 200: VisitList } } },
    async (req) => {
      const { orgId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => ({ today: await orgToday(tx, orgId), visits: await listVisits(tx, orgId) }));
    },
  );

  app.post(
    '/api/organisations/:orgId/visits',
    { config: { access: 'visit.manage' }, schema: { tags: ['visits'], summary: 'Record a visit (planned).', params: OrgParams, body: VisitInput, response: { 201: Visit } } },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      const visit = await inOrg(db.kysely, orgId, async (tx) => {
        const created = await insertVisit(tx, orgId, auth.userId, req.body);
        await auditAct(tx, auth, orgId, 'visit.create', 'exchange_visit', created.id);
        return created;
      });
      return reply.code(201).send(visit);
    },
  );

  app.get(
    '/api/organisations/:orgId/visits/:visitId',
    { config: { access: 'visit.manage' }, schema: { tags: ['visits'], summary: 'One visit with its feedback forms (free text opened).', params: VisitParams, response: { 200: VisitWithFeedback } } },
    async (req) => {
      const { orgId, visitId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const visit = await findVisit(tx, orgId, visitId);
        if (!visit) throw notFound();
        return { today: await orgToday(tx, orgId), visit, feedback: await listFeedback(tx, crypto, orgId, visitId) };
      });
    },
  );

  app.put(
    '/api/organisations/:orgId/visits/:visitId',
    {
      config: { access: 'visit.manage' },
      schema: { tags: ['visits'], summary: 'Replace the visit’s details, based on `version` (refused if someone saved since).', params: VisitParams, body: VisitEdit, response: { 200: Visit } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, visitId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const visit = await updateVisit(tx, orgId, auth.userId, visitId, req.body.version, req.body.visit);
        if (!visit) throw notFound();
        await auditAct(tx, auth, orgId, 'visit.edit', 'exchange_visit', visitId);
        return visit;
      });
    },
  );

  app.post(
    '/api/organisations/:orgId/visits/:visitId/status',
    {
      config: { access: 'visit.manage' },
      schema: { tags: ['visits'], summary: 'Mark the visit done (from its first day), cancel it, or set it back to planned.', params: VisitParams, body: StatusChange, response: { 200: Visit } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, visitId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const visit = await changeVisitStatus(tx, orgId, auth.userId, visitId, req.body.status);
        if (!visit) throw notFound();
        await auditAct(tx, auth, orgId, `visit.${req.body.status}`, 'exchange_visit', visitId);
        return visit;
      });
    },
  );

  app.post(
    '/api/organisations/:orgId/visits/:visitId/feedback',
    {
      config: { access: 'visit.manage' },
      schema: { tags: ['visits'], summary: 'Record a feedback form of a visiting person, or the group’s one form (a visit that took place only). Free text is sealed at rest.', params: VisitParams, body: FeedbackInput, response: { 201: Feedback } },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId, visitId } = req.params;
      const feedback = await inOrg(db.kysely, orgId, async (tx) => {
        const created = await insertFeedback(tx, crypto, orgId, auth.userId, visitId, req.body);
        if (!created) throw notFound();
        await auditAct(tx, auth, orgId, 'visit.feedback', 'exchange_visit', visitId);
        return created;
      });
      return reply.code(201).send(feedback);
    },
  );

  app.get(
    '/api/reports/visits',
    {
      config: { access: 'indicators.read' },
      schema: {
        tags: ['reports'],
        summary: 'Exchange visits that took place, per period: the chosen period and the eleven before it. Visits, visitors, organisations (counted, not named), origins, mean ratings; no free text. Counts of visiting professionals, so nothing is suppressed.',
        querystring: SummaryQuery,
        response: { 200: VisitSummaries },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { scope, periodKind } = req.query;
      const access = reportAccess(auth.memberships, scopeOf(scope));
      if (!access) throw new Problem('REPORT_SCOPE_FORBIDDEN');
      const period = parsePeriodKey(req.query.period.trim());
      if (!period || period.kind !== periodKind) throw new Problem('VALIDATION', { field: 'querystring.period', detail: `not a ${periodKind}` }, 'querystring.period');
      const periods = periodsEndingWith(period, SUMMARY_PERIODS);
      const read = (tx: Parameters<typeof visitsForSummary>[0]) => visitsForSummary(tx, access.orgIds, periods[0]!.start, period.end);
      // One organisation: under its row security. Several or all: as the system, because an
      // evaluator's or the hub's transaction sees no other organisation's rows; the store reads no
      // free text and the summary below counts the visiting organisations without naming them.
      const { visits, feedback } = access.orgIds !== 'all' && access.orgIds.length === 1 ? await inOrg(db.kysely, access.orgIds[0]!, read) : await asSystem(db.kysely, read);
      return { scope, periodKind, periods: summariseVisits(visits, feedback, periods) };
    },
  );
};
