/**
 * Pictures of the referral screens (issue #5), in Vietnamese and English, on a 360×740 phone and a
 * 1280×800 desktop, for people to look at (diacritics, thumb-sized targets, the slip):
 *
 *   npx tsx test/e2e/screenshots-referrals.ts   → screenshots/referrals/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * community organisation and an in-network clinic, and drives Debian's Chromium. Not a test.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { seedOrg, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import { Device, seedFieldOrg } from '../helpers/field.ts';
import { changeReferralStatus, createReferral, providerInput } from '../helpers/referrals.ts';

const OUT = path.resolve('screenshots/referrals');
const LANGS = ['vi', 'en'] as const;
const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;
const SESSION_COOKIE = 'fieldlab_session';
const PIN = '274915';
type Lang = (typeof LANGS)[number];

async function call(t: TestApp, method: string, url: string, body?: unknown, cookie?: string): Promise<{ body: any; cookie?: string }> {
  const headers: Record<string, string> = { 'accept-language': 'en' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = `${SESSION_COOKIE}=${cookie}`;
  const res = await fetch(t.baseUrl + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const set = res.headers.get('set-cookie')?.match(new RegExp(`${SESSION_COOKIE}=([^;]*)`))?.[1];
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return { body: text ? JSON.parse(text) : null, cookie: set || undefined };
}

const login = async (t: TestApp, username: string) => (await call(t, 'POST', '/api/auth/login', { username, password: TEST_PASSWORD })).cookie!;

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
  const clinicId = await add({ name: 'Phòng khám Tâm An', orgId: clinic.orgId, kind: 'psychiatry', services: ['psychiatric_assessment', 'crisis_care', 'counselling'], address: '25 phố Hàng Bài, Hoàn Kiếm', openingHours: 'Thứ Hai – Thứ Sáu 7:30–16:30', phone: '024 3826 0000', languages: ['vi', 'en'], cost: 'insurance' });
  const hivId = await add({ name: 'Trung tâm Y tế quận Đống Đa', kind: 'hiv', services: ['hiv_testing', 'hiv_treatment', 'prep'], address: '103 phố Láng Hạ', openingHours: 'Thứ Hai – Thứ Bảy 7:00–17:00', phone: '024 3853 1111', cost: 'free' });
  await add({ name: 'Trợ giúp pháp lý Hà Nội', kind: 'legal_aid', services: ['legal_aid'], walkIn: false, address: '1 phố Tông Đản', openingHours: 'Thứ Hai – Thứ Sáu 8:00–17:00', phone: '024 3934 2222', cost: 'free' });

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

interface Pass {
  browser: Browser;
  t: TestApp;
  lang: Lang;
  viewport: (typeof VIEWPORTS)[number];
  dir: string;
}

async function openAs(pass: Pass, cookie: string): Promise<Page> {
  const context = await pass.browser.newContext({ viewport: pass.viewport, deviceScaleFactor: 1, acceptDownloads: true });
  await context.addInitScript(`localStorage.setItem('fieldlab.lang', ${JSON.stringify(pass.lang)})`);
  await call(pass.t, 'PATCH', '/api/me', { lang: pass.lang }, cookie);
  await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: pass.t.baseUrl }]);
  const page = await context.newPage();
  const watch = watchPage(page);
  page.on('close', () => {
    const problems = watch.problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'));
    if (problems.length) console.warn(`  problems: ${problems.join(' | ')}`);
  });
  return page;
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForFunction(() => !document.querySelector('.loading'));
}

async function shot(pass: Pass, page: Page, name: string) {
  await settle(page);
  await page.screenshot({ path: path.join(pass.dir, `${name}.png`), fullPage: true });
}

async function go(page: Page, route: string) {
  await page.evaluate((r) => {
    history.pushState(null, '', r);
    dispatchEvent(new PopStateEvent('popstate'));
  }, route);
  await settle(page);
}

/** The worker's phone: home with reminders, the directory, a referral made offline, its slip. */
async function workerScreens(pass: Pass, world: World) {
  const { t, lang } = pass;
  const page = await openAs(pass, await login(t, world.names.worker));
  const context = page.context();
  await page.goto(t.baseUrl + '/field');
  await page.locator('#field-pin').fill(PIN);
  await page.locator('#field-pinAgain').fill(PIN);
  await page.locator('form button[type=submit]').click();
  await page.waitForFunction(() => /[0-9]/.test(document.querySelector('.sync-last')?.textContent ?? ''));
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
  const later = page.locator('.pin-later');
  if (await later.count()) await later.click();
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

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  const web = await buildWebApp();
  const t = await startTestApp('pglite', { webDir: web.dir });
  const browser = await launchBrowser();
  try {
    const world = await seed(t);
    for (const lang of LANGS) {
      for (const viewport of VIEWPORTS) {
        const dir = path.join(OUT, `${lang}-${viewport.width}`);
        mkdirSync(dir, { recursive: true });
        const pass: Pass = { browser, t, lang, viewport, dir };
        console.log(`${lang} ${viewport.width}`);
        await workerScreens(pass, world);
        await clinicianScreens(pass, world);
        await managerScreens(pass, world);
      }
    }
  } finally {
    await browser.close();
    await t.close();
    web.remove();
  }
}

await main();
