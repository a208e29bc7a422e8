import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/server/auth/totp.ts';
import { seedOrg, startTestApp, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';

/**
 * Where two-factor is required of administrators (FIELDLAB_REQUIRE_ADMIN_TOTP, on in production):
 * an administrator who has not enrolled sees why their pages are closed and how to open them,
 * never a link that only leads to a refusal.
 */
describe('an administrator who must use two-factor, in Chromium', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir, requireAdminTotp: true });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    watch = watchPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  const heading = () => page.getByRole('heading', { level: 1 });

  it('shows a banner and closed cards until the administrator enrols, then opens them', async () => {
    const org = await seedOrg(t, 'community_organisation', ['admin']);
    const admin = org.users.admin!;
    await page.goto(t.baseUrl + '/');
    await page.getByLabel('Tên đăng nhập').fill(admin.username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();

    await expect.poll(() => heading().textContent()).toBe(`Xin chào, ${admin.username}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Hãy bật xác thực hai bước' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Mở được sau khi bật xác thực hai bước').count()).toBeGreaterThan(0);
    expect(await page.locator('main .cards a').count()).toBe(0);

    await page.getByRole('link', { name: 'Bật xác thực hai bước ngay' }).click();
    await expect.poll(() => heading().textContent()).toBe('Tài khoản của bạn');
    await page.getByRole('button', { name: 'Bật xác thực hai bước', exact: true }).click();
    await page.locator('.secret').waitFor();
    const secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
    await page.getByLabel('Mã đang hiện trong ứng dụng').fill(totpCodeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
    await expect.poll(() => page.locator('#totp .status').textContent()).toBe('Đang bật');

    await page.getByRole('link', { name: 'Trang chủ' }).click();
    await expect.poll(() => page.getByRole('link', { name: /Nhân sự và vai trò/ }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Hãy bật xác thực hai bước' }).count()).toBe(0);
    await page.getByRole('link', { name: /Nhân sự và vai trò/ }).click();
    await expect.poll(() => page.locator('.list-item').first().textContent()).toContain(admin.username);
    await expect.poll(() => page.getByRole('link', { name: 'Thêm người' }).isVisible()).toBe(true);
    expect(watch.take()).toEqual([]);
  });
});
