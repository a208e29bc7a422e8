/**
 * Pictures of the group screens (issue #7 §1), in Vietnamese and English, on a 360×740 phone and a
 * 1280×800 desktop, for people to look at (diacritics, thumb-sized targets, the stage ladder):
 *
 *   npx tsx test/e2e/screenshots-groups.ts   → screenshots/groups/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * community organisation, two groups, past sessions and a client whose stage moved over two
 * months, and drives Debian's Chromium. Not a test.
 */
import { v7 as uuidv7 } from 'uuid';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { Device, seedFieldOrg } from '../helpers/field.ts';
import { call, go, login, openAs, openField, type Pass, settle, shot, skipPinPrompt, takeScreenshots } from '../helpers/shots.ts';

const DAY = 86_400_000;
const daysAgo = (n: number, hour = 11) => new Date(Math.floor(Date.now() / DAY) * DAY - n * DAY + hour * 3_600_000).toISOString();

async function seed(t: TestApp) {
  const org = await seedFieldOrg(t, ['admin']);
  const names = { worker: 'tiepcan.sao', colleague: 'tiepcan.gio', manager: 'quanly.may' };
  const ids = await asSystem(t.ctx.db.kysely, async (tx) => ({
    worker: await insertUser(tx, t.ctx.crypto, { username: names.worker, displayName: 'Sao Biển', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'fieldworker' }] }),
    colleague: await insertUser(tx, t.ctx.crypto, { username: names.colleague, displayName: 'Gió Đông', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'fieldworker' }] }),
    manager: await insertUser(tx, t.ctx.crypto, { username: names.manager, displayName: 'Chị Mây', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'manager' }] }),
  }));
  const manager = await login(t, names.manager);
  const groups = `/api/organisations/${org.orgId}/groups`;
  const startsOn = daysAgo(70).slice(0, 10);
  const weekday = (['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const)[new Date().getUTCDay()];
  const contemplation = (await call(t, 'POST', groups, { name: 'Nhóm cân nhắc tối thứ Ba', kind: 'contemplation', siteId: org.siteId, facilitatorIds: [ids.worker, ids.colleague], schedule: { repeat: 'weekly', weekday: 'tuesday', startsOn, endsOn: null, time: '18:30' } }, manager)).body.id as string;
  await call(t, 'POST', groups, { name: 'Nhóm đồng đẳng cuối tháng', kind: 'peer_support', siteId: org.siteId, facilitatorIds: [ids.worker], schedule: { repeat: 'monthly', dayOfMonth: 31, startsOn, endsOn: null, time: '09:00' } }, manager);
  await call(t, 'POST', groups, { name: 'Buổi gặp gia đình', kind: 'family_session', siteId: org.siteId, facilitatorIds: [ids.colleague], schedule: { repeat: 'fortnightly', weekday, startsOn, endsOn: null, time: '15:00' } }, manager);

  // Clients, past sessions and a client whose stage moved: precontemplation → contemplation →
  // preparation → action → went back to using → preparation again.
  const worker = await login(t, names.worker);
  const device = new Device(org);
  const c = [device.registerClient('HOTUM95'), device.registerClient('LANAF01', { profile: { nickname: 'Sóc', phone: null, birthYear: 2001, sexAtBirth: 'F', genderIdentity: 'woman', keyPopulations: [], substances: ['methamphetamine'], routes: ['smoke'], provinceId: 'ha-noi', siteId: org.siteId, referralSource: 'peer' } }), device.registerClient('NGTHM88', { profile: { nickname: 'Tí', phone: null, birthYear: 1988, sexAtBirth: 'M', genderIdentity: 'man', keyPopulations: [], substances: ['methamphetamine'], routes: ['smoke'], provinceId: 'ha-noi', siteId: org.siteId, referralSource: 'outreach' } })];
  const hotum = c[0]!.clientId;
  const session = (n: number, topic: string, attendees: string[], anonymousCount: number, stages: { clientId: string; stage: string }[]) =>
    device.mutation('recordGroupSession', { sessionId: uuidv7(), groupId: contemplation, at: daysAgo(n, 11), topic, facilitatorIds: [ids.worker], attendees, anonymousCount, materials: [{ itemId: org.iecId, quantity: 4 }], notes: null, stages });
  const stage = (n: number, value: string) => device.mutation('recordStageOfChange', { observationId: uuidv7(), clientId: hotum, stage: value, at: daysAgo(n, 3), contactId: null });
  await call(
    t,
    'POST',
    '/api/sync/push',
    device.push([
      ...c.map((x) => x.m),
      stage(60, 'precontemplation'),
      session(49, 'Điều gì khiến tôi muốn thay đổi', [hotum, c[1]!.clientId], 2, [{ clientId: hotum, stage: 'contemplation' }]),
      session(35, 'Cân nhắc được và mất', [hotum, c[2]!.clientId], 4, [{ clientId: hotum, stage: 'preparation' }]),
      session(21, 'Lên kế hoạch nhỏ cho tuần tới', [hotum, c[1]!.clientId, c[2]!.clientId], 1, [{ clientId: hotum, stage: 'action' }]),
      stage(10, 'relapse'),
      session(7, 'Quay lại không phải là thất bại', [hotum], 3, [{ clientId: hotum, stage: 'preparation' }]),
    ]),
    worker,
  );
  return { org, names, ids, contemplation, hotum };
}
type World = Awaited<ReturnType<typeof seed>>;

/** The worker's phone: the groups, a session recorded offline, the client's stage ladder, a contact's stage. */
async function workerScreens(pass: Pass, world: World) {
  const { t, lang } = pass;
  const page = await openField(pass, await login(t, world.names.worker));
  const context = page.context();
  await shot(pass, page, '01-field-home');
  await context.setOffline(true);
  await go(page, '/field/groups');
  await page.locator('.group-row').first().waitFor();
  await shot(pass, page, '02-groups');
  await go(page, `/field/groups/${world.contemplation}/session`);
  await shot(pass, page, '03-session-form');
  await page.locator('#field-topic').fill(lang === 'vi' ? 'Buổi không ai đến' : 'Nobody came');
  await page.locator('.form-session button[type=submit]').click();
  await page.locator('#field-attendees .field-error').waitFor();
  await page.locator('#field-attendees').scrollIntoViewIfNeeded();
  await shot(pass, page, '04-session-nobody');
  await page.locator('#field-topic').fill(lang === 'vi' ? 'Điều gì giúp tôi ngủ ngon hơn' : 'What helps me sleep better');
  await page.locator('#field-attendee-search').fill('HOT');
  await page.locator('.attendee-add').first().waitFor();
  await shot(pass, page, '05-session-search');
  await page.locator('.attendee-add').first().click();
  await page.locator('#field-attendee-search').fill('LAN');
  await page.locator('.attendee-add').first().click();
  await page.locator(`#stage-${world.hotum}`).selectOption('contemplation');
  for (let i = 0; i < 3; i++) await page.locator('#field-anonymousCount').locator('xpath=following-sibling::button').click();
  await page.locator('.attendee-list').scrollIntoViewIfNeeded();
  await shot(pass, page, '06-session-filled');
  await page.locator('.form-session button[type=submit]').click();
  await page.locator('.alert-success').waitFor();
  await shot(pass, page, '07-groups-waiting');
  await go(page, `/field/clients/${world.hotum}`);
  await page.locator('.client-groups').scrollIntoViewIfNeeded();
  await shot(pass, page, '08-client-stages');
  await go(page, `/field/clients/${world.hotum}/contact`);
  await page.locator('.stage-field summary').click();
  await page.locator('.stage-field input[value=action]').check();
  await page.locator('.stage-field').scrollIntoViewIfNeeded();
  await shot(pass, page, '09-contact-stage');
  await context.setOffline(false);
  await page.waitForFunction(() => document.querySelector('.sync-pending')?.textContent?.startsWith('✓') ?? true, undefined, { timeout: 30_000 }).catch(() => {});
  await context.close();
}

/** The manager's desk: the list with next meetings, a new group with its schedule, a group with its sessions. */
async function managerScreens(pass: Pass, world: World) {
  const { t } = pass;
  const page = await openAs(pass, await login(t, world.names.manager));
  const org = world.org.orgId;
  await page.goto(`${t.baseUrl}/`);
  await settle(page);
  await skipPinPrompt(page);
  await shot(pass, page, '20-manager-home');
  await go(page, `/organisations/${org}/groups`);
  await page.locator('.group-row').first().waitFor();
  await shot(pass, page, '21-groups-admin');
  await go(page, `/organisations/${org}/groups/new`);
  await page.locator('.form-group button[type=submit]').click();
  await page.locator('.field-error').first().waitFor();
  await shot(pass, page, '22-group-new-errors');
  await page.locator('#field-name').fill(pass.lang === 'vi' ? 'Nhóm giáo dục tâm lý sáng thứ Bảy' : 'Saturday morning psychoeducation');
  await page.locator('#field-kind').selectOption('psychoeducation');
  await page.locator('#field-siteId').selectOption({ index: 1 });
  await page.locator('input[name=facilitatorIds]').first().check();
  await page.locator('input[name=repeat][value=monthly]').check();
  await page.locator('#field-dayOfMonth').fill('31');
  await page.locator('.schedule-preview').scrollIntoViewIfNeeded();
  await shot(pass, page, '23-group-new-monthly');
  await go(page, `/organisations/${org}/groups/${world.contemplation}`);
  await page.locator('.group-sessions').waitFor();
  await shot(pass, page, '24-group-edit');
  await page.context().close();
}

await takeScreenshots({
  out: 'screenshots/groups',
  seed,
  screens: async (pass, world) => {
    await workerScreens(pass, world);
    await managerScreens(pass, world);
  },
});
