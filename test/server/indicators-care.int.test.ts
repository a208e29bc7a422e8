import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralIndicators } from '../../src/core/referrals/indicators.ts';
import type { ReferralEventKind, ReferralService, ReferralStatus, ReferralUrgency } from '../../src/core/referrals/schema.ts';
import { INSTRUMENTS, SCALE_INSTRUMENTS, isPositiveScreen, scoreInstrument, type InstrumentId, type ScreeningSettings } from '../../src/core/screening/index.ts';
import { DEFAULT_SCREENING_SETTINGS } from '../../src/core/screening/settings.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { positiveScreenSql, screeningCutOffs } from '../../src/server/indicators/care.ts';
import type { IndicatorRequest } from '../../src/server/indicators/common.ts';
import { computeIndicator } from '../../src/server/indicators/compute.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { addClient, addContact, seedReportingOrg, type ReportingOrg } from '../helpers/indicators.ts';
import { addCrisisEpisode, addListedProvider, addReferral, addScreening, assistAnswers, setScreeningCutOffs } from '../helpers/indicators-care.ts';

/**
 * The care indicators' SQL (src/server/indicators/care.ts) on small hand-made datasets whose
 * figures are worked out by hand in the comments. Times are UTC; Hà Nội is UTC+7, so 16:30 UTC is
 * 23:30 the same local day and 17:30 UTC is 00:30 the next.
 */
describe.each(testDialects())('care indicators on small known datasets, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  type Req = Omit<IndicatorRequest, 'disaggregation'> & { disaggregation?: IndicatorRequest['disaggregation'] };
  const run = (req: Req) => asSystem(t.ctx.db.kysely, (tx) => computeIndicator(tx, { disaggregation: [], ...req }));
  const cellsOf = (table: Awaited<ReturnType<typeof run>>, period?: string) =>
    table.cells.filter((c) => period === undefined || c.period === period).map((c) => [...c.keys, c.value]);

  // Scale answers with a chosen total: PHQ-9's item 9 (suicidal thoughts) stays 0, so no flag.
  const phq9 = (total: number) => [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Math.max(0, Math.min(3, total - 3 * i))).concat(0);

  describe('screenings_done', () => {
    it('counts clients once per instrument under the band of their latest complete screening, in Vietnam time', async () => {
      const org = await seedReportingOrg(t);
      const p1 = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm', 'chemsex'] });
      const p2 = await addClient(t, org, { sexAtBirth: 'F', keyPopulations: [] });
      const p3 = await addClient(t, org, { sexAtBirth: 'M' });
      // p1: PHQ-9 mild (5) on 3 Nov, moderate (10) on 20 Nov → latest in November: moderate; GAD-7 minimal.
      await addScreening(t, org, p1, { instrument: 'phq9', answers: phq9(5), at: '2026-11-03T02:00:00Z' });
      await addScreening(t, org, p1, { instrument: 'phq9', answers: phq9(10), at: '2026-11-20T02:00:00Z' });
      await addScreening(t, org, p1, { instrument: 'gad7', answers: [0, 0, 0, 0, 0, 0, 0], at: '2026-11-05T02:00:00Z' });
      // p2: severe (20) at 23:30 on 30 November in Hà Nội: November. Her incomplete PHQ-9 of 25 Nov is no screening done.
      await addScreening(t, org, p2, { instrument: 'phq9', answers: phq9(20), at: '2026-11-30T16:30:00Z' });
      await addScreening(t, org, p2, { instrument: 'phq9', answers: [1, null, 1, 1, 1, 1, 1, 1, 0], at: '2026-11-25T02:00:00Z' });
      // p3: minimal (2) at 00:30 on 1 December in Hà Nội (17:30 UTC on 30 November): December.
      await addScreening(t, org, p3, { instrument: 'phq9', answers: phq9(2), at: '2026-11-30T17:30:00Z' });

      const base = { indicatorId: 'screenings_done', periodKind: 'month', from: '2026-10-01', to: '2026-12-31', orgIds: [org.orgId] } as const;
      const month = await run(base);
      expect(month.dimensions).toEqual(['instrument', 'band']);
      // October: nobody. November: p1 and p2 (2 people; p1 under PHQ-9 and GAD-7). December: p3.
      expect(month.totals.map((x) => x.value)).toEqual([0, 2, 1]);
      expect(cellsOf(month, '2026-11')).toEqual([
        ['gad7', 'minimal', 1],
        ['phq9', 'moderate', 1],
        ['phq9', 'severe', 1],
      ]);
      expect(cellsOf(month, '2026-12')).toEqual([['phq9', 'minimal', 1]]);

      // By sex: p1 (M) under GAD-7 minimal and PHQ-9 moderate, p2 (F) under PHQ-9 severe.
      const bySex = await run({ ...base, from: '2026-11-01', to: '2026-11-30', disaggregation: ['sex_at_birth'] });
      expect(cellsOf(bySex)).toEqual([
        ['gad7', 'minimal', 'M', 1],
        ['phq9', 'moderate', 'M', 1],
        ['phq9', 'severe', 'F', 1],
      ]);

      // The quarter: each client's latest PHQ-9 in Q4 (p1 moderate, p2 severe, p3 minimal); 3 people.
      const quarter = await run({ ...base, periodKind: 'quarter' });
      expect(quarter.totals).toEqual([{ period: '2026-Q4', value: 3 }]);
      expect(cellsOf(quarter)).toEqual([
        ['gad7', 'minimal', 1],
        ['phq9', 'minimal', 1],
        ['phq9', 'moderate', 1],
        ['phq9', 'severe', 1],
      ]);
    });

    it('counts a client merged into another as that client', async () => {
      const org = await seedReportingOrg(t);
      const kept = await addClient(t, org);
      const merged = await addClient(t, org, { mergedInto: kept });
      // Two records, one person: the latest (severe, on the merged id) decides the band.
      await addScreening(t, org, kept, { instrument: 'phq9', answers: phq9(10), at: '2026-11-03T02:00:00Z' });
      await addScreening(t, org, merged, { instrument: 'phq9', answers: phq9(21), at: '2026-11-04T02:00:00Z' });
      const table = await run({ indicatorId: 'screenings_done', periodKind: 'month', from: '2026-11-01', to: '2026-11-30', orgIds: [org.orgId] });
      expect(table.totals).toEqual([{ period: '2026-11', value: 1 }]);
      expect(cellsOf(table)).toEqual([['phq9', 'severe', 1]]);
    });
  });

  describe('screenings_positive', () => {
    it("uses each organisation's own cut-offs and the latest screening that decided something", async () => {
      const d = await seedReportingOrg(t); // default cut-offs: PHQ-9 ≥ 10, ASSIST ATS ≥ 4
      const v = await seedReportingOrg(t); // PHQ-9 ≥ 5 (Hà Nội methadone validation), ASSIST ATS ≥ 27
      await setScreeningCutOffs(t, v, { phq9: 'vn-methadone-hanoi', assist: 'high-risk' });
      const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T02:00:00Z`;

      // d: q1 mild 7 → negative at 10; q2 moderate 12 → positive.
      const q1 = await addClient(t, d);
      await addScreening(t, d, q1, { instrument: 'phq9', answers: phq9(7), at: at(3) });
      const q2 = await addClient(t, d);
      await addScreening(t, d, q2, { instrument: 'phq9', answers: phq9(12), at: at(3) });
      // q3: positive (12) then negative (4) later in November → not counted.
      const q3 = await addClient(t, d);
      await addScreening(t, d, q3, { instrument: 'phq9', answers: phq9(12), at: at(4) });
      await addScreening(t, d, q3, { instrument: 'phq9', answers: phq9(4), at: at(18) });
      // q4: positive (15, moderately severe), then an abandoned PHQ-9 without a flag → still positive.
      const q4 = await addClient(t, d);
      await addScreening(t, d, q4, { instrument: 'phq9', answers: phq9(15), at: at(10) });
      await addScreening(t, d, q4, { instrument: 'phq9', answers: [1, 1, null, null, null, null, null, null, null], at: at(12) });
      // q5: an incomplete C-SSRS with the suicide-risk flag (positive, no band) and ASSIST ATS 6 (moderate, ≥ 4).
      const q5 = await addClient(t, d, { sexAtBirth: 'F' });
      await addScreening(t, d, q5, { instrument: 'cssrs', answers: { q1: null, q2: false, q6: true }, at: at(6) });
      await addScreening(t, d, q5, { instrument: 'assist', answers: assistAnswers({ ats: { q1: true, q2: 0, q6: 3, q7: 3 } }), at: at(6) });

      // v: v1 mild 7 → positive at 5; v2 minimal 3 → negative.
      const v1 = await addClient(t, v);
      await addScreening(t, v, v1, { instrument: 'phq9', answers: phq9(7), at: at(7) });
      const v2 = await addClient(t, v);
      await addScreening(t, v, v2, { instrument: 'phq9', answers: phq9(3), at: at(7) });
      // v3: ASSIST ATS 6, below v's 27 → negative; v4: ATS never, opioids moderate (6) → positive at any cut-off, ATS band low.
      const v3 = await addClient(t, v);
      await addScreening(t, v, v3, { instrument: 'assist', answers: assistAnswers({ ats: { q1: true, q2: 0, q6: 3, q7: 3 } }), at: at(8) });
      const v4 = await addClient(t, v);
      await addScreening(t, v, v4, { instrument: 'assist', answers: assistAnswers({ opioids: { q1: true, q2: 3, q3: 3, q4: 0, q5: 0, q6: 0, q7: 0 } }), at: at(8) });

      const base = { indicatorId: 'screenings_positive', periodKind: 'month', from: '2026-11-01', to: '2026-11-30', orgIds: [d.orgId, v.orgId] } as const;
      const table = await run(base);
      // Positive: q2, q4, q5 (twice: C-SSRS and ASSIST), v1, v4 → 5 people.
      expect(table.totals).toEqual([{ period: '2026-11', value: 5 }]);
      expect(cellsOf(table)).toEqual([
        ['assist', 'low', 1],
        ['assist', 'moderate', 1],
        ['cssrs', 'unknown', 1],
        ['phq9', 'mild', 1],
        ['phq9', 'moderate', 1],
        ['phq9', 'moderately-severe', 1],
      ]);

      // Split by organisation and sex (two disaggregations at once).
      const split = await run({ ...base, disaggregation: ['organisation', 'sex_at_birth'] });
      expect(split.dimensions).toEqual(['instrument', 'band', 'organisation', 'sex_at_birth']);
      expect(cellsOf(split)).toEqual(
        [
          ['assist', 'low', v.orgId, 'M', 1],
          ['assist', 'moderate', d.orgId, 'F', 1],
          ['cssrs', 'unknown', d.orgId, 'F', 1],
          ['phq9', 'mild', v.orgId, 'M', 1],
          ['phq9', 'moderate', d.orgId, 'M', 1],
          ['phq9', 'moderately-severe', d.orgId, 'M', 1],
        ].sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1)),
      );

      // Only d in scope: v's cut-offs and clients play no part (q2, q4, q5).
      const onlyD = await run({ ...base, orgIds: [d.orgId] });
      expect(onlyD.totals).toEqual([{ period: '2026-11', value: 3 }]);
    });

    it('SQL positivity is isPositiveScreen, screening by screening, under default and chosen cut-offs', async () => {
      const d = await seedReportingOrg(t);
      const v = await seedReportingOrg(t);
      const chosen = { phq9: 'vn-methadone-hanoi', gad7: 'vn-methadone-hanoi', k6: 'moderate-distress', assist: 'high-risk', sds: 'cocaine' } as const;
      await setScreeningCutOffs(t, v, chosen);
      const settingsOf: Record<string, ScreeningSettings> = {
        [d.orgId]: DEFAULT_SCREENING_SETTINGS,
        [v.orgId]: { ...DEFAULT_SCREENING_SETTINGS, cutOffs: { ...DEFAULT_SCREENING_SETTINGS.cutOffs, ...chosen } },
      };

      // Answers of every instrument: scales from a fixed pseudo-random walk over each item's options
      // (with some unanswered items), ASSIST and C-SSRS from hand-picked cases around every branch.
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
      const answers: { instrument: InstrumentId; answers: unknown }[] = [];
      for (const id of SCALE_INSTRUMENTS) {
        const items = INSTRUMENTS[id].items;
        for (let n = 0; n < 14; n++) {
          answers.push({ instrument: id, answers: items.map((item) => (n === 13 && next() % 3 === 0 ? null : item.options[next() % item.options.length]!.value)) });
        }
      }
      const assistCases: Record<string, object>[] = [
        {},
        { ats: { q1: true, q2: 0, q6: 3, q7: 0 } }, // ATS 3
        { ats: { q1: true, q2: 4, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 } }, // ATS 4
        { ats: { q1: true, q2: 6, q3: 6, q4: 7, q5: 8, q6: 0, q7: 0 } }, // ATS 27
        { opioids: { q1: true, q2: 3, q3: 3, q4: 0, q5: 0, q6: 0, q7: 0 } }, // opioids moderate
        { alcohol: { q1: true, q2: 4, q3: 3, q4: 0, q5: 0, q6: 3, q7: 0 } }, // alcohol 10, low
      ];
      for (const c of assistCases) answers.push({ instrument: 'assist', answers: assistAnswers(c) });
      const { ats: _ats, ...noAts } = assistAnswers({ opioids: { q1: true, q2: 3, q3: 3, q4: 0, q5: 0, q6: 0, q7: 0 } });
      answers.push({ instrument: 'assist', answers: noAts }); // incomplete, a scored substance moderate
      for (const c of [
        { q1: false, q2: false, q6: false },
        { q1: true, q2: false, q6: false },
        { q1: false, q2: true, q3: true, q4: false, q5: false, q6: false },
        { q1: false, q2: false, q6: true, q6Recent: true },
        { q1: true, q2: null, q6: false },
        { q1: null, q2: false, q6: true },
      ]) {
        answers.push({ instrument: 'cssrs', answers: c });
      }

      const expected = new Map<string, boolean>();
      for (const org of [d, v]) {
        const client = await addClient(t, org);
        for (const a of answers) {
          const id = await addScreening(t, org, client, { ...a, at: '2026-11-03T02:00:00Z' });
          expected.set(id, isPositiveScreen(a.instrument, scoreInstrument(a.instrument, a.answers), settingsOf[org.orgId]!));
        }
      }
      const got = await asSystem(t.ctx.db.kysely, async (tx) => {
        const cutOffs = await screeningCutOffs(tx, [d.orgId, v.orgId]);
        const rows = await sql<{ id: string; positive: boolean }>`select s.id, ${positiveScreenSql()} as positive from screenings s ${cutOffs} where s.org_id in (${d.orgId}::uuid, ${v.orgId}::uuid)`.execute(tx);
        return new Map(rows.rows.map((r) => [r.id, r.positive]));
      });
      expect(got).toEqual(expected);
      // The cases cover both answers under both settings.
      expect(new Set(expected.values())).toEqual(new Set([true, false]));
    });
  });

  describe('crisis_episodes', () => {
    it('counts episodes by the local day they closed, by level and outcome, with or without a client', async () => {
      const org = await seedReportingOrg(t);
      const man = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm'], provinceId: 'hai-phong' });
      const woman = await addClient(t, org, { sexAtBirth: 'F', keyPopulations: [] });
      // e1: the man, urgent, referred, closed 10 November at the Hải Phòng site.
      await addCrisisEpisode(t, org, man, { at: '2026-11-10T02:00:00Z', closedAt: '2026-11-10T03:00:00Z', level: 'urgent', outcome: 'urgent_referral', site: 1 });
      // e2: nobody registered, emergency, closed 23:30 on 30 November in Hà Nội → November.
      await addCrisisEpisode(t, org, null, { at: '2026-11-30T15:00:00Z', closedAt: '2026-11-30T16:30:00Z', level: 'emergency', outcome: 'emergency_services_called', site: 0 });
      // e3: the man, acute, closed 00:30 on 1 December in Hà Nội → December.
      await addCrisisEpisode(t, org, man, { at: '2026-11-30T17:00:00Z', closedAt: '2026-11-30T17:30:00Z', level: 'acute', outcome: 'resolved_on_site' });
      // e4: opened in November, never closed → not counted. e5: the woman, not acute, no outcome on record.
      await addCrisisEpisode(t, org, woman, { at: '2026-11-12T02:00:00Z', closedAt: null, level: 'urgent' });
      await addCrisisEpisode(t, org, woman, { at: '2026-11-15T02:00:00Z', closedAt: '2026-11-15T02:30:00Z', level: 'not_acute', outcome: null });

      const base = { indicatorId: 'crisis_episodes', periodKind: 'month', from: '2026-11-01', to: '2026-12-31', orgIds: [org.orgId] } as const;
      const table = await run(base);
      expect(table.dimensions).toEqual(['crisis_level', 'crisis_outcome']);
      expect(table.totals.map((x) => x.value)).toEqual([3, 1]);
      expect(cellsOf(table)).toEqual([
        ['emergency', 'emergency_services_called', 1],
        ['not_acute', 'unknown', 1],
        ['urgent', 'urgent_referral', 1],
        ['acute', 'resolved_on_site', 1],
      ]);

      // Sex and key population at once: the episode without a client is 'unknown' in both.
      const two = await run({ ...base, to: '2026-11-30', disaggregation: ['sex_at_birth', 'key_population'] });
      expect(cellsOf(two)).toEqual([
        ['emergency', 'emergency_services_called', 'unknown', 'unknown', 1],
        ['not_acute', 'unknown', 'F', 'unknown', 1],
        ['urgent', 'urgent_referral', 'M', 'msm', 1],
      ]);
      expect(two.totals).toEqual([{ period: '2026-11', value: 3 }]);

      // Site is the episode's; province is the client's ('unknown' without one).
      const place = await run({ ...base, to: '2026-11-30', disaggregation: ['site', 'province'] });
      expect(cellsOf(place)).toEqual([
        ['emergency', 'emergency_services_called', org.siteIds[0], 'unknown', 1],
        ['not_acute', 'unknown', org.siteIds[0], 'ha-noi', 1],
        ['urgent', 'urgent_referral', org.siteIds[1], 'hai-phong', 1],
      ]);
    });

    it("takes the whole network with 'all', and nothing of an organisation outside a scope", async () => {
      // A year no other test uses, so 'all' sees only these two organisations' episodes.
      const a = await seedReportingOrg(t);
      const b = await seedReportingOrg(t);
      await addCrisisEpisode(t, a, null, { at: '2019-03-01T02:00:00Z', closedAt: '2019-03-01T03:00:00Z', level: 'acute' });
      await addCrisisEpisode(t, b, null, { at: '2019-04-01T02:00:00Z', closedAt: '2019-04-01T03:00:00Z', level: 'acute' });
      await addCrisisEpisode(t, b, null, { at: '2019-05-01T02:00:00Z', closedAt: '2019-05-01T03:00:00Z', level: 'urgent', outcome: 'urgent_referral' });
      const base = { indicatorId: 'crisis_episodes', periodKind: 'year', from: '2019-01-01', to: '2019-12-31' } as const;
      const all = await run({ ...base, orgIds: 'all', disaggregation: ['organisation'] });
      expect(all.totals).toEqual([{ period: '2019', value: 3 }]);
      expect(cellsOf(all)).toEqual(
        [
          ['acute', 'resolved_on_site', a.orgId, 1],
          ['acute', 'resolved_on_site', b.orgId, 1],
          ['urgent', 'urgent_referral', b.orgId, 1],
        ].sort((x, y) => (x.join('\u0000') < y.join('\u0000') ? -1 : 1)),
      );
      const onlyA = await run({ ...base, orgIds: [a.orgId] });
      expect(onlyA.totals).toEqual([{ period: '2019', value: 1 }]);
      expect(cellsOf(onlyA)).toEqual([['acute', 'resolved_on_site', 1]]);
      const none = await run({ ...base, orgIds: [] });
      expect(none.totals).toEqual([{ period: '2019', value: 0 }]);
    });
  });

  describe('referrals', () => {
    /**
     * One organisation's referrals (November 2026 unless said; a = M, msm; b = F, msm + sex work):
     * | ref | client | made (local day) | events                                  | status    | days to attend |
     * | r1  | a      | 2 Nov            | send, attend 4 Nov, complete            | completed | 2              |
     * | r2  | a      | 30 Nov 23:30     | send, attend 1 Dec 00:30                | attended  | 1              |
     * | r3  | b      | 10 Nov           | send, cancel                            | cancelled | –              |
     * | r4  | b      | 12 Nov           | (draft)                                 | created   | –              |
     * | r5  | b      | 15 Nov           | send, accept, no_show, attend 25 Nov, complete | completed | 10      |
     * | r6  | a      | 16 Nov           | send, decline                           | declined  | –              |
     * | r7  | b      | 18 Nov           | attend (refused: not sent), send, attend 21 Nov | attended | 3        |
     * | r8  | a      | 1 Dec            | send, attend same day                   | attended  | 0              |
     * November: made 7, completed 2 (r1, r5), cancelled 1 → rate 2 / 6; attended 1, 2, 3, 10 → median 2.5 of 4.
     * By sex: M (r1, r2, r6) made 3, completed 1, rate 1/3, median of 2 and 1 = 1.5 of 2;
     *         F (r3, r4, r5, r7) made 4, completed 1, rate 1/3, median of 10 and 3 = 6.5 of 2.
     * December: r8: made 1, completed 0, rate 0/1 = 0, median 0 of 1.
     */
    let org: ReportingOrg;
    const base = { periodKind: 'month', from: '2026-11-01', to: '2026-12-31' } as const;
    beforeAll(async () => {
      org = await seedReportingOrg(t);
      const provider = await addListedProvider(t, org);
      const a = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm'] });
      const b = await addClient(t, org, { sexAtBirth: 'F', keyPopulations: ['msm', 'sex_worker'] });
      const day = (d: string, h = '02:00') => `2026-${d}T${h}:00Z`;
      const e = (event: ReferralEventKind, at: string) => ({ event, at });
      await addReferral(t, org, a, { at: day('11-02'), providerId: provider, events: [e('send', day('11-02')), e('attend', day('11-04', '03:00')), e('complete', day('11-05'))] });
      await addReferral(t, org, a, { at: day('11-30', '16:30'), providerId: provider, events: [e('send', day('11-30', '16:31')), e('attend', day('11-30', '17:30'))] });
      await addReferral(t, org, b, { at: day('11-10'), providerId: provider, events: [e('send', day('11-10')), e('cancel', day('11-11'))] });
      await addReferral(t, org, b, { at: day('11-12'), providerId: provider });
      await addReferral(t, org, b, {
        at: day('11-15'),
        providerId: provider,
        events: [e('send', day('11-15')), e('accept', day('11-16')), e('no_show', day('11-20')), e('attend', day('11-25')), e('complete', day('11-26'))],
      });
      await addReferral(t, org, a, { at: day('11-16'), providerId: provider, events: [e('send', day('11-16')), e('decline', day('11-17'))] });
      await addReferral(t, org, b, { at: day('11-18'), providerId: provider, events: [e('attend', day('11-18', '03:00')), e('send', day('11-18', '04:00')), e('attend', day('11-21'))] });
      await addReferral(t, org, a, { at: day('12-01', '01:00'), providerId: provider, events: [e('send', day('12-01', '01:00')), e('attend', day('12-01', '05:00'))] });

      // Another organisation's referral in November: outside every scope below.
      const other = await seedReportingOrg(t);
      await addReferral(t, other, await addClient(t, other), { at: day('11-05'), providerId: provider, events: [e('send', day('11-05')), e('attend', day('11-05'))] });
    });

    it('referrals_made and referrals_completed by the local day they were made', async () => {
      const made = await run({ ...base, indicatorId: 'referrals_made', orgIds: [org.orgId] });
      expect(made.totals.map((x) => x.value)).toEqual([7, 1]);
      const completed = await run({ ...base, indicatorId: 'referrals_completed', orgIds: [org.orgId], disaggregation: ['sex_at_birth'] });
      expect(completed.totals.map((x) => x.value)).toEqual([2, 0]);
      expect(cellsOf(completed)).toEqual([
        ['F', 1],
        ['M', 1],
      ]);
      // Key populations repeat b's referrals under msm and sex work; the total stays 7.
      const byKp = await run({ ...base, indicatorId: 'referrals_made', orgIds: [org.orgId], disaggregation: ['key_population'] });
      expect(cellsOf(byKp, '2026-11')).toEqual([
        ['msm', 7],
        ['sex_worker', 4],
      ]);
      expect(byKp.totals[0]).toEqual({ period: '2026-11', value: 7 });
      // Site is the client's (both registered at the first site); organisation is the referrer.
      const place = await run({ ...base, indicatorId: 'referrals_made', orgIds: [org.orgId], disaggregation: ['site', 'organisation'] });
      expect(cellsOf(place, '2026-11')).toEqual([[org.siteIds[0], org.orgId, 7]]);
    });

    it('referral_completion_rate: completed / (made − cancelled), numerator and denominator on every figure', async () => {
      const table = await run({ ...base, indicatorId: 'referral_completion_rate', orgIds: [org.orgId], disaggregation: ['sex_at_birth'] });
      expect(table.totals).toEqual([
        { period: '2026-11', value: 2 / 6, numerator: 2, denominator: 6 },
        { period: '2026-12', value: 0, numerator: 0, denominator: 1 },
      ]);
      expect(table.cells).toEqual([
        { period: '2026-11', keys: ['F'], value: 1 / 3, numerator: 1, denominator: 3 },
        { period: '2026-11', keys: ['M'], value: 1 / 3, numerator: 1, denominator: 3 },
        { period: '2026-12', keys: ['M'], value: 0, numerator: 0, denominator: 1 },
      ]);
      // A period without referrals: null rate over 0.
      const empty = await run({ ...base, from: '2026-10-01', to: '2026-10-31', indicatorId: 'referral_completion_rate', orgIds: [org.orgId] });
      expect(empty.totals).toEqual([{ period: '2026-10', value: null, numerator: 0, denominator: 0 }]);
    });

    it('referral_median_days_to_attendance: local days to the accepted attend, over the attended', async () => {
      const table = await run({ ...base, indicatorId: 'referral_median_days_to_attendance', orgIds: [org.orgId], disaggregation: ['sex_at_birth'] });
      expect(table.totals).toEqual([
        { period: '2026-11', value: 2.5, denominator: 4 },
        { period: '2026-12', value: 0, denominator: 1 },
      ]);
      expect(table.cells).toEqual([
        { period: '2026-11', keys: ['F'], value: 6.5, denominator: 2 },
        { period: '2026-11', keys: ['M'], value: 1.5, denominator: 2 },
        { period: '2026-12', keys: ['M'], value: 0, denominator: 1 },
      ]);
      // Key populations: msm holds all four November cases, sex work b's two (r5: 10, r7: 3); the
      // period's median stays that of the four referrals.
      const byKp = await run({ ...base, to: '2026-11-30', indicatorId: 'referral_median_days_to_attendance', orgIds: [org.orgId], disaggregation: ['key_population'] });
      expect(byKp.cells).toEqual([
        { period: '2026-11', keys: ['msm'], value: 2.5, denominator: 4 },
        { period: '2026-11', keys: ['sex_worker'], value: 6.5, denominator: 2 },
      ]);
      expect(byKp.totals).toEqual([{ period: '2026-11', value: 2.5, denominator: 4 }]);
      const none = await run({ ...base, from: '2026-10-01', to: '2026-10-31', indicatorId: 'referral_median_days_to_attendance', orgIds: [org.orgId] });
      expect(none.totals).toEqual([{ period: '2026-10', value: null, denominator: 0 }]);
    });

    it('agrees with referralIndicators (the referral numbers page) on the same records', async () => {
      const rows = await asSystem(t.ctx.db.kysely, async (tx) => {
        const referrals = await tx.selectFrom('referrals').select(['id', 'status', 'urgency', 'provider_id', 'service', 'from_org_id', 'at']).where('from_org_id', '=', org.orgId).execute();
        const events = await tx.selectFrom('referral_events').select(['referral_id', 'event', 'at']).where('from_org_id', '=', org.orgId).orderBy('seq').execute();
        return { referrals, events };
      });
      const forCore = (month: string) =>
        rows.referrals
          .filter((r) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(r.at)).startsWith(month))
          .map((r) => ({
            status: r.status as ReferralStatus,
            urgency: r.urgency as ReferralUrgency,
            providerId: r.provider_id,
            service: r.service as ReferralService,
            orgId: r.from_org_id,
            createdAt: new Date(r.at).toISOString(),
            events: rows.events.filter((e) => e.referral_id === r.id).map((e) => ({ event: e.event as ReferralEventKind, at: new Date(e.at).toISOString() })),
          }));
      const rate = await run({ ...base, indicatorId: 'referral_completion_rate', orgIds: [org.orgId] });
      const median = await run({ ...base, indicatorId: 'referral_median_days_to_attendance', orgIds: [org.orgId] });
      const made = await run({ ...base, indicatorId: 'referrals_made', orgIds: [org.orgId] });
      const completed = await run({ ...base, indicatorId: 'referrals_completed', orgIds: [org.orgId] });
      for (const [i, month] of ['2026-11', '2026-12'].entries()) {
        const core = referralIndicators(forCore(month)).all;
        expect(made.totals[i]!.value).toBe(core.made);
        expect(completed.totals[i]!.value).toBe(core.completed);
        expect(rate.totals[i]!.value).toBe(core.completionRate);
        expect(rate.totals[i]!.denominator).toBe(core.made - core.cancelled);
        expect(median.totals[i]!.value).toBe(core.medianDaysToAttendance);
        expect(median.totals[i]!.denominator).toBe(core.attended);
      }
    });
  });

  describe('follow_ups_on_time', () => {
    /**
     * Follow-ups of one organisation (today = 10 December 2026 unless said; a = M, b = F; a2 was
     * merged into a):
     * | f  | set by                      | due    | met again                                   | on time |
     * | f1 | contact a, 1 Nov            | 8 Nov  | contact a 23:30 on 8 Nov (local)             | yes     |
     * | f2 | contact b, 2 Nov            | 9 Nov  | contact b 00:30 on 10 Nov (local)            | no      |
     * | f3 | crisis of a, outcome 12 Nov | 14 Nov | contact at the crisis (before its outcome) does not count; contact a 14 Nov | yes |
     * | f4 | crisis without a client     | 15 Nov | –                                            | not counted |
     * | f5 | contact b, 20 Nov           | 25 Nov | none after                                   | no      |
     * | f8 | contact a2, 20 Nov          | 22 Nov | contact a (the client a2 was merged into) 21 Nov | yes |
     * | f6 | contact a, 1 Dec 09:00      | 10 Dec | (due today: not yet counted)                 | –       |
     * | f7 | contact a, 1 Dec 10:00      | 5 Dec  | contact a 4 Dec                              | yes     |
     * November: 3 of 5 on time (M: f1, f3, f8 → 3/3; F: f2, f5 → 0/2). December: 1 of 1.
     * With today = 11 December, f6 is due and met (the contact that set f7, at 10:00 on 1 Dec): 2 of 2.
     */
    let org: ReportingOrg;
    beforeAll(async () => {
      org = await seedReportingOrg(t);
      const a = await addClient(t, org, { sexAtBirth: 'M' });
      const a2 = await addClient(t, org, { sexAtBirth: 'M', mergedInto: a });
      const b = await addClient(t, org, { sexAtBirth: 'F' });
      await addContact(t, org, a, { at: '2026-11-01T02:00:00Z', followUpOn: '2026-11-08' });
      await addContact(t, org, a, { at: '2026-11-08T16:30:00Z' });
      await addContact(t, org, b, { at: '2026-11-02T02:00:00Z', followUpOn: '2026-11-09' });
      await addContact(t, org, b, { at: '2026-11-09T17:30:00Z' });
      await addCrisisEpisode(t, org, a, { at: '2026-11-12T02:00:00Z', outcomeAt: '2026-11-12T03:00:00Z', closedAt: '2026-11-12T04:00:00Z', followUpOn: '2026-11-14' });
      await addContact(t, org, a, { at: '2026-11-12T02:30:00Z' });
      await addContact(t, org, a, { at: '2026-11-14T01:00:00Z' });
      await addCrisisEpisode(t, org, null, { at: '2026-11-13T02:00:00Z', closedAt: '2026-11-13T03:00:00Z', followUpOn: '2026-11-15' });
      await addContact(t, org, b, { at: '2026-11-20T02:00:00Z', followUpOn: '2026-11-25' });
      await addContact(t, org, a2, { at: '2026-11-20T02:00:00Z', followUpOn: '2026-11-22' });
      await addContact(t, org, a, { at: '2026-11-21T02:00:00Z' });
      await addContact(t, org, a, { at: '2026-12-01T02:00:00Z', followUpOn: '2026-12-10' });
      await addContact(t, org, a, { at: '2026-12-01T03:00:00Z', followUpOn: '2026-12-05' });
      await addContact(t, org, a, { at: '2026-12-04T02:00:00Z' });
    });
    const base = { indicatorId: 'follow_ups_on_time', periodKind: 'month', from: '2026-11-01', to: '2026-12-31', today: '2026-12-10' } as const;

    it('counts follow-ups due in the period whose client was met again by the due day', async () => {
      const table = await run({ ...base, orgIds: [org.orgId], disaggregation: ['sex_at_birth'] });
      expect(table.totals).toEqual([
        { period: '2026-11', value: 3 / 5, numerator: 3, denominator: 5 },
        { period: '2026-12', value: 1, numerator: 1, denominator: 1 },
      ]);
      expect(table.cells).toEqual([
        { period: '2026-11', keys: ['F'], value: 0, numerator: 0, denominator: 2 },
        { period: '2026-11', keys: ['M'], value: 1, numerator: 3, denominator: 3 },
        { period: '2026-12', keys: ['M'], value: 1, numerator: 1, denominator: 1 },
      ]);
    });

    it('counts a follow-up once its due day has passed', async () => {
      const later = await run({ ...base, today: '2026-12-11', orgIds: [org.orgId] });
      expect(later.totals[1]).toEqual({ period: '2026-12', value: 1, numerator: 2, denominator: 2 });
      const earlier = await run({ ...base, today: '2026-11-09', orgIds: [org.orgId] });
      // Only f1 (due 8 Nov) has passed on 9 November.
      expect(earlier.totals).toEqual([
        { period: '2026-11', value: 1, numerator: 1, denominator: 1 },
        { period: '2026-12', value: null, numerator: 0, denominator: 0 },
      ]);
    });

    it('counts nothing of an organisation outside the scope', async () => {
      const other = await seedReportingOrg(t);
      const table = await run({ ...base, orgIds: [other.orgId] });
      expect(table.totals.map((x) => x.denominator)).toEqual([0, 0]);
    });
  });
});
