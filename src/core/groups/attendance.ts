import type { RecordGroupSessionArgs } from './schema.ts';

/** What attendance needs of a session record. */
export type SessionAttendance = Pick<RecordGroupSessionArgs, 'sessionId' | 'groupId' | 'at' | 'attendees'>;

export interface AttendedSession {
  sessionId: string;
  groupId: string;
  at: string;
}

/**
 * The sessions `clientId` came to, oldest first (by instant, whatever offset each was written
 * with; at the same instant by session id). A session that appears twice (a local copy and a
 * pulled one) counts once. People counted anonymously have no history, by design.
 */
export function attendanceHistory(sessions: readonly SessionAttendance[], clientId: string): AttendedSession[] {
  const attended = new Map<string, AttendedSession>();
  for (const s of sessions) if (s.attendees.includes(clientId)) attended.set(s.sessionId, { sessionId: s.sessionId, groupId: s.groupId, at: s.at });
  return [...attended.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
}
