import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUSH_MUTATIONS } from '../../src/core/sync/protocol.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { verifyAudit } from '../../src/server/audit/log.ts';
import { Client, startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { Device, seedFieldOrg, type FieldOrg } from '../helpers/field.ts';

async function loggedIn(t: TestApp, org: FieldOrg, role: string): Promise<Client> {
  const c = new Client(t.baseUrl);
  await c.login(org.users[role]!.username, org.users[role]!.password);
  return c;
}

describe.each(testDialects())('sync push and pull on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('applies a client and three contacts once, whoever resends them, and shows them to the manager and a second device', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient('HOTUM95');
    const contacts = [device.recordContact(reg.clientId), device.recordContact(reg.clientId), device.recordContact(reg.clientId, { followUpOn: '2026-12-01' })];
    const batch = device.push([reg.m, ...contacts.map((c) => c.m)]);

    const first = await worker.post('/api/sync/push', batch);
    expect(first.status).toBe(200);
    expect(first.body.lastMutationId).toBe(4);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);

    // The response was lost; the device sends the same batch again.
    const again = await worker.post('/api/sync/push', batch);
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(Array(4).fill('already_processed'));

    const manager = await loggedIn(t, org, 'manager');
    const record = await manager.get(`/api/organisations/${org.orgId}/clients/${reg.clientId}`);
    expect(record.status).toBe(200);
    expect(record.body.uic).toBe('HOTUM95');
    expect(record.body.profile.nickname).toBe('Bống');
    expect(record.body.contacts).toHaveLength(3);
    expect(record.body.consents).toMatchObject({ services: true, research: false });

    const list = await manager.get(`/api/organisations/${org.orgId}/clients`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ id: reg.clientId, uic: 'HOTUM95', nickname: 'Bống', nextFollowUpOn: '2026-12-01' })]);

    // A second worker's device pulls everything from scratch.
    const second = new Device(org);
    const pulled = await manager.get(`/api/sync/pull?deviceId=${second.id}&orgId=${org.orgId}&cookie=0`);
    expect(pulled.status).toBe(200);
    expect(pulled.body.clients.map((c: { id: string }) => c.id)).toEqual([reg.clientId]);
    expect(pulled.body.contacts.map((c: { id: string }) => c.id).sort()).toEqual(contacts.map((c) => c.contactId).sort());
    expect(pulled.body.contacts.find((c: { id: string }) => c.id === contacts[2]!.contactId).followUpOn).toBe('2026-12-01');
    expect(pulled.body.catalogue.length).toBeGreaterThan(5);

    // Pulling again with the cookie returns nothing new.
    const nothing = await manager.get(`/api/sync/pull?deviceId=${second.id}&orgId=${org.orgId}&cookie=${pulled.body.cookie}`);
    expect(nothing.body.cookie).toBe(pulled.body.cookie);
    expect(nothing.body.clients).toEqual([]);
    expect(nothing.body.contacts).toEqual([]);

    // The database holds each record exactly once, and the audit chain names every write and read.
    const counts = await asSystem(t.ctx.db.kysely, async (tx) => ({
      contacts: (await tx.selectFrom('contacts').select('id').where('org_id', '=', org.orgId).execute()).length,
      audit: await tx.selectFrom('audit_log').select(['action', 'entity_id']).where('org_id', '=', org.orgId).execute(),
      verify: await verifyAudit(tx),
    }));
    expect(counts.contacts).toBe(3);
    expect(counts.audit.filter((a) => a.action === 'contact.record')).toHaveLength(3);
    expect(counts.audit.some((a) => a.action === 'client.register' && a.entity_id === reg.clientId)).toBe(true);
    expect(counts.audit.some((a) => a.action === 'client.read' && a.entity_id === reg.clientId)).toBe(true);
    expect(counts.audit.some((a) => a.action === 'sync.pull')).toBe(true);
    expect(counts.verify.firstBreak).toBeNull();
  });

  it('rejects a malformed mutation alone, with a reason, and applies the rest of its batch', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient('LANAF01');
    const bad = device.recordContact(reg.clientId, { services: [] });
    const unknownClient = device.recordContact('01900000-0000-7000-8000-00000000dead');
    const good = device.recordContact(reg.clientId);
    const bogus = device.mutation('dropEverything', { please: true });
    const res = await worker.request('POST', '/api/sync/push', device.push([reg.m, bad.m, unknownClient.m, good.m, bogus]), { 'accept-language': 'vi' });
    expect(res.status).toBe(200);
    expect(res.body.lastMutationId).toBe(5);
    const [r1, r2, r3, r4, r5] = res.body.results;
    expect(r1.status).toBe('applied');
    expect(r2).toMatchObject({ status: 'rejected', code: 'MUTATION_INVALID', field: 'services' });
    expect(r2.message).toContain('services');
    expect(r3).toMatchObject({ status: 'rejected', code: 'CLIENT_NOT_FOUND' });
    expect(r3.message).toMatch(/khách hàng/);
    expect(r4.status).toBe('applied');
    expect(r5).toMatchObject({ status: 'rejected', code: 'MUTATION_UNKNOWN' });

    const pulled = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`);
    expect(pulled.body.lastMutationId).toBe(5);
    expect(pulled.body.rejections.map((r: { id: number }) => r.id).sort()).toEqual([2, 3, 5]);
    expect(pulled.body.contacts.map((c: { id: string }) => c.id)).toEqual([good.contactId]);
  });

  it('asks a device that skipped ahead to resend from the first missing number', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient('HAMIF88');
    const c1 = device.recordContact(reg.clientId);
    const c2 = device.recordContact(reg.clientId);
    const skipped = await worker.post('/api/sync/push', device.push([c1.m, c2.m]));
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({ lastMutationId: 0, resendFrom: 1, results: [] });
    const all = await worker.post('/api/sync/push', device.push([reg.m, c1.m, c2.m]));
    expect(all.body.lastMutationId).toBe(3);
  });

  it('answers 413 with the limit for a batch that is too long, and writes nothing', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient('TUANM90');
    const many = [reg.m, ...Array.from({ length: MAX_PUSH_MUTATIONS }, () => device.recordContact(reg.clientId).m)];
    const res = await worker.post('/api/sync/push', device.push(many));
    expect(res.status).toBe(413);
    expect(res.body.message).toContain(String(MAX_PUSH_MUTATIONS));
    const count = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('clients').select('id').where('org_id', '=', org.orgId).execute());
    expect(count).toHaveLength(0);
  });

  it('merges two registrations of one UIC made offline on two devices, keeping every contact', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const manager = await loggedIn(t, org, 'manager');
    const a = new Device(org);
    const b = new Device(org);
    const regA = a.registerClient('DAICF03');
    const regB = b.registerClient('daicf03');
    const ca = a.recordContact(regA.clientId);
    const cb = b.recordContact(regB.clientId);
    expect((await worker.post('/api/sync/push', a.push([regA.m, ca.m]))).status).toBe(200);
    const resB = await manager.post('/api/sync/push', b.push([regB.m, cb.m]));
    expect(resB.body.results[0]).toMatchObject({ status: 'applied', mergedInto: regA.clientId });
    const record = await manager.get(`/api/organisations/${org.orgId}/clients/${regB.clientId}`);
    expect(record.body.id).toBe(regA.clientId);
    expect(record.body.aliases).toEqual([regB.clientId]);
    expect(record.body.contacts.map((c: { id: string }) => c.id).sort()).toEqual([ca.contactId, cb.contactId].sort());

    const match = await manager.get(`/api/organisations/${org.orgId}/clients/match?uic=DAICF04`);
    expect(match.body.exact).toBeNull();
    expect(match.body.near.map((n: { id: string }) => n.id)).toEqual([regA.clientId]);
  });

  it('keeps both values when two devices edit the same field from the same version', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const manager = await loggedIn(t, org, 'manager');
    const a = new Device(org);
    const b = new Device(org);
    const reg = a.registerClient('MINHM99');
    await worker.post('/api/sync/push', a.push([reg.m]));
    const editA = a.mutation('editClientProfile', { clientId: reg.clientId, baseVersion: 1, changes: { nickname: 'Bi', substances: ['methamphetamine', 'alcohol'] } });
    const editB = b.mutation('editClientProfile', { clientId: reg.clientId, baseVersion: 1, changes: { nickname: 'Bin', birthYear: 1996 } });
    expect((await worker.post('/api/sync/push', a.push([editA]))).body.results[0].status).toBe('applied');
    expect((await manager.post('/api/sync/push', b.push([editB]))).body.results[0].status).toBe('applied');
    const record = await manager.get(`/api/organisations/${org.orgId}/clients/${reg.clientId}`);
    expect(record.body.profile).toMatchObject({ nickname: 'Bin', birthYear: 1996, substances: ['methamphetamine', 'alcohol'] });
    expect(record.body.profileVersion).toBe(3);
    const conflicts = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('profile_conflicts').select(['field', 'lost_value_enc']).where('client_id', '=', reg.clientId).execute());
    expect(conflicts.map((c) => c.field)).toEqual(['nickname']);
    expect(t.ctx.crypto.decrypt(conflicts[0]!.lost_value_enc)).toBe('"Bi"');
  });

  it('keeps organisations apart: no push, pull, read or device of one reaches another', async () => {
    const a = await seedFieldOrg(t);
    const b = await seedFieldOrg(t);
    const workerA = await loggedIn(t, a, 'fieldworker');
    const workerB = await loggedIn(t, b, 'fieldworker');
    const deviceA = new Device(a);
    const reg = deviceA.registerClient('HOTUM95');
    expect((await workerA.post('/api/sync/push', deviceA.push([reg.m]))).status).toBe(200);

    const intruder = new Device(a);
    const intruderReg = intruder.registerClient('XUHOM80');
    expect((await workerB.post('/api/sync/push', intruder.push([intruderReg.m]))).status).toBe(403);
    expect((await workerB.get(`/api/sync/pull?deviceId=${intruder.id}&orgId=${a.orgId}&cookie=0`)).status).toBe(403);
    expect((await workerB.get(`/api/organisations/${a.orgId}/clients/${reg.clientId}`)).status).toBe(403);
    expect((await workerB.get(`/api/organisations/${b.orgId}/clients/${reg.clientId}`)).status).toBe(404);
    expect((await workerB.get(`/api/organisations/${a.orgId}/clients`)).status).toBe(403);

    // B's worker reuses A's device id in B's own organisation: refused, not merged.
    const hijack = await workerB.post('/api/sync/push', { deviceId: deviceA.id, orgId: b.orgId, mutations: [new Device(b).registerClient('ANBIM77').m] });
    expect(hijack.status).toBe(403);
    expect(hijack.body.code).toBe('DEVICE_NOT_YOURS');
    const pulledB = await workerB.get(`/api/sync/pull?deviceId=${new Device(b).id}&orgId=${b.orgId}&cookie=0`);
    expect(pulledB.body.clients).toEqual([]);
  });

  it('refuses an evaluator, who sees no one', async () => {
    const org = await seedFieldOrg(t, ['evaluator']);
    const evaluator = await loggedIn(t, org, 'evaluator');
    const device = new Device(org);
    expect((await evaluator.post('/api/sync/push', device.push([device.registerClient('HOTUM95').m]))).status).toBe(403);
    expect((await evaluator.get(`/api/organisations/${org.orgId}/clients`)).status).toBe(403);
  });
});
