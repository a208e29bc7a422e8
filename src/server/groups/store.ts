import type { Selectable } from 'kysely';
import { addDays, dayIn } from '../../core/dates.ts';
import { Problem } from '../../core/errors/outcome.ts';
import {
  attendanceHistory,
  NEXT_MEETINGS_HORIZON_DAYS,
  NEXT_MEETINGS_SHOWN,
  MAX_GROUP_SESSIONS,
  occurrences,
  Schedule,
  stageMovement,
  stageTimeline,
  type ClientGroupHistory,
  type CreateGroupBody,
  type EditGroupBody,
  type GroupKind,
  type GroupListItem,
  type GroupSession,
  type Stage,
  type StaffMember,
} from '../../core/groups/index.ts';
import type { Crypto } from '../db/crypto.ts';
import type { GroupSessionsTable, GroupsTable } from '../db/schema.ts';
import type { Tx } from '../db/scope.ts';
import { nextVersion } from '../sync/versions.ts';

const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Each of `ids` that is a client of the organisation → the client it stands for (itself, or the one it was merged into). */
export async function canonicalClients(tx: Tx, orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('clients').select(['id', 'merged_into']).where('org_id', '=', orgId).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.merged_into ?? r.id]));
}

/**
 * The organisation's people who may facilitate: active accounts with a role there (any role: a
 * clinician may run psychoeducation, a peer worker a support group), by name. Their display name
 * (sealed, like every name) or else their username; nothing more.
 */
export async function listStaff(tx: Tx, crypto: Crypto, orgId: string): Promise<StaffMember[]> {
  const rows = await tx
    .selectFrom('users as u')
    .select(['u.id', 'u.username', 'u.display_name_enc'])
    .where('u.active', '=', true)
    .where((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.user_id').whereRef('m.user_id', '=', 'u.id').where('m.org_id', '=', orgId)))
    .execute();
  return rows
    .map((r) => ({ id: r.id, displayName: r.display_name_enc ? crypto.decrypt(r.display_name_enc) : r.username }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi') || (a.id < b.id ? -1 : 1));
}

export async function orgTimeZone(tx: Tx, orgId: string): Promise<string> {
  const org = await tx.selectFrom('organisations').select('time_zone').where('id', '=', orgId).executeTakeFirst();
  return org?.time_zone ?? DEFAULT_TIME_ZONE;
}

/** The next planned meeting days from `today` (the organisation's calendar); none for an inactive group. */
export function nextMeetings(schedule: Schedule, active: boolean, today: string): string[] {
  if (!active) return [];
  return occurrences(schedule, today, addDays(today, NEXT_MEETINGS_HORIZON_DAYS)).slice(0, NEXT_MEETINGS_SHOWN);
}

type GroupRow = Selectable<GroupsTable>;

function groupItem(row: GroupRow, today: string, held: { count: number; last: Date | string | null } | undefined): GroupListItem {
  const schedule = Schedule.parse(row.schedule);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as GroupKind,
    siteId: row.site_id,
    facilitatorIds: row.facilitator_ids,
    schedule,
    active: row.active,
    nextMeetings: nextMeetings(schedule, row.active, today),
    sessionCount: held?.count ?? 0,
    lastSessionAt: held?.last ? new Date(held.last).toISOString() : null,
  };
}

async function sessionsHeld(tx: Tx, orgId: string, groupIds: readonly string[]): Promise<Map<string, { count: number; last: Date | string | null }>> {
  if (groupIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('group_sessions')
    .select((eb) => ['group_id', eb.fn.countAll<string>().as('count'), eb.fn.max('at').as('last')])
    .where('org_id', '=', orgId)
    .where('group_id', 'in', [...groupIds])
    .groupBy('group_id')
    .execute();
  return new Map(rows.map((r) => [r.group_id, { count: Number(r.count), last: r.last }]));
}

/** The organisation's groups, active first, then by name, with their next meetings counted from `today`. */
export async function listGroups(tx: Tx, orgId: string, today: string): Promise<GroupListItem[]> {
  const rows = await tx.selectFrom('groups').selectAll().where('org_id', '=', orgId).execute();
  const held = await sessionsHeld(tx, orgId, rows.map((r) => r.id));
  return rows
    .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'vi') || (a.id < b.id ? -1 : 1))
    .map((r) => groupItem(r, today, held.get(r.id)));
}

export async function findGroup(tx: Tx, orgId: string, groupId: string, today: string): Promise<GroupListItem | null> {
  const row = await tx.selectFrom('groups').selectAll().where('org_id', '=', orgId).where('id', '=', groupId).executeTakeFirst();
  if (!row) return null;
  return groupItem(row, today, (await sessionsHeld(tx, orgId, [row.id])).get(row.id));
}

/** What a manager's group must name that a schema cannot check: an active site, facilitators who work here now, a free name. */
async function checkGroup(tx: Tx, orgId: string, body: EditGroupBody): Promise<void> {
  if (body.siteId !== undefined) {
    const site = await tx.selectFrom('sites').select('id').where('org_id', '=', orgId).where('id', '=', body.siteId).where('active', '=', true).executeTakeFirst();
    if (!site) throw new Problem('SITE_NOT_FOUND', {}, 'siteId');
  }
  if (body.facilitatorIds !== undefined) {
    const staff = new Set(
      (
        await tx
          .selectFrom('users as u')
          .innerJoin('memberships as m', 'm.user_id', 'u.id')
          .select('u.id')
          .where('m.org_id', '=', orgId)
          .where('u.active', '=', true)
          .where('u.id', 'in', body.facilitatorIds)
          .execute()
      ).map((r) => r.id),
    );
    const missing = body.facilitatorIds.findIndex((id) => !staff.has(id));
    if (missing >= 0) throw new Problem('FACILITATOR_NOT_FOUND', {}, `facilitatorIds.${missing}`);
  }
}

/** Two managers naming groups alike at the same moment: the unique index answers for the later one. */
async function orNameTaken<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new Problem('GROUP_NAME_TAKEN', {}, 'name');
    throw err;
  }
}

async function nameTaken(tx: Tx, orgId: string, name: string, exceptId: string | null): Promise<boolean> {
  let q = tx
    .selectFrom('groups')
    .select('id')
    .where('org_id', '=', orgId)
    .where('active', '=', true)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Creates a group under a new version of the organisation, so phones get it at their next pull. */
export async function createGroup(tx: Tx, orgId: string, userId: string, id: string, body: CreateGroupBody): Promise<void> {
  await checkGroup(tx, orgId, body);
  if (await nameTaken(tx, orgId, body.name, null)) throw new Problem('GROUP_NAME_TAKEN', {}, 'name');
  const version = await nextVersion(tx, orgId);
  await orNameTaken(
    tx
      .insertInto('groups')
      .values({
        id,
        org_id: orgId,
        name: body.name,
        kind: body.kind,
        site_id: body.siteId,
        facilitator_ids: body.facilitatorIds,
        schedule: JSON.stringify(body.schedule),
        active: true,
        created_by: userId,
        version,
      })
      .execute(),
  );
}

/** Changes a group (or deactivates it) under a new version; false when the organisation has no such group. */
export async function editGroup(tx: Tx, orgId: string, groupId: string, body: EditGroupBody): Promise<boolean> {
  const row = await tx.selectFrom('groups').select(['id', 'name', 'active']).where('org_id', '=', orgId).where('id', '=', groupId).forUpdate().executeTakeFirst();
  if (!row) return false;
  await checkGroup(tx, orgId, body);
  const name = body.name ?? row.name;
  const active = body.active ?? row.active;
  if (active && (body.name !== undefined || (body.active === true && !row.active)) && (await nameTaken(tx, orgId, name, groupId))) throw new Problem('GROUP_NAME_TAKEN', {}, 'name');
  const version = await nextVersion(tx, orgId);
  await orNameTaken(
    tx
      .updateTable('groups')
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.kind !== undefined ? { kind: body.kind } : {}),
        ...(body.siteId !== undefined ? { site_id: body.siteId } : {}),
        ...(body.facilitatorIds !== undefined ? { facilitator_ids: body.facilitatorIds } : {}),
        ...(body.schedule !== undefined ? { schedule: JSON.stringify(body.schedule) } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
        updated_at: new Date(),
        version,
      })
      .where('org_id', '=', orgId)
      .where('id', '=', groupId)
      .execute(),
  );
  return true;
}

type SessionRow = Selectable<GroupSessionsTable>;

/**
 * A session's topic, opened (sealed since 0014). A row still in clear was written by an older server
 * sharing the database during an upgrade; it reads as it is until the next start seals it.
 */
export function topicOf(crypto: Crypto, row: { topic: string | null; topic_enc: string | null }): string {
  return row.topic_enc !== null ? crypto.decrypt(row.topic_enc) : (row.topic ?? '');
}

/** Sessions as the pages show them: topic and notes opened, attendees with their display code, the stages seen. */
export async function sessionsOut(tx: Tx, crypto: Crypto, orgId: string, sessions: readonly SessionRow[]): Promise<GroupSession[]> {
  const ids = sessions.map((s) => s.id);
  const attendance = ids.length
    ? await tx
        .selectFrom('group_attendance as a')
        .innerJoin('clients as c', 'c.id', 'a.client_id')
        .select(['a.session_id', 'a.client_id', 'c.uic_enc'])
        .where('a.org_id', '=', orgId)
        .where('a.session_id', 'in', ids)
        .execute()
    : [];
  const stages = ids.length
    ? await tx.selectFrom('stage_observations').select(['source_id', 'client_id', 'stage']).where('org_id', '=', orgId).where('source', '=', 'session').where('source_id', 'in', ids).execute()
    : [];
  return sessions.map((s) => ({
    id: s.id,
    groupId: s.group_id,
    at: new Date(s.at).toISOString(),
    topic: topicOf(crypto, s),
    facilitatorIds: s.facilitator_ids,
    attendees: attendance
      .filter((a) => a.session_id === s.id)
      .map((a) => ({ clientId: a.client_id, uic: crypto.decrypt(a.uic_enc) }))
      .sort((a, b) => a.uic.localeCompare(b.uic)),
    anonymousCount: s.anonymous_count,
    materials: s.materials as GroupSession['materials'],
    notes: s.notes_enc ? crypto.decrypt(s.notes_enc) : null,
    stages: stages.filter((x) => x.source_id === s.id).map((x) => ({ clientId: x.client_id, stage: x.stage as Stage })),
    recordedBy: s.recorded_by,
  }));
}

/** A group's sessions, newest first. */
export async function listGroupSessions(tx: Tx, crypto: Crypto, orgId: string, groupId: string): Promise<GroupSession[]> {
  const rows = await tx.selectFrom('group_sessions').selectAll().where('org_id', '=', orgId).where('group_id', '=', groupId).orderBy('at', 'desc').orderBy('id', 'desc').limit(MAX_GROUP_SESSIONS).execute();
  return sessionsOut(tx, crypto, orgId, rows);
}

/**
 * A client's group history: the sessions the person came to (under this id or any id merged into
 * it), and their stages over time in the organisation's time zone. `clientId` is the canonical id.
 */
export async function clientGroupHistory(tx: Tx, crypto: Crypto, orgId: string, clientId: string, timeZone: string): Promise<ClientGroupHistory> {
  const aliases = await tx.selectFrom('clients').select('id').where('org_id', '=', orgId).where('merged_into', '=', clientId).execute();
  const ids = [clientId, ...aliases.map((a) => a.id)];
  const attended = await tx
    .selectFrom('group_attendance as a')
    .innerJoin('group_sessions as s', 's.id', 'a.session_id')
    .innerJoin('groups as g', 'g.id', 's.group_id')
    .select(['s.id', 's.group_id', 's.at', 's.topic', 's.topic_enc', 'g.name', 'g.kind'])
    .where('a.org_id', '=', orgId)
    .where('a.client_id', 'in', ids)
    .execute();
  const bySession = new Map(attended.map((r) => [r.id, r]));
  const history = attendanceHistory(
    attended.map((r) => ({ sessionId: r.id, groupId: r.group_id, at: new Date(r.at).toISOString(), attendees: [clientId] })),
    clientId,
  );
  const observed = await tx.selectFrom('stage_observations').select(['id', 'stage', 'at', 'source', 'source_id']).where('org_id', '=', orgId).where('client_id', 'in', ids).execute();
  // A stage recorded on its own has no source; the timeline orders it by its own (UUIDv7) id.
  const own = new Set(observed.filter((o) => o.source_id === null).map((o) => o.id));
  const timeline = stageTimeline(
    observed.map((o) => ({ clientId, stage: o.stage as Stage, at: new Date(o.at).toISOString(), source: o.source, sourceId: o.source_id ?? o.id })),
    clientId,
    timeZone,
  );
  return {
    clientId,
    attendance: history.map((h) => {
      const r = bySession.get(h.sessionId)!;
      return { sessionId: h.sessionId, groupId: h.groupId, groupName: r.name, groupKind: r.kind as GroupKind, at: h.at, topic: topicOf(crypto, r) };
    }),
    stages: timeline.map((e) => ({ day: e.day, stage: e.stage, at: e.at, source: e.source, sourceId: own.has(e.sourceId) ? null : e.sourceId })),
    movement: stageMovement(timeline),
  };
}

/** The organisation's calendar day now. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return dayIn(now, timeZone);
}
