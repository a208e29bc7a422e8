import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { can } from '../../core/auth/roles.ts';
import { contactTimeProblem } from '../../core/contacts/schema.ts';
import { Problem } from '../../core/errors/outcome.ts';
import {
  checkTransition,
  dayIn,
  deriveStatus,
  mayRecord,
  needsAction,
  normaliseReferralCode,
  REFERRAL_STATUSES,
  ReferralOutcome,
  referralIndicators,
  sortByUrgency,
  type ReferralEventKind,
  type ReferralService,
  type ReferralStatus,
  type ReferralUrgency,
} from '../../core/referrals/index.ts';
import { PullResponse } from '../../core/sync/protocol.ts';
import { appendAudit } from '../audit/log.ts';
import type { Crypto } from '../db/crypto.ts';
import type { ReferralEventsTable, ReferralsTable } from '../db/schema.ts';
import { asSystem, inOrg, type Tx } from '../db/scope.ts';
import { actingRole, requireAuth } from '../http/access.ts';
import { lockVersion, setVersion } from '../sync/versions.ts';
import { ruleField } from './apply.ts';
import { appendReferralEvent, dateOnly, eventOut, loadEvents, openSnapshot, orgToday, referralOut, sweepLostReferrals } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const ReferralParams = z.object({ orgId: z.uuid(), id: z.uuid() });

const ACTION_REASONS = ['lost', 'declined', 'no_show', 'overdue'] as const;

/** A referral the organisation made, as its web pages see it: the pulled shape, plus why it needs action and the provider's name. */
const MadeReferral = PullResponse.shape.referrals.unwrap().element.extend({ needsAction: z.enum(ACTION_REASONS).nullable(), providerName: z.string() });
const MadeQuery = z.strictObject({
  /** 1: only those needing action today (lost, declined, no-show, overdue), most urgent first. */
  needsAction: z.enum(['0', '1']).optional(),
  status: z.enum(REFERRAL_STATUSES).optional(),
  clientId: z.uuid().optional(),
});

/**
 * A referral as the receiving provider sees it: the code (never the client's UIC), what is asked
 * and by when, and the events, whose notes it sees when it wrote them or when the client agreed to
 * share notes. No client id, nothing from the client's record.
 */
const ReceivedReferral = z.object({
  id: z.string(),
  code: z.string(),
  fromOrgId: z.string(),
  fromOrgName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  service: z.string(),
  urgency: z.string(),
  dueOn: z.string(),
  at: z.string(),
  status: z.string(),
  /** The fields the client agreed to share (their content is in the audited detail). */
  share: z.array(z.string()),
  events: z.array(z.object({ id: z.string(), event: z.string(), at: z.string(), note: z.string().nullable(), outcome: z.string().nullable(), byOrgId: z.string() })),
});
const SharedSnapshot = z.object({
  reason: z.string().optional(),
  screenings: z.array(z.object({ instrumentId: z.string(), at: z.string(), total: z.number().nullable(), band: z.string().nullable(), flags: z.array(z.string()) })).optional(),
  notes: z.array(z.string()).optional(),
});
const ReceivedDetail = ReceivedReferral.extend({ shared: SharedSnapshot });
const ReceivedQuery = z.strictObject({ status: z.enum(REFERRAL_STATUSES).optional() });
const ReceiverEvent = z.strictObject({
  eventId: z.uuid(),
  event: z.enum(['accept', 'decline', 'attend', 'no_show', 'complete']),
  at: z.iso.datetime({ offset: true }),
  note: z.string().trim().max(2000).nullable().default(null),
  outcome: ReferralOutcome.nullable().default(null),
});
const Counts = z.object({
  made: z.number(),
  cancelled: z.number(),
  attended: z.number(),
  completed: z.number(),
  lost: z.number(),
  completionRate: z.number().nullable(),
  medianDaysToAttendance: z.number().nullable(),
});
const IndicatorsQuery = z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() });
const IndicatorsOut = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  all: Counts,
  byProvider: z.record(z.string(), Counts),
  byService: z.record(z.string(), Counts),
  byUrgency: z.record(z.string(), Counts),
  byOrganisation: z.record(z.string(), Counts),
  /** Provider id → name, for the providers in byProvider. */
  providerNames: z.record(z.string(), z.string()),
});
const CodeParams = z.object({ code: z.string().max(20) });
const FoundByCode = ReceivedReferral.extend({ orgId: z.string() });

type ReferralRow = Selectable<ReferralsTable>;
type EventRow = Selectable<ReferralEventsTable>;

async function providerNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('providers').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((p) => [p.id, p.name]));
}

function receivedOut(crypto: Crypto, orgId: string, r: ReferralRow, events: readonly EventRow[], providerName: string, fromOrgName: string): z.infer<typeof ReceivedReferral> {
  const notesShared = r.share.includes('notes');
  return {
    id: r.id,
    code: r.code,
    fromOrgId: r.from_org_id,
    fromOrgName,
    providerId: r.provider_id,
    providerName,
    service: r.service,
    urgency: r.urgency,
    dueOn: dateOnly(r.due_on),
    at: new Date(r.at).toISOString(),
    status: r.status,
    share: r.share,
    events: events.map((e) => {
      const out = eventOut(crypto, e);
      return e.by_org_id === orgId || notesShared ? out : { ...out, note: null };
    }),
  };
}

/** The columns a receiver's query may read: never reason_enc or client_id. */
const RECEIVED_COLUMNS = ['id', 'code', 'from_org_id', 'provider_id', 'to_org_id', 'service', 'urgency', 'due_on', 'at', 'status', 'share', 'shared_enc'] as const;

/**
 * Referrals (issue #5). The referring side: its list (with "needing action") and one referral,
 * and the programme's numbers. The receiving side (the provider portal, for clinicians of an
 * in-network provider): referrals sent to their organisation with only what the client consented
 * to share, the audited detail, their events (same lifecycle rules and event table as the
 * mutations; the referrer's devices get them at their next pull), and lookup by the code on a slip.
 */
export const referralRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;

  // --- the referring organisation ---------------------------------------------------------------

  async function madeList(tx: Tx, orgId: string, rows: ReferralRow[]): Promise<z.infer<typeof MadeReferral>[]> {
    const today = await orgToday(tx, orgId);
    const [events, names] = [await loadEvents(tx, rows.map((r) => r.id)), await providerNames(tx, rows.map((r) => r.provider_id))];
    return rows.map((r) => ({
      ...referralOut(crypto, r, events.get(r.id) ?? []),
      needsAction: needsAction({ status: r.status as ReferralStatus, urgency: r.urgency as ReferralUrgency, dueOn: dateOnly(r.due_on) }, today),
      providerName: names.get(r.provider_id) ?? '',
    }));
  }

  app.get(
    '/api/organisations/:orgId/referrals',
    {
      config: { access: 'referral.make' },
      schema: {
        tags: ['referrals'],
        summary: 'Referrals the organisation made (every worker follows the team’s), newest first; needsAction=1: those needing action, most urgent first. The read is audited.',
        params: OrgParams,
        querystring: MadeQuery,
        response: { 200: z.array(MadeReferral) },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        await sweepLostReferrals(tx, crypto, orgId);
        let q = tx.selectFrom('referrals').selectAll().where('from_org_id', '=', orgId);
        if (req.query.status) q = q.where('status', '=', req.query.status);
        if (req.query.clientId) q = q.where('client_id', '=', req.query.clientId);
        const rows = await q.orderBy('at', 'desc').orderBy('id').limit(1000).execute();
        let list = await madeList(tx, orgId, rows);
        if (req.query.needsAction === '1') list = sortByUrgency(list.filter((r) => r.needsAction !== null) as (typeof list[number] & { urgency: ReferralUrgency })[]);
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'referral.list', entity: 'referrals', entityId: null });
        return list;
      });
    },
  );

  app.get(
    '/api/organisations/:orgId/referrals/:id',
    { config: { access: 'referral.make' }, schema: { tags: ['referrals'], summary: 'One referral the organisation made, with its events (the read is audited).', params: ReferralParams, response: { 200: MadeReferral } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, id } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        await sweepLostReferrals(tx, crypto, orgId);
        const row = await tx.selectFrom('referrals').selectAll().where('from_org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
        if (!row) throw new Problem('REFERRAL_NOT_FOUND');
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'referral.read', entity: 'referral', entityId: id });
        return (await madeList(tx, orgId, [row]))[0]!;
      });
    },
  );

  app.get(
    '/api/organisations/:orgId/referrals/indicators',
    {
      config: { access: 'referral.make' },
      schema: {
        tags: ['referrals'],
        summary: 'The organisation’s referral numbers for a period (by the day referrals were made): made, cancelled, attended, completed, lost, completion rate, median days to attendance; overall and by provider, service and urgency. Aggregates only.',
        params: OrgParams,
        querystring: IndicatorsQuery,
        response: { 200: IndicatorsOut },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        await sweepLostReferrals(tx, crypto, orgId);
        const org = await tx.selectFrom('organisations').select('time_zone').where('id', '=', orgId).executeTakeFirst();
        const timeZone = org?.time_zone ?? 'Asia/Ho_Chi_Minh';
        // Only what the indicators read: no client, reason or note leaves the database here.
        const rows = await tx.selectFrom('referrals').select(['id', 'status', 'urgency', 'provider_id', 'service', 'from_org_id', 'at']).where('from_org_id', '=', orgId).orderBy('at').execute();
        const inPeriod = rows.filter((r) => {
          const day = dayIn(new Date(r.at), timeZone);
          return (!req.query.from || day >= req.query.from) && (!req.query.to || day <= req.query.to);
        });
        const events = await tx.selectFrom('referral_events').select(['referral_id', 'event', 'at']).where('from_org_id', '=', orgId).orderBy('seq').execute();
        const byReferral = new Map<string, { event: ReferralEventKind; at: string }[]>();
        for (const e of events) (byReferral.get(e.referral_id) ?? byReferral.set(e.referral_id, []).get(e.referral_id)!).push({ event: e.event as ReferralEventKind, at: new Date(e.at).toISOString() });
        const indicators = referralIndicators(
          inPeriod.map((r) => ({
            status: r.status as ReferralStatus,
            urgency: r.urgency as ReferralUrgency,
            providerId: r.provider_id,
            service: r.service as ReferralService,
            orgId: r.from_org_id,
            createdAt: new Date(r.at).toISOString(),
            events: byReferral.get(r.id) ?? [],
          })),
          { timeZone },
        );
        const names = await providerNames(tx, Object.keys(indicators.byProvider));
        return { ...indicators, providerNames: Object.fromEntries(names), from: req.query.from ?? null, to: req.query.to ?? null };
      });
    },
  );

  // --- the receiving provider (portal) -----------------------------------------------------------

  /**
   * The names of the referring organisations, read as the system: the receiver's row security
   * shows it only its own organisation, and a clinic needs to know who sent the person.
   */
  async function named<T extends { fromOrgId: string; fromOrgName: string }>(list: T[]): Promise<T[]> {
    const ids = [...new Set(list.map((r) => r.fromOrgId))];
    if (ids.length === 0) return list;
    // Outside the caller's transaction (PGlite has one connection), after it has committed.
    const rows = await asSystem(db.kysely, (tx) => tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute());
    const names = new Map(rows.map((o) => [o.id, o.name]));
    return list.map((r) => ({ ...r, fromOrgName: names.get(r.fromOrgId) ?? '' }));
  }

  /** Filled in by `named` once the transaction is over. */
  async function received(tx: Tx, orgId: string, rows: Pick<ReferralRow, (typeof RECEIVED_COLUMNS)[number]>[]) {
    const [events, names] = [await loadEvents(tx, rows.map((r) => r.id)), await providerNames(tx, rows.map((r) => r.provider_id))];
    return rows.map((r) => receivedOut(crypto, orgId, r as ReferralRow, events.get(r.id) ?? [], names.get(r.provider_id) ?? '', ''));
  }

  app.get(
    '/api/organisations/:orgId/referrals/received',
    {
      config: { access: 'referral.receive' },
      schema: { tags: ['referrals'], summary: 'Referrals sent to this organisation: code, service, urgency, due date, status; no client data (open one for the shared fields).', params: OrgParams, querystring: ReceivedQuery, response: { 200: z.array(ReceivedReferral) } },
    },
    async (req) => {
      const { orgId } = req.params;
      const list = await inOrg(db.kysely, orgId, async (tx) => {
        let q = tx.selectFrom('referrals').select(RECEIVED_COLUMNS).where('to_org_id', '=', orgId);
        if (req.query.status) q = q.where('status', '=', req.query.status);
        const rows = await q.orderBy('at', 'desc').orderBy('id').limit(1000).execute();
        return sortByUrgency((await received(tx, orgId, rows)) as (z.infer<typeof ReceivedReferral> & { urgency: ReferralUrgency })[]);
      });
      return named(list);
    },
  );

  app.get(
    '/api/organisations/:orgId/referrals/received/:id',
    {
      config: { access: 'referral.receive' },
      schema: { tags: ['referrals'], summary: 'A referral sent to this organisation, with what the client agreed to share (the read of referred client data is audited).', params: ReferralParams, response: { 200: ReceivedDetail } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, id } = req.params;
      const one = await inOrg(db.kysely, orgId, async (tx) => {
        const row = await tx.selectFrom('referrals').select(RECEIVED_COLUMNS).where('to_org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
        if (!row) throw new Problem('REFERRAL_NOT_FOUND');
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'referral.read_received', entity: 'referral', entityId: id });
        return { ...(await received(tx, orgId, [row]))[0]!, shared: openSnapshot(crypto, row.shared_enc) };
      });
      return (await named([one]))[0]!;
    },
  );

  app.post(
    '/api/organisations/:orgId/referrals/received/:id/events',
    {
      config: { access: 'referral.receive' },
      schema: {
        tags: ['referrals'],
        summary: 'Record what happened: accept, decline (with a reason), attend, no_show, complete (with an outcome). Same lifecycle as the referrer’s; sending the same eventId again changes nothing.',
        params: ReferralParams,
        body: ReceiverEvent,
        response: { 200: ReceivedReferral },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, id } = req.params;
      const e = req.body;
      if (contactTimeProblem(e.at, new Date())) throw new Problem('CONTACT_TIME_INVALID', {}, 'at');
      // As the system: the event moves the referring organisation's counter (its devices pull the
      // referral), which the receiver's row security rightly hides. Every query names to_org_id.
      const after = await asSystem(db.kysely, async (tx) => {
        const referral = await tx.selectFrom('referrals').select(RECEIVED_COLUMNS).where('to_org_id', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!referral) throw new Problem('REFERRAL_NOT_FOUND');
        const same = await tx.selectFrom('referral_events').select(['referral_id']).where('id', '=', e.eventId).executeTakeFirst();
        if (same && same.referral_id !== id) throw new Problem('ALREADY_RECORDED', {}, 'eventId');
        if (!same) {
          if (!mayRecord(e.event, { actor: 'receiver', providerInNetwork: true })) throw new Problem('REFERRAL_EVENT_NOT_YOURS', {}, 'event');
          const events = await tx.selectFrom('referral_events').select('event').where('referral_id', '=', id).orderBy('seq').execute();
          const { status } = deriveStatus(events.map((x) => ({ event: x.event as ReferralEventKind })));
          const problem = checkTransition(status, e.event, { note: e.note, outcome: e.outcome });
          if (problem) throw new Problem(problem.code, {}, ruleField(problem));
          const version = (await lockVersion(tx, referral.from_org_id)) + 1;
          await appendReferralEvent(tx, crypto, referral, { id: e.eventId, event: e.event, at: e.at, note: e.note, outcome: e.outcome, byUser: auth.userId, byOrgId: orgId }, version);
          await setVersion(tx, referral.from_org_id, version);
          await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: `referral.${e.event}`, entity: 'referral', entityId: id });
        }
        const row = await tx.selectFrom('referrals').select(RECEIVED_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();
        return (await received(tx, orgId, [row]))[0]!;
      });
      return (await named([after]))[0]!;
    },
  );

  app.get(
    '/api/referrals/by-code/:code',
    {
      config: { access: 'referral.receive' },
      schema: {
        tags: ['referrals'],
        summary: 'Find a referral sent to your organisation by the code on a slip (typed with spaces, lower case or look-alike letters is fine). Codes of other organisations’ referrals are not found.',
        params: CodeParams,
        response: { 200: FoundByCode },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const code = normaliseReferralCode(req.params.code);
      if (!code) throw new Problem('REFERRAL_NOT_FOUND');
      const orgs = [...new Set(auth.memberships.map((m) => m.orgId))].filter((o) => can(auth.memberships, 'referral.receive', o));
      for (const orgId of orgs) {
        const found = await inOrg(db.kysely, orgId, async (tx) => {
          const row = await tx.selectFrom('referrals').select(RECEIVED_COLUMNS).where('to_org_id', '=', orgId).where('code', '=', code).executeTakeFirst();
          return row ? { ...(await received(tx, orgId, [row]))[0]!, orgId } : null;
        });
        if (found) return (await named([found]))[0]!;
      }
      throw new Problem('REFERRAL_NOT_FOUND');
    },
  );
};
