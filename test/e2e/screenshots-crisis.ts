/**
 * Pictures of the crisis screens (issue #4 §1), in Vietnamese and English, on a 360×740 phone and
 * a 1280×800 desktop, for people to look at (the level at a glance, 115 in reach, diacritics,
 * thumb-sized targets):
 *
 *   npx tsx test/e2e/screenshots-crisis.ts   → screenshots/crisis/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * organisation, and drives Debian's Chromium. Not a test: it asserts nothing beyond "the page came up".
 */
import { GUIDANCE } from '../../src/core/crisis/index.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { Device, seedFieldOrg } from '../helpers/field.ts';
import { call, go, login, openAs, openField, type Pass, settle, shot, skipPinPrompt, takeScreenshots } from '../helpers/shots.ts';

/** An organisation with a worker (who is also a manager, so the bell shows), a clinician, an admin, and two clients. */
async function seed(t: TestApp) {
  const org = await seedFieldOrg(t, ['admin', 'clinician']);
  const names = { worker: 'tiepcan.sao', manager: 'quanly.may' };
  await asSystem(t.ctx.db.kysely, async (tx) => {
    await insertUser(tx, t.ctx.crypto, { username: names.worker, displayName: 'Sao Biển', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'fieldworker' }] });
    await insertUser(tx, t.ctx.crypto, { username: names.manager, displayName: 'Chị Mây', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'manager' }] });
  });
  const worker = await login(t, names.worker);
  const device = new Device(org);
  const clients = [device.registerClient('HOTUM95'), device.registerClient('LANAF01', { profile: { nickname: 'Mây', phone: null, birthYear: 2001, sexAtBirth: 'F', genderIdentity: 'transgender_woman', keyPopulations: ['sex_worker'], substances: ['methamphetamine'], routes: ['smoke'], provinceId: 'ha-noi', siteId: org.siteId, referralSource: 'outreach' } })];
  await call(t, 'POST', '/api/sync/push', device.push(clients.map((c) => c.m)), worker);
  return { org, names, clientId: clients[0]!.clientId };
}
type World = Awaited<ReturnType<typeof seed>>;

/** The worker's phone, offline: an emergency for a registered client, then an acute and an urgent one for people not registered. */
async function workerScreens(pass: Pass, world: World) {
  const { t, lang } = pass;
  const page = await openField(pass, await login(t, world.names.worker));
  const context = page.context();
  await shot(pass, page, '01-field-home');
  await context.setOffline(true);
  await go(page, `/field/clients/${world.clientId}`);
  await shot(pass, page, '02-client');

  await page.locator('.crisis-button').click();
  await page.locator('.flag-list').waitFor();
  await shot(pass, page, '03-check');
  await page.getByLabel(GUIDANCE.checkQuestions.chest_pain[lang]).check();
  await shot(pass, page, '04-check-emergency');
  await page.getByLabel(GUIDANCE.checkQuestions.suicidal_thoughts[lang]).check();
  await page.locator('input[name="cssrs-q1"][value=yes]').check();
  await page.locator('input[name="cssrs-q2"][value=yes]').check();
  await page.locator('input[name="cssrs-q3"][value=yes]').check();
  await page.locator('input[name="cssrs-q4"][value=no]').check();
  await page.locator('input[name="cssrs-q5"][value=no]').check();
  await page.locator('input[name="cssrs-q6"][value=no]').check();
  await page.locator('.cssrs').scrollIntoViewIfNeeded();
  await shot(pass, page, '05-check-cssrs');
  await page.locator('.crisis-form button[type=submit]').click();
  await page.locator('.crisis-level').waitFor();
  for (const i of [0, 1, 2]) await page.locator('.guide-step input').nth(i).check();
  await shot(pass, page, '06-respond-emergency');
  await page.locator('.sticky-actions button').click();
  await page.locator('input[name=outcome][value=emergency_services_called]').check();
  await page.locator('#field-referralNote').fill(lang === 'vi' ? 'Bệnh viện quận, khoa cấp cứu' : 'District hospital, emergency ward');
  await page.locator('#field-notes').fill(lang === 'vi' ? 'Đã bình tĩnh hơn khi xe đến.' : 'Calmer when the ambulance came.');
  await shot(pass, page, '07-outcome');
  await page.locator('.crisis-form button[type=submit]').click();
  await page.locator('.timeline, .client-lead').first().waitFor();
  await shot(pass, page, '08-client-after');

  await go(page, '/field/crisis');
  await page.getByLabel(GUIDANCE.checkQuestions.panic[lang]).check();
  await page.getByLabel(GUIDANCE.checkQuestions.exhaustion[lang]).check();
  await page.locator('.crisis-form button[type=submit]').click();
  await page.locator('.crisis-level').waitFor();
  await page.locator('.guide-step input').first().check();
  await shot(pass, page, '09-respond-acute');
  await go(page, '/field');
  await shot(pass, page, '10-field-home-resume');
  await page.locator('.crisis-button').click();
  await page.locator('.crisis-level').waitFor();
  await page.locator('.sticky-actions button').click();
  await page.locator('input[name=outcome][value=resolved_on_site]').check();
  await page.locator('.crisis-form button[type=submit]').click();
  await page.locator('.field-home').waitFor();

  await go(page, '/field/crisis');
  await page.getByLabel(GUIDANCE.checkQuestions.psychosis[lang]).check();
  await page.locator('.crisis-form button[type=submit]').click();
  await page.locator('.crisis-level').waitFor();
  await shot(pass, page, '11-respond-urgent');
  await page.locator('.sticky-actions button').click();
  await page.locator('input[name=outcome][value=urgent_referral]').check();
  await page.locator('.crisis-form button[type=submit]').click();
  await page.locator('.field-home').waitFor();

  await context.setOffline(false);
  await page.waitForFunction(() => document.querySelector('.sync-pending')?.textContent?.startsWith('✓'), undefined, { timeout: 30_000 });
  await context.close();
}

async function managerScreens(pass: Pass, world: World) {
  const page = await openAs(pass, await login(pass.t, world.names.manager));
  await page.goto(pass.t.baseUrl + '/notifications');
  await settle(page);
  await skipPinPrompt(page);
  await page.locator('.notice-item').first().waitFor();
  await shot(pass, page, '20-notifications');
  await page.locator('.notice-item .notice-read').first().click();
  await page.waitForFunction(() => document.querySelectorAll('.notice-unread').length >= 0);
  await shot(pass, page, '21-notifications-one-read');
  await page.locator('.notice-summary button').click();
  await page.locator('.alert-success').waitFor();
  await shot(pass, page, '22-notifications-all-read');
  await page.context().close();
}

async function adminScreens(pass: Pass, world: World) {
  const admin = await login(pass.t, world.org.users.admin!.username);
  const step = GUIDANCE.presentations.call_115.steps[0]!;
  const words = pass.lang === 'vi' ? 'Gọi 115 ngay; nếu máy hết tiền, chạy sang quầy thuốc đầu ngõ nhờ gọi giúp.' : 'Call 115 now; if your phone has no credit, ask the pharmacy at the end of the alley to call.';
  await call(pass.t, 'PUT', `/api/organisations/${world.org.orgId}/guidance/call_115/${pass.lang}`, { steps: [{ id: step.id, text: words }] }, admin);
  const page = await openAs(pass, admin);
  await page.goto(`${pass.t.baseUrl}/organisations/${world.org.orgId}/guidance`);
  await page.locator('.guide-panel').first().waitFor();
  await shot(pass, page, '30-guidance');
  await page.locator('.guide-panel').first().locator('.button-row button').click();
  await page.locator('.guide-panel textarea').first().waitFor();
  await shot(pass, page, '31-guidance-edit');
  await page.context().close();
}

await takeScreenshots({
  out: 'screenshots/crisis',
  seed,
  screens: async (pass, world) => {
    await workerScreens(pass, world);
    await managerScreens(pass, world);
    await adminScreens(pass, world);
  },
});
