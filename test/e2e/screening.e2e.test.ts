import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, loggedIn, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import * as onPhone from '../helpers/phone.ts';
import { Device, seedFieldOrg, type FieldOrg } from '../helpers/field.ts';

/**
 * Issue #4 §2–3 in a real browser: a peer worker's phone (Chromium at 360×740, in Vietnamese) on
 * the built app and the real server. Offline, a PHQ-9 with item 9 above 0: the suicide-risk flag
 * shows before the score and the C-SSRS opens at once; both are saved on the phone, sent when the
 * network returns, and the organisation's manager is notified. A second PHQ-9 later: the client's
 * mental-health page shows the timeline, the chart with its table, and the change from the first
 * score. All people are invented.
 */
const PIN = '274915';
const UIC = 'LANAF98';

describe('screening on a phone, offline first', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let org: FieldOrg;
  let clientId = '';

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    org = await seedFieldOrg(t, ['admin', 'manager', 'fieldworker']);
    // The client was registered earlier, from another phone.
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient(UIC, { profile: { ...registration.profile, siteId: org.siteId } });
    clientId = reg.clientId;
    const push = await worker.post('/api/sync/push', device.push([reg.m]));
    expect(push.body).toMatchObject({ results: [{ status: 'applied' }] });
    browser = await launchBrowser();
    phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    page = await phone.newPage();
    watch = watchPage(page);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('screening', task, { phone: page }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  const expectCleanPage = (where: string) => onPhone.expectCleanPage(watch, where);
  const heading = () => onPhone.heading(page);
  const syncLine = () => onPhone.syncLine(page);

  /** Answers a scale question by its number on the page. */
  async function answer(question: number, choice: string) {
    await page.locator('fieldset.question').nth(question - 1).getByLabel(choice, { exact: true }).check();
  }

  it('opens field work with a PIN and brings the client to the phone', async () => {
    await page.goto(t.baseUrl + '/field');
    await page.getByLabel('Tên đăng nhập').fill(org.users.fieldworker!.username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => heading().textContent()).toBe('Đặt mã PIN cho máy này');
    await page.getByLabel('Mã PIN mới').fill(PIN);
    await page.getByLabel('Nhập lại mã PIN').fill(PIN);
    await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
    await expect.poll(() => heading().textContent()).toBe('Công việc thực địa');
    await expect.poll(() => page.locator('.client-row', { hasText: UIC }).first().isVisible()).toBe(true);
    // The screening pages come in their own chunk: fetched once, so they open offline too.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    expectCleanPage('first login');
  });

  it('records a PHQ-9 offline: item 9 above 0 shows the flag first and opens the C-SSRS at once', async () => {
    await phone.setOffline(true);
    await page.locator('.client-row', { hasText: UIC }).first().click();
    await expect.poll(() => heading().textContent()).toBe(UIC);
    await expect.poll(() => page.getByText('Chưa cần hẹn. Chỉ hẹn sàng lọc lại sau một kết quả dương tính (sau 90 ngày).').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Sàng lọc', exact: true }).click();
    await expect.poll(() => heading().textContent()).toBe('Sàng lọc');
    await page.getByRole('link', { name: /^PHQ-9 · Trầm cảm/ }).click();
    await expect.poll(() => heading().textContent()).toBe('PHQ-9');
    await expect.poll(() => page.getByText('Bản dịch đang chờ thẩm định').first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Trong 2 tuần qua, bạn có thường bị làm phiền bởi những vấn đề sau đây không?').isVisible()).toBe(true);

    // Saving with questions left says which.
    await answer(1, 'Vài ngày');
    await page.getByRole('button', { name: 'Lưu kết quả PHQ-9' }).click();
    await expect.poll(() => page.locator('.question-missing').count()).toBe(8);
    for (const q of [2, 3, 4, 5, 6, 7, 8]) await answer(q, q % 2 ? 'Vài ngày' : 'Không ngày nào');
    await answer(9, 'Vài ngày');
    await expect.poll(() => page.locator('.screening-progress').textContent()).toBe('Đã trả lời 9/9 câu');
    await page.getByRole('button', { name: 'Lưu kết quả PHQ-9' }).click();

    await expect.poll(() => heading().textContent()).toBe('Kết quả PHQ-9');
    await expect.poll(() => page.getByText('Đã lưu trên máy. Máy sẽ tự gửi khi có mạng.').isVisible()).toBe(true);
    // Safety first: the flag, then the C-SSRS, and only then the score (5: mild).
    const order = await page.locator('main h2').allTextContents();
    expect(order.slice(0, 3)).toEqual(['⚠ Có nguy cơ tự sát', 'Hỏi ngay: sàng lọc nguy cơ tự sát (C-SSRS)', 'Điểm']);
    await expect(page.locator('.score-number').textContent()).resolves.toBe('5');
    await expect(page.locator('.score-panel .band').textContent()).resolves.toBe('Nhẹ');
    // Item 9 makes it positive whatever the total.
    await expect(page.locator('.screen-verdict strong').textContent()).resolves.toBe('Sàng lọc dương tính');

    // The C-SSRS, with its skip logic: q3–q5 only after a yes to q2.
    const cssrs = page.locator('.panel-urgent');
    await expect.poll(() => cssrs.locator('fieldset.question').count()).toBe(3);
    await cssrs.locator('fieldset.question').nth(0).getByLabel('Có', { exact: true }).check();
    await cssrs.locator('fieldset.question').nth(1).getByLabel('Có', { exact: true }).check();
    await expect.poll(() => cssrs.locator('fieldset.question').count()).toBe(6);
    for (const i of [2, 3, 4, 5]) await cssrs.locator('fieldset.question').nth(i).getByLabel(i === 2 ? 'Có' : 'Không', { exact: true }).check();
    await cssrs.getByRole('button', { name: 'Lưu kết quả C-SSRS' }).click();

    // Thinking of a method (q3) is moderate risk: urgent, with the way into the crisis flow.
    await expect.poll(() => page.getByRole('heading', { name: 'Khẩn: cần xử lý ngay hôm nay' }).isVisible()).toBe(true);
    await expect(page.getByRole('link', { name: 'Mở quy trình xử lý khủng hoảng' }).getAttribute('href')).resolves.toBe(`/field/clients/${clientId}/crisis`);
    await expect(page.locator('.panel-urgent').count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'Xem trang sức khỏe tâm thần' }).click();
    await expect.poll(() => heading().textContent()).toBe('Sức khỏe tâm thần');
    await expect.poll(() => page.locator('.timeline-item').count()).toBe(2);
    await expect.poll(() => page.locator('.timeline-item .badge-warning').count()).toBe(2);
    await page.getByRole('navigation').getByRole('link', { name: /^Thực địa/ }).click();
    await expect.poll(() => syncLine().textContent()).toBe('2 bản ghi chờ gửi');
    expectCleanPage('offline PHQ-9 and C-SSRS');
  });

  it('sends both when the network returns, and the manager is told of the suicide risk', async () => {
    await phone.setOffline(false);
    await expect.poll(() => syncLine().textContent(), { timeout: 20_000 }).toBe('✓ Đã gửi hết lên máy chủ');
    const manager: Client = await loggedIn(t, org, 'manager');
    const list = await manager.get('/api/notifications');
    expect(list.status).toBe(200);
    expect((list.body as { items: unknown[] }).items).toContainEqual(expect.objectContaining({ kind: 'suicide_risk', clientId, uic: UIC, read: false }));
    expectCleanPage('sync');
  });

  it("shows the client's timeline, chart and change from the first score after a second PHQ-9", async () => {
    await page.locator('.client-row', { hasText: UIC }).first().click();
    // A positive screen schedules the next one, 90 days on.
    await expect.poll(() => page.locator('.panel .due').first().textContent()).toMatch(/^Đến hạn ngày /);
    await page.getByRole('link', { name: 'Sàng lọc', exact: true }).click();
    await page.getByRole('link', { name: /^PHQ-9 · Trầm cảm/ }).click();
    for (const q of [1, 2, 3, 4, 5, 6, 7, 8, 9]) await answer(q, q <= 2 ? 'Vài ngày' : 'Không ngày nào');
    await page.getByRole('button', { name: 'Lưu kết quả PHQ-9' }).click();
    await expect.poll(() => heading().textContent()).toBe('Kết quả PHQ-9');
    await expect(page.getByText('Có nguy cơ tự sát').count()).resolves.toBe(0);
    await expect(page.locator('.score-number').textContent()).resolves.toBe('2');

    await page.getByRole('link', { name: 'Xem trang sức khỏe tâm thần' }).click();
    await expect.poll(() => page.locator('.timeline-item').count()).toBe(3);
    await expect.poll(() => page.getByText('Giảm 3 điểm so với lần đầu', { exact: false }).isVisible()).toBe(true);
    const chart = page.locator('figure.score-chart');
    await expect.poll(() => chart.count()).toBe(1);
    await expect(chart.locator('circle').count()).resolves.toBe(2);
    await expect(chart.locator('svg title').textContent()).resolves.toBe('Điểm PHQ-9 theo thời gian');
    await chart.getByText('Xem dạng bảng').click();
    await expect.poll(() => chart.locator('tbody tr').count()).toBe(2);
    await expect(chart.locator('tbody td').allTextContents()).resolves.toEqual(['5', 'Nhẹ', '2', 'Tối thiểu']);
    await expect.poll(() => syncLine().count()).toBe(0);
    expectCleanPage('mental-health page');
  });
});

const registration = {
  profile: {
    nickname: 'Lan',
    phone: null,
    birthYear: 1998,
    sexAtBirth: 'F',
    genderIdentity: 'woman',
    keyPopulations: [],
    substances: ['methamphetamine'],
    routes: ['smoke'],
    provinceId: 'ha-noi',
    siteId: '',
    referralSource: 'outreach',
  },
};
