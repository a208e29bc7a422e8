import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { renderError, type ErrorCode } from '../../core/errors/catalogue.ts';
import { Problem } from '../../core/errors/outcome.ts';
import {
  CoFacilitationInput,
  explainRefusals,
  mayPromote,
  ObservationInput,
  observationScore,
  PATHWAY_STAGES,
  PathwayRequirements,
  progress,
  PromotionRequest,
  RequirementsInput,
  roundScore,
  type PathwayStage,
  type PromotedStage,
  type Requirement,
} from '../../core/training/pathway.ts';
import { auditAct } from '../audit/log.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Database } from '../db/schema.ts';
import { asSystem, inOrg, type Tx } from '../db/scope.ts';
import { requestLang } from '../http/errors.ts';
import { requireAuth, requireReadyForWork, type AuthContext } from '../http/access.ts';
import type { Kysely } from 'kysely';
import {
  coFacilitated,
  coursesCompleted,
  eventVisible,
  groupSessionInOrg,
  insertCoFacilitation,
  insertObservation,
  isCertifiedFor,
  loadRequirements,
  lockStage,
  namesOf,
  networkCourses,
  observationsOf,
  organisationNames,
  pathwayMembers,
  personFrom,
  promotionsOf,
  recordPromotion,
  saveRequirements,
  stagesOf,
  type Facts,
  type Member,
} from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const PersonParams = z.object({ orgId: z.uuid(), userId: z.uuid() });
const Stage = z.enum(PATHWAY_STAGES);

const Course = z.object({ id: z.string(), title: z.string(), orgId: z.string(), orgName: z.string() });
const RequirementsOut = z.object({
  requirements: PathwayRequirements,
  /** null: never saved; the defaults shown apply. */
  version: z.number().nullable(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  /** The network's courses, for the picker (every organisation reads every course). */
  courses: z.array(Course),
});

/** One requirement of the next stage, met or missing, in the words a page needs. */
const RequirementOut = z.object({
  kind: z.enum(['course', 'co_facilitated_sessions', 'observed_session']),
  met: z.boolean(),
  courseId: z.string().optional(),
  courseTitle: z.string().optional(),
  required: z.number().optional(),
  have: z.number().optional(),
  minMeanScore: z.number().optional(),
  best: z.number().nullable().optional(),
});
const PersonSummary = z.object({
  userId: z.string(),
  name: z.string(),
  username: z.string(),
  roles: z.array(z.string()),
  active: z.boolean(),
  stage: Stage,
  since: z.string().nullable(),
  nextStage: Stage.nullable(),
  requirements: z.array(RequirementOut),
  missingCount: z.number(),
});
const Reason = z.object({ code: z.string(), message: z.string() });
const PersonDetail = PersonSummary.extend({
  /** Each counted course with the organisation that issued its certificate (this one, the course's owner or the hub). */
  coursesCompleted: z.array(z.object({ courseId: z.string(), title: z.string(), issuedAt: z.string(), issuedByOrgId: z.string(), issuedByOrgName: z.string() })),
  coFacilitations: z.array(z.object({ kind: z.enum(['group_session', 'event']), id: z.string(), at: z.string(), title: z.string().nullable() })),
  observations: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      observerId: z.string(),
      observerName: z.string(),
      observerWasCertified: z.boolean(),
      /** Whether it counts towards an observed-session requirement (core `progress`). */
      counts: z.boolean(),
      meanScore: z.number().nullable(),
      scores: z.record(z.string(), z.number()),
      eventId: z.string().nullable(),
      eventTitle: z.string().nullable(),
      groupSessionId: z.string().nullable(),
      sessionDescription: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  promotions: z.array(z.object({ id: z.string(), from: Stage, to: Stage, approvedBy: z.string(), approvedByName: z.string(), approvedAt: z.string() })),
  /** For an assessor: whether they may promote the person to the next stage now, and every reason why not. Null on one's own page. */
  promotion: z.object({ to: Stage.nullable(), allowed: z.boolean(), reasons: z.array(Reason) }).nullable(),
});
const EventChoice = z.object({ id: z.string(), title: z.string(), firstDay: z.string(), lastDay: z.string(), orgName: z.string() });
const Created = z.object({ id: z.string() });
const ErrorWithReasons = z.object({ statusCode: z.number(), code: z.string(), message: z.string(), field: z.string().optional(), reasons: z.array(Reason).optional() });

type PersonDetail = z.infer<typeof PersonDetail>;
type RequirementOut = z.infer<typeof RequirementOut>;

/** A refused promotion, with its reasons in the request's language (answered as 409 with `reasons`). */
class PromotionRefused extends Error {
  constructor(readonly reasons: { code: ErrorCode; message: string }[]) {
    super('PATHWAY_PROMOTION_REFUSED');
  }
}

function isAdminIn(auth: AuthContext, orgId: string): boolean {
  return auth.memberships.some((m) => m.orgId === orgId && m.role === 'admin');
}

function requirementOut(r: Requirement, met: boolean, titles: Map<string, string>): RequirementOut {
  if (r.kind === 'course') return { kind: r.kind, met, courseId: r.courseId, courseTitle: titles.get(r.courseId) ?? r.courseId };
  if (r.kind === 'co_facilitated_sessions') return { kind: r.kind, met, required: r.required, have: r.have };
  return { kind: r.kind, met, minMeanScore: r.minMeanScore, best: r.best === null ? null : roundScore(r.best) };
}

/**
 * The settings and every fact the pathway counts, for some of the organisation's people. Courses
 * come from certificates issued by this organisation, the course's owner or the hub, read as the
 * system (store.ts says why); the rest is read in the organisation's own scope.
 */
async function readFacts(db: Kysely<Database>, crypto: Crypto, orgId: string, userIds: readonly string[]) {
  const courses = await asSystem(db, (system) => coursesCompleted(system, orgId, userIds));
  return inOrg(db, orgId, async (tx) => {
    const settings = await loadRequirements(tx, orgId);
    const facts: Facts = {
      stages: await stagesOf(tx, orgId, userIds),
      courses,
      coFacilitations: await coFacilitated(tx, orgId, userIds),
      observations: await observationsOf(tx, crypto, orgId, userIds),
    };
    const wanted = new Set([...Object.values(settings.requirements).flatMap((s) => s.coursesRequired), ...[...courses.values()].flat().map((c) => c.courseId)]);
    const titles = new Map((await networkCourses(tx, [...wanted])).map((c) => [c.id, c.title]));
    return { settings, facts, titles };
  });
}

type Read = Awaited<ReturnType<typeof readFacts>>;

function summaryOf(member: Member, read: Read): z.infer<typeof PersonSummary> {
  const person = personFrom(member.userId, read.facts);
  const p = progress(person, read.settings.requirements);
  return {
    userId: member.userId,
    name: member.displayName ?? member.username,
    username: member.username,
    roles: member.roles,
    active: member.active,
    stage: p.stage,
    since: read.facts.stages.get(member.userId)?.since ?? null,
    nextStage: p.nextStage,
    // "0 co-facilitated sessions needed" is no requirement to show.
    requirements: [...p.met.map((r) => requirementOut(r, true, read.titles)), ...p.missing.map((r) => requirementOut(r, false, read.titles))].filter((r) => !(r.kind === 'co_facilitated_sessions' && r.required === 0)),
    missingCount: p.missing.length,
  };
}

/** The reasons in the request's language. */
function reasonsFor(req: FastifyRequest, reasons: ReturnType<typeof explainRefusals>) {
  const lang = requestLang(req);
  // Scores as the language writes them: 3,5 in Vietnamese, 3.5 in English.
  const score = (x: number) => (lang === 'vi' ? String(x).replace('.', ',') : String(x));
  return reasons.map((r) => {
    const params: Record<string, string | number> = { ...r.params };
    for (const key of ['min', 'best'] as const) if (typeof params[key] === 'number') params[key] = score(params[key]);
    return { code: r.code, message: renderError(r.code, lang, params) };
  });
}

/**
 * The train-the-trainer pathway (issue #7 §3, docs/pathway.md). Admins set what each stage
 * requires; trainers and admins follow the organisation's people, record observed sessions and
 * co-facilitations at events, and approve promotions (core `mayPromote`); everyone reads their
 * own progress. Every write is audited in the organisation's chain.
 */
export const pathwayRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;

  async function requireMember(orgId: string, userId: string): Promise<Member> {
    const [member] = await inOrg(db.kysely, orgId, (tx) => pathwayMembers(tx, crypto, orgId, userId));
    if (!member) throw new Problem('PATHWAY_PERSON_NOT_FOUND');
    return member;
  }

  /** Whether `userId` counts as a certified trainer in `orgId`: certified there or in the hub (the hub's stages: as the system). */
  const certified = (userId: string, orgId: string) => asSystem(db.kysely, (system) => isCertifiedFor(system, userId, orgId));

  async function settingsIn(tx: Tx, orgId: string) {
    const s = await loadRequirements(tx, orgId);
    const names = s.updatedBy ? await namesOf(tx, crypto, [s.updatedBy]) : new Map<string, string>();
    return { requirements: s.requirements, version: s.version, updatedAt: s.updatedAt, updatedByName: s.updatedBy ? (names.get(s.updatedBy) ?? null) : null, courses: await networkCourses(tx) };
  }

  /** Each course with its organisation's name, read after the organisation's transaction (store.ts says why). */
  async function settingsOut(settings: Awaited<ReturnType<typeof settingsIn>>): Promise<z.infer<typeof RequirementsOut>> {
    const names = await asSystem(db.kysely, (system) => organisationNames(system, settings.courses.map((c) => c.orgId)));
    return { ...settings, courses: settings.courses.map((c) => ({ ...c, orgName: names.get(c.orgId) ?? '—' })) };
  }

  async function detail(req: FastifyRequest, orgId: string, member: Member, viewer: AuthContext | null): Promise<PersonDetail> {
    const read = await readFacts(db.kysely, crypto, orgId, [member.userId]);
    const person = personFrom(member.userId, read.facts);
    const observations = read.facts.observations.get(member.userId) ?? [];
    let promotion: PersonDetail['promotion'] = null;
    if (viewer) {
      const to = person.stage === 'certified_trainer' ? person.stage : (PATHWAY_STAGES[PATHWAY_STAGES.indexOf(person.stage) + 1] as PathwayStage);
      const approver = { personId: viewer.userId, stage: ((await certified(viewer.userId, orgId)) ? 'certified_trainer' : 'participant') as PathwayStage, isAdmin: isAdminIn(viewer, orgId) };
      const decision = mayPromote(person, read.settings.requirements, approver, to);
      const reasons = decision.ok ? [] : reasonsFor(req, explainRefusals(decision.reasons, (id) => read.titles.get(id) ?? id));
      promotion = { to: person.stage === 'certified_trainer' ? null : to, allowed: decision.ok, reasons };
    }
    const completed = read.facts.courses.get(member.userId) ?? [];
    const issuers = await asSystem(db.kysely, (system) => organisationNames(system, completed.map((c) => c.issuedByOrgId)));
    return inOrg(db.kysely, orgId, async (tx) => {
      const promotions = await promotionsOf(tx, orgId, member.userId);
      const names = await namesOf(tx, crypto, [...observations.map((o) => o.observerId), ...promotions.map((p) => p.approvedBy)]);
      return {
        ...summaryOf(member, read),
        coursesCompleted: completed.map((c) => ({ ...c, title: read.titles.get(c.courseId) ?? c.courseId, issuedByOrgName: issuers.get(c.issuedByOrgId) ?? '—' })),
        coFacilitations: read.facts.coFacilitations.get(member.userId) ?? [],
        observations: observations.map((o) => {
          const mean = observationScore(o.scores);
          return {
            id: o.id,
            at: o.at,
            observerId: o.observerId,
            observerName: names.get(o.observerId) ?? '—',
            observerWasCertified: o.observerWasCertifiedTrainer,
            counts: o.observerWasCertifiedTrainer && o.observerId !== member.userId && mean !== null,
            meanScore: mean === null ? null : roundScore(mean),
            scores: { ...o.scores },
            eventId: o.eventId,
            eventTitle: o.eventTitle,
            groupSessionId: o.groupSessionId,
            sessionDescription: o.sessionDescription,
            note: o.note,
          };
        }),
        promotions: promotions.map((p) => ({ ...p, approvedByName: names.get(p.approvedBy) ?? '—' })),
        promotion,
      };
    });
  }

  // --- settings (admins) ------------------------------------------------------------------------

  app.get(
    '/api/organisations/:orgId/pathway/requirements',
    { config: { access: 'pathway.manage' }, schema: { tags: ['pathway'], summary: 'What each stage of the pathway requires (the defaults until an admin saves), with the network’s courses to pick from.', params: OrgParams, response: { 200: RequirementsOut } } },
    async (req) => settingsOut(await inOrg(db.kysely, req.params.orgId, (tx) => settingsIn(tx, req.params.orgId))),
  );

  app.put(
    '/api/organisations/:orgId/pathway/requirements',
    {
      config: { access: 'pathway.manage' },
      // Validation errors are turned into the pathway's own messages (which field, what range).
      attachValidation: true,
      schema: {
        tags: ['pathway'],
        summary: 'Set what each stage requires: courses (from the network’s), co-facilitated sessions, an observed session and its minimum mean score (1–5). `version` is the one edited (null the first time); a save in between is refused.',
        params: OrgParams,
        body: RequirementsInput,
        response: { 200: RequirementsOut },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      if (req.validationError) throw requirementsProblem(req.validationError);
      const { requirements, version } = req.body;
      const saved = await inOrg(db.kysely, orgId, async (tx) => {
        for (const stage of PATHWAY_STAGES.slice(1) as PromotedStage[]) {
          const ids = requirements[stage].coursesRequired;
          if ((await networkCourses(tx, ids)).length !== ids.length) throw new Problem('PATHWAY_COURSE_UNKNOWN', {}, `requirements.${stage}.coursesRequired`);
        }
        await saveRequirements(tx, orgId, auth.userId, requirements, version);
        await auditAct(tx, auth, orgId, 'pathway.requirements.set', 'pathway_requirements', null);
        return settingsIn(tx, orgId);
      });
      return settingsOut(saved);
    },
  );

  // --- people (trainers and admins) -------------------------------------------------------------

  app.get(
    '/api/organisations/:orgId/pathway/people',
    { config: { access: 'pathway.assess' }, schema: { tags: ['pathway'], summary: 'The organisation’s people on the pathway, each with their stage and what the next one still needs.', params: OrgParams, response: { 200: z.array(PersonSummary) } } },
    async (req) => {
      const { orgId } = req.params;
      const members = await inOrg(db.kysely, orgId, (tx) => pathwayMembers(tx, crypto, orgId));
      const read = await readFacts(db.kysely, crypto, orgId, members.map((m) => m.userId));
      return members.map((m) => summaryOf(m, read));
    },
  );

  app.get(
    '/api/organisations/:orgId/pathway/people/:userId',
    { config: { access: 'pathway.assess' }, schema: { tags: ['pathway'], summary: 'One person’s progress and history, and whether you may promote them now (every reason if not).', params: PersonParams, response: { 200: PersonDetail } } },
    async (req) => {
      const auth = requireAuth(req);
      const member = await requireMember(req.params.orgId, req.params.userId);
      return detail(req, req.params.orgId, member, auth);
    },
  );

  app.get(
    '/api/organisations/:orgId/pathway/events',
    { config: { access: 'pathway.assess' }, schema: { tags: ['pathway'], summary: 'Events to name in an observation or a co-facilitation: the organisation’s own and those published in the network, latest first.', params: OrgParams, response: { 200: z.array(EventChoice) } } },
    async (req) => {
      const rows = await inOrg(db.kysely, req.params.orgId, (tx) =>
        tx.selectFrom('events').select(['id', 'org_id', 'title', 'first_day', 'last_day']).where('status', '!=', 'cancelled').orderBy('first_day', 'desc').limit(200).execute(),
      );
      const names = await asSystem(db.kysely, (system) => organisationNames(system, rows.map((r) => r.org_id)));
      const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));
      return rows.map((r) => ({ id: r.id, title: r.title, firstDay: day(r.first_day), lastDay: day(r.last_day), orgName: names.get(r.org_id) ?? '—' }));
    },
  );

  app.post(
    '/api/organisations/:orgId/pathway/people/:userId/observations',
    {
      config: { access: 'pathway.assess' },
      schema: {
        tags: ['pathway'],
        summary: 'Record a session you observed, scored on the rubric (1–5 per item). It counts towards an observed-session requirement when you are a certified trainer (stored as you are now).',
        params: PersonParams,
        body: ObservationInput,
        response: { 201: Created },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId, userId } = req.params;
      if (userId === auth.userId) throw new Problem('PATHWAY_SELF_RECORD');
      // A day ahead at most: the phone's clock and zone may differ from the server's.
      if (Date.parse(req.body.at) > Date.now() + 86_400_000) throw new Problem('PATHWAY_OBSERVED_LATER', {}, 'at');
      await requireMember(orgId, userId);
      const observerCertified = await certified(auth.userId, orgId);
      const id = await inOrg(db.kysely, orgId, async (tx) => {
        const o = req.body;
        if (o.eventId && !(await eventVisible(tx, o.eventId))) throw new Problem('PATHWAY_EVENT_NOT_FOUND', {}, 'eventId');
        if (o.groupSessionId && !(await groupSessionInOrg(tx, orgId, o.groupSessionId))) throw new Problem('PATHWAY_GROUP_SESSION_NOT_FOUND', {}, 'groupSessionId');
        const id = await insertObservation(tx, crypto, orgId, userId, auth.userId, observerCertified, o);
        await auditAct(tx, auth, orgId, 'pathway.observe', 'pathway_observation', id);
        return id;
      });
      return reply.code(201).send({ id });
    },
  );

  app.post(
    '/api/organisations/:orgId/pathway/people/:userId/co-facilitations',
    {
      config: { access: 'pathway.assess' },
      schema: { tags: ['pathway'], summary: 'Record that the person co-facilitated a training event (once per event).', params: PersonParams, body: CoFacilitationInput, response: { 201: Created } },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId, userId } = req.params;
      if (userId === auth.userId) throw new Problem('PATHWAY_SELF_RECORD');
      await requireMember(orgId, userId);
      const id = await inOrg(db.kysely, orgId, async (tx) => {
        if (!(await eventVisible(tx, req.body.eventId))) throw new Problem('PATHWAY_EVENT_NOT_FOUND', {}, 'eventId');
        const id = await insertCoFacilitation(tx, crypto, orgId, userId, auth.userId, req.body);
        await auditAct(tx, auth, orgId, 'pathway.co_facilitation', 'pathway_co_facilitation', id);
        return id;
      });
      return reply.code(201).send({ id });
    },
  );

  app.post(
    '/api/organisations/:orgId/pathway/people/:userId/promotions',
    {
      config: { access: 'pathway.assess' },
      schema: {
        tags: ['pathway'],
        summary: 'Promote the person to the next stage, approved by you. `from` is the stage you saw: if it moved meanwhile the promotion is refused. A refusal (409) lists every reason in `reasons`.',
        params: PersonParams,
        body: PromotionRequest,
        response: { 200: PersonDetail, 409: ErrorWithReasons },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId, userId } = req.params;
      const member = await requireMember(orgId, userId);
      // Read before the writing transaction: whether the approver is certified here or in the hub,
      // and the person's courses (certificates of other organisations). Both only ever grow.
      const approverCertified = await certified(auth.userId, orgId);
      const courses = await asSystem(db.kysely, (system) => coursesCompleted(system, orgId, [userId]));
      try {
        await inOrg(db.kysely, orgId, async (tx) => {
          const current = await lockStage(tx, orgId, userId);
          if (current.stage !== req.body.from) throw new Problem('PATHWAY_STAGE_CHANGED');
          const settings = await loadRequirements(tx, orgId);
          const facts: Facts = {
            stages: new Map([[userId, current]]),
            courses,
            coFacilitations: await coFacilitated(tx, orgId, [userId]),
            observations: await observationsOf(tx, crypto, orgId, [userId]),
          };
          const approver = { personId: auth.userId, stage: (approverCertified ? 'certified_trainer' : 'participant') as PathwayStage, isAdmin: isAdminIn(auth, orgId) };
          const decision = mayPromote(personFrom(userId, facts), settings.requirements, approver, req.body.to);
          if (!decision.ok) {
            const required = Object.values(settings.requirements).flatMap((s) => s.coursesRequired);
            const titles = new Map((await networkCourses(tx, required)).map((c) => [c.id, c.title]));
            throw new PromotionRefused(reasonsFor(req, explainRefusals(decision.reasons, (id) => titles.get(id) ?? id)) as { code: ErrorCode; message: string }[]);
          }
          const p = await recordPromotion(tx, orgId, userId, decision.from, decision.to, auth.userId);
          await auditAct(tx, auth, orgId, 'pathway.promote', 'pathway_promotion', p.id);
        });
      } catch (err) {
        if (!(err instanceof PromotionRefused)) throw err;
        const lang = requestLang(req);
        const message = renderError('PATHWAY_PROMOTION_REFUSED', lang, { reasons: err.reasons.map((r) => r.message).join(' ') });
        return reply.code(409).send({ statusCode: 409, code: 'PATHWAY_PROMOTION_REFUSED', message, reasons: err.reasons });
      }
      return reply.code(200).send(await detail(req, orgId, member, auth));
    },
  );

  // --- one's own --------------------------------------------------------------------------------

  app.get(
    '/api/organisations/:orgId/pathway/me',
    { config: { access: 'authenticated' }, schema: { tags: ['pathway'], summary: 'Your own progress on the pathway of an organisation you belong to.', params: OrgParams, response: { 200: PersonDetail } } },
    async (req) => {
      const auth = requireAuth(req);
      // No permission to name (anyone on the pathway reads their own), but the same gates as one.
      requireReadyForWork(auth, app.ctx.config.requireAdminTotp);
      const { orgId } = req.params;
      // Another organisation's pathway: refused as every route naming an organisation one does not belong to.
      if (!auth.memberships.some((m) => m.orgId === orgId)) throw new Problem('FORBIDDEN');
      const member = await requireMember(orgId, auth.userId);
      return detail(req, orgId, member, null);
    },
  );
};

/** The pathway's own message for a settings field out of range; anything else as the usual VALIDATION. */
function requirementsProblem(err: Error & { validation: Array<{ instancePath?: string }> }): Error {
  const path = err.validation[0]?.instancePath?.split('/').filter(Boolean) ?? [];
  const field = path.join('.');
  const i = path.indexOf('coursesRequired');
  if (path.includes('minMeanScore') || (path.at(-1) === 'observedSession' && path.length === 3)) return new Problem('PATHWAY_SCORE_RANGE', {}, field);
  if (path.at(-1) === 'minCoFacilitatedSessions') return new Problem('PATHWAY_SESSIONS_RANGE', {}, field);
  if (i >= 0) return new Problem('PATHWAY_COURSES_INVALID', {}, path.slice(0, i + 1).join('.'));
  return err;
}
