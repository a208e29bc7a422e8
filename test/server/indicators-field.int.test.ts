import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/scope.ts';
import { computeIndicator } from '../../src/server/indicators/compute.ts';
import type { IndicatorRequest } from '../../src/server/indicators/common.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { addAnonymous, addClient, addContact, seedReportingOrg } from '../helpers/indicators.ts';

describe.each(testDialects())('field indicators on small known datasets, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const run = (req: Omit<IndicatorRequest, 'disaggregation'> & { disaggregation?: IndicatorRequest['disaggregation'] }) =>
    asSystem(t.ctx.db.kysely, (tx) => computeIndicator(tx, { disaggregation: [], ...req }));

  describe('people_reached', () => {
    it('counts each client once per period, in Vietnam time, by sex and key population', async () => {
      const org = await seedReportingOrg(t);
      const a = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm', 'chemsex'] });
      const b = await addClient(t, org, { sexAtBirth: 'F', keyPopulations: [] });
      const c = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm'] });
      // a: two contacts in November (one person); b: 23:30 on 30 November in Hà Nội is still November
      // (16:30 UTC); c: 00:30 on 1 December in Hà Nội is 17:30 UTC on 30 November: December.
      await addContact(t, org, a, { at: '2026-11-03T02:00:00Z' });
      await addContact(t, org, a, { at: '2026-11-20T02:00:00Z' });
      await addContact(t, org, b, { at: '2026-11-30T16:30:00Z' });
      await addContact(t, org, c, { at: '2026-11-30T17:30:00Z' });

      const base = { indicatorId: 'people_reached', periodKind: 'month', from: '2026-10-01', to: '2026-12-31', orgIds: [org.orgId] } as const;
      const total = await run(base);
      expect(total.periods).toEqual(['2026-10', '2026-11', '2026-12']);
      expect(total.totals.map((x) => x.value)).toEqual([0, 2, 1]);
      expect(total.cells).toEqual([]);

      const bySex = await run({ ...base, disaggregation: ['sex_at_birth'] });
      expect(bySex.dimensions).toEqual(['sex_at_birth']);
      expect(bySex.cells).toEqual([
        { period: '2026-11', keys: ['F'], value: 1 },
        { period: '2026-11', keys: ['M'], value: 1 },
        { period: '2026-12', keys: ['M'], value: 1 },
      ]);

      // Multi-valued: a counts under msm and chemsex, b (none) under unknown; the total stays 2.
      const byKp = await run({ ...base, from: '2026-11-01', to: '2026-11-30', disaggregation: ['key_population'] });
      expect(byKp.cells.map((x) => [x.keys[0], x.value])).toEqual([
        ['chemsex', 1],
        ['msm', 1],
        ['unknown', 1],
      ]);
      expect(byKp.totals).toEqual([{ period: '2026-11', value: 2 }]);

      const quarter = await run({ ...base, periodKind: 'quarter', disaggregation: ['age_band', 'site'] });
      expect(quarter.totals).toEqual([{ period: '2026-Q4', value: 3 }]);
      expect(quarter.cells).toEqual([{ period: '2026-Q4', keys: ['25_34', org.siteIds[0]], value: 3 }]);
    });

    it('counts nothing of an organisation outside the scope', async () => {
      const mine = await seedReportingOrg(t);
      const other = await seedReportingOrg(t);
      await addContact(t, other, await addClient(t, other), { at: '2026-11-03T02:00:00Z' });
      const table = await run({ indicatorId: 'people_reached', periodKind: 'year', from: '2026-01-01', to: '2026-12-31', orgIds: [mine.orgId] });
      expect(table.totals).toEqual([{ period: '2026', value: 0 }]);
    });
  });

  // The Hà Nội edges used below: 23:30 local on the last day of a month is 16:30 UTC the same day
  // (still that month); 00:30 local on the 1st is 17:30 UTC the day before (already the new month).

  describe('new_clients', () => {
    it('counts registrations by their local day, leaves merged clients out, by key population, sex × site, quarter', async () => {
      const org = await seedReportingOrg(t);
      const other = await seedReportingOrg(t);
      // a: 23:30 on 30 November → November. b: 00:30 on 1 December → December. d: October.
      // e: November. m: November but merged into a, so left out. The other organisation's client
      // registered in November is out of scope.
      const a = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm', 'chemsex'], registeredAt: '2026-11-30T16:30:00Z' });
      await addClient(t, org, { sexAtBirth: 'F', keyPopulations: [], site: 1, registeredAt: '2026-11-30T17:30:00Z' });
      await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm'], birthYear: 1980, registeredAt: '2026-10-05T03:00:00Z' });
      await addClient(t, org, { sexAtBirth: 'F', keyPopulations: ['sex_worker'], registeredAt: '2026-11-15T03:00:00Z' });
      await addClient(t, org, { registeredAt: '2026-11-10T03:00:00Z', mergedInto: a });
      await addClient(t, other, { registeredAt: '2026-11-12T03:00:00Z' });

      const base = { indicatorId: 'new_clients', periodKind: 'month', from: '2026-10-01', to: '2026-12-31', orgIds: [org.orgId] } as const;
      // October: d. November: a, e. December: b.
      expect((await run(base)).totals.map((x) => x.value)).toEqual([1, 2, 1]);

      // November by key population: a under msm and chemsex, e under sex_worker; cells add to 3, the total is 2.
      const byKp = await run({ ...base, from: '2026-11-01', to: '2026-11-30', disaggregation: ['key_population'] });
      expect(byKp.cells.map((x) => [x.keys[0], x.value])).toEqual([
        ['chemsex', 1],
        ['msm', 1],
        ['sex_worker', 1],
      ]);
      expect(byKp.totals).toEqual([{ period: '2026-11', value: 2 }]);

      // The quarter by sex × the client's site: d, a, e at the Hà Nội site (M, M, F), b at Hải Phòng (F).
      const q = await run({ ...base, periodKind: 'quarter', disaggregation: ['sex_at_birth', 'site'] });
      expect(q.dimensions).toEqual(['sex_at_birth', 'site']);
      expect(q.cells).toEqual([
        { period: '2026-Q4', keys: ['F', org.siteIds[0]], value: 1 },
        { period: '2026-Q4', keys: ['F', org.siteIds[1]], value: 1 },
        { period: '2026-Q4', keys: ['M', org.siteIds[0]], value: 2 },
      ]);
      expect(q.totals).toEqual([{ period: '2026-Q4', value: 4 }]);

      // Age band at the registration day: d born 1980 is 46 (35_49); the others born 1995 are 31 (25_34).
      const byAge = await run({ ...base, periodKind: 'year', disaggregation: ['age_band'] });
      expect(byAge.cells.map((x) => [x.keys[0], x.value])).toEqual([
        ['25_34', 3],
        ['35_49', 1],
      ]);
    });
  });

  describe('contacts', () => {
    it('counts contact rows, a merged client as the one it was merged into, by key population and sex × site', async () => {
      const org = await seedReportingOrg(t);
      const other = await seedReportingOrg(t);
      const p = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm', 'chemsex'] });
      const q = await addClient(t, org, { sexAtBirth: 'F', keyPopulations: [], birthYear: 2005 });
      const m = await addClient(t, org, { sexAtBirth: 'F', keyPopulations: ['sex_worker'], mergedInto: p });
      // November: p at Hà Nội, p at 23:30 on 30 November at Hải Phòng, m (counts as p: M, msm +
      // chemsex) at Hà Nội, q at Hải Phòng = 4. December: q at 00:30 on 1 December = 1.
      await addContact(t, org, p, { at: '2026-11-03T02:00:00Z' });
      await addContact(t, org, p, { at: '2026-11-30T16:30:00Z', site: 1 });
      await addContact(t, org, m, { at: '2026-11-12T02:00:00Z' });
      await addContact(t, org, q, { at: '2026-11-20T02:00:00Z', site: 1 });
      await addContact(t, org, q, { at: '2026-11-30T17:30:00Z', site: 1 });
      await addContact(t, other, await addClient(t, other), { at: '2026-11-03T02:00:00Z' });

      const base = { indicatorId: 'contacts', periodKind: 'month', from: '2026-11-01', to: '2026-12-31', orgIds: [org.orgId] } as const;
      expect((await run(base)).totals).toEqual([
        { period: '2026-11', value: 4 },
        { period: '2026-12', value: 1 },
      ]);

      // The three contacts of p (and m) count under msm and chemsex; q's under unknown: cells add to 7, the total is 4.
      const byKp = await run({ ...base, to: '2026-11-30', disaggregation: ['key_population'] });
      expect(byKp.cells.map((x) => [x.keys[0], x.value])).toEqual([
        ['chemsex', 3],
        ['msm', 3],
        ['unknown', 1],
      ]);
      expect(byKp.totals).toEqual([{ period: '2026-11', value: 4 }]);

      // Sex of the client (m's own F does not count) × site of the contact.
      const bySexSite = await run({ ...base, to: '2026-11-30', disaggregation: ['sex_at_birth', 'site'] });
      expect(bySexSite.cells).toEqual([
        { period: '2026-11', keys: ['F', org.siteIds[1]], value: 1 },
        { period: '2026-11', keys: ['M', org.siteIds[0]], value: 2 },
        { period: '2026-11', keys: ['M', org.siteIds[1]], value: 1 },
      ]);

      // q born 2005 is 21 in 2026 (18_24); p 31 (25_34). The year holds all five.
      const year = await run({ ...base, periodKind: 'year', disaggregation: ['age_band'] });
      expect(year.cells.map((x) => [x.keys[0], x.value])).toEqual([
        ['18_24', 2],
        ['25_34', 3],
      ]);
      expect(year.totals).toEqual([{ period: '2026', value: 5 }]);
    });
  });

  describe('anonymous_contacts', () => {
    it('sums the tallies by sex, with the entry age band and the site province', async () => {
      const org = await seedReportingOrg(t);
      const other = await seedReportingOrg(t);
      // November: t1 at 23:30 on 30 November in Hà Nội (male 18_24 ×5, female 25_34 ×3) and t3 at
      // Hải Phòng (other unknown ×1, male 25_34 ×4) = 13. December: t2 at 00:30 on 1 December, male ×2.
      await addAnonymous(t, org, { at: '2026-11-30T16:30:00Z', counts: [{ sex: 'male', ageBand: '18_24', count: 5 }, { sex: 'female', ageBand: '25_34', count: 3 }] });
      await addAnonymous(t, org, { at: '2026-11-30T17:30:00Z', site: 1, counts: [{ sex: 'male', ageBand: '18_24', count: 2 }] });
      await addAnonymous(t, org, { at: '2026-11-05T02:00:00Z', site: 1, counts: [{ sex: 'other', ageBand: 'unknown', count: 1 }, { sex: 'male', ageBand: '25_34', count: 4 }] });
      await addAnonymous(t, other, { at: '2026-11-05T02:00:00Z', counts: [{ sex: 'male', ageBand: '18_24', count: 50 }] });

      const base = { indicatorId: 'anonymous_contacts', periodKind: 'month', from: '2026-11-01', to: '2026-12-31', orgIds: [org.orgId] } as const;
      const bySex = await run(base);
      expect(bySex.dimensions).toEqual(['anonymous_sex']);
      expect(bySex.cells).toEqual([
        { period: '2026-11', keys: ['female'], value: 3 },
        { period: '2026-11', keys: ['male'], value: 9 },
        { period: '2026-11', keys: ['other'], value: 1 },
        { period: '2026-12', keys: ['male'], value: 2 },
      ]);
      expect(bySex.totals.map((x) => x.value)).toEqual([13, 2]);

      const byAgeProvince = await run({ ...base, to: '2026-11-30', disaggregation: ['age_band', 'province'] });
      expect(byAgeProvince.cells.map((x) => [...x.keys, x.value])).toEqual([
        ['female', '25_34', 'ha-noi', 3],
        ['male', '18_24', 'ha-noi', 5],
        ['male', '25_34', 'hai-phong', 4],
        ['other', 'unknown', 'hai-phong', 1],
      ]);

      const quarter = await run({ ...base, periodKind: 'quarter', disaggregation: ['organisation'] });
      expect(quarter.cells).toEqual([
        { period: '2026-Q4', keys: ['female', org.orgId], value: 3 },
        { period: '2026-Q4', keys: ['male', org.orgId], value: 11 },
        { period: '2026-Q4', keys: ['other', org.orgId], value: 1 },
      ]);
      expect(quarter.totals).toEqual([{ period: '2026-Q4', value: 15 }]);
    });
  });

  describe('services_by_type', () => {
    it('counts contacts per service; the total is contacts with at least one service', async () => {
      const org = await seedReportingOrg(t);
      const p = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm', 'chemsex'] });
      const q = await addClient(t, org, { sexAtBirth: 'F', keyPopulations: [] });
      // November: p (commodities, hiv_test), p (commodities) at 23:30 on 30 November, q
      // (information), q (no service). December: q (information) at 00:30 on 1 December.
      await addContact(t, org, p, { at: '2026-11-03T02:00:00Z', services: ['commodities', 'hiv_test'] });
      await addContact(t, org, p, { at: '2026-11-30T16:30:00Z', services: ['commodities'] });
      await addContact(t, org, q, { at: '2026-11-10T02:00:00Z', services: ['information'] });
      await addContact(t, org, q, { at: '2026-11-11T02:00:00Z', services: [] });
      await addContact(t, org, q, { at: '2026-11-30T17:30:00Z', services: ['information'] });

      const base = { indicatorId: 'services_by_type', periodKind: 'month', from: '2026-11-01', to: '2026-12-31', orgIds: [org.orgId] } as const;
      const plain = await run(base);
      expect(plain.dimensions).toEqual(['service']);
      // Cells add to 4 for November; the total is 3 contacts (the one without a service is not counted).
      expect(plain.cells).toEqual([
        { period: '2026-11', keys: ['commodities'], value: 2 },
        { period: '2026-11', keys: ['hiv_test'], value: 1 },
        { period: '2026-11', keys: ['information'], value: 1 },
        { period: '2026-12', keys: ['information'], value: 1 },
      ]);
      expect(plain.totals.map((x) => x.value)).toEqual([3, 1]);

      // By key population (p's contacts twice), the total stays 3.
      const byKp = await run({ ...base, to: '2026-11-30', disaggregation: ['key_population'] });
      expect(byKp.cells.map((x) => [...x.keys, x.value])).toEqual([
        ['commodities', 'chemsex', 2],
        ['commodities', 'msm', 2],
        ['hiv_test', 'chemsex', 1],
        ['hiv_test', 'msm', 1],
        ['information', 'unknown', 1],
      ]);
      expect(byKp.totals).toEqual([{ period: '2026-11', value: 3 }]);

      const year = await run({ ...base, periodKind: 'year', disaggregation: ['sex_at_birth'] });
      expect(year.cells.map((x) => [...x.keys, x.value])).toEqual([
        ['commodities', 'M', 2],
        ['hiv_test', 'M', 1],
        ['information', 'F', 2],
      ]);
      expect(year.totals).toEqual([{ period: '2026', value: 4 }]);
    });
  });

  describe('commodities_distributed and iec_distributed', () => {
    it('sums quantities per item from contacts and anonymous tallies, by province and site', async () => {
      const org = await seedReportingOrg(t);
      const other = await seedReportingOrg(t);
      const [c1, c2] = org.commodityIds;
      const p = await addClient(t, org);
      const q = await addClient(t, org);
      // November: p at Hà Nội (c1 ×10, c2 ×2; leaflet ×1), q at 23:30 on 30 November at Hải Phòng
      // (c1 ×5), a tally at Hải Phòng (c1 ×20; leaflet ×30). December: a tally at 00:30 on
      // 1 December at Hà Nội (c2 ×7). The other organisation's contact is out of scope.
      await addContact(t, org, p, { at: '2026-11-03T02:00:00Z', commodities: [{ itemId: c1, quantity: 10 }, { itemId: c2, quantity: 2 }], iec: [{ itemId: org.iecId, quantity: 1 }] });
      await addContact(t, org, q, { at: '2026-11-30T16:30:00Z', site: 1, commodities: [{ itemId: c1, quantity: 5 }] });
      await addAnonymous(t, org, { at: '2026-11-05T02:00:00Z', site: 1, counts: [{ sex: 'male', ageBand: '18_24', count: 3 }], commodities: [{ itemId: c1, quantity: 20 }], iec: [{ itemId: org.iecId, quantity: 30 }] });
      await addAnonymous(t, org, { at: '2026-11-30T17:30:00Z', counts: [{ sex: 'female', ageBand: '18_24', count: 1 }], commodities: [{ itemId: c2, quantity: 7 }] });
      await addContact(t, other, await addClient(t, other), { at: '2026-11-03T02:00:00Z', commodities: [{ itemId: other.commodityIds[0], quantity: 100 }] });

      const base = { indicatorId: 'commodities_distributed', periodKind: 'month', from: '2026-11-01', to: '2026-12-31', orgIds: [org.orgId] } as const;
      const plain = await run(base);
      expect(plain.dimensions).toEqual(['item']);
      expect(sortByKeys(plain.cells)).toEqual(
        sortByKeys([
          { period: '2026-11', keys: [c1], value: 35 },
          { period: '2026-11', keys: [c2], value: 2 },
          { period: '2026-12', keys: [c2], value: 7 },
        ]),
      );
      expect(plain.totals.map((x) => x.value)).toEqual([37, 7]);

      const byProvince = await run({ ...base, to: '2026-11-30', disaggregation: ['province'] });
      expect(sortByKeys(byProvince.cells)).toEqual(
        sortByKeys([
          { period: '2026-11', keys: [c1, 'ha-noi'], value: 10 },
          { period: '2026-11', keys: [c1, 'hai-phong'], value: 25 },
          { period: '2026-11', keys: [c2, 'ha-noi'], value: 2 },
        ]),
      );

      const quarter = await run({ ...base, periodKind: 'quarter', disaggregation: ['site', 'organisation'] });
      expect(sortByKeys(quarter.cells)).toEqual(
        sortByKeys([
          { period: '2026-Q4', keys: [c1, org.siteIds[0], org.orgId], value: 10 },
          { period: '2026-Q4', keys: [c1, org.siteIds[1], org.orgId], value: 25 },
          { period: '2026-Q4', keys: [c2, org.siteIds[0], org.orgId], value: 9 },
        ]),
      );
      expect(quarter.totals).toEqual([{ period: '2026-Q4', value: 44 }]);

      const iec = await run({ ...base, indicatorId: 'iec_distributed' });
      expect(iec.cells).toEqual([{ period: '2026-11', keys: [org.iecId], value: 31 }]);
      expect(iec.totals.map((x) => x.value)).toEqual([31, 0]);
    });
  });

  describe('prevention_coverage', () => {
    it('is the share of clients reached in the three months who had ≥ 2 different prevention services', async () => {
      const org = await seedReportingOrg(t);
      const other = await seedReportingOrg(t);
      const a = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm'] });
      const b = await addClient(t, org, { sexAtBirth: 'F', keyPopulations: [], birthYear: 2000 });
      const m = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm'], mergedInto: b });
      const c = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: ['msm', 'chemsex'] });
      const d = await addClient(t, org, { sexAtBirth: 'F', keyPopulations: [] });
      const e = await addClient(t, org, { sexAtBirth: 'M', keyPopulations: [] });
      // a: commodities in September (Hà Nội), HIV test in November (Hải Phòng).
      await addContact(t, org, a, { at: '2026-09-10T02:00:00Z', services: ['commodities'] });
      await addContact(t, org, a, { at: '2026-11-05T02:00:00Z', site: 1, services: ['hiv_test'] });
      // b: commodities on 3 October, commodities + information on 20 November (Hà Nội); m, merged
      // into b, had an HCV test on 10 October (Hải Phòng), which counts as b's.
      await addContact(t, org, b, { at: '2026-10-03T02:00:00Z', services: ['commodities'] });
      await addContact(t, org, b, { at: '2026-11-20T02:00:00Z', services: ['commodities', 'information'] });
      await addContact(t, org, m, { at: '2026-10-10T02:00:00Z', site: 1, services: ['hcv_test'] });
      // c: counselling + PrEP information at 23:30 on 30 November (Hải Phòng).
      await addContact(t, org, c, { at: '2026-11-30T16:30:00Z', site: 1, services: ['safer_use_counselling', 'prep_information'] });
      // d: commodities + HIV test at 23:30 on 31 August: August. e: information + commodities at
      // 00:30 on 1 September: September (only one prevention service).
      await addContact(t, org, d, { at: '2026-08-31T16:30:00Z', services: ['commodities', 'hiv_test'] });
      await addContact(t, org, e, { at: '2026-08-31T17:30:00Z', services: ['information', 'commodities'] });
      await addContact(t, other, await addClient(t, other), { at: '2026-11-05T02:00:00Z', services: ['commodities', 'hiv_test'] });

      // October (window August–October): a no (commodities only), b yes (commodities + m's HCV
      // test), d yes, e no → 2/4. November (September–November): a yes, b yes, c yes, e no (d's
      // contact is August) → 3/4. December (October–December): a no (HIV test only), b yes, c yes → 2/3.
      const base = { indicatorId: 'prevention_coverage', periodKind: 'month', from: '2026-10-01', to: '2026-12-31', orgIds: [org.orgId] } as const;
      expect((await run(base)).totals).toEqual([
        { period: '2026-10', value: 0.5, numerator: 2, denominator: 4 },
        { period: '2026-11', value: 0.75, numerator: 3, denominator: 4 },
        { period: '2026-12', value: 2 / 3, numerator: 2, denominator: 3 },
      ]);

      // November by key population: msm a, c 2/2; chemsex c 1/1; unknown b, e 1/2. Cells' denominators add to 5, the total's is 4.
      const nov = { ...base, from: '2026-11-01', to: '2026-11-30' };
      const byKp = await run({ ...nov, disaggregation: ['key_population'] });
      expect(byKp.cells.map((x) => [x.keys[0], x.numerator, x.denominator])).toEqual([
        ['chemsex', 1, 1],
        ['msm', 2, 2],
        ['unknown', 1, 2],
      ]);
      expect(byKp.totals).toEqual([{ period: '2026-11', value: 0.75, numerator: 3, denominator: 4 }]);

      // Site = the site of the latest contact in the window: a Hải Phòng (5 November), b Hà Nội
      // (20 November), c Hải Phòng, e Hà Nội. Sex × site: F Hà Nội b 1/1, M Hà Nội e 0/1, M Hải Phòng a, c 2/2.
      const bySexSite = await run({ ...nov, disaggregation: ['sex_at_birth', 'site'] });
      expect(bySexSite.cells).toEqual([
        { period: '2026-11', keys: ['F', org.siteIds[0]], value: 1, numerator: 1, denominator: 1 },
        { period: '2026-11', keys: ['M', org.siteIds[0]], value: 0, numerator: 0, denominator: 1 },
        { period: '2026-11', keys: ['M', org.siteIds[1]], value: 1, numerator: 2, denominator: 2 },
      ]);

      // The quarter and the year look at October–December, like December. b born 2000 is 26, the others 31: all 25_34.
      expect((await run({ ...base, periodKind: 'quarter' })).totals).toEqual([{ period: '2026-Q4', value: 2 / 3, numerator: 2, denominator: 3 }]);
      const year = await run({ ...base, periodKind: 'year', disaggregation: ['age_band'] });
      expect(year.totals).toEqual([{ period: '2026', value: 2 / 3, numerator: 2, denominator: 3 }]);
      expect(year.cells).toEqual([{ period: '2026', keys: ['25_34'], value: 2 / 3, numerator: 2, denominator: 3 }]);

      // No one reached: no rate, and a zero denominator.
      expect((await run({ ...base, from: '2026-06-01', to: '2026-06-30' })).totals).toEqual([{ period: '2026-06', value: null, numerator: 0, denominator: 0 }]);
    });
  });

  describe('the whole network', () => {
    // 2031 is used by this test only, so 'all' sees exactly these two organisations' records.
    it("counts every organisation's records with the 'all' scope, split by organisation", async () => {
      const one = await seedReportingOrg(t);
      const two = await seedReportingOrg(t);
      await addContact(t, one, await addClient(t, one, { registeredAt: '2031-03-01T03:00:00Z' }), { at: '2031-03-02T02:00:00Z', services: ['commodities', 'hiv_test'], commodities: [{ itemId: one.commodityIds[0], quantity: 4 }] });
      const x = await addClient(t, two, { registeredAt: '2031-05-01T03:00:00Z' });
      await addContact(t, two, x, { at: '2031-05-02T02:00:00Z', services: ['information'] });
      await addContact(t, two, x, { at: '2031-12-31T16:30:00Z', services: ['commodities'] });
      await addAnonymous(t, two, { at: '2031-06-01T02:00:00Z', counts: [{ sex: 'female', ageBand: '25_34', count: 6 }], commodities: [{ itemId: two.commodityIds[0], quantity: 3 }] });

      const year = { periodKind: 'year', from: '2031-01-01', to: '2031-12-31', orgIds: 'all' } as const;
      const byOrg = (tbl: Awaited<ReturnType<typeof run>>) => Object.fromEntries(tbl.cells.map((cell) => [cell.keys.at(-1)!, cell.value]));
      const newClients = await run({ ...year, indicatorId: 'new_clients', disaggregation: ['organisation'] });
      expect(newClients.totals).toEqual([{ period: '2031', value: 2 }]);
      expect(byOrg(newClients)).toEqual({ [one.orgId]: 1, [two.orgId]: 1 });
      const contacts = await run({ ...year, indicatorId: 'contacts', disaggregation: ['organisation'] });
      expect(contacts.totals).toEqual([{ period: '2031', value: 3 }]);
      expect(byOrg(contacts)).toEqual({ [one.orgId]: 1, [two.orgId]: 2 });
      expect((await run({ ...year, indicatorId: 'anonymous_contacts' })).totals).toEqual([{ period: '2031', value: 6 }]);
      expect((await run({ ...year, indicatorId: 'commodities_distributed' })).totals).toEqual([{ period: '2031', value: 7 }]);
      // The year's window is October–December: only two's client, seen once with one prevention service → 0/1.
      expect((await run({ ...year, indicatorId: 'prevention_coverage' })).totals).toEqual([{ period: '2031', value: 0, numerator: 0, denominator: 1 }]);
      // Only organisation one in scope.
      expect((await run({ ...year, indicatorId: 'contacts', orgIds: [one.orgId] })).totals).toEqual([{ period: '2031', value: 1 }]);
    });
  });
});

/** Cells whose keys are database ids (uuids) sort in no order the test can write by hand. */
function sortByKeys<T extends { period: string; keys: string[] }>(cells: T[]): T[] {
  return [...cells].sort((a, b) => `${a.period}|${a.keys.join('|')}`.localeCompare(`${b.period}|${b.keys.join('|')}`));
}
