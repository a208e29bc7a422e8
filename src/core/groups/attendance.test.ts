import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attendanceHistory, type SessionAttendance } from './attendance.ts';

const id = (n: number) => `0190d000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const A = id(1);
const B = id(2);
const G1 = id(100);
const G2 = id(101);
const session = (n: number, groupId: string, at: string, attendees: string[]): SessionAttendance => ({ sessionId: id(200 + n), groupId, at, attendees });

describe('attendanceHistory', () => {
  it('lists the sessions a client came to, oldest first, by instant whatever the offset', () => {
    const s1 = session(1, G1, '2026-03-10T18:00:00+07:00', [A, B]);
    const s2 = session(2, G2, '2026-03-03T18:00:00+07:00', [A]);
    const s3 = session(3, G1, '2026-03-17T18:00:00+07:00', [B]);
    const s4 = session(4, G2, '2026-03-10T10:30:00Z', [A]); // 17:30 in Hà Nội, before s1
    expect(attendanceHistory([s1, s2, s3, s4], A)).toEqual([
      { sessionId: s2.sessionId, groupId: G2, at: s2.at },
      { sessionId: s4.sessionId, groupId: G2, at: s4.at },
      { sessionId: s1.sessionId, groupId: G1, at: s1.at },
    ]);
    expect(attendanceHistory([s1, s2, s3, s4], B).map((x) => x.sessionId)).toEqual([s1.sessionId, s3.sessionId]);
  });

  it('is empty for a client who came to none', () => {
    expect(attendanceHistory([session(1, G1, '2026-03-10T18:00:00+07:00', [B])], A)).toEqual([]);
    expect(attendanceHistory([], A)).toEqual([]);
  });

  it('counts a session once even if it arrived twice (a resent mutation, a second pull)', () => {
    const s = session(1, G1, '2026-03-10T18:00:00+07:00', [A]);
    expect(attendanceHistory([s, { ...s }], A)).toHaveLength(1);
  });

  it('property: every entry is a session the client attended, each once, in time order, whatever the input order', () => {
    const arbSession = fc.record({
      n: fc.integer({ min: 0, max: 50 }),
      minutes: fc.integer({ min: 0, max: 60 * 24 * 90 }),
      withA: fc.boolean(),
      withB: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbSession, { selector: (s) => s.n }), (raw) => {
        const sessions = raw.map((r) => session(r.n, G1, new Date(Date.parse('2026-01-01T00:00:00Z') + r.minutes * 60_000).toISOString(), [...(r.withA ? [A] : []), ...(r.withB ? [B] : [])]));
        const h = attendanceHistory(sessions, A);
        expect(h.length).toBe(raw.filter((r) => r.withA).length);
        for (let i = 1; i < h.length; i++) expect(Date.parse(h[i]!.at)).toBeGreaterThanOrEqual(Date.parse(h[i - 1]!.at));
        expect(attendanceHistory([...sessions].reverse(), A)).toEqual(h);
      }),
    );
  });
});
