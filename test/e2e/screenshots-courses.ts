/**
 * Pictures of the courses, tests and certificates screens (issue #7 §2), in Vietnamese and
 * English, on a 360×740 phone and a 1280×800 desktop, for people to look at (diacritics,
 * thumb-sized choices, the certificate), and the certificate PDF in each language as PNG:
 *
 *   npx tsx test/e2e/screenshots-courses.ts   → screenshots/courses/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * organisation, its trainer, a partner organisation's course, a two-day workshop teaching a course
 * with a test, and four participants at different points; and drives Debian's Chromium. Not a test.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addDays, dayIn } from '../../src/core/dates.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertOrganisation } from '../../src/server/organisations/store.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { call, go, login, openAs, type Pass, settle, shot, takeScreenshots } from '../helpers/shots.ts';

const today = dayIn(new Date(), 'Asia/Ho_Chi_Minh');
const QUESTIONS = [
  { id: 'q1', text: 'Trong phỏng vấn tạo động lực, câu hỏi mở giúp gì?', options: ['Để người nói tự nói ra lý do thay đổi', 'Để buổi gặp ngắn hơn', 'Để kiểm tra người nói có nói thật không'], correct: [0] },
  { id: 'q2', text: 'Những vật phẩm nào giúp giảm hại khi dùng đá?', options: ['Ống hút riêng, không dùng chung', 'Nước uống và đồ ăn nhẹ', 'Chia sẻ tẩu với bạn bè', 'Bao cao su và chất bôi trơn'], correct: [0, 1, 3] },
  { id: 'q3', text: 'Khi một người nghe thấy tiếng nói lạ và hoảng sợ, việc đầu tiên nên làm là gì?', options: ['Giữ an toàn, nói chậm và bình tĩnh', 'Tranh luận rằng tiếng nói đó không có thật'], correct: [0] },
  { id: 'q4', text: 'Phản hồi phản ánh là gì?', options: ['Nói lại ý người kia vừa nói bằng lời của mình', 'Đưa ra lời khuyên ngay'], correct: [0] },
];
const RIGHT = { q1: [0], q2: [0, 1, 3], q3: [0], q4: [0] };
const HALF = { q1: [0], q2: [0], q3: [1], q4: [0] };

async function seed(t: TestApp) {
  const names = { trainer: 'giangvien.que' };
  const { orgId, partnerId } = await asSystem(t.ctx.db.kysely, async (tx) => {
    const org = await insertOrganisation(tx, { name: 'Nhóm Cầu Vồng (thử)', kind: 'community_organisation', provinceId: 'ha-noi', timeZone: 'Asia/Ho_Chi_Minh' });
    const partner = await insertOrganisation(tx, { name: 'Trung tâm Hướng Dương (thử)', kind: 'community_organisation', provinceId: 'ho-chi-minh', timeZone: 'Asia/Ho_Chi_Minh' });
    await insertUser(tx, t.ctx.crypto, { username: names.trainer, displayName: 'Quế Chi', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.id, role: 'trainer' }] });
    await insertUser(tx, t.ctx.crypto, { username: 'giangvien.gio', displayName: 'Gió Nam', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: partner.id, role: 'trainer' }] });
    return { orgId: org.id, partnerId: partner.id };
  });
  const trainer = await login(t, names.trainer);
  const partnerTrainer = await login(t, 'giangvien.gio');
  await call(t, 'POST', `/api/organisations/${partnerId}/courses`, { title: 'Điều phối nhóm cân nhắc thay đổi', modules: ['contemplation_groups', 'attracting_new_people'] }, partnerTrainer);
  const course = (
    await call(t, 'POST', `/api/organisations/${orgId}/courses`, { title: 'Phỏng vấn tạo động lực cho nhân viên tiếp cận', modules: ['motivational_interviewing', 'commodities', 'outreach'], description: 'Hai buổi thực hành theo cặp và đóng vai.' }, trainer)
  ).body;
  await call(t, 'PUT', `/api/organisations/${orgId}/courses/${course.id}/test`, { title: 'Kiểm tra kiến thức MI', questions: QUESTIONS, passPercent: 75 }, trainer);
  const draft = await call(t, 'POST', `/api/organisations/${orgId}/courses`, { title: 'Ứng phó ban đầu về sức khỏe tâm thần', modules: ['mental_health_first_response'] }, trainer);
  const days = [today, addDays(today, 1)];
  const event = {
    title: 'Tập huấn phỏng vấn tạo động lực (Hà Nội)',
    kind: 'training_course',
    mode: 'in_person',
    cost: { kind: 'free' },
    days,
    venue: 'Phòng họp tầng 2, 12 phố Thử Nghiệm',
    provinceId: 'ha-noi',
    courseId: course.id,
    organisers: [
      { name: 'Nhóm Cầu Vồng (thử)', kind: 'network_org', orgId },
      { name: 'Trung tâm Hướng Dương (thử)', kind: 'network_org', orgId: partnerId },
    ],
    partners: [],
    chairs: [],
    speakers: [],
    agenda: [],
    capacity: 30,
    materials: [],
  };
  const e = (await call(t, 'POST', `/api/organisations/${orgId}/events`, { event }, trainer)).body;
  await call(t, 'POST', `/api/organisations/${orgId}/events/${e.id}/publish`, { version: e.version }, trainer);
  await call(t, 'PUT', `/api/organisations/${orgId}/events/${e.id}/course`, { courseId: course.id }, trainer);
  const register = async (displayName: string) => (await call(t, 'POST', `/api/public/events/${e.id}/registrations`, { displayName, provinceId: 'ha-noi', consent: true })).body.code as string;
  const people = { may: await register('Bạn Mây Hồng'), song: await register('Anh Sóng Biển'), lua: await register('Chị Lúa Vàng'), gio: await register('Em Gió Đông') };
  const sit = (code: string, phase: 'pre' | 'post', answers: Record<string, number[]>) => call(t, 'POST', `/api/public/registrations/${code}/test/${phase}`, { answers });
  await sit(people.may, 'pre', HALF);
  await sit(people.may, 'post', RIGHT);
  await sit(people.song, 'pre', HALF);
  await sit(people.song, 'post', HALF);
  await sit(people.lua, 'pre', RIGHT);
  for (const code of [people.may, people.song, people.lua]) for (const day of days) await call(t, 'POST', `/api/organisations/${orgId}/events/${e.id}/check-in`, { code, day }, trainer);
  await call(t, 'POST', `/api/organisations/${orgId}/events/${e.id}/certificates`, { kind: 'eligible', lang: 'vi' }, trainer);
  const results = (await call(t, 'GET', `/api/organisations/${orgId}/events/${e.id}/results`, undefined, trainer)).body;
  const byName = (n: string) => results.participants.find((p: { name: string }) => p.name === n);
  const lua = byName('Chị Lúa Vàng');
  const byHand = (await call(t, 'POST', `/api/organisations/${orgId}/events/${e.id}/certificates`, { kind: 'by_hand', registrationId: lua.registrationId, lang: 'en', reason: 'Vắng bài cuối khoá vì đi khám; đã làm bài bù miệng' }, trainer)).body;
  const gio = byName('Em Gió Đông');
  const revoked = (await call(t, 'POST', `/api/organisations/${orgId}/events/${e.id}/certificates`, { kind: 'by_hand', registrationId: gio.registrationId, lang: 'vi', reason: 'Thử cấp để minh hoạ thu hồi' }, trainer)).body;
  const revokedCert = revoked.participants.find((p: { name: string }) => p.name === 'Em Gió Đông').certificate;
  await call(t, 'POST', `/api/organisations/${orgId}/certificates/${revokedCert.id}/revoke`, { reason: 'Cấp nhầm người' }, trainer);
  const mayCert = byHand.participants.find((p: { name: string }) => p.name === 'Bạn Mây Hồng').certificate;
  return { orgId, names, courseId: course.id, draftId: draft.body.id as string, eventId: e.id as string, people, mayCert: mayCert.code as string, revokedCode: revokedCert.code as string };
}
type World = Awaited<ReturnType<typeof seed>>;

async function trainerScreens(pass: Pass, world: World) {
  const { t } = pass;
  const base = `/organisations/${world.orgId}/courses`;
  const page = await openAs(pass, await login(t, world.names.trainer));
  await page.goto(t.baseUrl + base);
  await page.locator('.list-item').first().waitFor();
  await shot(pass, page, '01-courses');
  await go(page, `${base}/new`);
  await page.locator('form').first().waitFor();
  await page.locator('form button[type=submit]').first().click();
  await page.locator('.field-error').first().waitFor();
  await shot(pass, page, '02-new-course-problem');
  await go(page, `${base}/${world.courseId}`);
  await page.locator('.courses-question').first().waitFor();
  await shot(pass, page, '03-course-frozen-test');
  await go(page, `${base}/${world.draftId}`);
  await page.locator('.courses-question').first().waitFor();
  await page.locator('.courses-question textarea').first().fill('Ai nên được gọi hỗ trợ khẩn cấp trước?');
  await page.locator('.courses-option input[type=text]').nth(0).fill('Người đang gặp khủng hoảng tự chọn');
  await page.locator('.courses-option input[type=text]').nth(1).fill('Công an');
  await page.locator('.courses-option input[type=checkbox]').nth(0).check();
  await shot(pass, page, '04-course-writing-test');
  await go(page, `/organisations/${world.orgId}/events/${world.eventId}/results`);
  await page.locator('.courses-person').first().waitFor();
  await shot(pass, page, '05-results');
  await page.locator('.courses-person').nth(3).getByRole('button').last().click();
  await page.locator('.courses-reason textarea').fill('Vắng nửa ngày vì đi khám, đã học bù');
  await page.locator('.courses-person').nth(3).scrollIntoViewIfNeeded();
  await shot(pass, page, '06-results-by-hand');
  await page.context().close();
}

async function participantScreens(pass: Pass, world: World) {
  const { t, lang } = pass;
  const page = await openAs(pass, null);
  // A new participant per pass, so every pass shows an empty test.
  const code = (await call(t, 'POST', `/api/public/events/${world.eventId}/registrations`, { displayName: lang === 'vi' ? 'Bạn Sao Mai' : 'Morning Star', provinceId: 'ha-noi', consent: true })).body.code as string;
  await page.goto(`${t.baseUrl}/registrations/${code}`);
  await page.locator('#course-links-title').waitFor();
  await shot(pass, page, '10-confirmation-links');
  await go(page, `/registrations/${code}/test/pre`);
  await page.locator('.courses-take').waitFor();
  await page.locator('.courses-take .choice').nth(0).click();
  await page.locator('.courses-take .choice').nth(3).click();
  await page.locator('.courses-take .choice').nth(4).click();
  await shot(pass, page, '11-pre-test');
  await page.locator('form button[type=submit]').click();
  await page.locator('.alert-success').first().waitFor();
  await shot(pass, page, '12-pre-test-score');
  await go(page, `/registrations/${world.people.may}`);
  await page.locator('#course-links-title').waitFor();
  await shot(pass, page, '13-confirmation-with-certificate');
  await go(page, `/registrations/${world.people.may}/certificate`);
  await page.locator('.certificate-preview').waitFor();
  await shot(pass, page, '14-certificate');
  if (pass.viewport.width === 360) {
    // The PDF in this pass's language: Mây's is Vietnamese, Lúa's (by hand) English.
    const holder = lang === 'vi' ? world.people.may : world.people.lua;
    await go(page, `/registrations/${holder}/certificate`);
    await page.locator('.certificate-preview').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('main .button-primary.button-block').click()]);
    const pdf = path.join(pass.dir, `certificate-${lang}.pdf`);
    await download.saveAs(pdf);
    execFileSync('pdftoppm', ['-png', '-r', '90', '-singlefile', pdf, path.join(path.dirname(pass.dir), `certificate-${lang}`)]);
    readFileSync(pdf);
  }
  await page.context().close();
}

async function publicScreens(pass: Pass, world: World) {
  const { t } = pass;
  const page = await openAs(pass, null);
  await page.goto(`${t.baseUrl}/verify`);
  await page.locator('#field-code').waitFor();
  await shot(pass, page, '20-verify');
  await page.locator('#field-code').fill(world.mayCert.toLowerCase().replace(/-/g, ' '));
  await page.locator('form button[type=submit]').click();
  await page.locator('.verify-facts').waitFor();
  await shot(pass, page, '21-verify-valid');
  await go(page, '/verify');
  const last = world.mayCert.at(-1)!;
  await page.locator('#field-code').fill(world.mayCert.slice(0, -1) + (last === 'A' ? 'B' : 'A'));
  await page.locator('form button[type=submit]').click();
  await page.locator('.field-error').waitFor();
  await shot(pass, page, '22-verify-typo');
  await go(page, `/verify/${world.revokedCode}`);
  await page.locator('.verify-answer').waitFor();
  await settle(page);
  await shot(pass, page, '23-verify-revoked');
  await go(page, '/verify/0000-0000-0');
  await page.locator('.verify-answer').waitFor();
  await settle(page);
  await shot(pass, page, '24-verify-not-found');
  await page.context().close();
}

await takeScreenshots({
  out: 'screenshots/courses',
  seed,
  screens: async (pass, world) => {
    await trainerScreens(pass, world);
    await participantScreens(pass, world);
    await publicScreens(pass, world);
  },
});
