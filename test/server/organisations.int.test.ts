import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANISATION_KINDS, SITE_KINDS } from '../../src/core/organisations/schema.ts';
import { Client, loggedIn, seedOrg, startTestApp, uniqueName, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

const MISSING_ID = '01900000-0000-7000-8000-0000000000ee';

describe.each(testDialects())('organisations and sites on %s', (dialect) => {
  let t: TestApp;
  let hub: SeededOrg;
  let hubAdmin: Client;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    hub = await seedOrg(t, 'network_hub', ['admin']);
    hubAdmin = new Client(t.baseUrl);
    await hubAdmin.login(hub.users.admin!.username, hub.users.admin!.password);
  });
  afterAll(async () => t?.close());


  describe('organisations', () => {
    it.each(ORGANISATION_KINDS)('the hub’s administrator creates a %s, which then reads back', async (kind) => {
      const name = uniqueName('Tổ chức Bình Minh');
      const res = await hubAdmin.post('/api/organisations', { name: `  ${name} `, kind, provinceId: 'hai-phong' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name, kind, provinceId: 'hai-phong', timeZone: 'Asia/Ho_Chi_Minh', active: true });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(res.body.createdAt).toString()).not.toBe('Invalid Date');

      const one = await hubAdmin.get(`/api/organisations/${res.body.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(res.body);
      const all = await hubAdmin.get('/api/organisations');
      expect(all.body.map((o: { id: string }) => o.id)).toContain(res.body.id);
    });

    it('the hub’s administrator edits every field of an organisation', async () => {
      const created = (await hubAdmin.post('/api/organisations', { name: uniqueName('Nhóm Sao Mai'), kind: 'community_organisation' })).body;
      const name = uniqueName('Nhóm Sao Mai mới');
      const res = await hubAdmin.patch(`/api/organisations/${created.id}`, {
        name,
        kind: 'social_enterprise',
        provinceId: 'can-tho',
        timeZone: 'Asia/Bangkok',
        active: false,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...created, name, kind: 'social_enterprise', provinceId: 'can-tho', timeZone: 'Asia/Bangkok', active: false });
      expect((await hubAdmin.get(`/api/organisations/${created.id}`)).body).toEqual(res.body);
    });

    it('refuses a second organisation with the same name, whatever its case → 409 ORGANISATION_NAME_TAKEN', async () => {
      const name = uniqueName('Nhóm Hướng Dương');
      expect((await hubAdmin.post('/api/organisations', { name, kind: 'clinic' })).status).toBe(201);
      for (const again of [name, name.toUpperCase(), ` ${name.toLowerCase()} `]) {
        const dup = await hubAdmin.post('/api/organisations', { name: again, kind: 'community_organisation' });
        expect(dup.status).toBe(409);
        expect(dup.body).toMatchObject({ statusCode: 409, code: 'ORGANISATION_NAME_TAKEN', field: 'name' });
        expect(dup.body.message).toMatch(/already exists/);
      }
      // Renaming another organisation onto the name is refused the same way, and changes nothing.
      const other = (await hubAdmin.post('/api/organisations', { name: uniqueName('Nhóm Khác'), kind: 'clinic' })).body;
      const rename = await hubAdmin.patch(`/api/organisations/${other.id}`, { name, provinceId: 'hue' });
      expect(rename.status).toBe(409);
      expect(rename.body.code).toBe('ORGANISATION_NAME_TAKEN');
      expect((await hubAdmin.get(`/api/organisations/${other.id}`)).body).toEqual(other);
    });

    it('answers in Vietnamese when asked', async () => {
      const name = uniqueName('Nhóm Tiếng Việt');
      await hubAdmin.post('/api/organisations', { name, kind: 'clinic' });
      const vi = await hubAdmin.request('POST', '/api/organisations', { name, kind: 'clinic' }, { 'accept-language': 'vi' });
      expect(vi.status).toBe(409);
      expect(vi.body.message).toBe('Đã có một tổ chức mang tên này. Hãy chọn tên khác.');
    });

    it('refuses bad payloads with 400 and the field at fault', async () => {
      const cases: [unknown, string][] = [
        [{ name: 'X', kind: 'clinic' }, 'name'],
        [{ name: 'Nhóm Ổn', kind: 'hospital' }, 'kind'],
        [{ name: 'Nhóm Ổn', kind: 'clinic', provinceId: 'ha-giang' }, 'provinceId'],
        [{ name: 'Nhóm Ổn', kind: 'clinic', timeZone: 'Mars/Olympus' }, 'timeZone'],
        [{ name: 'Nhóm Ổn', kind: 'clinic', id: MISSING_ID }, 'id'],
      ];
      for (const [body, field] of cases) {
        const res = await hubAdmin.post('/api/organisations', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION', field });
      }
    });

    it('answers 404 for an organisation that does not exist', async () => {
      expect((await hubAdmin.get(`/api/organisations/${MISSING_ID}`)).status).toBe(404);
      const res = await hubAdmin.patch(`/api/organisations/${MISSING_ID}`, { name: uniqueName('Không có') });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect((await hubAdmin.get('/api/organisations/not-a-uuid')).status).toBe(400);
    });

    it('lets no one but the hub’s administrators create organisations', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin', 'manager', 'fieldworker', 'evaluator']);
      const hubStaff = await seedOrg(t, 'network_hub', ['network', 'manager']);
      const tries: [SeededOrg, string][] = [
        [org, 'admin'],
        [org, 'manager'],
        [org, 'fieldworker'],
        [org, 'evaluator'],
        [hubStaff, 'network'],
        [hubStaff, 'manager'],
      ];
      const name = uniqueName('Tổ chức lậu');
      for (const [o, role] of tries) {
        const res = await (await loggedIn(t, o, role)).post('/api/organisations', { name, kind: 'community_organisation' });
        expect(res.status, role).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      const anonymous = await new Client(t.baseUrl).post('/api/organisations', { name, kind: 'community_organisation' });
      expect(anonymous.status).toBe(401);
      expect((await hubAdmin.get('/api/organisations')).body.map((o: { name: string }) => o.name)).not.toContain(name);
    });

    it('lets an organisation’s administrator edit its name, province and time zone, but not its kind or active state', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin', 'manager']);
      const admin = await loggedIn(t, org, 'admin');
      const name = uniqueName('Nhóm Đổi Tên');
      const res = await admin.patch(`/api/organisations/${org.orgId}`, { name, provinceId: 'da-nang', timeZone: 'Asia/Ho_Chi_Minh' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: org.orgId, name, provinceId: 'da-nang', kind: 'community_organisation', active: true });

      for (const patch of [{ kind: 'clinic' }, { active: false }, { name: uniqueName('Lén'), kind: 'network_hub' }]) {
        const refused = await admin.patch(`/api/organisations/${org.orgId}`, patch);
        expect(refused.status, JSON.stringify(patch)).toBe(403);
      }
      const after = (await admin.get(`/api/organisations/${org.orgId}`)).body;
      expect(after).toEqual(res.body);

      const manager = await loggedIn(t, org, 'manager');
      expect((await manager.get(`/api/organisations/${org.orgId}`)).status).toBe(200);
      expect((await manager.patch(`/api/organisations/${org.orgId}`, { name: uniqueName('Quản lý đổi') })).status).toBe(403);
    });

    it('shows a member only their own organisations; the hub’s administrator sees them all', async () => {
      const a = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const b = await seedOrg(t, 'clinic', ['admin']);
      const listA = (await (await loggedIn(t, a, 'fieldworker')).get('/api/organisations')).body;
      expect(listA.map((o: { id: string }) => o.id)).toEqual([a.orgId]);
      const all = (await hubAdmin.get('/api/organisations')).body.map((o: { id: string }) => o.id);
      expect(all).toEqual(expect.arrayContaining([a.orgId, b.orgId, hub.orgId]));
    });

    it('refuses to deactivate the network’s only hub or change its kind, which would leave no one to govern the network', async () => {
      // A test app of its own: other tests here may make more hubs.
      const own = await startTestApp(dialect);
      try {
        const onlyHub = await seedOrg(own, 'network_hub', ['admin']);
        const admin = await loggedIn(own, onlyHub, 'admin');
        for (const patch of [{ active: false }, { kind: 'community_organisation' }]) {
          const res = await admin.patch(`/api/organisations/${onlyHub.orgId}`, patch);
          expect(res.status, JSON.stringify(patch)).toBe(422);
          expect(res.body.code).toBe('LAST_HUB');
        }
        expect((await admin.get('/api/me')).body.isHubAdmin).toBe(true);
        expect((await admin.patch(`/api/organisations/${onlyHub.orgId}`, { provinceId: 'hue' })).status).toBe(200);

        // With a second active hub, the first may step down.
        const second = (await admin.post('/api/organisations', { name: uniqueName('Hub thứ hai'), kind: 'network_hub' })).body;
        expect((await admin.patch(`/api/organisations/${onlyHub.orgId}`, { kind: 'social_enterprise' })).status).toBe(200);
        // Its administrator is then no longer the network's, and cannot touch the other hub.
        expect((await admin.get('/api/me')).body.isHubAdmin).toBe(false);
        expect((await admin.patch(`/api/organisations/${second.id}`, { active: false })).status).toBe(403);
      } finally {
        await own.close();
      }
    });

    it('ends the permissions of a deactivated organisation’s members', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      expect((await admin.get(`/api/organisations/${org.orgId}/sites`)).status).toBe(200);
      expect((await hubAdmin.patch(`/api/organisations/${org.orgId}`, { active: false })).status).toBe(200);
      expect((await admin.get(`/api/organisations/${org.orgId}/sites`)).status).toBe(403);
      expect((await admin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm Sau', kind: 'online', provinceId: 'ha-noi' })).status).toBe(403);
      expect((await hubAdmin.patch(`/api/organisations/${org.orgId}`, { active: true })).status).toBe(200);
      expect((await admin.get(`/api/organisations/${org.orgId}/sites`)).status).toBe(200);
    });
  });

  describe('sites', () => {
    it.each(SITE_KINDS)('an administrator creates, edits and lists a %s', async (kind) => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const created = await admin.post(`/api/organisations/${org.orgId}/sites`, { name: ' Điểm Hoa Mai ', kind, provinceId: 'ho-chi-minh' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ orgId: org.orgId, name: 'Điểm Hoa Mai', kind, provinceId: 'ho-chi-minh', active: true });

      const otherKind = SITE_KINDS.find((k) => k !== kind)!;
      const edited = await admin.patch(`/api/organisations/${org.orgId}/sites/${created.body.id}`, {
        name: 'Điểm Hoa Đào',
        kind: otherKind,
        provinceId: 'tay-ninh',
        active: false,
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toEqual({ ...created.body, name: 'Điểm Hoa Đào', kind: otherKind, provinceId: 'tay-ninh', active: false });

      const list = await admin.get(`/api/organisations/${org.orgId}/sites`);
      expect(list.status).toBe(200);
      expect(list.body).toEqual([edited.body]);
    });

    it('accepts every one of the 34 provinces, and lists sites by name', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const provinces = (await admin.get('/api/provinces')).body as { id: string }[];
      expect(provinces).toHaveLength(34);
      for (const [i, p] of provinces.entries()) {
        const res = await admin.post(`/api/organisations/${org.orgId}/sites`, { name: `Điểm ${String(34 - i).padStart(2, '0')}`, kind: 'outreach_area', provinceId: p.id });
        expect(res.status, p.id).toBe(201);
      }
      const list = (await admin.get(`/api/organisations/${org.orgId}/sites`)).body as { name: string; provinceId: string }[];
      expect(list).toHaveLength(34);
      expect(list.map((s) => s.name)).toEqual([...list.map((s) => s.name)].sort());
      expect(new Set(list.map((s) => s.provinceId)).size).toBe(34);
    });

    it('refuses a province that is not one of the 34 (or is missing) → 400, and writes nothing', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      for (const provinceId of ['ha-giang', 'HA-NOI', '', null, 12]) {
        const res = await admin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm Sai', kind: 'online', provinceId });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION', field: 'provinceId' });
      }
      expect((await admin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm Thiếu', kind: 'online' })).status).toBe(400);
      const site = (await admin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm Đúng', kind: 'online', provinceId: 'ha-noi' })).body;
      const bad = await admin.patch(`/api/organisations/${org.orgId}/sites/${site.id}`, { provinceId: 'binh-duong' });
      expect(bad.status).toBe(400);
      expect((await admin.get(`/api/organisations/${org.orgId}/sites`)).body).toEqual([site]);
    });

    it('refuses a second site with the same name in one organisation → 409 SITE_NAME_TAKEN, but allows it in another', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const other = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const first = await admin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm Cầu Giấy', kind: 'drop_in_centre', provinceId: 'ha-noi' });
      expect(first.status).toBe(201);
      for (const name of ['Điểm Cầu Giấy', 'ĐIỂM CẦU GIẤY', ' điểm cầu giấy ']) {
        const dup = await admin.post(`/api/organisations/${org.orgId}/sites`, { name, kind: 'online', provinceId: 'hue' });
        expect(dup.status, name).toBe(409);
        expect(dup.body).toMatchObject({ code: 'SITE_NAME_TAKEN', field: 'name' });
      }
      const second = (await admin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm Ba Đình', kind: 'online', provinceId: 'ha-noi' })).body;
      const rename = await admin.patch(`/api/organisations/${org.orgId}/sites/${second.id}`, { name: 'Điểm Cầu Giấy' });
      expect(rename.status).toBe(409);
      expect(rename.body.code).toBe('SITE_NAME_TAKEN');
      expect((await admin.get(`/api/organisations/${org.orgId}/sites`)).body).toEqual([second, first.body]);

      const elsewhere = await (await loggedIn(t, other, 'admin')).post(`/api/organisations/${other.orgId}/sites`, { name: 'Điểm Cầu Giấy', kind: 'online', provinceId: 'ha-noi' });
      expect(elsewhere.status).toBe(201);
    });

    it('lets members read sites but only administrators manage them', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin', 'manager', 'fieldworker', 'clinician', 'trainer', 'evaluator', 'network']);
      const admin = await loggedIn(t, org, 'admin');
      const site = (await admin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm Chung', kind: 'online', provinceId: 'ha-noi' })).body;
      for (const role of ['manager', 'fieldworker', 'clinician', 'trainer', 'evaluator', 'network']) {
        const c = await loggedIn(t, org, role);
        expect((await c.get(`/api/organisations/${org.orgId}/sites`)).body, role).toEqual([site]);
        expect((await c.post(`/api/organisations/${org.orgId}/sites`, { name: `Điểm của ${role}`, kind: 'online', provinceId: 'ha-noi' })).status, role).toBe(403);
        expect((await c.patch(`/api/organisations/${org.orgId}/sites/${site.id}`, { active: false })).status, role).toBe(403);
      }
      expect((await admin.get(`/api/organisations/${org.orgId}/sites`)).body).toEqual([site]);
    });

    it('lets the hub’s administrator manage the sites of any organisation', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const res = await hubAdmin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm Từ Hub', kind: 'online', provinceId: 'hue' });
      expect(res.status).toBe(201);
      expect((await (await loggedIn(t, org, 'admin')).get(`/api/organisations/${org.orgId}/sites`)).body).toEqual([res.body]);
    });

    it('answers 404 for a site or an organisation that does not exist, and writes nothing', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const res = await admin.patch(`/api/organisations/${org.orgId}/sites/${MISSING_ID}`, { name: 'Điểm Ma' });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');

      // The hub's administrator holds site.manage everywhere, even where there is nothing.
      const ghost = await hubAdmin.post(`/api/organisations/${MISSING_ID}/sites`, { name: 'Điểm Ma', kind: 'online', provinceId: 'ha-noi' });
      expect(ghost.status).toBe(404);
      expect(ghost.body.code).toBe('NOT_FOUND');
      const ghostList = await hubAdmin.get(`/api/organisations/${MISSING_ID}/sites`);
      expect(ghostList.status).toBe(404);
    });
  });
});
