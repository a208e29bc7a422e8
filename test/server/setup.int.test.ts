import { afterEach, describe, expect, it } from 'vitest';
import { Client, seedOrg, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

/** First-time setup needs a database without users, so every test here starts an app of its own. */
describe.each(testDialects())('first-time setup on %s', (dialect) => {
  const apps: TestApp[] = [];
  async function freshApp(): Promise<TestApp> {
    const t = await startTestApp(dialect);
    apps.push(t);
    return t;
  }
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  const setupBody = (overrides: Record<string, unknown> = {}) => ({
    networkName: 'Mạng lưới Sông Hồng',
    organisationName: 'Văn phòng điều phối',
    provinceId: 'ha-noi',
    username: 'dieu-phoi',
    password: TEST_PASSWORD,
    lang: 'vi',
    ...overrides,
  });

  async function counts(t: TestApp) {
    const db = t.ctx.db.kysely;
    const one = async (table: 'users' | 'organisations' | 'network' | 'memberships' | 'sessions') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { users: await one('users'), organisations: await one('organisations'), network: await one('network'), memberships: await one('memberships'), sessions: await one('sessions') };
  }

  it('creates the network, its hub and the first administrator, logs them in, then closes for good', async () => {
    const t = await freshApp();
    const browser = new Client(t.baseUrl);
    expect(await browser.get('/api/setup')).toMatchObject({ status: 200, body: { needed: true } });

    const res = await browser.post('/api/setup', setupBody());
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^fieldlab_session=[^;]{20,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(res.body).toMatchObject({
      user: { username: 'dieu-phoi', lang: 'vi', active: true, totpEnabled: false, mustChangePassword: false, displayName: null },
      isHubAdmin: true,
      network: { name: 'Mạng lưới Sông Hồng' },
    });
    expect(res.body.organisations).toHaveLength(1);
    expect(res.body.organisations[0]).toMatchObject({ name: 'Văn phòng điều phối', kind: 'network_hub', roles: ['admin'] });
    expect(res.body.organisations[0].permissions).toContain('network.organisations.manage');
    // The hub sees aggregates, never people: its administrator holds no permission over clients.
    expect(res.body.organisations[0].permissions).not.toContain('client.read');

    // Logged in by the setup itself: the cookie it set opens /api/me.
    const me = await browser.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('dieu-phoi');

    expect(await new Client(t.baseUrl).get('/api/setup')).toMatchObject({ status: 200, body: { needed: false } });

    const again = await new Client(t.baseUrl).post('/api/setup', setupBody({ username: 'ke-chiem-quyen', networkName: 'Mạng khác' }));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'SETUP_DONE', message: 'Fieldlab is already set up. Please log in.' });
    expect(again.headers.get('set-cookie')).toBeNull();

    expect(await counts(t)).toEqual({ users: 1, organisations: 1, network: 1, memberships: 1, sessions: 1 });
    const network = await t.ctx.db.kysely.selectFrom('network').select('name').executeTakeFirstOrThrow();
    expect(network.name).toBe('Mạng lưới Sông Hồng');
    const audit = await t.ctx.db.kysely.selectFrom('audit_log').select(['action', 'actor_role']).execute();
    expect(audit).toEqual([{ action: 'setup', actor_role: 'admin' }]);

    // The administrator's password works at the login page too.
    const later = new Client(t.baseUrl);
    expect((await later.login('dieu-phoi', TEST_PASSWORD)).user.username).toBe('dieu-phoi');
  });

  it('refuses a weak password with a message to act on, and writes nothing', async () => {
    const t = await freshApp();
    const browser = new Client(t.baseUrl, 'vi');

    const short = await browser.post('/api/setup', setupBody({ password: 'ngan-qua' }));
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ code: 'PASSWORD_TOO_SHORT', field: 'password', message: 'Mật khẩu cần ít nhất 10 ký tự.' });

    const common = await browser.post('/api/setup', setupBody({ password: 'password1234' }));
    expect(common.status).toBe(400);
    expect(common.body).toMatchObject({ code: 'PASSWORD_TOO_WEAK', field: 'password' });
    expect(common.body.message).toMatch(/dễ đoán/);

    // The username itself does not make a strong password.
    const own = await browser.post('/api/setup', setupBody({ username: 'hoa-phuong-do', password: 'hoa-phuong-do1' }));
    expect(own.status).toBe(400);
    expect(own.body.code).toBe('PASSWORD_TOO_WEAK');

    for (const res of [short, common, own]) expect(res.headers.get('set-cookie')).toBeNull();
    expect(await counts(t)).toEqual({ users: 0, organisations: 0, network: 0, memberships: 0, sessions: 0 });
    expect((await browser.get('/api/setup')).body).toEqual({ needed: true });
  });

  it('refuses incomplete or unknown input with the field named, and writes nothing', async () => {
    const t = await freshApp();
    const browser = new Client(t.baseUrl);
    const { networkName: _, ...withoutNetwork } = setupBody();
    const missing = await browser.post('/api/setup', withoutNetwork);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'VALIDATION', field: 'networkName' });

    const province = await browser.post('/api/setup', setupBody({ provinceId: 'atlantis' }));
    expect(province.status).toBe(400);
    expect(province.body).toMatchObject({ code: 'VALIDATION', field: 'provinceId' });

    const extra = await browser.post('/api/setup', setupBody({ role: 'network' }));
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ code: 'VALIDATION', field: 'role' });

    expect(await counts(t)).toEqual({ users: 0, organisations: 0, network: 0, memberships: 0, sessions: 0 });
  });

  it('lets exactly one of two browsers racing to set up succeed', async () => {
    const t = await freshApp();
    const [a, b] = await Promise.all([
      new Client(t.baseUrl).post('/api/setup', setupBody({ username: 'nguoi-thu-nhat', organisationName: 'Điều phối A' })),
      new Client(t.baseUrl).post('/api/setup', setupBody({ username: 'nguoi-thu-hai', organisationName: 'Điều phối B' })),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('SETUP_DONE');
    expect(loser.headers.get('set-cookie')).toBeNull();
    expect(await counts(t)).toEqual({ users: 1, organisations: 1, network: 1, memberships: 1, sessions: 1 });
  });

  it('is closed once any user exists, however it was added', async () => {
    const t = await freshApp();
    await seedOrg(t, 'community_organisation', ['fieldworker']);
    const browser = new Client(t.baseUrl);
    expect((await browser.get('/api/setup')).body).toEqual({ needed: false });
    const res = await browser.post('/api/setup', setupBody());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SETUP_DONE');
  });
});
