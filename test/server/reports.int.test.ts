import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/scope.ts';
import { Client, loggedIn, seedOrg, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { addClient, addContact, seedReportingOrg, type ReportingOrg } from '../helpers/indicators.ts';

describe.each(testDialects())('reports: dashboards, indicator tables, CSV and line lists, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /** An organisation with 2 people reached in November 2026 (one M, one F) and 6 more in October. */
  async function smallOrg(roles: Parameters<typeof seedReportingOrg>[1] = ['manager', 'evaluator', 'fieldworker']): Promise<ReportingOrg> {
    const org = await seedReportingOrg(t, roles);
    const a = await addClient(t, org, { sexAtBirth: 'M' });
    const b = await addClient(t, org, { sexAtBirth: 'F' });
    await addContact(t, org, a, { at: '2026-11-03T02:00:00Z' });
    await addContact(t, org, b, { at: '2026-11-04T02:00:00Z', site: 1 });
    for (let i = 0; i < 6; i++) await addContact(t, org, await addClient(t, org, { sexAtBirth: i % 2 ? 'M' : 'F' }), { at: '2026-10-10T02:00:00Z' });
    return org;
  }

  const table = (scope: string, extra = '') => `/api/reports/indicators/people_reached?scope=${scope}&periodKind=month&from=2026-10-01&to=2026-11-30${extra}`;

  it('shows a manager their organisation in full, a cell of 2 people included', async () => {
    const org = await smallOrg();
    const manager = await loggedIn(t, org, 'manager');
    const res = await manager.get(table(org.orgId, '&by=sex_at_birth'));
    expect(res.status).toBe(200);
    expect(res.body.suppressed).toBe(false);
    expect(res.body.totals).toEqual([
      { period: '2026-10', value: 6, flag: null },
      { period: '2026-11', value: 2, flag: null },
    ]);
    expect(res.body.cells.filter((c: { period: string }) => c.period === '2026-11')).toEqual([
      { period: '2026-11', keys: ['F'], value: 1, flag: null },
      { period: '2026-11', keys: ['M'], value: 1, flag: null },
    ]);
  });

  it('shows the dashboard', async () => {
    const org = await smallOrg();
    const manager = await loggedIn(t, org, 'manager');
    const res = await manager.get(`/api/reports/dashboard?scope=${org.orgId}&periodKind=month&period=2026-11`);
    expect(res.status).toBe(200);
    expect(res.body.headlines[0]).toMatchObject({ indicatorId: 'people_reached', current: { value: 2 }, previous: { value: 6 } });
    const scopes = await manager.get('/api/reports/scopes');
    expect(scopes.body.scopes).toEqual([{ scope: org.orgId, name: expect.stringMatching(/^Tổ chức thử/), suppressed: false }]);
    const csv = await manager.get(table(org.orgId, '&format=csv&lang=vi&by=site'));
    expect(csv.status).toBe(200);
    console.log(csv.body);
  });
});
