import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, loggedIn, seedOrg, startTestApp, TEST_PASSWORD, uniqueName, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

const MISSING_ID = '01900000-0000-7000-8000-0000000000ee';
const USER_KEYS = ['active', 'createdAt', 'displayName', 'id', 'lang', 'mustChangePassword', 'roles', 'totpEnabled', 'username'];

describe.each(testDialects())('users and their roles on %s', (dialect) => {
  let t: TestApp;
  let hub: SeededOrg;
  let hubAdmin: Client;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    hub = await seedOrg(t, 'network_hub', ['admin']);
    hubAdmin = await loggedIn(t, hub, 'admin');
  });
  afterAll(async () => t?.close());


  const login = (username: string, password: string) => new Client(t.baseUrl).post('/api/auth/login', { username, password });

  /** A new person made through the API by `admin`, in `orgId`, with `roles`. */
  async function createUser(admin: Client, orgId: string, roles: string[], extra: Record<string, unknown> = {}) {
    const username = uniqueName('nguoi').toLowerCase();
    const res = await admin.post(`/api/organisations/${orgId}/users`, { username, password: TEST_PASSWORD, roles, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; username: string; roles: { orgId: string; role: string }[] };
  }

  describe('creating people', () => {
    it('an administrator adds a person with several roles, who can then log in with them', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const username = uniqueName('Chi.Lan').toLowerCase();
      const res = await admin.post(`/api/organisations/${org.orgId}/users`, {
        username: `  ${username.toUpperCase()} `,
        displayName: 'Chị Lan',
        password: TEST_PASSWORD,
        lang: 'en',
        roles: ['manager', 'fieldworker', 'trainer'],
      });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
      expect(res.body).toMatchObject({ username, displayName: 'Chị Lan', lang: 'en', active: true, totpEnabled: false, mustChangePassword: true });
      expect(res.body.roles).toEqual(
        expect.arrayContaining([
          { orgId: org.orgId, role: 'manager' },
          { orgId: org.orgId, role: 'fieldworker' },
          { orgId: org.orgId, role: 'trainer' },
        ]),
      );
      expect(res.body.roles).toHaveLength(3);

      const me = await login(username, TEST_PASSWORD);
      expect(me.status).toBe(200);
      expect(me.body.user.mustChangePassword).toBe(true);
      const here = me.body.organisations.find((o: { id: string }) => o.id === org.orgId);
      expect(here.roles.sort()).toEqual(['fieldworker', 'manager', 'trainer']);
      expect(here.permissions).toEqual(expect.arrayContaining(['client.record', 'user.read', 'catalogue.manage']));
      expect(here.permissions).not.toContain('user.manage');

      const list = (await admin.get(`/api/organisations/${org.orgId}/users`)).body as { id: string; username: string }[];
      expect(list.map((u) => u.username).sort()).toEqual([org.users.admin!.username, username].sort());
      for (const u of list) expect(Object.keys(u).sort()).toEqual(USER_KEYS);
    });

    it('refuses a username that is taken, in this or any organisation → 409 USERNAME_TAKEN', async () => {
      const a = await seedOrg(t, 'community_organisation', ['admin']);
      const b = await seedOrg(t, 'community_organisation', ['admin']);
      const taken = a.users.admin!.username;
      for (const [org, admin] of [
        [a, await loggedIn(t, a, 'admin')],
        [b, await loggedIn(t, b, 'admin')],
      ] as const) {
        const res = await admin.post(`/api/organisations/${org.orgId}/users`, { username: taken.toUpperCase(), password: TEST_PASSWORD, roles: ['trainer'] });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'USERNAME_TAKEN', field: 'username' });
      }
      // The owner of the name kept their one role and their password.
      expect((await login(taken, TEST_PASSWORD)).body.organisations).toHaveLength(1);
    });

    it('checks the new password’s strength and writes nothing when it is weak', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const cases: [string, string][] = [
        ['short1', 'PASSWORD_TOO_SHORT'],
        ['password1234', 'PASSWORD_TOO_WEAK'],
      ];
      for (const [password, code] of cases) {
        const username = uniqueName('yeu').toLowerCase();
        const res = await admin.post(`/api/organisations/${org.orgId}/users`, { username, password, roles: ['fieldworker'] });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code, field: 'password' });
        expect((await login(username, password)).status).toBe(401);
      }
      expect((await admin.get(`/api/organisations/${org.orgId}/users`)).body).toHaveLength(1);
    });

    it('refuses bad payloads with 400 and writes nothing', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const base = { username: uniqueName('sai').toLowerCase(), password: TEST_PASSWORD, roles: ['fieldworker'] };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...base, roles: [] }, 'roles'],
        [{ ...base, roles: ['root'] }, 'roles.0'],
        [{ ...base, username: 'tên có dấu' }, 'username'],
        [{ ...base, lang: 'fr' }, 'lang'],
        [{ ...base, active: false }, 'active'],
        [{ ...base, mustChangePassword: false }, 'mustChangePassword'],
      ];
      for (const [body, field] of cases) {
        const res = await admin.post(`/api/organisations/${org.orgId}/users`, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION', field });
      }
      expect((await admin.get(`/api/organisations/${org.orgId}/users`)).body).toHaveLength(1);
    });

    it('answers 404 when the hub’s administrator adds a person to an organisation that does not exist', async () => {
      const username = uniqueName('ma').toLowerCase();
      const res = await hubAdmin.post(`/api/organisations/${MISSING_ID}/users`, { username, password: TEST_PASSWORD, roles: ['fieldworker'] });
      expect(res.status).toBe(404);
      expect((await login(username, TEST_PASSWORD)).status).toBe(401);
      expect((await hubAdmin.get(`/api/organisations/${MISSING_ID}/users`)).status).toBe(404);
    });
  });

  describe('membership of several organisations', () => {
    it('adds a person who already has an account to another organisation, without showing their other roles', async () => {
      const a = await seedOrg(t, 'community_organisation', ['admin', 'fieldworker']);
      const b = await seedOrg(t, 'clinic', ['admin']);
      const adminB = await loggedIn(t, b, 'admin');
      const person = a.users.fieldworker!;

      const res = await adminB.post(`/api/organisations/${b.orgId}/members`, { username: person.username.toUpperCase(), roles: ['clinician', 'trainer'] });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(person.userId);
      // B's administrator sees B's roles only, not that the person works at A.
      expect(res.body.roles).toEqual(
        expect.arrayContaining([
          { orgId: b.orgId, role: 'clinician' },
          { orgId: b.orgId, role: 'trainer' },
        ]),
      );
      expect(res.body.roles).toHaveLength(2);
      const listB = (await adminB.get(`/api/organisations/${b.orgId}/users`)).body as { id: string; roles: { orgId: string }[] }[];
      const inB = listB.find((u) => u.id === person.userId)!;
      expect(inB.roles.every((r) => r.orgId === b.orgId)).toBe(true);

      const me = (await login(person.username, person.password)).body;
      const orgs = Object.fromEntries(me.organisations.map((o: { id: string; roles: string[] }) => [o.id, o.roles.sort()]));
      expect(orgs).toEqual({ [a.orgId]: ['fieldworker'], [b.orgId]: ['clinician', 'trainer'] });

      const listA = (await (await loggedIn(t, a, 'admin')).get(`/api/organisations/${a.orgId}/users`)).body as { id: string; roles: { orgId: string; role: string }[] }[];
      expect(listA.find((u) => u.id === person.userId)!.roles).toEqual([{ orgId: a.orgId, role: 'fieldworker' }]);
    });

    it('answers 404 for an unknown username', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const res = await (await loggedIn(t, org, 'admin')).post(`/api/organisations/${org.orgId}/members`, { username: uniqueName('khong-co').toLowerCase(), roles: ['trainer'] });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('editing people', () => {
    it('replaces a person’s roles in the organisation, and [] removes them from it', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const user = await createUser(admin, org.orgId, ['fieldworker']);

      const res = await admin.patch(`/api/organisations/${org.orgId}/users/${user.id}`, { roles: ['manager', 'evaluator'], displayName: 'Anh Tuấn', lang: 'en' });
      expect(res.status).toBe(200);
      expect(res.body.roles.map((r: { role: string }) => r.role).sort()).toEqual(['evaluator', 'manager']);
      expect(res.body).toMatchObject({ displayName: 'Anh Tuấn', lang: 'en' });
      const perms = (await login(user.username, TEST_PASSWORD)).body.organisations[0].permissions;
      expect(perms).toContain('user.read');
      expect(perms).not.toContain('user.manage');
      expect(perms).not.toContain('site.manage');

      const removed = await admin.patch(`/api/organisations/${org.orgId}/users/${user.id}`, { roles: [] });
      expect(removed.status).toBe(200);
      expect(removed.body.roles).toEqual([]);
      const list = (await admin.get(`/api/organisations/${org.orgId}/users`)).body as { id: string }[];
      expect(list.map((u) => u.id)).not.toContain(user.id);
      expect((await login(user.username, TEST_PASSWORD)).body.organisations).toEqual([]);
      // No longer a member: the organisation's administrator cannot reach them any more.
      expect((await admin.patch(`/api/organisations/${org.orgId}/users/${user.id}`, { roles: ['trainer'] })).status).toBe(404);
    });

    it('answers 404 for a person who does not exist', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      expect((await admin.patch(`/api/organisations/${org.orgId}/users/${MISSING_ID}`, { lang: 'en' })).status).toBe(404);
      expect((await admin.patch(`/api/organisations/${org.orgId}/users/${MISSING_ID}`, { active: false })).status).toBe(404);
      expect((await admin.post(`/api/organisations/${org.orgId}/users/${MISSING_ID}/reset-password`)).status).toBe(404);
    });

    it('deactivation refuses new logins and ends the person’s sessions; reactivation lets them back', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const user = await createUser(admin, org.orgId, ['fieldworker']);
      const session = new Client(t.baseUrl);
      await session.login(user.username, TEST_PASSWORD);
      expect((await session.get('/api/me')).status).toBe(200);

      const off = await admin.patch(`/api/organisations/${org.orgId}/users/${user.id}`, { active: false });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expect((await session.get('/api/me')).status).toBe(401);
      expect((await session.get(`/api/organisations/${org.orgId}/sites`)).status).toBe(401);
      const refused = await login(user.username, TEST_PASSWORD);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('ACCOUNT_INACTIVE');
      const wrong = await login(user.username, 'not-the-password-at-all');
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('LOGIN_FAILED');

      const listed = (await admin.get(`/api/organisations/${org.orgId}/users`)).body.find((u: { id: string }) => u.id === user.id);
      expect(listed.active).toBe(false);

      const on = await admin.patch(`/api/organisations/${org.orgId}/users/${user.id}`, { active: true });
      expect(on.status).toBe(200);
      expect(on.body.active).toBe(true);
      expect((await login(user.username, TEST_PASSWORD)).status).toBe(200);
      // The session that was ended stays ended.
      expect((await session.get('/api/me')).status).toBe(401);
    });

    it('a password reset gives a temporary password once, ends sessions, and makes the person choose a new one', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const user = await createUser(admin, org.orgId, ['fieldworker']);
      const session = new Client(t.baseUrl);
      await session.login(user.username, TEST_PASSWORD);

      const reset = await admin.post(`/api/organisations/${org.orgId}/users/${user.id}/reset-password`);
      expect(reset.status).toBe(200);
      expect(Object.keys(reset.body)).toEqual(['temporaryPassword']);
      const temporary = reset.body.temporaryPassword as string;
      expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

      expect((await session.get('/api/me')).status).toBe(401);
      expect((await login(user.username, TEST_PASSWORD)).status).toBe(401);

      // Shown once: nothing else ever returns it, and a second reset replaces it.
      const list = JSON.stringify((await admin.get(`/api/organisations/${org.orgId}/users`)).body);
      expect(list).not.toContain(temporary);
      const again = (await admin.post(`/api/organisations/${org.orgId}/users/${user.id}/reset-password`)).body.temporaryPassword as string;
      expect(again).not.toBe(temporary);
      expect((await login(user.username, temporary)).status).toBe(401);

      const person = new Client(t.baseUrl);
      const me = await person.login(user.username, again);
      expect(me.user.mustChangePassword).toBe(true);
      const weak = await person.post('/api/auth/password', { currentPassword: again, newPassword: 'password1234' });
      expect(weak.status).toBe(400);
      const changed = await person.post('/api/auth/password', { currentPassword: again, newPassword: 'lotus-pagoda-lantern-58' });
      expect(changed.status).toBe(200);
      expect((await person.get('/api/me')).body.user.mustChangePassword).toBe(false);
      expect((await login(user.username, again)).status).toBe(401);
      expect((await login(user.username, 'lotus-pagoda-lantern-58')).status).toBe(200);
    });
  });

  describe('the last administrator', () => {
    it('cannot lose the admin role, be removed or be deactivated → LAST_ADMIN, and nothing changes', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const self = org.users.admin!.userId;
      const attempts: [Client, Record<string, unknown>][] = [
        [admin, { roles: ['manager'] }],
        [admin, { roles: [] }],
        [admin, { active: false }],
        [hubAdmin, { active: false }],
        [hubAdmin, { roles: ['fieldworker'] }],
        [admin, { roles: ['manager'], displayName: 'Không đổi' }],
      ];
      for (const [who, patch] of attempts) {
        const res = await who.patch(`/api/organisations/${org.orgId}/users/${self}`, patch);
        expect(res.status, JSON.stringify(patch)).toBe(422);
        expect(res.body).toMatchObject({ code: 'LAST_ADMIN', field: 'roles' });
      }
      const refusedSelf = await admin.post(`/api/organisations/${org.orgId}/members`, { username: org.users.admin!.username, roles: ['manager'] });
      expect(refusedSelf.status).toBe(422);
      expect(refusedSelf.body.code).toBe('LAST_ADMIN');

      const list = (await admin.get(`/api/organisations/${org.orgId}/users`)).body;
      expect(list).toEqual([expect.objectContaining({ id: self, active: true, displayName: null, roles: [{ orgId: org.orgId, role: 'admin' }] })]);
    });

    it('can step down once another active administrator exists, but an inactive one does not count', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const second = await createUser(admin, org.orgId, ['admin']);
      expect((await admin.patch(`/api/organisations/${org.orgId}/users/${second.id}`, { active: false })).status).toBe(200);
      const refused = await admin.patch(`/api/organisations/${org.orgId}/users/${org.users.admin!.userId}`, { roles: ['manager'] });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('LAST_ADMIN');

      expect((await admin.patch(`/api/organisations/${org.orgId}/users/${second.id}`, { active: true })).status).toBe(200);
      const stepDown = await admin.patch(`/api/organisations/${org.orgId}/users/${org.users.admin!.userId}`, { roles: ['manager'] });
      expect(stepDown.status).toBe(200);
      expect(stepDown.body.roles).toEqual([{ orgId: org.orgId, role: 'manager' }]);
    });

    it('is protected in every organisation they administer, not only the one of the request', async () => {
      const a = await seedOrg(t, 'community_organisation', ['admin']);
      const b = await seedOrg(t, 'community_organisation', ['admin']);
      const adminA = await loggedIn(t, a, 'admin');
      // A's administrator is also the only administrator of B; A gets a second administrator.
      const person = a.users.admin!;
      expect((await hubAdmin.post(`/api/organisations/${b.orgId}/members`, { username: person.username, roles: ['admin'] })).status).toBe(200);
      const adminB = b.users.admin!;
      expect((await hubAdmin.patch(`/api/organisations/${b.orgId}/users/${adminB.userId}`, { roles: ['manager'] })).status).toBe(200);
      await createUser(adminA, a.orgId, ['admin']);

      // Deactivating the person through A would leave B with no administrator.
      const res = await hubAdmin.patch(`/api/organisations/${a.orgId}/users/${person.userId}`, { active: false });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('LAST_ADMIN');
      expect((await login(person.username, person.password)).status).toBe(200);
    });
  });

  describe('people who work for several organisations (NOT_ALL_ORGS)', () => {
    it('only someone who manages all of their organisations may deactivate them or reset their password', async () => {
      const a = await seedOrg(t, 'community_organisation', ['admin', 'fieldworker']);
      const b = await seedOrg(t, 'community_organisation', ['admin']);
      const adminA = await loggedIn(t, a, 'admin');
      const person = a.users.fieldworker!;
      expect((await (await loggedIn(t, b, 'admin')).post(`/api/organisations/${b.orgId}/members`, { username: person.username, roles: ['fieldworker'] })).status).toBe(200);

      for (const [method, path, body] of [
        ['PATCH', `/api/organisations/${a.orgId}/users/${person.userId}`, { active: false }],
        ['PATCH', `/api/organisations/${a.orgId}/users/${person.userId}`, { active: true }],
        ['POST', `/api/organisations/${a.orgId}/users/${person.userId}/reset-password`, {}],
      ] as const) {
        const res = await adminA.request(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body.code).toBe('NOT_ALL_ORGS');
        expect(res.body.message).toMatch(/another organisation|organisation you do not administer/);
      }
      // Still active, password unchanged.
      expect((await login(person.username, person.password)).status).toBe(200);

      // Their roles in A are A's administrator's to change.
      const roles = await adminA.patch(`/api/organisations/${a.orgId}/users/${person.userId}`, { roles: ['fieldworker', 'trainer'] });
      expect(roles.status).toBe(200);

      // The hub's administrator manages every organisation, so may.
      const reset = await hubAdmin.post(`/api/organisations/${a.orgId}/users/${person.userId}/reset-password`);
      expect(reset.status).toBe(200);
      expect((await hubAdmin.patch(`/api/organisations/${b.orgId}/users/${person.userId}`, { active: false })).status).toBe(200);
      expect((await login(person.username, reset.body.temporaryPassword)).status).toBe(403);
    });

    it('lets an administrator of all the person’s organisations do it', async () => {
      const a = await seedOrg(t, 'community_organisation', ['admin', 'fieldworker']);
      const b = await seedOrg(t, 'community_organisation', ['admin']);
      const adminA = a.users.admin!;
      const person = a.users.fieldworker!;
      const adminBClient = await loggedIn(t, b, 'admin');
      expect((await adminBClient.post(`/api/organisations/${b.orgId}/members`, { username: person.username, roles: ['trainer'] })).status).toBe(200);
      expect((await adminBClient.post(`/api/organisations/${b.orgId}/members`, { username: adminA.username, roles: ['admin'] })).status).toBe(200);

      const both = await loggedIn(t, a, 'admin');
      const res = await both.patch(`/api/organisations/${a.orgId}/users/${person.userId}`, { active: false });
      expect(res.status).toBe(200);
      expect((await login(person.username, person.password)).status).toBe(403);
    });
  });

  describe('who may read and manage people', () => {
    it('a manager reads the list but manages no one; other roles cannot even read it', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin', 'manager', 'fieldworker', 'clinician', 'trainer', 'evaluator', 'network']);
      const manager = await loggedIn(t, org, 'manager');
      const target = org.users.fieldworker!;

      const list = await manager.get(`/api/organisations/${org.orgId}/users`);
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(7);

      const writes: [string, string, unknown][] = [
        ['POST', `/api/organisations/${org.orgId}/users`, { username: uniqueName('qly').toLowerCase(), password: TEST_PASSWORD, roles: ['fieldworker'] }],
        ['POST', `/api/organisations/${org.orgId}/members`, { username: hub.users.admin!.username, roles: ['fieldworker'] }],
        ['PATCH', `/api/organisations/${org.orgId}/users/${target.userId}`, { roles: ['manager'] }],
        ['PATCH', `/api/organisations/${org.orgId}/users/${target.userId}`, { active: false }],
        ['POST', `/api/organisations/${org.orgId}/users/${target.userId}/reset-password`, {}],
      ];
      for (const [method, path, body] of writes) {
        const res = await manager.request(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      for (const role of ['fieldworker', 'clinician', 'trainer', 'evaluator', 'network']) {
        const c = await loggedIn(t, org, role);
        expect((await c.get(`/api/organisations/${org.orgId}/users`)).status, role).toBe(403);
        expect((await c.patch(`/api/organisations/${org.orgId}/users/${target.userId}`, { active: false })).status, role).toBe(403);
      }
      expect((await login(target.username, target.password)).body.organisations[0].roles).toEqual(['fieldworker']);
      expect((await manager.get(`/api/organisations/${org.orgId}/users`)).body).toEqual(list.body);
    });
  });
});
