import { addDays } from '../../core/dates.ts';
import { attendanceHistory, occurrences, sessionStageObservations, stageMovement, stageTimeline, type AttendedSession, type GroupKind, type RecordGroupSessionArgs, type RecordStageOfChangeArgs, type Schedule, type Stage, type StageMovement, type StageObservation, type StageTimelineEntry } from '../../core/groups/index.ts';
import type { ItemLine } from '../../core/contacts/schema.ts';
import type { OutboxEntry, ServerData } from '../offline/engine.ts';
import type { SyncState } from '../offline/view.ts';

/**
 * Groups as the phone shows them (issue #7 §1): the pulled groups, sessions and stages with the
 * outbox laid over them, so a session recorded offline shows at once, marked as waiting.
 */
export interface GroupView {
  id: string;
  name: string;
  kind: GroupKind;
  siteId: string;
  facilitatorIds: string[];
  schedule: Schedule;
  active: boolean;
}

export interface SessionView {
  id: string;
  groupId: string;
  at: string;
  topic: string;
  facilitatorIds: string[];
  attendees: string[];
  anonymousCount: number;
  materials: ItemLine[];
  notes: string | null;
  recordedBy: string | null;
  state: SyncState;
}

/** A stage seen, pulled or waiting; `sourceId` is never null here (a stage on its own names itself). */
export type ObservationView = StageObservation & { id: string; state: SyncState };

export interface GroupsView {
  groups: GroupView[];
  /** Newest first. */
  sessions: SessionView[];
  observations: ObservationView[];
}

/** The organisation's time zone when the phone was not told one (DESIGN §3's default). */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** How far ahead the phone looks for a group's next meeting (as the server's list does). */
export const HORIZON_DAYS = 92;

const stateOf = (e: OutboxEntry): SyncState => (e.state === 'rejected' ? 'rejected' : 'pending');

export function buildGroupsView(data: ServerData, outbox: readonly OutboxEntry[], deviceUserId: string | null): GroupsView {
  const alias = new Map<string, string>();
  for (const c of data.clients) if (c.mergedInto) alias.set(c.id, c.mergedInto);
  const canonical = (id: string) => alias.get(id) ?? id;

  const groups: GroupView[] = data.groups.map((g) => ({ ...g, kind: g.kind as GroupKind }));
  const sessions: SessionView[] = data.groupSessions.map((s) => ({ ...s, attendees: s.attendees.map(canonical), state: 'synced' as const }));
  const observations: ObservationView[] = data.stageObservations.map((o) => ({
    id: o.id,
    clientId: canonical(o.clientId),
    stage: o.stage as Stage,
    at: o.at,
    source: o.source,
    sourceId: o.sourceId ?? o.id,
    state: 'synced' as const,
  }));
  const knownSessions = new Set(sessions.map((s) => s.id));
  const knownObservations = new Set(observations.map((o) => o.id));
  for (const e of outbox) {
    if (e.name === 'recordGroupSession') {
      const a = e.args as RecordGroupSessionArgs;
      if (knownSessions.has(a.sessionId)) continue;
      const state = stateOf(e);
      sessions.push({
        id: a.sessionId,
        groupId: a.groupId,
        at: a.at,
        topic: a.topic,
        facilitatorIds: a.facilitatorIds,
        attendees: a.attendees.map(canonical),
        anonymousCount: a.anonymousCount,
        materials: a.materials,
        notes: a.notes,
        recordedBy: deviceUserId,
        state,
      });
      for (const o of sessionStageObservations(a)) observations.push({ ...o, clientId: canonical(o.clientId), id: `${a.sessionId}:${o.clientId}`, state });
    }
    if (e.name === 'recordStageOfChange') {
      const a = e.args as RecordStageOfChangeArgs;
      if (knownObservations.has(a.observationId)) continue;
      observations.push({ id: a.observationId, clientId: canonical(a.clientId), stage: a.stage, at: a.at, source: 'contact', sourceId: a.contactId ?? a.observationId, state: stateOf(e) });
    }
  }
  sessions.sort((x, y) => Date.parse(y.at) - Date.parse(x.at));
  return { groups, sessions, observations };
}

/** The next day a group meets, from `today` on, within the horizon; null for none (or an inactive group). */
export function nextMeeting(group: Pick<GroupView, 'schedule' | 'active'>, today: string): string | null {
  if (!group.active) return null;
  return occurrences(group.schedule, today, addDays(today, HORIZON_DAYS))[0] ?? null;
}

/**
 * The groups a worker sees on the phone: active ones, theirs first (by next meeting, then name),
 * then the organisation's others (a stand-in may run a session).
 */
export function groupsFor(groups: readonly GroupView[], userId: string, today: string): { mine: GroupView[]; others: GroupView[] } {
  const byNext = (a: GroupView, b: GroupView) => (nextMeeting(a, today) ?? '9999') .localeCompare(nextMeeting(b, today) ?? '9999') || a.name.localeCompare(b.name);
  const active = groups.filter((g) => g.active).sort(byNext);
  return { mine: active.filter((g) => g.facilitatorIds.includes(userId)), others: active.filter((g) => !g.facilitatorIds.includes(userId)) };
}

export interface ClientGroups {
  /** The sessions the client came to, newest first, with their sync state. */
  attended: (AttendedSession & { state: SyncState })[];
  /** Oldest first (core `stageTimeline`); refused observations left out. */
  timeline: StageTimelineEntry[];
  movement: StageMovement;
}

/** A client's attendance and stage of change over time, counted in the organisation's time zone. */
export function clientGroups(view: GroupsView, clientId: string, timeZone: string): ClientGroups {
  const live = view.sessions.filter((s) => s.state !== 'rejected');
  const stateById = new Map(live.map((s) => [s.id, s.state]));
  const attended = attendanceHistory(
    live.map((s) => ({ sessionId: s.id, groupId: s.groupId, at: s.at, attendees: s.attendees })),
    clientId,
  )
    .map((a) => ({ ...a, state: stateById.get(a.sessionId) ?? ('synced' as const) }))
    .reverse();
  const timeline = stageTimeline(
    view.observations.filter((o) => o.state !== 'rejected'),
    clientId,
    timeZone,
  );
  return { attended, timeline, movement: stageMovement(timeline) };
}
