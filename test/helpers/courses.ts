import { randomBytes, randomUUID } from 'node:crypto';
import { dayIn } from '../../src/core/dates.ts';
import { newRegistrationCode } from '../../src/core/training/index.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { registrationCodeHash } from '../../src/server/events/store.ts';
import type { Client, TestApp } from './app.ts';

/** Today in Hà Nội, as the organisations made by seedOrg keep time. */
export const today = () => dayIn(new Date(), 'Asia/Ho_Chi_Minh');

export const QUESTIONS = [
  { id: 'q1', text: 'Câu hỏi mở giúp gì trong phỏng vấn tạo động lực?', options: ['Người nói tự nói lý do thay đổi', 'Rút ngắn buổi gặp', 'Kiểm tra người nói'], correct: [0] },
  { id: 'q2', text: 'Những vật phẩm nào giúp giảm hại khi dùng đá?', options: ['Ống hút riêng', 'Nước uống', 'Chia sẻ tẩu', 'Bao cao su'], correct: [0, 1, 3] },
  { id: 'q3', text: 'Khi một người nghe tiếng nói lạ, việc đầu tiên là gì?', options: ['Giữ an toàn và bình tĩnh', 'Tranh luận với họ'], correct: [0] },
  { id: 'q4', text: 'Phản hồi phản ánh là gì?', options: ['Nói lại ý của người nói', 'Đưa lời khuyên'], correct: [0] },
];

/** A course with the four-question test above, made over HTTP by a trainer; returns its id. */
export async function createCourseWithTest(trainer: Client, orgId: string, title = 'Phỏng vấn tạo động lực cơ bản'): Promise<string> {
  const made = await trainer.post(`/api/organisations/${orgId}/courses`, { title, modules: ['motivational_interviewing', 'commodities'], description: 'Hai buổi thực hành.' });
  if (made.status !== 201) throw new Error(`course: ${made.status} ${JSON.stringify(made.body)}`);
  const test = await trainer.request('PUT', `/api/organisations/${orgId}/courses/${made.body.id}/test`, { title: 'Kiểm tra MI', questions: QUESTIONS, passPercent: 75 });
  if (test.status !== 200) throw new Error(`test: ${test.status} ${JSON.stringify(test.body)}`);
  return made.body.id as string;
}

/**
 * A published event with registrations, written straight into the tables the events capability
 * owns (its routes are another part of issue #7), with the columns its migration requires.
 */
export async function seedEvent(
  t: TestApp,
  org: { orgId: string; userId: string },
  o: { days: string[]; courseId?: string | null; names: string[]; title?: string },
): Promise<{ eventId: string; registrations: { id: string; code: string; name: string }[] }> {
  return asSystem(t.ctx.db.kysely, async (tx) => {
    const eventId = randomUUID();
    const title = o.title ?? 'Tập huấn phỏng vấn tạo động lực';
    const details = {
      title,
      kind: 'training_course',
      mode: 'in_person',
      cost: { kind: 'free' },
      days: o.days,
      venue: 'Trung tâm cộng đồng',
      provinceId: 'ha-noi',
      ...(o.courseId ? { courseId: o.courseId } : {}),
      organisers: [{ name: 'Nhóm Thử Nghiệm', kind: 'network_org', orgId: org.orgId }],
      partners: [],
      chairs: [],
      speakers: [],
      agenda: [],
      capacity: 30,
      materials: [],
    };
    await tx
      .insertInto('events')
      .values({
        id: eventId,
        org_id: org.orgId,
        status: 'published',
        title,
        kind: 'training_course',
        mode: 'in_person',
        first_day: o.days[0]!,
        last_day: o.days.at(-1)!,
        province_id: 'ha-noi',
        course_id: o.courseId ?? null,
        capacity: 30,
        time_zone: 'Asia/Ho_Chi_Minh',
        details: JSON.stringify(details),
        created_by: org.userId,
        updated_by: org.userId,
      } as never)
      .execute();
    const registrations = [];
    for (const name of o.names) {
      const id = randomUUID();
      const code = newRegistrationCode((n) => randomBytes(n));
      await tx
        .insertInto('event_registrations')
        .values({
          id,
          org_id: org.orgId,
          event_id: eventId,
          // As the events capability stores it: the hash only (0013); the code is returned to the caller.
          code_hash: registrationCodeHash(t.ctx.crypto, code),
          name_enc: t.ctx.crypto.encrypt(name),
          details_enc: t.ctx.crypto.encrypt('{}'),
          province_id: 'ha-noi',
          country: null,
          user_id: null,
          via: 'public',
          consent_version: '1',
        } as never)
        .execute();
      registrations.push({ id, code, name });
    }
    return { eventId, registrations };
  });
}

export async function markPresent(t: TestApp, orgId: string, eventId: string, registrationId: string, days: string[]): Promise<void> {
  await asSystem(t.ctx.db.kysely, (tx) => tx.insertInto('event_attendance').values(days.map((day) => ({ org_id: orgId, event_id: eventId, registration_id: registrationId, day, by_user: null }))).execute());
}
