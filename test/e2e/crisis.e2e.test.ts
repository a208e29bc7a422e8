import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GUIDANCE } from '../../src/core/crisis/index.ts';
import { INSTRUMENTS } from '../../src/core/screening/index.ts';
import { loggedIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import * as onPhone from '../helpers/phone.ts';
import { Device, seedFieldOrg, type FieldOrg } from '../helpers/field.ts';

/**
 * Issue #4 §1 in a real browser: a peer worker's phone (Chromium at 360×740, in Vietnamese) on
 * the built app and the real server (PGlite). Offline, the worker runs the crisis flow for a
 * registered client whose chest pain makes it an emergency (call 115), screens suicidal thoughts
 * inline, ticks steps across a reload, records the outcome; back online it syncs; the manager of
 * the organisation is notified, with the unread count, and marks it read; nobody of another
 * organisation sees it. Last, an admin's adapted guidance reaches the phone's steps. All invented.
 */
const PIN = '274915';
const UIC = 'LATHM91';
const CHEST_PAIN = GUIDANCE.checkQuestions.chest_pain.vi;
const SUICIDAL = GUIDANCE.checkQuestions.suicidal_thoughts.vi;
const FIRST_STEP = GUIDANCE.presentations.call_115.steps[0]!;
const SECOND_STEP = GUIDANCE.presentations.call_115.steps[1]!;

describe('someone in crisis, on a phone without signal', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let orgA: FieldOrg;
  let orgB: FieldOrg;
  let clientId = '';

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    orgA = await seedFieldOrg(t, ['admin', 'manager', 'fieldworker', 'clinician']);
    orgB = await seedFieldOrg(t, ['manager', 'fieldworker']);
    // The client was registered earlier, from another phone.
    const worker = await loggedIn(t, orgA, 'fieldworker');
    const device = new Device(orgA);
    const reg = device.registerClient(UIC);
    clientId = reg.clientId;
    const push = await worker.post('/api/sync/push', device.push([reg.m]));
    expect(push.status).toBe(200);
    expect(push.body.results[0].status).toBe('applied');
    browser = await launchBrowser();
    phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    page = await phone.newPage();
    watch = watchPage(page);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('crisis', task, { phone: page }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  const expectCleanPage = (where: string, w = watch) => onPhone.expectCleanPage(w, where);
  const heading = (p = page) => onPhone.heading(p);
  const syncLine = (p = page) => onPhone.syncLine(p);
  const fieldNav = (p = page) => onPhone.fieldNav(p);
  const logIn = onPhone.logIn;
  const unlock = (p: Page) => onPhone.unlock(p, PIN);

  it('runs the flow offline for a registered client: emergency, 115, steps kept across a reload, outcome', async () => {
    await page.goto(t.baseUrl + '/');
    await logIn(page, orgA.users.fieldworker!.username, orgA.users.fieldworker!.password);
    await expect.poll(() => heading().textContent()).toBe('Đặt mã PIN cho máy này');
    await page.getByLabel('Mã PIN mới').fill(PIN);
    await page.getByLabel('Nhập lại mã PIN').fill(PIN);
    await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
    await fieldNav().click();
    await expect.poll(() => heading().textContent()).toBe('Công việc thực địa');
    await expect.poll(() => page.locator('.client-row', { hasText: UIC }).isVisible()).toBe(true);
    // One tap from the field home, for anyone.
    await expect.poll(() => page.getByRole('link', { name: 'Có người đang khủng hoảng' }).isVisible()).toBe(true);
    // The app's files are on the phone only once the service worker has installed (a slow machine
    // takes a while): without it, the reload below has nothing to come from offline.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    await phone.setOffline(true);
    await page.locator('.client-row', { hasText: UIC }).click();
    await expect.poll(() => heading().textContent()).toBe(UIC);
    await page.getByRole('link', { name: 'Có người đang khủng hoảng' }).click();
    await expect.poll(() => heading().textContent()).toBe('Có người đang khủng hoảng');
    await expect.poll(() => page.locator('.crisis-banner').textContent()).toContain(UIC);

    // Chest pain: "call 115" shows at once, before the check is even finished.
    await expect(page.getByRole('link', { name: /Gọi 115 ngay/ }).count()).resolves.toBe(0);
    await page.getByLabel(CHEST_PAIN).check();
    await expect.poll(() => page.getByRole('link', { name: /Gọi 115 ngay/ }).getAttribute('href')).toBe('tel:115');

    // Suicidal thoughts open the C-SSRS screener inline, with its skip logic.
    await page.getByLabel(SUICIDAL).check();
    await expect.poll(() => page.getByRole('heading', { name: /^Sàng lọc nguy cơ tự sát/ }).isVisible()).toBe(true);
    const q = (id: string) => page.getByRole('group', { name: questionText(id) });
    await q('q1').getByLabel('Có', { exact: true }).check();
    await q('q2').getByLabel('Không', { exact: true }).check();
    await expect(q('q3').count()).resolves.toBe(0);
    await q('q6').getByLabel('Không', { exact: true }).check();
    await expect.poll(() => page.locator('.cssrs-result').textContent()).toBe('Kết quả sàng lọc: Nguy cơ thấp');

    await page.getByRole('button', { name: 'Xong – xem mức độ và cách xử lý' }).click();
    await expect.poll(() => page.locator('.crisis-level-title').textContent()).toBe('CẤP CỨU');
    await expect(page.getByRole('link', { name: /Gọi 115 ngay/ }).getAttribute('href')).resolves.toBe('tel:115');
    await expect.poll(() => unsentOnPhone()).toBe(2);

    // Each step is ticked with its time.
    await page.getByLabel(FIRST_STEP.vi).check();
    await expect.poll(() => page.locator('.guide-step-done .guide-step-time').first().textContent()).toMatch(/^Xong lúc \d{2}:\d{2}$/);

    // A reload (or a flat battery, or the lock) loses nothing: the PIN opens the crisis where it was.
    await page.reload();
    await unlock(page);
    await expect.poll(() => heading().textContent()).toBe('Có người đang khủng hoảng');
    await expect.poll(() => page.locator('.crisis-level-title').textContent()).toBe('CẤP CỨU');
    await expect(page.getByLabel(FIRST_STEP.vi).isChecked()).resolves.toBe(true);
    await page.getByLabel(SECOND_STEP.vi).check();
    await expect.poll(() => page.locator('.guide-step-done').count()).toBe(2);

    await page.getByRole('button', { name: 'Kết thúc và ghi kết quả' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '3. Kết quả' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Lưu kết quả' }).click();
    await expect.poll(() => page.getByText('Hãy chọn kết quả.').isVisible()).toBe(true);
    await page.getByRole('group', { name: 'Tình huống kết thúc thế nào?' }).getByLabel('Đã gọi cấp cứu 115').check();
    await expect.poll(() => page.getByLabel('Ngày theo dõi lại').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Cần chuyển gửi (cấp cứu)' }).isVisible()).toBe(true);
    await page.getByLabel('Chuyển đến đâu, cần gì (không bắt buộc)').fill('Bệnh viện quận, khoa cấp cứu');
    await page.getByLabel('Ghi chú (không bắt buộc)').fill('Đã bình tĩnh hơn khi xe đến');
    await page.getByRole('button', { name: 'Lưu kết quả' }).click();
    await expect.poll(() => heading().textContent()).toBe(UIC);
    await expect.poll(() => page.getByText('Đã lưu kết quả. Bản ghi sẽ tự gửi khi có mạng.').isVisible()).toBe(true);
    // Nothing in progress any more: the red button starts afresh.
    await expect(page.getByRole('link', { name: 'Có người đang khủng hoảng' }).isVisible()).resolves.toBe(true);

    await fieldNav().click();
    await expect.poll(() => syncLine().textContent()).toBe('3 bản ghi chờ gửi');
    expectCleanPage('crisis offline');
  });

  it('sends the episode and its screening when the network comes back', async () => {
    await phone.setOffline(false);
    await expect.poll(() => syncLine().textContent(), { timeout: 20_000 }).toBe('✓ Đã gửi hết lên máy chủ');
    const episodes = await t.ctx.db.kysely.selectFrom('crisis_episodes').selectAll().where('org_id', '=', orgA.orgId).execute();
    expect(episodes).toHaveLength(1);
    const episode = episodes[0]! as Record<string, unknown>;
    expect(episode.client_id).toBe(clientId);
    expect(episode.level).toBe('emergency');
    expect(episode.outcome).toBe('emergency_services_called');
    const screenings = await t.ctx.db.kysely.selectFrom('screenings').selectAll().where('org_id', '=', orgA.orgId).execute();
    expect(screenings).toHaveLength(1);
    expect((screenings[0] as Record<string, unknown>).crisis_episode_id).toBe(episode.id);
    expectCleanPage('sync on reconnect');
  });

  it("tells the organisation's manager, with the unread count, and marks it read", async () => {
    const desk = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    const p = await desk.newPage();
    const w = watchPage(p);
    await p.goto(t.baseUrl + '/');
    await logIn(p, orgA.users.manager!.username, orgA.users.manager!.password);
    // Managers do field work too: their first login offers a PIN, which can wait.
    await p.locator('.pin-later').click();
    const bell = p.getByRole('navigation').getByRole('link', { name: /^Thông báo/ });
    await expect.poll(() => bell.locator('.nav-badge').textContent()).toBe('1 chưa đọc');
    await bell.click();
    await expect.poll(() => heading(p).textContent()).toBe('Thông báo');
    const item = p.locator('.notice-item').first();
    await expect.poll(() => item.locator('.notice-kind').textContent()).toBe('Cấp cứu');
    await expect(item.locator('.badge-new').textContent()).resolves.toBe('Mới');
    await expect(item.locator('.notice-who').textContent()).resolves.toBe(`Khách hàng ${UIC}`);
    await expect(item.textContent()).resolves.toContain('Đau ngực');
    await expect(p.locator('.notice-count').textContent()).resolves.toBe('1 chưa đọc');
    await item.getByRole('button', { name: 'Đánh dấu đã đọc' }).click();
    await expect.poll(() => p.locator('.notice-count').textContent()).toBe('0 chưa đọc');
    await expect.poll(() => bell.locator('.nav-badge').count()).toBe(0);
    await expect(item.locator('.badge-new').count()).resolves.toBe(0);
    // Still read after a reload.
    await p.reload();
    await expect.poll(() => p.locator('.notice-item').count()).toBe(1);
    await expect(p.locator('.notice-unread').count()).resolves.toBe(0);
    expectCleanPage("manager's notifications", w);
    await desk.close();

    // The clinician of the organisation is told too, and has not read it yet.
    const clinician = await loggedIn(t, orgA, 'clinician');
    const list = await clinician.get('/api/notifications');
    expect(list.body.unread).toBe(1);
    expect(list.body.items[0]).toMatchObject({ kind: 'emergency', uic: UIC, level: 'emergency', read: false });
  });

  it('shows nothing of it to people of another organisation', async () => {
    const manager = await loggedIn(t, orgB, 'manager');
    const list = await manager.get('/api/notifications');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ unread: 0, items: [] });
    const worker = await loggedIn(t, orgB, 'fieldworker');
    expect((await worker.get('/api/notifications')).status).toBe(403);
    const pull = await worker.get(`/api/sync/pull?deviceId=${orgB.siteId}&orgId=${orgB.orgId}&cookie=0`);
    expect(pull.status).toBe(200);
    expect(pull.body.crisisEpisodes).toEqual([]);
    expect(JSON.stringify(pull.body)).not.toContain(UIC);
  });

  it("brings the admin's own words for a step to the phone, for a person who is not registered", async () => {
    const admin = await loggedIn(t, orgA, 'admin');
    const words = 'Gọi 115 ngay; nếu máy hết tiền, chạy sang quầy thuốc đầu ngõ nhờ gọi giúp.';
    const put = await admin.request('PUT', `/api/organisations/${orgA.orgId}/guidance/call_115/vi`, { steps: [{ id: FIRST_STEP.id, text: words }] });
    expect(put.status).toBe(200);

    await fieldNav().click();
    await page.getByRole('button', { name: 'Gửi ngay' }).click();
    await expect.poll(() => syncLine().textContent(), { timeout: 20_000 }).toBe('✓ Đã gửi hết lên máy chủ');
    await phone.setOffline(true);
    await page.getByRole('link', { name: 'Có người đang khủng hoảng' }).click();
    await expect.poll(() => page.locator('.crisis-banner').textContent()).toContain('Người chưa đăng ký');
    await page.getByLabel(GUIDANCE.checkQuestions.unconscious.vi).check();
    await page.getByRole('button', { name: 'Xong – xem mức độ và cách xử lý' }).click();
    await expect.poll(() => page.locator('.crisis-level-title').textContent()).toBe('CẤP CỨU');
    await expect.poll(() => page.getByLabel(words).isVisible()).toBe(true);
    await expect(page.getByLabel(FIRST_STEP.vi).count()).resolves.toBe(0);
    await page.getByLabel(words).check();
    await page.getByRole('button', { name: 'Kết thúc và ghi kết quả' }).click();
    await page.getByRole('group', { name: 'Tình huống kết thúc thế nào?' }).getByLabel('Đã đưa đến bệnh viện').check();
    await page.getByRole('button', { name: 'Lưu kết quả' }).click();
    await expect.poll(() => heading().textContent()).toBe('Công việc thực địa');
    await expect.poll(() => syncLine().textContent()).toBe('2 bản ghi chờ gửi');
    await phone.setOffline(false);
    await expect.poll(() => syncLine().textContent(), { timeout: 20_000 }).toBe('✓ Đã gửi hết lên máy chủ');
    const rows = await t.ctx.db.kysely.selectFrom('crisis_episodes').selectAll().where('org_id', '=', orgA.orgId).where('client_id', 'is', null).execute();
    expect(rows).toHaveLength(1);
    expect((rows[0] as Record<string, unknown>).outcome).toBe('taken_to_hospital');
    expectCleanPage('adapted guidance');
  });

  /** Records waiting on the phone, read from its menu badge (the episode opened, and its C-SSRS). */
  async function unsentOnPhone(): Promise<number> {
    const text = await page.locator('.nav-badge').first().textContent();
    return Number.parseInt(text ?? '0', 10);
  }
});

function questionText(id: string): string {
  const item = INSTRUMENTS.cssrs.items.find((i) => i.id === id);
  if (!item) throw new Error(`No C-SSRS question ${id}`);
  return item.text.vi;
}
