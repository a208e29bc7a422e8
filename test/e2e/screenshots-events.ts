/**
 * Pictures of the events screens (issue #7 §2), in Vietnamese and English, on a 360×740 phone and a
 * 1280×800 desktop, for people to look at (diacritics, thumb-sized targets, the big check-in answer,
 * the printable confirmation):
 *
 *   npx tsx test/e2e/screenshots-events.ts   → screenshots/events/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * organisation, its trainer and four events, and drives Debian's Chromium. Not a test.
 */
import { sql } from 'kysely';
import { addDays, dayIn } from '../../src/core/dates.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertOrganisation } from '../../src/server/organisations/store.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { call, go, login, openAs, type Pass, settle, shot, takeScreenshots } from '../helpers/shots.ts';

const today = dayIn(new Date(), 'Asia/Ho_Chi_Minh');

async function seed(t: TestApp) {
  const names = { trainer: 'giangvien.suong' };
  const { orgId, partnerId } = await asSystem(t.ctx.db.kysely, async (tx) => {
    const org = await insertOrganisation(tx, { name: 'Nhóm Cầu Vồng (thử)', kind: 'community_organisation', provinceId: 'ha-noi', timeZone: 'Asia/Ho_Chi_Minh' });
    const partner = await insertOrganisation(tx, { name: 'Trung tâm Hướng Dương (thử)', kind: 'community_organisation', provinceId: 'ho-chi-minh', timeZone: 'Asia/Ho_Chi_Minh' });
    await insertUser(tx, t.ctx.crypto, { username: names.trainer, displayName: 'Sương Mai', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.id, role: 'trainer' }] });
    return { orgId: org.id, partnerId: partner.id };
  });
  const trainer = await login(t, names.trainer);
  const d1 = addDays(today, 6);
  const d2 = addDays(today, 7);
  const workshop = {
    title: 'Hội thảo phỏng vấn tạo động lực cho nhân viên tiếp cận',
    kind: 'workshop',
    mode: 'hybrid',
    cost: { kind: 'free' },
    days: [d1, d2],
    venue: 'Phòng họp tầng 2, 12 phố Thử Nghiệm',
    provinceId: 'ha-noi',
    link: 'https://meet.example.org/mi-thu',
    organisers: [
      { name: 'Nhóm Cầu Vồng (thử)', kind: 'network_org', orgId },
      { name: 'Trung tâm Hướng Dương (thử)', kind: 'network_org', orgId: partnerId },
    ],
    partners: [
      { name: 'Bộ Y tế (ví dụ)', kind: 'ministry' },
      { name: 'UNAIDS (ví dụ)', kind: 'un_agency' },
      { name: 'Trường Đại học Thử Nghiệm', kind: 'university' },
    ],
    chairs: [{ name: 'TS. Lê Minh Họa', affiliation: 'Trường Đại học Thử Nghiệm' }],
    speakers: [
      { name: 'Chị Hoa Ban', affiliation: 'Nhóm Cầu Vồng' },
      { name: 'Anh Gió Nam', affiliation: 'Trung tâm Hướng Dương' },
    ],
    agenda: [
      { day: d1, start: '08:30', end: '09:00', title: 'Khai mạc, làm quen' },
      { day: d1, start: '09:00', end: '10:30', title: 'Tinh thần của phỏng vấn tạo động lực', speakerIndex: 0 },
      { day: d1, start: '10:45', end: '12:00', title: 'Lắng nghe phản hồi: thực hành theo cặp', speakerIndex: 1 },
      { day: d2, start: '08:30', end: '11:30', title: 'Đóng vai: khi khách hàng còn phân vân', speakerIndex: 0 },
      { day: d2, start: '11:30', title: 'Tổng kết và đánh giá' },
    ],
    capacity: 40,
    materials: [{ title: 'Sổ tay thực hành (bản thử)', url: 'https://example.org/so-tay.pdf' }],
  };
  const made = async (event: Record<string, unknown>, publish = true) => {
    const e = (await call(t, 'POST', `/api/organisations/${orgId}/events`, { event }, trainer)).body;
    if (publish) await call(t, 'POST', `/api/organisations/${orgId}/events/${e.id}/publish`, { version: e.version }, trainer);
    return e.id as string;
  };
  const workshopId = await made(workshop);
  await made({
    ...workshop,
    title: 'Webinar: sơ cứu tâm lý khi khách hàng hoảng loạn',
    kind: 'webinar',
    mode: 'online',
    cost: { kind: 'paid', amount: 150000, currency: 'VND' },
    days: [addDays(today, 14)],
    venue: undefined,
    provinceId: undefined,
    agenda: [{ day: addDays(today, 14), start: '19:00', end: '20:30', title: 'Nhận biết và ứng phó ban đầu', speakerIndex: 1 }],
    capacity: null,
  });
  await made({ ...workshop, title: 'Chuyến thăm trao đổi tại Đà Nẵng', kind: 'exchange_visit', mode: 'in_person', link: undefined, venue: 'Điểm hỗ trợ cộng đồng (thử)', provinceId: 'da-nang', days: [addDays(today, 20)], agenda: [], capacity: 12 });
  await made({ ...workshop, title: 'Khoá tập huấn điều phối nhóm chia sẻ', kind: 'training_course', mode: 'in_person', link: undefined, days: [addDays(today, 30), addDays(today, 31)], agenda: [] }, false);
  await made({ ...workshop, title: 'Hội thảo tổng kết năm (đã qua)', kind: 'seminar', mode: 'in_person', link: undefined, days: [addDays(today, -20)], agenda: [] });
  // People who registered earlier, one of them already checked in on the first day.
  const people = [
    { displayName: 'Bạn Mây', organisation: 'Nhóm đồng đẳng Ánh Sáng', role: 'Tiếp cận viên', provinceId: 'ha-noi', email: 'may@example.org', consent: true },
    { displayName: 'Anh Sóng', organisation: 'Trạm y tế phường (thử)', role: 'Cán bộ y tế', provinceId: 'hai-phong', consent: true },
    { displayName: 'Chị Lúa', country: 'LA', organisation: 'Community group (example)', consent: true },
  ];
  const codes: string[] = [];
  for (const p of people) codes.push((await call(t, 'POST', `/api/public/events/${workshopId}/registrations`, p)).body.code);
  await call(t, 'POST', `/api/organisations/${orgId}/events/${workshopId}/check-in`, { code: codes[0], day: d1 }, trainer);
  return { orgId, names, workshopId, d1 };
}
type World = Awaited<ReturnType<typeof seed>>;

async function trainerScreens(pass: Pass, world: World) {
  const { t, lang } = pass;
  const base = `/organisations/${world.orgId}/events`;
  const page = await openAs(pass, await login(t, world.names.trainer));
  await page.goto(t.baseUrl + '/');
  await settle(page);
  await shot(pass, page, '01-trainer-home');
  await go(page, base);
  await page.locator('.list-item').first().waitFor();
  await shot(pass, page, '02-events');
  await go(page, `${base}/new`);
  await page.locator('.events-form').waitFor();
  await shot(pass, page, '03-new-event');
  await page.locator('.events-form button[type=submit]').click();
  await page.locator('.events-form .field-error').first().waitFor();
  await shot(pass, page, '04-new-event-problems');
  await go(page, `${base}/${world.workshopId}`);
  await page.locator('.events-form').waitFor();
  await shot(pass, page, '05-event');
  await go(page, `${base}/${world.workshopId}/registrations`);
  await page.locator('.list-item').first().waitFor();
  await shot(pass, page, '06-registrations');
  await page.locator('main .button-primary.button-block').first().click();
  await page.locator('#field-displayName').fill(lang === 'vi' ? 'Cô Trăng' : 'Ms Moon');
  await page.locator('#field-provinceId').selectOption('bac-ninh');
  await page.locator('input[name=consent]').check();
  await shot(pass, page, '07-desk-registration');
  await page.locator('.events-register button[type=submit]').click();
  await page.locator('.alert-success .events-code-big').waitFor();
  const code = (await page.locator('.alert-success .events-code-big').textContent())?.trim() ?? '';
  await shot(pass, page, '08-desk-registered');
  await go(page, `${base}/${world.workshopId}/check-in`);
  await page.locator('#field-checkin-code').waitFor();
  await page.locator(`input[name=day][value="${world.d1}"]`).check();
  await shot(pass, page, '09-check-in');
  await page.locator('#field-checkin-code').fill(code.toLowerCase());
  await page.locator('.events-typed button[type=submit]').click();
  await page.locator('.events-result-ok').waitFor();
  await shot(pass, page, '10-check-in-present');
  await page.locator('#field-checkin-code').fill(code);
  await page.locator('.events-typed button[type=submit]').click();
  await page.locator('.events-result-again').waitFor();
  await shot(pass, page, '11-check-in-again');
  await page.locator('#field-checkin-code').fill('7KQ2-M9XD');
  await page.locator('.events-typed button[type=submit]').click();
  await page.locator('.events-result-no').waitFor();
  await shot(pass, page, '12-check-in-not-registered');
  await go(page, `${base}/${world.workshopId}/registrations`);
  await page.locator('.events-sheet').first().click();
  await shot(pass, page, '13-attendance');
  await page.context().close();
}

async function publicScreens(pass: Pass, world: World) {
  const { t, lang } = pass;
  const page = await openAs(pass, null);
  await page.goto(t.baseUrl + '/events');
  await page.locator('.events-card').first().waitFor();
  await shot(pass, page, '20-public-events');
  await page.locator('#field-mode').selectOption('online');
  await page.waitForFunction(() => document.querySelectorAll('.events-card').length === 1);
  await shot(pass, page, '21-public-events-online');
  await go(page, `/events/${world.workshopId}`);
  await page.locator('.events-agenda').first().waitFor();
  await shot(pass, page, '22-public-event');
  // Each pass is another visitor: the per-address limit on registering (6 an hour for one event,
  // docs/events.md) would otherwise stop the fourth pass, which all come from 127.0.0.1.
  await sql`delete from public_attempts`.execute(t.ctx.db.kysely);
  await go(page, `/events/${world.workshopId}/register`);
  await page.locator('.events-register').waitFor();
  await shot(pass, page, '23-register');
  await page.locator('.events-register button[type=submit]').click();
  await page.locator('.events-register .field-error').first().waitFor();
  await shot(pass, page, '24-register-problems');
  await page.locator('#field-displayName').fill(lang === 'vi' ? 'Bạn Sao Mai' : 'Morning Star');
  await page.locator('#field-provinceId').selectOption('ho-chi-minh');
  await page.locator('#field-email').fill('saomai@example.org');
  await page.locator('input[name=consent]').check();
  await page.locator('.events-register button[type=submit]').click();
  await page.locator('svg.events-qr').waitFor();
  await shot(pass, page, '25-confirmation');
  await page.emulateMedia({ media: 'print' });
  await shot(pass, page, '26-confirmation-print');
  await page.context().close();
}

await takeScreenshots({
  out: 'screenshots/events',
  seed,
  screens: async (pass, world) => {
    await trainerScreens(pass, world);
    await publicScreens(pass, world);
  },
});
