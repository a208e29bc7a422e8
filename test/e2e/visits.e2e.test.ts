import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dayIn } from '../../src/core/dates.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertSite } from '../../src/server/organisations/store.ts';
import { seedOrg, startTestApp, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import * as onPhone from '../helpers/phone.ts';

/**
 * Issue #7 §4 in a real browser, on a phone. A manager opens Chuyến thăm trao đổi from home,
 * records a group of nine from Cambodia that came today (a programme item at the organisation's
 * drop-in centre), marks it as taken place, and records the group's feedback with thumb-sized
 * 1–5 choices. Then the network hub's person opens the dashboard and sees the visit among the
 * month's figures: one visit, nine visitors, Cambodia, the mean rating; never the feedback's words.
 * All invented.
 */
describe('exchange visits', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let org: SeededOrg;
  let hub: SeededOrg;
  let siteName: string;
  const today = dayIn(new Date(), 'Asia/Ho_Chi_Minh');

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    org = await seedOrg(t, 'community_organisation', ['manager']);
    hub = await seedOrg(t, 'network_hub', ['network']);
    siteName = 'Điểm tiếp cận Hoa Sen (invented)';
    await asSystem(t.ctx.db.kysely, (tx) => insertSite(tx, org.orgId, { name: siteName, kind: 'drop_in_centre', provinceId: 'ha-noi' }));
    browser = await launchBrowser();
    context = await browser.newContext({ ...onPhone.PHONE });
    page = await context.newPage();
    watch = watchPage(page);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('visits', task, { phone: page }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  const heading = () => onPhone.heading(page);

  it('a manager records a visit that took place today, with its programme and the group’s feedback', async () => {
    await onPhone.logInAndOpen(page, t.baseUrl, org.users.manager!.username, org.users.manager!.password, /Chuyến thăm trao đổi/);
    await expect.poll(() => heading().textContent()).toBe('Chuyến thăm trao đổi');
    // The list arrives after the heading: wait for it rather than look once.
    await expect.poll(() => page.getByText('Chưa có chuyến thăm nào sắp tới.').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Thêm chuyến thăm' }).click();
    await expect.poll(() => heading().textContent()).toBe('Chuyến thăm mới');

    // Saving an empty form says what is missing, in Vietnamese, next to each field.
    await page.getByRole('button', { name: 'Lưu chuyến thăm' }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('Hãy nhập tên tổ chức');

    await page.getByLabel('Tên tổ chức của đoàn').fill('Mạng lưới Giảm hại Phnom Penh (invented)');
    await page.getByLabel('Loại tổ chức').selectOption('ngo');
    await page.getByText('Nước ngoài', { exact: true }).click();
    await page.getByLabel('Quốc gia', { exact: true }).selectOption('KH');
    await page.getByLabel('Số người trong đoàn').fill('9');
    await page.getByLabel('Ngày đầu').fill(today);
    await expect(page.getByLabel('Ngày cuối').inputValue()).resolves.toBe(today);
    await page.getByRole('button', { name: '+ Thêm một mục' }).click();
    await page.getByLabel('Ngày', { exact: true }).selectOption(today);
    await page.getByLabel('Bắt đầu').fill('09:00');
    await page.getByLabel('Hoạt động').selectOption('drop_in');
    await page.getByLabel('Địa điểm').selectOption({ label: siteName });
    await page.getByLabel('Người phụ trách của tổ chức (không bắt buộc)').fill('Chị Hương (invented)');
    await page.getByRole('button', { name: 'Lưu chuyến thăm' }).click();

    await expect.poll(() => heading().textContent()).toBe('Mạng lưới Giảm hại Phnom Penh (invented)');
    await expect(page.getByText('Đã lưu chuyến thăm.').isVisible()).resolves.toBe(true);
    await expect(page.locator('.facts').textContent()).resolves.toMatch(/Campuchia.*9 người/);
    await expect(page.locator('.visit-programme-list').textContent()).resolves.toContain(siteName);

    await page.getByRole('button', { name: 'Đánh dấu đã diễn ra' }).click();
    await expect.poll(() => page.locator('.badge-success').first().textContent()).toBe('Đã diễn ra');

    // The group's one form: ratings by tapping 1–5 chips, a thumb wide each.
    await page.getByText('Cả đoàn (một phiếu chung)').click();
    const chip = page.locator('fieldset', { hasText: 'Chương trình chuyến thăm' }).locator('label.chip-toggle', { hasText: '4' });
    const box = await chip.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.width).toBeGreaterThanOrEqual(44);
    await chip.click();
    await page.locator('fieldset', { hasText: 'Sự đón tiếp của đơn vị chủ nhà' }).locator('label.chip-toggle', { hasText: '5' }).click();
    await page.getByLabel('Điều sẽ mang về áp dụng (không bắt buộc)').fill('Cách chị Hương (invented) mời người mới vào nhóm');
    await page.getByRole('button', { name: 'Lưu phiếu góp ý' }).click();
    await expect.poll(() => page.getByText('Đã lưu phiếu góp ý.').count()).toBe(1);
    await expect(page.locator('.visit-feedback-list').textContent()).resolves.toContain('mời người mới vào nhóm');
    // The group has given its form: only personal forms are offered now.
    await expect(page.getByText('Cả đoàn (một phiếu chung)').count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
    onPhone.expectCleanPage(watch, 'manager');
  });

  it('the network hub sees the visit on the dashboard: counts, origin and ratings, no words', async () => {
    await context.clearCookies();
    await onPhone.logInAndOpen(page, t.baseUrl, hub.users.network!.username, hub.users.network!.password, /Số liệu mạng lưới/);
    await expect.poll(() => heading().textContent()).toBe('Chỉ số và báo cáo');
    const section = page.locator('.visits-section');
    await section.waitFor();
    await expect.poll(() => section.locator('.headline-card', { hasText: 'Khách đến thăm' }).locator('.headline-value').textContent()).toBe('9');
    await expect(section.locator('.headline-card', { hasText: 'Chuyến thăm' }).first().locator('.headline-value').textContent()).resolves.toBe('1');
    await expect(section.locator('[data-testid=visits-origins] tbody').textContent()).resolves.toContain('Campuchia');
    const programme = section.locator('[data-testid=visits-ratings] tbody tr', { hasText: 'Chương trình chuyến thăm' });
    await expect(programme.locator('td').first().textContent()).resolves.toBe('4,0');
    const text = (await section.textContent()) ?? '';
    expect(text).not.toContain('Phnom Penh');
    expect(text).not.toContain('mời người mới');
    expect(text).toContain('không bị ẩn');
    onPhone.expectCleanPage(watch, 'network');
  });
});
