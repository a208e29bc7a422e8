import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dayIn } from '../../src/core/dates.ts';
import { seedOrg, startTestApp, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import * as events from '../helpers/event-pages.ts';
import * as onPhone from '../helpers/phone.ts';

/**
 * Issue #7 §2's end-to-end test in a real browser. A trainer (desktop, Vietnamese) writes a course
 * with a two-question test, creates today's workshop through the events form, publishes it and
 * links it to the course on its results page. A person on a phone, never logged in, registers on
 * the public page; the trainer checks them in by the typed code; the person takes the post-test
 * from their confirmation page; the trainer issues the certificate to everyone eligible and
 * downloads its PDF (read back: the code and the name are on it); the code verifies on the public
 * page, which shows the name, the course and the date. All invented.
 */
const COURSE = 'Phỏng vấn tạo động lực cơ bản (thử)';
const WORKSHOP = 'Hội thảo thực hành phỏng vấn tạo động lực';
const PERSON = 'Bạn Sóc Nâu';

describe('a workshop from course to verified certificate', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let desk: BrowserContext;
  let visitor: BrowserContext;
  let trainerPage: Page;
  let personPage: Page;
  let watchTrainer: ReturnType<typeof watchPage>;
  let watchPerson: ReturnType<typeof watchPage>;
  let org: SeededOrg;
  let eventUrl = '';
  let code = '';
  let certificateCode = '';
  const today = dayIn(new Date(), 'Asia/Ho_Chi_Minh');

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    org = await seedOrg(t, 'community_organisation', ['trainer']);
    browser = await launchBrowser();
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', acceptDownloads: true });
    trainerPage = await desk.newPage();
    watchTrainer = watchPage(trainerPage);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('training', task, { trainer: trainerPage, person: personPage }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  it('the trainer writes a course with a test', async () => {
    const p = trainerPage;
    await p.goto(t.baseUrl + '/');
    await onPhone.logIn(p, org.users.trainer!.username, org.users.trainer!.password);
    await expect.poll(() => onPhone.heading(p).textContent()).not.toBe('Đăng nhập');
    await p.goto(`${t.baseUrl}/organisations/${org.orgId}/courses`);
    await expect.poll(() => onPhone.heading(p).textContent()).toBe('Khoá học');
    await p.getByRole('link', { name: /Khoá học mới/ }).click();
    await p.getByLabel('Tên khoá học').fill(COURSE);
    await p.getByLabel('Phỏng vấn tạo động lực').check();
    await p.getByLabel('Vật phẩm giảm hại').check();
    await p.getByRole('button', { name: 'Lưu khoá học' }).click();
    await expect.poll(() => onPhone.heading(p).textContent()).toBe(COURSE);

    await p.getByLabel('Điểm đạt (%)').fill('50');
    const q1 = p.locator('.courses-question').nth(0);
    await q1.getByLabel('Câu hỏi').fill('Câu hỏi mở giúp gì?');
    await q1.getByLabel('Lựa chọn 1', { exact: true }).fill('Người nói tự nói lý do thay đổi');
    await q1.getByLabel('Lựa chọn 2', { exact: true }).fill('Rút ngắn buổi gặp');
    await q1.getByLabel('Lựa chọn 1 là đáp án đúng').check();
    await p.getByRole('button', { name: /Thêm câu hỏi/ }).click();
    const q2 = p.locator('.courses-question').nth(1);
    await q2.getByLabel('Câu hỏi').fill('Vật phẩm nào giúp giảm hại khi dùng đá?');
    await q2.getByLabel('Lựa chọn 1', { exact: true }).fill('Chia sẻ tẩu');
    await q2.getByLabel('Lựa chọn 2', { exact: true }).fill('Ống hút riêng');
    await q2.getByRole('button', { name: /Thêm lựa chọn/ }).click();
    await q2.getByLabel('Lựa chọn 3', { exact: true }).fill('Nước uống');
    await q2.getByLabel('Lựa chọn 2 là đáp án đúng').check();
    await q2.getByLabel('Lựa chọn 3 là đáp án đúng').check();
    await p.getByRole('button', { name: 'Lưu bài kiểm tra' }).click();
    await expect.poll(() => p.getByRole('status').first().textContent()).toBe('Đã lưu.');
    onPhone.expectCleanPage(watchTrainer, 'trainer: course and test');
  });

  it('the trainer creates today’s workshop, publishes it and links it to the course', async () => {
    const p = trainerPage;
    await p.goto(`${t.baseUrl}/organisations/${org.orgId}/events/new`);
    await events.fillWorkshop(p, WORKSHOP, today);
    eventUrl = await events.saveDraft(p, WORKSHOP);
    await events.publish(p);

    await p.goto(`${t.baseUrl}/organisations/${org.orgId}/courses`);
    await p.getByRole('link', { name: new RegExp(WORKSHOP) }).click();
    await expect.poll(() => onPhone.heading(p).textContent()).toBe(WORKSHOP);
    await p.getByLabel('Khoá học được dạy trong sự kiện này').selectOption({ label: COURSE });
    await expect.poll(() => p.getByText('Bài kiểm tra: Kiểm tra kiến thức · 2 câu · đạt từ 50%').isVisible()).toBe(true);
    onPhone.expectCleanPage(watchTrainer, 'trainer: workshop');
  });

  it('a person registers on the public page without logging in, and is checked in by the typed code', async () => {
    visitor = await browser.newContext({ ...onPhone.PHONE, acceptDownloads: true });
    personPage = await visitor.newPage();
    watchPerson = watchPage(personPage);
    const p = personPage;
    await p.goto(t.baseUrl + '/events');
    await p.getByRole('link', { name: new RegExp(WORKSHOP.slice(0, 20)) }).click();
    await events.startRegistration(p, PERSON);
    code = await events.confirmRegistration(p);
    expect(await p.getByLabel('Mật khẩu', { exact: true }).count()).toBe(0);

    const desk = trainerPage;
    await desk.goto(`${t.baseUrl}${eventUrl}/check-in`);
    await events.typeCheckInCode(desk, code.toLowerCase().replace('-', ' '));
    await expect.poll(() => desk.locator('.events-result-word').textContent()).toBe('Có mặt ✓');
    onPhone.expectCleanPage(watchPerson, 'person: register');
  });

  it('the person takes the post-test from the confirmation page, once', async () => {
    const p = personPage;
    await p.reload();
    await p.getByRole('link', { name: 'Làm bài cuối khoá' }).click();
    await expect.poll(() => onPhone.heading(p).textContent()).toBe('Bài kiểm tra cuối khoá');
    await p.getByText('Người nói tự nói lý do thay đổi').click();
    await p.getByText('Ống hút riêng').click();
    await p.getByText('Nước uống').click();
    await p.getByRole('button', { name: 'Nộp bài' }).click();
    await expect.poll(() => p.locator('.alert, [role="status"]').first().textContent()).toContain('Bạn đúng 2/2 câu (100%).');
    await p.goto(`${t.baseUrl}/registrations/${code}`);
    await expect.poll(() => p.getByRole('link', { name: 'Cuối khoá: 100%' }).isVisible()).toBe(true);
    onPhone.expectCleanPage(watchPerson, 'person: post-test');
  });

  it('the trainer issues the certificate; its PDF carries the code and the name; the public page verifies it', async () => {
    const p = trainerPage;
    await p.goto(`${t.baseUrl}${eventUrl}/results`);
    await expect.poll(() => p.getByText('Đủ điều kiện nhận chứng nhận').isVisible()).toBe(true);
    await p.getByRole('button', { name: 'Cấp chứng nhận cho người đủ điều kiện (1)' }).click();
    await expect.poll(() => p.locator('.courses-code').count()).toBe(1);
    certificateCode = ((await p.locator('.courses-code').textContent()) ?? '').trim();
    expect(certificateCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);

    const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Tải chứng nhận (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`chung-nhan-${certificateCode}.pdf`);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(readFileSync((await download.path())!))), { mergePages: true });
    expect(text).toContain(certificateCode);
    expect(text).toContain(PERSON);
    expect(text).toContain(COURSE);
    expect(text).toContain('GIẤY CHỨNG NHẬN');
    onPhone.expectCleanPage(watchTrainer, 'trainer: certificate');

    // Anyone, without login, opens the address the QR code holds.
    const stranger = await browser.newContext(onPhone.PHONE);
    const v = await stranger.newPage();
    const watchStranger = watchPage(v);
    await v.goto(`${t.baseUrl}/verify/${certificateCode}`);
    await expect.poll(() => v.locator('.verify-facts').isVisible()).toBe(true);
    const facts = (await v.locator('.verify-facts').textContent()) ?? '';
    expect(facts).toContain(PERSON);
    expect(facts).toContain(COURSE);
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    expect(facts).toContain(new Intl.DateTimeFormat('vi-VN', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d))));
    expect(await v.getByText(`Chứng nhận ${certificateCode} là thật và còn hiệu lực.`).isVisible()).toBe(true);
    // A slip of one character is caught before asking the server.
    await v.goto(`${t.baseUrl}/verify`);
    const last = certificateCode.at(-1)!;
    await v.getByLabel('Mã chứng nhận').fill(certificateCode.slice(0, -1) + (last === 'A' ? 'B' : 'A'));
    await v.getByRole('button', { name: 'Kiểm tra' }).click();
    await expect.poll(() => v.getByText('Mã này có vẻ bị gõ sai một ký tự', { exact: false }).isVisible()).toBe(true);
    onPhone.expectCleanPage(watchStranger, 'stranger: verify');
    await stranger.close();
  });
});
