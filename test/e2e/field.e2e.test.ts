import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertSite } from '../../src/server/organisations/store.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { Client, loggedIn, startTestApp, TEST_PASSWORD, uniqueName, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import * as onPhone from '../helpers/phone.ts';
import { seedFieldOrg, type FieldOrg } from '../helpers/field.ts';

/**
 * Issue #3 in a real browser: a peer worker's phone (Chromium at 360×740, in Vietnamese) on the
 * built app and the real server (PGlite). The steps run in order on one phone, as a shift would:
 * first login and PIN, losing the network, reloading, unlocking, registering a client and
 * recording contacts offline, syncing when the network returns; then what others see (the
 * manager, a colleague's phone, another organisation), the idle lock, the logout warning, a
 * refused record fixed and resent, and wiping. All people are invented.
 */
const PIN = '274915';
const SITE_B = 'Địa bàn Cát Bi';

describe('field work on a phone, offline first', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let orgA: FieldOrg;
  let orgB: FieldOrg;
  let siteB = '';
  let colleague = { username: '', password: TEST_PASSWORD };
  let clientId = '';

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    orgA = await seedFieldOrg(t, ['admin', 'manager', 'fieldworker']);
    orgB = await seedFieldOrg(t, ['fieldworker']);
    colleague.username = uniqueName('dongnghiep').toLowerCase();
    await asSystem(t.ctx.db.kysely, async (tx) => {
      siteB = (await insertSite(tx, orgA.orgId, { name: SITE_B, kind: 'outreach_area', provinceId: 'ha-noi' })).id;
      await insertUser(tx, t.ctx.crypto, { username: colleague.username, displayName: 'Gió Đông', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: orgA.orgId, role: 'fieldworker' }] });
    });
    browser = await launchBrowser();
    phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    page = await phone.newPage();
    watch = watchPage(page);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('field', task, { phone: page }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  const expectCleanPage = (where: string, w = watch) => onPhone.expectCleanPage(w, where);
  const heading = (p = page) => onPhone.heading(p);
  const syncLine = (p = page) => onPhone.syncLine(p);
  const fieldNav = (p = page) => onPhone.fieldNav(p);
  const logIn = (p: Page, username: string, password = TEST_PASSWORD) => onPhone.logIn(p, username, password);
  const setPin = (p: Page) => onPhone.setPin(p, PIN);
  const unlock = (p: Page, pin = PIN) => onPhone.unlock(p, pin);

  /** A contact with the client shown on the page, choosing a service and one foil sheet. */
  async function recordContact(service: string) {
    await page.getByRole('link', { name: 'Ghi nhận lần gặp' }).click();
    await expect.poll(() => heading().textContent()).toBe('Ghi nhận lần gặp');
    await page.getByRole('group', { name: 'Dịch vụ đã cung cấp' }).getByLabel(service, { exact: true }).check();
    await page.getByRole('button', { name: /^Thêm một: Giấy bạc/ }).click();
    await page.getByRole('button', { name: 'Lưu lần gặp' }).click();
    await expect.poll(() => page.getByText('Đã lưu lần gặp. Bản ghi sẽ tự gửi khi có mạng.').isVisible()).toBe(true);
  }

  it('asks for a PIN at the first login, then opens offline after a reload with that PIN', async () => {
    await page.goto(t.baseUrl + '/');
    await logIn(page, orgA.users.fieldworker!.username);
    await expect.poll(() => heading().textContent()).toBe('Đặt mã PIN cho máy này');
    await expect.poll(() => page.getByText(/nếu điện thoại bị mất hoặc bị thu giữ/).isVisible()).toBe(true);
    await page.getByLabel('Mã PIN mới').fill('123456');
    await page.getByLabel('Nhập lại mã PIN').fill('123456');
    await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toBe('Mã PIN này quá dễ đoán. Hãy chọn các chữ số không theo thứ tự và không lặp lại.');
    await page.getByLabel('Mã PIN mới').fill(PIN);
    await page.getByLabel('Nhập lại mã PIN').fill('274916');
    await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toBe('Hai mã PIN chưa giống nhau.');
    await page.getByLabel('Nhập lại mã PIN').fill(PIN);
    await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
    await expect.poll(() => page.getByText('Đã đặt mã PIN. Máy này đã sẵn sàng làm việc khi không có mạng.').isVisible()).toBe(true);

    // The home page links to field work; the first sync brings the sites and the catalogue.
    await page.getByRole('link', { name: /Ghi nhận tiếp cận/ }).first().click();
    await expect.poll(() => heading().textContent()).toBe('Công việc thực địa');
    await expect.poll(() => page.locator('.sync-last').textContent()).toMatch(/^Gửi thành công lần cuối: /);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    expectCleanPage('first login and PIN');

    await phone.setOffline(true);
    await page.reload();
    await expect.poll(() => heading().textContent()).toBe('Mở khoá Fieldlab');
    await expect.poll(() => page.getByText(/Đang không có mạng\. Bạn vẫn làm việc được/).isVisible()).toBe(true);
    await unlock(page, '905127');
    await expect.poll(() => page.locator('.field-error').first().textContent()).toBe('Mã PIN không đúng. Còn 9 lần thử; sai hết thì dữ liệu trên máy sẽ bị xoá.');
    await unlock(page);
    await expect.poll(() => heading().textContent()).toBe('Công việc thực địa');
    await expect.poll(() => syncLine().textContent()).toBe('✓ Đã gửi hết lên máy chủ');
    expectCleanPage('offline reload and unlock');
  });

  it('registers a client without a name and records three contacts, all offline (4 waiting)', async () => {
    await page.getByRole('link', { name: '+ Khách hàng mới' }).click();
    await expect.poll(() => heading().textContent()).toBe('Khách hàng mới');
    await expect.poll(() => page.getByText(/Tên bố mẹ chỉ dùng để tạo mã và không được lưu/).isVisible()).toBe(true);
    await page.getByLabel('Tên của mẹ').fill('Nguyễn Thị Hồng');
    await page.getByLabel('Tên của bố').fill('Tuấn');
    await page.getByRole('group', { name: 'Giới tính khi sinh' }).getByLabel('Nam', { exact: true }).check();
    await page.getByLabel('Năm sinh').fill('1995');
    await expect.poll(() => page.locator('output.uic-display').textContent()).toBe('HOTUM95');
    await page.getByLabel('Biệt danh (không bắt buộc)').fill('Bống');
    await page.getByRole('button', { name: 'Lưu và ghi nhận lần gặp' }).click();
    // What is missing is said next to each field.
    await expect.poll(() => page.getByText('Cần có sự đồng ý nhận dịch vụ mới đăng ký được.').isVisible()).toBe(true);
    await page.getByRole('group', { name: 'Bản dạng giới' }).getByLabel('Nam', { exact: true }).check();
    await page.getByRole('group', { name: 'Chất đang sử dụng' }).getByLabel('Ma tuý đá (methamphetamine)').check();
    await page.getByRole('group', { name: 'Cách sử dụng' }).getByLabel('Hút', { exact: true }).check();
    await page.getByRole('group', { name: 'Biết đến dịch vụ qua' }).getByLabel('Nhân viên tiếp cận').check();
    await page.getByLabel(/^Đồng ý nhận dịch vụ \(bắt buộc\)/).check();
    await page.getByRole('button', { name: 'Lưu và ghi nhận lần gặp' }).click();
    await expect.poll(() => heading().textContent()).toBe('Ghi nhận lần gặp');
    await expect.poll(() => page.getByText('Đã lưu khách hàng HOTUM95. Giờ hãy ghi nhận lần gặp này.').isVisible()).toBe(true);
    clientId = new URL(page.url()).pathname.split('/')[3]!;

    // The first contact, chosen by hand, with a follow-up in a week.
    await page.getByRole('group', { name: 'Dịch vụ đã cung cấp' }).getByLabel('Tư vấn sử dụng an toàn hơn').check();
    await page.getByRole('button', { name: /^Thêm một: Giấy bạc/ }).click();
    await page.getByRole('button', { name: /^Thêm một: Giấy bạc/ }).click();
    // Handing something out ticks "commodities" by itself.
    await expect(page.getByRole('group', { name: 'Dịch vụ đã cung cấp' }).getByLabel('Phát vật phẩm').isChecked()).resolves.toBe(true);
    await page.getByRole('group', { name: 'Hẹn gặp lại' }).getByLabel('1 tuần nữa').check();
    await page.getByLabel('Ghi chú (không bắt buộc)').fill('Ngủ kém ba đêm, hẹn gặp lại ở điểm hỗ trợ');
    await page.getByRole('button', { name: 'Lưu lần gặp' }).click();
    await expect.poll(() => heading().textContent()).toBe('HOTUM95');

    // The second: "same as last time".
    await page.getByRole('link', { name: 'Ghi nhận lần gặp' }).click();
    await page.getByRole('button', { name: '↻ Giống lần trước' }).click();
    await expect(page.getByRole('group', { name: 'Dịch vụ đã cung cấp' }).getByLabel('Tư vấn sử dụng an toàn hơn').isChecked()).resolves.toBe(true);
    await expect(page.locator('input[id^="commodities-"]').first().inputValue()).resolves.toBe('2');
    await page.getByRole('button', { name: 'Lưu lần gặp' }).click();
    await expect.poll(() => page.getByText('Đã lưu lần gặp. Bản ghi sẽ tự gửi khi có mạng.').isVisible()).toBe(true);

    await recordContact('Xét nghiệm HIV / bộ tự xét nghiệm');
    await expect.poll(() => page.locator('.timeline-item').count()).toBe(3);
    await expect.poll(() => page.locator('.timeline-item .badge-warning').count()).toBe(3);

    // Registering the same answers again offers that client instead of a duplicate.
    await fieldNav().click();
    await page.getByRole('link', { name: '+ Khách hàng mới' }).click();
    await page.getByLabel('Tên của mẹ').fill('Hồng');
    await page.getByLabel('Tên của bố').fill('Tuấn');
    await page.getByRole('group', { name: 'Giới tính khi sinh' }).getByLabel('Nam', { exact: true }).check();
    await page.getByLabel('Năm sinh').fill('1995');
    await expect.poll(() => page.getByText('Mã HOTUM95 đã có trên máy').isVisible()).toBe(true);
    await page.getByLabel('Năm sinh').fill('1996');
    await expect.poll(() => page.getByText('Có 1 mã gần giống').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Là người khác' }).click();
    await expect(page.getByText('Có 1 mã gần giống').count()).resolves.toBe(0);

    await fieldNav().click();
    await expect.poll(() => syncLine().textContent()).toBe('4 bản ghi chờ gửi');
    await expect.poll(() => page.locator('.nav-badge').textContent()).toBe('4 bản ghi chưa gửi');
    // Still there after a reload without network.
    await page.reload();
    await unlock(page);
    await expect.poll(() => syncLine().textContent()).toBe('4 bản ghi chờ gửi');
    await expect.poll(() => page.getByText('Bống').first().isVisible()).toBe(true);
    expectCleanPage('offline registration and contacts');
  });

  it('sends everything by itself when the network comes back', async () => {
    await phone.setOffline(false);
    await expect.poll(() => syncLine().textContent(), { timeout: 20_000 }).toBe('✓ Đã gửi hết lên máy chủ');
    await expect(page.locator('.nav-badge').count()).resolves.toBe(0);
    await page.getByRole('link', { name: /HOTUM95/ }).first().click();
    await expect.poll(() => page.locator('.timeline-item .badge-warning').count()).toBe(0);
    expectCleanPage('sync on reconnect');
  });

  it('lets a manager of the organisation see them through the API', async () => {
    const manager = await loggedIn(t, orgA, 'manager');
    const list = await manager.get(`/api/organisations/${orgA.orgId}/clients`);
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual(expect.objectContaining({ id: clientId, uic: 'HOTUM95', nickname: 'Bống' }));
    const record = await manager.get(`/api/organisations/${orgA.orgId}/clients/${clientId}`);
    expect(record.status).toBe(200);
    expect(JSON.stringify(record.body)).toContain('Ngủ kém ba đêm');
    expect((record.body as { contacts: unknown[] }).contacts).toHaveLength(3);
  });

  it("brings them to a colleague's phone with its first sync", async () => {
    const other = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    const p = await other.newPage();
    const w = watchPage(p);
    await p.goto(t.baseUrl + '/field');
    await logIn(p, colleague.username);
    await setPin(p);
    await expect.poll(() => heading(p).textContent()).toBe('Công việc thực địa');
    await expect.poll(() => p.locator('.client-row', { hasText: 'HOTUM95' }).isVisible()).toBe(true);
    await p.locator('.client-row', { hasText: 'HOTUM95' }).click();
    await expect.poll(() => p.locator('.timeline-item').count()).toBe(3);
    await expect.poll(() => p.getByText('Ngủ kém ba đêm, hẹn gặp lại ở điểm hỗ trợ').isVisible()).toBe(true);

    // Wiping this phone from its device page erases it in one action.
    await fieldNav(p).click();
    await p.getByRole('link', { name: 'Cài đặt máy' }).click();
    await p.getByRole('button', { name: 'Xoá dữ liệu trên máy này' }).click();
    await p.getByRole('button', { name: 'Đồng ý, xoá hết' }).click();
    await expect.poll(() => heading(p).textContent()).toBe('Đặt mã PIN cho máy này');
    await expect.poll(() => p.getByText('Đã xoá dữ liệu Fieldlab trên máy này.').isVisible()).toBe(true);
    await p.goto(t.baseUrl + '/field');
    await expect.poll(() => heading(p).textContent()).toBe('Đặt mã PIN cho máy này');
    expectCleanPage("colleague's phone", w);
    await other.close();
  });

  it('keeps them from a worker of another organisation on every route', async () => {
    const outsider = await loggedIn(t, orgB, 'fieldworker');
    const a = `/api/organisations/${orgA.orgId}`;
    for (const path of [`${a}/clients`, `${a}/clients/${clientId}`, `${a}/clients/match?uic=HOTUM95`, `${a}/conflicts`, `${a}/catalogue`, `/api/sync/pull?deviceId=${orgB.siteId}&orgId=${orgA.orgId}&cookie=0`]) {
      const res = await outsider.get(path);
      expect(res.status, path).toBe(403);
      expect(JSON.stringify(res.body), path).not.toContain('HOTUM95');
    }
    const push = await outsider.post('/api/sync/push', { deviceId: orgB.siteId, orgId: orgA.orgId, mutations: [{ id: 1, name: 'recordContact', args: {}, clientTime: new Date().toISOString(), schemaVersion: 1 }] });
    expect(push.status).toBe(403);
    // Through their own organisation, the client does not exist.
    const own = `/api/organisations/${orgB.orgId}`;
    expect((await outsider.get(`${own}/clients/${clientId}`)).status).toBe(404);
    const match = await outsider.get(`${own}/clients/match?uic=HOTUM95`);
    expect(match.body).toEqual({ exact: null, near: [] });
    const pull = await outsider.get(`/api/sync/pull?deviceId=${orgB.siteId}&orgId=${orgB.orgId}&cookie=0`);
    expect(pull.status).toBe(200);
    expect(JSON.stringify(pull.body)).not.toContain('HOTUM95');
    expect(JSON.stringify(pull.body)).not.toContain(clientId);
    const anonymous = new Client(t.baseUrl);
    expect((await anonymous.get(`${a}/clients`)).status).toBe(401);
  });

  it('locks by itself after the idle time, and the PIN opens it again', async () => {
    await page.evaluate(() => localStorage.setItem('fieldlab.lockAfterSeconds', '3'));
    await fieldNav().click();
    await expect.poll(() => heading().textContent(), { timeout: 10_000 }).toBe('Mở khoá Fieldlab');
    await page.evaluate(() => localStorage.removeItem('fieldlab.lockAfterSeconds'));
    await unlock(page);
    await expect.poll(() => heading().textContent()).toBe('Công việc thực địa');
    expectCleanPage('idle lock');
  });

  it('warns before logging out with records not sent, and sends them first', async () => {
    await phone.setOffline(true);
    await page.getByRole('link', { name: 'Đếm người gặp ẩn danh' }).click();
    await expect.poll(() => heading().textContent()).toBe('Đếm người gặp ẩn danh');
    await page.getByRole('button', { name: 'Thêm một: Nam · 18–24 tuổi' }).click();
    await page.getByRole('button', { name: 'Thêm một: Nam · 18–24 tuổi' }).click();
    await page.getByRole('button', { name: 'Thêm một: Nữ · Không rõ tuổi' }).click();
    await expect.poll(() => page.locator('.tally-total').textContent()).toBe('Tổng cộng: 3 người');
    await page.getByRole('group', { name: 'Dịch vụ đã cung cấp' }).getByLabel('Thông tin, tài liệu truyền thông').check();
    await page.getByRole('button', { name: 'Lưu số người gặp' }).click();
    await expect.poll(() => page.getByText('Đã lưu: 3 người gặp ẩn danh.').isVisible()).toBe(true);
    await expect.poll(() => syncLine().textContent()).toBe('1 bản ghi chờ gửi');

    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await expect.poll(() => heading().textContent()).toBe('Đăng xuất?');
    await expect.poll(() => page.getByText('1 bản ghi trên máy này chưa được gửi lên máy chủ.').isVisible()).toBe(true);
    await expect(page.getByRole('button', { name: 'Chưa có mạng để gửi' }).isDisabled()).resolves.toBe(true);
    // Back online, the phone sends by itself; whichever comes first, the button or that sync, the record leaves before the session ends.
    await phone.setOffline(false);
    await page.getByRole('main').getByRole('button', { name: /^(Gửi ngay rồi đăng xuất|Đăng xuất)$/ }).click();
    await expect.poll(() => heading().textContent(), { timeout: 20_000 }).toBe('Đăng nhập');
    await expect.poll(() => page.getByText('Bạn đã đăng xuất.').isVisible()).toBe(true);
    const manager = await loggedIn(t, orgA, 'manager');
    const rows = await t.ctx.db.kysely.selectFrom('anonymous_contacts').select('id').where('org_id', '=', orgA.orgId).execute();
    expect(rows).toHaveLength(1);
    expect((await manager.get(`/api/organisations/${orgA.orgId}/clients`)).status).toBe(200);
    expectCleanPage('logout warning');
  });

  it('shows a record the server refused with its reason, and sends it again once fixed', async () => {
    await logIn(page, orgA.users.fieldworker!.username);
    await fieldNav().click();
    await unlock(page);
    await phone.setOffline(true);
    await page.locator('.client-row', { hasText: 'HOTUM95' }).first().click();
    await page.getByRole('link', { name: 'Ghi nhận lần gặp' }).click();
    await page.getByRole('button', { name: 'Đổi' }).click();
    await page.getByLabel('Địa điểm').selectOption({ label: SITE_B });
    await page.getByRole('group', { name: 'Dịch vụ đã cung cấp' }).getByLabel('Chuyển gửi', { exact: true }).check();
    await page.getByRole('button', { name: 'Lưu lần gặp' }).click();
    await expect.poll(() => heading().textContent()).toBe('HOTUM95');

    // Meanwhile the organisation closes that site.
    const admin = await loggedIn(t, orgA, 'admin');
    expect((await admin.patch(`/api/organisations/${orgA.orgId}/sites/${siteB}`, { active: false })).status).toBe(200);
    await phone.setOffline(false);
    await fieldNav().click();
    await expect.poll(() => page.getByRole('link', { name: '1 bản ghi cần xử lý' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('link', { name: '1 bản ghi cần xử lý' }).click();
    await expect.poll(() => heading().textContent()).toBe('Gửi dữ liệu');
    await expect.poll(() => page.locator('.rejection').textContent()).toBe('Địa điểm này không còn hoạt động hoặc không thuộc tổ chức. Hãy chọn địa điểm khác.');
    await page.getByRole('link', { name: 'Sửa và gửi lại' }).click();
    await expect.poll(() => heading().textContent()).toBe('Sửa lần gặp');
    await expect(page.getByRole('group', { name: 'Dịch vụ đã cung cấp' }).getByLabel('Chuyển gửi', { exact: true }).isChecked()).resolves.toBe(true);
    await page.getByLabel('Địa điểm').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Lưu và gửi lại' }).click();
    await expect.poll(() => page.getByText('Đã sửa. Bản ghi đang được gửi lại.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Không có bản ghi nào bị máy chủ từ chối.').isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => syncLine().textContent(), { timeout: 20_000 }).toBe('✓ Đã gửi hết lên máy chủ');
    const manager = await loggedIn(t, orgA, 'manager');
    const record = await manager.get(`/api/organisations/${orgA.orgId}/clients/${clientId}`);
    expect((record.body as { contacts: unknown[] }).contacts).toHaveLength(4);
    expectCleanPage('refused and fixed');
  });

  it("tells the next person who logs in on this phone that it holds someone else's data, and wipes it", async () => {
    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await expect.poll(() => heading().textContent()).toBe('Đăng nhập');
    await logIn(page, colleague.username);
    await expect.poll(() => heading().textContent()).toBe('Máy này đang giữ dữ liệu của người khác');
    await expect.poll(() => page.getByText(new RegExp(`là của ${orgA.users.fieldworker!.username}`)).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Xoá dữ liệu trên máy này' }).click();
    await page.getByRole('button', { name: 'Đồng ý, xoá hết' }).click();
    await expect.poll(() => heading().textContent()).toBe('Đặt mã PIN cho máy này');
    await setPin(page);
    await fieldNav().click();
    await expect.poll(() => heading().textContent()).toBe('Công việc thực địa');
    await expect.poll(() => page.locator('.client-row', { hasText: 'HOTUM95' }).first().isVisible()).toBe(true);
    expectCleanPage('another person on this phone');
  });
});
