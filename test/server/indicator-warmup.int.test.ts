import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS, type IndicatorId } from '../../src/core/indicators/definitions.ts';
import type { IndicatorTable } from '../../src/core/indicators/result.ts';
import { inOrg } from '../../src/server/db/scope.ts';
import { cachedTables } from '../../src/server/indicators/cache.ts';
import { computeIndicator, hasSql } from '../../src/server/indicators/compute.ts';
import { warmupOf } from '../../src/server/indicators/warmup.ts';
import { dashboardRequests } from '../../src/server/reports/dashboard.ts';
import { loggedIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { Device, seedFieldOrg } from '../helpers/field.ts';

/**
 * The warm-up after writes (src/server/indicators/warmup.ts), turned on with a short quiet time:
 * after a push, the organisation's recently read tables are computed in the background, so the
 * next dashboard read computes nothing, and its figures are what the SQL gives on the records.
 */
describe.each(testDialects())('report warm-up after writes, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { reportWarmupMs: 150 });
  });
  afterAll(async () => t?.close());

  const until = async (done: () => boolean, ms = 30_000) => {
    const end = Date.now() + ms;
    while (!done()) {
      if (Date.now() > end) throw new Error('the warm-up did not finish');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('computes a pushed organisation again in the background: the next dashboard read computes nothing and equals the SQL', async () => {
    const db = t.ctx.db.kysely;
    const warmup = warmupOf(db)!;
    expect(warmup).toBeDefined();
    const org = await seedFieldOrg(t);
    const [manager, worker] = [await loggedIn(t, org, 'manager'), await loggedIn(t, org, 'fieldworker')];
    const month = new Date().toISOString().slice(0, 7);
    const url = `/api/reports/dashboard?scope=${org.orgId}&periodKind=month&period=${month}`;
    const contactsOf = (body: { headlines: { indicatorId: string; current: { value: number } }[] }) => body.headlines.find((h) => h.indicatorId === 'contacts')!.current.value;
    const first = await manager.get(url);
    expect(first.status).toBe(200);
    const before = contactsOf(first.body);

    const device = new Device(org);
    const reg = device.registerClient('ANBIM95', { consents: [{ kind: 'services', given: true }] });
    const contact = device.recordContact(reg.clientId);
    const computedBefore = warmup.stats.computed;
    const pushed = await worker.post('/api/sync/push', device.push([reg.m, contact.m]));
    expect(pushed.status).toBe(200);
    await until(() => warmup.idle && warmup.stats.computed > computedBefore);

    const { requests } = dashboardRequests({ orgIds: [org.orgId], periodKind: 'month', period: month });
    const warm = await cachedTables(db, [org.orgId], requests);
    expect(warm.computed).toBe(0);
    const direct = await inOrg(db, org.orgId, async (tx) => {
      const out: IndicatorTable[] = [];
      for (const req of requests) out.push(await computeIndicator(tx, { ...req, orgIds: [org.orgId] }));
      return out;
    });
    expect(warm.tables).toEqual(direct);
    expect(contactsOf((await manager.get(url)).body)).toBe(before + 1);
    expect(warmup.stats.failures).toBe(0);
  });

  it('makes a read of an organisation being refreshed wait for that refresh, and stops a running refresh when closed', async () => {
    const db = t.ctx.db.kysely;
    const warmup = warmupOf(db)!;
    const org = await seedFieldOrg(t);
    const [manager, worker] = [await loggedIn(t, org, 'manager'), await loggedIn(t, org, 'fieldworker')];
    const month = new Date().toISOString().slice(0, 7);
    // More requests read (every indicator over several ranges; fewer than the 200 kept per
    // organisation), so a refresh lasts long enough to be caught running.
    const many = INDICATORS.filter((i) => hasSql(i.id)).flatMap((i) =>
      Array.from({ length: 6 }, (_, k) => ({ indicatorId: i.id as IndicatorId, periodKind: 'month' as const, from: `2025-${String(k + 1).padStart(2, '0')}-01`, to: `${month}-01`, disaggregation: [] })),
    );
    warmup.noteRead([org.orgId], many);
    await manager.get(`/api/reports/dashboard?scope=${org.orgId}&periodKind=month&period=${month}`);
    await until(() => warmup.idle);
    const device = new Device(org);
    const reg = device.registerClient('COXUM95', { consents: [{ kind: 'services', given: true }] });
    expect((await worker.post('/api/sync/push', device.push([reg.m, device.recordContact(reg.clientId).m]))).status).toBe(200);
    await until(() => warmup.refreshing(org.orgId));
    // The refresh is running: a read of the organisation waits for it, then finds its tables current.
    const { requests } = dashboardRequests({ orgIds: [org.orgId], periodKind: 'month', period: month });
    await warmup.settled([org.orgId]);
    expect(warmup.refreshing(org.orgId)).toBe(false);
    expect((await cachedTables(db, [org.orgId], requests)).computed).toBe(0);
    expect((await cachedTables(db, [org.orgId], many)).computed).toBe(0);
    // Closing while a refresh runs: it stops between transactions and close() waits for it.
    expect((await worker.post('/api/sync/push', device.push([device.recordContact(reg.clientId).m]))).status).toBe(200);
    await until(() => warmup.refreshing(org.orgId));
    await warmup.close();
    expect(warmup.refreshing(org.orgId)).toBe(false);
    expect(warmup.idle).toBe(true);
    // Nothing half-stored: whatever the refresh did not reach is computed by the next read, exactly.
    const next = await cachedTables(db, [org.orgId], requests);
    const direct = await inOrg(db, org.orgId, async (tx) => {
      const out: IndicatorTable[] = [];
      for (const req of requests) out.push(await computeIndicator(tx, { ...req, orgIds: [org.orgId] }));
      return out;
    });
    expect(next.tables).toEqual(direct);
  });
});
