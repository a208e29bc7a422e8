import { describe, expect, it } from 'vitest';
import { emptyData, type OutboxEntry, type ServerData } from '../offline/engine.ts';
import { buildGroupsView, clientGroups, groupsFor, nextMeeting } from './view.ts';

const G1 = '01900000-0000-7000-8000-000000000001';
const G2 = '01900000-0000-7000-8000-000000000002';
const ME = '01900000-0000-7000-8000-0000000000aa';
const C1 = '01900000-0000-7000-8000-0000000000c1';
const C2 = '01900000-0000-7000-8000-0000000000c2';
const ALIAS = '01900000-0000-7000-8000-0000000000c9';

const weekly = { repeat: 'weekly' as const, weekday: 'tuesday' as const, startsOn: '2026-11-01', endsOn: null, time: '18:30' };
const profile = { nickname: null, phone: null, birthYear: null, sexAtBirth: null, genderIdentity: 'man', keyPopulations: [], substances: [], routes: [], provinceId: 'ha-noi', siteId: 's1', referralSource: 'peer' };

const data: ServerData = {
  ...emptyData(),
  clients: [
    { id: C1, uic: 'HOTUM95', mergedInto: null, profile, profileVersion: 1, registeredAt: '2026-10-01T00:00:00Z' },
    { id: ALIAS, uic: 'HOTUM95', mergedInto: C1, profile, profileVersion: 1, registeredAt: '2026-10-02T00:00:00Z' },
  ],
  groups: [
    { id: G1, name: 'Tối thứ Ba', kind: 'contemplation', siteId: 's1', facilitatorIds: [ME], schedule: weekly, active: true },
    { id: G2, name: 'Gia đình', kind: 'family_session', siteId: 's1', facilitatorIds: ['other'], schedule: { repeat: 'once', on: '2026-12-20', time: '09:00' }, active: true },
  ],
  groupSessions: [{ id: 's-old', groupId: G1, at: '2026-11-10T11:30:00Z', topic: 'Giấc ngủ', facilitatorIds: [ME], attendees: [ALIAS], anonymousCount: 2, materials: [], notes: null, recordedBy: ME }],
  stageObservations: [
    { id: 'o1', clientId: C1, stage: 'precontemplation', at: '2026-11-03T03:00:00Z', source: 'contact', sourceId: null },
    { id: 'o2', clientId: ALIAS, stage: 'contemplation', at: '2026-11-10T11:30:00Z', source: 'session', sourceId: 's-old' },
  ],
};

const entry = (id: number, name: OutboxEntry['name'], args: unknown, state: OutboxEntry['state'] = 'pending'): OutboxEntry => ({ id, name, args, clientTime: '2026-11-24T12:00:00Z', schemaVersion: 1, state });
const session = (sessionId: string, at: string, attendees: string[], stages: { clientId: string; stage: string }[] = []) => ({ sessionId, groupId: G1, at, topic: 'Điều gì giúp tôi', facilitatorIds: [ME], attendees, anonymousCount: 3, materials: [], notes: null, stages });

describe('buildGroupsView', () => {
  it('lays sessions and stages waiting in the outbox over the pulled ones, with merged clients folded in', () => {
    const view = buildGroupsView(data, [entry(1, 'recordGroupSession', session('s-new', '2026-11-24T11:30:00Z', [C1, C2], [{ clientId: C1, stage: 'preparation' }]))], ME);
    expect(view.sessions.map((s) => [s.id, s.state])).toEqual([
      ['s-new', 'pending'],
      ['s-old', 'synced'],
    ]);
    expect(view.sessions[1]!.attendees).toEqual([C1]);
    expect(view.observations.filter((o) => o.clientId === C1).map((o) => o.stage)).toEqual(['precontemplation', 'contemplation', 'preparation']);
    // A pulled session is not counted twice when its mutation is still in the outbox.
    expect(buildGroupsView(data, [entry(1, 'recordGroupSession', session('s-old', '2026-11-10T11:30:00Z', [C1]))], ME).sessions).toHaveLength(1);
  });

  it('gives a client attendance (newest first) and a stage timeline that leaves refused records out', () => {
    const outbox = [
      entry(1, 'recordGroupSession', session('s-new', '2026-11-24T11:30:00Z', [C1], [{ clientId: C1, stage: 'action' }])),
      entry(2, 'recordStageOfChange', { observationId: 'o9', clientId: C1, stage: 'relapse', at: '2026-11-25T03:00:00Z', contactId: null }, 'rejected'),
    ];
    const mine = clientGroups(buildGroupsView(data, outbox, ME), C1, 'Asia/Ho_Chi_Minh');
    expect(mine.attended.map((a) => [a.sessionId, a.state])).toEqual([
      ['s-new', 'pending'],
      ['s-old', 'synced'],
    ]);
    expect(mine.timeline.map((e) => [e.day, e.stage])).toEqual([
      ['2026-11-03', 'precontemplation'],
      ['2026-11-10', 'contemplation'],
      ['2026-11-24', 'action'],
    ]);
    expect(mine.movement).toBe('forward');
    expect(clientGroups(buildGroupsView(data, [], ME), C2, 'Asia/Ho_Chi_Minh')).toEqual({ attended: [], timeline: [], movement: 'same' });
  });
});

describe('the worker’s groups', () => {
  it('puts the groups they facilitate first and finds each one’s next meeting from today', () => {
    const view = buildGroupsView(data, [], ME);
    const { mine, others } = groupsFor(view.groups, ME, '2026-11-25');
    expect(mine.map((g) => g.id)).toEqual([G1]);
    expect(others.map((g) => g.id)).toEqual([G2]);
    expect(nextMeeting(mine[0]!, '2026-11-25')).toBe('2026-12-01');
    expect(nextMeeting(mine[0]!, '2026-12-01')).toBe('2026-12-01');
    expect(nextMeeting(others[0]!, '2026-12-21')).toBeNull();
    expect(nextMeeting({ ...mine[0]!, active: false }, '2026-11-25')).toBeNull();
  });
});
