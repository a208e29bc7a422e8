import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { Client, startTestApp, TEST_PASSWORD, uniqueName, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import { Device, seedFieldOrg, type FieldOrg } from '../helpers/field.ts';
import * as onPhone from '../helpers/phone.ts';

/**
 * Issue #7 §1 in a real browser. A manager (a desktop, Vietnamese) sets up a contemplation group
 * with a peer worker as its facilitator. The worker's phone (360 px, Vietnamese) loses the
 * network, records a session with two registered clients, three people who gave no code and one
 * client's stage of change, sees it waiting, and sends it when the network is back; the server
 * has it (the manager's page shows it) and the client's page shows the attendance and the stage.
 * A session with nobody in it is refused on the phone and nothing is sent. All people invented.
 */
const PIN = '274915';
const GROUP = 'Nhóm cân nhắc tối thứ Ba';
const WORKER = 'Sao Biển';
const TOPIC = 'Điều gì giúp tôi ngủ ngon hơn';

describe('a contemplation group session recorded offline', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let phone: BrowserContext;
  let desk: BrowserContext;
  let page: Page;
  let managerPage: Page;
  let watch: ReturnType<typeof watchPage>;
  let org: FieldOrg;
  const worker = { username: uniqueName('tiepcan').toLowerCase(), userId: '' };
  const manager = { username: uniqueName('quanly').toLowerCase(), userId: '' };
  const clients: Record<string, string> = {};
  let groupId = '';

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    org = await seedFieldOrg(t, ['admin']);
    await asSystem(t.ctx.db.kysely, async (tx) => {
      worker.userId = await insertUser(tx, t.ctx.crypto, { username: worker.username, displayName: WORKER, password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'fieldworker' }] });
      manager.userId = await insertUser(tx, t.ctx.crypto, { username: manager.username, displayName: 'Chị Mây', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'manager' }] });
    });
    // Two clients, registered earlier from another phone of the worker.
    const api = new Client(t.baseUrl);
    await api.login(worker.username, TEST_PASSWORD);
    const device = new Device(org);
    const a = device.registerClient('HOTUM95');
    const b = device.registerClient('LANAF01', { profile: { nickname: 'Sóc', phone: null, birthYear: 2001, sexAtBirth: 'F', genderIdentity: 'woman', keyPopulations: [], substances: ['methamphetamine'], routes: ['smoke'], provinceId: 'ha-noi', siteId: org.siteId, referralSource: 'peer' } });
    const push = await api.post('/api/sync/push', device.push([a.m, b.m]));
    expect(push.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    clients.HOTUM95 = a.clientId;
    clients.LANAF01 = b.clientId;
    browser = await launchBrowser();
    phone = await browser.newContext({ ...onPhone.PHONE });
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    page = await phone.newPage();
    managerPage = await desk.newPage();
    watch = watchPage(page);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('groups', task, { phone: page, manager: managerPage }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  const heading = (p = page) => onPhone.heading(p);
  const managerApi = async () => {
    const c = new Client(t.baseUrl);
    await c.login(manager.username, TEST_PASSWORD);
    return c;
  };

  it('a manager creates a weekly contemplation group with the worker as facilitator', async () => {
    const p = managerPage;
    await p.goto(t.baseUrl + '/');
    await onPhone.logIn(p, manager.username, TEST_PASSWORD);
    // A manager may record on a phone too; this desk is not one.
    await p.locator('.pin-later').click();
    await p.getByRole('link', { name: /Sinh hoạt nhóm/ }).first().click();
    await expect.poll(() => heading(p).textContent()).toBe('Nhóm sinh hoạt');
    await p.getByRole('link', { name: '+ Nhóm mới' }).click();
    await expect.poll(() => heading(p).textContent()).toBe('Nhóm mới');
    // Nothing chosen: each missing field says so.
    await p.getByRole('button', { name: 'Tạo nhóm' }).click();
    await expect.poll(() => p.getByText('Hãy đặt tên cho nhóm (tối đa 80 ký tự).').isVisible()).toBe(true);
    await expect.poll(() => p.getByText('Hãy chọn ít nhất một người điều phối.').isVisible()).toBe(true);
    await p.getByLabel('Tên nhóm').fill(GROUP);
    await p.getByLabel('Loại nhóm').selectOption({ label: 'Nhóm cân nhắc thay đổi' });
    await p.getByLabel('Địa điểm').selectOption({ index: 1 });
    await p.getByRole('group', { name: 'Người điều phối' }).getByLabel(WORKER).check();
    await p.getByLabel('Hằng tuần').check();
    await p.getByLabel('Thứ trong tuần').selectOption({ label: 'Thứ Ba' });
    await p.getByLabel('Giờ bắt đầu').fill('18:30');
    // The coming meetings show as the schedule is set: Tuesdays.
    await expect.poll(() => p.locator('.schedule-preview li').count()).toBe(5);
    expect(await p.locator('.schedule-preview li').first().textContent()).toMatch(/^Thứ 3, .*18:30$/);
    await p.getByRole('button', { name: 'Tạo nhóm' }).click();
    await expect.poll(() => p.getByText('Đã lưu nhóm. Điện thoại của nhân viên sẽ nhận sau lần gửi tiếp theo.').isVisible()).toBe(true);
    const row = p.locator('.group-row', { hasText: GROUP });
    await expect.poll(() => row.textContent()).toContain('Nhóm cân nhắc thay đổi');
    expect(await row.textContent()).toContain(WORKER);
    expect(await row.textContent()).toContain('18:30');
    groupId = (await row.getAttribute('href'))!.split('/').at(-1)!;
    expect(groupId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the worker records a session offline: two clients, three without a code, one stage; it waits, then syncs', async () => {
    await page.goto(t.baseUrl + '/');
    await onPhone.logIn(page, worker.username, TEST_PASSWORD);
    await onPhone.setPin(page, PIN);
    await onPhone.fieldNav(page).click();
    await expect.poll(() => heading().textContent()).toBe('Công việc thực địa');
    await expect.poll(() => page.locator('.sync-last').textContent()).toMatch(/^Gửi thành công lần cuối: /);
    await page.getByRole('link', { name: 'Sinh hoạt nhóm', exact: true }).click();
    await expect.poll(() => heading().textContent()).toBe('Sinh hoạt nhóm');
    const row = page.locator('#groups-mine ~ ul .group-row', { hasText: GROUP });
    await expect.poll(() => row.textContent()).toMatch(/Buổi tới: .*18:30/);

    await phone.setOffline(true);
    await row.click();
    await expect.poll(() => heading().textContent()).toBe('Ghi buổi sinh hoạt');
    await expect(page.getByRole('group', { name: 'Người điều phối' }).getByLabel(`${WORKER} (bạn)`).isChecked()).resolves.toBe(true);
    await page.getByLabel('Chủ đề').fill(TOPIC);
    const search = page.getByRole('searchbox', { name: 'Tìm khách hàng' });
    await search.fill('hotum');
    await page.getByRole('button', { name: /^\+ Thêm HOTUM95/ }).click();
    await search.fill('Sóc');
    await page.getByRole('button', { name: /^\+ Thêm LANAF01/ }).click();
    await expect.poll(() => page.locator('.attendee').count()).toBe(2);
    await page.getByLabel('Giai đoạn thay đổi của HOTUM95 (không bắt buộc)').selectOption({ label: 'Đang cân nhắc' });
    await expect.poll(() => page.locator('.attendee-stage .hint').first().textContent()).toBe('Thấy có vấn đề và đang nghĩ đến việc thay đổi, nhưng chưa quyết định');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Thêm một: Người tham dự không cho mã · Số người' }).click();
    await expect.poll(() => page.locator('.attendees .tally-total').textContent()).toBe('Tổng cộng: 5 người tham dự');
    await page.getByRole('button', { name: 'Lưu buổi sinh hoạt' }).click();
    await expect.poll(() => page.getByText('Đã lưu buổi sinh hoạt (5 người). Bản ghi sẽ tự gửi khi có mạng.').isVisible()).toBe(true);
    await expect.poll(() => heading().textContent()).toBe('Sinh hoạt nhóm');
    const recent = page.locator('.timeline-item', { hasText: TOPIC });
    await expect.poll(() => recent.textContent()).toContain('Chờ gửi');
    expect(await recent.textContent()).toContain(`${GROUP} · 5 người`);

    // Waiting in the outbox, with the client's page showing it already.
    await onPhone.fieldNav(page).click();
    await expect.poll(() => onPhone.syncLine(page).textContent()).toBe('1 bản ghi chờ gửi');
    await page.locator('.client-row', { hasText: 'HOTUM95' }).first().click();
    await expect.poll(() => heading().textContent()).toBe('HOTUM95');
    const panel = page.locator('.client-groups');
    await expect.poll(() => panel.textContent()).toContain('Đã tham dự 1 buổi');
    expect(await panel.textContent()).toContain('Đang cân nhắc');
    expect(await panel.textContent()).toContain('Chờ gửi');

    await phone.setOffline(false);
    await onPhone.fieldNav(page).click();
    await page.getByRole('button', { name: 'Gửi ngay' }).click();
    await expect.poll(() => onPhone.syncLine(page).textContent(), { timeout: 20_000 }).toBe('✓ Đã gửi hết lên máy chủ');
    onPhone.expectCleanPage(watch, 'session recorded offline and synced');

    // The server has it, with the stage, as the manager's API shows it.
    const api = await managerApi();
    const res = await api.get(`/api/organisations/${org.orgId}/groups/${groupId}/sessions`);
    expect(res.status).toBe(200);
    expect(res.body.sessions).toHaveLength(1);
    const s = res.body.sessions[0];
    expect(s).toMatchObject({ topic: TOPIC, anonymousCount: 3, facilitatorIds: [worker.userId], stages: [{ clientId: clients.HOTUM95, stage: 'contemplation' }] });
    expect(s.attendees.map((a: { uic: string }) => a.uic).sort()).toEqual(['HOTUM95', 'LANAF01']);
  });

  it('the client page shows the attendance and the stage, synced; the manager sees the session on the group page', async () => {
    await page.locator('.client-row', { hasText: 'HOTUM95' }).first().click();
    const panel = page.locator('.client-groups');
    await expect.poll(() => panel.textContent()).toContain('Đã tham dự 1 buổi');
    expect(await panel.textContent()).not.toContain('Chờ gửi');
    expect(await panel.locator('.attendance-list').textContent()).toContain(GROUP);
    await expect.poll(() => panel.locator('.stage-step').count()).toBe(1);
    expect(await panel.locator('.stage-step').textContent()).toContain('Đang cân nhắc');
    expect(await panel.locator('.stage-step').textContent()).toContain('tại buổi nhóm');
    expect(await panel.locator('.stage-movement').textContent()).toBe('Vẫn ở giai đoạn “Đang cân nhắc”');

    await managerPage.locator('.group-row', { hasText: GROUP }).click();
    await expect.poll(() => heading(managerPage).textContent()).toBe(GROUP);
    await expect.poll(() => managerPage.locator('.group-sessions').textContent()).toContain(TOPIC);
    expect(await managerPage.locator('.group-sessions').textContent()).toContain('2 người có mã, 3 người không cho mã');
  });

  it('a stage recorded at a contact moves the client’s timeline forward', async () => {
    await page.getByRole('link', { name: 'Ghi nhận lần gặp' }).click();
    await expect.poll(() => heading().textContent()).toBe('Ghi nhận lần gặp');
    await page.getByRole('group', { name: 'Dịch vụ đã cung cấp' }).getByLabel('Trao đổi tạo động lực ngắn').check();
    await page.locator('.stage-field summary').click();
    await page.getByRole('group', { name: 'Giai đoạn thay đổi (không bắt buộc)' }).getByLabel(/^Chuẩn bị/).check();
    await expect.poll(() => page.locator('.stage-field summary').textContent()).toBe('Giai đoạn thay đổi: Chuẩn bị');
    await page.getByRole('button', { name: 'Lưu lần gặp' }).click();
    await expect.poll(() => heading().textContent()).toBe('HOTUM95');
    // Today both were seen: the latest of the day (the contact's) stands, and the phone says it waits.
    const panel = page.locator('.client-groups');
    await expect.poll(() => panel.locator('.stage-step').last().textContent()).toContain('Chuẩn bị');
    await onPhone.fieldNav(page).click();
    await expect.poll(() => onPhone.syncLine(page).textContent(), { timeout: 20_000 }).toBe('✓ Đã gửi hết lên máy chủ');
    const api = await managerApi();
    const history = await api.get(`/api/organisations/${org.orgId}/clients/${clients.HOTUM95}/groups`);
    expect(history.status).toBe(200);
    expect(history.body.stages.at(-1)).toMatchObject({ stage: 'preparation', source: 'contact' });
    expect(history.body.attendance.map((a: { topic: string }) => a.topic)).toEqual([TOPIC]);
  });

  it('a session with no attendee and no anonymous count shows the message and sends nothing', async () => {
    await page.getByRole('link', { name: 'Sinh hoạt nhóm', exact: true }).click();
    await page.locator('.group-row', { hasText: GROUP }).first().click();
    await expect.poll(() => heading().textContent()).toBe('Ghi buổi sinh hoạt');
    await page.getByLabel('Chủ đề').fill('Buổi không ai đến');
    let pushes = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/sync/push')) pushes += 1;
    });
    await page.getByRole('button', { name: 'Lưu buổi sinh hoạt' }).click();
    await expect.poll(() => page.locator('#field-attendees .field-error').textContent()).toBe('Hãy thêm người tham dự có mã, hoặc đếm số người không cho mã.');
    expect(await heading().textContent()).toBe('Ghi buổi sinh hoạt');
    await page.waitForTimeout(2_500);
    expect(pushes).toBe(0);
    await onPhone.fieldNav(page).click();
    await expect.poll(() => onPhone.syncLine(page).textContent()).toBe('✓ Đã gửi hết lên máy chủ');
    const api = await managerApi();
    expect((await api.get(`/api/organisations/${org.orgId}/groups/${groupId}/sessions`)).body.sessions).toHaveLength(1);
    onPhone.expectCleanPage(watch, 'empty session refused');
  });
});
