/**
 * Pictures of every screen of the web app, in Vietnamese and English, on a 360×740 phone and a
 * 1280×800 desktop, for people to look at (layout, diacritics, thumb-sized targets):
 *
 *   npx tsx test/e2e/screenshots.ts        → screenshots/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * network, and drives Debian's Chromium. Not a test: it asserts nothing beyond "the page came up".
 */
import type { Page } from 'playwright-core';
import { totpCodeAt } from '../../src/server/auth/totp.ts';
import { TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { Device, type FieldOrg } from '../helpers/field.ts';
import { call, choosePin, go, login, openAs, type Pass, SESSION_COOKIE, settle, shot, skipPinPrompt, takeScreenshots } from '../helpers/shots.ts';

/** A person logged in through the API, whose session cookie the browser then borrows. */
interface Session {
  username: string;
  cookie: string;
}

async function sessionFor(t: TestApp, username: string): Promise<Session> {
  return { username, cookie: await login(t, username) };
}

/** The invented network every screen shows. */
async function seed(t: TestApp) {
  const setup = await call(t, 'POST', '/api/setup', {
    networkName: 'Mạng lưới giảm hại thử nghiệm',
    organisationName: 'Văn phòng điều phối thử nghiệm',
    provinceId: 'ha-noi',
    username: 'dieuphoi.bac',
    password: TEST_PASSWORD,
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
    const created = await as(`/api/organisations/${orgId}/users`, { username, displayName, roles, password: TEST_PASSWORD, lang: 'vi' });
    return created.id as string;
  };
  await user(org.id, 'quantri.haiphong', ['admin'], 'Chị Mây');
  const workerId = await user(org.id, 'tiepcan.sao', ['fieldworker', 'manager'], 'Sao Biển');
  await user(clinic.id, 'bacsi.an', ['clinician'], 'BS. Gió');
  await user(org.id, 'taphuan.lua', ['trainer', 'evaluator']);
  await user(hubId, 'mangluoi.suong', ['network']);
  await user(org.id, 'moi.vao', ['fieldworker']);
  await user(org.id, 'tiepcan.gio', ['fieldworker'], 'Gió Đông');

  // Everyone but the newcomer has chosen their own password.
  const sessions: Record<string, Session> = { hubAdmin };
  for (const [key, username] of [
    ['orgAdmin', 'quantri.haiphong'],
    ['worker', 'tiepcan.sao'],
    ['clinician', 'bacsi.an'],
    ['trainer', 'taphuan.lua'],
    ['network', 'mangluoi.suong'],
    ['colleague', 'tiepcan.gio'],
  ] as const) {
    const first = await sessionFor(t, username);
    await call(t, 'POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: `${TEST_PASSWORD}-x` }, first.cookie);
    sessions[key] = first;
  }
  sessions.newcomer = await sessionFor(t, 'moi.vao');
  await seedFieldWork(t, sessions.worker!, org.id, siteIds);
  return { hubId, orgId: org.id as string, siteId: siteIds[0]!, siteIds, workerId, sessions };
}

const daysAgo = (n: number, hour = 9) => {
  const d = new Date();
  d.setDate(d.getDate() - n);
  d.setHours(hour, 15, 0, 0);
  return d.toISOString();
};
const dayOffset = (n: number) => {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Invented clients with a few weeks of contacts, pushed as the worker's earlier phone, and one collided edit. */
async function seedFieldWork(t: TestApp, worker: Session, orgId: string, siteIds: string[]) {
  await call(t, 'POST', `/api/organisations/${orgId}/catalogue/starter`, {}, worker.cookie);
  const items = (await call(t, 'GET', `/api/organisations/${orgId}/catalogue`, undefined, worker.cookie)).body as { id: string; kind: string; nameEn: string }[];
  const item = (name: string) => items.find((i) => i.nameEn === name)!.id;
  const fieldOrg: FieldOrg = { orgId, users: {}, siteId: siteIds[0]!, commodityId: item('Foil'), iecId: item('Safer-use leaflet') };
  const device = new Device(fieldOrg);
  const people = [
    { uic: 'HOTUM95', nickname: 'Bống', gender: 'man', follow: dayOffset(0) },
    { uic: 'LANAF01', nickname: 'Mây', gender: 'transgender_woman', follow: dayOffset(-3) },
    { uic: 'MIHUM88', nickname: 'Sóc', gender: 'man', follow: dayOffset(10) },
    { uic: 'THHUF99', nickname: null, gender: 'woman', follow: null },
    { uic: 'NGBAM90', nickname: 'Tí Hon', gender: 'non_binary', follow: null },
  ];
  const mutations = [];
  const ids: string[] = [];
  for (const [i, p] of people.entries()) {
    const reg = device.registerClient(p.uic, {
      profile: {
        nickname: p.nickname,
        phone: null,
        birthYear: 1990 + i * 2,
        sexAtBirth: p.uic[4],
        genderIdentity: p.gender,
        keyPopulations: i === 1 ? ['sex_worker'] : ['msm'],
        substances: ['methamphetamine'],
        routes: ['smoke'],
        provinceId: 'hai-phong',
        siteId: siteIds[i % 2]!,
        referralSource: 'outreach',
      },
      consents: [
        { kind: 'services', given: true },
        { kind: 'referral_sharing', given: i % 2 === 0 },
        { kind: 'contact_chat', given: true },
      ],
    });
    ids.push(reg.clientId);
    mutations.push(reg.m);
    for (const [k, ago] of [30, 16, 4 + i].entries()) {
      mutations.push(
        device.recordContact(reg.clientId, {
          at: daysAgo(ago, 9 + k),
          siteId: siteIds[(i + k) % 2]!,
          mode: k % 2 ? 'drop_in' : 'street_outreach',
          services: k === 2 ? ['safer_use_counselling', 'commodities', 'hiv_test'] : ['information', 'commodities'],
          commodities: [
            { itemId: item('Foil'), quantity: 5 },
            { itemId: item('Glass pipe'), quantity: 1 },
          ],
          iec: [{ itemId: item('Safer-use leaflet'), quantity: 1 }],
          notes: k === 2 ? 'Mất ngủ mấy đêm, muốn gặp nhóm chia sẻ.' : null,
          followUpOn: k === 2 ? p.follow : null,
        }).m,
      );
    }
  }
  mutations.push(
    device.mutation('recordAnonymousContacts', {
      tallyId: crypto.randomUUID(),
      siteId: siteIds[1],
      at: daysAgo(2, 20),
      mode: 'event',
      counts: [
        { sex: 'male', ageBand: '18_24', count: 7 },
        { sex: 'female', ageBand: '25_34', count: 3 },
      ],
      services: ['information', 'commodities'],
      commodities: [{ itemId: item('Condom'), quantity: 20 }],
      iec: [],
    }),
  );
  await call(t, 'POST', '/api/sync/push', device.push(mutations), worker.cookie);
  // Two phones changed one nickname while offline: a conflict for the manager.
  for (const nickname of ['Bống Bang', 'Bông']) {
    const other = new Device(fieldOrg);
    await call(t, 'POST', '/api/sync/push', other.push([other.mutation('editClientProfile', { clientId: ids[0], baseVersion: 1, changes: { nickname } })]), worker.cookie);
  }
}

async function visit(pass: Pass, session: Session | null, route: string, name: string, act?: (page: Page) => Promise<void>) {
  const page = await openAs(pass, session?.cookie ?? null);
  await page.goto(pass.t.baseUrl + route);
  await settle(page);
  await skipPinPrompt(page);
  if (act) await act(page);
  await shot(pass, page, name);
  await page.context().close();
}

type World = Awaited<ReturnType<typeof seed>>;

/**
 * The field screens on one phone (issue #3): the first PIN, the worker's home, registration with
 * matches, a contact, a tally, a client, a refused record and its fix, the device page, the logout
 * warning, unlocking offline, and another person's login; then the manager's catalogue and conflicts.
 */
async function fieldScreens(pass: Pass, world: World) {
  const { t, lang } = pass;
  const { orgId, sessions } = world;
  const admin = sessions.hubAdmin!;
  // A site of its own for this pass, closed later to make the server refuse a contact.
  const temp = await call(t, 'POST', `/api/organisations/${orgId}/sites`, { name: `Điểm tạm ${lang}-${pass.viewport.width}`, kind: 'outreach_area', provinceId: 'hai-phong' }, admin.cookie);

  const page = await openAs(pass, sessions.worker!.cookie);
  const context = page.context();
  await page.goto(t.baseUrl + '/field');
  await page.locator('#field-pin').waitFor();
  await shot(pass, page, '30-pin-set');
  await choosePin(page);
  await shot(pass, page, '31-field-home');

  await go(page, '/field/clients/new');
  await page.locator('#field-mother').fill('Hồng');
  await page.locator('#field-father').fill('Tuấn');
  await page.locator('input[name=sexAtBirth][value=M]').check();
  await page.locator('#field-birthYear').fill('1996');
  await page.locator('.match-near').waitFor();
  await shot(pass, page, '32-client-new-near-match');
  await page.locator('#field-birthYear').fill('1995');
  await page.locator('.match-exact').waitFor();
  await shot(pass, page, '33-client-new-exact-match');

  const clients = (await call(t, 'GET', `/api/organisations/${orgId}/clients`, undefined, sessions.worker!.cookie)).body as { id: string; uic: string }[];
  const bong = clients.find((c) => c.uic === 'HOTUM95')!.id;
  await go(page, `/field/clients/${bong}/contact`);
  await page.locator('.same-as-last button').click();
  await shot(pass, page, '34-contact');
  await go(page, '/field/anonymous');
  for (const id of ['count-male-18_24', 'count-male-18_24', 'count-female-25_34']) await page.locator(`#${id} + button`).click();
  await page.locator('input[name=services][value=information]').check();
  await shot(pass, page, '35-anonymous');
  await go(page, `/field/clients/${bong}`);
  await shot(pass, page, '36-client');

  // Offline: a contact at the temporary site waits; the site closes; back online, the server refuses it.
  await context.setOffline(true);
  await go(page, `/field/clients/${bong}/contact`);
  await page.locator('.when-where button').click();
  await page.locator('#field-siteId').selectOption({ label: temp.body.name });
  await page.locator('input[name=services][value=referral]').check();
  await page.locator('.sticky-actions button').click();
  await page.locator('.timeline').waitFor();
  await shot(pass, page, '37-client-waiting');
  await go(page, '/field');
  await shot(pass, page, '38-field-home-offline');
  await call(t, 'PATCH', `/api/organisations/${orgId}/sites/${temp.body.id}`, { active: false }, admin.cookie);
  await context.setOffline(false);
  await page.locator('.attention-link').waitFor({ timeout: 30_000 });
  await go(page, '/field/sync');
  await page.locator('.rejection').waitFor();
  await shot(pass, page, '39-sync-needs-attention');
  await page.locator('.rejected-item a.button').click();
  await settle(page);
  await shot(pass, page, '40-contact-fix');
  await go(page, '/field/device');
  await shot(pass, page, '41-device');
  await page.locator('.panel-danger button').click();
  await shot(pass, page, '42-device-wipe-question');
  await page.locator('.topbar .logout').click();
  await page.locator('.alert-warning').waitFor();
  await shot(pass, page, '43-logout-warning');

  await context.setOffline(true);
  await page.reload();
  await page.locator('#field-pin').fill('111111');
  await page.locator('form button[type=submit]').click();
  await page.locator('.field-error').waitFor();
  await shot(pass, page, '44-unlock-offline');
  await context.setOffline(false);

  // Someone else logs in on this phone.
  await context.addCookies([{ name: SESSION_COOKIE, value: sessions.colleague!.cookie, url: t.baseUrl }]);
  await page.goto(t.baseUrl + '/');
  await page.locator('.page h1').waitFor();
  await shot(pass, page, '45-other-owner');
  await context.close();

  const org = `/organisations/${orgId}`;
  await visit(pass, sessions.worker!, `${org}/catalogue`, '46-catalogue');
  await visit(pass, sessions.worker!, `${org}/catalogue/new`, '47-catalogue-item-new', async (p) => {
    await p.locator('form button[type=submit]').click();
  });
  const items = (await call(t, 'GET', `${org.replace('/organisations', '/api/organisations')}/catalogue`, undefined, sessions.worker!.cookie)).body as { id: string }[];
  await visit(pass, sessions.worker!, `${org}/catalogue/${items[0]!.id}`, '48-catalogue-item-edit');
  await visit(pass, sessions.worker!, `${org}/conflicts`, '49-conflicts');
}

/** The office screens: logging in, the network's organisations, sites and people, each role's home, the account. */
async function officeScreens(pass: Pass, world: World) {
  const { lang } = pass;
  const { width } = pass.viewport;
  const { sessions, orgId, siteId, workerId } = world;
  const org = `/organisations/${orgId}`;
  await visit(pass, null, '/login', '02-login');
  await visit(pass, null, '/login', '03-login-error', async (page) => {
    await page.locator('#field-username').fill('dieuphoi.bac');
    await page.locator('#field-password').fill('sai-mat-khau');
    await page.locator('button[type=submit]').click();
    await page.locator('.alert-error').waitFor();
  });
  await visit(pass, null, '/login', '04-login-code', async (page) => {
    await page.locator('#field-username').fill('dieuphoi.bac');
    await page.locator('#field-password').fill(TEST_PASSWORD);
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
    await page.locator('#field-username').fill(`moi.${lang}.${width}`);
  });
  await visit(pass, admin, `${org}/users/new`, '14-user-created', async (page) => {
    await page.locator('#field-username').fill(`tiepcan.${lang}.${width}`);
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
    await page.locator('.mainnav a[href="/organisations"]').click();
    await page.locator('.alert-error').waitFor();
  });
  await visit(pass, sessions.worker!, `${org}/sites`, '29-sites-read-only');
}

await takeScreenshots({
  out: 'screenshots',
  app: { requireAdminTotp: true },
  // The setup page exists only before setup.
  beforeSeed: (pass) =>
    visit(pass, null, '/', '01-setup', async (page) => {
      await page.locator('#field-networkName').fill('Mạng lưới giảm hại miền Bắc');
      await page.locator('#field-username').fill('Dieu Phoi');
      await page.locator('#field-password').fill('matkhau123');
      await page.locator('button[type=submit]').click();
    }),
  seed,
  screens: async (pass, world) => {
    await officeScreens(pass, world);
    await fieldScreens(pass, world);
  },
});
