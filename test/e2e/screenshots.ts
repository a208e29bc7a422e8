/**
 * Pictures of every screen of the web app, in Vietnamese and English, on a 360×740 phone and a
 * 1280×800 desktop, for people to look at (layout, diacritics, thumb-sized targets):
 *
 *   npx tsx test/e2e/screenshots.ts        → screenshots/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * network, and drives Debian's Chromium. Not a test: it asserts nothing beyond "the page came up".
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { totpCodeAt } from '../../src/server/auth/totp.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';

const OUT = path.resolve('screenshots');
const LANGS = ['vi', 'en'] as const;
const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;
const PASSWORD = 'violet-kettle-harbour-93';
const SESSION_COOKIE = 'fieldlab_session';

type Lang = (typeof LANGS)[number];

/** A person logged in through the API, whose session cookie the browser then borrows. */
interface Session {
  username: string;
  cookie: string;
}

async function call(t: TestApp, method: string, url: string, body?: unknown, cookie?: string): Promise<{ status: number; body: any; cookie?: string }> {
  const headers: Record<string, string> = { 'accept-language': 'en' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = `${SESSION_COOKIE}=${cookie}`;
  const res = await fetch(t.baseUrl + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const set = res.headers.get('set-cookie')?.match(new RegExp(`${SESSION_COOKIE}=([^;]*)`))?.[1];
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : null;
  if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return { status: res.status, body: parsed, cookie: set || undefined };
}

async function login(t: TestApp, username: string, password = PASSWORD, totp?: string): Promise<Session> {
  const res = await call(t, 'POST', '/api/auth/login', totp ? { username, password, totp } : { username, password });
  return { username, cookie: res.cookie! };
}

/** The invented network every screen shows. */
async function seed(t: TestApp) {
  const setup = await call(t, 'POST', '/api/setup', {
    networkName: 'Mạng lưới giảm hại thử nghiệm',
    organisationName: 'Văn phòng điều phối thử nghiệm',
    provinceId: 'ha-noi',
    username: 'dieuphoi.bac',
    password: PASSWORD,
    lang: 'vi',
  });
  const hubId: string = setup.body.organisations[0].id;
  const hubAdmin: Session = { username: 'dieuphoi.bac', cookie: setup.cookie! };
  const enrol = await call(t, 'POST', '/api/auth/totp/enrol', undefined, hubAdmin.cookie);
  await call(t, 'POST', '/api/auth/totp/confirm', { code: totpCodeAt(enrol.body.secret, Date.now()) }, hubAdmin.cookie);

  const as = (url: string, body: unknown) => call(t, 'POST', url, body, hubAdmin.cookie).then((r) => r.body);
  const org = await as('/api/organisations', { name: 'Nhóm Bạn Đồng Hành Hải Phòng', kind: 'community_organisation', provinceId: 'hai-phong' });
  const clinic = await as('/api/organisations', { name: 'Phòng khám Bình An', kind: 'clinic', provinceId: 'ha-noi' });
  await as('/api/organisations', { name: 'Doanh nghiệp xã hội Cầu Vồng', kind: 'social_enterprise', provinceId: 'ho-chi-minh' });
  const sites = [
    { name: 'Điểm hỗ trợ Lê Chân', kind: 'drop_in_centre', provinceId: 'hai-phong' },
    { name: 'Địa bàn Cát Bi', kind: 'outreach_area', provinceId: 'hai-phong' },
    { name: 'Nhóm Zalo hỗ trợ', kind: 'online', provinceId: 'hai-phong' },
  ];
  const siteIds: string[] = [];
  for (const s of sites) siteIds.push((await as(`/api/organisations/${org.id}/sites`, s)).id);

  const user = async (orgId: string, username: string, roles: string[], displayName: string | null = null) => {
    const created = await as(`/api/organisations/${orgId}/users`, { username, displayName, roles, password: PASSWORD, lang: 'vi' });
    return created.id as string;
  };
  await user(org.id, 'quantri.haiphong', ['admin'], 'Chị Mây');
  const workerId = await user(org.id, 'tiepcan.sao', ['fieldworker', 'manager'], 'Sao Biển');
  await user(clinic.id, 'bacsi.an', ['clinician'], 'BS. Gió');
  await user(org.id, 'taphuan.lua', ['trainer', 'evaluator']);
  await user(hubId, 'mangluoi.suong', ['network']);
  await user(org.id, 'moi.vao', ['fieldworker']);

  // Everyone but the newcomer has chosen their own password.
  const sessions: Record<string, Session> = { hubAdmin };
  for (const [key, username] of [
    ['orgAdmin', 'quantri.haiphong'],
    ['worker', 'tiepcan.sao'],
    ['clinician', 'bacsi.an'],
    ['trainer', 'taphuan.lua'],
    ['network', 'mangluoi.suong'],
  ] as const) {
    const first = await login(t, username);
    await call(t, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: `${PASSWORD}-x` }, first.cookie);
    sessions[key] = first;
  }
  sessions.newcomer = await login(t, 'moi.vao');
  return { hubId, orgId: org.id as string, siteId: siteIds[0]!, workerId, sessions };
}

interface Pass {
  browser: Browser;
  t: TestApp;
  lang: Lang;
  viewport: (typeof VIEWPORTS)[number];
  dir: string;
}

async function openAs(pass: Pass, session: Session | null): Promise<Page> {
  const context = await pass.browser.newContext({ viewport: pass.viewport, deviceScaleFactor: 1 });
  await context.addInitScript(`localStorage.setItem('fieldlab.lang', ${JSON.stringify(pass.lang)})`);
  if (session) {
    await call(pass.t, 'PATCH', '/api/me', { lang: pass.lang }, session.cookie);
    await context.addCookies([{ name: SESSION_COOKIE, value: session.cookie, url: pass.t.baseUrl }]);
  }
  const page = await context.newPage();
  const watch = watchPage(page);
  page.on('close', () => {
    if (watch.problems.length) console.warn(`  problems: ${watch.problems.join(' | ')}`);
  });
  return page;
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.loading'));
}

async function shot(pass: Pass, page: Page, name: string) {
  await settle(page);
  await page.screenshot({ path: path.join(pass.dir, `${name}.png`), fullPage: true });
}

async function visit(pass: Pass, session: Session | null, route: string, name: string, act?: (page: Page) => Promise<void>) {
  const page = await openAs(pass, session);
  await page.goto(pass.t.baseUrl + route);
  await settle(page);
  if (act) await act(page);
  await shot(pass, page, name);
  await page.context().close();
}

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  const web = await buildWebApp();
  const t = await startTestApp('pglite', { webDir: web.dir, requireAdminTotp: true });
  const browser = await launchBrowser();
  try {
    // The setup page exists only before setup.
    for (const lang of LANGS) {
      for (const viewport of VIEWPORTS) {
        const dir = path.join(OUT, `${lang}-${viewport.width}`);
        mkdirSync(dir, { recursive: true });
        await visit({ browser, t, lang, viewport, dir }, null, '/', '01-setup', async (page) => {
          await page.locator('#field-networkName').fill('Mạng lưới giảm hại miền Bắc');
          await page.locator('#field-username').fill('Dieu Phoi');
          await page.locator('#field-password').fill('matkhau123');
          await page.locator('button[type=submit]').click();
        });
      }
    }

    const world = await seed(t);
    const { sessions, orgId, siteId, workerId } = world;
    const org = `/organisations/${orgId}`;
    for (const lang of LANGS) {
      for (const viewport of VIEWPORTS) {
        const pass: Pass = { browser, t, lang, viewport, dir: path.join(OUT, `${lang}-${viewport.width}`) };
        console.log(`${lang} ${viewport.width}×${viewport.height}`);
        await visit(pass, null, '/login', '02-login');
        await visit(pass, null, '/login', '03-login-error', async (page) => {
          await page.locator('#field-username').fill('dieuphoi.bac');
          await page.locator('#field-password').fill('sai-mat-khau');
          await page.locator('button[type=submit]').click();
          await page.locator('.alert-error').waitFor();
        });
        await visit(pass, null, '/login', '04-login-code', async (page) => {
          await page.locator('#field-username').fill('dieuphoi.bac');
          await page.locator('#field-password').fill(PASSWORD);
          await page.locator('button[type=submit]').click();
          await page.locator('#field-totp').waitFor();
        });
        const admin = sessions.hubAdmin!;
        await visit(pass, admin, '/', '05-home-hub-admin');
        await visit(pass, admin, '/organisations', '06-organisations');
        await visit(pass, admin, '/organisations/new', '07-organisation-new');
        await visit(pass, admin, org, '08-organisation');
        await visit(pass, admin, `${org}/sites`, '09-sites');
        await visit(pass, admin, `${org}/sites/new`, '10-site-new', async (page) => {
          await page.locator('button[type=submit]').click();
        });
        await visit(pass, admin, `${org}/sites/${siteId}`, '11-site-edit');
        await visit(pass, admin, `${org}/users`, '12-users');
        await visit(pass, admin, `${org}/users/new`, '13-user-new', async (page) => {
          await page.locator('#field-username').fill(`moi.${lang}.${viewport.width}`);
        });
        await visit(pass, admin, `${org}/users/new`, '14-user-created', async (page) => {
          await page.locator('#field-username').fill(`tiepcan.${lang}.${viewport.width}`);
          await page.locator('input[name=roles][value=fieldworker]').check();
          await page.locator('button[type=submit]').click();
          await page.locator('.handover').waitFor();
        });
        await visit(pass, admin, `${org}/users/${workerId}`, '15-user');
        await visit(pass, admin, `${org}/users/${workerId}`, '16-user-deactivate-question', async (page) => {
          await page.locator('.button-stack button').nth(1).click();
        });
        await visit(pass, admin, `${org}/users/existing`, '17-member-add');
        await visit(pass, admin, '/account', '18-account');
        await visit(pass, admin, '/account#totp', '19-account-totp-enrol', async (page) => {
          await page.locator('#totp button').click();
          await page.locator('.qr').waitFor();
        });
        await visit(pass, admin, '/nowhere', '20-not-found');
        await visit(pass, sessions.orgAdmin!, '/', '21-home-admin-totp-required');
        await visit(pass, sessions.orgAdmin!, `${org}/users`, '22-admin-page-before-totp');
        await visit(pass, sessions.worker!, '/', '23-home-fieldworker-manager');
        await visit(pass, sessions.clinician!, '/', '24-home-clinician');
        await visit(pass, sessions.trainer!, '/', '25-home-trainer-evaluator');
        await visit(pass, sessions.network!, '/', '26-home-network');
        await visit(pass, sessions.newcomer!, '/', '27-password-forced', async (page) => {
          await page.locator('#field-newPassword').fill('ngắn');
        });
        await visit(pass, sessions.worker!, '/', '28-offline', async (page) => {
          await page.route('**/api/organisations', (route) => route.abort('internetdisconnected'));
          await page.locator('.mainnav a').nth(1).click();
          await page.locator('.alert-error').waitFor();
        });
        await visit(pass, sessions.worker!, `${org}/sites`, '29-sites-read-only');
      }
    }
    console.log(`screenshots in ${OUT}`);
  } finally {
    await browser.close();
    await t.close();
    web.remove();
  }
}

await main();
