import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/dates.ts';
import { periodOf, previousPeriod } from '../../src/core/indicators/periods.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import { addClient, addContact, seedReportingOrg, type ReportingOrg } from '../helpers/indicators.ts';
import * as onPhone from '../helpers/phone.ts';

/**
 * Issue #6 §3 in a real browser: a manager finds "Xuất dữ liệu" on their home page on a phone,
 * keeps the default range (last month) and downloads the contacts line list. The file is what
 * Excel reads as Vietnamese (UTF-8 with BOM), names the client by code, and holds nothing of the
 * contact's notes. The download is in the audit log. All invented.
 */
describe('the exports page', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let org: ReportingOrg;
  let code: string;

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    org = await seedReportingOrg(t, ['manager']);
    const lastMonth = previousPeriod(periodOf(new Date().toISOString(), 'month'));
    const client = await addClient(t, org, {});
    const contact = await addContact(t, org, client, { at: `${addDays(lastMonth.start, 9)}T03:00:00Z`, services: ['hiv_test'] });
    code = await asSystem(t.ctx.db.kysely, async (tx) => {
      await tx.updateTable('contacts').set({ notes_enc: t.ctx.crypto.encrypt('Ghi chú riêng: ngủ ở gầm cầu') }).where('id', '=', contact).execute();
      return t.ctx.crypto.decrypt((await tx.selectFrom('clients').select('uic_enc').where('id', '=', client).executeTakeFirstOrThrow()).uic_enc);
    });
    browser = await launchBrowser();
    const context = await browser.newContext({ ...onPhone.PHONE, acceptDownloads: true });
    page = await context.newPage();
    watch = watchPage(page);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('exports', task, { phone: page }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  it('a manager downloads last month’s contacts with client codes and without notes', async () => {
    await onPhone.logInAndOpen(page, t.baseUrl, org.users.manager!.username, org.users.manager!.password, /Xuất dữ liệu/);
    await expect.poll(() => onPhone.heading(page).textContent()).toBe('Xuất dữ liệu');
    const lastMonth = previousPeriod(periodOf(new Date().toISOString(), 'month'));
    expect(await page.locator('#field-from').inputValue()).toBe(lastMonth.start);
    expect(await page.locator('#field-to').inputValue()).toBe(addDays(lastMonth.end, -1));
    await expect.poll(() => page.getByText('Tệp có mã khách hàng').count()).toBe(1);

    const link = page.locator('a[href*="/exports/contacts"]');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`fieldlab-contacts-${lastMonth.start}-${addDays(lastMonth.end, -1)}.csv`);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Ngày giờ,Mã khách hàng,Điểm,Hình thức,Dịch vụ,Số vật phẩm đã phát,Số tài liệu truyền thông đã phát,Ngày hẹn theo dõi');
    expect(lines[1]).toContain(`,${code},`);
    expect(lines[1]).toContain('Xét nghiệm HIV');
    expect(bytes.toString('utf8')).not.toContain('gầm cầu');
    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'entity_id']).where('org_id', '=', org.orgId).where('action', '=', 'export.linelist').execute());
    expect(audit).toEqual([{ action: 'export.linelist', entity_id: 'contacts:1' }]);

    // A range that ends before it starts offers no download, and says why.
    await page.locator('#field-to').fill(addDays(lastMonth.start, -1));
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Ngày bắt đầu phải trước hoặc bằng ngày kết thúc');
    expect(await page.locator('a[download]').count()).toBe(0);
    onPhone.expectCleanPage(watch, 'exports page');
  });
});
