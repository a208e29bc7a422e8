import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/server/auth/totp.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';

/**
 * The foundation in a real browser: Debian's Chromium, the built web app, the real server on a fresh
 * PGlite. The steps share one database and run in order, as people would: set up, administer,
 * switch language, log out; a newcomer's first login; an ended session and a lost connection;
 * two-factor; deactivation. Every step also checks that nothing went wrong in the page
 * (uncaught errors, console errors such as Content-Security-Policy violations, 5xx answers).
 * All names are invented.
 */
const ADMIN = { username: 'dieuphoi.bac', password: 'maple-lantern-orbit-52' };
const WORKER = { username: 'tiepcan.sao', newPassword: 'river-pepper-cloud-88' };
const ORG = 'Nhóm Bạn Đồng Hành Hải Phòng';
const ORG_ADMIN = 'quantri.haiphong';
const SITE = 'Điểm hỗ trợ Lê Chân';

describe('the web app in Chromium', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let adminTotpSecret = '';
  let workerTemporary = '';

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    page = await context.newPage();
    watch = watchPage(page);
  });

  // A failed step leaves a picture of the page in test-results/ (kept out of git), to see what the person would have seen.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !page) return;
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/e2e-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`, fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  /** No uncaught error, console error, CSP violation or 5xx since the last check. */
  function expectCleanPage(where: string) {
    expect(watch.take(), where).toEqual([]);
  }

  const heading = () => page.getByRole('heading', { level: 1 });

  async function logIn(username: string, password: string) {
    await page.getByLabel(/^(Tên đăng nhập|Username)$/).fill(username);
    await page.getByLabel(/^(Mật khẩu|Password)$/).fill(password);
    await page.getByRole('button', { name: /^(Đăng nhập|Log in)$/ }).click();
  }

  async function logOut() {
    await page.getByRole('button', { name: /^(Đăng xuất|Log out)$/ }).click();
    await expect.poll(() => heading().textContent()).toMatch(/^(Đăng nhập|Log in)$/);
  }

  it('sets up the network, then logs out and in again', async () => {
    await page.goto(t.baseUrl + '/');
    await expect.poll(() => heading().textContent()).toBe('Thiết lập Fieldlab');
    expect(new URL(page.url()).pathname).toBe('/setup');
    expectCleanPage('setup page');

    await page.getByLabel('Tên mạng lưới').fill('Mạng lưới giảm hại thử nghiệm');
    await page.getByLabel('Tổ chức điều phối').fill('Văn phòng điều phối thử nghiệm');
    await page.getByLabel('Tỉnh/thành phố').selectOption({ label: 'Hà Nội' });
    await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
    // The strength shown as one types is the server's own policy.
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('password12');
    await expect.poll(() => page.locator('.strength-text').textContent()).toBe('Quá dễ đoán. Hãy thêm vài từ không liên quan.');
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('short');
    await expect.poll(() => page.locator('.strength-text').textContent()).toBe('Quá ngắn: cần ít nhất 10 ký tự (còn thiếu 5).');
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(ADMIN.password);
    await expect.poll(() => page.locator('.strength-text').textContent()).toBe('Đủ mạnh.');
    await page.getByLabel('Nhập lại mật khẩu mới').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Thiết lập và đăng nhập' }).click();

    await expect.poll(() => heading().textContent()).toBe(`Xin chào, ${ADMIN.username}`);
    await expect.poll(() => page.getByText('Mạng lưới: Mạng lưới giảm hại thử nghiệm').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: /Các tổ chức trong mạng lưới/ }).isVisible()).toBe(true);
    expectCleanPage('home after setup');

    await logOut();
    await expect.poll(() => page.getByText('Bạn đã đăng xuất.').isVisible()).toBe(true);

    await logIn(ADMIN.username, 'not-the-password-at-all');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    await logIn(ADMIN.username, ADMIN.password);
    await expect.poll(() => heading().textContent()).toBe(`Xin chào, ${ADMIN.username}`);
    expectCleanPage('login');
  });

  it('creates an organisation, a site and a user, and changes them', async () => {
    await page.getByRole('link', { name: 'Tổ chức', exact: true }).click();
    await expect.poll(() => heading().textContent()).toBe('Tổ chức');
    await page.getByRole('link', { name: 'Thêm tổ chức' }).click();
    await page.getByRole('button', { name: 'Tạo tổ chức' }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toBe('Cần từ 2 đến 120 ký tự.');
    await page.getByLabel('Tên tổ chức').fill(ORG);
    await page.getByLabel('Loại hình').selectOption({ label: 'Tổ chức cộng đồng' });
    await page.getByLabel('Tỉnh/thành phố').selectOption({ label: 'Hải Phòng' });
    await page.getByRole('button', { name: 'Tạo tổ chức' }).click();
    await expect.poll(() => heading().textContent()).toBe(ORG);
    await expect.poll(() => page.getByText(`Đã tạo tổ chức “${ORG}”.`).isVisible()).toBe(true);
    expectCleanPage('organisation created');

    await page.getByRole('link', { name: 'Địa điểm', exact: true }).click();
    await expect.poll(() => heading().textContent()).toBe('Địa điểm');
    await expect.poll(() => page.getByText('Chưa có địa điểm nào.').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Thêm địa điểm' }).click();
    await page.getByLabel('Tên địa điểm').fill(SITE);
    await page.getByLabel('Loại địa điểm').selectOption({ label: 'Điểm hỗ trợ cộng đồng' });
    await page.getByLabel('Tỉnh/thành phố').selectOption({ label: 'Hải Phòng' });
    await page.getByRole('button', { name: 'Tạo địa điểm' }).click();
    await expect.poll(() => page.getByText(`Đã tạo địa điểm “${SITE}”.`).isVisible()).toBe(true);
    await expect.poll(() => page.locator('.list-item').first().textContent()).toContain('Điểm hỗ trợ cộng đồng · Hải Phòng');

    await page.getByRole('link', { name: new RegExp(SITE) }).click();
    await expect.poll(() => heading().textContent()).toBe(SITE);
    await page.getByLabel(/^Đang sử dụng/).uncheck();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Đã lưu.').isVisible()).toBe(true);
    await expect.poll(() => page.locator('.list-item').first().textContent()).toContain('Ngừng hoạt động');
    expectCleanPage('site created and edited');

    await page.getByRole('link', { name: ORG }).click();
    await page.getByRole('link', { name: 'Nhân sự và vai trò' }).click();
    await expect.poll(() => heading().textContent()).toBe('Nhân sự và vai trò');
    // A new organisation's first person is its administrator.
    await page.getByRole('link', { name: 'Thêm người' }).click();
    await page.getByLabel('Tên đăng nhập').fill(ORG_ADMIN);
    await page.getByLabel(/^Quản trị viên/).check();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect.poll(() => heading().textContent()).toBe('Đã tạo tài khoản');
    await page.getByRole('button', { name: 'Thêm người khác' }).click();
    await page.getByLabel('Tên đăng nhập').fill(WORKER.username);
    await page.getByLabel('Tên hiển thị (không bắt buộc)').fill('Sao Biển');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect.poll(() => page.getByText('Hãy chọn ít nhất một vai trò.').isVisible()).toBe(true);
    await page.getByLabel(/^Nhân viên tiếp cận/).check();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect.poll(() => heading().textContent()).toBe('Đã tạo tài khoản');
    const firstPassword = await page.getByTestId('temporary-password').textContent();
    expect(firstPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    await page.getByRole('link', { name: 'Về danh sách' }).click();
    const row = page.locator('.list-item', { hasText: WORKER.username });
    await expect.poll(() => row.textContent()).toContain('Nhân viên tiếp cận');
    await expect.poll(() => row.textContent()).toContain('Phải đặt mật khẩu mới');

    await row.click();
    await expect.poll(() => heading().textContent()).toBe(WORKER.username);
    await page.getByLabel(/^Quản lý/).check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Đã lưu.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await page.getByRole('button', { name: 'Đồng ý, đặt lại' }).click();
    await expect.poll(() => page.getByTestId('temporary-password').isVisible()).toBe(true);
    const temporary = await page.getByTestId('temporary-password').textContent();
    expect(temporary).not.toBe(firstPassword);
    expectCleanPage('user created and edited');

    await page.getByRole('link', { name: 'Nhân sự và vai trò' }).click();
    await expect.poll(() => page.locator('.list-item', { hasText: WORKER.username }).textContent()).toContain('Quản lý');
    workerTemporary = temporary ?? '';

    // The same person also trains for the coordinating office: an existing account, given a role there.
    await page.getByRole('link', { name: 'Tổ chức', exact: true }).click();
    await page.getByRole('link', { name: /Văn phòng điều phối thử nghiệm/ }).click();
    await page.getByRole('link', { name: 'Nhân sự và vai trò' }).click();
    await page.getByRole('link', { name: 'Thêm tài khoản đã có' }).click();
    await page.getByLabel('Tên đăng nhập').fill('khong.co.ai');
    await page.getByLabel(/^Tập huấn viên/).check();
    await page.getByRole('button', { name: 'Giao vai trò' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Không tìm thấy');
    await page.getByLabel('Tên đăng nhập').fill(WORKER.username);
    await page.getByRole('button', { name: 'Giao vai trò' }).click();
    await expect.poll(() => page.getByText(`${WORKER.username} đã có vai trò trong tổ chức này.`).isVisible()).toBe(true);
    await expect.poll(() => page.locator('.list-item', { hasText: WORKER.username }).textContent()).toContain('Tập huấn viên');
    expectCleanPage('existing account added');
  });

  it('switches to English, remembers it after a reload, and logs out', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => heading().textContent()).toBe('People and roles');
    await expect.poll(() => page.getByRole('link', { name: 'Add a person' }).isVisible()).toBe(true);
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');

    await page.getByRole('link', { name: 'Home' }).click();
    await expect.poll(() => heading().textContent()).toBe(`Hello, ${ADMIN.username}`);
    await page.reload();
    await expect.poll(() => heading().textContent()).toBe(`Hello, ${ADMIN.username}`);
    await expect(page.evaluate(() => localStorage.getItem('fieldlab.lang'))).resolves.toBe('en');
    expectCleanPage('english');

    await logOut();
    await expect.poll(() => page.getByText('You have logged out.').isVisible()).toBe(true);
    await expect.poll(() => page.getByLabel('Username').isVisible()).toBe(true);
    // Errors from the server come in the language shown.
    await logIn(ADMIN.username, 'not-the-password-at-all');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('The username or password is not correct.');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await expect.poll(() => heading().textContent()).toBe('Đăng nhập');
    expectCleanPage('logged out in English');
  });

  it('makes a new person choose their own password, then shows the home page of their roles, without dead links', async () => {
    const temporary = workerTemporary;
    await logIn(WORKER.username, temporary);
    await expect.poll(() => heading().textContent()).toBe('Đặt mật khẩu của riêng bạn');
    await page.getByLabel('Mật khẩu được cấp').fill(temporary);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(WORKER.newPassword);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(WORKER.newPassword);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect.poll(() => page.getByText('Đã đổi mật khẩu.').isVisible()).toBe(true);
    // Field work keeps data on the phone: the first login asks for a PIN, or "not on this device".
    await expect.poll(() => heading().textContent()).toBe('Đặt mã PIN cho máy này');
    await page.getByRole('button', { name: 'Để sau, máy này không dùng cho thực địa' }).click();
    await expect.poll(() => heading().textContent()).toBe('Xin chào, Sao Biển');

    // A fieldworker and manager: field work, the manager's pages, what is still to come.
    await expect.poll(() => page.getByText('Ghi nhận tiếp cận').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: /Danh mục vật phẩm/ }).first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Sẽ có trong phiên bản sau').first().isVisible()).toBe(true);
    await expect(page.getByRole('link', { name: /Các tổ chức trong mạng lưới/ }).count()).resolves.toBe(0);
    const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
    expect(links.length).toBeGreaterThan(0);
    for (const href of new Set(links)) {
      await page.goto(t.baseUrl + href);
      await expect.poll(() => heading().textContent(), { message: href }).not.toMatch(/^(Không tìm thấy trang|Đang tải…)?$/);
      await expect(page.locator('.alert-error').count(), href).resolves.toBe(0);
    }
    expectCleanPage('fieldworker pages');
  });

  it('sends a person whose session ended back to the login page, and then where they were going', async () => {
    await page.goto(t.baseUrl + '/');
    await expect.poll(() => heading().textContent()).toBe('Xin chào, Sao Biển');
    await t.ctx.db.kysely.deleteFrom('sessions').execute();
    await page.getByRole('link', { name: 'Tổ chức', exact: true }).click();
    await expect.poll(() => heading().textContent()).toBe('Đăng nhập');
    await expect.poll(() => page.getByText('Phiên làm việc đã kết thúc (do lâu không thao tác, hoặc đã bị đóng). Hãy đăng nhập lại.').isVisible()).toBe(true);
    expect(new URL(page.url()).search).toBe('?next=%2Forganisations');
    await logIn(WORKER.username, WORKER.newPassword);
    await expect.poll(() => heading().textContent()).toBe('Tổ chức');
    expect(new URL(page.url()).pathname).toBe('/organisations');
    expectCleanPage('session expiry');
  });

  it('tells the person when the server cannot be reached, and recovers', async () => {
    await page.route('**/api/organisations', (route) => route.abort('internetdisconnected'));
    await page.getByRole('link', { name: 'Trang chủ' }).click();
    await page.getByRole('link', { name: 'Tổ chức', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Không kết nối được với máy chủ.');
    await page.unroute('**/api/organisations');
    await page.getByRole('button', { name: 'Thử lại' }).click();
    await expect.poll(() => page.locator('.list-item').first().textContent()).toContain(ORG);
    // Chromium logs the refused request itself; nothing else may have gone wrong.
    expect(watch.take().filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await logOut();
  });

  it('enrols an administrator in two-factor, and then asks for a code at login', async () => {
    await logIn(ADMIN.username, ADMIN.password);
    // The administrator chose English earlier: their account remembers it, on any device.
    await expect.poll(() => heading().textContent()).toBe(`Hello, ${ADMIN.username}`);
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await expect.poll(() => heading().textContent()).toBe(`Xin chào, ${ADMIN.username}`);
    await expect.poll(() => page.getByText('Bạn là quản trị viên: hãy bảo vệ tài khoản bằng xác thực hai bước.').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Bật xác thực hai bước ngay' }).click();
    await expect.poll(() => heading().textContent()).toBe('Tài khoản của bạn');
    expect(new URL(page.url()).hash).toBe('#totp');
    await expect.poll(() => page.locator('#totp .status').textContent()).toBe('Chưa bật');

    await page.getByRole('button', { name: 'Bật xác thực hai bước', exact: true }).click();
    const qr = page.getByRole('img', { name: 'Mã QR để quét bằng ứng dụng xác thực' });
    await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    adminTotpSecret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
    expect(adminTotpSecret).toMatch(/^[A-Z2-7]{32}$/);

    await page.getByLabel('Mã đang hiện trong ứng dụng').fill('000000');
    await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toBe('Mã xác thực không đúng hoặc đã dùng. Hãy chờ mã mới rồi thử lại.');
    await page.getByLabel('Mã đang hiện trong ứng dụng').fill(totpCodeAt(adminTotpSecret, Date.now()));
    await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
    await expect.poll(() => page.getByText('Đã bật xác thực hai bước. Từ giờ, mỗi lần đăng nhập sẽ cần mã từ ứng dụng.').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#totp .status').textContent()).toBe('Đang bật');
    expectCleanPage('totp enrolment');

    await logOut();
    await logIn(ADMIN.username, ADMIN.password);
    await expect.poll(() => heading().textContent()).toBe('Mã xác thực');
    await page.getByLabel('Mã 6 số').fill('12345');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toBe('Hãy nhập đủ 6 chữ số đang hiện trong ứng dụng xác thực.');
    // The step after the one used to confirm: a code is never accepted twice.
    await page.getByLabel('Mã 6 số').fill(totpCodeAt(adminTotpSecret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => heading().textContent()).toBe(`Xin chào, ${ADMIN.username}`);
    await expect(page.getByText('Bạn là quản trị viên: hãy bảo vệ tài khoản bằng xác thực hai bước.').count()).resolves.toBe(0);
    expectCleanPage('login with a code');
  });

  it('deactivates a person, who can then no longer log in, and reactivates them', async () => {
    await page.getByRole('link', { name: 'Tổ chức', exact: true }).click();
    await page.getByRole('link', { name: new RegExp(ORG) }).click();
    await page.getByRole('link', { name: 'Nhân sự và vai trò' }).click();
    await page.locator('.list-item', { hasText: WORKER.username }).click();
    await page.getByRole('button', { name: 'Vô hiệu hoá tài khoản' }).click();
    await expect.poll(() => page.getByText(/Họ sẽ bị đăng xuất ngay/).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Đồng ý, vô hiệu hoá' }).click();
    await expect.poll(() => page.locator('.facts dd').first().textContent()).toBe('Đã vô hiệu hoá');

    // On another phone, the person tries to log in.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const other = await phone.newPage();
    await other.goto(t.baseUrl + '/login');
    await other.getByLabel('Tên đăng nhập').fill(WORKER.username);
    await other.getByLabel('Mật khẩu', { exact: true }).fill(WORKER.newPassword);
    await other.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => other.getByRole('alert').first().textContent()).toBe('Tài khoản này đã bị vô hiệu hoá. Hãy liên hệ quản trị viên của tổ chức.');
    await phone.close();

    await page.getByRole('button', { name: 'Kích hoạt lại tài khoản' }).click();
    await expect.poll(() => page.locator('.facts dd').first().textContent()).toBe('Đang hoạt động');
    expectCleanPage('deactivation');
  });
});
