import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../../src/server/app.ts';
import { totpCodeAt } from '../../src/server/auth/totp.ts';
import { Client, loggedIn, seedOrg, startTestApp, TEST_PASSWORD, uniqueName, type TestApp } from '../helpers/app.ts';
import { Device, seedFieldOrg } from '../helpers/field.ts';
import { closeCrisisEpisode, openCrisisEpisode, recordScreening } from '../helpers/mental-health.ts';
import { addProvider, createReferral } from '../helpers/referrals.ts';
import { testDialects } from '../helpers/dialects.ts';

/** Whatever the server logs, line by line, as it would reach stdout. */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  private partial = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    const text = this.partial + chunk.toString('utf8');
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.filter((l) => l.length > 0));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

function sessionToken(res: { headers: Headers }): string {
  return /^fieldlab_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
}

/** A secret as it could appear in a log line: as typed, JSON-escaped, or URL-encoded. */
function forms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

function leaks(text: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [what, secret] of Object.entries(secrets)) {
    for (const form of forms(secret)) {
      // Six-digit codes would match inside timestamps; only a code standing on its own is one.
      const hit = /^\d+$/.test(form) ? new RegExp(`(?<!\\d)${form}(?!\\d)`).test(text) : text.includes(form);
      if (hit) found.push(`${what}: ${form}`);
    }
  }
  return found;
}

describe.each(testDialects())('logs on %s', (dialect) => {
  const capture = new LogCapture();
  let t: TestApp;
  beforeAll(async () => {
    // The most talkative level: nothing personal may appear at any level.
    t = await startTestApp(dialect, {}, { logger: { ...(loggerOptions('trace') as object), stream: capture } });
  });
  afterAll(async () => t?.close());

  it('carry no password, token, cookie, two-factor secret or code, or personal field, through a day of account work', async () => {
    const org = await seedOrg(t, 'community_organisation', ['admin']);
    const adminName = org.users.admin!.username;
    const secrets: Record<string, string> = { password: TEST_PASSWORD };
    const start = capture.lines.length;

    const admin = new Client(t.baseUrl);
    const login = await admin.post('/api/auth/login', { username: adminName, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    secrets.firstSession = sessionToken(login);

    const enrol = await admin.post('/api/auth/totp/enrol');
    const totpSecret: string = enrol.body.secret;
    secrets.totpSecret = totpSecret;
    secrets.totpUri = enrol.body.uri;
    secrets.confirmCode = totpCodeAt(totpSecret, Date.now());
    expect((await admin.post('/api/auth/totp/confirm', { code: secrets.confirmCode })).status).toBe(200);

    const again = new Client(t.baseUrl);
    secrets.loginCode = totpCodeAt(totpSecret, Date.now() + 30_000);
    const second = await again.post('/api/auth/login', { username: adminName, password: TEST_PASSWORD, totp: secrets.loginCode });
    expect(second.status).toBe(200);
    secrets.secondSession = sessionToken(second);

    secrets.displayName = 'Chị Mây Trắng';
    secrets.newcomerPassword = 'amber-orchard-falcon-62';
    const created = await admin.post(`/api/organisations/${org.orgId}/users`, { username: uniqueName('moi').toLowerCase(), displayName: secrets.displayName, password: secrets.newcomerPassword, roles: ['fieldworker'] });
    expect(created.status).toBe(201);
    secrets.renamed = 'Anh Gió Nam';
    expect((await admin.patch(`/api/organisations/${org.orgId}/users/${created.body.id}`, { displayName: secrets.renamed })).status).toBe(200);
    const reset = await admin.post(`/api/organisations/${org.orgId}/users/${created.body.id}/reset-password`);
    secrets.temporaryPassword = reset.body.temporaryPassword;

    secrets.wrongPassword = 'guessing-hard-lotus-11';
    expect((await new Client(t.baseUrl).post('/api/auth/login', { username: adminName, password: secrets.wrongPassword, totp: secrets.loginCode })).status).toBe(401);
    secrets.unknownUser = 'khong-ai-ten-nay';
    expect((await new Client(t.baseUrl).post('/api/auth/login', { username: secrets.unknownUser, password: secrets.wrongPassword })).status).toBe(401);

    secrets.changedPassword = 'quiet-lantern-river-58';
    expect((await again.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: secrets.changedPassword })).status).toBe(200);

    // Personal data where it does not belong: in a query string, a malformed body, a wrong field.
    secrets.phone = '0000111222';
    expect((await again.get(`/api/nope?phone=${secrets.phone}`)).status).toBe(404);
    expect((await again.request('POST', '/api/auth/login', `{"username":"x","password":"${secrets.wrongPassword}"`, { 'content-type': 'application/json' })).status).toBe(400);
    secrets.misplacedName = 'Nguyễn Thị Bông';
    expect((await again.patch('/api/me', { lang: secrets.misplacedName })).status).toBe(400);
    expect((await again.post('/api/auth/logout')).status).toBe(200);

    const lines = capture.lines.slice(start);
    expect(lines.length).toBeGreaterThan(20);
    expect(leaks(lines.join('\n'), secrets)).toEqual([]);
    expect(lines.join('\n')).not.toMatch(/fieldlab_session|set-cookie|"cookie"|authorization/i);
  });

  it('carry no code, nickname, phone or note through a shift of field work: sync, refusals, matches, reads', async () => {
    const org = await seedFieldOrg(t, ['manager', 'fieldworker']);
    const start = capture.lines.length;
    const worker = await loggedIn(t, org, 'fieldworker');
    const manager = await loggedIn(t, org, 'manager');
    const secrets: Record<string, string> = {
      uic: 'LATHF93',
      nickname: 'Sóc Nâu',
      phone: '0000333444',
      note: 'Ba đêm không ngủ, nghe tiếng nói lạ',
      editedNickname: 'Sóc Con',
      refusedNote: 'Muốn gặp bác sĩ tâm thần ở Cát Bi',
      malformedNickname: 'Mèo Mun',
    };
    const device = new Device(org);
    const reg = device.registerClient(secrets.uic!, {});
    (reg.m.args as { profile: Record<string, unknown> }).profile.nickname = secrets.nickname;
    (reg.m.args as { profile: Record<string, unknown> }).profile.phone = secrets.phone;
    const pushed = await worker.post('/api/sync/push', device.push([
      reg.m,
      device.recordContact(reg.clientId, { notes: secrets.note }).m,
      // Refused for its site, and malformed: both answered with a reason, neither logged with its content.
      device.recordContact(reg.clientId, { notes: secrets.refusedNote, siteId: '0190a000-0000-7000-8000-000000000000' }).m,
      device.mutation('registerClient', { clientId: 'not-a-uuid', uic: 'XX', profile: { nickname: secrets.malformedNickname } }),
      device.mutation('editClientProfile', { clientId: reg.clientId, baseVersion: 1, changes: { nickname: secrets.editedNickname } }),
    ]));
    expect(pushed.status).toBe(200);
    expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'rejected', 'rejected', 'applied']);
    expect((await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`)).status).toBe(200);
    expect((await worker.get(`/api/organisations/${org.orgId}/clients/match?uic=${secrets.uic}`)).body.exact.id).toBe(reg.clientId);
    const record = await manager.get(`/api/organisations/${org.orgId}/clients/${reg.clientId}`);
    expect(JSON.stringify(record.body)).toContain(secrets.note);
    expect((await manager.get(`/api/organisations/${org.orgId}/clients`)).status).toBe(200);

    const lines = capture.lines.slice(start);
    expect(lines.some((l) => l.includes('/api/sync/push'))).toBe(true);
    expect(leaks(lines.join('\n'), secrets)).toEqual([]);
  });

  it('carry no screening answer, crisis note or referral note, through a crisis, a screening, a refusal and the notifications', async () => {
    const org = await seedFieldOrg(t, ['manager', 'fieldworker', 'clinician']);
    const start = capture.lines.length;
    const worker = await loggedIn(t, org, 'fieldworker');
    const secrets = { note: 'Nghe tiếng nói lạ, sợ bị công an theo dõi', referral: 'Cần gặp bác sĩ tâm thần ở Bạch Mai', uic: 'LOGMF90' };
    const device = new Device(org);
    const reg = device.registerClient(secrets.uic);
    const open = openCrisisEpisode(device, reg.clientId, { redFlags: ['psychosis', 'suicidal_thoughts'], cssrsBand: 'high', level: 'urgent' });
    const pushed = await worker.post('/api/sync/push', device.push([
      reg.m,
      open.m,
      recordScreening(device, reg.clientId, 'phq9', [3, 3, 3, 2, 2, 2, 1, 1, 3]).m,
      recordScreening(device, reg.clientId, 'phq9', [3, 3, 3, 2, 2, 2, 1, 1, 77]).m,
      closeCrisisEpisode(device, open.episodeId, { notes: secrets.note, outcome: 'urgent_referral', referralNeed: { urgency: 'urgent', note: secrets.referral } }),
    ]));
    expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'applied']);
    expect((await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`)).status).toBe(200);
    expect((await worker.get(`/api/organisations/${org.orgId}/clients/${reg.clientId}/mental-health`)).status).toBe(200);
    expect((await (await loggedIn(t, org, 'clinician')).get('/api/notifications')).body.unread).toBe(2);

    const text = capture.lines.slice(start).join('\n');
    expect(leaks(text, secrets)).toEqual([]);
    expect(text).not.toMatch(/3,3,3|\b77\b/);
  });

  it('carry no code, reason, note or slip code through a referral: made, refused, received, looked up by code, answered', async () => {
    const org = await seedFieldOrg(t, ['manager', 'fieldworker']);
    const clinic = await seedOrg(t, 'clinic', ['clinician']);
    const start = capture.lines.length;
    const [worker, manager, clinician] = [await loggedIn(t, org, 'fieldworker'), await loggedIn(t, org, 'manager'), await loggedIn(t, clinic, 'clinician')];
    const providerId = await addProvider(manager, { orgId: clinic.orgId });
    const secrets: Record<string, string> = { uic: 'REFLM92', reason: 'Hoang tưởng bị theo dõi, cần khám tâm thần gấp', declineNote: 'Bác sĩ nghỉ, hẹn tuần sau', refusedReason: 'Lý do bị từ chối: chưa đồng ý chia sẻ' };
    const device = new Device(org);
    const reg = device.registerClient(secrets.uic!, { consents: [{ kind: 'services', given: true }, { kind: 'referral_sharing', given: true }] });
    const ref = createReferral(device, reg.clientId, providerId, { reason: secrets.reason, share: ['reason'] });
    secrets.code = ref.code;
    // Refused: a second referral reusing the code.
    const dup = createReferral(device, reg.clientId, providerId, { reason: secrets.refusedReason, code: ref.code });
    const pushed = await worker.post('/api/sync/push', device.push([reg.m, ref.m, dup.m]));
    expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    const received = `/api/organisations/${clinic.orgId}/referrals/received`;
    expect((await clinician.get(received)).status).toBe(200);
    expect((await clinician.get(`${received}/${ref.referralId}`)).body.shared.reason).toBe(secrets.reason);
    expect((await clinician.get(`/api/referrals/by-code/${encodeURIComponent(ref.code.toLowerCase())}`)).status).toBe(200);
    const declined = await clinician.post(`${received}/${ref.referralId}/events`, { eventId: crypto.randomUUID(), event: 'decline', at: new Date().toISOString(), note: secrets.declineNote, outcome: null });
    expect(declined.status).toBeLessThan(300);
    expect((await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`)).status).toBe(200);

    const lines = capture.lines.slice(start);
    expect(lines.some((l) => l.includes('/api/referrals/by-code/:code'))).toBe(true);
    expect(leaks(lines.join('\n'), { ...secrets, codeLower: ref.code.toLowerCase() })).toEqual([]);
  });

  it('are JSON lines that tie each request’s start and end together by its id, with method, route and status', async () => {
    const start = capture.lines.length;
    const org = await seedOrg(t, 'community_organisation', ['manager']);
    const manager = new Client(t.baseUrl);
    await manager.login(org.users.manager!.username, TEST_PASSWORD);
    expect((await manager.get(`/api/organisations/${org.orgId}/users`)).status).toBe(200);
    expect((await manager.get('/api/nope')).status).toBe(404);
    // An address that matches no route keeps only its first segment: codes ride in such addresses.
    expect((await manager.get('/api/public/registrations/7KQ2-M9XD/nothing-here')).status).toBe(404);

    const entries = capture.lines.slice(start).map((line) => JSON.parse(line) as Record<string, any>);
    for (const e of entries) {
      expect(typeof e.level).toBe('number');
      expect(typeof e.time).toBe('number');
      expect(typeof e.msg).toBe('string');
    }
    const incoming = entries.filter((e) => e.msg === 'incoming request');
    const completed = entries.filter((e) => e.msg === 'request completed');
    expect(incoming.length).toBe(4);
    expect(completed.length).toBe(4);
    for (const e of incoming) {
      expect(e.reqId).toEqual(expect.any(String));
      expect(e.req).toEqual({ id: e.reqId, method: expect.stringMatching(/^(GET|POST)$/), route: expect.stringMatching(/^\/api\//) });
    }
    for (const e of completed) {
      expect(incoming.map((i) => i.reqId)).toContain(e.reqId);
      expect(e.res).toEqual({ statusCode: expect.any(Number) });
      expect(e.responseTime).toEqual(expect.any(Number));
    }
    // The route's pattern, never the address with its ids.
    const routes = incoming.map((e) => `${e.req.method} ${e.req.route}`);
    expect(routes).toEqual(['POST /api/auth/login', 'GET /api/organisations/:orgId/users', 'GET /api/…', 'GET /api/…']);
    expect(JSON.stringify(entries)).not.toContain('7KQ2');
    expect(JSON.stringify(entries)).not.toContain(org.orgId);
    expect(completed.map((e) => e.res.statusCode)).toEqual([200, 200, 404, 404]);
  });

  it('of the web app’s pages keep only the first segment of the address (codes ride in them)', () => {
    const serialise = (loggerOptions('info') as { serializers: { req(r: object): { route: string } } }).serializers.req;
    const page = (url: string) => serialise({ id: '1', method: 'GET', url }).route;
    expect(page('/registrations/7KQ2-M9XD/certificate')).toBe('/registrations/…');
    expect(page('/verify/E937-36GS-X?lang=vi')).toBe('/verify/…');
    expect(page('/events')).toBe('/events');
    expect(page('/')).toBe('/');
    expect(serialise({ id: '1', method: 'GET', url: '/api/x/1', routeOptions: { url: '/api/x/:id' } }).route).toBe('/api/x/:id');
  });

  it('of a server error say where it happened, not what the request contained', async () => {
    const errors = new LogCapture();
    const app = await buildApp(t.ctx, { logger: { ...(loggerOptions('info') as object), stream: errors }, serveWeb: false });
    // A fault whose message carries what a person typed, as database errors can ("invalid input syntax ... "Mây"").
    app.post('/api/test/fault', { config: { access: 'public' } }, async (req) => {
      throw new Error(`invalid input syntax for type uuid: "${(req.body as { name: string }).name}"`);
    });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/test/fault', payload: { name: 'Chị Mây Trắng' }, headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Something went wrong on the server. Nothing was saved; please try again in a few minutes.' });
      expect(res.body).not.toContain('Mây');
      const failure = errors.lines.map((l) => JSON.parse(l) as Record<string, any>).find((e) => e.level === 50);
      expect(failure).toBeDefined();
      expect(failure!.err).toMatchObject({ type: 'Error', detail: 'invalid input syntax for type uuid: "…"' });
      expect(failure!.err.stack).toMatch(/logs\.int\.test\.ts/);
      expect(errors.text).not.toContain('Mây');
      expect(errors.text).not.toContain('M\\u00e2y');
    } finally {
      await app.close();
    }
  });
});
