import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/scope.ts';
import { computeIndicator } from '../../src/server/indicators/compute.ts';
import type { IndicatorRequest } from '../../src/server/indicators/common.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { addClient, addContact, seedReportingOrg } from '../helpers/indicators.ts';

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
});
