import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/scope.ts';
import { Client, loggedIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { addGroup, addGroupSession } from '../helpers/groups.ts';
import { addClient, addContact, seedReportingOrg, type ClientSpec, type ReportingOrg } from '../helpers/indicators.ts';
import { addCrisisEpisode, addListedProvider, addReferral } from '../helpers/indicators-care.ts';
import { addConsent, addScreening, setIdentifiers, setNote } from '../helpers/research.ts';

const RANGE = 'from=2026-01-01&to=2026-06-30';
/** 18:30 UTC on 31 March is 1 April in Hà Nội: the month must be April. */
const LATE_MARCH_UTC = '2026-03-31T18:30:00Z';

/** Fetches the raw bytes of a download with the client's session (the BOM must not be decoded away). */
async function bytesOf(t: TestApp, c: Client, path: string): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const cookie = (c as unknown as { cookie: string }).cookie;
  const res = await fetch(t.baseUrl + path, { headers: { cookie, 'accept-language': 'en' } });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}

describe.each(testDialects())('research extract and outcomes, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  describe('the de-identified research extract', () => {
    let org: ReportingOrg;
    let evaluator: Client;
    const secrets = ['UICSECRET', 'Tí Bí Mật', '0000 999 1', 'ghi chú bí mật', 'Cần khám tâm thần', 'Ghi chú khủng hoảng riêng'];
    const clientIds: string[] = [];

    /** 6 alike in Hà Nội, 5 alike but each in another northern province, 1 unique, 2 without consent, 1 consenting with nothing in the range. */
    beforeAll(async () => {
      org = await seedReportingOrg(t, ['manager', 'evaluator', 'fieldworker']);
      evaluator = await loggedIn(t, org, 'evaluator');
      const provider = await addListedProvider(t, org);
      const person = async (spec: ClientSpec, decisions: boolean[], withFacts = true) => {
        const id = await addClient(t, org, spec);
        clientIds.push(id);
        await setIdentifiers(t, id, { uic: `UICSECRET${clientIds.length}`, nickname: 'Tí Bí Mật', phone: `0000 999 1${String(clientIds.length).padStart(2, '0')}` });
        for (const [i, given] of decisions.entries()) await addConsent(t, org, id, given, `2026-01-0${i + 1}T02:00:00Z`);
        if (withFacts) {
          await setNote(t, 'contacts', await addContact(t, org, id, { at: LATE_MARCH_UTC, services: ['brief_motivational', 'commodities'] }), 'ghi chú bí mật');
        }
        return id;
      };
      const alike: ClientSpec = { birthYear: 1995, sexAtBirth: 'M', genderIdentity: 'man', keyPopulations: ['msm'], provinceId: 'ha-noi' };
      const first = await person(alike, [true]);
      await addScreening(t, org, first, 'phq9', '2026-02-10T03:00:00Z', 12);
      await addReferral(t, org, first, { providerId: provider, at: '2026-02-11T03:00:00Z', events: [{ event: 'send', at: '2026-02-11T03:00:00Z' }, { event: 'attend', at: '2026-02-20T03:00:00Z' }] });
      await setNote(t, 'crisis_episodes', await addCrisisEpisode(t, org, first, { at: '2026-05-05T03:00:00Z', closedAt: null, level: 'urgent' }), 'Ghi chú khủng hoảng riêng');
      for (let i = 0; i < 5; i++) await person(alike, [false, true]);
      for (const provinceId of ['hai-phong', 'lao-cai', 'son-la', 'quang-ninh', 'bac-ninh']) await person({ ...alike, provinceId }, [true]);
      await person({ birthYear: 1960, sexAtBirth: 'F', genderIdentity: 'woman', keyPopulations: ['sex_worker'], provinceId: 'hai-phong' }, [true]);
      await person(alike, [true, false]); // gave, then withdrew
      await person(alike, []); // never asked
      await person(alike, [true], false); // nothing in the range
    });

    it('holds only consenting clients, k-anonymous, with a report of what was generalised and suppressed', async () => {
      const res = await evaluator.get(`/api/reports/research-extract?scope=${org.orgId}&${RANGE}`);
      expect(res.status).toBe(200);
      expect(res.body.report).toEqual({ consented: 12, excludedNoConsent: 2, generalised: { place: 5, keyPopulations: 0, genderIdentity: 0 }, suppressed: 1, k: 5, classes: 2 });
      expect(res.body.rows).toHaveLength(11);
      const places = res.body.rows.map((r: { place: string }) => r.place).sort();
      expect(places).toEqual([...Array(6).fill('ha-noi'), ...Array(5).fill('north')].sort());
      for (const r of res.body.rows) expect(r).toMatchObject({ ageBand: '25_34', sexAtBirth: 'M', genderIdentity: 'man', keyPopulations: 'msm' });
      expect(res.body.rows.some((r: { ageBand: string }) => r.ageBand === '50_plus')).toBe(false);
    });

    it('writes months, not days, in the organisation’s time zone, with every kind of fact', async () => {
      const res = await evaluator.get(`/api/reports/research-extract?scope=${org.orgId}&${RANGE}`);
      const kinds = res.body.rows.flatMap((r: { facts: { kind: string; month: string }[] }) => r.facts);
      for (const f of kinds) expect(f.month).toMatch(/^\d{4}-\d{2}$/);
      expect(kinds).toContainEqual({ kind: 'contact', month: '2026-04' });
      expect(kinds).not.toContainEqual({ kind: 'contact', month: '2026-03' });
      const rich = res.body.rows.find((r: { facts: unknown[] }) => r.facts.length > 3);
      expect(rich.facts).toEqual([
        { kind: 'referral:psychiatric_assessment', month: '2026-02' },
        { kind: 'referral_outcome:attended', month: '2026-02' },
        { kind: 'screening:phq9:moderate', month: '2026-02' },
        { kind: 'contact', month: '2026-04' },
        { kind: 'service:brief_motivational', month: '2026-04' },
        { kind: 'service:commodities', month: '2026-04' },
        { kind: 'crisis:urgent', month: '2026-05' },
      ]);
      expect(JSON.stringify(res.body)).not.toMatch(/\d{4}-\d{2}-\d{2}T|"day"/);
    });

    it('never carries a UIC, nickname, phone, note, reason or client id, in JSON or CSV', async () => {
      const json = JSON.stringify((await evaluator.get(`/api/reports/research-extract?scope=${org.orgId}&${RANGE}`)).body);
      const csv = new TextDecoder().decode((await bytesOf(t, evaluator, `/api/reports/research-extract?scope=${org.orgId}&${RANGE}&format=csv`)).bytes);
      for (const text of [json, csv]) {
        for (const secret of [...secrets, ...clientIds, org.siteIds[0], org.userId]) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/uic|nickname|phone|notes|clientId/i);
      }
    });

    it('gives fresh study ids to every export', async () => {
      const ids = async () => new Set<string>((await evaluator.get(`/api/reports/research-extract?scope=${org.orgId}&${RANGE}`)).body.rows.map((r: { studyId: string }) => r.studyId));
      const [a, b] = [await ids(), await ids()];
      expect(a.size).toBe(11);
      expect(b.size).toBe(11);
      expect([...a].filter((id) => b.has(id))).toEqual([]);
    });

    it('downloads as a long CSV with a BOM: one row per fact', async () => {
      const res = await bytesOf(t, evaluator, `/api/reports/research-extract?scope=${org.orgId}&${RANGE}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="fieldlab-research-organisation-2026-01-01-2026-06-30.csv"');
      expect([...res.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder().decode(res.bytes.slice(3)).trimEnd().split('\r\n');
      expect(lines[0]).toBe('study_id,age_band,sex_at_birth,gender_identity,key_populations,place,month,fact');
      // 11 people × 3 facts from their contact, and 4 more for the first one.
      expect(lines).toHaveLength(1 + 11 * 3 + 4);
      expect(lines).toContain(lines.find((l) => l.endsWith(',2026-05,crisis:urgent')));
    });

    it('reads the organisations an evaluator evaluates as their network scope, audited per organisation', async () => {
      const res = await evaluator.get(`/api/reports/research-extract?scope=network&${RANGE}`);
      expect(res.status).toBe(200);
      expect(res.body.report).toMatchObject({ consented: 12, excludedNoConsent: 2, suppressed: 1 });
      expect(res.body.rows).toHaveLength(11);
    });

    it('is audited with counts and no ids', async () => {
      await evaluator.get(`/api/reports/research-extract?scope=${org.orgId}&${RANGE}`);
      const rows = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'actor_role']).where('org_id', '=', org.orgId).where('action', '=', 'research.extract').execute());
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.at(-1)).toMatchObject({ entity: 'research_extract', actor_role: 'evaluator' });
      expect(rows.at(-1)!.entity_id).toContain('rows=11;excluded=2;suppressed=1;generalised=5/0/0;k=5');
      for (const id of clientIds) expect(rows.at(-1)!.entity_id).not.toContain(id);
    });

    it('is refused to a manager (even of this organisation), a fieldworker, another organisation’s evaluator, and for ranges over 3 years', async () => {
      const manager = await loggedIn(t, org, 'manager');
      const worker = await loggedIn(t, org, 'fieldworker');
      expect((await manager.get(`/api/reports/research-extract?scope=${org.orgId}&${RANGE}`)).status).toBe(403);
      expect((await worker.get(`/api/reports/research-extract?scope=${org.orgId}&${RANGE}`)).status).toBe(403);
      const other = await seedReportingOrg(t, ['evaluator']);
      const outsider = await loggedIn(t, other, 'evaluator');
      const refused = await outsider.get(`/api/reports/research-extract?scope=${org.orgId}&${RANGE}`);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('RESEARCH_SCOPE_FORBIDDEN');
      const long = await evaluator.get(`/api/reports/research-extract?scope=${org.orgId}&from=2020-01-01&to=2026-06-30`);
      expect(long.status).toBe(400);
      expect(long.body.code).toBe('RESEARCH_RANGE_INVALID');
      expect((await evaluator.get(`/api/reports/research-extract?scope=${org.orgId}&from=2026-06-30&to=2026-01-01`)).status).toBe(400);
    });
  });

  describe('outcomes', () => {
    let org: ReportingOrg;
    const url = (extra = '') => `/api/reports/outcomes?scope=${org.orgId}&instrument=phq9&${RANGE}${extra}`;
    const split = (body: { exposures: { exposure: string }[] }, e: string) => body.exposures.find((x) => x.exposure === e) as any;

    /**
     * 5 clients with 3 motivational conversations between PHQ-9 15 → 8 (moderately severe → mild),
     * 2 of them referred, 3 at a group session in between; 5 with one conversation, 12 → 11
     * (moderate both times), 1 of them at a group session only before the baseline; 1 screened once.
     */
    beforeAll(async () => {
      org = await seedReportingOrg(t, ['manager', 'evaluator']);
      const provider = await addListedProvider(t, org);
      const group = await addGroup(t, { orgId: org.orgId, siteId: org.siteIds[0], userId: org.userId });
      const inGroup: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = await addClient(t, org);
        await addScreening(t, org, id, 'phq9', '2026-01-10T03:00:00Z', 15);
        await addScreening(t, org, id, 'phq9', '2026-05-10T03:00:00Z', 8);
        for (const month of ['02', '03', '04']) await addContact(t, org, id, { at: `2026-${month}-15T03:00:00Z`, services: ['brief_motivational'] });
        if (i < 2) await addReferral(t, org, id, { providerId: provider, at: '2026-03-20T03:00:00Z', events: [{ event: 'send', at: '2026-03-20T03:00:00Z' }] });
        if (i < 3) inGroup.push(id);
      }
      await addGroupSession(t, org, group, '2026-03-03T11:00:00Z', inGroup);
      for (let i = 0; i < 5; i++) {
        const id = await addClient(t, org);
        if (i === 0) await addGroupSession(t, org, group, '2026-01-06T11:00:00Z', [id]);
        await addScreening(t, org, id, 'phq9', '2026-01-12T03:00:00Z', 12);
        await addScreening(t, org, id, 'phq9', '2026-03-01T03:00:00Z', 14);
        await addScreening(t, org, id, 'phq9', '2026-05-12T03:00:00Z', 11);
        await addContact(t, org, id, { at: '2026-02-15T03:00:00Z', services: ['brief_motivational'] });
        await addContact(t, org, id, { at: '2025-12-15T03:00:00Z', services: ['brief_motivational'] });
      }
      const once = await addClient(t, org);
      await addScreening(t, org, once, 'phq9', '2026-02-10T03:00:00Z', 20);
    });

    it('gives the manager every figure, by exposure', async () => {
      const manager = await loggedIn(t, org, 'manager');
      const res = await manager.get(url());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ instrumentId: 'phq9', minMotivational: 3, suppressed: false });
      expect(res.body.all).toEqual({ n: 10, hidden: null, baselineMean: 13.5, latestMean: 9.5, meanChange: -4, improvedShare: 0.5, worsenedShare: 0 });
      expect(split(res.body, 'motivational')).toEqual({
        exposure: 'motivational',
        available: true,
        exposed: { n: 5, hidden: null, baselineMean: 15, latestMean: 8, meanChange: -7, improvedShare: 1, worsenedShare: 0 },
        notExposed: { n: 5, hidden: null, baselineMean: 12, latestMean: 11, meanChange: -1, improvedShare: 0, worsenedShare: 0 },
      });
      expect(split(res.body, 'referred').exposed).toMatchObject({ n: 2, meanChange: -7, improvedShare: 1 });
      expect(split(res.body, 'referred').notExposed).toMatchObject({ n: 8, baselineMean: 13.1, latestMean: 9.9 });
      expect(split(res.body, 'group')).toMatchObject({ available: true, exposed: { n: 3, meanChange: -7 }, notExposed: { n: 7, baselineMean: 12.9 } });
    });

    it('takes N from the request', async () => {
      const manager = await loggedIn(t, org, 'manager');
      const res = await manager.get(url('&minMotivational=1'));
      expect(split(res.body, 'motivational').exposed.n).toBe(10);
      expect(split(res.body, 'motivational').notExposed.n).toBe(0);
    });

    it('hides groups under 5, and their complement, from an evaluator', async () => {
      const evaluator = await loggedIn(t, org, 'evaluator');
      const res = await evaluator.get(url());
      expect(res.status).toBe(200);
      expect(res.body.suppressed).toBe(true);
      expect(res.body.all.n).toBe(10);
      expect(split(res.body, 'motivational').exposed.n).toBe(5);
      expect(split(res.body, 'referred').exposed).toEqual({ n: null, hidden: 'small', baselineMean: null, latestMean: null, meanChange: null, improvedShare: null, worsenedShare: null });
      expect(split(res.body, 'referred').notExposed).toMatchObject({ n: null, hidden: 'complementary' });
      expect(JSON.stringify(res.body)).not.toContain(':2,');
    });

    it('is refused to a fieldworker and to an evaluator of another organisation; ASSIST is not an outcome instrument', async () => {
      const other = await seedReportingOrg(t, ['evaluator', 'fieldworker']);
      const outsider = await loggedIn(t, other, 'evaluator');
      expect((await outsider.get(url())).body.code).toBe('RESEARCH_SCOPE_FORBIDDEN');
      expect((await (await loggedIn(t, other, 'fieldworker')).get(`/api/reports/outcomes?scope=${other.orgId}&instrument=phq9&${RANGE}`)).status).toBe(403);
      const manager = await loggedIn(t, org, 'manager');
      expect((await manager.get(`/api/reports/outcomes?scope=${org.orgId}&instrument=assist&${RANGE}`)).status).toBe(400);
      expect((await manager.get(`/api/reports/outcomes?scope=network&instrument=phq9&${RANGE}`)).body.code).toBe('RESEARCH_SCOPE_FORBIDDEN');
    });
  });
});
