import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../core/errors/outcome.ts';
import {
  AttendanceOut,
  CheckInOut,
  CheckInRequest,
  Confirmation,
  EventSummary,
  EventVersion,
  LinkRegistration,
  NetworkOrganisation,
  NewEvent,
  OrganiserEvent,
  PublicEvent,
  PublicEventSummary,
  PublicEventsQuery,
  REGISTRATION_CONSENT_VERSION,
  RegistrationCreated,
  RegistrationOut,
  RegistrationWithCode,
  SaveEvent,
} from '../../core/training/event-api.ts';
import { checkIn, normaliseRegistrationCode, PublicRegistration, Registration, type Event } from '../../core/training/events.ts';
import type { PublicAction } from '../../core/training/public-limits.ts';
import { appendAudit } from '../audit/log.ts';
import { asSystem, inOrg, type Tx } from '../db/scope.ts';
import { actingRole, requireAuth, type AuthContext } from '../http/access.ts';
import { PublicLimits } from './limits.ts';
import {
  cancelRegistration,
  changeStatus,
  confirmationOf,
  eventOf,
  findPublicEvent,
  inPublic,
  insertEvent,
  insertRegistration,
  listOrgEvents,
  listPublicEvents,
  listRegistrations,
  loadEvent,
  loadRegistration,
  markPresent,
  openDetails,
  openName,
  organiserEvent,
  presentDays,
  publicEventOf,
  registrationCodeHash,
  registrationOrg,
  registrationOut,
  reissueCode,
  updateEvent,
} from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const EventParams = z.object({ orgId: z.uuid(), eventId: z.uuid() });
const RegistrationParams = EventParams.extend({ registrationId: z.uuid() });
const PublicEventParams = z.object({ eventId: z.uuid() });
/** Any text: a malformed code gets the same answer as an unknown one. */
const CodeParams = z.object({ code: z.string() });

/**
 * Trainings and events (issue #7 §2). Organisers (training.manage) keep their events, publish
 * and cancel them, see and keep registrations (names opened, every read audited) and check people
 * in per day. The public doors need no login: the listing and the event page (published events,
 * never registrant data), the registration form (sealed at rest, limited per address) and the
 * confirmation by its code, a bearer secret the logs never see (they carry route patterns).
 */
export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;
  const limits = new PublicLimits(db.kysely, crypto);

  /** Through the public doors the actor is 'public' (with the account, when someone logged in registers themselves). */
  const audit = (tx: Tx, auth: AuthContext | null, orgId: string, action: string, entity: string, entityId: string | null) =>
    appendAudit(tx, { orgId, actorUserId: auth?.userId ?? null, actorRole: (auth && actingRole(auth, orgId)) ?? 'public', action, entity, entityId });

  /** The limit check, with Retry-After set when it refuses; answers the attempt counted (see PublicLimits.check). */
  async function limited(reply: FastifyReply, action: PublicAction, req: FastifyRequest, scope?: string): Promise<string | null> {
    try {
      return await limits.check(action, req.ip, { record: true, scope });
    } catch (err) {
      if (err instanceof Problem && typeof err.params.minutes === 'number') void reply.header('retry-after', String(err.params.minutes * 60));
      throw err;
    }
  }

  /**
   * Organisations named as organisers or partners "in the network" must be in it. Read as the
   * system, before the organiser's transaction: the network's list of organisations is not any
   * one organisation's, and row security shows each only itself.
   */
  async function checkParties(event: Event): Promise<void> {
    const ids = [...new Set([...event.organisers, ...event.partners].flatMap((p) => (p.orgId ? [p.orgId] : [])))];
    if (ids.length === 0) return;
    const found = await asSystem(db.kysely, (tx) => tx.selectFrom('organisations').select('id').where('id', 'in', ids).where('active', '=', true).execute());
    if (found.length !== ids.length) throw new Problem('EVENT_PARTY_ORG_NOT_FOUND', {}, 'organisers');
  }

  /** Usernames of linked accounts, read as the system after the organisation's transaction: a participant may work elsewhere in the network. */
  async function withUsernames(list: RegistrationOut[]): Promise<RegistrationOut[]> {
    const ids = [...new Set(list.flatMap((r) => (r.userId ? [r.userId] : [])))];
    if (ids.length === 0) return list;
    const rows = await asSystem(db.kysely, (tx) => tx.selectFrom('users').select(['id', 'username']).where('id', 'in', ids).execute());
    const names = new Map(rows.map((u) => [u.id, u.username]));
    return list.map((r) => ({ ...r, linkedUsername: r.userId ? (names.get(r.userId) ?? null) : null }));
  }

  /** Changes one registration in the organisation's transaction, then answers it as it now stands: opened, with its days present and its linked username. */
  async function changeRegistration(orgId: string, eventId: string, registrationId: string, change: (tx: Tx) => Promise<void>): Promise<RegistrationOut> {
    const out = await inOrg(db.kysely, orgId, async (tx) => {
      await change(tx);
      const days = await presentDays(tx, eventId, [registrationId]);
      return registrationOut(crypto, await loadRegistration(tx, orgId, eventId, registrationId), days.get(registrationId) ?? []);
    });
    return (await withUsernames([out]))[0]!;
  }

  /**
   * A public door by registration code: `work` runs in the organisation holding the code's hash
   * and answers its confirmation, or null. Unknown and malformed codes get the same 404; the
   * lookup counts as a miss until its code is found.
   */
  async function byCode(reply: FastifyReply, req: FastifyRequest, rawCode: string, work: (tx: Tx, orgId: string, code: string) => Promise<{ confirmation: Confirmation } | null>): Promise<Confirmation> {
    const attempt = await limited(reply, 'lookupMiss', req);
    const code = normaliseRegistrationCode(rawCode);
    const orgId = code ? await inPublic(db.kysely, (tx) => registrationOrg(tx, registrationCodeHash(crypto, code))) : null;
    const found = code && orgId ? await inOrg(db.kysely, orgId, (tx) => work(tx, orgId, code)) : null;
    if (!found) throw new Problem('EVENT_REGISTRATION_NOT_FOUND');
    // A hit: the lookup counted as a miss until now.
    await limits.release(attempt);
    return found.confirmation;
  }

  // --- organisers ---------------------------------------------------------------------------------

  app.get(
    '/api/organisations/:orgId/events',
    { config: { access: 'training.manage' }, schema: { tags: ['events'], summary: 'The organisation’s events (drafts, published, cancelled), soonest first, with registered and present counts.', params: OrgParams, response: { 200: z.array(EventSummary) } } },
    async (req) => inOrg(db.kysely, req.params.orgId, (tx) => listOrgEvents(tx, req.params.orgId)),
  );

  app.get(
    '/api/organisations/:orgId/events/network-organisations',
    {
      config: { access: 'training.manage' },
      schema: { tags: ['events'], summary: 'The network’s active organisations (id and name), to pick as organisers or partners.', params: OrgParams, response: { 200: z.array(NetworkOrganisation) } },
    },
    // As the system: the network's list of organisations (names only) belongs to no one organisation.
    async () => asSystem(db.kysely, (tx) => tx.selectFrom('organisations').select(['id', 'name']).where('active', '=', true).orderBy('name').execute()),
  );

  app.post(
    '/api/organisations/:orgId/events',
    { config: { access: 'training.manage' }, schema: { tags: ['events'], summary: 'Create an event as a draft (not public until published).', params: OrgParams, body: NewEvent, response: { 201: OrganiserEvent } } },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      await checkParties(req.body.event);
      const out = await inOrg(db.kysely, orgId, async (tx) => {
        const id = await insertEvent(tx, orgId, auth.userId, req.body.event);
        await audit(tx, auth, orgId, 'event.create', 'event', id);
        return organiserEvent(tx, await loadEvent(tx, orgId, id));
      });
      return reply.code(201).send(out);
    },
  );

  app.get(
    '/api/organisations/:orgId/events/:eventId',
    { config: { access: 'training.manage' }, schema: { tags: ['events'], summary: 'One of the organisation’s events, whole, with its version for editing.', params: EventParams, response: { 200: OrganiserEvent } } },
    async (req) => inOrg(db.kysely, req.params.orgId, async (tx) => organiserEvent(tx, await loadEvent(tx, req.params.orgId, req.params.eventId))),
  );

  app.put(
    '/api/organisations/:orgId/events/:eventId',
    {
      config: { access: 'training.manage' },
      schema: {
        tags: ['events'],
        summary: 'Save the event (draft or published; a published one changes on the public page at once). `version` is the one the edit started from; a newer one answers EVENT_EDITED_ELSEWHERE.',
        params: EventParams,
        body: SaveEvent,
        response: { 200: OrganiserEvent },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, eventId } = req.params;
      await checkParties(req.body.event);
      return inOrg(db.kysely, orgId, async (tx) => {
        await updateEvent(tx, orgId, eventId, auth.userId, req.body.event, req.body.version);
        await audit(tx, auth, orgId, 'event.update', 'event', eventId);
        return organiserEvent(tx, await loadEvent(tx, orgId, eventId));
      });
    },
  );

  for (const [action, to, summary] of [
    ['publish', 'published', 'Publish: the event appears on the public events page and takes registrations. Publishing again changes nothing.'],
    ['cancel', 'cancelled', 'Cancel: the event leaves the listing, takes no more registrations or check-ins, and its page says it was cancelled. Cancelling again changes nothing.'],
  ] as const) {
    app.post(
      `/api/organisations/:orgId/events/:eventId/${action}`,
      { config: { access: 'training.manage' }, schema: { tags: ['events'], summary, params: EventParams, body: EventVersion, response: { 200: OrganiserEvent } } },
      async (req) => {
        const auth = requireAuth(req);
        const { orgId, eventId } = req.params;
        return inOrg(db.kysely, orgId, async (tx) => {
          if (await changeStatus(tx, orgId, eventId, auth.userId, to, req.body.version)) await audit(tx, auth, orgId, `event.${action}`, 'event', eventId);
          return organiserEvent(tx, await loadEvent(tx, orgId, eventId));
        });
      },
    );
  }

  app.get(
    '/api/organisations/:orgId/events/:eventId/registrations',
    {
      config: { access: 'training.manage' },
      schema: { tags: ['events'], summary: 'The event’s registrations with names and contact details opened, and the days each was present. The read is audited.', params: EventParams, response: { 200: z.array(RegistrationOut) } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, eventId } = req.params;
      const list = await inOrg(db.kysely, orgId, async (tx) => {
        await loadEvent(tx, orgId, eventId);
        await audit(tx, auth, orgId, 'event_registration.list', 'event', eventId);
        return listRegistrations(tx, crypto, orgId, eventId);
      });
      return withUsernames(list);
    },
  );

  app.post(
    '/api/organisations/:orgId/events/:eventId/registrations',
    {
      config: { access: 'training.manage' },
      schema: {
        tags: ['events'],
        summary:
          'Register someone at the desk (same form as the public one; the person’s consent is asked aloud). Refused for a cancelled event only: at the door the trainer decides who comes in. The answer carries the code, for the person standing there: it is kept only as a hash and shown nowhere again.',
        params: EventParams,
        body: Registration,
        response: { 201: RegistrationWithCode },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId, eventId } = req.params;
      const out = await inOrg(db.kysely, orgId, async (tx) => {
        const event = await loadEvent(tx, orgId, eventId, true);
        const { id, code } = await insertRegistration(tx, crypto, { orgId, event, registration: req.body, via: 'desk', userId: null, consentVersion: REGISTRATION_CONSENT_VERSION });
        await audit(tx, auth, orgId, 'event_registration.create', 'event_registration', id);
        return { ...registrationOut(crypto, await loadRegistration(tx, orgId, eventId, id), []), code };
      });
      return reply.code(201).send(out);
    },
  );

  app.post(
    '/api/organisations/:orgId/events/:eventId/registrations/:registrationId/code',
    {
      config: { access: 'training.manage' },
      schema: {
        tags: ['events'],
        summary:
          'Issue a new code for a registration whose holder lost theirs: the old code stops working at once (confirmation, cancelling, tests, check-in). The answer carries the new code, shown once: the server keeps only its hash.',
        params: RegistrationParams,
        body: z.strictObject({}),
        response: { 200: RegistrationWithCode },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, eventId, registrationId } = req.params;
      let code = '';
      const out = await changeRegistration(orgId, eventId, registrationId, async (tx) => {
        code = await reissueCode(tx, crypto, orgId, eventId, registrationId);
        await audit(tx, auth, orgId, 'event_registration.reissue_code', 'event_registration', registrationId);
      });
      return { ...out, code };
    },
  );

  app.post(
    '/api/organisations/:orgId/events/:eventId/registrations/:registrationId/cancel',
    { config: { access: 'training.manage' }, schema: { tags: ['events'], summary: 'Cancel a registration (its seat is freed; its attendance is kept). Cancelling again changes nothing.', params: RegistrationParams, body: z.strictObject({}), response: { 200: RegistrationOut } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, eventId, registrationId } = req.params;
      return changeRegistration(orgId, eventId, registrationId, async (tx) => {
        if (await cancelRegistration(tx, orgId, eventId, registrationId)) await audit(tx, auth, orgId, 'event_registration.cancel', 'event_registration', registrationId);
      });
    },
  );

  app.put(
    '/api/organisations/:orgId/events/:eventId/registrations/:registrationId/user',
    {
      config: { access: 'training.manage' },
      schema: {
        tags: ['events'],
        summary: 'Link a registration to the Fieldlab account the person gives (their username), for the train-the-trainer pathway; null unlinks it.',
        params: RegistrationParams,
        body: LinkRegistration,
        response: { 200: RegistrationOut },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, eventId, registrationId } = req.params;
      const { username } = req.body;
      // As the system: usernames are one namespace for the network, and the person may work in another organisation.
      const userId = username === null ? null : await asSystem(db.kysely, async (tx) => (await tx.selectFrom('users').select('id').where('username', '=', username.toLowerCase()).where('active', '=', true).executeTakeFirst())?.id);
      if (userId === undefined) throw new Problem('EVENT_USER_NOT_FOUND', {}, 'username');
      return changeRegistration(orgId, eventId, registrationId, async (tx) => {
        await loadRegistration(tx, orgId, eventId, registrationId, true);
        await tx.updateTable('event_registrations').set({ user_id: userId }).where('id', '=', registrationId).execute();
        await audit(tx, auth, orgId, userId === null ? 'event_registration.unlink' : 'event_registration.link', 'event_registration', registrationId);
      });
    },
  );

  app.post(
    '/api/organisations/:orgId/events/:eventId/check-in',
    {
      config: { access: 'training.manage' },
      schema: {
        tags: ['events'],
        summary: 'Check someone in on a day by their code (scanned or typed). Answers present, or already present (nothing changes); refuses a code that is not one, not registered, cancelled, or a day not of the event.',
        params: EventParams,
        body: CheckInRequest,
        response: { 200: CheckInOut },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, eventId } = req.params;
      const { day } = req.body;
      return inOrg(db.kysely, orgId, async (tx) => {
        const row = await loadEvent(tx, orgId, eventId);
        if (row.status === 'cancelled') throw new Problem('EVENT_CANCELLED');
        if (row.status !== 'published') throw new Problem('EVENT_NOT_PUBLISHED');
        const code = normaliseRegistrationCode(req.body.code);
        const reg = code
          ? await tx.selectFrom('event_registrations').selectAll().where('org_id', '=', orgId).where('event_id', '=', eventId).where('code_hash', '=', registrationCodeHash(crypto, code)).executeTakeFirst()
          : undefined;
        const active = reg && reg.cancelled_at === null ? reg : undefined;
        const before = active ? ((await presentDays(tx, eventId, [active.id])).get(active.id) ?? []) : [];
        // Core's rule on this registration's own sheet: the event's days, its code if active (found
        // by its hash, so it is the code presented), its days present.
        const result = checkIn({ days: eventOf(row).days, registrationCodes: active ? [code!] : [], present: before.map((d) => ({ code: code!, day: d })) }, req.body.code, day);
        if (!result.ok) {
          if (result.problem.code === 'NOT_A_CODE') throw new Problem('CHECKIN_NOT_A_CODE', {}, 'code');
          if (result.problem.code === 'DAY_NOT_IN_EVENT') throw new Problem('CHECKIN_DAY_NOT_IN_EVENT', { day }, 'day');
          throw reg ? new Problem('CHECKIN_REGISTRATION_CANCELLED', {}, 'code') : new Problem('CHECKIN_NOT_REGISTERED', {}, 'code');
        }
        const reg2 = active!;
        // The insert decides, not the sheet read above: two desks scanning one code at once both
        // read "not present", and only one of them inserts (one audit row, one "present").
        const marked = !result.alreadyPresent && (await markPresent(tx, orgId, eventId, reg2.id, day, auth.userId));
        if (marked) await audit(tx, auth, orgId, 'event_attendance.check_in', 'event_registration', reg2.id);
        const days = [...new Set([...result.sheet.present.map((p) => p.day), day])].sort();
        return { result: marked ? 'present' : 'already_present', code: code!, day, displayName: openName(crypto, reg2), presentDays: days } as const;
      });
    },
  );

  app.get(
    '/api/organisations/:orgId/events/:eventId/attendance',
    { config: { access: 'training.manage' }, schema: { tags: ['events'], summary: 'The attendance sheet: who was present on each day of the event. The read is audited.', params: EventParams, response: { 200: AttendanceOut } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, eventId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const row = await loadEvent(tx, orgId, eventId);
        const rows = await tx
          .selectFrom('event_attendance as a')
          .innerJoin('event_registrations as r', 'r.id', 'a.registration_id')
          .select(['a.registration_id', 'a.at', 'r.name_enc', 'r.details_enc'])
          .select((eb) => eb.fn<string>('to_char', [eb.ref('a.day'), eb.val('YYYY-MM-DD')]).as('day'))
          .where('a.org_id', '=', orgId)
          .where('a.event_id', '=', eventId)
          .orderBy('a.day')
          .orderBy('a.at')
          .execute();
        await audit(tx, auth, orgId, 'event_attendance.read', 'event', eventId);
        return {
          registered: row.seats_taken,
          days: eventOf(row).days.map((day) => ({
            day,
            present: rows
              .filter((r) => r.day === day)
              .map((r) => ({ registrationId: r.registration_id, displayName: openName(crypto, r), organisation: openDetails(crypto, r).organisation ?? null, at: new Date(r.at).toISOString() })),
          })),
        };
      });
    },
  );

  // --- the public doors (no login) ------------------------------------------------------------------

  app.get(
    '/api/public/events',
    {
      config: { access: 'public' },
      schema: { tags: ['public events'], summary: 'Published events not yet over (in each organiser’s time zone), soonest first; filter by kind, mode, province and cost.', querystring: PublicEventsQuery, security: [], response: { 200: z.array(PublicEventSummary) } },
    },
    async (req) => inPublic(db.kysely, (tx) => listPublicEvents(tx, req.query)),
  );

  app.get(
    '/api/public/events/:eventId',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public events'],
        summary: 'A published (or cancelled) event as its public page shows it: agenda, chairs, speakers, organisers, partners, materials, seats left. Never the joining link or anything about who registered.',
        params: PublicEventParams,
        security: [],
        response: { 200: PublicEvent },
      },
    },
    async (req) => inPublic(db.kysely, async (tx) => publicEventOf(await findPublicEvent(tx, req.params.eventId))),
  );

  app.post(
    '/api/public/events/:eventId/registrations',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public events'],
        summary:
          'Register for a published event (no login). The name and contact details are sealed at rest. Answers the confirmation code. Refuses a full, cancelled or finished event; limited per address and per event. `forMe` from someone logged in links the registration to their account.',
        params: PublicEventParams,
        body: PublicRegistration,
        security: [],
        response: { 201: RegistrationCreated },
      },
    },
    async (req, reply) => {
      await limited(reply, 'registerEvent', req, req.params.eventId);
      await limited(reply, 'register', req);
      const event = await inPublic(db.kysely, (tx) => findPublicEvent(tx, req.params.eventId));
      const orgId = event.org_id;
      // Linked to the account only when the person logged in says it is for them: a manager may be registering someone else on their own phone.
      const userId = req.body.forMe === true ? (req.auth?.userId ?? null) : null;
      const { code } = await inOrg(db.kysely, orgId, async (tx) => {
        const locked = await loadEvent(tx, orgId, event.id, true);
        const made = await insertRegistration(tx, crypto, { orgId, event: locked, registration: req.body, via: 'public', userId, consentVersion: REGISTRATION_CONSENT_VERSION });
        await audit(tx, req.auth, orgId, 'event_registration.create', 'event_registration', made.id);
        return made;
      });
      return reply.code(201).send({ code });
    },
  );

  app.get(
    '/api/public/registrations/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public events'],
        summary: 'The confirmation of a registration, by its code (the bearer of the code sees the event, its days and the name given). Unknown and malformed codes get the same answer; misses are limited per address. The read is audited.',
        params: CodeParams,
        security: [],
        response: { 200: Confirmation },
      },
    },
    async (req, reply) => {
      return byCode(reply, req, req.params.code, async (tx, orgId, code) => {
        const one = await confirmationOf(tx, crypto, code);
        if (one) await audit(tx, req.auth, orgId, 'event_registration.read_confirmation', 'event_registration', one.registrationId);
        return one;
      });
    },
  );

  app.post(
    '/api/public/registrations/:code/cancel',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public events'],
        summary: 'The holder of a code cancels their own registration (their seat is freed; attendance already recorded is kept). Cancelling again changes nothing. Same answers and limits as the confirmation.',
        params: CodeParams,
        body: z.strictObject({}),
        security: [],
        response: { 200: Confirmation },
      },
    },
    async (req, reply) => {
      return byCode(reply, req, req.params.code, async (tx, orgId, code) => {
        const reg = await tx.selectFrom('event_registrations').select(['id', 'event_id']).where('org_id', '=', orgId).where('code_hash', '=', registrationCodeHash(crypto, code)).executeTakeFirstOrThrow();
        if (await cancelRegistration(tx, orgId, reg.event_id, reg.id)) await audit(tx, req.auth, orgId, 'event_registration.cancel_by_holder', 'event_registration', reg.id);
        return confirmationOf(tx, crypto, code);
      });
    },
  );
};
