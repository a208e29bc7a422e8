import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, SyncEngine, type Transport } from '../../src/web/offline/engine.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { seedFieldOrg, type FieldOrg } from '../helpers/field.ts';

/** The web app's sync engine, in Node, against the real server: a phone without the phone. */
async function phone(t: TestApp, org: FieldOrg, role: string) {
  const login = await fetch(`${t.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: org.users[role]!.username, password: org.users[role]!.password }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const net = { online: true, loseNextAnswer: false };
  const http: Transport = async (method, path, body) => {
    if (!net.online) throw new TypeError('Failed to fetch');
    const res = await fetch(t.baseUrl + path, {
      method,
      headers: { cookie, 'accept-language': 'vi', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = { status: res.status, body: await res.json() };
    if (net.loseNextAnswer) {
      net.loseNextAnswer = false;
      throw new TypeError('connection reset');
    }
    return answer;
  };
  const store = new MemoryStore({ deviceId: uuidv7(), orgId: org.orgId, userId: org.users[role]!.userId });
  return { engine: new SyncEngine(store, http), store, net };
}

const profile = (org: FieldOrg) => ({
  nickname: 'Tí',
  phone: null,
  birthYear: 1999,
  sexAtBirth: 'F' as const,
  genderIdentity: 'transgender_woman' as const,
  keyPopulations: ['sex_worker' as const],
  substances: ['methamphetamine' as const],
  routes: ['smoke' as const],
  provinceId: 'ha-noi',
  siteId: org.siteId,
  referralSource: 'peer' as const,
});

const contact = (org: FieldOrg, clientId: string, extra: Record<string, unknown> = {}) => ({
  contactId: uuidv7(),
  clientId,
  siteId: org.siteId,
  at: new Date(Date.now() - 120_000).toISOString(),
  mode: 'drop_in' as const,
  services: ['information' as const],
  commodities: [{ itemId: org.commodityId, quantity: 2 }],
  iec: [],
  notes: null,
  followUpOn: null,
  ...extra,
});

describe.each(testDialects())('the web sync engine against the server on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { bodyLimitBytes: 64 * 1024 });
  });
  afterAll(async () => t?.close());

  it('queues offline, syncs on reconnect, and a second phone pulls what the first recorded', async () => {
    const org = await seedFieldOrg(t, ['fieldworker', 'manager']);
    const a = await phone(t, org, 'fieldworker');
    const b = await phone(t, org, 'manager');
    a.net.online = false;
    const clientId = uuidv7();
    await a.engine.enqueue('registerClient', { clientId, uic: 'THHUF99', profile: profile(org), consents: [{ kind: 'services', given: true }] });
    for (let i = 0; i < 3; i++) await a.engine.enqueue('recordContact', contact(org, clientId));
    expect(a.engine.status().pending).toBe(4);
    const offline = await a.engine.sync();
    expect(offline.problem).toBe('offline');
    expect(offline.pending).toBe(4);

    a.net.online = true;
    const online = await a.engine.sync();
    expect(online).toMatchObject({ problem: null, pending: 0, rejected: 0 });
    expect(a.store.data().clients.map((c) => c.id)).toEqual([clientId]);

    await b.engine.sync();
    expect(b.store.data().clients.map((c) => c.uic)).toEqual(['THHUF99']);
    expect(b.store.data().contacts).toHaveLength(3);
  });

  it('shows a rejection with its reason, and a corrected resend goes through', async () => {
    const org = await seedFieldOrg(t, ['fieldworker']);
    const a = await phone(t, org, 'fieldworker');
    const bad = await a.engine.enqueue('recordContact', contact(org, uuidv7()));
    const status = await a.engine.sync();
    expect(status).toMatchObject({ pending: 0, rejected: 1, problem: null });
    const rejected = a.store.outbox()[0]!;
    expect(rejected.id).toBe(bad.id);
    expect(rejected.rejection).toMatchObject({ code: 'CLIENT_NOT_FOUND' });
    expect(rejected.rejection!.message).toMatch(/Hãy đăng ký khách hàng/);

    const clientId = uuidv7();
    await a.engine.enqueue('registerClient', { clientId, uic: 'NGANF95', profile: profile(org), consents: [{ kind: 'services', given: true }] });
    await a.engine.resend(bad.id, 'recordContact', contact(org, clientId));
    expect(await a.engine.sync()).toMatchObject({ pending: 0, rejected: 0, problem: null });
    expect(a.store.data().contacts).toHaveLength(1);
  });

  it('loses an answer mid-sync and still records everything once', async () => {
    const org = await seedFieldOrg(t, ['fieldworker']);
    const a = await phone(t, org, 'fieldworker');
    const clientId = uuidv7();
    await a.engine.enqueue('registerClient', { clientId, uic: 'MAHOM01', profile: profile(org), consents: [{ kind: 'services', given: true }] });
    await a.engine.enqueue('recordContact', contact(org, clientId));
    a.net.loseNextAnswer = true;
    expect((await a.engine.sync()).problem).toBe('offline');
    expect(a.engine.status().pending).toBe(2);
    expect(await a.engine.sync()).toMatchObject({ pending: 0, rejected: 0, problem: null });
    expect(a.store.data().contacts).toHaveLength(1);
    expect(a.store.data().clients).toHaveLength(1);
  });

  it('splits its outbox when the server says the push is too large', async () => {
    const org = await seedFieldOrg(t, ['fieldworker']);
    const a = await phone(t, org, 'fieldworker');
    const clientId = uuidv7();
    await a.engine.enqueue('registerClient', { clientId, uic: 'LOANF90', profile: profile(org), consents: [{ kind: 'services', given: true }] });
    // ~300 contacts with notes overflow the 64 KB body limit this server was started with.
    for (let i = 0; i < 300; i++) await a.engine.enqueue('recordContact', contact(org, clientId, { notes: `Ghi chú dài cho lần gặp số ${i}`.padEnd(120, '.') }));
    expect(await a.engine.sync()).toMatchObject({ pending: 0, rejected: 0, problem: null });
    expect(a.store.data().contacts).toHaveLength(300);
  });

  it('stops and says so when the session has ended, keeping the outbox', async () => {
    const org = await seedFieldOrg(t, ['fieldworker']);
    const a = await phone(t, org, 'fieldworker');
    await a.engine.enqueue('recordContact', contact(org, uuidv7()));
    const expired: Transport = async (method, path) => {
      const res = await fetch(t.baseUrl + path, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      return { status: res.status, body: await res.json() };
    };
    const engine = new SyncEngine(a.store, expired);
    expect(await engine.sync()).toMatchObject({ problem: 'login', pending: 1 });
  });
});
