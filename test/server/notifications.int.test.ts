import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/scope.ts';
import { loggedIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { Device, seedFieldOrg, type FieldOrg } from '../helpers/field.ts';
import { openCrisisEpisode, PHQ9_MILD_WITH_ITEM9, PHQ9_MODERATE, recordScreening } from '../helpers/mental-health.ts';

const ROLES = ['admin', 'manager', 'fieldworker', 'clinician'] as const;

describe.each(testDialects())('notifications of emergencies and suicide risk, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  async function pushAsWorker(org: FieldOrg, build: (d: Device) => { m: unknown }[] | unknown[]) {
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const mutations = build(device).map((x) => (x && typeof x === 'object' && 'm' in x ? (x as { m: unknown }).m : x));
    const res = await worker.post('/api/sync/push', device.push(mutations as never));
    expect(res.status).toBe(200);
    return res;
  }

  it('tells the managers and clinicians of the organisation (only) of a PHQ-9 item 9 above 0, whatever the total', async () => {
    const org = await seedFieldOrg(t, [...ROLES]);
    const other = await seedFieldOrg(t, [...ROLES]);
    const device = new Device(org);
    const reg = device.registerClient('NTPHM92');
    const risky = recordScreening(device, reg.clientId, 'phq9', PHQ9_MILD_WITH_ITEM9);
    const calm = recordScreening(device, reg.clientId, 'phq9', PHQ9_MODERATE);
    const worker = await loggedIn(t, org, 'fieldworker');
    const res = await worker.post('/api/sync/push', device.push([reg.m, risky.m, calm.m]));
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied']);

    for (const role of ['manager', 'clinician'] as const) {
      const person = await loggedIn(t, org, role);
      const list = await person.get('/api/notifications');
      expect(list.status, role).toBe(200);
      expect(list.body.unread).toBe(1);
      expect(list.body.items).toEqual([
        expect.objectContaining({ orgId: org.orgId, kind: 'suicide_risk', clientId: reg.clientId, uic: 'NTPHM92', screeningId: risky.screeningId, read: false, level: null, redFlags: [] }),
      ]);
      expect(list.body.items[0].orgName).toMatch(/^Tổ chức thử/);
      expect(list.body.items[0].openedByName).toBe(org.users.fieldworker!.username);
    }
    // The clinician is told the code and the situation, never given the client's record.
    const clinician = await loggedIn(t, org, 'clinician');
    expect((await clinician.get(`/api/organisations/${org.orgId}/clients/${reg.clientId}`)).status).toBe(403);
    expect((await clinician.get(`/api/organisations/${org.orgId}/clients/${reg.clientId}/mental-health`)).status).toBe(403);

    // Not a fieldworker, an admin, nor anyone of another organisation.
    expect((await (await loggedIn(t, org, 'fieldworker')).get('/api/notifications')).status).toBe(403);
    expect((await (await loggedIn(t, org, 'admin')).get('/api/notifications')).status).toBe(403);
    const theirManager = await loggedIn(t, other, 'manager');
    expect((await theirManager.get('/api/notifications')).body).toEqual({ unread: 0, items: [] });
    const id = (await clinician.get('/api/notifications')).body.items[0].id;
    expect((await theirManager.post(`/api/notifications/${id}/read`)).status).toBe(404);

    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'actor_user_id']).where('org_id', '=', org.orgId).execute());
    expect(audit.filter((a) => a.action === 'notification.raise_suicide_risk')).toHaveLength(1);
    expect(audit.some((a) => a.action === 'notification.list' && a.actor_user_id === org.users.clinician!.userId)).toBe(true);
  });

  it('notifies of emergency and urgent episodes opened offline when they sync, and of a C-SSRS moderate risk, not of acute ones', async () => {
    const org = await seedFieldOrg(t, [...ROLES]);
    const manager = await loggedIn(t, org, 'manager');
    expect((await manager.get('/api/notifications')).body).toEqual({ unread: 0, items: [] });
    let emergency = '';
    let urgent = '';
    let suicidal = '';
    await pushAsWorker(org, (d) => {
      const e = openCrisisEpisode(d, null, { redFlags: ['seizure'], level: 'acute', at: new Date(Date.now() - 3 * 3600_000).toISOString() });
      const u = openCrisisEpisode(d, null, { redFlags: ['aggression'], level: 'urgent' });
      const s = openCrisisEpisode(d, null, { redFlags: ['suicidal_thoughts'], cssrsBand: 'moderate', level: 'urgent' });
      emergency = e.episodeId;
      urgent = u.episodeId;
      suicidal = s.episodeId;
      return [e, u, s, openCrisisEpisode(d, null, { redFlags: ['panic'] }), openCrisisEpisode(d, null, { redFlags: [] })];
    });
    const list = await manager.get('/api/notifications');
    expect(list.body.unread).toBe(3);
    const byEpisode = new Map(list.body.items.map((n: { episodeId: string }) => [n.episodeId, n]));
    expect(byEpisode.get(emergency)).toMatchObject({ kind: 'emergency', level: 'emergency', redFlags: ['seizure'], clientId: null, uic: null });
    expect(byEpisode.get(urgent)).toMatchObject({ kind: 'urgent', level: 'urgent', redFlags: ['aggression'] });
    expect(byEpisode.get(suicidal)).toMatchObject({ kind: 'suicide_risk', level: 'urgent', redFlags: ['suicidal_thoughts'] });
    expect(byEpisode.size).toBe(3);
  });

  it('keeps read marks per person: one marks one read, another still sees it unread; read-all clears only one’s own', async () => {
    const org = await seedFieldOrg(t, [...ROLES]);
    await pushAsWorker(org, (d) => [openCrisisEpisode(d, null, { redFlags: ['unconscious'] }), openCrisisEpisode(d, null, { redFlags: ['breathing_trouble'] }), openCrisisEpisode(d, null, { redFlags: ['psychosis'] })]);
    const manager = await loggedIn(t, org, 'manager');
    const clinician = await loggedIn(t, org, 'clinician');
    const first = await manager.get('/api/notifications');
    expect(first.body.unread).toBe(3);
    const [newest, ...rest] = first.body.items;
    expect(rest).toHaveLength(2);

    expect((await manager.post(`/api/notifications/${newest.id}/read`)).body).toEqual({ ok: true });
    expect((await manager.post(`/api/notifications/${newest.id}/read`)).body).toEqual({ ok: true });
    const after = await manager.get('/api/notifications');
    expect(after.body.unread).toBe(2);
    expect(after.body.items.find((n: { id: string }) => n.id === newest.id).read).toBe(true);
    expect((await clinician.get('/api/notifications')).body.unread).toBe(3);

    // The menu badge's count agrees with the list, and asking it leaves no audit row (it shows no code).
    const auditRows = async () => (await t.ctx.db.kysely.selectFrom('audit_log').select('action').where('org_id', '=', org.orgId).execute()).length;
    const before = await auditRows();
    expect((await clinician.get('/api/notifications/unread')).body).toEqual({ unread: 3 });
    expect((await manager.get('/api/notifications/unread')).body).toEqual({ unread: 2 });
    expect(await auditRows()).toBe(before);
    expect((await (await loggedIn(t, org, 'fieldworker')).get('/api/notifications/unread')).status).toBe(403);

    expect((await manager.post('/api/notifications/read-all')).body).toEqual({ ok: true });
    expect((await manager.get('/api/notifications')).body.unread).toBe(0);
    expect((await manager.get('/api/notifications/unread')).body).toEqual({ unread: 0 });
    expect((await clinician.get('/api/notifications')).body.unread).toBe(3);
    expect((await clinician.post('/api/notifications/019b0000-0000-7000-8000-0000000000aa/read')).status).toBe(404);

    // A new alarm after read-all is unread again.
    await pushAsWorker(org, (d) => [openCrisisEpisode(d, null, { redFlags: ['overheating'] })]);
    const latest = await manager.get('/api/notifications');
    expect(latest.body.unread).toBe(1);
    expect(latest.body.items[0]).toMatchObject({ redFlags: ['overheating'], read: false });
  });

  it('lists the notifications of every organisation where the person is a manager or clinician', async () => {
    const a = await seedFieldOrg(t, [...ROLES]);
    const b = await seedFieldOrg(t, [...ROLES]);
    await asSystem(t.ctx.db.kysely, (tx) => tx.insertInto('memberships').values({ user_id: a.users.clinician!.userId, org_id: b.orgId, role: 'clinician' }).execute());
    await pushAsWorker(a, (d) => [openCrisisEpisode(d, null, { redFlags: ['chest_pain'] })]);
    await pushAsWorker(b, (d) => [openCrisisEpisode(d, null, { redFlags: ['aggression'] })]);
    const clinician = await loggedIn(t, a, 'clinician');
    const list = await clinician.get('/api/notifications');
    expect(list.body.unread).toBe(2);
    expect(list.body.items.map((n: { orgId: string; kind: string }) => `${n.orgId === a.orgId ? 'a' : 'b'} ${n.kind}`).sort()).toEqual(['a emergency', 'b urgent']);
    expect((await clinician.post('/api/notifications/read-all')).body).toEqual({ ok: true });
    expect((await clinician.get('/api/notifications')).body.unread).toBe(0);
    expect((await (await loggedIn(t, b, 'manager')).get('/api/notifications')).body.unread).toBe(1);
  });
});
