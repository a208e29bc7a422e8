import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { periodLabel, periodOf, previousPeriod } from '../../src/core/indicators/periods.ts';
import { seedOrg, startTestApp, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import { addClient, addContact, seedReportingOrg, type ReportingOrg } from '../helpers/indicators.ts';
import * as onPhone from '../helpers/phone.ts';

/**
 * Issue #6 §2–3 in a real browser. A manager of a community organisation opens the dashboard on a
 * phone: the people reached this month are the seven clients seeded with contacts this month, the
 * charts drew, the table beneath says the same; the explorer splits the figure by age band and
 * downloads it as a CSV Excel can read (UTF-8 with BOM, Vietnamese headers). Then a person of the
 * network hub sees the whole network with the small cells hidden. All invented.
 */
const MINUTE = 60_000;
/** Instants in the current month in Vietnam (a minute or a few ago), so the default view holds them. */
const minutesAgo = (n: number) => new Date(Date.now() - n * MINUTE).toISOString();

describe('the indicator dashboard', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let org: ReportingOrg;
  let hub: SeededOrg;

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    org = await seedReportingOrg(t, ['manager']);
    hub = await seedOrg(t, 'network_hub', ['network']);
    // This month: five men of 25–34 and two women of 18–24, each reached at least once (one twice).
    const thisYear = Number(new Date().toISOString().slice(0, 4));
    const men = await Promise.all([1, 2, 3, 4, 5].map(() => addClient(t, org, { birthYear: thisYear - 30, sexAtBirth: 'M' })));
    const women = await Promise.all([1, 2].map(() => addClient(t, org, { birthYear: thisYear - 20, sexAtBirth: 'F', keyPopulations: ['sex_worker'] })));
    for (const [i, id] of [...men, ...women].entries()) await addContact(t, org, id, { at: minutesAgo(5 + i), services: ['commodities', 'safer_use_counselling'] });
    await addContact(t, org, men[0]!, { at: minutesAgo(3), services: ['hiv_test'] });
    // Last month: four of the men.
    const lastMonth = previousPeriod(periodOf(new Date().toISOString(), 'month'));
    for (const id of men.slice(0, 4)) await addContact(t, org, id, { at: `${lastMonth.start}T03:00:00Z` });

    browser = await launchBrowser();
    context = await browser.newContext({ ...onPhone.PHONE, acceptDownloads: true });
    page = await context.newPage();
    watch = watchPage(page);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('reports', task, { phone: page }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  const heading = () => onPhone.heading(page);

  /** Logs in and opens the dashboard (a manager may be offered a PIN for field work first: later). */
  async function openDashboard(username: string, password: string) {
    await onPhone.logInAndOpen(page, t.baseUrl, username, password, /Chỉ số và báo cáo|Số liệu mạng lưới/);
    await expect.poll(() => heading().textContent()).toBe('Chỉ số và báo cáo');
  }

  /** Whether a canvas has anything drawn on it (not one flat colour). */
  const drawn = (canvas: number) =>
    page.locator('canvas').nth(canvas).evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
      return c.width > 0 && c.height > 0 && inked > 100;
    });

  it('a manager sees the people reached this month, drawn and tabled, and downloads a split as CSV', async () => {
    await openDashboard(org.users.manager!.username, org.users.manager!.password);
    const month = periodLabel(periodOf(new Date().toISOString(), 'month')).vi;
    await expect.poll(() => page.locator('.report-heading').textContent()).toContain(month);
    // The headline: seven people, up three (+75 %) on last month, the definition a tap away.
    const reached = page.locator('.headline-card', { has: page.locator('[data-indicator=people_reached]') });
    await expect.poll(() => reached.locator('.headline-value').textContent()).toBe('7');
    await expect(reached.locator('.headline-change').textContent()).resolves.toMatch(/Tăng 3 \(\+75\s?%\) so với Tháng/);
    await reached.getByText('Định nghĩa').click();
    await expect(reached.locator('.headline-definition p').first().isVisible()).resolves.toBe(true);
    // No suppression for a manager's own organisation.
    await expect(page.getByText('Các ô dưới 5 người được ẩn').count()).resolves.toBe(0);

    // Charts drew something, and the tables beneath say the same number.
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => drawn(0)).toBe(true);
    await expect.poll(() => drawn(1)).toBe(true);
    const trend = page.locator('.report-figure', { hasText: 'Số người và số lần theo kỳ' });
    await expect(trend.locator('tbody tr', { hasText: month }).locator('td[data-label="Số người được tiếp cận"]').textContent()).resolves.toBe('7');
    const byAge = page.locator('.report-figure', { hasText: 'Số người được tiếp cận theo nhóm tuổi' });
    await expect(byAge.locator('tfoot td').textContent()).resolves.toBe('7');
    await expect(byAge.locator('tbody tr', { hasText: '25–34' }).locator('td').first().textContent()).resolves.toBe('5');
    // Nothing wider than the phone but the tables' own scrolling.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);

    // The explorer: people reached by age band, then the CSV.
    await page.getByRole('link', { name: 'Khám phá chỉ số' }).click();
    await expect.poll(() => page.locator('#field-indicator').inputValue()).toBe('people_reached');
    await page.locator('label.chip-toggle', { hasText: 'Nhóm tuổi' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('by')).toBe('age_band');
    const explorerTable = page.locator('.report-table-long');
    await expect.poll(() => explorerTable.locator('tbody tr', { hasText: '25–34' }).last().locator('td.num').textContent()).toBe('5');
    await expect.poll(() => drawn(0)).toBe(true);
    const link = page.getByRole('link', { name: 'Tải CSV' });
    await expect(link.getAttribute('href')).resolves.toContain('by=age_band');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split(/\r?\n/)[0]).toContain('Nhóm tuổi');
    expect(text).toContain('25–34');
    onPhone.expectCleanPage(watch, 'manager');
  });

  it('the network hub sees the whole network with small cells hidden', async () => {
    await context.clearCookies();
    await openDashboard(hub.users.network!.username, hub.users.network!.password);
    await expect.poll(() => page.getByText('Các ô dưới 5 người được ẩn').count()).toBe(1);
    const reached = page.locator('.headline-card', { has: page.locator('[data-indicator=people_reached]') });
    await expect.poll(() => reached.locator('.headline-value').textContent()).toBe('7');
    // Two women of 18–24: fewer than five, so hidden, never shown as a number or a zero.
    const byAge = page.locator('.report-figure', { hasText: 'Số người được tiếp cận theo nhóm tuổi' });
    const women = byAge.locator('tbody tr', { hasText: '18–24' }).locator('td[data-label="Nữ"]');
    await expect.poll(() => women.textContent()).toBe('ẩn');
    await expect(women.getAttribute('class')).resolves.toContain('cell-hidden');
    onPhone.expectCleanPage(watch, 'network');
  });
});
