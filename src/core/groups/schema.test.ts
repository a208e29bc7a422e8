import { describe, expect, it } from 'vitest';
import { GROUP_KIND_LABELS, GROUP_KINDS, Group, MAX_ANONYMOUS_COUNT, RecordGroupSessionArgs, sessionStageObservations } from './schema.ts';

const id = (n: number) => `0190c000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const firstMessage = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) => (r.success ? null : { message: r.error!.issues[0]!.message, path: r.error!.issues[0]!.path.join('.') });

describe('GROUP_KINDS', () => {
  it('lists the five kinds of issue #7, each named in Vietnamese and English', () => {
    expect(GROUP_KINDS).toEqual(['contemplation', 'motivational_interviewing', 'psychoeducation', 'peer_support', 'family_session']);
    for (const k of GROUP_KINDS) expect(GROUP_KIND_LABELS[k].vi.trim() && GROUP_KIND_LABELS[k].en.trim()).toBeTruthy();
  });
});

describe('Group', () => {
  const ok = {
    id: id(1),
    orgId: id(2),
    name: 'Nhóm chiều thứ Ba',
    kind: 'contemplation',
    facilitatorIds: [id(3), id(4)],
    siteId: id(5),
    schedule: { repeat: 'weekly', weekday: 'tuesday', startsOn: '2026-03-03', endsOn: null, time: '18:00' },
  };

  it('takes a group with facilitators, a site and a schedule', () => {
    expect(Group.parse(ok)).toEqual(ok);
    expect(Group.parse({ ...ok, name: '  Nhóm gia đình  ' }).name).toBe('Nhóm gia đình');
  });

  it('says what to fix', () => {
    expect(firstMessage(Group.safeParse({ ...ok, name: ' ' }))).toEqual({ message: 'Give the group a name', path: 'name' });
    expect(firstMessage(Group.safeParse({ ...ok, name: 'x'.repeat(81) }))).toEqual({ message: 'Keep the name under 80 characters', path: 'name' });
    expect(firstMessage(Group.safeParse({ ...ok, kind: 'yoga' }))).toEqual({ message: 'Choose the kind of group', path: 'kind' });
    expect(firstMessage(Group.safeParse({ ...ok, facilitatorIds: [] }))).toEqual({ message: 'Choose at least one facilitator', path: 'facilitatorIds' });
    expect(firstMessage(Group.safeParse({ ...ok, facilitatorIds: [id(3), id(3)] }))).toEqual({ message: 'Each facilitator may appear only once', path: 'facilitatorIds' });
    expect(firstMessage(Group.safeParse({ ...ok, schedule: { ...ok.schedule, endsOn: '2026-03-01' } }))).toEqual({ message: 'The end day must be on or after the start day', path: 'schedule.endsOn' });
  });
});

describe('RecordGroupSessionArgs', () => {
  const ok = {
    sessionId: id(10),
    groupId: id(1),
    at: '2026-03-03T18:00:00+07:00',
    topic: 'Cân nhắc được và mất khi dùng đá',
    facilitatorIds: [id(3)],
    attendees: [id(20), id(21)],
    anonymousCount: 2,
    materials: [{ itemId: id(30), quantity: 4 }],
    notes: 'Không khí cởi mở.',
    stages: [{ clientId: id(20), stage: 'contemplation' }],
  };

  it('takes a session; stages may be left out and then are none', () => {
    expect(RecordGroupSessionArgs.parse(ok)).toEqual(ok);
    const { stages: _, ...withoutStages } = ok;
    expect(RecordGroupSessionArgs.parse(withoutStages).stages).toEqual([]);
    expect(RecordGroupSessionArgs.safeParse({ ...ok, notes: null }).success).toBe(true);
  });

  it('counts anonymous people only: a session of people who gave no code is a session', () => {
    expect(RecordGroupSessionArgs.safeParse({ ...ok, attendees: [], stages: [], anonymousCount: 6 }).success).toBe(true);
  });

  it.each([
    [{ at: '2026-03-03T18:00:00' }, 'at', 'Invalid ISO datetime'],
    [{ topic: '  ' }, 'topic', 'Write the topic in a few words'],
    [{ topic: 'x'.repeat(201) }, 'topic', 'Keep the topic under 200 characters'],
    [{ facilitatorIds: [] }, 'facilitatorIds', 'Choose at least one facilitator'],
    [{ attendees: [id(20), id(20)], stages: [] }, 'attendees', 'Each client may be listed only once'],
    [{ anonymousCount: -1 }, 'anonymousCount', 'The anonymous count is 0 or more'],
    [{ anonymousCount: MAX_ANONYMOUS_COUNT + 1 }, 'anonymousCount', `The anonymous count is at most ${MAX_ANONYMOUS_COUNT}`],
    [{ anonymousCount: 1.5 }, 'anonymousCount', 'Count people in whole numbers'],
    [{ attendees: [], anonymousCount: 0, stages: [] }, 'attendees', 'Add who came, or count them in the anonymous count'],
    [{ materials: [{ itemId: id(30), quantity: 1 }, { itemId: id(30), quantity: 2 }] }, 'materials', 'Each item may appear only once; add up the quantity'],
    [{ notes: 'x'.repeat(2001) }, 'notes', 'Keep the notes under 2000 characters'],
    [{ stages: [{ clientId: id(99), stage: 'action' }] }, 'stages', 'Record a stage only for a client listed as attending'],
    [{ stages: [{ clientId: id(20), stage: 'action' }, { clientId: id(20), stage: 'preparation' }] }, 'stages', 'One stage per client'],
    [{ stages: [{ clientId: id(20), stage: 'ready' }] }, 'stages.0.stage', null],
  ])('refuses %o at %s', (change, path, message) => {
    const problem = firstMessage(RecordGroupSessionArgs.safeParse({ ...ok, ...change }));
    expect(problem?.path).toBe(path);
    if (message !== null) expect(problem?.message).toBe(message);
  });

  it('refuses fields it does not know (a strict contract for sync)', () => {
    expect(RecordGroupSessionArgs.safeParse({ ...ok, clientNames: ['A'] }).success).toBe(false);
  });
});

describe('sessionStageObservations', () => {
  it('makes one observation per stage recorded, at the session’s time, with the session as source', () => {
    const args = RecordGroupSessionArgs.parse({
      sessionId: id(10),
      groupId: id(1),
      at: '2026-03-03T18:00:00+07:00',
      topic: 'Phòng tái sử dụng',
      facilitatorIds: [id(3)],
      attendees: [id(20), id(21)],
      anonymousCount: 0,
      materials: [],
      notes: null,
      stages: [
        { clientId: id(21), stage: 'relapse' },
        { clientId: id(20), stage: 'action' },
      ],
    });
    expect(sessionStageObservations(args)).toEqual([
      { clientId: id(21), stage: 'relapse', at: args.at, source: 'session', sourceId: id(10) },
      { clientId: id(20), stage: 'action', at: args.at, source: 'session', sourceId: id(10) },
    ]);
  });
});
