import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, seedOrg, startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { Device, seedFieldOrg } from '../helpers/field.ts';

describe.each(testDialects())('catalogue and conflicts on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('lets a manager keep the catalogue, which workers read and pull, and refuses them changes', async () => {
    const org = await seedOrg(t, 'community_organisation', ['manager', 'fieldworker']);
    const manager = new Client(t.baseUrl);
    await manager.login(org.users.manager!.username, org.users.manager!.password);
    const worker = new Client(t.baseUrl);
    await worker.login(org.users.fieldworker!.username, org.users.fieldworker!.password);
    const base = `/api/organisations/${org.orgId}/catalogue`;

    expect((await manager.post(`${base}/starter`)).body.added).toBeGreaterThan(8);
    expect((await manager.post(`${base}/starter`)).body.added).toBe(0);
    const created = await manager.post(base, { kind: 'commodity', nameVi: 'Khẩu trang', nameEn: 'Face mask', unit: 'cái', category: 'wellbeing' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ nameVi: 'Khẩu trang', active: true });
    const dup = await manager.post(base, { kind: 'commodity', nameVi: 'khẩu trang', nameEn: 'Mask', unit: 'cái', category: 'wellbeing' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CATALOGUE_NAME_TAKEN');
    expect((await manager.post(base, { kind: 'commodity', nameVi: 'X', nameEn: 'X', unit: 'cái', category: 'nonsense' })).status).toBe(400);

    expect((await worker.post(base, { kind: 'iec', nameVi: 'Tờ rơi', nameEn: 'Leaflet', unit: 'tờ', category: 'iec_print' })).status).toBe(403);
    const list = await worker.get(base);
    expect(list.status).toBe(200);
    expect(list.body.some((i: { nameEn: string }) => i.nameEn === 'Face mask')).toBe(true);

    const device = new Device({ ...org, siteId: uuidv7(), commodityId: created.body.id, iecId: created.body.id });
    const first = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`);
    const retired = await manager.patch(`${base}/${created.body.id}`, { active: false });
    expect(retired.body.active).toBe(false);
    const next = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=${first.body.cookie}`);
    expect(next.body.catalogue).toEqual([expect.objectContaining({ id: created.body.id, active: false })]);
    expect((await manager.patch(`${base}/${uuidv7()}`, { active: false })).status).toBe(404);
  });

  it('shows collided profile edits to a manager, who closes them', async () => {
    const org = await seedFieldOrg(t);
    const manager = new Client(t.baseUrl);
    await manager.login(org.users.manager!.username, org.users.manager!.password);
    const worker = new Client(t.baseUrl);
    await worker.login(org.users.fieldworker!.username, org.users.fieldworker!.password);
    const a = new Device(org);
    const b = new Device(org);
    const reg = a.registerClient('THANF97');
    await worker.post('/api/sync/push', a.push([reg.m, a.mutation('editClientProfile', { clientId: reg.clientId, baseVersion: 1, changes: { nickname: 'Mây' } })]));
    await manager.post('/api/sync/push', b.push([b.mutation('editClientProfile', { clientId: reg.clientId, baseVersion: 1, changes: { nickname: 'Mưa' } })]));

    expect((await worker.get(`/api/organisations/${org.orgId}/conflicts`)).status).toBe(403);
    const list = await manager.get(`/api/organisations/${org.orgId}/conflicts`);
    expect(list.body).toEqual([expect.objectContaining({ clientId: reg.clientId, field: 'nickname', keptValue: 'Mưa', lostValue: 'Mây' })]);
    expect((await manager.post(`/api/organisations/${org.orgId}/conflicts/${list.body[0].id}/resolve`, {})).status).toBe(200);
    expect((await manager.post(`/api/organisations/${org.orgId}/conflicts/${list.body[0].id}/resolve`, {})).status).toBe(404);
    expect((await manager.get(`/api/organisations/${org.orgId}/conflicts`)).body).toEqual([]);
  });
});
