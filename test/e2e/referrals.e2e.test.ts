import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loggedIn, seedOrg, startTestApp, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import * as onPhone from '../helpers/phone.ts';
import { Device, seedFieldOrg, type FieldOrg } from '../helpers/field.ts';
import { addProvider } from '../helpers/referrals.ts';

/**
 * Issue #5 in a real browser, two people on two browser contexts. A peer worker of a community
 * organisation (a phone, 360 px, Vietnamese) refers a client offline to the in-network clinic,
 * downloads the slip PDF (read back here: the code is on it, the client's code and nickname are
 * not), then syncs. A clinician of the clinic (a desktop) finds the referral by the code typed
 * from the slip, accepts it, records the attendance and the completion; the worker's phone shows
 * it completed. All invented.
 */
const PIN = '380516';
const UIC = 'HUTRM93';
const NICKNAME = 'Bống';
const CLINIC = 'Phòng khám Tâm An';

describe('a referral that closes its loop', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let phone: BrowserContext;
  let desk: BrowserContext;
  let page: Page;
  let clinicPage: Page;
  let watch: ReturnType<typeof watchPage>;
  let org: FieldOrg;
  let clinic: SeededOrg;
  let code = '';
  let legalAidId = '';

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    org = await seedFieldOrg(t, ['admin', 'manager', 'fieldworker']);
    clinic = await seedOrg(t, 'clinic', ['admin', 'clinician']);
    const manager = await loggedIn(t, org, 'manager');
    await addProvider(manager, { name: CLINIC, orgId: clinic.orgId, services: ['psychiatric_assessment', 'counselling'], address: '25 phố Thử Nghiệm, Hoàn Kiếm', openingHours: 'Thứ Hai – Thứ Sáu 7:30–16:30', phone: '024 3000 0101' });
    legalAidId = await addProvider(manager, { name: 'Trung tâm Trợ giúp pháp lý', kind: 'legal_aid', services: ['legal_aid'] });
    // The client, registered earlier from another phone, agreed to share referral data.
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient(UIC, {
      consents: [
        { kind: 'services', given: true },
        { kind: 'referral_sharing', given: true },
      ],
    });
    const push = await worker.post('/api/sync/push', device.push([reg.m]));
    expect(push.body.results[0].status).toBe('applied');
    browser = await launchBrowser();
    phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', acceptDownloads: true });
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    page = await phone.newPage();
    clinicPage = await desk.newPage();
    watch = watchPage(page);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('referrals', task, { phone: page, clinic: clinicPage }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  const heading = (p = page) => onPhone.heading(p);
  const logIn = onPhone.logIn;

  it('the worker refers the client offline and gets the slip, with no personal data on it', async () => {
    await page.goto(t.baseUrl + '/');
    await logIn(page, org.users.fieldworker!.username, org.users.fieldworker!.password);
    await expect.poll(() => heading().textContent()).toBe('Đặt mã PIN cho máy này');
    await page.getByLabel('Mã PIN mới').fill(PIN);
    await page.getByLabel('Nhập lại mã PIN').fill(PIN);
    await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
    await page.getByRole('navigation').getByRole('link', { name: /^Thực địa/ }).click();
    await expect.poll(() => heading().textContent()).toBe('Công việc thực địa');
    await expect.poll(() => page.locator('.client-row', { hasText: UIC }).isVisible()).toBe(true);
    // The directory came with the first sync.
    await page.getByRole('link', { name: 'Danh bạ dịch vụ' }).click();
    await expect.poll(() => page.locator('.provider-row').count()).toBe(2);
    await page.getByLabel('Dịch vụ cần').selectOption('psychiatric_assessment');
    await expect.poll(() => page.locator('.provider-row').count()).toBe(1);
    await page.locator('.provider-row', { hasText: CLINIC }).click();
    await expect.poll(() => heading().textContent()).toBe(CLINIC);
    await expect(page.getByRole('link', { name: /^Gọi 024/ }).getAttribute('href')).resolves.toBe('tel:02430000101');

    await phone.setOffline(true);
    await page.getByRole('navigation').getByRole('link', { name: /^Thực địa/ }).click();
    await page.locator('.client-row', { hasText: UIC }).click();
    await expect.poll(() => heading().textContent()).toBe(UIC);
    await page.getByRole('link', { name: '+ Chuyển gửi' }).click();
    await expect.poll(() => heading().textContent()).toBe('Chuyển gửi khách hàng');
    await page.getByLabel('Dịch vụ cần').selectOption('psychiatric_assessment');
    await page.getByLabel(new RegExp(CLINIC)).check();
    await page.getByLabel('Trong ngày', { exact: true }).check();
    await page.getByLabel('Lý do', { exact: true }).fill('Nghe tiếng nói lạ, mất ngủ ba đêm liền');
    await page.getByLabel('Lý do chuyển gửi').check();
    await page.getByRole('button', { name: 'Lưu chuyển gửi' }).click();

    await expect.poll(() => heading().textContent()).toMatch(/^Chuyển gửi [0-9A-Z]{4}-[0-9A-Z]{4}$/);
    code = (await page.locator('dd.referral-code').textContent())!.trim();
    await expect.poll(() => page.locator('.referral-lead').textContent()).toContain('Đã gửi');
    await expect.poll(() => page.locator('.referral-lead').textContent()).toContain('Chờ gửi');

    // The slip, made on the phone without a network.
    await page.getByRole('link', { name: 'Giấy chuyển gửi' }).click();
    await expect.poll(() => page.locator('.slip-code').textContent()).toBe(code);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Thẻ PDF (A6)' }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    expect(text).toContain(code);
    expect(text).toContain(CLINIC);
    expect(text).toContain('Thử Nghiệm');
    expect(text).toContain('Giấy chuyển gửi');
    expect(text).not.toContain(UIC);
    expect(text).not.toContain(NICKNAME);
    expect(text).not.toContain('tiếng nói lạ');
    // In English too.
    await page.getByLabel('English', { exact: true }).check();
    const [a4] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Trang PDF (A4)' }).click()]);
    const english = await extractText(await getDocumentProxy(new Uint8Array(readFileSync((await a4.path())!))), { mergePages: true });
    expect(english.text).toContain('Referral slip');
    expect(english.text).toContain(code);
    expect(english.text).not.toContain(UIC);
    await expect(page.locator('.slip-message').textContent()).resolves.toContain(code);

    // Back online, it reaches the server.
    await phone.setOffline(false);
    await page.getByRole('link', { name: code }).click();
    await expect.poll(() => page.locator('.referral-lead').textContent(), { timeout: 20_000 }).not.toContain('Chờ gửi');
    expect(watch.take().filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  it('a clinician of the clinic finds it by the code on the slip, accepts it, and records attendance and completion', async () => {
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await clinicPage.goto(t.baseUrl + '/');
    await logIn(clinicPage, clinic.users.clinician!.username, clinic.users.clinician!.password);
    await clinicPage.getByRole('link', { name: /Chuyển gửi đến bạn/ }).click();
    await expect.poll(() => heading(clinicPage).textContent()).toBe('Chuyển gửi đến bạn');
    // Typed as people type: lower case, no dash.
    await clinicPage.getByLabel('Tìm theo mã chuyển gửi').fill(code.replace('-', ' ').toLowerCase());
    await clinicPage.getByRole('button', { name: 'Tìm', exact: true }).click();
    await expect.poll(() => heading(clinicPage).textContent()).toBe(`Chuyển gửi ${code}`);
    // Only what the client agreed to share: the reason, never the client's code or nickname.
    await expect.poll(() => clinicPage.locator('main').textContent()).toContain('Nghe tiếng nói lạ');
    expect(await clinicPage.locator('main').textContent()).not.toContain(UIC);
    expect(await clinicPage.locator('main').textContent()).not.toContain(NICKNAME);

    const record = async (action: string, outcome?: string) => {
      await clinicPage.locator('.form-event').getByLabel(action, { exact: true }).check();
      if (outcome) await clinicPage.getByLabel('Kết quả').selectOption({ label: outcome });
      await clinicPage.getByRole('button', { name: 'Ghi lại' }).click();
    };
    await record('Nhận');
    await expect.poll(() => clinicPage.locator('.referral-lead').textContent()).toContain('Đã nhận');
    await record('Đã đến', 'Đã khám');
    await expect.poll(() => clinicPage.locator('.referral-lead').textContent()).toContain('Đã đến');
    await record('Hoàn tất', 'Đã bắt đầu điều trị');
    await expect.poll(() => clinicPage.locator('.referral-lead').textContent()).toContain('Hoàn tất');
    await expect.poll(() => clinicPage.locator('.referral-timeline .timeline-item').count()).toBe(5);
  });

  it('the worker sees it completed after the next sync', async () => {
    await page.getByRole('navigation').getByRole('link', { name: /^Thực địa/ }).click();
    await page.getByRole('button', { name: /Gửi ngay/ }).click();
    await page.locator('.referrals-due').getByRole('link', { name: 'Chuyển gửi', exact: true }).click();
    await page.locator('.referral-row', { hasText: code }).click();
    await expect.poll(() => page.locator('.referral-lead').textContent(), { timeout: 20_000 }).toContain('Hoàn tất');
    await expect.poll(() => page.locator('.referral-timeline').textContent()).toContain('Đã bắt đầu điều trị');
    await expect.poll(() => page.locator('.referral-timeline').textContent()).toContain('Do nơi nhận ghi');
  });

  it('the worker rates how friendly the clinic was (online only), and the directory shows the rating', async () => {
    const rating = page.locator('.provider-rating');
    await phone.setOffline(true);
    await expect.poll(() => rating.textContent()).toContain('Cần có mạng để gửi đánh giá');
    expect(await page.locator('.form-rating').count()).toBe(0);
    await phone.setOffline(false);
    await page.locator('.form-rating').getByLabel('4', { exact: true }).check();
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await expect.poll(() => rating.textContent()).toContain('Bạn đã đánh giá nơi này 4/5');
    await expect.poll(() => rating.textContent()).toContain('Điểm trung bình hiện nay: 4,0/5 (1 lượt đánh giá)');
    // The phone's directory, offline, has the new average from the pull, and its filter finds the clinic.
    await page.getByRole('navigation').getByRole('link', { name: /^Thực địa/ }).click();
    await page.getByRole('button', { name: /Gửi ngay/ }).click();
    await page.getByRole('link', { name: 'Danh bạ dịch vụ' }).click();
    await expect.poll(() => page.locator('.provider-row', { hasText: CLINIC }).textContent(), { timeout: 20_000 }).toContain('Thân thiện 4,0/5');
    await page.getByLabel('Thân thiện với người sử dụng ma túy').selectOption('4');
    await expect.poll(() => page.locator('.provider-row').count()).toBe(1);
    // Back on the referral, the phone remembers the rating it sent.
    await page.getByRole('navigation').getByRole('link', { name: /^Thực địa/ }).click();
    await page.locator('.referrals-due').getByRole('link', { name: 'Chuyển gửi', exact: true }).click();
    await page.locator('.referral-row', { hasText: code }).click();
    await expect.poll(() => page.locator('.provider-rating').textContent()).toContain('Bạn đã đánh giá nơi này 4/5');
    expect(await page.getByRole('button', { name: 'Gửi lại đánh giá' }).isVisible()).toBe(true);
    expect(watch.take().filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  it('a manager finds the referral numbers from the organisation page: one made, one completed', async () => {
    const managerContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    const m = await managerContext.newPage();
    const mWatch = watchPage(m);
    try {
      await m.goto(t.baseUrl + '/');
      await logIn(m, org.users.manager!.username, org.users.manager!.password);
      // A manager also does field work: the phone offers a PIN, which can wait.
      const later = m.locator('.pin-later');
      const orgCard = m.getByRole('link', { name: /Hồ sơ tổ chức/ });
      await expect.poll(async () => (await later.count()) + (await orgCard.count())).toBeGreaterThan(0);
      if (await later.count()) await later.click();
      await orgCard.click();
      await expect.poll(() => m.getByRole('link', { name: 'Danh bạ dịch vụ' }).getAttribute('href')).toBe(`/organisations/${org.orgId}/providers`);
      await m.getByRole('link', { name: 'Số liệu chuyển gửi' }).click();
      await expect.poll(() => heading(m).textContent()).toBe('Số liệu chuyển gửi');
      const tile = (label: string) => m.locator('.number-tile', { has: m.getByText(label, { exact: true }) }).locator('dd');
      await expect.poll(() => tile('Đã chuyển gửi').textContent()).toBe('1');
      expect(await tile('Hoàn tất').textContent()).toBe('1');
      expect((await tile('Tỉ lệ hoàn tất').textContent())?.replace(/\s/g, '')).toBe('100%');
      expect(await tile('Số ngày đến khám (trung vị)').textContent()).toBe('0 ngày');
      const byProvider = m.locator('section', { has: m.getByRole('heading', { name: 'Theo nơi nhận' }) });
      await expect.poll(() => byProvider.locator('tbody tr').count()).toBe(1);
      expect(await byProvider.locator('tbody tr').textContent()).toContain(CLINIC);
      const byService = m.locator('section', { has: m.getByRole('heading', { name: 'Theo dịch vụ' }) });
      expect(await byService.locator('tbody tr').textContent()).toContain('Khám tâm thần');
      // Every period holds today's referral; "all" too.
      await m.getByLabel('Tất cả', { exact: true }).check();
      await expect.poll(() => m.locator('.numbers-range').textContent()).toBe('Mọi chuyển gửi đã thực hiện');
      await expect.poll(() => tile('Đã chuyển gửi').textContent()).toBe('1');
      expect(mWatch.take()).toEqual([]);
    } finally {
      await managerContext.close();
    }
  });

  it('a referral the server refused (its provider left the directory meanwhile) is fixed in its form and sent again', async () => {
    await page.getByRole('navigation').getByRole('link', { name: /^Thực địa/ }).click();
    await phone.setOffline(true);
    await page.locator('.client-row', { hasText: UIC }).click();
    await page.getByRole('link', { name: '+ Chuyển gửi' }).click();
    await page.getByLabel('Dịch vụ cần').selectOption('legal_aid');
    await page.getByLabel(/Trung tâm Trợ giúp pháp lý/).check();
    await page.getByLabel('Lý do', { exact: true }).fill('Cần tư vấn về giấy tờ tuỳ thân');
    await page.getByRole('button', { name: 'Lưu chuyển gửi' }).click();
    await expect.poll(() => heading().textContent()).toMatch(/^Chuyển gửi [0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const refused = (await page.locator('dd.referral-code').textContent())!.trim();

    // Meanwhile a manager retires that provider.
    const manager = await loggedIn(t, org, 'manager');
    expect((await manager.patch(`/api/providers/${legalAidId}`, { active: false })).status).toBe(200);
    await phone.setOffline(false);
    await page.getByRole('navigation').getByRole('link', { name: /^Thực địa/ }).click();
    await expect.poll(() => page.getByRole('link', { name: '1 bản ghi cần xử lý' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('link', { name: '1 bản ghi cần xử lý' }).click();
    await expect.poll(() => page.locator('.rejected-item .list-title').textContent()).toBe(`Chuyển gửi ${refused} cho ${UIC}`);
    await page.getByRole('link', { name: 'Sửa và gửi lại' }).click();
    await expect.poll(() => heading().textContent()).toBe('Sửa chuyển gửi');
    // What was typed comes back; the worker picks a provider still in the directory.
    expect(await page.getByLabel('Lý do', { exact: true }).inputValue()).toBe('Cần tư vấn về giấy tờ tuỳ thân');
    await page.getByLabel('Dịch vụ cần').selectOption('counselling');
    await page.getByLabel(new RegExp(CLINIC)).check();
    await page.getByRole('button', { name: 'Lưu và gửi lại' }).click();
    await expect.poll(() => page.getByText('Đã sửa. Bản ghi đang được gửi lại.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Không có bản ghi nào bị máy chủ từ chối.').isVisible(), { timeout: 20_000 }).toBe(true);
    // Same referral and code (its slip stays good), now at the clinic.
    const sent = async () => ((await manager.get(`/api/organisations/${org.orgId}/referrals`)).body as { code: string; providerName: string; service: string }[]).find((r) => r.code === refused);
    await expect.poll(sent, { timeout: 20_000 }).toMatchObject({ providerName: CLINIC, service: 'counselling' });
    expect(watch.take().filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });
});
