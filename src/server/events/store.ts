import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { dayIn } from '../../core/dates.ts';
import { Problem } from '../../core/errors/outcome.ts';
import type { Confirmation, EventStatus, EventSummary, OrganiserEvent, PublicEvent, PublicEventSummary, PublicEventsQuery, RegistrationOut } from '../../core/training/event-api.ts';
import { isUpcoming, newRegistrationCode, normaliseRegistrationCode, type Event, type Registration } from '../../core/training/events.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Database, EventRegistrationsTable, EventsTable } from '../db/schema.ts';
import type { Tx } from '../db/scope.ts';

export type EventRow = Selectable<EventsTable>;
export type RegistrationRow = Selectable<EventRegistrationsTable>;

/**
 * Runs `work` as nobody in particular: the role `fieldlab_app` with no organisation, so row
 * security shows only what the public may see (events that are not drafts) and no registration,
 * attendance or organisation row at all. The public pages read through this.
 */
export async function inPublic<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'fieldlab_app', true), set_config('fieldlab.org_id', '', true)`.execute(tx);
    return work(tx);
  });
}

/** The event as its organiser saved it (core's schema, checked when written). */
export const eventOf = (row: EventRow): Event => row.details as Event;

export function todayFor(row: Pick<EventRow, 'time_zone'>, now: Date = new Date()): string {
  return dayIn(now, row.time_zone);
}

/** The columns lists filter and sort by, taken from the event itself. */
function columnsOf(event: Event) {
  return {
    title: event.title,
    kind: event.kind,
    mode: event.mode,
    first_day: event.days[0]!,
    last_day: event.days[event.days.length - 1]!,
    province_id: event.provinceId ?? null,
    course_id: event.courseId ?? null,
    capacity: event.capacity,
    details: JSON.stringify(event),
  };
}

async function orgTimeZone(tx: Tx, orgId: string): Promise<string> {
  const org = await tx.selectFrom('organisations').select('time_zone').where('id', '=', orgId).executeTakeFirst();
  return org?.time_zone ?? 'Asia/Ho_Chi_Minh';
}

/**
 * The course an event teaches, checked before it is saved: it must be a course of the network (any
 * organisation's course is readable), and an event's course no longer changes once its
 * participants have sat the test or hold certificates: their pre and post scores, and what the
 * certificates say, must keep meaning one course and one test. `from` is the event's course now
 * (null for a new event); `field` names the field a refusal points at.
 */
export async function checkEventCourse(tx: Tx, eventId: string | null, from: string | null, to: string | null, field: string): Promise<void> {
  if (to !== null && to !== from && !(await tx.selectFrom('courses').select('id').where('id', '=', to).executeTakeFirst())) throw new Problem('COURSE_NOT_FOUND', {}, field);
  if (eventId === null || from === to) return;
  const sat = await tx.selectFrom('test_attempts').select('id').where('event_id', '=', eventId).limit(1).executeTakeFirst();
  const issued = sat ? sat : await tx.selectFrom('certificates').select('id').where('event_id', '=', eventId).limit(1).executeTakeFirst();
  if (issued) throw new Problem('EVENT_COURSE_LOCKED', {}, field);
}

export async function insertEvent(tx: Tx, orgId: string, userId: string, event: Event): Promise<string> {
  await checkEventCourse(tx, null, null, event.courseId ?? null, 'event.courseId');
  const id = uuidv7();
  await tx
    .insertInto('events')
    .values({ id, org_id: orgId, status: 'draft', ...columnsOf(event), time_zone: await orgTimeZone(tx, orgId), created_by: userId, updated_by: userId })
    .execute();
  return id;
}

/** The organisation's event, locked for a change when `forUpdate`; EVENT_NOT_FOUND otherwise. */
export async function loadEvent(tx: Tx, orgId: string, id: string, forUpdate = false): Promise<EventRow> {
  let q = tx.selectFrom('events').selectAll().where('org_id', '=', orgId).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new Problem('EVENT_NOT_FOUND');
  return row;
}

function checkVersion(row: EventRow, version: number): void {
  if (row.version !== version) throw new Problem('EVENT_EDITED_ELSEWHERE');
}

/**
 * Saves an edit made from `version`. A cancelled event stays as it was; a day on which people
 * were checked in cannot be dropped (their attendance would point at nothing).
 */
export async function updateEvent(tx: Tx, orgId: string, id: string, userId: string, event: Event, version: number): Promise<void> {
  const row = await loadEvent(tx, orgId, id, true);
  checkVersion(row, version);
  if (row.status === 'cancelled') throw new Problem('EVENT_CANCELLED');
  const attended = await tx.selectFrom('event_attendance').select(sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day')).where('event_id', '=', id).groupBy('day').execute();
  const dropped = attended.map((a) => a.day).find((d) => !event.days.includes(d));
  if (dropped) throw new Problem('EVENT_DAY_HAS_ATTENDANCE', { day: dropped }, 'days');
  await checkEventCourse(tx, id, row.course_id, event.courseId ?? null, 'event.courseId');
  await tx
    .updateTable('events')
    .set({ ...columnsOf(event), time_zone: await orgTimeZone(tx, orgId), updated_by: userId, updated_at: new Date(), version: row.version + 1 })
    .where('id', '=', id)
    .execute();
}

/** draft → published, draft or published → cancelled. Doing it again changes nothing. */
export async function changeStatus(tx: Tx, orgId: string, id: string, userId: string, to: Exclude<EventStatus, 'draft'>, version: number): Promise<boolean> {
  const row = await loadEvent(tx, orgId, id, true);
  if (row.status === to) return false;
  checkVersion(row, version);
  if (row.status === 'cancelled') throw new Problem('EVENT_CANCELLED');
  await tx.updateTable('events').set({ status: to, updated_by: userId, updated_at: new Date(), version: row.version + 1 }).where('id', '=', id).execute();
  return true;
}

/** Registrations present on at least one day, per event. */
async function presentCounts(tx: Tx, eventIds: readonly string[]): Promise<Map<string, number>> {
  if (eventIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('event_attendance')
    .select(['event_id', sql<string>`count(distinct registration_id)`.as('n')])
    .where('event_id', 'in', [...eventIds])
    .groupBy('event_id')
    .execute();
  return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
}

function summaryOf(row: EventRow, present: number, now: Date): EventSummary {
  const event = eventOf(row);
  return {
    id: row.id,
    status: row.status,
    title: event.title,
    kind: event.kind,
    mode: event.mode,
    firstDay: event.days[0]!,
    lastDay: event.days[event.days.length - 1]!,
    days: event.days,
    provinceId: event.provinceId ?? null,
    capacity: event.capacity,
    registered: row.seats_taken,
    present,
    upcoming: isUpcoming(event, todayFor(row, now)),
    version: row.version,
  };
}

/** The organisation's events, soonest first. */
export async function listOrgEvents(tx: Tx, orgId: string, now: Date = new Date()): Promise<EventSummary[]> {
  const rows = await tx.selectFrom('events').selectAll().where('org_id', '=', orgId).orderBy('first_day').orderBy('id').limit(2000).execute();
  const present = await presentCounts(tx, rows.map((r) => r.id));
  return rows.map((r) => summaryOf(r, present.get(r.id) ?? 0, now));
}

export async function organiserEvent(tx: Tx, row: EventRow, now: Date = new Date()): Promise<OrganiserEvent> {
  const present = await presentCounts(tx, [row.id]);
  return { ...summaryOf(row, present.get(row.id) ?? 0, now), event: eventOf(row) };
}

/** Seats left by the kept count of active registrations (core's seatsLeft counts a list); null: no limit. */
function seatsLeftOf(row: Pick<EventRow, 'capacity' | 'seats_taken'>): number | null {
  return row.capacity === null ? null : Math.max(0, row.capacity - row.seats_taken);
}

// --- the public side ----------------------------------------------------------------------------

function publicSummaryOf(row: EventRow): PublicEventSummary {
  const event = eventOf(row);
  return {
    id: row.id,
    title: event.title,
    kind: event.kind,
    mode: event.mode,
    cost: event.cost,
    days: event.days,
    venue: event.venue ?? null,
    provinceId: event.provinceId ?? null,
    organisers: event.organisers.map((o) => o.name),
    capacity: event.capacity,
    seatsLeft: seatsLeftOf(row),
  };
}

/** Published events not yet over in their organiser's zone, soonest first, filtered. */
export async function listPublicEvents(tx: Tx, filter: PublicEventsQuery, now: Date = new Date()): Promise<PublicEventSummary[]> {
  // A day's margin either side of UTC: the exact test is isUpcoming in each organiser's zone.
  const yesterday = new Date(now.getTime() - 36 * 3_600_000).toISOString().slice(0, 10);
  let q = tx.selectFrom('events').selectAll().where('status', '=', 'published').where('last_day', '>=', yesterday);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.mode) q = q.where('mode', '=', filter.mode);
  if (filter.provinceId) q = q.where('province_id', '=', filter.provinceId);
  if (filter.cost) q = q.where(sql<boolean>`details->'cost'->>'kind' = ${filter.cost}`);
  const rows = await q.orderBy('first_day').orderBy('id').limit(500).execute();
  return rows.filter((r) => isUpcoming(eventOf(r), todayFor(r, now))).map(publicSummaryOf);
}

/** A published or cancelled event, whole but for its link; drafts are not found. */
export async function findPublicEvent(tx: Tx, id: string): Promise<EventRow> {
  const row = await tx.selectFrom('events').selectAll().where('id', '=', id).where('status', 'in', ['published', 'cancelled']).executeTakeFirst();
  if (!row) throw new Problem('EVENT_NOT_FOUND');
  return row;
}

export function publicEventOf(row: EventRow, now: Date = new Date()): PublicEvent {
  const event = eventOf(row);
  const over = !isUpcoming(event, todayFor(row, now));
  const summary = publicSummaryOf(row);
  return {
    ...summary,
    status: row.status,
    over,
    open: row.status === 'published' && !over && summary.seatsLeft !== 0,
    organisers: event.organisers,
    partners: event.partners,
    chairs: event.chairs,
    speakers: event.speakers,
    agenda: event.agenda,
    materials: event.materials,
  };
}

// --- registrations ------------------------------------------------------------------------------

/** What is sealed beside the name: nothing here is needed to count or filter. */
interface SealedDetails {
  organisation?: string;
  role?: string;
  email?: string;
  phone?: string;
}

/**
 * What is stored of a registration code: its blind index (HMAC under the server's key), never the
 * code, which is a bearer secret (0013). The code is normalised first, as every lookup does, so
 * `7kq2 m9xd` and `7KQ2-M9XD` are one code; a text that is no code is hashed as it is (it then
 * matches nothing a lookup could present).
 */
export function registrationCodeHash(crypto: Crypto, code: string): string {
  return crypto.blindIndex(normaliseRegistrationCode(code) ?? code, 'event-registration-code');
}

/** The organisation holding a code's hash, or null; through a function that reveals nothing else (0013). */
export async function registrationOrg(tx: Tx, codeHash: string): Promise<string | null> {
  const { rows } = await sql<{ org_id: string | null }>`select fieldlab_event_registration_org_by_hash(${codeHash}) as org_id`.execute(tx);
  return rows[0]?.org_id ?? null;
}

/** A fresh code and its hash, checked against every organisation's (a clash of 40-bit codes is near impossible, not impossible). */
async function freshCode(tx: Tx, crypto: Crypto): Promise<{ code: string; hash: string }> {
  for (;;) {
    const code = newRegistrationCode((n) => randomBytes(n));
    const hash = registrationCodeHash(crypto, code);
    if ((await registrationOrg(tx, hash)) === null) return { code, hash };
  }
}

export interface NewRegistration {
  orgId: string;
  event: EventRow;
  registration: Registration;
  via: 'public' | 'desk';
  userId: string | null;
  consentVersion: string;
}

/**
 * Registers someone for an event locked by the caller, and counts the seat. The public form is
 * refused for an event that is cancelled, over or full; at the desk the trainer decides who comes
 * in, so only a cancelled event is refused there.
 */
export async function insertRegistration(tx: Tx, crypto: Crypto, r: NewRegistration, now: Date = new Date()): Promise<{ id: string; code: string }> {
  const { event: row, registration: reg } = r;
  if (row.status === 'cancelled') throw new Problem('EVENT_CANCELLED');
  if (r.via === 'public') {
    if (row.status !== 'published') throw new Problem('EVENT_NOT_FOUND');
    if (!isUpcoming(eventOf(row), todayFor(row, now))) throw new Problem('EVENT_OVER');
    if (seatsLeftOf(row) === 0) throw new Problem('EVENT_FULL');
  }
  const details: SealedDetails = {};
  if (reg.organisation) details.organisation = reg.organisation;
  if (reg.role) details.role = reg.role;
  if (reg.email) details.email = reg.email;
  if (reg.phone) details.phone = reg.phone;
  const id = uuidv7();
  // The code goes back to the person registering, once; only its hash is kept.
  const { code, hash } = await freshCode(tx, crypto);
  await tx
    .insertInto('event_registrations')
    .values({
      id,
      org_id: r.orgId,
      event_id: row.id,
      code_hash: hash,
      name_enc: crypto.encrypt(reg.displayName),
      details_enc: crypto.encrypt(JSON.stringify(details)),
      province_id: reg.provinceId ?? null,
      country: reg.country ?? null,
      user_id: r.userId,
      via: r.via,
      consent_version: r.consentVersion,
    })
    .execute();
  await tx.updateTable('events').set({ seats_taken: sql`seats_taken + 1` }).where('id', '=', row.id).execute();
  return { id, code };
}

export async function loadRegistration(tx: Tx, orgId: string, eventId: string, id: string, forUpdate = false): Promise<RegistrationRow> {
  let q = tx.selectFrom('event_registrations').selectAll().where('org_id', '=', orgId).where('event_id', '=', eventId).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new Problem('EVENT_REGISTRATION_NOT_FOUND');
  return row;
}

/**
 * A new code for a registration whose holder lost theirs: the hash is replaced, so the old code
 * stops working at once (confirmation, cancelling, the tests, check-in). Answers the new code,
 * which is shown once and kept nowhere.
 */
export async function reissueCode(tx: Tx, crypto: Crypto, orgId: string, eventId: string, id: string): Promise<string> {
  await loadRegistration(tx, orgId, eventId, id, true);
  const { code, hash } = await freshCode(tx, crypto);
  await tx.updateTable('event_registrations').set({ code_hash: hash, code: null }).where('id', '=', id).execute();
  return code;
}

/** Cancels a registration and frees its seat; cancelling again changes nothing. */
export async function cancelRegistration(tx: Tx, orgId: string, eventId: string, id: string): Promise<boolean> {
  await loadEvent(tx, orgId, eventId, true);
  const reg = await loadRegistration(tx, orgId, eventId, id, true);
  if (reg.cancelled_at !== null) return false;
  await tx.updateTable('event_registrations').set({ cancelled_at: new Date() }).where('id', '=', id).execute();
  await tx.updateTable('events').set({ seats_taken: sql`greatest(seats_taken - 1, 0)` }).where('id', '=', eventId).execute();
  return true;
}

/** Days each registration was present, 'YYYY-MM-DD', in order. */
export async function presentDays(tx: Tx, eventId: string, registrationIds?: readonly string[]): Promise<Map<string, string[]>> {
  if (registrationIds && registrationIds.length === 0) return new Map();
  let q = tx
    .selectFrom('event_attendance')
    .select(['registration_id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day')])
    .where('event_id', '=', eventId);
  if (registrationIds) q = q.where('registration_id', 'in', [...registrationIds]);
  const rows = await q.orderBy('day').execute();
  const out = new Map<string, string[]>();
  for (const r of rows) (out.get(r.registration_id) ?? out.set(r.registration_id, []).get(r.registration_id)!).push(r.day);
  return out;
}

export function openName(crypto: Crypto, row: Pick<RegistrationRow, 'name_enc'>): string {
  return crypto.decrypt(row.name_enc);
}

export function openDetails(crypto: Crypto, row: Pick<RegistrationRow, 'details_enc'>): SealedDetails {
  return JSON.parse(crypto.decrypt(row.details_enc)) as SealedDetails;
}

/** The usernames are filled in by the caller (accounts are read outside the organisation's scope). */
export function registrationOut(crypto: Crypto, row: RegistrationRow, days: readonly string[]): RegistrationOut {
  const d = openDetails(crypto, row);
  return {
    id: row.id,
    displayName: openName(crypto, row),
    organisation: d.organisation ?? null,
    role: d.role ?? null,
    email: d.email ?? null,
    phone: d.phone ?? null,
    provinceId: row.province_id,
    country: row.country,
    via: row.via,
    createdAt: new Date(row.created_at).toISOString(),
    cancelledAt: row.cancelled_at ? new Date(row.cancelled_at).toISOString() : null,
    linkedUsername: null,
    userId: row.user_id,
    presentDays: [...days],
  };
}

export async function listRegistrations(tx: Tx, crypto: Crypto, orgId: string, eventId: string): Promise<RegistrationOut[]> {
  const rows = await tx.selectFrom('event_registrations').selectAll().where('org_id', '=', orgId).where('event_id', '=', eventId).orderBy('created_at').orderBy('id').execute();
  const days = await presentDays(tx, eventId);
  return rows.map((r) => registrationOut(crypto, r, days.get(r.id) ?? []));
}

/** The confirmation page's content by the code presented (normalised), read in the registration's organisation. */
export async function confirmationOf(tx: Tx, crypto: Crypto, code: string): Promise<{ registrationId: string; confirmation: Confirmation } | null> {
  const reg = await tx.selectFrom('event_registrations').selectAll().where('code_hash', '=', registrationCodeHash(crypto, code)).executeTakeFirst();
  if (!reg) return null;
  const row = await tx.selectFrom('events').selectAll().where('id', '=', reg.event_id).executeTakeFirstOrThrow();
  const event = eventOf(row);
  const active = reg.cancelled_at === null && row.status !== 'cancelled';
  const confirmation: Confirmation = {
    // The code its holder presented: the page shows it again and draws its QR code.
    code,
    status: reg.cancelled_at === null ? 'registered' : 'cancelled',
    displayName: openName(crypto, reg),
    presentDays: (await presentDays(tx, row.id, [reg.id])).get(reg.id) ?? [],
    event: {
      id: row.id,
      status: row.status,
      title: event.title,
      kind: event.kind,
      mode: event.mode,
      days: event.days,
      venue: event.venue ?? null,
      provinceId: event.provinceId ?? null,
      link: active ? (event.link ?? null) : null,
      courseId: event.courseId ?? null,
    },
  };
  return { registrationId: reg.id, confirmation };
}

/** Marks present; false when the registration was already present that day. */
export async function markPresent(tx: Tx, orgId: string, eventId: string, registrationId: string, day: string, byUser: string): Promise<boolean> {
  const inserted = await tx
    .insertInto('event_attendance')
    .values({ org_id: orgId, event_id: eventId, registration_id: registrationId, day, by_user: byUser })
    .onConflict((oc) => oc.columns(['registration_id', 'day']).doNothing())
    .returning('registration_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
