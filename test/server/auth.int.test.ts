import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsIn, type Role } from '../../src/core/auth/roles.ts';
import { totpCodeAt } from '../../src/server/auth/totp.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { Client, seedOrg, startTestApp, TEST_PASSWORD, uniqueName, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

/**
 * A browser behind the reverse proxy: the proxy appends the address it saw to X-Forwarded-For.
 * Each test's browsers get addresses of their own, so the per-address login limit of one test
 * does not spill into another.
 */
class Browser extends Client {
  constructor(
    baseUrl: string,
    readonly address: string = randomAddress(),
    lang: 'vi' | 'en' = 'en',
  ) {
    super(baseUrl, lang);
  }
  override request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return super.request(method, path, body, { 'x-forwarded-for': this.address, ...headers });
  }
}

function randomAddress(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]! % 250 + 1}`;
}

function sessionToken(res: { headers: Headers }): string {
  const match = /^fieldlab_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '');
  if (!match?.[1]) throw new Error(`no session cookie in ${res.headers.get('set-cookie')}`);
  return match[1];
}

/** GET /api/me with a given session token and no cookie jar. */
async function meWith(t: TestApp, token: string): Promise<number> {
  const res = await fetch(`${t.baseUrl}/api/me`, { headers: { cookie: `fieldlab_session=${token}` } });
  await res.arrayBuffer();
  return res.status;
}

async function sessionsOf(t: TestApp, userId: string): Promise<number> {
  const rows = await t.ctx.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
  return rows.length;
}

/** Moves a person's sessions `ms` into the past, as if that much time had gone by. */
async function age(t: TestApp, userId: string, ms: number): Promise<void> {
  const by = `${ms} milliseconds`;
  await sql`update sessions set created_at = created_at - ${by}::interval, last_seen_at = last_seen_at - ${by}::interval where user_id = ${userId}`.execute(t.ctx.db.kysely);
}

/** A person with roles in several organisations, written through the store. */
async function addUser(t: TestApp, roles: { orgId: string; role: Role }[], displayName: string | null = null) {
  const username = uniqueName('nguoi').toLowerCase();
  const userId = await asSystem(t.ctx.db.kysely, (tx) => insertUser(tx, t.ctx.crypto, { username, displayName, password: TEST_PASSWORD, lang: 'vi', roles }));
  return { username, userId };
}

function wrongCode(secret: string): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => totpCodeAt(secret, Date.now() + d)));
  for (let i = 0; ; i++) {
    const code = String(i).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

describe.each(testDialects())('login, sessions and passwords on %s', (dialect) => {
  /** Behind one reverse proxy (FIELDLAB_TRUST_PROXY=true), default session policy. */
  let t: TestApp;
  /** Reached directly (no proxy trusted), with a one-minute idle timeout and a three-minute lifetime. */
  let direct: TestApp;
  beforeAll(async () => {
    [t, direct] = await Promise.all([
      startTestApp(dialect, { trustProxy: 1 }),
      startTestApp(dialect, { trustProxy: 0, session: { idleMs: 60_000, absoluteMs: 180_000 } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([t?.close(), direct?.close()]);
  });

  describe('the session cookie', () => {
    it('is HttpOnly, SameSite=Strict, for the whole site, and lasts no longer than a session may', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const res = await new Browser(t.baseUrl).post('/api/auth/login', { username: org.users.fieldworker!.username, password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')!;
      expect(sessionToken(res)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Strict/i);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; Max-Age=43200/);
      expect(cookie).not.toMatch(/Secure/i);
    });

    it('is Secure when the trusted proxy says the browser came over HTTPS', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const res = await new Browser(t.baseUrl).request('POST', '/api/auth/login', { username: org.users.fieldworker!.username, password: TEST_PASSWORD }, { 'x-forwarded-proto': 'https' });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/i);
    });

    it('ignores X-Forwarded-Proto from anyone when no proxy is trusted', async () => {
      const org = await seedOrg(direct, 'community_organisation', ['fieldworker']);
      const res = await new Client(direct.baseUrl).request('POST', '/api/auth/login', { username: org.users.fieldworker!.username, password: TEST_PASSWORD }, { 'x-forwarded-proto': 'https' });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).not.toMatch(/Secure/i);
    });
  });

  describe('failed logins', () => {
    it('answer 401 with the same message whether the username exists or not, and set no cookie', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const browser = new Browser(t.baseUrl);
      const known = await browser.post('/api/auth/login', { username: org.users.fieldworker!.username, password: 'wrong-horse-battery-77' });
      const unknown = await browser.post('/api/auth/login', { username: uniqueName('khong-co'), password: 'wrong-horse-battery-77' });
      for (const res of [known, unknown]) {
        expect(res.status).toBe(401);
        expect(res.headers.get('set-cookie')).toBeNull();
        expect(res.body).toEqual({ statusCode: 401, code: 'LOGIN_FAILED', message: 'The username or password is not correct.' });
      }
      const vi = await new Browser(t.baseUrl, browser.address, 'vi').post('/api/auth/login', { username: uniqueName('khong-co'), password: 'x' });
      expect(vi.body.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
      expect((await browser.get('/api/me')).status).toBe(401);
    });

    it('stop a username after five failures, from any address, with a clear 429 until the window passes', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker', 'manager']);
      const { username } = org.users.fieldworker!;
      const guesser = new Browser(t.baseUrl);
      for (let i = 0; i < 5; i++) {
        expect((await guesser.post('/api/auth/login', { username, password: `wrong-guess-${i}-xyzzy` })).status).toBe(401);
      }
      // The real person, from their own phone, with the right password, is held back too.
      const owner = await new Browser(t.baseUrl).post('/api/auth/login', { username, password: TEST_PASSWORD });
      expect(owner.status).toBe(429);
      expect(owner.body).toEqual({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS', message: 'Too many failed logins. Try again in 15 minutes.' });
      expect(owner.headers.get('retry-after')).toBe('900');
      expect(owner.headers.get('set-cookie')).toBeNull();

      // The limit is the username's: a colleague logging in from the guesser's address is not held back.
      expect((await guesser.post('/api/auth/login', { username: org.users.manager!.username, password: TEST_PASSWORD })).status).toBe(200);

      // Fifteen minutes later the username is free again, and a success clears the count.
      await t.ctx.db.kysely.updateTable('login_failures').set({ at: new Date(Date.now() - 15 * 60_000 - 1000) }).where('username', '=', username).execute();
      expect((await new Browser(t.baseUrl).post('/api/auth/login', { username, password: TEST_PASSWORD })).status).toBe(200);
      const left = await t.ctx.db.kysely.selectFrom('login_failures').select('id').where('username', '=', username).execute();
      expect(left).toEqual([]);
    });

    it('stop an address after twenty failures, whatever usernames it tries', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const sprayer = new Browser(t.baseUrl);
      for (let i = 0; i < 20; i++) {
        expect((await sprayer.post('/api/auth/login', { username: uniqueName('doan-mo'), password: 'summer-rain-2026-x' })).status).toBe(401);
      }
      const held = await sprayer.post('/api/auth/login', { username: org.users.fieldworker!.username, password: TEST_PASSWORD });
      expect(held.status).toBe(429);
      expect(held.body.code).toBe('TOO_MANY_ATTEMPTS');
      // From another address the same person logs in.
      expect((await new Browser(t.baseUrl).post('/api/auth/login', { username: org.users.fieldworker!.username, password: TEST_PASSWORD })).status).toBe(200);
    });

    it('count the address the proxy saw, not one the browser wrote into X-Forwarded-For', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const real = randomAddress();
      // The proxy appends the address it saw; whatever came before it is the browser's to invent.
      const forged = () => ({ 'x-forwarded-for': `${randomAddress()}, ${real}` });
      const anon = new Client(t.baseUrl);
      for (let i = 0; i < 20; i++) {
        expect((await anon.request('POST', '/api/auth/login', { username: uniqueName('doan-mo'), password: 'summer-rain-2026-x' }, forged())).status).toBe(401);
      }
      const held = await anon.request('POST', '/api/auth/login', { username: org.users.fieldworker!.username, password: TEST_PASSWORD }, forged());
      expect(held.status).toBe(429);
    });

    it('count the connection’s address when no proxy is trusted, whatever X-Forwarded-For says', async () => {
      const org = await seedOrg(direct, 'community_organisation', ['fieldworker']);
      const anon = new Client(direct.baseUrl);
      try {
        for (let i = 0; i < 20; i++) {
          const res = await anon.request('POST', '/api/auth/login', { username: uniqueName('doan-mo'), password: 'summer-rain-2026-x' }, { 'x-forwarded-for': randomAddress() });
          expect(res.status).toBe(401);
        }
        const held = await anon.request('POST', '/api/auth/login', { username: org.users.fieldworker!.username, password: TEST_PASSWORD }, { 'x-forwarded-for': randomAddress() });
        expect(held.status).toBe(429);
      } finally {
        // Every test on `direct` comes from 127.0.0.1: leave its count as it was.
        await direct.ctx.db.kysely.deleteFrom('login_failures').execute();
      }
    });

    it('cannot outrun the limit by guessing many times at once', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const { username } = org.users.fieldworker!;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => new Browser(t.baseUrl).post('/api/auth/login', { username, password: `parallel-guess-${i}-qq` })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    });
  });

  describe('sessions', () => {
    it('are new at every login: the session the browser held before ends, a planted one is never adopted', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const { username, userId } = org.users.fieldworker!;
      const browser = new Browser(t.baseUrl);
      const first = sessionToken(await browser.post('/api/auth/login', { username, password: TEST_PASSWORD }));
      const second = sessionToken(await browser.post('/api/auth/login', { username, password: TEST_PASSWORD }));
      expect(second).not.toBe(first);
      expect(await meWith(t, first)).toBe(401);
      expect(await meWith(t, second)).toBe(200);
      expect(await sessionsOf(t, userId)).toBe(1);

      // A token someone planted in the browser before login is not the session after it.
      const planted = randomBytes(32).toString('base64url');
      const res = await new Browser(t.baseUrl).request('POST', '/api/auth/login', { username, password: TEST_PASSWORD }, { cookie: `fieldlab_session=${planted}` });
      expect(res.status).toBe(200);
      expect(sessionToken(res)).not.toBe(planted);
      expect(await meWith(t, planted)).toBe(401);

      // Logging in on a second phone leaves the first one logged in.
      expect(await meWith(t, second)).toBe(200);
      expect(await sessionsOf(t, userId)).toBe(2);
    });

    it('end at logout on the server, so a copied cookie is worthless afterwards', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const browser = new Browser(t.baseUrl);
      const token = sessionToken(await browser.post('/api/auth/login', { username: org.users.fieldworker!.username, password: TEST_PASSWORD }));
      const out = await browser.post('/api/auth/logout');
      expect(out.status).toBe(200);
      expect(out.headers.get('set-cookie')).toMatch(/^fieldlab_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
      expect(await sessionsOf(t, org.users.fieldworker!.userId)).toBe(0);
      const replay = await new Client(t.baseUrl).request('GET', '/api/me', undefined, { cookie: `fieldlab_session=${token}` });
      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Please log in (or your session has expired).' });
      // Logging out twice, or without a session, is harmless.
      expect((await browser.post('/api/auth/logout')).status).toBe(200);
    });

    it('end after 30 idle minutes, and 12 hours after login however busy (the defaults)', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const { username, userId } = org.users.fieldworker!;
      const browser = new Browser(t.baseUrl);
      await browser.login(username, TEST_PASSWORD);
      await age(t, userId, 29 * 60_000);
      expect((await browser.get('/api/me')).status).toBe(200);
      await age(t, userId, 29 * 60_000);
      expect((await browser.get('/api/me')).status).toBe(200);
      await age(t, userId, 30 * 60_000 + 1000);
      expect((await browser.get('/api/me')).status).toBe(401);
      expect(await sessionsOf(t, userId)).toBe(0);

      await browser.login(username, TEST_PASSWORD);
      // Busy all day: a request every 20 minutes for 11 hours 40 minutes.
      for (let i = 0; i < 35; i++) {
        await age(t, userId, 20 * 60_000);
        expect((await browser.get('/api/me')).status).toBe(200);
      }
      await age(t, userId, 20 * 60_000);
      const late = await browser.get('/api/me');
      expect(late.status).toBe(401);
      expect(late.body.code).toBe('UNAUTHENTICATED');
    });

    it('stay open for someone active even with a one-minute idle timeout, until the lifetime ends', async () => {
      const org = await seedOrg(direct, 'community_organisation', ['fieldworker']);
      const { username, userId } = org.users.fieldworker!;
      const browser = new Client(direct.baseUrl);
      await browser.login(username, TEST_PASSWORD);
      // A request every 45 seconds: never a minute idle.
      for (let i = 0; i < 3; i++) {
        await age(direct, userId, 45_000);
        expect((await browser.get('/api/me')).status).toBe(200);
      }
      await age(direct, userId, 45_000);
      expect((await browser.get('/api/me')).status).toBe(401);

      await browser.login(username, TEST_PASSWORD);
      await age(direct, userId, 61_000);
      expect((await browser.get('/api/me')).status).toBe(401);
    });
  });

  describe('accounts', () => {
    it('a deactivated person cannot log in, and their open sessions stop at once', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin', 'fieldworker']);
      const { username, userId } = org.users.fieldworker!;
      const admin = new Browser(t.baseUrl);
      await admin.login(org.users.admin!.username, TEST_PASSWORD);
      const worker = new Browser(t.baseUrl);
      const token = sessionToken(await worker.post('/api/auth/login', { username, password: TEST_PASSWORD }));

      expect((await admin.patch(`/api/organisations/${org.orgId}/users/${userId}`, { active: false })).status).toBe(200);
      expect((await worker.get('/api/me')).status).toBe(401);
      expect(await meWith(t, token)).toBe(401);

      const refused = await worker.post('/api/auth/login', { username, password: TEST_PASSWORD });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'ACCOUNT_INACTIVE', message: 'This account has been deactivated. Contact your organisation’s administrator.' });
      expect(refused.headers.get('set-cookie')).toBeNull();
      // Without the right password, nothing tells a stranger the account exists.
      const stranger = await worker.post('/api/auth/login', { username, password: 'not-the-password-1' });
      expect(stranger.status).toBe(401);
      expect(stranger.body.code).toBe('LOGIN_FAILED');

      // Even a session that survived somehow (written straight to the table) is refused.
      await t.ctx.db.kysely.insertInto('sessions').values({ id: 'f'.repeat(64), user_id: userId }).execute();
      expect(await sessionsOf(t, userId)).toBe(1);

      expect((await admin.patch(`/api/organisations/${org.orgId}/users/${userId}`, { active: true })).status).toBe(200);
      expect((await worker.post('/api/auth/login', { username, password: TEST_PASSWORD })).status).toBe(200);
    });

    it('changing one’s password needs the current one and a strong, new one, and ends one’s other sessions', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const { username, userId } = org.users.fieldworker!;
      const phone = new Browser(t.baseUrl);
      const laptop = new Browser(t.baseUrl);
      await phone.login(username, TEST_PASSWORD);
      await laptop.login(username, TEST_PASSWORD);
      const newPassword = 'quiet-lantern-river-58';

      const wrong = await phone.post('/api/auth/password', { currentPassword: 'not-my-password-9', newPassword });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ code: 'PASSWORD_WRONG', field: 'currentPassword', message: 'The current password is not correct.' });

      const weak = await phone.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'password123' });
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ code: 'PASSWORD_TOO_WEAK', field: 'newPassword' });

      const short = await phone.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'ngắn' });
      expect(short.status).toBe(400);
      expect(short.body).toMatchObject({ code: 'PASSWORD_TOO_SHORT', field: 'newPassword' });

      const same = await phone.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
      expect(same.status).toBe(400);
      expect(same.body).toMatchObject({ code: 'PASSWORD_UNCHANGED', field: 'newPassword' });

      // None of the refusals changed anything.
      expect((await laptop.get('/api/me')).status).toBe(200);
      expect(await sessionsOf(t, userId)).toBe(2);

      const ok = await phone.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword });
      expect(ok.status).toBe(200);
      expect((await phone.get('/api/me')).status).toBe(200);
      expect((await laptop.get('/api/me')).status).toBe(401);
      expect(await sessionsOf(t, userId)).toBe(1);

      expect((await new Browser(t.baseUrl).post('/api/auth/login', { username, password: TEST_PASSWORD })).status).toBe(401);
      expect((await new Browser(t.baseUrl).post('/api/auth/login', { username, password: newPassword })).status).toBe(200);
      const audit = await t.ctx.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', userId).where('action', '=', 'password.change').execute();
      expect(audit).toHaveLength(1);
    });

    it('a password reset by an administrator must be replaced at the next login before any work', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin', 'manager']);
      const { username, userId } = org.users.manager!;
      const manager = new Browser(t.baseUrl);
      await manager.login(username, TEST_PASSWORD);
      const admin = new Browser(t.baseUrl);
      await admin.login(org.users.admin!.username, TEST_PASSWORD);

      const reset = await admin.post(`/api/organisations/${org.orgId}/users/${userId}/reset-password`);
      expect(reset.status).toBe(200);
      const temporary: string = reset.body.temporaryPassword;
      expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      // Their sessions ended with the reset.
      expect((await manager.get('/api/me')).status).toBe(401);
      expect((await new Browser(t.baseUrl).post('/api/auth/login', { username, password: TEST_PASSWORD })).status).toBe(401);

      const me = await manager.login(username, temporary);
      expect(me.user.mustChangePassword).toBe(true);
      // Until they choose a password of their own, they can read who they are and nothing else.
      const blocked = await manager.get(`/api/organisations/${org.orgId}/users`);
      expect(blocked.status).toBe(403);
      expect(blocked.body).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
      expect(blocked.body.message).toMatch(/new password/i);
      expect((await manager.get(`/api/organisations/${org.orgId}`)).status).toBe(403);

      // Keeping the temporary password is not choosing a new one.
      const kept = await manager.post('/api/auth/password', { currentPassword: temporary, newPassword: temporary });
      expect(kept.status).toBe(400);
      expect(kept.body.code).toBe('PASSWORD_UNCHANGED');

      expect((await manager.post('/api/auth/password', { currentPassword: temporary, newPassword: 'copper-meadow-whistle-41' })).status).toBe(200);
      expect((await manager.get('/api/me')).body.user.mustChangePassword).toBe(false);
      expect((await manager.get(`/api/organisations/${org.orgId}/users`)).status).toBe(200);
    });

    it('someone an administrator adds must choose their own password at first login', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = new Browser(t.baseUrl);
      await admin.login(org.users.admin!.username, TEST_PASSWORD);
      const username = uniqueName('moi').toLowerCase();
      const created = await admin.post(`/api/organisations/${org.orgId}/users`, { username, password: 'amber-orchard-falcon-62', roles: ['fieldworker'] });
      expect(created.status).toBe(201);
      expect(created.body.mustChangePassword).toBe(true);
      const newcomer = new Browser(t.baseUrl);
      expect((await newcomer.login(username, 'amber-orchard-falcon-62')).user.mustChangePassword).toBe(true);
      expect((await newcomer.get(`/api/organisations/${org.orgId}/sites`)).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      expect((await newcomer.post('/api/auth/password', { currentPassword: 'amber-orchard-falcon-62', newPassword: 'silver-pagoda-monsoon-17' })).status).toBe(200);
      expect((await newcomer.get(`/api/organisations/${org.orgId}/sites`)).status).toBe(200);
    });
  });

  describe('two-factor', () => {
    it('once confirmed, login asks for a code, checks it, and never takes the same code twice', async () => {
      const org = await seedOrg(t, 'community_organisation', ['manager']);
      const { username, userId } = org.users.manager!;
      const browser = new Browser(t.baseUrl);
      await browser.login(username, TEST_PASSWORD);
      const other = new Browser(t.baseUrl);
      await other.login(username, TEST_PASSWORD);

      const confirmEarly = await browser.post('/api/auth/totp/confirm', { code: '123456' });
      expect(confirmEarly.status).toBe(409);
      expect(confirmEarly.body.code).toBe('TOTP_NOT_PENDING');

      const enrol = await browser.post('/api/auth/totp/enrol');
      expect(enrol.status).toBe(200);
      const secret: string = enrol.body.secret;
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(enrol.body.uri).toMatch(/^otpauth:\/\/totp\/Fieldlab:.*secret=/);
      expect(enrol.body.qrSvg).toMatch(/^<svg/);
      // Not on until confirmed: login still needs no code.
      expect((await new Browser(t.baseUrl).post('/api/auth/login', { username, password: TEST_PASSWORD })).status).toBe(200);

      const badConfirm = await browser.post('/api/auth/totp/confirm', { code: wrongCode(secret) });
      expect(badConfirm.status).toBe(401);
      expect(badConfirm.body).toMatchObject({ code: 'TOTP_INVALID', field: 'code' });
      const confirmCode = totpCodeAt(secret, Date.now());
      expect((await browser.post('/api/auth/totp/confirm', { code: confirmCode })).status).toBe(200);
      expect((await browser.get('/api/me')).body.user.totpEnabled).toBe(true);
      // Sessions opened before two-factor was on have ended; the one that turned it on stays.
      expect((await other.get('/api/me')).status).toBe(401);

      const login = new Browser(t.baseUrl);
      const noCode = await login.post('/api/auth/login', { username, password: TEST_PASSWORD });
      expect(noCode.status).toBe(401);
      expect(noCode.body).toEqual({ statusCode: 401, code: 'TOTP_REQUIRED', field: 'totp', message: 'Enter the 6-digit code from your authenticator app.' });
      expect(noCode.headers.get('set-cookie')).toBeNull();

      const bad = await login.post('/api/auth/login', { username, password: TEST_PASSWORD, totp: wrongCode(secret) });
      expect(bad.status).toBe(401);
      expect(bad.body).toMatchObject({ code: 'TOTP_INVALID', field: 'totp' });
      // The right code with the wrong password is still a wrong password.
      const wrongPassword = await login.post('/api/auth/login', { username, password: 'not-the-password-1', totp: totpCodeAt(secret, Date.now() + 30_000) });
      expect(wrongPassword.body.code).toBe('LOGIN_FAILED');

      // The code used to confirm is spent.
      const replayConfirm = await login.post('/api/auth/login', { username, password: TEST_PASSWORD, totp: confirmCode });
      expect(replayConfirm.status).toBe(401);
      expect(replayConfirm.body.code).toBe('TOTP_INVALID');

      const next = totpCodeAt(secret, Date.now() + 30_000);
      const good = await login.post('/api/auth/login', { username, password: TEST_PASSWORD, totp: next });
      expect(good.status).toBe(200);
      expect(good.body.user.totpEnabled).toBe(true);
      // Read over someone's shoulder, the same code does not open a second session.
      const replay = await new Browser(t.baseUrl).post('/api/auth/login', { username, password: TEST_PASSWORD, totp: next });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('TOTP_INVALID');
      expect(await sessionsOf(t, userId)).toBe(2);
    });

    it('replacing a working second factor (a new phone) needs the password too, so a stolen session cannot swap it', async () => {
      const org = await seedOrg(t, 'community_organisation', ['manager']);
      const { username } = org.users.manager!;
      const browser = new Browser(t.baseUrl);
      await browser.login(username, TEST_PASSWORD);
      const first = (await browser.post('/api/auth/totp/enrol')).body.secret as string;
      expect((await browser.post('/api/auth/totp/confirm', { code: totpCodeAt(first, Date.now()) })).status).toBe(200);

      const second = (await browser.post('/api/auth/totp/enrol')).body.secret as string;
      const code = totpCodeAt(second, Date.now());
      const without = await browser.post('/api/auth/totp/confirm', { code });
      expect(without.status).toBe(400);
      expect(without.body).toMatchObject({ code: 'PASSWORD_WRONG', field: 'currentPassword' });
      expect((await browser.post('/api/auth/totp/confirm', { code, currentPassword: 'not-the-password-1' })).body.code).toBe('PASSWORD_WRONG');
      // The old phone still works until the new one is confirmed.
      const still = await new Browser(t.baseUrl).post('/api/auth/login', { username, password: TEST_PASSWORD, totp: totpCodeAt(first, Date.now() + 30_000) });
      expect(still.status).toBe(200);
      expect((await browser.post('/api/auth/totp/confirm', { code, currentPassword: TEST_PASSWORD })).status).toBe(200);
      const withNew = await new Browser(t.baseUrl).post('/api/auth/login', { username, password: TEST_PASSWORD, totp: totpCodeAt(second, Date.now() + 30_000) });
      expect(withNew.status).toBe(200);
    });

    it('wrong codes count as failed logins', async () => {
      const org = await seedOrg(t, 'community_organisation', ['manager']);
      const { username } = org.users.manager!;
      const browser = new Browser(t.baseUrl);
      await browser.login(username, TEST_PASSWORD);
      const { secret } = (await browser.post('/api/auth/totp/enrol')).body;
      expect((await browser.post('/api/auth/totp/confirm', { code: totpCodeAt(secret, Date.now()) })).status).toBe(200);
      for (let i = 0; i < 5; i++) {
        expect((await browser.post('/api/auth/login', { username, password: TEST_PASSWORD, totp: wrongCode(secret) })).status).toBe(401);
      }
      const held = await new Browser(t.baseUrl).post('/api/auth/login', { username, password: TEST_PASSWORD, totp: totpCodeAt(secret, Date.now() + 30_000) });
      expect(held.status).toBe(429);
    });
  });

  describe('/api/me', () => {
    it('shows the person, each of their organisations with their roles and permissions there', async () => {
      const a = await seedOrg(t, 'community_organisation', ['admin']);
      const b = await seedOrg(t, 'clinic', ['admin']);
      const { username } = await addUser(
        t,
        [
          { orgId: a.orgId, role: 'manager' },
          { orgId: b.orgId, role: 'clinician' },
          { orgId: b.orgId, role: 'trainer' },
        ],
        'Chị Mây',
      );
      const browser = new Browser(t.baseUrl);
      await browser.login(username, TEST_PASSWORD);
      const me = await browser.get('/api/me');
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ username, displayName: 'Chị Mây', lang: 'vi', active: true, totpEnabled: false, mustChangePassword: false });
      expect(me.body.isHubAdmin).toBe(false);
      expect(me.body.totpSetupRequired).toBe(false);
      const byId = Object.fromEntries(me.body.organisations.map((o: { id: string }) => [o.id, o]));
      expect(Object.keys(byId).sort()).toEqual([a.orgId, b.orgId].sort());
      const memberships = me.body.user.roles.map((r: { orgId: string; role: Role }) => ({ ...r, orgKind: r.orgId === b.orgId ? 'clinic' : 'community_organisation' }));
      expect(byId[a.orgId]).toMatchObject({ kind: 'community_organisation', roles: ['manager'], permissions: [...permissionsIn(memberships, a.orgId)].sort() });
      expect(byId[b.orgId]).toMatchObject({ kind: 'clinic', permissions: [...permissionsIn(memberships, b.orgId)].sort() });
      expect([...byId[b.orgId].roles].sort()).toEqual(['clinician', 'trainer']);
      expect(byId[a.orgId].permissions).toContain('client.read');
      expect(byId[b.orgId].permissions).not.toContain('client.read');

      expect((await browser.patch('/api/me', { lang: 'en' })).body.user.lang).toBe('en');
      expect((await browser.get('/api/me')).body.user.lang).toBe('en');
      const extra = await browser.patch('/api/me', { lang: 'vi', active: false });
      expect(extra.status).toBe(400);
      expect(extra.body.field).toBe('active');
    });

    it('answers 401 with a message to anyone not logged in, or with a made-up session', async () => {
      const anon = await new Client(t.baseUrl, 'vi').get('/api/me');
      expect(anon.status).toBe(401);
      expect(anon.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Bạn cần đăng nhập (hoặc phiên đăng nhập đã hết hạn).' });
      expect(await meWith(t, 'made-up')).toBe(401);
      expect(await meWith(t, '')).toBe(401);
    });
  });
});
