import { sql } from 'kysely';
import type { Role } from '../../core/auth/roles.ts';
import { Problem } from '../../core/errors/outcome.ts';
import { newId } from '../../core/ids.ts';
import {
  DEFAULT_PATHWAY_REQUIREMENTS,
  PathwayRequirements,
  type CoFacilitationInput,
  type Observation,
  type ObservationInput,
  type PathwayPerson,
  type PathwayStage,
  type PromotedStage,
} from '../../core/training/pathway.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Tx } from '../db/scope.ts';

/**
 * The pathway's tables (0010) and what it reads from others': certificates joined to event
 * registrations (courses completed, 0008/0009) and group sessions (co-facilitated, 0007). Those
 * belong to other capabilities, so they are read with plain SQL on the columns agreed with them.
 */

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

const uuidList = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}::uuid`));

// --- requirements -----------------------------------------------------------------------------

export interface StoredRequirements {
  requirements: PathwayRequirements;
  /** null: never saved, the defaults apply. */
  version: number | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

export async function loadRequirements(tx: Tx, orgId: string): Promise<StoredRequirements> {
  const row = await tx.selectFrom('pathway_requirements').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  if (!row) return { requirements: DEFAULT_PATHWAY_REQUIREMENTS, version: null, updatedBy: null, updatedAt: null };
  return { requirements: PathwayRequirements.parse(row.requirements), version: row.version, updatedBy: row.updated_by, updatedAt: new Date(row.updated_at).toISOString() };
}

/** Saves over `version` (null: the first save); someone else's save in between is refused. */
export async function saveRequirements(tx: Tx, orgId: string, userId: string, requirements: PathwayRequirements, version: number | null): Promise<void> {
  const json = JSON.stringify(requirements);
  if (version === null) {
    const inserted = await tx
      .insertInto('pathway_requirements')
      .values({ org_id: orgId, requirements: json, updated_by: userId, updated_at: new Date() })
      .onConflict((oc) => oc.column('org_id').doNothing())
      .returning('org_id')
      .executeTakeFirst();
    if (!inserted) throw new Problem('PATHWAY_REQUIREMENTS_CHANGED');
    return;
  }
  const updated = await tx
    .updateTable('pathway_requirements')
    .set((eb) => ({ requirements: json, updated_by: userId, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('org_id', '=', orgId)
    .where('version', '=', version)
    .returning('org_id')
    .executeTakeFirst();
  if (!updated) throw new Problem('PATHWAY_REQUIREMENTS_CHANGED');
}

// --- courses (0009: readable by every organisation of the network) -------------------------------

export interface CourseRef {
  id: string;
  title: string;
  orgId: string;
}

/** The network's courses, for the settings' picker (`ids`: only these). */
export async function networkCourses(tx: Tx, ids?: readonly string[]): Promise<CourseRef[]> {
  if (ids && ids.length === 0) return [];
  const where = ids ? sql`where c.id in (${uuidList(ids)})` : sql``;
  const { rows } = await sql<{ id: string; title: string; org_id: string }>`select c.id, c.title, c.org_id from courses c ${where} order by c.title, c.id`.execute(tx);
  return rows.map((r) => ({ id: r.id, title: r.title, orgId: r.org_id }));
}

/**
 * The names of organisations of the network (the owners of courses and published events that a
 * page lists). Row security shows an organisation only its own row, so this runs as the system;
 * it reads names, which the network shares, and nothing else.
 */
export async function organisationNames(system: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await system.selectFrom('organisations').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// --- people -----------------------------------------------------------------------------------

export interface Member {
  userId: string;
  username: string;
  displayName: string | null;
  roles: Role[];
  active: boolean;
}

/**
 * Who is on the organisation's pathway: everyone holding a role there, except those whose only
 * roles there are `evaluator` or `network` (they look at figures from outside the team).
 */
export const OUTSIDE_ROLES: readonly Role[] = ['evaluator', 'network'];

export async function pathwayMembers(tx: Tx, crypto: Crypto, orgId: string, userId?: string): Promise<Member[]> {
  let q = tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.username', 'u.display_name_enc', 'u.active', 'm.role'])
    .where('m.org_id', '=', orgId);
  if (userId) q = q.where('u.id', '=', userId);
  const rows = await q.orderBy('u.username').execute();
  const byId = new Map<string, Member>();
  for (const r of rows) {
    const m = byId.get(r.id) ?? { userId: r.id, username: r.username, displayName: r.display_name_enc ? crypto.decrypt(r.display_name_enc) : null, roles: [], active: r.active };
    m.roles.push(r.role as Role);
    byId.set(r.id, m);
  }
  return [...byId.values()].filter((m) => m.roles.some((role) => !OUTSIDE_ROLES.includes(role)));
}

export interface StageRow {
  stage: PathwayStage;
  since: string | null;
  version: number;
}

export async function stagesOf(tx: Tx, orgId: string, userIds: readonly string[]): Promise<Map<string, StageRow>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx.selectFrom('pathway_stages').selectAll().where('org_id', '=', orgId).where('user_id', 'in', [...userIds]).execute();
  return new Map(rows.map((r) => [r.user_id, { stage: r.stage as PathwayStage, since: r.since ? new Date(r.since).toISOString() : null, version: r.version }]));
}

/**
 * Whether the person counts as a certified trainer when observing or approving in `orgId`:
 * certified in that organisation itself, or in the network hub (a master trainer of the hub can
 * observe and approve in a member organisation where they hold a trainer's role). A stage reached
 * in some other member organisation does not count here: each organisation's admin sets its own
 * requirements, so a small organisation's certificate is only as good as its own rules. Run as the
 * system (the hub's stages are not the organisation's rows).
 */
export async function isCertifiedFor(system: Tx, userId: string, orgId: string): Promise<boolean> {
  const row = await system
    .selectFrom('pathway_stages as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select('s.org_id')
    .where('s.user_id', '=', userId)
    .where('s.stage', '=', 'certified_trainer')
    .where((eb) => eb.or([eb('s.org_id', '=', orgId), eb('o.kind', '=', 'network_hub')]))
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

// --- what counts ------------------------------------------------------------------------------

export interface CompletedCourse {
  courseId: string;
  issuedAt: string;
  /** The organisation that issued the certificate counted (the earliest that counts). */
  issuedByOrgId: string;
}

/**
 * Courses completed on `orgId`'s pathway: a certificate for the course, not revoked, on a
 * registration carrying the person's account, that
 * - was issued by the rule (attendance and post-test), not by hand (`by_hand_reason` is set on a
 *   certificate a trainer issued by their own decision), and
 * - was issued by this organisation, by the organisation that owns the course, or by the network
 *   hub. A certificate from any other organisation does not count: its trainers could register
 *   anyone and link the registration to any account.
 * Certificates belong to the organisation that issued them, so this runs as the system; it reads
 * course ids, dates and issuers only, never the name on a certificate.
 */
export async function coursesCompleted(system: Tx, orgId: string, userIds: readonly string[]): Promise<Map<string, CompletedCourse[]>> {
  const out = new Map<string, CompletedCourse[]>();
  if (userIds.length === 0) return out;
  const { rows } = await sql<{ user_id: string; course_id: string; issued_at: Date; issued_by_org: string }>`
    select distinct on (r.user_id, c.course_id) r.user_id, c.course_id, c.issued_at, c.org_id as issued_by_org
    from certificates c
      join event_registrations r on r.id = c.registration_id
      join courses co on co.id = c.course_id
      join organisations o on o.id = c.org_id
    where c.revoked_at is null and c.by_hand_reason is null
      and r.user_id in (${uuidList(userIds)})
      and (c.org_id = ${orgId}::uuid or c.org_id = co.org_id or o.kind = 'network_hub')
    order by r.user_id, c.course_id, c.issued_at, c.id`.execute(system);
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), { courseId: r.course_id, issuedAt: new Date(r.issued_at).toISOString(), issuedByOrgId: r.issued_by_org }]);
  for (const list of out.values()) list.sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
  return out;
}

export interface CoFacilitated {
  kind: 'group_session' | 'event';
  id: string;
  at: string;
  /** The event's title; null for a group session (its group's name belongs to the groups capability). */
  title: string | null;
}

/**
 * Co-facilitated sessions in this organisation: group sessions, of a group that lists the person
 * among its facilitators (`groups.facilitator_ids`, set by whoever manages groups), that the
 * person facilitated with at least one other facilitator (one facilitating alone does not count);
 * and training events where a trainer recorded their co-facilitation. A session's own facilitator
 * list is written by whoever syncs it, so it alone proves nothing. Newest first.
 */
export async function coFacilitated(tx: Tx, orgId: string, userIds: readonly string[]): Promise<Map<string, CoFacilitated[]>> {
  const out = new Map<string, CoFacilitated[]>();
  if (userIds.length === 0) return out;
  const { rows: sessions } = await sql<{ user_id: string; id: string; at: Date }>`
    select f.user_id, gs.id, gs.at
    from group_sessions gs
      join groups g on g.id = gs.group_id and g.org_id = gs.org_id
      cross join lateral (select distinct x as user_id from unnest(gs.facilitator_ids) as x) f
    where gs.org_id = ${orgId}::uuid
      and f.user_id in (${uuidList(userIds)})
      and f.user_id = any(g.facilitator_ids)
      and (select count(distinct y) from unnest(gs.facilitator_ids) as y) >= 2`.execute(tx);
  const events = await tx
    .selectFrom('pathway_co_facilitations as p')
    .innerJoin('events as e', 'e.id', 'p.event_id')
    .select(['p.user_id', 'p.event_id', 'e.first_day', 'e.title'])
    .where('p.org_id', '=', orgId)
    .where('p.user_id', 'in', [...userIds])
    .execute();
  const add = (userId: string, c: CoFacilitated) => out.set(userId, [...(out.get(userId) ?? []), c]);
  for (const s of sessions) add(s.user_id, { kind: 'group_session', id: s.id, at: new Date(s.at).toISOString(), title: null });
  for (const e of events) add(e.user_id, { kind: 'event', id: e.event_id, at: new Date(e.first_day).toISOString(), title: e.title });
  for (const list of out.values()) list.sort((a, b) => b.at.localeCompare(a.at));
  return out;
}

export interface StoredObservation extends Observation {
  id: string;
  at: string;
  eventId: string | null;
  eventTitle: string | null;
  groupSessionId: string | null;
  sessionDescription: string | null;
  note: string | null;
}

export async function observationsOf(tx: Tx, crypto: Crypto, orgId: string, userIds: readonly string[]): Promise<Map<string, StoredObservation[]>> {
  const out = new Map<string, StoredObservation[]>();
  if (userIds.length === 0) return out;
  const rows = await tx
    .selectFrom('pathway_observations as o')
    .leftJoin('events as e', 'e.id', 'o.event_id')
    .select(['o.id', 'o.user_id', 'o.observer_id', 'o.observer_was_certified', 'o.scores', 'o.event_id', 'e.title as event_title', 'o.group_session_id', 'o.session_description', 'o.session_description_enc', 'o.at', 'o.note_enc'])
    .where('o.org_id', '=', orgId)
    .where('o.user_id', 'in', [...userIds])
    .orderBy('o.at', 'desc')
    .execute();
  for (const r of rows) {
    const o: StoredObservation = {
      id: r.id,
      observerId: r.observer_id,
      observerWasCertifiedTrainer: r.observer_was_certified,
      scores: r.scores as Record<string, number>,
      at: new Date(r.at).toISOString(),
      eventId: r.event_id,
      eventTitle: r.event_title,
      groupSessionId: r.group_session_id,
      // Sealed since 0014; a row still in clear (written by an older server during an upgrade) reads as it is until the next start seals it.
      sessionDescription: r.session_description_enc !== null ? crypto.decrypt(r.session_description_enc) : r.session_description,
      note: r.note_enc ? crypto.decrypt(r.note_enc) : null,
    };
    out.set(r.user_id, [...(out.get(r.user_id) ?? []), o]);
  }
  return out;
}

export interface PromotionRow {
  id: string;
  from: PathwayStage;
  to: PromotedStage;
  approvedBy: string;
  approvedAt: string;
}

export async function promotionsOf(tx: Tx, orgId: string, userId: string): Promise<PromotionRow[]> {
  const rows = await tx.selectFrom('pathway_promotions').selectAll().where('org_id', '=', orgId).where('user_id', '=', userId).orderBy('approved_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, from: r.from_stage as PathwayStage, to: r.to_stage as PromotedStage, approvedBy: r.approved_by, approvedAt: new Date(r.approved_at).toISOString() }));
}

/** Display names of people (the observers and approvers in a history), username when none. */
export async function namesOf(tx: Tx, crypto: Crypto, userIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('users').select(['id', 'username', 'display_name_enc']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name_enc ? crypto.decrypt(r.display_name_enc) : r.username]));
}

export interface Facts {
  stages: Map<string, StageRow>;
  courses: Map<string, CompletedCourse[]>;
  coFacilitations: Map<string, CoFacilitated[]>;
  observations: Map<string, StoredObservation[]>;
}

/** The core's view of one person, from the facts read for their organisation. */
export function personFrom(userId: string, facts: Facts): PathwayPerson {
  return {
    personId: userId,
    stage: facts.stages.get(userId)?.stage ?? 'participant',
    coursesCompleted: (facts.courses.get(userId) ?? []).map((c) => c.courseId),
    coFacilitatedSessions: facts.coFacilitations.get(userId)?.length ?? 0,
    observations: facts.observations.get(userId) ?? [],
  };
}

// --- writes -----------------------------------------------------------------------------------

/** Whether the event can be named here: the organisation's own, or one published by any. */
export async function eventVisible(tx: Tx, eventId: string): Promise<boolean> {
  return !!(await tx.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst());
}

export async function groupSessionInOrg(tx: Tx, orgId: string, sessionId: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`select id from group_sessions where id = ${sessionId}::uuid and org_id = ${orgId}::uuid`.execute(tx);
  return rows.length > 0;
}

export async function insertObservation(tx: Tx, crypto: Crypto, orgId: string, userId: string, observerId: string, observerWasCertified: boolean, input: ObservationInput): Promise<string> {
  const id = newId();
  await tx
    .insertInto('pathway_observations')
    .values({
      id,
      org_id: orgId,
      user_id: userId,
      observer_id: observerId,
      observer_was_certified: observerWasCertified,
      scores: JSON.stringify(input.scores),
      event_id: input.eventId,
      group_session_id: input.groupSessionId,
      session_description_enc: input.sessionDescription !== null ? crypto.encrypt(input.sessionDescription) : null,
      at: input.at,
      note_enc: input.note ? crypto.encrypt(input.note) : null,
    })
    .execute();
  return id;
}

export async function insertCoFacilitation(tx: Tx, crypto: Crypto, orgId: string, userId: string, recordedBy: string, input: CoFacilitationInput): Promise<string> {
  const id = newId();
  try {
    await tx
      .insertInto('pathway_co_facilitations')
      .values({ id, org_id: orgId, user_id: userId, event_id: input.eventId, note_enc: input.note ? crypto.encrypt(input.note) : null, recorded_by: recordedBy })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new Problem('PATHWAY_CO_FACILITATION_RECORDED', {}, 'eventId');
    throw err;
  }
  return id;
}

/**
 * The person's stage row, locked for this transaction (made as a participant's when missing), so
 * two promotions of the same person run one after the other and the second sees the first.
 */
export async function lockStage(tx: Tx, orgId: string, userId: string): Promise<StageRow> {
  await tx.insertInto('pathway_stages').values({ org_id: orgId, user_id: userId, stage: 'participant', since: null }).onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing()).execute();
  const row = await tx.selectFrom('pathway_stages').selectAll().where('org_id', '=', orgId).where('user_id', '=', userId).forUpdate().executeTakeFirstOrThrow();
  return { stage: row.stage as PathwayStage, since: row.since ? new Date(row.since).toISOString() : null, version: row.version };
}

/** Moves the person from `from` to `to` and records who approved it; refused if the stage moved meanwhile. */
export async function recordPromotion(tx: Tx, orgId: string, userId: string, from: PathwayStage, to: PromotedStage, approvedBy: string): Promise<PromotionRow> {
  const at = new Date();
  const moved = await tx
    .updateTable('pathway_stages')
    .set((eb) => ({ stage: to, since: at, version: eb('version', '+', 1) }))
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('stage', '=', from)
    .returning('user_id')
    .executeTakeFirst();
  if (!moved) throw new Problem('PATHWAY_STAGE_CHANGED');
  const id = newId();
  try {
    await tx.insertInto('pathway_promotions').values({ id, org_id: orgId, user_id: userId, from_stage: from, to_stage: to, approved_by: approvedBy, approved_at: at }).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new Problem('PATHWAY_STAGE_CHANGED');
    throw err;
  }
  return { id, from, to, approvedBy, approvedAt: at.toISOString() };
}
