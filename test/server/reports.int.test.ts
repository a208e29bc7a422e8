import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/scope.ts';
import { Client, loggedIn, seedOrg, startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { INDICATORS } from '../../src/core/indicators/definitions.ts';
import { hasSql } from '../../src/server/indicators/compute.ts';
import { addAnonymous, addClient, addContact, seedReportingOrg, type ReportingOrg } from '../helpers/indicators.ts';
import { addProvider } from '../helpers/referrals.ts';

const BOM = [0xef, 0xbb, 0xbf];

/** The exact bytes of a download (fetch's text() would drop the BOM). */
async function bytesOf(t: TestApp, client: Client, path: string, lang = 'vi'): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const cookie = (client as unknown as { cookie: string }).cookie;
  const res = await fetch(t.baseUrl + path, { headers: { cookie, 'accept-language': lang } });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}
const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe.each(testDialects())('reports: dashboards, indicator tables, CSV and line lists, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /**
   * An organisation with a manager, an evaluator and a fieldworker: in November 2026 two men
   * reached at the Hà Nội site (a cell of 2); in October six people, three of each sex.
   */
  async function smallOrg(): Promise<ReportingOrg & { clients: string[] }> {
    const org = await seedReportingOrg(t, ['manager', 'evaluator', 'fieldworker']);
    const a = await addClient(t, org, { sexAtBirth: 'M' });
    const b = await addClient(t, org, { sexAtBirth: 'M' });
    await addContact(t, org, a, { at: '2026-11-03T02:00:00Z' });
    await addContact(t, org, b, { at: '2026-11-04T02:00:00Z' });
    const clients = [a, b];
    for (let i = 0; i < 6; i++) {
      const c = await addClient(t, org, { sexAtBirth: i % 2 ? 'M' : 'F' });
      clients.push(c);
      await addContact(t, org, c, { at: '2026-10-10T02:00:00Z' });
    }
    return { ...org, clients };
  }

  const table = (scope: string, extra = '') => `/api/reports/indicators/people_reached?scope=${scope}&periodKind=month&from=2026-10-01&to=2026-11-30${extra}`;
  const november = (body: { cells: { period: string }[] }) => body.cells.filter((c) => c.period === '2026-11');

  it('shows a manager their organisation in full, a cell of 2 people included', async () => {
    const org = await smallOrg();
    const manager = await loggedIn(t, org, 'manager');
    const res = await manager.get(table(org.orgId, '&by=sex_at_birth'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ indicatorId: 'people_reached', periods: ['2026-10', '2026-11'], dimensions: ['sex_at_birth'], suppressed: false });
    expect(res.body.totals).toEqual([
      { period: '2026-10', value: 6, flag: null },
      { period: '2026-11', value: 2, flag: null },
    ]);
    expect(november(res.body)).toEqual([{ period: '2026-11', keys: ['M'], value: 2, flag: null }]);
    // Sites are named (read by id), in both languages.
    const bySite = await manager.get(table(org.orgId, '&by=site'));
    expect(Object.keys(bySite.body.labels.site)).toEqual([org.siteIds[0]]);
    expect(bySite.body.labels.site[org.siteIds[0]].vi).toMatch(/^Điểm Hà Nội/);
  });

  it('shows an evaluator of the organisation, and the network role at the hub, the same figures suppressed', async () => {
    const org = await smallOrg();
    const hub = await seedOrg(t, 'network_hub', ['network', 'evaluator']);
    const viewers = [await loggedIn(t, org, 'evaluator'), await loggedIn(t, hub, 'network'), await loggedIn(t, hub, 'evaluator')];
    for (const viewer of viewers) {
      const res = await viewer.get(table(org.orgId, '&by=sex_at_birth'));
      expect(res.status).toBe(200);
      expect(res.body.suppressed).toBe(true);
      expect(res.body.totals).toEqual([
        { period: '2026-10', value: 6, flag: null },
        { period: '2026-11', value: null, flag: 'suppressed' },
      ]);
      expect(november(res.body)).toEqual([{ period: '2026-11', keys: ['M'], value: null, flag: 'suppressed' }]);
      // October: 3 women and 3 men, each under 5: both hidden, the total of 6 shown.
      expect(res.body.cells.filter((c: { period: string }) => c.period === '2026-10').map((c: { value: unknown; flag: unknown }) => [c.value, c.flag])).toEqual([
        [null, 'suppressed'],
        [null, 'suppressed'],
      ]);
    }
    // The network view adds every organisation up and still publishes no count of 1–4.
    const network = await viewers[1]!.get(table('network', '&by=organisation'));
    expect(network.status).toBe(200);
    expect(network.body.suppressed).toBe(true);
    for (const f of [...network.body.cells, ...network.body.totals]) expect(f.value === null || f.value === 0 || f.value >= 5).toBe(true);
    expect(network.body.cells.find((c: { keys: string[] }) => c.keys[0] === org.orgId)).toMatchObject({ period: '2026-10', value: 6, flag: null });
    expect(network.body.labels.organisation[org.orgId].vi).toMatch(/^Tổ chức thử/);

    const scopes = await viewers[1]!.get('/api/reports/scopes');
    expect(scopes.body.scopes).toEqual([{ scope: 'network', name: expect.any(String), suppressed: true }]);
  });

  it('refuses a manager another organisation and the network view, with a message; refuses a fieldworker', async () => {
    const org = await smallOrg();
    const other = await smallOrg();
    const manager = await loggedIn(t, org, 'manager');
    for (const scope of [other.orgId, 'network']) {
      const res = await manager.get(table(scope));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'REPORT_SCOPE_FORBIDDEN', message: expect.stringContaining('organisations you manage or evaluate') });
      expect((await manager.get(`/api/reports/dashboard?scope=${scope}&periodKind=month&period=2026-11`)).status).toBe(403);
    }
    const fieldworker = await loggedIn(t, org, 'fieldworker');
    expect((await fieldworker.get(table(org.orgId))).status).toBe(403);
    expect((await fieldworker.get('/api/reports/scopes')).status).toBe(403);
    expect((await fieldworker.get(`/api/organisations/${org.orgId}/exports/clients?from=2026-10-01&to=2026-11-30`)).status).toBe(403);
    // An evaluator reads figures, never records.
    expect((await (await loggedIn(t, org, 'evaluator')).get(`/api/organisations/${org.orgId}/exports/clients?from=2026-10-01&to=2026-11-30`)).status).toBe(403);
    expect((await manager.get(`/api/organisations/${other.orgId}/exports/clients?from=2026-10-01&to=2026-11-30`)).status).toBe(403);
  });

  it('refuses a split the indicator has not, three splits, and too many periods, saying why', async () => {
    const org = await smallOrg();
    const manager = await loggedIn(t, org, 'manager');
    const unknown = await manager.get(table(org.orgId, '&by=happiness'));
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'REPORT_SPLIT_UNSUPPORTED', field: 'by', message: expect.stringContaining('This indicator cannot be split that way') });
    expect((await manager.get(table(org.orgId, '&by=sex_at_birth,age_band,site'))).status).toBe(400);
    expect((await manager.get(table(org.orgId, '&by=site,site'))).status).toBe(400);
    const long = await manager.get(`/api/reports/indicators/people_reached?scope=${org.orgId}&periodKind=month&from=2020-01-01&to=2026-12-31`);
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: 'REPORT_TOO_MANY_PERIODS', message: expect.stringContaining('84') });
    // Years over the same range are fine.
    expect((await manager.get(`/api/reports/indicators/people_reached?scope=${org.orgId}&periodKind=year&from=2020-01-01&to=2026-12-31`)).status).toBe(200);
    expect((await manager.get(`/api/reports/dashboard?scope=${org.orgId}&periodKind=quarter&period=2026-11`)).status).toBe(400);
  });

  it('counts none of another organisation’s records in an organisation’s figures', async () => {
    const org = await smallOrg();
    const other = await smallOrg();
    for (let i = 0; i < 7; i++) await addContact(t, other, other.clients[i % other.clients.length]!, { at: '2026-11-20T02:00:00Z' });
    const manager = await loggedIn(t, org, 'manager');
    const res = await manager.get(table(org.orgId, '&by=organisation'));
    expect(res.body.totals.map((x: { value: number }) => x.value)).toEqual([6, 2]);
    expect(new Set(res.body.cells.map((c: { keys: string[] }) => c.keys[0]))).toEqual(new Set([org.orgId]));
    const dash = await manager.get(`/api/reports/dashboard?scope=${org.orgId}&periodKind=month&period=2026-11`);
    expect(dash.body.headlines[0]).toMatchObject({ indicatorId: 'people_reached', current: { value: 2 }, previous: { value: 6 } });
  });

  it('answers the dashboard: headlines against the previous period, 12-period series, bars', async () => {
    const org = await smallOrg();
    const manager = await loggedIn(t, org, 'manager');
    const res = await manager.get(`/api/reports/dashboard?scope=${org.orgId}&periodKind=month&period=2026-11`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scope: org.orgId, name: expect.stringMatching(/^Tổ chức thử/), suppressed: false, period: { key: '2026-11' }, previous: { key: '2026-10' } });
    expect(res.body.headlines.map((h: { indicatorId: string }) => h.indicatorId)[0]).toBe('people_reached');
    const people = res.body.series.find((s: { indicatorId: string }) => s.indicatorId === 'people_reached');
    expect(people.periods).toHaveLength(12);
    expect(people.periods[11]).toBe('2026-11');
    expect(people.totals.slice(-2).map((x: { value: number }) => x.value)).toEqual([6, 2]);
    const bar = res.body.bars.find((b: { indicatorId: string; dimensions: string[] }) => b.indicatorId === 'people_reached');
    expect(bar).toMatchObject({ periods: ['2026-11'], dimensions: ['age_band', 'sex_at_birth'], cells: [{ keys: ['25_34', 'M'], value: 2, flag: null }] });
    expect(res.body.bars.some((b: { dimensions: string[] }) => b.dimensions.includes('organisation'))).toBe(false);

    const hub = await seedOrg(t, 'network_hub', ['network']);
    const network = await (await loggedIn(t, hub, 'network')).get('/api/reports/dashboard?scope=network&periodKind=quarter&period=2026-Q4');
    expect(network.status).toBe(200);
    expect(network.body.suppressed).toBe(true);
    expect(network.body.bars.some((b: { dimensions: string[] }) => b.dimensions.includes('organisation'))).toBe(true);
  });

  it('writes the indicator CSV as UTF-8 with a BOM, Vietnamese headers with diacritics and the suppressed note; audited', async () => {
    const org = await smallOrg();
    const path = table(org.orgId, '&by=sex_at_birth&format=csv');
    const manager = await bytesOf(t, await loggedIn(t, org, 'manager'), path);
    expect(manager.status).toBe(200);
    expect(manager.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(manager.headers.get('content-disposition')).toBe('attachment; filename="fieldlab-people_reached-2026-10-01-2026-11-30.csv"');
    expect([...manager.bytes.slice(0, 3)]).toEqual(BOM);
    expect(text(manager.bytes)).toBe(
      '\uFEFFKỳ báo cáo,Giới tính khi sinh,Giá trị,Ghi chú\r\n' +
        'Tháng 10/2026,Tổng,6,\r\nTháng 10/2026,Nữ,3,\r\nTháng 10/2026,Nam,3,\r\n' +
        'Tháng 11/2026,Tổng,2,\r\nTháng 11/2026,Nam,2,\r\n',
    );
    const evaluator = await bytesOf(t, await loggedIn(t, org, 'evaluator'), path);
    expect(text(evaluator.bytes)).toBe(
      '\uFEFFKỳ báo cáo,Giới tính khi sinh,Giá trị,Ghi chú\r\n' +
        'Tháng 10/2026,Tổng,6,\r\nTháng 10/2026,Nữ,,đã ẩn (< 5)\r\nTháng 10/2026,Nam,,đã ẩn (< 5)\r\n' +
        'Tháng 11/2026,Tổng,,đã ẩn (< 5)\r\nTháng 11/2026,Nam,,đã ẩn (< 5)\r\n',
    );
    const english = await bytesOf(t, await loggedIn(t, org, 'evaluator'), `${path}&lang=en`);
    expect(text(english.bytes).split('\r\n').slice(0, 3)).toEqual(['\uFEFFPeriod,Sex at birth,Value,Note', 'October 2026,Total,6,', 'October 2026,Female,,suppressed (< 5)']);

    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'actor_role', 'entity', 'entity_id']).where('org_id', '=', org.orgId).where('action', '=', 'indicators.export').orderBy('seq').execute());
    expect(audit).toEqual([
      { action: 'indicators.export', actor_role: 'manager', entity: 'indicator', entity_id: 'people_reached' },
      { action: 'indicators.export', actor_role: 'evaluator', entity: 'indicator', entity_id: 'people_reached' },
      { action: 'indicators.export', actor_role: 'evaluator', entity: 'indicator', entity_id: 'people_reached' },
    ]);
    // The network view's download is on the network's chain, under the hub role that gave access.
    const hub = await seedOrg(t, 'network_hub', ['network']);
    const network = await bytesOf(t, await loggedIn(t, hub, 'network'), table('network', '&format=csv'));
    expect(network.status).toBe(200);
    const hubAudit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['org_id', 'actor_role']).where('actor_user_id', '=', hub.users.network!.userId).where('action', '=', 'indicators.export').execute());
    expect(hubAudit).toEqual([{ org_id: null, actor_role: 'network' }]);
    // JSON tables are not downloads and are not logged as such.
    await (await loggedIn(t, org, 'manager')).get(table(org.orgId));
    expect(await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select('seq').where('org_id', '=', org.orgId).where('action', '=', 'indicators.export').execute())).toHaveLength(3);
  });

  it('gives a manager line lists with client codes and never nicknames, phones, notes, reasons or answers; audited', async () => {
    const org = await smallOrg();
    const managerClient = await loggedIn(t, org, 'manager');
    const crypto = t.ctx.crypto;
    const secrets = ['Bống Xinh', '0000 111 222', 'ngủ ở gầm cầu', 'lý do riêng: nghe tiếng nói', 'câu trả lời bí mật'];
    const clientId = org.clients[0]!;
    const providerId = await addProvider(managerClient);
    await asSystem(t.ctx.db.kysely, async (tx) => {
      await tx.updateTable('clients').set({ nickname_enc: crypto.encrypt(secrets[0]!), phone_enc: crypto.encrypt(secrets[1]!) }).where('id', '=', clientId).execute();
      await tx.updateTable('contacts').set({ notes_enc: crypto.encrypt(secrets[2]!) }).where('client_id', '=', clientId).execute();
      await tx
        .insertInto('screenings')
        .values({ id: uuidv7(), org_id: org.orgId, client_id: clientId, instrument_id: 'phq9', instrument_version: '1', at: '2026-11-03T03:00:00Z', answers_enc: crypto.encrypt(secrets[4]!), substance: null, crisis_episode_id: null, complete: true, total: 12, band: 'moderate', subscores: null, flags: [], recorded_by: org.userId, device_id: null, version: 1 })
        .execute();
      await tx
        .insertInto('crisis_episodes')
        .values({ id: uuidv7(), org_id: org.orgId, client_id: clientId, site_id: org.siteIds[0], at: '2026-11-03T04:00:00Z', red_flags: ['panic'], cssrs_band: null, level: 'acute', device_level: 'acute', guidance_version: '1', steps: '[]', outcome: 'resolved_on_site', notes_enc: crypto.encrypt(secrets[2]!), follow_up_on: '2026-11-05', referral_urgency: null, referral_note_enc: crypto.encrypt(secrets[3]!), opened_by: org.userId, version: 1 })
        .execute();
      await tx
        .insertInto('referrals')
        .values({ id: uuidv7(), code: `T${randomBytes(3).toString('hex').toUpperCase()}`, from_org_id: org.orgId, client_id: clientId, provider_id: providerId, to_org_id: null, service: 'psychiatric_assessment', reason_enc: crypto.encrypt(secrets[3]!), urgency: 'within_week', due_on: '2026-11-10', share: [], shared_enc: null, at: '2026-11-03T05:00:00Z', contact_id: null, crisis_episode_id: null, status: 'sent', status_at: '2026-11-03T05:00:00Z', created_by: org.userId, device_id: null, version: 1 })
        .execute();
    });
    const uic = await asSystem(t.ctx.db.kysely, async (tx) => crypto.decrypt((await tx.selectFrom('clients').select('uic_enc').where('id', '=', clientId).executeTakeFirstOrThrow()).uic_enc));

    const files: Record<string, string> = {};
    for (const list of ['clients', 'contacts', 'screenings', 'crisis_episodes', 'referrals']) {
      const res = await bytesOf(t, managerClient, `/api/organisations/${org.orgId}/exports/${list}?from=2026-11-01&to=2026-11-30`);
      expect(res.status, list).toBe(200);
      expect([...res.bytes.slice(0, 3)]).toEqual(BOM);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="fieldlab-${list}-2026-11-01-2026-11-30.csv"`);
      files[list] = text(res.bytes);
    }
    // Clients registered in November: none (registered in January); the contacts, screenings,
    // crisis episodes and referrals of November name the client by code.
    expect(files.clients!.split('\r\n')[0]).toBe('\uFEFFMã khách hàng,Ngày giờ đăng ký,Điểm,Giới tính khi sinh,Bản dạng giới,Năm sinh,Nhóm đích,Tỉnh/thành phố,Nguồn giới thiệu,Đã gộp vào hồ sơ khác');
    expect(files.clients!.split('\r\n')).toHaveLength(2);
    for (const list of ['contacts', 'screenings', 'crisis_episodes', 'referrals']) expect(files[list], list).toContain(uic);
    expect(files.contacts!.split('\r\n')[1]).toBe(`2026-11-03 09:00,${uic},${files.contacts!.match(/Điểm Hà Nội[^,]*/)![0]},Tại điểm hỗ trợ,"Thông tin, tài liệu truyền thông",0,0,`);
    expect(files.screenings!.split('\r\n')[1]).toBe(`2026-11-03 10:00,${uic},Bảng câu hỏi sức khỏe bệnh nhân (PHQ-9) — trầm cảm,Có,12,Vừa,`);
    expect(files.crisis_episodes).toContain('Cơn hoảng loạn');
    expect(files.referrals).toContain('Trong tuần');
    for (const secret of secrets) for (const list of Object.keys(files)) expect(files[list], `${list} must not hold "${secret}"`).not.toContain(secret);

    const january = await bytesOf(t, managerClient, `/api/organisations/${org.orgId}/exports/clients?from=2026-01-01&to=2026-01-31&lang=en`);
    const lines = text(january.bytes).split('\r\n');
    expect(lines[0]).toBe('\uFEFFClient code,Registered at,Site,Sex at birth,Gender identity,Birth year,Key populations,Province,Referral source,Merged into another record');
    expect(lines).toHaveLength(org.clients.length + 2);
    expect(lines.some((l) => l.startsWith(`${uic},2026-01-05 10:00,`) && l.includes(',Male,Man,1995,Men who have sex with men,Hanoi,'))).toBe(true);
    for (const secret of secrets) expect(text(january.bytes)).not.toContain(secret);

    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'actor_role', 'entity', 'entity_id']).where('org_id', '=', org.orgId).where('action', '=', 'export.linelist').orderBy('seq').execute());
    expect(audit.map((a) => a.entity_id)).toEqual(['clients:0', 'contacts:2', 'screenings:1', 'crisis_episodes:1', 'referrals:1', `clients:${org.clients.length}`]);
    expect(audit.every((a) => a.actor_role === 'manager' && a.entity === 'line_list')).toBe(true);
  });

  it('answers every indicator that has SQL, split each way it allows, as JSON and CSV, in full and suppressed', async () => {
    const org = await smallOrg();
    const c = org.clients[0]!;
    await addContact(t, org, c, { at: '2026-11-05T02:00:00Z', services: ['commodities', 'hiv_test'], commodities: [{ itemId: org.commodityIds[0], quantity: 12 }], iec: [{ itemId: org.iecId, quantity: 3 }] });
    await addAnonymous(t, org, { at: '2026-11-06T02:00:00Z', counts: [{ sex: 'female', ageBand: '18_24', count: 6 }], commodities: [{ itemId: org.commodityIds[1], quantity: 2 }] });
    const viewers = { manager: await loggedIn(t, org, 'manager'), evaluator: await loggedIn(t, org, 'evaluator') };
    const ready = INDICATORS.filter((i) => hasSql(i.id));
    expect(ready.map((i) => i.id)).toContain('people_reached');
    for (const ind of ready) {
      for (const by of ['', ...ind.disaggregations]) {
        for (const [role, viewer] of Object.entries(viewers)) {
          const path = `/api/reports/indicators/${ind.id}?scope=${org.orgId}&periodKind=quarter&from=2026-10-01&to=2026-12-31${by ? `&by=${by}` : ''}`;
          const res = await viewer.get(path);
          expect(res.status, `${ind.id} by ${by} for ${role}: ${JSON.stringify(res.body)}`).toBe(200);
          expect(res.body.suppressed).toBe(role === 'evaluator');
          if (role === 'evaluator' && (ind.unit === 'people' || ind.unit === 'contacts')) for (const f of [...res.body.cells, ...res.body.totals]) expect(f.value === null || f.value === 0 || f.value >= 5, `${ind.id} by ${by}`).toBe(true);
          for (const f of [...res.body.cells, ...res.body.totals]) if (f.flag === 'suppressed') expect(f).not.toHaveProperty('numerator');
          if (role === 'evaluator') {
            const csv = await bytesOf(t, viewer, `${path}&format=csv`);
            expect(csv.status).toBe(200);
            expect([...csv.bytes.slice(0, 3)]).toEqual(BOM);
          }
        }
      }
    }
    const items = await viewers.manager.get(`/api/reports/indicators/commodities_distributed?scope=${org.orgId}&periodKind=month&from=2026-11-01&to=2026-11-30`);
    if (items.status === 200) {
      expect(items.body.labels.item[org.commodityIds[0]]).toEqual({ vi: expect.stringMatching(/^Bao cao su/), en: 'Bao cao su (en)' });
      // Items are things, not people: shown to evaluators as they are.
      const suppressed = await viewers.evaluator.get(`/api/reports/indicators/commodities_distributed?scope=${org.orgId}&periodKind=month&from=2026-11-01&to=2026-11-30`);
      expect(suppressed.body.cells.find((x: { keys: string[] }) => x.keys[0] === org.commodityIds[1])).toMatchObject({ value: 2, flag: null });
    }
    const dash = await viewers.evaluator.get(`/api/reports/dashboard?scope=${org.orgId}&periodKind=month&period=2026-11`);
    expect(dash.status).toBe(200);
    expect(dash.body.headlines.map((h: { indicatorId: string }) => h.indicatorId)).toEqual(ready.map((i) => i.id));
    // A bar without a split is cut from its headline table; it is exactly the period asked alone.
    for (const bar of dash.body.bars.filter((b: { indicatorId: string }) => b.indicatorId !== 'people_reached')) {
      const alone = await viewers.evaluator.get(`/api/reports/indicators/${bar.indicatorId}?scope=${org.orgId}&periodKind=month&from=2026-11-01&to=2026-11-30`);
      expect(bar, bar.indicatorId).toEqual(alone.body);
    }
  });

  it('refuses a line list whose range is backwards or not days', async () => {
    const org = await smallOrg();
    const manager = await loggedIn(t, org, 'manager');
    expect((await manager.get(`/api/organisations/${org.orgId}/exports/clients?from=2026-12-01&to=2026-11-01`)).status).toBe(400);
    expect((await manager.get(`/api/organisations/${org.orgId}/exports/clients?from=soon&to=2026-11-01`)).status).toBe(400);
    expect((await manager.get(`/api/organisations/${org.orgId}/exports/notes?from=2026-11-01&to=2026-11-01`)).status).toBe(400);
    // A year is the most one file holds: 2026 whole is fine, one day more is refused with the limit.
    expect((await manager.get(`/api/organisations/${org.orgId}/exports/clients?from=2025-12-31&to=2026-12-31`)).status).toBe(200);
    const tooLong = await manager.get(`/api/organisations/${org.orgId}/exports/clients?from=2025-12-30&to=2026-12-31`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ code: 'LINE_LIST_RANGE_TOO_LONG', message: expect.stringContaining('366') });
  });
});
