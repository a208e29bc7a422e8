/**
 * Pictures of the referral screens (issue #5), in Vietnamese and English, on a 360×740 phone and a
 * 1280×800 desktop, for people to look at (diacritics, thumb-sized targets, the slip):
 *
 *   npx tsx test/e2e/screenshots-referrals.ts   → screenshots/referrals/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * community organisation and an in-network clinic, and drives Debian's Chromium. Not a test.
 */
import { v7 as uuidv7 } from 'uuid';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { seedOrg, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { Device, seedFieldOrg } from '../helpers/field.ts';
import { changeReferralStatus, createReferral, providerInput } from '../helpers/referrals.ts';
import { call, go, login, openAs, openField, type Pass, settle, shot, skipPinPrompt, takeScreenshots } from '../helpers/shots.ts';

/** A community organisation (worker, manager), a clinic in the network (clinician), a directory, two clients and three referrals. */
async function seed(t: TestApp) {
  const org = await seedFieldOrg(t, ['admin']);
  const clinic = await seedOrg(t, 'clinic', ['clinician']);
  const names = { worker: 'tiepcan.sao', manager: 'quanly.may' };
  await asSystem(t.ctx.db.kysely, async (tx) => {
    await insertUser(tx, t.ctx.crypto, { username: names.worker, displayName: 'Sao Biển', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'fieldworker' }] });
    await insertUser(tx, t.ctx.crypto, { username: names.manager, displayName: 'Chị Mây', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'manager' }] });
  });
  const manager = await login(t, names.manager);
  const add = async (p: Parameters<typeof providerInput>[0]) => (await call(t, 'POST', '/api/providers', providerInput(p), manager)).body.id as string;
  const clinicId = await add({ name: 'Phòng khám Tâm An', orgId: clinic.orgId, kind: 'psychiatry', services: ['psychiatric_assessment', 'crisis_care', 'counselling'], address: '25 phố Thử Nghiệm, Hoàn Kiếm', openingHours: 'Thứ Hai – Thứ Sáu 7:30–16:30', phone: '024 3000 0101', languages: ['vi', 'en'], cost: 'insurance' });
  const hivId = await add({ name: 'Trung tâm Y tế Minh Họa', kind: 'hiv', services: ['hiv_testing', 'hiv_treatment', 'prep'], address: '103 phố Ví Dụ', openingHours: 'Thứ Hai – Thứ Bảy 7:00–17:00', phone: '024 3000 0102', cost: 'free' });
  await add({ name: 'Trợ giúp pháp lý Thí Điểm', kind: 'legal_aid', services: ['legal_aid'], walkIn: false, address: '1 phố Mẫu', openingHours: 'Thứ Hai – Thứ Sáu 8:00–17:00', phone: '024 3000 0103', cost: 'free' });

  const worker = await login(t, names.worker);
  const device = new Device(org);
  const consent = { consents: [{ kind: 'services', given: true }, { kind: 'referral_sharing', given: true }] };
  const clients = [device.registerClient('HOTUM95', consent), device.registerClient('LANAF01', { profile: { nickname: 'Mây', phone: null, birthYear: 2001, sexAtBirth: 'F', genderIdentity: 'transgender_woman', keyPopulations: ['sex_worker'], substances: ['methamphetamine'], routes: ['smoke'], provinceId: 'ha-noi', siteId: org.siteId, referralSource: 'outreach' } })];
  const declined = createReferral(device, clients[1]!.clientId, clinicId, { reason: 'Lo âu, mất ngủ kéo dài' });
  const attended = createReferral(device, clients[0]!.clientId, clinicId, { share: ['reason'], urgency: 'same_day', service: 'crisis_care', reason: 'Hoang tưởng sau khi dùng đá nhiều ngày' });
  const open = createReferral(device, clients[0]!.clientId, clinicId, { share: ['reason'], reason: 'Cần khám tâm thần, nghe tiếng nói lạ' });
  // A listed provider: the worker records the visit and the outcome after a follow-up call.
  const completed = createReferral(device, clients[1]!.clientId, hivId, { service: 'hiv_testing', urgency: 'routine', reason: 'Muốn xét nghiệm HIV' });
  const visit = changeReferralStatus(device, completed.referralId, 'attend', { outcome: 'seen' });
  const done = changeReferralStatus(device, completed.referralId, 'complete', { outcome: 'treatment_started' });
  await call(t, 'POST', '/api/sync/push', device.push([...clients.map((c) => c.m), declined.m, attended.m, open.m, completed.m, visit.m, done.m]), worker);
  const clinician = await login(t, clinic.users.clinician!.username);
  const at = new Date(Date.now() - 60_000).toISOString();
  const event = (id: string, e: string, extra: Record<string, unknown> = {}) => call(t, 'POST', `/api/organisations/${clinic.orgId}/referrals/received/${id}/events`, { eventId: uuidv7(), event: e, at, note: null, outcome: null, ...extra }, clinician);
  await event(declined.referralId, 'decline', { note: 'Hết chỗ tuần này, xin chuyển sang nơi khác' });
  await event(attended.referralId, 'accept');
  await event(attended.referralId, 'attend', { outcome: 'seen' });
  return { org, clinic, names, clientId: clients[0]!.clientId, openId: open.referralId, attendedId: attended.referralId };
}
type World = Awaited<ReturnType<typeof seed>>;

/** The worker's phone: home with reminders, the directory, a referral made offline, its slip. */
async function workerScreens(pass: Pass, world: World) {
  const { t, lang } = pass;
  const page = await openField(pass, await login(t, world.names.worker));
  const context = page.context();
  await page.locator('.referrals-due .referral-row').first().waitFor();
  await shot(pass, page, '01-field-home');
  await context.setOffline(true);
  await go(page, '/field/providers');
  await shot(pass, page, '02-directory');
  await page.locator('.provider-row').first().click();
  await shot(pass, page, '03-provider');
  await go(page, `/field/clients/${world.clientId}`);
  await page.locator('#client-referrals-title').scrollIntoViewIfNeeded();
  await shot(pass, page, '04-client');
  await go(page, `/field/clients/${world.clientId}/refer`);
  await page.locator('#field-service').selectOption('psychiatric_assessment');
  await page.locator('input[name=providerId]').first().check();
  await page.locator('input[name=urgency][value=same_day]').check();
  await page.locator('#field-reason').fill(lang === 'vi' ? 'Mất ngủ nhiều đêm, nghe tiếng nói lạ' : 'Several sleepless nights, hearing voices');
  await page.locator('input[name=share][value=reason]').check();
  await shot(pass, page, '05-refer-form');
  await page.locator('.form-referral button[type=submit]').click();
  await page.locator('.referral-lead').waitFor();
  await shot(pass, page, '06-referral-made');
  await page.locator('a[href$="/slip"]').click();
  await page.locator('.slip-preview').waitFor();
  await shot(pass, page, '07-slip');
  await go(page, `/field/referrals/${world.attendedId}`);
  await shot(pass, page, '08-referral-attended');
  await go(page, '/field/referrals');
  await shot(pass, page, '09-referrals');
  await context.setOffline(false);
  await page.waitForFunction(() => document.querySelector('.sync-pending')?.textContent?.startsWith('✓') ?? true, undefined, { timeout: 30_000 }).catch(() => {});
  // Rating the clinic, online, from the attended referral.
  await go(page, `/field/referrals/${world.attendedId}`);
  await page.locator('.form-rating input[name=rating][value="4"]').check();
  await page.locator('.provider-rating').scrollIntoViewIfNeeded();
  await shot(pass, page, '08b-rating');
  await page.locator('.form-rating button[type=submit]').click();
  await page.locator('.provider-rating .alert-success').waitFor();
  await shot(pass, page, '08c-rated');
  await context.close();
}

async function clinicianScreens(pass: Pass, world: World) {
  const page = await openAs(pass, await login(pass.t, world.clinic.users.clinician!.username));
  await page.goto(pass.t.baseUrl + '/');
  await settle(page);
  await shot(pass, page, '10-clinician-home');
  await page.goto(`${pass.t.baseUrl}/organisations/${world.clinic.orgId}/referrals/received`);
  await page.locator('.referral-row').first().waitFor();
  await shot(pass, page, '11-received');
  await page.goto(`${pass.t.baseUrl}/organisations/${world.clinic.orgId}/referrals/received/${world.openId}`);
  await page.locator('.form-event').waitFor();
  await page.locator('.form-event input[value=accept]').check();
  await shot(pass, page, '12-received-one');
  await page.context().close();
}

async function managerScreens(pass: Pass, world: World) {
  const page = await openAs(pass, await login(pass.t, world.names.manager));
  await page.goto(`${pass.t.baseUrl}/organisations/${world.org.orgId}/providers`);
  await settle(page);
  await skipPinPrompt(page);
  await page.locator('.provider-row').first().waitFor();
  await shot(pass, page, '20-providers-admin');
  await go(page, `/organisations/${world.org.orgId}/providers/new`);
  await shot(pass, page, '21-provider-new');
  await go(page, `/organisations/${world.org.orgId}`);
  await shot(pass, page, '22-organisation');
  await go(page, `/organisations/${world.org.orgId}/referrals/indicators`);
  await page.locator('.number-tiles').waitFor();
  await shot(pass, page, '23-referral-numbers');
  await go(page, '/');
  await shot(pass, page, '24-manager-home');
  await page.context().close();
}

await takeScreenshots({
  out: 'screenshots/referrals',
  seed,
  screens: async (pass, world) => {
    await workerScreens(pass, world);
    await clinicianScreens(pass, world);
    await managerScreens(pass, world);
  },
});
