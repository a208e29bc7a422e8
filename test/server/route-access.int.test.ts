import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES, type Permission } from '../../src/core/auth/roles.ts';
import { buildApp } from '../../src/server/app.ts';
import { Client, seedOrg, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

interface RouteEntry {
  method: string;
  url: string;
  access: string | undefined;
}

/** Builds the real app once more, on the same database, noting every route as it is registered. */
async function routeTable(t: TestApp): Promise<RouteEntry[]> {
  const seen: RouteEntry[] = [];
  const app = await buildApp(t.ctx, {
    logger: false,
    serveWeb: false,
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat()) seen.push({ method, url: route.url, access: route.config?.access });
    },
  });
  await app.ready();
  await app.close();
  return seen;
}

const ANY_UUID = '019b0000-0000-7000-8000-0000000000aa';
const fill = (url: string, orgId: string) => url.replace(/:(\w+)/g, (_, name: string) => (name === 'orgId' ? orgId : ANY_UUID));

describe.each(testDialects())('every route declares who may use it, on %s', (dialect) => {
  let t: TestApp;
  let routes: RouteEntry[];
  beforeAll(async () => {
    t = await startTestApp(dialect);
    routes = await routeTable(t);
  });
  afterAll(async () => t?.close());

  it('the route table is what a reviewer last approved (update with `vitest -u` and read the diff)', async () => {
    expect(routes.length).toBeGreaterThan(20);
    const lines = routes
      .filter((r) => r.method !== 'HEAD')
      .map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(60)} ${r.access ?? '(none: not part of the API)'}`)
      .sort();
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('__snapshots__/route-table.txt');
  });

  it('every API route declares an access rule the server knows', () => {
    const known = new Set<string>(['public', 'authenticated', ...PERMISSIONS]);
    const api = routes.filter((r) => r.url.startsWith('/api/'));
    expect(api.filter((r) => !r.access || !known.has(r.access))).toEqual([]);
    // HEAD routes made for GET routes carry the same rule.
    for (const head of api.filter((r) => r.method === 'HEAD')) {
      const get = api.find((r) => r.method === 'GET' && r.url === head.url);
      if (get) expect(head.access, head.url).toBe(get.access);
    }
    // The only public doors are the ones a stranger needs.
    const publicRoutes = api.filter((r) => r.access === 'public' && r.method !== 'HEAD' && !r.url.startsWith('/api/docs')).map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual(
      [
        'GET /api/health',
        'GET /api/openapi.json',
        'GET /api/provinces',
        'GET /api/setup',
        'POST /api/setup',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        // The public events pages (issue #7 §2): the listing, an event, registering, the confirmation by its code.
        'GET /api/public/events',
        'GET /api/public/events/:eventId',
        'POST /api/public/events/:eventId/registrations',
        'GET /api/public/registrations/:code',
        'POST /api/public/registrations/:code/cancel',
        // Courses (issue #7 §2): the participant's tests and certificate by registration code, and certificate verification.
        'GET /api/public/registrations/:code/training',
        'GET /api/public/registrations/:code/test/:phase',
        'POST /api/public/registrations/:code/test/:phase',
        'GET /api/public/registrations/:code/certificate',
        'GET /api/public/certificates/:code',
      ].sort(),
    );
  });

  it('a route without an access rule, or with a misspelt one, stops the server from starting', async () => {
    const app = await buildApp(t.ctx, { logger: false, serveWeb: false });
    try {
      expect(() => app.get('/api/leak', async () => ({ everything: true }))).toThrow('Route GET /api/leak declares no access rule (config.access)');
      expect(() => app.post('/api/organisations/:orgId/leak', { config: {} }, async () => ({}))).toThrow(/declares no access rule/);
      expect(() => app.get('/api/typo', { config: { access: 'user.mange' as Permission } }, async () => ({}))).toThrow('Route GET /api/typo declares an unknown access rule "user.mange"');
      // Outside the API (the web app's files) no rule is needed; inside, an explicit one is accepted.
      expect(() => app.get('/robots.txt', async () => 'User-agent: *')).not.toThrow();
      expect(() => app.get('/api/ok', { config: { access: 'public' } }, async () => ({ ok: true }))).not.toThrow();
      await app.ready();
    } finally {
      await app.close();
    }
  });

  it('every route that is not public answers 401 to someone not logged in, before reading their input', async () => {
    const org = await seedOrg(t, 'community_organisation', ['admin']);
    const anonymous = new Client(t.baseUrl);
    const closed = routes.filter((r) => r.url.startsWith('/api/') && r.access !== 'public');
    expect(closed.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    for (const route of closed) {
      const url = fill(route.url, org.orgId);
      const body = route.method === 'GET' || route.method === 'HEAD' ? undefined : { anything: 'at all' };
      const res = await anonymous.request(route.method, url, body);
      const ok = res.status === 401 && (route.method === 'HEAD' || res.body?.code === 'UNAUTHENTICATED');
      if (!ok) wrong.push(`${route.method} ${route.url} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every route that needs a permission refuses, with 403, each role that lacks it', async () => {
    const org = await seedOrg(t, 'community_organisation', [...ROLES]);
    const guarded = routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && (PERMISSIONS as readonly string[]).includes(r.access ?? ''));
    expect(guarded.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const role of ROLES) {
      const person = new Client(t.baseUrl);
      await person.login(org.users[role]!.username, TEST_PASSWORD);
      const memberships = [{ orgId: org.orgId, orgKind: 'community_organisation', role }];
      for (const route of guarded) {
        const allowed = can(memberships, route.access as Permission, org.orgId);
        const url = fill(route.url, org.orgId);
        // A role that may pass gets past the door, and is then mostly stopped by validation (400) or
        // a record that does not exist (404): this checks the door, not the work behind it.
        const body = route.method === 'GET' ? undefined : { unknownField: true };
        const res = await person.request(route.method, route.url.includes('/sync/pull') ? `${url}?orgId=${org.orgId}&cookie=0` : url, body);
        const refused = res.status === 403 && res.body?.code === 'FORBIDDEN';
        if (refused === allowed) wrong.push(`${role} ${route.method} ${route.url} (${route.access}) → ${res.status} ${res.body?.code}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
