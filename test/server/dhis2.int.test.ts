import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/server/app.ts';
import { verifyAudit } from '../../src/server/audit/log.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { loggedIn, seedOrg, startTestApp, type Client, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { addClient, addContact, seedReportingOrg, type ReportingOrg } from '../helpers/indicators.ts';

/** An invented DHIS2 account; the password must never come back in any answer or audit row. */
const DHIS2_USER = 'fieldlab-sync';
const DHIS2_PASSWORD = 'quiet-lantern-orchard-57';
const DE_REACHED = 'deReached01';
const DE_REACHED_SEX = 'deReachSex1';
const COC_MALE = 'cocMale0001';
const OU_A = 'ouOrgA00001';
const OU_B1 = 'ouSiteB0001';

interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

/**
 * A stand-in for a DHIS2 server: records what it receives and answers like DHIS2 2.38+ (an import
 * summary wrapped in a web message), or with 401 for a wrong password, or with a 409 and conflicts.
 */
class FakeDhis2 {
  received: Received[] = [];
  mode: 'ok' | 'conflict' = 'ok';
  private server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const text = Buffer.concat(chunks).toString('utf8');
    this.received.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, contentType: req.headers['content-type'], body: text ? JSON.parse(text) : null });
    const expected = `Basic ${Buffer.from(`${DHIS2_USER}:${DHIS2_PASSWORD}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ httpStatus: 'Unauthorized', httpStatusCode: 401, status: 'ERROR', message: 'Unauthorized' }));
      return;
    }
    const n = ((text ? JSON.parse(text) : { dataValues: [] }) as { dataValues: unknown[] }).dataValues.length;
    if (this.mode === 'conflict') {
      res.writeHead(409, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          httpStatus: 'Conflict',
          httpStatusCode: 409,
          status: 'ERROR',
          message: 'One more conflicts encountered, please check import summary.',
          response: {
            responseType: 'ImportSummary',
            status: 'WARNING',
            importCount: { imported: n - 1, updated: 0, ignored: 1, deleted: 0 },
            conflicts: [{ objects: { orgUnit: OU_B1 }, value: 'Organisation unit not in hierarchy of current user', errorCode: 'E7617' }],
          },
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        httpStatus: 'OK',
        httpStatusCode: 200,
        status: 'OK',
        message: 'Import was successful.',
        response: { responseType: 'ImportSummary', status: 'SUCCESS', importCount: { imported: n, updated: 0, ignored: 0, deleted: 0 }, conflicts: [] },
      }),
    );
  }
}

/** Every line the server logs, as it would reach stdout. */
class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString('utf8');
    done();
  }
}

describe.each(testDialects())('DHIS2 mapping, payload and sending on %s', (dialect) => {
  const logs = new LogCapture();
  let t: TestApp;
  let fake: FakeDhis2;
  let fakeUrl: string;
  let orgA: ReportingOrg;
  let orgB: ReportingOrg;

  beforeAll(async () => {
    // The most talkative level, so that the last test can say the password never reached a log.
    t = await startTestApp(dialect, {}, { logger: { ...(loggerOptions('trace') as object), stream: logs } });
    fake = new FakeDhis2();
    fakeUrl = await fake.start();
    // Two member organisations with invented clients. November 2026, Vietnam time.
    orgA = await seedReportingOrg(t);
    orgB = await seedReportingOrg(t);
    const m1 = await addClient(t, orgA, { sexAtBirth: 'M' });
    const f1 = await addClient(t, orgA, { sexAtBirth: 'F' });
    const m2 = await addClient(t, orgA, { sexAtBirth: 'M' });
    await addContact(t, orgA, m1, { at: '2026-11-10T03:00:00Z' });
    await addContact(t, orgA, m1, { at: '2026-11-20T03:00:00Z' });
    await addContact(t, orgA, f1, { at: '2026-11-12T03:00:00Z' });
    // 30 November 23:30 in Hà Nội is still November (UTC says 16:30).
    await addContact(t, orgA, m2, { at: '2026-10-31T16:30:00Z' });
    const b1 = await addClient(t, orgB, { sexAtBirth: 'F' });
    const b2 = await addClient(t, orgB, { sexAtBirth: 'M', site: 1 });
    await addContact(t, orgB, b1, { at: '2026-11-03T03:00:00Z', site: 0 });
    await addContact(t, orgB, b2, { at: '2026-11-04T03:00:00Z', site: 1 });
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  const settingsUrl = (hub: SeededOrg) => `/api/organisations/${hub.orgId}/dhis2/settings`;
  const mapping = (periodKind = 'month') => ({
    periodKind,
    dataElements: [
      { indicatorId: 'people_reached', dataElement: DE_REACHED },
      { indicatorId: 'people_reached', categories: { sex_at_birth: 'M' }, dataElement: DE_REACHED_SEX, categoryOptionCombo: COC_MALE },
    ],
    orgUnits: [
      { orgId: orgA.orgId, orgUnit: OU_A },
      { orgId: orgB.orgId, siteId: orgB.siteIds[0], orgUnit: OU_B1 },
    ],
  });

  async function hubWith(settings: Record<string, unknown> = {}): Promise<{ hub: SeededOrg; admin: Client; saved: { status: number; body: any } }> {
    const hub = await seedOrg(t, 'network_hub', ['admin', 'manager']);
    const admin = await loggedIn(t, hub, 'admin');
    const saved = await admin.request('PUT', settingsUrl(hub), { baseUrl: fakeUrl, username: DHIS2_USER, password: DHIS2_PASSWORD, mapping: mapping(), ...settings });
    return { hub, admin, saved };
  }

  it('saves the settings without ever returning the password, and builds the payload with exact counts per org unit', async () => {
    const { hub, admin, saved } = await hubWith();
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ baseUrl: fakeUrl, username: DHIS2_USER, hasPassword: true, version: 1 });
    expect(saved.body).not.toHaveProperty('password');
    expect(saved.body.organisations.find((o: { id: string }) => o.id === orgB.orgId).sites.map((s: { id: string }) => s.id).sort()).toEqual([...orgB.siteIds].sort());

    // An empty password keeps the saved one.
    const kept = await admin.request('PUT', settingsUrl(hub), { baseUrl: fakeUrl, username: DHIS2_USER, password: '', mapping: mapping() });
    expect(kept.body).toMatchObject({ hasPassword: true, version: 2 });
    const stored = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('dhis2_settings').selectAll().where('org_id', '=', hub.orgId).executeTakeFirstOrThrow());
    expect(stored.password_enc).toMatch(/^v1:/);
    expect(t.ctx.crypto.decrypt(stored.password_enc!)).toBe(DHIS2_PASSWORD);

    const payload = await admin.get(`/api/organisations/${hub.orgId}/dhis2/payload?period=2026-11`);
    expect(payload.status).toBe(200);
    expect(payload.body).toEqual({
      dataValues: [
        { dataElement: DE_REACHED, period: '202611', orgUnit: OU_A, value: '2' },
        { dataElement: DE_REACHED, period: '202611', orgUnit: OU_B1, value: '1' },
        { dataElement: DE_REACHED_SEX, period: '202611', orgUnit: OU_A, categoryOptionCombo: COC_MALE, value: '1' },
        // Organisation B's first site saw only a woman: a true zero, sent.
        { dataElement: DE_REACHED_SEX, period: '202611', orgUnit: OU_B1, categoryOptionCombo: COC_MALE, value: '0' },
      ],
    });
    const download = await admin.get(`/api/organisations/${hub.orgId}/dhis2/payload?period=2026-11&download=1`);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="fieldlab-dhis2-2026-11.json"');
    for (const res of [saved, kept, payload]) expect(JSON.stringify(res.body)).not.toContain(DHIS2_PASSWORD);
  });

  it('dry-runs first, sends with basic auth and the dryRun parameter, refuses a real send before a clean dry run of the same settings, and keeps the history', async () => {
    const { hub, admin } = await hubWith();
    const send = (period: string, dryRun: boolean) => admin.post(`/api/organisations/${hub.orgId}/dhis2/send`, { period, dryRun });
    const before = fake.received.length;

    const tooSoon = await send('2026-11', false);
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.code).toBe('DHIS2_DRY_RUN_FIRST');
    expect(tooSoon.body.message).toMatch(/dry run of 2026-11/);
    expect(fake.received.length).toBe(before);

    const dry = await send('2026-11', true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ period: '2026-11', dryRun: true, settingsVersion: 1, status: 'success', httpStatus: 200, valuesSent: 4, reason: null, import: { status: 'success', imported: 4, conflicts: [] } });
    const got = fake.received.at(-1)!;
    expect(got.method).toBe('POST');
    expect(got.path).toBe('/api/dataValueSets');
    expect(got.query.get('dryRun')).toBe('true');
    expect(got.query.get('importStrategy')).toBe('CREATE_AND_UPDATE');
    expect(got.authorization).toBe(`Basic ${Buffer.from(`${DHIS2_USER}:${DHIS2_PASSWORD}`).toString('base64')}`);
    expect(got.contentType).toBe('application/json');
    expect(got.body).toEqual((await admin.get(`/api/organisations/${hub.orgId}/dhis2/payload?period=2026-11`)).body);

    // A dry run of another month does not open October.
    expect((await send('2026-10', false)).body.code).toBe('DHIS2_DRY_RUN_FIRST');
    const real = await send('2026-11', false);
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ dryRun: false, status: 'success' });
    expect(fake.received.at(-1)!.query.get('dryRun')).toBe('false');

    // New settings, new version: the dry run must be done again.
    await admin.request('PUT', settingsUrl(hub), { baseUrl: fakeUrl, username: DHIS2_USER, mapping: mapping() });
    expect((await send('2026-11', false)).body.code).toBe('DHIS2_DRY_RUN_FIRST');

    const history = await admin.get(`/api/organisations/${hub.orgId}/dhis2/sends`);
    expect(history.status).toBe(200);
    expect(history.body.map((s: { dryRun: boolean; status: string }) => [s.dryRun, s.status])).toEqual([
      [false, 'success'],
      [true, 'success'],
    ]);
    for (const res of [dry, real, history]) expect(JSON.stringify(res.body)).not.toContain(DHIS2_PASSWORD);

    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').selectAll().where('org_id', '=', hub.orgId).orderBy('seq').execute());
    expect(audit.map((a) => a.action)).toEqual(['dhis2.settings.update', 'dhis2.dry_run', 'dhis2.payload.read', 'dhis2.send', 'dhis2.settings.update']);
    expect(JSON.stringify(audit)).not.toContain(DHIS2_PASSWORD);
    expect((await asSystem(t.ctx.db.kysely, (tx) => verifyAudit(tx))).firstBreak).toBeNull();
  });

  it('records an unreachable server as unreachable, and a wrong password as refused by DHIS2, without a 500', async () => {
    const closed = new FakeDhis2();
    const closedUrl = await closed.start();
    await closed.close();
    const { hub, admin } = await hubWith({ baseUrl: closedUrl });
    const unreachable = await admin.post(`/api/organisations/${hub.orgId}/dhis2/send`, { period: '2026-11', dryRun: true });
    expect(unreachable.status).toBe(200);
    expect(unreachable.body).toMatchObject({ status: 'unreachable', reason: 'unreachable', httpStatus: null, import: null });

    const wrong = await admin.request('PUT', settingsUrl(hub), { baseUrl: fakeUrl, username: DHIS2_USER, password: 'not-the-password', mapping: mapping() });
    expect(wrong.status).toBe(200);
    const refused = await admin.post(`/api/organisations/${hub.orgId}/dhis2/send`, { period: '2026-11', dryRun: true });
    expect(refused.body).toMatchObject({ status: 'error', reason: 'auth_failed', httpStatus: 401 });
    const sends = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('dhis2_sends').select(['status', 'http_status']).where('org_id', '=', hub.orgId).orderBy('at').execute());
    expect(sends).toEqual([
      { status: 'unreachable', http_status: null },
      { status: 'error', http_status: 401 },
    ]);
  });

  it('reports DHIS2 conflicts (a 409 of DHIS2 2.38+) with the objects it named', async () => {
    const { hub, admin } = await hubWith();
    fake.mode = 'conflict';
    try {
      const res = await admin.post(`/api/organisations/${hub.orgId}/dhis2/send`, { period: '2026-11', dryRun: true });
      expect(res.body).toMatchObject({ status: 'warning', httpStatus: 409, import: { imported: 3, ignored: 1, conflicts: [{ object: OU_B1, value: 'Organisation unit not in hierarchy of current user' }] } });
      // A dry run with objections does not allow the real send.
      expect((await admin.post(`/api/organisations/${hub.orgId}/dhis2/send`, { period: '2026-11', dryRun: false })).body.code).toBe('DHIS2_DRY_RUN_FIRST');
    } finally {
      fake.mode = 'ok';
    }
  });

  it('sends quarters as 2026Q4 and refuses a month when the mapping reports by quarter', async () => {
    const { hub, admin } = await hubWith({ mapping: mapping('quarter') });
    const q = await admin.get(`/api/organisations/${hub.orgId}/dhis2/payload?period=2026-Q4`);
    expect(q.status).toBe(200);
    expect(q.body.dataValues[0]).toEqual({ dataElement: DE_REACHED, period: '2026Q4', orgUnit: OU_A, value: '3' });
    const month = await admin.get(`/api/organisations/${hub.orgId}/dhis2/payload?period=2026-11`);
    expect(month.status).toBe(400);
    expect(month.body).toMatchObject({ code: 'DHIS2_PERIOD_KIND', field: 'period' });
    expect(month.body.message).toContain('2026-Q4');
  });

  it('refuses a non-hub organisation with a clear message, and anyone but the hub admin', async () => {
    const member = await seedOrg(t, 'community_organisation', ['admin']);
    const memberAdmin = await loggedIn(t, member, 'admin');
    const notHub = await memberAdmin.get(`/api/organisations/${member.orgId}/dhis2/settings`);
    expect(notHub.status).toBe(403);
    expect(notHub.body.code).toBe('DHIS2_HUB_ONLY');
    expect(notHub.body.message).toMatch(/network hub/);

    const { hub } = await hubWith();
    const manager = await loggedIn(t, hub, 'manager');
    for (const res of [
      await manager.get(settingsUrl(hub)),
      await manager.get(`/api/organisations/${hub.orgId}/dhis2/payload?period=2026-11`),
      await manager.post(`/api/organisations/${hub.orgId}/dhis2/send`, { period: '2026-11', dryRun: true }),
      await memberAdmin.get(`/api/organisations/${hub.orgId}/dhis2/sends`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });

  it('refuses bad settings with messages that say what to fix', async () => {
    const hub = await seedOrg(t, 'network_hub', ['admin']);
    const admin = await loggedIn(t, hub, 'admin');
    const put = (body: Record<string, unknown>) => admin.request('PUT', settingsUrl(hub), { baseUrl: fakeUrl, username: DHIS2_USER, password: DHIS2_PASSWORD, mapping: mapping(), ...body });

    const badUid = await put({ mapping: { ...mapping(), dataElements: [{ indicatorId: 'people_reached', dataElement: 'abc' }] } });
    expect(badUid.status).toBe(400);
    expect(badUid.body).toMatchObject({ code: 'VALIDATION', field: 'mapping.dataElements.0.dataElement' });
    expect(badUid.body.message).toMatch(/11 letters and digits/);

    const plainHttp = await put({ baseUrl: 'http://dhis2.example.org' });
    expect(plainHttp.body).toMatchObject({ code: 'VALIDATION', field: 'baseUrl' });

    const unknownOrg = await put({ mapping: { ...mapping(), orgUnits: [{ orgId: '0190a000-0000-7000-8000-0000000000ff', orgUnit: OU_A }] } });
    expect(unknownOrg.body).toMatchObject({ code: 'DHIS2_PLACE_UNKNOWN', field: 'mapping.orgUnits.0' });
    const foreignSite = await put({ mapping: { ...mapping(), orgUnits: [{ orgId: orgA.orgId, siteId: orgB.siteIds[0], orgUnit: OU_A }] } });
    expect(foreignSite.body.code).toBe('DHIS2_PLACE_UNKNOWN');

    expect((await put({})).status).toBe(200);
    const moved = await put({ baseUrl: 'https://dhis2.example.org', password: '' });
    expect(moved.body).toMatchObject({ code: 'DHIS2_PASSWORD_REQUIRED', field: 'password' });

    // The settings schema (with its address transform) still documents itself.
    const docs = await admin.get('/api/openapi.json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/organisations/{orgId}/dhis2/settings', '/api/organisations/{orgId}/dhis2/send']));

    const notYet = await seedOrg(t, 'network_hub', ['admin']);
    const other = await loggedIn(t, notYet, 'admin');
    const empty = await other.get(settingsUrl(notYet));
    expect(empty.body).toMatchObject({ baseUrl: null, hasPassword: false, version: 0, mapping: { dataElements: [], orgUnits: [], periodKind: 'month' } });
    expect((await other.post(`/api/organisations/${notYet.orgId}/dhis2/send`, { period: '2026-11', dryRun: true })).body.code).toBe('DHIS2_NOT_CONFIGURED');
  });

  it('never logs the DHIS2 password or the Authorization header sent with it (run last: it reads every line above)', () => {
    const basic = Buffer.from(`${DHIS2_USER}:${DHIS2_PASSWORD}`).toString('base64');
    expect(logs.text.length).toBeGreaterThan(1000);
    for (const secret of [DHIS2_PASSWORD, encodeURIComponent(DHIS2_PASSWORD), basic, 'not-the-password']) expect(logs.text).not.toContain(secret);
    expect(logs.text).not.toMatch(/authorization/i);
  });
});
