import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayIn } from '../../src/core/dates.ts';
import { seedOrg, startTestApp, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import * as events from '../helpers/event-pages.ts';
import * as onPhone from '../helpers/phone.ts';

/**
 * Issue #7 §2 in a real browser. A trainer (desktop, Vietnamese) creates a workshop through the
 * form and publishes it; in a fresh browser context, with no login, a person (a phone) finds it on
 * /events, registers with the privacy-minimal form and sees the confirmation with its QR code and
 * code; the trainer types that code at check-in: present, then already present. The list shows no
 * codes (the server keeps only their hashes); the trainer issues a new one, shown once, and the old
 * code stops working. All invented.
 */
const TITLE = 'Hội thảo: lắng nghe phản hồi (thử)';

describe('a workshop from creation to check-in', () => {
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
  const day = addDays(dayIn(new Date(), 'Asia/Ho_Chi_Minh'), 7);

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    org = await seedOrg(t, 'community_organisation', ['trainer']);
    browser = await launchBrowser();
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    trainerPage = await desk.newPage();
    watchTrainer = watchPage(trainerPage);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('events', task, { trainer: trainerPage, person: personPage }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  it('the trainer creates a workshop from the home card and publishes it', async () => {
    const p = trainerPage;
    await p.goto(t.baseUrl + '/');
    await onPhone.logIn(p, org.users.trainer!.username, org.users.trainer!.password);
    await p.getByRole('link', { name: /Tập huấn/ }).click();
    await expect.poll(() => onPhone.heading(p).textContent()).toBe('Sự kiện và tập huấn');
    await p.getByRole('link', { name: /Tạo sự kiện mới/ }).click();
    await events.fillWorkshop(p, TITLE, day);
    await p.getByRole('button', { name: /Thêm diễn giả/ }).click();
    await p.getByLabel('Họ tên').fill('Diễn giả Hai');
    await p.getByRole('button', { name: /Thêm mục chương trình/ }).click();
    await p.getByLabel('Bắt đầu').fill('08:30');
    await p.getByLabel('Nội dung').fill('Khai mạc và làm quen');
    eventUrl = await events.saveDraft(p, TITLE);
    await expect.poll(() => p.locator('.events-actions .badge').first().textContent()).toBe('Bản nháp');
    await events.publish(p);
    onPhone.expectCleanPage(watchTrainer, 'trainer: create and publish');
  });

  it('a person without login finds it on /events, registers and sees the QR code and the code', async () => {
    visitor = await browser.newContext(onPhone.PHONE);
    personPage = await visitor.newPage();
    watchPerson = watchPage(personPage);
    const p = personPage;
    await p.goto(t.baseUrl + '/events');
    await expect.poll(() => onPhone.heading(p).textContent()).toBe('Sự kiện sắp tới');
    await p.getByRole('link', { name: new RegExp(TITLE.slice(0, 20)) }).click();
    await expect.poll(() => onPhone.heading(p).textContent()).toBe(TITLE);
    expect(await p.getByText('Khai mạc và làm quen').isVisible()).toBe(true);
    await events.startRegistration(p, 'Bạn Mây');
    // Consent is asked, never preticked: sending without it says so.
    await p.getByRole('button', { name: 'Gửi đăng ký' }).click();
    await expect.poll(() => p.getByText('Hãy đọc và đánh dấu đồng ý để đăng ký.').isVisible()).toBe(true);
    code = await events.confirmRegistration(p);
    expect(new URL(p.url()).pathname).toBe(`/registrations/${code}`);
    expect(await p.locator('svg.events-qr').isVisible()).toBe(true);
    expect(await p.getByText('Bạn Mây', { exact: false }).first().isVisible()).toBe(true);
    // Nobody was sent to the login page.
    expect(await p.getByLabel('Mật khẩu', { exact: true }).count()).toBe(0);
    onPhone.expectCleanPage(watchPerson, 'person: register');
  });

  it('the trainer checks the person in by typing the code; twice says already present; a wrong code says not registered', async () => {
    const p = trainerPage;
    await p.goto(`${t.baseUrl}${eventUrl}/check-in`);
    await expect.poll(() => onPhone.heading(p).textContent()).toBe('Điểm danh');
    await events.typeCheckInCode(p, code.toLowerCase().replace('-', ' '));
    await expect.poll(() => p.locator('.events-result-word').textContent()).toBe('Có mặt ✓');
    expect(await p.locator('.events-result-name').textContent()).toBe('Bạn Mây');
    await events.typeCheckInCode(p, code);
    await expect.poll(() => p.locator('.events-result-word').textContent()).toBe('Đã điểm danh rồi');
    await events.typeCheckInCode(p, 'ZZZZ-ZZZZ');
    await expect.poll(() => p.locator('.events-result-word').textContent()).toBe('Chưa đăng ký');

    await p.goto(`${t.baseUrl}${eventUrl}/registrations`);
    await expect.poll(() => p.locator('.list-item').first().textContent()).toContain('Bạn Mây');
    expect(await p.locator('.list-item .badge-success').count()).toBe(1);
    onPhone.expectCleanPage(watchTrainer, 'trainer: check-in');
  });

  it('the list shows no code; the trainer issues a new one, shown once; the old code no longer checks in, the new one does', async () => {
    const p = trainerPage;
    expect(await p.locator('.list-item').first().textContent()).not.toContain(code);
    expect(await p.locator('.list-item .events-code').count()).toBe(0);
    await p.getByRole('button', { name: 'Cấp mã mới' }).click();
    await p.getByRole('button', { name: 'Có, cấp mã mới' }).click();
    await expect.poll(() => p.locator('.list-item .events-code-big').count()).toBe(1);
    const fresh = ((await p.locator('.list-item .events-code-big').textContent()) ?? '').trim();
    expect(fresh).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(fresh).not.toBe(code);
    expect(await p.getByText('Mã mới của Bạn Mây:').isVisible()).toBe(true);
    // Shown once: the list, opened again, has no code.
    await p.reload();
    await expect.poll(() => p.locator('.list-item').first().textContent()).toContain('Bạn Mây');
    expect(await p.locator('.list-item .events-code').count()).toBe(0);

    await p.goto(`${t.baseUrl}${eventUrl}/check-in`);
    await expect.poll(() => onPhone.heading(p).textContent()).toBe('Điểm danh');
    await events.typeCheckInCode(p, code);
    await expect.poll(() => p.locator('.events-result-word').textContent()).toBe('Chưa đăng ký');
    await events.typeCheckInCode(p, fresh);
    await expect.poll(() => p.locator('.events-result-word').textContent()).toBe('Đã điểm danh rồi');
    expect(await p.locator('.events-result-name').textContent()).toBe('Bạn Mây');
    onPhone.expectCleanPage(watchTrainer, 'trainer: new code');
  });
});
