import { addDays, dayIn } from '../../core/dates.ts';
import type { VisitInput } from '../../core/visits/schema.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Tx } from '../db/scope.ts';
import { changeVisitStatus, insertFeedback, insertVisit } from './store.ts';

/**
 * Invented exchange visits for the demo network (`fieldlab demo`): two groups that came in the
 * last weeks, with feedback, and one that is coming. Every organisation and name is made up.
 */
export async function seedDemoVisits(tx: Tx, crypto: Crypto, orgId: string, managerId: string, now = new Date()): Promise<void> {
  const today = dayIn(now, 'Asia/Ho_Chi_Minh');
  const sites = await tx.selectFrom('sites').select('id').where('org_id', '=', orgId).orderBy('name').execute();
  const siteId = sites[0]?.id;
  const came = (days: number): Pick<VisitInput, 'from' | 'to'> => ({ from: addDays(today, -days), to: addDays(today, -days + 1) });
  const visits: Array<{ input: VisitInput; done: boolean; feedback: Parameters<typeof insertFeedback>[5][] }> = [
    {
      input: {
        visitorName: 'Mạng lưới Đồng đẳng Viêng Chăn (demo)',
        visitorKind: 'ngo',
        country: 'LA',
        people: 6,
        ...came(10),
        programme: [
          { day: addDays(today, -10), start: '09:00', end: '11:00', activity: 'drop_in', ...(siteId ? { siteId } : {}), staff: 'Chị Mai (demo)' },
          { day: addDays(today, -9), start: '19:00', activity: 'outreach', title: 'Đi cùng nhóm tiếp cận buổi tối' },
        ],
      },
      done: true,
      feedback: [
        { respondent: 'group', ratings: { programme: 5, services: 5, hosts: 5, usefulness: 4 }, takeHome: 'Cách đón người mới ở điểm hỗ trợ.' },
        { respondent: 'person', ratings: { programme: 4, usefulness: 5 } },
      ],
    },
    {
      input: { visitorName: 'Sở Y tế Nghệ An (demo)', visitorKind: 'ministry', provinceId: 'nghe-an', people: 4, ...came(40), programme: [{ day: addDays(today, -40), start: '14:00', activity: 'contemplation_group' }] },
      done: true,
      feedback: [{ respondent: 'group', ratings: { programme: 4, hosts: 5 } }],
    },
    { input: { visitorName: 'Trường Đại học Y tế công cộng (demo)', visitorKind: 'university', provinceId: 'ha-noi', people: 12, from: addDays(today, 20), to: addDays(today, 20), programme: [] }, done: false, feedback: [] },
  ];
  for (const v of visits) {
    const visit = await insertVisit(tx, orgId, managerId, v.input);
    if (!v.done) continue;
    await changeVisitStatus(tx, orgId, managerId, visit.id, 'done');
    for (const f of v.feedback) await insertFeedback(tx, crypto, orgId, managerId, visit.id, f);
  }
}
