import { v7 as uuidv7 } from 'uuid';
import { addDays, dayIn } from '../../core/dates.ts';
import { occurrences, STAGES, type GroupKind, type RecordGroupSessionArgs, type Schedule, type Stage } from '../../core/groups/index.ts';
import { APPLIERS } from '../sync/appliers.ts';
import type { Batch } from '../sync/batch.ts';

const DEMO_GROUPS: { name: string; kind: GroupKind; schedule: (start: string) => Schedule; topics: string[] }[] = [
  {
    name: 'Nhóm cân nhắc thứ Ba',
    kind: 'contemplation',
    schedule: (start) => ({ repeat: 'weekly', weekday: 'tuesday', startsOn: start, endsOn: null, time: '18:00' }),
    topics: ['Điều tôi được và mất khi dùng', 'Một ngày bình thường của tôi', 'Giấc ngủ và cơ thể', 'Những người quan trọng với tôi', 'Một thay đổi nhỏ tuần này'],
  },
  {
    name: 'Nhóm hỗ trợ đồng đẳng cuối tuần',
    kind: 'peer_support',
    schedule: (start) => ({ repeat: 'fortnightly', weekday: 'saturday', startsOn: start, endsOn: null, time: '09:30' }),
    topics: ['Chia sẻ tuần qua', 'Giữ an toàn khi dùng', 'Tìm việc làm', 'Gia đình và bạn bè'],
  },
];

/**
 * Two groups of a demo organisation and the sessions they held over the last ten weeks, recorded
 * through the `recordGroupSession` applier (so they obey its rules), with a few stages of change
 * that move forward, back and round again as the model expects. `clients` are those registered in
 * the same batch; the Vietnamese time zone is the demo organisations'.
 */
export async function seedDemoGroups(
  b: Batch,
  next: () => number,
  clients: readonly { clientId: string; registeredAt: Date }[],
  siteId: string,
  facilitatorId: string,
  iecIds: readonly string[],
): Promise<void> {
  const timeZone = 'Asia/Ho_Chi_Minh';
  const today = dayIn(b.now, timeZone);
  const start = addDays(today, -70);
  const stageOf = new Map<string, number>();
  await b.flush();
  for (const [n, demo] of DEMO_GROUPS.entries()) {
    const groupId = uuidv7();
    const schedule = demo.schedule(start);
    await b.tx
      .insertInto('groups')
      .values({ id: groupId, org_id: b.orgId, name: demo.name, kind: demo.kind, site_id: siteId, facilitator_ids: [facilitatorId], schedule: JSON.stringify(schedule), active: true, created_by: facilitatorId, version: b.nextVersion() })
      .execute();
    b.record('group.create', 'group', groupId);
    for (const [i, day] of occurrences(schedule, start, addDays(today, -1)).entries()) {
      const at = `${day}T${schedule.time}:00+07:00`;
      const eligible = clients.filter((c) => c.registeredAt.getTime() < Date.parse(at));
      const attendees = [...new Set(Array.from({ length: 3 + Math.floor(next() * 5) }, () => eligible[Math.floor(next() * eligible.length)]?.clientId).filter((x): x is string => !!x))];
      const stages = attendees
        .filter(() => next() < 0.4)
        .map((clientId) => {
          // Mostly a step forward, sometimes back, now and then a relapse and a fresh start.
          const was = stageOf.get(clientId) ?? Math.floor(next() * 2);
          const r = next();
          const now = r < 0.1 ? 5 : was === 5 ? 1 : r < 0.75 ? Math.min(4, was + 1) : Math.max(0, was - 1);
          stageOf.set(clientId, now);
          return { clientId, stage: STAGES[now] as Stage };
        });
      const session: RecordGroupSessionArgs = {
        sessionId: uuidv7(),
        groupId,
        at,
        topic: demo.topics[(i + n) % demo.topics.length]!,
        facilitatorIds: [facilitatorId],
        attendees,
        anonymousCount: attendees.length === 0 ? 2 : Math.floor(next() * 4),
        materials: iecIds.length && next() < 0.5 ? [{ itemId: iecIds[Math.floor(next() * iecIds.length)]!, quantity: 2 + Math.floor(next() * 6) }] : [],
        notes: next() < 0.3 ? 'Nhóm sôi nổi; một thành viên muốn gặp riêng tuần sau' : null,
        stages,
      };
      await APPLIERS.recordGroupSession(b, session, { id: 0, at: new Date(at) });
    }
  }
}
