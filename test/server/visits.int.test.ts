import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertSite } from '../../src/server/organisations/store.ts';
import { Client, loggedIn, seedOrg, startTestApp, uniqueName, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

/** Invented visiting organisations and host staff only. */
const visitBody = (over: Record<string, unknown> = {}) => ({
  visitorName: 'Mạng lưới Giảm hại Mekong (invented)',
  visitorKind: 'ngo',
  country: 'KH',
  people: 3,
  from: '2026-09-14',
  to: '2026-09-15',
  programme: [
    { day: '2026-09-14', start: '09:00', end: '11:00', activity: 'drop_in', staff: 'Anh Bình (invented)' },
    { day: '2026-09-15', start: '19:00', activity: 'outreach' },
  ],
  ...over,
});

describe.each(testDialects())('exchange visits, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const base = (orgId: string) => `/api/organisations/${orgId}/visits`;

  async function host(roles: Parameters<typeof seedOrg>[2] = ['manager', 'trainer', 'fieldworker', 'evaluator']): Promise<SeededOrg & { siteId: string }> {
    const org = await seedOrg(t, 'community_organisation', roles);
    const site = await asSystem(t.ctx.db.kysely, (tx) => insertSite(tx, org.orgId, { name: uniqueName('Điểm Hà Nội'), kind: 'drop_in_centre', provinceId: 'ha-noi' }));
    return { ...org, siteId: site.id };
  }

  async function doneVisit(client: Client, orgId: string, over: Record<string, unknown> = {}): Promise<string> {
    const created = await client.post(base(orgId), visitBody(over));
    expect(created.status).toBe(201);
    const done = await client.post(`${base(orgId)}/${created.body.id}/status`, { status: 'done' });
    expect(done.status).toBe(200);
    return created.body.id;
  }

  it('lets a manager record, list, edit and open a visit, and a trainer too', async () => {
    const org = await host();
    const manager = await loggedIn(t, org, 'manager');
    const body = visitBody({ programme: [{ day: '2026-09-14', start: '09:00', activity: 'drop_in', siteId: org.siteId, staff: 'Chị Hoa (invented)' }] });
    const created = await manager.post(base(org.orgId), body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, orgId: org.orgId, status: 'planned', version: 1, feedbackCount: 0 });

    const list = await manager.get(base(org.orgId));
    expect(list.status).toBe(200);
    expect(list.body.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(list.body.visits.map((v: { id: string }) => v.id)).toEqual([created.body.id]);

    const trainer = await loggedIn(t, org, 'trainer');
    const edited = await trainer.request('PUT', `${base(org.orgId)}/${created.body.id}`, { version: 1, visit: { ...body, people: 5 } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ people: 5, version: 2 });
    // The manager's page still holds version 1: refused, saying what to do.
    const stale = await manager.request('PUT', `${base(org.orgId)}/${created.body.id}`, { version: 1, visit: body });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VISIT_EDITED_ELSEWHERE', message: expect.stringContaining('Open it again') });

    const one = await manager.get(`${base(org.orgId)}/${created.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ visit: { id: created.body.id, people: 5 }, feedback: [] });
  });

  it('answers bad input with a message naming the field, and writes nothing', async () => {
    const org = await host();
    const manager = await loggedIn(t, org, 'manager');
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [visitBody({ to: '2026-10-20' }), 'to', /at most 30 days/],
      [visitBody({ provinceId: 'ha-noi' }), 'provinceId', /one of the two/],
      [visitBody({ country: 'VN' }), 'country', /choose the province instead/],
      [visitBody({ people: 0 }), 'people', /at least 1/],
      [visitBody({ programme: [{ day: '2026-09-20', start: '09:00', activity: 'clinic' }] }), 'programme.0.day', /day of the visit/],
      [visitBody({ nationalIds: ['x'] }), 'nationalIds', /not allowed/],
    ];
    for (const [body, field, message] of cases) {
      const res = await manager.post(base(org.orgId), body);
      expect(res.status, field).toBe(400);
      expect(res.body.code).toBe('VALIDATION');
      expect(res.body.field).toBe(field);
      expect(res.body.message).toMatch(message);
    }
    const other = await host();
    const foreignSite = await manager.post(base(org.orgId), visitBody({ programme: [{ day: '2026-09-14', start: '09:00', activity: 'drop_in', siteId: other.siteId }] }));
    expect(foreignSite.status).toBe(400);
    expect(foreignSite.body).toMatchObject({ code: 'VISIT_SITE_UNKNOWN', field: 'programme.0.siteId', message: expect.stringContaining('Programme item 1') });
    expect((await manager.get(base(org.orgId))).body.visits).toEqual([]);
    // Vietnamese messages for Vietnamese readers.
    const vi = new Client(t.baseUrl, 'vi');
    await vi.login(org.users.manager!.username, org.users.manager!.password);
    expect((await vi.post(base(org.orgId), visitBody({ programme: [{ day: '2026-09-14', start: '09:00', activity: 'drop_in', siteId: other.siteId }] }))).body.message).toMatch(/^Mục 1 của chương trình/);
  });

  it('keeps the status rules: done from the first day, no cancelling what took place, back to planned only without feedback', async () => {
    const org = await host();
    const manager = await loggedIn(t, org, 'manager');
    const future = await manager.post(base(org.orgId), visitBody({ from: '2099-01-05', to: '2099-01-06', programme: [] }));
    const early = await manager.post(`${base(org.orgId)}/${future.body.id}/status`, { status: 'done' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('VISIT_NOT_STARTED');
    expect((await manager.post(`${base(org.orgId)}/${future.body.id}/status`, { status: 'cancelled' })).body.status).toBe('cancelled');
    expect((await manager.post(`${base(org.orgId)}/${future.body.id}/status`, { status: 'done' })).body.code).toBe('VISIT_CANCELLED');

    const id = await doneVisit(manager, org.orgId);
    expect((await manager.post(`${base(org.orgId)}/${id}/status`, { status: 'cancelled' })).body.code).toBe('VISIT_DONE_CANNOT_CANCEL');
    expect((await manager.post(`${base(org.orgId)}/${id}/feedback`, { respondent: 'group', ratings: { hosts: 5 } })).status).toBe(201);
    expect((await manager.post(`${base(org.orgId)}/${id}/status`, { status: 'planned' })).body.code).toBe('VISIT_HAS_FEEDBACK');
    // A done visit cannot be moved into the future by an edit.
    const moved = await manager.request('PUT', `${base(org.orgId)}/${id}`, { version: 2, visit: visitBody({ from: '2099-01-05', to: '2099-01-06', programme: [] }) });
    expect(moved.body.code).toBe('VISIT_NOT_STARTED');
  });

  it('records feedback per person and once per group, seals its free text at rest, and audits every write', async () => {
    const org = await host();
    const manager = await loggedIn(t, org, 'manager');
    const id = await doneVisit(manager, org.orgId, { people: 2 });
    const takeHome = 'Cách chị Lan (invented) mở đầu buổi nhóm';
    const first = await manager.post(`${base(org.orgId)}/${id}/feedback`, { respondent: 'person', ratings: { programme: 5, services: 4 }, takeHome, suggestions: 'More time at outreach' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ respondent: 'person', ratings: { programme: 5, services: 4 }, takeHome });
    expect((await manager.post(`${base(org.orgId)}/${id}/feedback`, { respondent: 'person', ratings: { programme: 3 } })).status).toBe(201);
    const third = await manager.post(`${base(org.orgId)}/${id}/feedback`, { respondent: 'person', ratings: { programme: 3 } });
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'VISIT_FEEDBACK_FULL', message: expect.stringContaining('already 2 personal forms') });
    expect((await manager.post(`${base(org.orgId)}/${id}/feedback`, { respondent: 'group', ratings: { usefulness: 5 } })).status).toBe(201);
    expect((await manager.post(`${base(org.orgId)}/${id}/feedback`, { respondent: 'group', ratings: { usefulness: 5 } })).body.code).toBe('VISIT_GROUP_FEEDBACK_TAKEN');
    const bad = await manager.post(`${base(org.orgId)}/${id}/feedback`, { respondent: 'person', ratings: { programme: 6 } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('ratings.programme');

    const one = await manager.get(`${base(org.orgId)}/${id}`);
    expect(one.body.visit.feedbackCount).toBe(3);
    expect(one.body.feedback[0]).toMatchObject({ takeHome, suggestions: 'More time at outreach' });

    const rows = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('exchange_visit_feedback').selectAll().where('visit_id', '=', id).execute());
    expect(rows).toHaveLength(3);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain('chị Lan');
    expect(raw).not.toContain('outreach');
    expect(rows[0]!.text_enc).toMatch(/^v1:/);
    expect(rows[1]!.text_enc).toBeNull();

    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'entity_id', 'actor_role']).where('org_id', '=', org.orgId).orderBy('seq').execute());
    expect(audit.map((a) => a.action)).toEqual(['visit.create', 'visit.done', 'visit.feedback', 'visit.feedback', 'visit.feedback']);
    expect(audit.every((a) => a.entity_id === id && a.actor_role === 'manager')).toBe(true);
  });

  it('refuses a fieldworker, an evaluator and another organisation’s manager the visits', async () => {
    const org = await host();
    const other = await host(['manager']);
    const id = await doneVisit(await loggedIn(t, org, 'manager'), org.orgId);
    for (const role of ['fieldworker', 'evaluator']) {
      const c = await loggedIn(t, org, role);
      expect((await c.get(base(org.orgId))).status, role).toBe(403);
      expect((await c.post(base(org.orgId), visitBody())).status, role).toBe(403);
    }
    const stranger = await loggedIn(t, other, 'manager');
    expect((await stranger.get(`${base(org.orgId)}/${id}`)).status).toBe(403);
    expect((await stranger.post(`${base(org.orgId)}/${id}/feedback`, { respondent: 'group', ratings: { hosts: 1 } })).status).toBe(403);
    // Their own organisation's address with this visit's id finds nothing.
    expect((await stranger.get(`${base(other.orgId)}/${id}`)).status).toBe(404);
    expect((await stranger.post(`${base(other.orgId)}/${id}/status`, { status: 'cancelled' })).status).toBe(404);
  });

  describe('the dashboard route', () => {
    const summary = (scope: string, period = '2026-09', kind = 'month') => `/api/reports/visits?scope=${scope}&periodKind=${kind}&period=${period}`;
    const last = (body: { periods: Array<Record<string, unknown>> }) => body.periods.at(-1)!;

    it('shows a manager their organisation, the network every organisation, an evaluator theirs; refuses the rest', async () => {
      const a = await host();
      const b = await host(['manager']);
      const ma = await loggedIn(t, a, 'manager');
      const visit = await doneVisit(ma, a.orgId, { people: 7 });
      await ma.post(`${base(a.orgId)}/${visit}/feedback`, { respondent: 'group', ratings: { programme: 4, hosts: 5 }, suggestions: 'Xin gặp chị Mai (invented)' });
      await ma.post(`${base(a.orgId)}/${visit}/feedback`, { respondent: 'person', ratings: { programme: 5 } });
      await doneVisit(await loggedIn(t, b, 'manager'), b.orgId, { people: 4, country: undefined, provinceId: 'da-nang', visitorKind: 'university', visitorName: 'Đại học Đà Nẵng (invented)' });
      // Planned and cancelled visits are not counted.
      await ma.post(base(a.orgId), visitBody({ people: 100 }));

      const own = await ma.get(summary(a.orgId));
      expect(own.status).toBe(200);
      expect(own.body.periods).toHaveLength(12);
      expect(last(own.body)).toMatchObject({
        period: '2026-09',
        visits: 1,
        visitors: 7,
        organisations: 1,
        origins: [{ kind: 'country', code: 'KH', visits: 1, visitors: 7 }],
        feedbackForms: 2,
        ratings: [
          { aspect: 'programme', mean: 4.5, responses: 2 },
          { aspect: 'services', mean: null, responses: 0 },
          { aspect: 'hosts', mean: 5, responses: 1 },
          { aspect: 'usefulness', mean: null, responses: 0 },
        ],
      });
      // No name and no free text in what the dashboard gets.
      expect(JSON.stringify(own.body)).not.toMatch(/Mekong|Mai|invented/);

      const hub = await seedOrg(t, 'network_hub', ['network', 'evaluator']);
      const network = await loggedIn(t, hub, 'network');
      const all = await network.get(summary('network'));
      expect(all.status).toBe(200);
      const sept = last(all.body) as { visits: number; visitors: number; origins: Array<{ code: string }> };
      // Other tests of this file add visits to September too: at least these two are there.
      expect(sept.visits).toBeGreaterThanOrEqual(2);
      expect(sept.origins.map((o) => o.code)).toEqual(expect.arrayContaining(['KH', 'da-nang']));
      expect((await network.get(summary(b.orgId))).status).toBe(200);

      const evaluator = await loggedIn(t, a, 'evaluator');
      expect(last((await evaluator.get(summary(a.orgId))).body)).toMatchObject({ visits: 1, visitors: 7 });
      expect((await evaluator.get(summary(b.orgId))).status).toBe(403);
      // An evaluator of one organisation: "network" is that organisation alone.
      expect(last((await evaluator.get(summary('network'))).body)).toMatchObject({ visits: 1, visitors: 7 });

      const quarter = await ma.get(summary(a.orgId, '2026-Q3', 'quarter'));
      expect(last(quarter.body)).toMatchObject({ period: '2026-Q3', visits: 1 });

      for (const scope of [b.orgId, 'network']) {
        const res = await ma.get(summary(scope));
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('REPORT_SCOPE_FORBIDDEN');
      }
      expect((await (await loggedIn(t, a, 'fieldworker')).get(summary(a.orgId))).status).toBe(403);
      expect((await (await loggedIn(t, a, 'trainer')).get(summary(a.orgId))).status).toBe(403);
    });

    it('refuses a period that does not match its kind, with a message', async () => {
      const a = await host(['manager']);
      const ma = await loggedIn(t, a, 'manager');
      const res = await ma.get(summary(a.orgId, '2026-Q3', 'month'));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION', field: 'querystring.period' });
    });
  });
});
