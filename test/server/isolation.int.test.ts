import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/core/auth/roles.ts';
import { Client, seedOrg, startTestApp, TEST_PASSWORD, uniqueName, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

const OTHER_ID = '01900000-0000-7000-8000-0000000000ee';

/**
 * Organisation isolation through the API: people of organisation A, whatever their roles, can
 * neither read nor change organisation B, whether they name B in the path or smuggle B's ids
 * into A's routes. After every attempt B's data, read back by B, is exactly as it was.
 */
describe.each(testDialects())('organisation isolation over HTTP on %s', (dialect) => {
  let t: TestApp;
  let a: SeededOrg;
  let b: SeededOrg;
  let clientsOfA: Record<string, Client>;
  let adminB: Client;
  let siteA: { id: string };
  let siteB: { id: string; name: string };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    a = await seedOrg(t, 'community_organisation', [...ROLES]);
    b = await seedOrg(t, 'community_organisation', ['admin', 'manager', 'fieldworker']);
    clientsOfA = {};
    for (const role of ROLES) {
      clientsOfA[role] = new Client(t.baseUrl);
      await clientsOfA[role].login(a.users[role]!.username, a.users[role]!.password);
    }
    adminB = new Client(t.baseUrl);
    await adminB.login(b.users.admin!.username, b.users.admin!.password);
    siteB = (await adminB.post(`/api/organisations/${b.orgId}/sites`, { name: 'Điểm của B', kind: 'drop_in_centre', provinceId: 'hai-phong' })).body;
    siteA = (await clientsOfA.admin!.post(`/api/organisations/${a.orgId}/sites`, { name: 'Điểm của A', kind: 'online', provinceId: 'ha-noi' })).body;
    expect(siteB.id).toBeTruthy();
    expect(siteA.id).toBeTruthy();
  });
  afterAll(async () => t?.close());

  /** Everything B can see of itself, and how long its audit chain is. */
  async function snapshotOfB() {
    const org = await adminB.get(`/api/organisations/${b.orgId}`);
    const sites = await adminB.get(`/api/organisations/${b.orgId}/sites`);
    const users = await adminB.get(`/api/organisations/${b.orgId}/users`);
    expect([org.status, sites.status, users.status]).toEqual([200, 200, 200]);
    const audit = await t.ctx.db.kysely.selectFrom('audit_log').select(['seq', 'hash']).where('org_id', '=', b.orgId).orderBy('seq').execute();
    const passwords = await t.ctx.db.kysely.selectFrom('users').select(['id', 'password_hash', 'active']).where('id', 'in', Object.values(b.users).map((u) => u.userId)).orderBy('id').execute();
    return { org: org.body, sites: sites.body, users: users.body, audit, passwords };
  }

  /** Every operation of the API whose path names an organisation, from its own OpenAPI document. */
  async function orgScopedOperations(): Promise<{ method: string; path: string }[]> {
    const doc = (await new Client(t.baseUrl).get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const ops: { method: string; path: string }[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.includes('{orgId}')) continue;
      for (const method of Object.keys(methods)) ops.push({ method: method.toUpperCase(), path });
    }
    return ops;
  }

  it('knows the organisation routes of the foundation (so the sweep below cannot silently shrink)', async () => {
    const ops = (await orgScopedOperations()).map((o) => `${o.method} ${o.path}`);
    expect(ops).toEqual(
      expect.arrayContaining([
        'GET /api/organisations/{orgId}',
        'PATCH /api/organisations/{orgId}',
        'GET /api/organisations/{orgId}/sites',
        'POST /api/organisations/{orgId}/sites',
        'PATCH /api/organisations/{orgId}/sites/{siteId}',
        'GET /api/organisations/{orgId}/users',
        'POST /api/organisations/{orgId}/users',
        'POST /api/organisations/{orgId}/members',
        'PATCH /api/organisations/{orgId}/users/{userId}',
        'POST /api/organisations/{orgId}/users/{userId}/reset-password',
      ]),
    );
  });

  it.each(ROLES)('a %s of A gets 403 from every route that names B, and B is unchanged', async (role) => {
    const before = await snapshotOfB();
    const c = clientsOfA[role]!;
    const bodies: Record<string, unknown> = {
      'PATCH /api/organisations/{orgId}': { name: uniqueName('Đổi tên B') },
      'POST /api/organisations/{orgId}/sites': { name: 'Điểm lén', kind: 'online', provinceId: 'ha-noi' },
      'PATCH /api/organisations/{orgId}/sites/{siteId}': { active: false },
      'POST /api/organisations/{orgId}/users': { username: uniqueName('len').toLowerCase(), password: TEST_PASSWORD, roles: ['admin'] },
      'POST /api/organisations/{orgId}/members': { username: a.users[role]!.username, roles: ['admin'] },
      'PATCH /api/organisations/{orgId}/users/{userId}': { active: false, roles: ['admin'] },
    };
    for (const { method, path } of await orgScopedOperations()) {
      const url = path
        .replace('{orgId}', b.orgId)
        .replace('{siteId}', siteB.id)
        .replace('{userId}', b.users.manager!.userId)
        .replace(/\{\w+\}/g, OTHER_ID);
      const body = method === 'GET' ? undefined : (bodies[`${method} ${path}`] ?? {});
      const res = await c.request(method, url, body);
      expect(res.status, `${role}: ${method} ${url}`).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      // The refusal carries no data of B.
      expect(JSON.stringify(res.body)).not.toContain(siteB.name);
    }
    expect(await snapshotOfB()).toEqual(before);
  });

  it('shows A’s people nothing of B in the lists that are not scoped by path', async () => {
    for (const role of ROLES) {
      const orgs = (await clientsOfA[role]!.get('/api/organisations')).body as { id: string }[];
      expect(orgs.map((o) => o.id), role).toEqual([a.orgId]);
      const me = (await clientsOfA[role]!.get('/api/me')).body;
      expect(me.organisations.map((o: { id: string }) => o.id)).toEqual([a.orgId]);
    }
  });

  it('answers 404 when B’s site or person is smuggled into A’s routes, and changes nothing', async () => {
    const before = await snapshotOfB();
    const admin = clientsOfA.admin!;
    const attempts: [string, string, unknown][] = [
      ['PATCH', `/api/organisations/${a.orgId}/sites/${siteB.id}`, { name: 'Chiếm điểm', active: false }],
      ['PATCH', `/api/organisations/${a.orgId}/sites/${siteB.id}`, { provinceId: 'hue' }],
      ['PATCH', `/api/organisations/${a.orgId}/users/${b.users.manager!.userId}`, { roles: ['fieldworker'] }],
      ['PATCH', `/api/organisations/${a.orgId}/users/${b.users.manager!.userId}`, { displayName: 'Đổi tên', lang: 'en' }],
      ['PATCH', `/api/organisations/${a.orgId}/users/${b.users.manager!.userId}`, { active: false }],
      ['PATCH', `/api/organisations/${a.orgId}/users/${b.users.admin!.userId}`, { roles: [] }],
      ['POST', `/api/organisations/${a.orgId}/users/${b.users.fieldworker!.userId}/reset-password`, {}],
    ];
    for (const [method, path, body] of attempts) {
      const res = await admin.request(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    // A's manager and fieldworker fare no better: they lack the permission even in A.
    for (const role of ['manager', 'fieldworker']) {
      const res = await clientsOfA[role]!.patch(`/api/organisations/${a.orgId}/sites/${siteB.id}`, { active: false });
      expect(res.status).toBe(403);
    }
    expect(await snapshotOfB()).toEqual(before);
    // B's people still log in with their own passwords.
    expect((await new Client(t.baseUrl).post('/api/auth/login', { username: b.users.fieldworker!.username, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('keeps A’s own site out of B’s reach the same way (the check is symmetric)', async () => {
    const res = await adminB.patch(`/api/organisations/${b.orgId}/sites/${siteA.id}`, { name: 'Chiếm lại' });
    expect(res.status).toBe(404);
    const sitesOfA = (await clientsOfA.admin!.get(`/api/organisations/${a.orgId}/sites`)).body as { id: string; name: string }[];
    expect(sitesOfA.find((s) => s.id === siteA.id)?.name).toBe('Điểm của A');
  });

  it('refuses everything to someone not logged in', async () => {
    const anonymous = new Client(t.baseUrl);
    for (const { method, path } of await orgScopedOperations()) {
      const url = path.replace('{orgId}', b.orgId).replace(/\{\w+\}/g, OTHER_ID);
      const res = await anonymous.request(method, url, method === 'GET' ? undefined : {});
      expect(res.status, `${method} ${url}`).toBe(401);
    }
  });
});
