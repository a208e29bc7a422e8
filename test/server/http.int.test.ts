import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/core/auth/roles.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { Client, seedOrg, startTestApp, TEST_PASSWORD, uniqueName, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

const BODY_LIMIT = 4096;

/** A stand-in for the built web app, so pages are served as in production. */
function fakeWebDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fieldlab-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html lang="vi"><title>Fieldlab</title><script type="module" src="/assets/app-1a2b3c.js"></script></html>');
  writeFileSync(path.join(dir, 'assets', 'app-1a2b3c.js'), 'console.log("fieldlab")');
  return dir;
}

async function raw(t: TestApp, method: string, url: string, init: { body?: BodyInit; headers?: Record<string, string>; duplex?: 'half' } = {}) {
  const res = await fetch(t.baseUrl + url, { method, headers: { 'accept-language': 'en', ...init.headers }, body: init.body, ...(init.duplex ? { duplex: init.duplex } : {}) } as RequestInit);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body };
}

/** Every error is `{ statusCode, code, message, field? }` with a message a person can read. */
function expectProblem(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
  expect(res.body.message.length).toBeGreaterThan(10);
}

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; additionalProperties?: unknown; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[] };

/** Paths of objects in a JSON schema that would take properties they do not name. */
function openObjects(schema: JsonSchema | undefined, at: string, out: string[] = []): string[] {
  if (!schema || typeof schema !== 'object') return out;
  const isObject = schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object')) || schema.properties !== undefined;
  if (isObject && schema.additionalProperties !== false) out.push(at);
  for (const [key, sub] of Object.entries(schema.properties ?? {})) openObjects(sub, `${at}.${key}`, out);
  if (schema.items) openObjects(schema.items, `${at}[]`, out);
  for (const list of [schema.anyOf, schema.oneOf, schema.allOf]) for (const sub of list ?? []) openObjects(sub, at, out);
  return out;
}

/**
 * Objects that knowingly take fields they do not name, and why. Nothing else may: an unknown field
 * is a typo or a client from another version, and silently dropping it loses what the person typed.
 */
const OPEN_ON_PURPOSE: Record<string, string> = {
  // DESIGN §4: a newer app's envelope must not make the whole batch fail and jam the queue; each
  // mutation's arguments are checked strictly on their own and rejected with a reason.
  'POST /api/sync/push body.mutations[]': 'sync envelope, forward-compatible',
  // A map from a split's id to its value: every key is checked against the indicator's breakdowns
  // and disaggregations by Dhis2Settings, and an unknown one is refused with the allowed list.
  'PUT /api/organisations/:orgId/dhis2/settings body.mapping.dataElements[].categories': 'DHIS2 row categories, keys checked',
  // Answers by question id: the test's own ids are the keys, and scoreTest ignores any other.
  'POST /api/public/registrations/:code/test/:phase body.answers': 'test answers by question id, unknown ids ignored',
};

describe.each(testDialects())('HTTP hardening on %s', (dialect) => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = fakeWebDir();
    t = await startTestApp(dialect, { bodyLimitBytes: BODY_LIMIT, webDir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  describe('security headers', () => {
    it('come with API answers, errors and pages alike', async () => {
      const answers = [
        await raw(t, 'GET', '/api/health'),
        await raw(t, 'GET', '/api/me'),
        await raw(t, 'GET', '/api/nope'),
        await raw(t, 'GET', '/'),
        await raw(t, 'GET', '/admin/users'),
        await raw(t, 'GET', '/assets/app-1a2b3c.js'),
      ];
      expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 200, 200, 200]);
      for (const res of answers) {
        const csp = res.headers.get('content-security-policy') ?? '';
        const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
        expect(directives['default-src']).toEqual(["'self'"]);
        expect(directives['script-src']).toEqual(["'self'"]);
        expect(directives['object-src']).toEqual(["'none'"]);
        expect(directives['frame-ancestors']).toEqual(["'none'"]);
        expect(directives['base-uri']).toEqual(["'self'"]);
        expect(directives['form-action']).toEqual(["'self'"]);
        expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(res.headers.get('x-powered-by')).toBeNull();
      }
    });

    it('keep API answers out of every cache, and let hashed assets be cached', async () => {
      const org = await seedOrg(t, 'community_organisation', ['manager']);
      const browser = new Client(t.baseUrl);
      await browser.login(org.users.manager!.username, TEST_PASSWORD);
      for (const url of ['/api/me', `/api/organisations/${org.orgId}/users`, '/api/health', '/api/nope']) {
        expect((await browser.get(url)).headers.get('cache-control'), url).toBe('no-store');
      }
      expect((await raw(t, 'GET', '/assets/app-1a2b3c.js')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await raw(t, 'GET', '/')).headers.get('cache-control')).toBe('no-cache');
    });
  });

  describe('writes from other websites', () => {
    it('are refused with a message when the Origin is foreign, before anything happens', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const login = JSON.stringify({ username: org.users.admin!.username, password: TEST_PASSWORD });
      for (const origin of ['https://evil.example', 'null', t.baseUrl.replace('http:', 'https:'), `${t.baseUrl}.evil.example`, t.baseUrl.replace('127.0.0.1', 'localhost')]) {
        const res = await raw(t, 'POST', '/api/auth/login', { body: login, headers: { 'content-type': 'application/json', origin } });
        expectProblem(res, 403, 'FOREIGN_ORIGIN');
        expect(res.body.message).toBe('The request came from another website and was refused.');
        expect(res.headers.get('set-cookie')).toBeNull();
      }
      // A browser that says the request is cross-site, even without an Origin.
      const crossSite = await raw(t, 'POST', '/api/auth/login', { body: login, headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' } });
      expectProblem(crossSite, 403, 'FOREIGN_ORIGIN');
      const vi = await raw(t, 'POST', '/api/auth/login', { body: login, headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'accept-language': 'vi' } });
      expect(vi.body.message).toBe('Yêu cầu đến từ một trang web khác nên bị từ chối.');

      // None of those logins happened or counted as failures.
      const failures = await t.ctx.db.kysely.selectFrom('login_failures').select('id').where('username', '=', org.users.admin!.username).execute();
      expect(failures).toEqual([]);
      expect(await t.ctx.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', org.users.admin!.userId).execute()).toEqual([]);

      // A logged-in administrator's browser tricked by another site changes nothing.
      const admin = new Client(t.baseUrl);
      await admin.login(org.users.admin!.username, TEST_PASSWORD);
      const foreign = { origin: 'https://evil.example' };
      const site = await admin.request('POST', `/api/organisations/${org.orgId}/sites`, { name: 'Điểm giả', kind: 'online', provinceId: 'ha-noi' }, foreign);
      expectProblem(site, 403, 'FOREIGN_ORIGIN');
      const rename = await admin.request('PATCH', `/api/organisations/${org.orgId}`, { name: 'Tên bị đổi' }, foreign);
      expectProblem(rename, 403, 'FOREIGN_ORIGIN');
      const logout = await admin.request('POST', '/api/auth/logout', {}, foreign);
      expectProblem(logout, 403, 'FOREIGN_ORIGIN');
      expect((await admin.get(`/api/organisations/${org.orgId}/sites`)).body).toEqual([]);
      expect((await admin.get(`/api/organisations/${org.orgId}`)).body.name).not.toBe('Tên bị đổi');
      expect((await admin.get('/api/me')).status).toBe(200);
    });

    it('are accepted from our own pages, and from tools that send no Origin', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const body = { username: org.users.admin!.username, password: TEST_PASSWORD };
      const own = await new Client(t.baseUrl).request('POST', '/api/auth/login', body, { origin: t.baseUrl, 'sec-fetch-site': 'same-origin' });
      expect(own.status).toBe(200);
      const tool = await new Client(t.baseUrl).request('POST', '/api/auth/login', body);
      expect(tool.status).toBe(200);
      // Reading is not refused: the cookie is SameSite=Strict and no CORS header lets another site read the answer.
      const read = await raw(t, 'GET', '/api/health', { headers: { origin: 'https://evil.example' } });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('bad input', () => {
    it('malformed JSON, an empty body or another media type get a 4xx with a message', async () => {
      const json = { 'content-type': 'application/json' };
      expectProblem(await raw(t, 'POST', '/api/auth/login', { body: '{"username": "a", ', headers: json }), 400, 'INVALID_JSON');
      expectProblem(await raw(t, 'POST', '/api/auth/login', { body: '', headers: json }), 400, 'INVALID_JSON');
      expectProblem(await raw(t, 'POST', '/api/auth/login', { body: "{'username': 'a'}", headers: json }), 400, 'INVALID_JSON');
      const text = await raw(t, 'POST', '/api/auth/login', { body: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expectProblem(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(text.body.message).toBe('Only application/json request bodies are accepted.');
      const plain = await raw(t, 'POST', '/api/auth/login', { body: '{"username":"a","password":"b"}', headers: { 'content-type': 'text/plain' } });
      expectProblem(plain, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const invalid = await raw(t, 'POST', '/api/auth/login', { body: '{"username": "a", ', headers: { ...json, 'accept-language': 'vi' } });
      expect(invalid.body.message).toBe('Nội dung gửi lên không phải JSON hợp lệ. Hãy kiểm tra lại dữ liệu.');
    });

    it('wrong types and values get a 400 naming the field, and never echo what was sent', async () => {
      const org = await seedOrg(t, 'network_hub', ['admin']);
      const admin = new Client(t.baseUrl);
      await admin.login(org.users.admin!.username, TEST_PASSWORD);

      const cases: [string, string, unknown, string][] = [
        ['POST', '/api/auth/login', { username: 42, password: 'x' }, 'username'],
        ['POST', '/api/auth/login', { username: 'a', password: ['x'] }, 'password'],
        ['POST', '/api/auth/login', { username: 'a', password: 'x', totp: '12ab56' }, 'totp'],
        ['POST', '/api/auth/login', [], 'body'],
        ['PATCH', '/api/me', { lang: 'Nguyễn Thị Bông' }, 'lang'],
        ['POST', `/api/organisations/${org.orgId}/users`, { username: 'co-be', password: TEST_PASSWORD, roles: ['admin', 'boss'] }, 'roles.1'],
        ['POST', `/api/organisations/${org.orgId}/users`, { username: 'Tên Có Dấu', password: TEST_PASSWORD, roles: ['admin'] }, 'username'],
        ['POST', `/api/organisations/${org.orgId}/sites`, { name: 'Điểm A', kind: 'online', provinceId: 'ha-tay' }, 'provinceId'],
        ['POST', '/api/organisations', { name: 'X', kind: 'community_organisation' }, 'name'],
        ['PATCH', `/api/organisations/${org.orgId}`, { timeZone: 'Mars/Olympus' }, 'timeZone'],
        ['GET', '/api/organisations/not-a-uuid', undefined, 'params.orgId'],
      ];
      for (const [method, url, body, field] of cases) {
        const res = await admin.request(method, url, body);
        expect(res.status, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
        expect(res.body, `${method} ${url}`).toMatchObject({ code: 'VALIDATION', field });
        expect(res.body.message).toContain(`"${field}"`);
        expect(res.body.message).not.toMatch(/Nguyễn|boss|Tên Có Dấu|ha-tay|Mars|not-a-uuid|violet-kettle/);
      }
    });

    it('unknown fields get a 400 naming the field', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = new Client(t.baseUrl);
      const login = await admin.post('/api/auth/login', { username: org.users.admin!.username, password: TEST_PASSWORD, remember: true });
      expectProblem(login, 400, 'VALIDATION');
      expect(login.body.field).toBe('remember');
      expect(login.body.message).toBe('Please check the field "remember": this field is not allowed');
      await admin.login(org.users.admin!.username, TEST_PASSWORD);

      const create = await admin.post(`/api/organisations/${org.orgId}/users`, { username: 'nguoi-moi', password: TEST_PASSWORD, roles: ['fieldworker'], isAdmin: true });
      expect(create.body).toMatchObject({ code: 'VALIDATION', field: 'isAdmin' });
      const edit = await admin.patch(`/api/organisations/${org.orgId}/users/${org.users.admin!.userId}`, { displayName: 'Anh Tùng', password: 'x' });
      expect(edit.body).toMatchObject({ code: 'VALIDATION', field: 'password' });
      const orgEdit = await admin.patch(`/api/organisations/${org.orgId}`, { name: 'Tên mới', id: org.orgId });
      expect(orgEdit.body).toMatchObject({ code: 'VALIDATION', field: 'id' });
      const vi = await new Client(t.baseUrl, 'vi').post('/api/auth/login', { username: 'a', password: 'b', extra: 1 });
      expect(vi.body.message).toBe('Thông tin chưa đúng ở trường "extra": trường này không được phép');
      // Nothing of it was kept.
      const users = await admin.get(`/api/organisations/${org.orgId}/users`);
      expect(users.body.map((u: { username: string }) => u.username)).toEqual([org.users.admin!.username]);
      expect(users.body[0].displayName).toBeNull();
    });

    it('every request body the API takes refuses fields it does not name', async () => {
      const doc = t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> };
      const open: string[] = [];
      let bodies = 0;
      for (const [url, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          const schema = op.requestBody?.content['application/json']?.schema;
          if (!schema) continue;
          bodies += 1;
          open.push(...openObjects(schema, `${method.toUpperCase()} ${url.replace(/\{(\w+)\}/g, ':$1')} body`));
        }
      }
      expect(bodies).toBeGreaterThanOrEqual(14);
      expect(open.filter((where) => !(where in OPEN_ON_PURPOSE))).toEqual([]);
    });

    it('a body over the limit gets 413 with the limit in the message, however it is sent', async () => {
      const big = JSON.stringify({ username: 'a', password: 'x'.repeat(BODY_LIMIT) });
      const declared = await raw(t, 'POST', '/api/auth/login', { body: big, headers: { 'content-type': 'application/json' } });
      expectProblem(declared, 413, 'PAYLOAD_TOO_LARGE');
      expect(declared.body.message).toBe('The request is too large (limit 4 KB). Send less at a time.');

      // Chunked, without a Content-Length: counted as it arrives.
      const bytes = new TextEncoder().encode(big);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
          controller.close();
        },
      });
      const chunked = await raw(t, 'POST', '/api/auth/login', { body: stream, headers: { 'content-type': 'application/json' }, duplex: 'half' });
      expectProblem(chunked, 413, 'PAYLOAD_TOO_LARGE');

      // Just under the limit is read (and then judged on its content).
      const fits = JSON.stringify({ username: 'a', password: 'x'.repeat(150) });
      expect((await raw(t, 'POST', '/api/auth/login', { body: fits, headers: { 'content-type': 'application/json' } })).status).toBe(401);
    });

    it('an unknown API address or method gets 404 with a message; pages are left to the web app', async () => {
      const nope = await raw(t, 'GET', '/api/nope?phone=0000111222');
      expectProblem(nope, 404, 'ROUTE_NOT_FOUND');
      expect(nope.body.message).toBe('There is no GET /api/nope in the API. See /api/docs for the list.');
      expect(nope.body.message).not.toContain('0000111222');
      expectProblem(await raw(t, 'POST', '/api/nope', { body: '{}', headers: { 'content-type': 'application/json' } }), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await raw(t, 'DELETE', '/api/health'), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await raw(t, 'PUT', '/api/me', { body: '{}', headers: { 'content-type': 'application/json' } }), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await raw(t, 'POST', '/admin/users', { body: '{}', headers: { 'content-type': 'application/json' } }), 404, 'ROUTE_NOT_FOUND');
      const page = await raw(t, 'GET', '/clients/019b0000-0000-7000-8000-000000000000');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    });
  });

  // Every route with malformed input: on a loaded two-core machine this passed 60 s once issue #7's routes came.
  it('no malformed request to any route gets a 500', async () => {
    // Someone who can reach every route: every role in one organisation, and the hub's administrator.
    const hub = await seedOrg(t, 'network_hub', ['admin']);
    const org = await seedOrg(t, 'community_organisation', ['admin']);
    const username = uniqueName('moi-vai').toLowerCase();
    const roles = [...ROLES.map((role: Role) => ({ orgId: org.orgId, role })), { orgId: hub.orgId, role: 'admin' as Role }];
    await asSystem(t.ctx.db.kysely, (tx) => insertUser(tx, t.ctx.crypto, { username, displayName: null, password: TEST_PASSWORD, lang: 'vi', roles }));
    const everyone = new Client(t.baseUrl);
    await everyone.login(username, TEST_PASSWORD);
    const anonymous = new Client(t.baseUrl);

    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const badBodies = ['{"a":', '[]', 'null', '"text"', '12', '{}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}', JSON.stringify({ x: 'y'.repeat(3000) }), '{"orgId":"' + org.orgId + '","name":{"$ne":null},"username":["a"],"roles":"admin","mutations":[{}]}'];
    const fills = [
      (name: string) => (name === 'orgId' ? org.orgId : '019b0000-0000-7000-8000-000000000000'),
      () => 'not-a-uuid',
      () => '..%2F..%2Fetc%2Fpasswd',
    ];
    let requests = 0;
    const failures: string[] = [];
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops).map((m) => m.toUpperCase())) {
        if (template === '/api/auth/logout') continue;
        for (const fill of fills) {
          const url = template.replace(/\{(\w+)\}/g, (_, name: string) => fill(name));
          const bodies = method === 'GET' ? [undefined] : badBodies;
          for (const client of [everyone, anonymous]) {
            for (const body of bodies) {
              const query = method === 'GET' ? '?orgId=nope&cookie=-1&limit=abc&uic=%00' : '';
              const res = await client.request(method, url + query, body, body === undefined ? {} : { 'content-type': 'application/json' });
              requests += 1;
              if (res.status >= 500 || (res.status >= 400 && (typeof res.body?.code !== 'string' || typeof res.body?.message !== 'string'))) {
                failures.push(`${method} ${url} ${body ?? ''} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
              }
            }
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(300);
    expect(failures).toEqual([]);
    // The session survived all of it.
    expect((await everyone.get('/api/me')).status).toBe(200);
  }, 180_000);

  describe('nothing is half-written', () => {
    it('a person with a role in an organisation that does not exist is not created at all', async () => {
      const hub = await seedOrg(t, 'network_hub', ['admin']);
      const admin = new Client(t.baseUrl);
      await admin.login(hub.users.admin!.username, TEST_PASSWORD);
      const username = uniqueName('ma').toLowerCase();
      const res = await admin.post('/api/organisations/019b0000-0000-7000-8000-00000000dead/users', { username, password: TEST_PASSWORD, roles: ['fieldworker'] });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(typeof res.body.message).toBe('string');
      expect(await t.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', username).execute()).toEqual([]);
    });

    it('a refused edit leaves every part of the person as it was, and writes no audit row', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = new Client(t.baseUrl);
      await admin.login(org.users.admin!.username, TEST_PASSWORD);
      const auditBefore = await t.ctx.db.kysely.selectFrom('audit_log').select('seq').where('org_id', '=', org.orgId).execute();
      // Renaming and dropping the only administrator's role in one request: the role change is refused, so the rename is too.
      const res = await admin.patch(`/api/organisations/${org.orgId}/users/${org.users.admin!.userId}`, { displayName: 'Anh Tùng', lang: 'en', roles: ['manager'] });
      expectProblem(res, 422, 'LAST_ADMIN');
      const me = (await admin.get('/api/me')).body;
      expect(me.user).toMatchObject({ displayName: null, lang: 'vi', roles: [{ orgId: org.orgId, role: 'admin' }] });
      const auditAfter = await t.ctx.db.kysely.selectFrom('audit_log').select('seq').where('org_id', '=', org.orgId).execute();
      expect(auditAfter).toEqual(auditBefore);
    });

    it('a taken username or a weak password creates nobody', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin', 'fieldworker']);
      const admin = new Client(t.baseUrl);
      await admin.login(org.users.admin!.username, TEST_PASSWORD);
      const taken = await admin.post(`/api/organisations/${org.orgId}/users`, { username: org.users.fieldworker!.username, displayName: 'Chị Hoa', password: TEST_PASSWORD, roles: ['manager'] });
      expectProblem(taken, 409, 'USERNAME_TAKEN');
      const weak = await admin.post(`/api/organisations/${org.orgId}/users`, { username: uniqueName('yeu').toLowerCase(), password: 'matkhau123', roles: ['manager'] });
      expectProblem(weak, 400, 'PASSWORD_TOO_WEAK');
      const users = (await admin.get(`/api/organisations/${org.orgId}/users`)).body as { username: string; roles: { role: string }[] }[];
      expect(users.map((u) => u.username).sort()).toEqual([org.users.admin!.username, org.users.fieldworker!.username].sort());
      expect(users.find((u) => u.username === org.users.fieldworker!.username)!.roles.map((r) => r.role)).toEqual(['fieldworker']);
    });
  });
});
