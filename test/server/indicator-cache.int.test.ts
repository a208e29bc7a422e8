import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS, type IndicatorId } from '../../src/core/indicators/definitions.ts';
import type { DisaggregationId } from '../../src/core/indicators/disaggregations.ts';
import type { IndicatorTable } from '../../src/core/indicators/result.ts';
import { asSystem, inOrg, type Tx } from '../../src/server/db/scope.ts';
import { cachedTables, medianOf, pruneChanges, type CacheRequest, type OrgIds } from '../../src/server/indicators/cache.ts';
import { computeIndicator, hasSql } from '../../src/server/indicators/compute.ts';
import { loggedIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { addAnonymous, addClient, addContact, seedReportingOrg, type ReportingOrg } from '../helpers/indicators.ts';
import { addCrisisEpisode, addListedProvider, addReferral, addScreening, setScreeningCutOffs } from '../helpers/indicators-care.ts';

/**
 * Pre-computed indicator tables (src/server/indicators/cache.ts): what they give is what the
 * indicator SQL gives directly — for one organisation, and summed for several and for the
 * network — on random datasets; any write to a table an indicator reads makes the next read
 * compute that organisation again (and no other); an organisation's transaction sees only its
 * own pre-computed tables.
 */

/** A small deterministic PRNG (mulberry32), so a failing seed can be run again. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['information', 'commodities', 'safer_use_counselling', 'hiv_test', 'hcv_test', 'prep_information', 'brief_motivational'] as const;
const KPS = ['msm', 'chemsex', 'sex_worker', 'young_person'];
/** PHQ-9 answers with a chosen total (item 9 stays 0). */
const phq9 = (total: number) => [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Math.max(0, Math.min(3, total - 3 * i))).concat(0);

/** Random records of every kind an indicator reads, in 2026 before the machine's today (follow-ups count once due). */
async function randomOrg(t: TestApp, seed: number, providerId?: string): Promise<ReportingOrg> {
  const r = prng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const at = () => new Date(Date.UTC(2026, 7 + Math.floor(r() * 3), 1 + Math.floor(r() * 28), Math.floor(r() * 24), 30)).toISOString();
  const org = await seedReportingOrg(t);
  const provider = providerId ?? (await addListedProvider(t, org));
  const clients: string[] = [];
  for (let i = 0; i < 6 + Math.floor(r() * 6); i++) {
    clients.push(
      await addClient(t, org, {
        sexAtBirth: r() < 0.7 ? 'M' : 'F',
        keyPopulations: KPS.filter(() => r() < 0.3),
        birthYear: r() < 0.1 ? null : 1970 + Math.floor(r() * 40),
        site: r() < 0.5 ? 0 : 1,
        registeredAt: at(),
        mergedInto: i > 2 && r() < 0.15 ? clients[0]! : null,
      }),
    );
  }
  for (let i = 0; i < 25; i++) {
    const services = SERVICES.filter(() => r() < 0.35);
    await addContact(t, org, pick(clients), {
      at: at(),
      site: r() < 0.5 ? 0 : 1,
      services: services.length ? [...services] : ['information'],
      commodities: r() < 0.5 ? [{ itemId: pick(org.commodityIds), quantity: 1 + Math.floor(r() * 5) }] : [],
      iec: r() < 0.3 ? [{ itemId: org.iecId, quantity: 1 }] : [],
      followUpOn: r() < 0.3 ? `2026-${pick(['08', '09', '10'])}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}` : null,
    });
  }
  for (let i = 0; i < 4; i++) await addAnonymous(t, org, { at: at(), site: r() < 0.5 ? 0 : 1, counts: [{ sex: pick(['male', 'female', 'other'] as const), ageBand: pick(['18_24', '25_34', 'unknown']), count: 1 + Math.floor(r() * 6) }], commodities: [{ itemId: org.commodityIds[0], quantity: 2 }] });
  for (let i = 0; i < 8; i++) await addScreening(t, org, pick(clients), { instrument: 'phq9', answers: phq9(Math.floor(r() * 27)), at: at() });
  for (let i = 0; i < 3; i++) {
    const open = at();
    const closed = r() < 0.8;
    await addCrisisEpisode(t, org, r() < 0.2 ? null : pick(clients), { at: open, closedAt: closed ? open : null, level: pick(['acute', 'urgent'] as const), followUpOn: closed && r() < 0.5 ? '2026-10-15' : null });
  }
  for (let i = 0; i < 6; i++) {
    const made = at();
    const day = (n: number) => new Date(Date.parse(made) + n * 86_400_000).toISOString();
    const steps = (['send', 'accept', 'attend', 'complete'] as const).slice(0, Math.floor(r() * 5));
    let d = 0;
    await addReferral(t, org, pick(clients), { at: made, providerId: provider, events: steps.map((event) => ({ event, at: day((d += Math.floor(r() * 6))) })) });
  }
  if (r() < 0.5) await setScreeningCutOffs(t, org, { phq9: 15 } as never);
  return org;
}

/** An anonymous tally written in the caller's transaction. */
function addAnonymousIn(tx: Tx, org: ReportingOrg) {
  return tx
    .insertInto('anonymous_contacts')
    .values({ id: crypto.randomUUID(), org_id: org.orgId, site_id: org.siteIds[0]!, at: '2026-11-13T03:00:00Z', mode: 'street_outreach', counts: JSON.stringify([{ sex: 'female', ageBand: '25_34', count: 1 }]), services: ['information'], commodities: '[]', iec: '[]', recorded_by: org.userId, version: 1 })
    .execute();
}

const ready = INDICATORS.filter((i) => hasSql(i.id));
/** Every indicator with SQL over months and a year, without a split and with each of a few splits it allows. */
function requests(): CacheRequest[] {
  const splits: DisaggregationId[][] = [[], ['sex_at_birth'], ['key_population'], ['organisation'], ['age_band', 'site'], ['province']];
  return ready.flatMap((ind) =>
    splits
      .filter((s) => s.every((d) => (ind.disaggregations as readonly string[]).includes(d)))
      .flatMap((disaggregation) => [
        { indicatorId: ind.id as IndicatorId, periodKind: 'month' as const, from: '2026-08-01', to: '2026-11-30', disaggregation },
        { indicatorId: ind.id as IndicatorId, periodKind: 'year' as const, from: '2025-01-01', to: '2026-12-31', disaggregation },
      ]),
  );
}

describe.each(testDialects())('pre-computed indicator tables, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const direct = (orgIds: OrgIds, reqs: readonly CacheRequest[]): Promise<IndicatorTable[]> => {
    const work = async (tx: Parameters<Parameters<typeof asSystem>[1]>[0]) => {
      const out: IndicatorTable[] = [];
      for (const req of reqs) out.push(await computeIndicator(tx, { ...req, orgIds }));
      return out;
    };
    return orgIds !== 'all' && orgIds.length === 1 ? inOrg(t.ctx.db.kysely, orgIds[0]!, work) : asSystem(t.ctx.db.kysely, work);
  };
  const cached = (orgIds: OrgIds, reqs: readonly CacheRequest[]) => cachedTables(t.ctx.db.kysely, orgIds, reqs, { concurrency: dialect === 'postgres' ? 3 : 1 });

  it('takes a median over cases as percentile_cont does', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([3])).toBe(3);
    expect(medianOf([1, 4])).toBe(2.5);
    expect(medianOf([0, 1, 1, 9])).toBe(1);
    expect(medianOf([0, 2, 5, 7, 30])).toBe(5);
  });

  let orgs: ReportingOrg[] = [];
  it('gives what the SQL gives, for each organisation, for several and for the network, on random data', async () => {
    // Two organisations share a provider; a third has its own; seeds chosen once, kept for reruns.
    const first = await randomOrg(t, 11);
    orgs = [first, await randomOrg(t, 12), await randomOrg(t, 13)];
    const reqs = requests();
    for (const scope of [[orgs[0]!.orgId], [orgs[1]!.orgId], [orgs[0]!.orgId, orgs[2]!.orgId], 'all'] as OrgIds[]) {
      const want = await direct(scope, reqs);
      const cold = await cached(scope, reqs);
      reqs.forEach((req, i) => expect(cold.tables[i], `${JSON.stringify(req)} for ${JSON.stringify(scope)}`).toEqual(want[i]));
      const warm = await cached(scope, reqs);
      expect(warm.computed).toBe(0);
      expect(warm.tables).toEqual(want);
    }
    // The network read computed only what the organisation reads had not: nothing new for them.
    expect((await cached([orgs[0]!.orgId], reqs)).computed).toBe(0);
  });

  /** The dashboard-sized set of requests the freshness checks read. */
  const few: CacheRequest[] = ready.map((i) => ({ indicatorId: i.id as IndicatorId, periodKind: 'month' as const, from: '2026-08-01', to: '2026-11-30', disaggregation: [] }));

  it('computes an organisation again after any write that can change a figure, and only that organisation', async () => {
    const [a, b] = orgs as [ReportingOrg, ReportingOrg];
    const db = t.ctx.db.kysely;
    await cached('all', few);
    const clientOf = async (org: ReportingOrg) => (await asSystem(db, (tx) => tx.selectFrom('clients').select('id').where('org_id', '=', org.orgId).where('merged_into', 'is', null).orderBy('id').execute())).map((x) => x.id);
    const [c1, c2] = await clientOf(a);
    const writes: [string, () => Promise<unknown>][] = [
      ['a contact', () => addContact(t, a, c1!, { at: '2026-11-02T03:00:00Z', services: ['commodities', 'hiv_test'] })],
      ['an anonymous tally', () => addAnonymous(t, a, { at: '2026-11-02T03:00:00Z', counts: [{ sex: 'female', ageBand: '18_24', count: 3 }] })],
      ['a deleted tally', () => asSystem(db, (tx) => tx.deleteFrom('anonymous_contacts').where('org_id', '=', a.orgId).where('at', '=', new Date('2026-11-02T03:00:00Z')).execute())],
      ['a registration', () => addClient(t, a, { registeredAt: '2026-11-03T03:00:00Z' })],
      ['a profile edit', () => inOrg(db, a.orgId, (tx) => tx.updateTable('clients').set({ sex_at_birth: 'F' }).where('id', '=', c2!).execute())],
      ['a merge', () => inOrg(db, a.orgId, (tx) => tx.updateTable('clients').set({ merged_into: c1! }).where('id', '=', c2!).execute())],
      ['a screening', () => addScreening(t, a, c1!, { instrument: 'phq9', answers: phq9(20), at: '2026-11-04T03:00:00Z' })],
      ['new cut-offs', () => asSystem(db, (tx) => tx.deleteFrom('org_settings').where('org_id', '=', a.orgId).execute()).then(() => setScreeningCutOffs(t, a, { phq9: 5 } as never))],
      ['a crisis episode', () => addCrisisEpisode(t, a, c1!, { at: '2026-11-05T03:00:00Z', closedAt: '2026-11-05T04:00:00Z', followUpOn: '2026-11-10' })],
      ['a referral', () => addListedProvider(t, a).then((p) => addReferral(t, a, c1!, { at: '2026-11-06T03:00:00Z', providerId: p, events: [{ event: 'send', at: '2026-11-06T03:00:00Z' }] }))],
      [
        'a referral event and status',
        () =>
          asSystem(db, async (tx) => {
            const r = await tx.selectFrom('referrals').select(['id']).where('from_org_id', '=', a.orgId).where('status', '=', 'sent').executeTakeFirstOrThrow();
            await sql`insert into referral_events (id, referral_id, from_org_id, to_org_id, event, at, note_enc, outcome, by_user, by_org_id)
              values (gen_random_uuid(), ${r.id}, ${a.orgId}, null, 'attend', '2026-11-08T03:00:00Z', null, null, ${a.userId}, ${a.orgId})`.execute(tx);
            await tx.updateTable('referrals').set({ status: 'attended' }).where('id', '=', r.id).execute();
          }),
      ],
      ['a site moved to another province', () => inOrg(db, a.orgId, (tx) => tx.updateTable('sites').set({ province_id: 'da-nang' }).where('id', '=', a.siteIds[1]).execute())],
      ['a new time zone', () => asSystem(db, (tx) => tx.updateTable('organisations').set({ time_zone: 'Asia/Bangkok' }).where('id', '=', a.orgId).execute())],
    ];
    for (const [what, write] of writes) {
      await write();
      const org = await cached([a.orgId], few);
      expect(org.computed, `after ${what}`).toBe(few.length);
      expect(org.tables, `after ${what}`).toEqual(await direct([a.orgId], few));
      // The network computes only the organisation that changed (its table was just computed:
      // nothing) and the others' are still current.
      const network = await cached('all', few);
      expect(network.computed, `network after ${what}`).toBe(0);
      expect(network.tables, `network after ${what}`).toEqual(await direct('all', few));
      expect((await cached([b.orgId], few)).computed, `the other organisation after ${what}`).toBe(0);
    }
    // A write first read by the network view: the network computes that organisation, and only it.
    await addContact(t, b, (await clientOf(b))[0]!, { at: '2026-11-09T03:00:00Z' });
    const network = await cached('all', few);
    expect(network.computed).toBe(few.length);
    expect(network.tables).toEqual(await direct('all', few));
  });

  it('computes a figure that depends on today again on a new day', async () => {
    const a = orgs[0]!;
    await cached([a.orgId], few);
    await asSystem(t.ctx.db.kysely, (tx) => sql`update indicator_cache set day = '2000-01-01' where org_id = ${a.orgId} and day <> ''`.execute(tx));
    const again = await cached([a.orgId], few);
    expect(again.computed).toBe(few.filter((r) => r.indicatorId === 'follow_ups_on_time').length);
  });

  it('keeps each organisation to its own pre-computed tables and changes', async () => {
    const [a, b] = orgs as [ReportingOrg, ReportingOrg];
    const db = t.ctx.db.kysely;
    await cached([b.orgId], few);
    await inOrg(db, a.orgId, async (tx) => {
      const seen = await sql<{ org_id: string }>`select distinct org_id from indicator_cache`.execute(tx);
      expect(seen.rows.map((r) => r.org_id)).toEqual([a.orgId]);
      const changes = await sql<{ org_id: string }>`select distinct org_id from report_changes`.execute(tx);
      expect(changes.rows.map((r) => r.org_id)).toEqual([a.orgId]);
    });
    await expect(inOrg(db, a.orgId, (tx) => sql`insert into indicator_cache (org_id, request_key, data_version, result) values (${b.orgId}, 'x', 1, '{}')`.execute(tx))).rejects.toThrow();
    await expect(inOrg(db, a.orgId, (tx) => sql`delete from report_changes`.execute(tx))).rejects.toThrow();
    await expect(inOrg(db, a.orgId, (tx) => sql`insert into report_changes (org_id) values (${a.orgId})`.execute(tx))).rejects.toThrow();
    await expect(inOrg(db, a.orgId, (tx) => sql`update report_prune set horizon = '0'`.execute(tx))).rejects.toThrow();
  });

  it('stays exact after the change log is pruned, and a stamp older than the prune is not stored', async () => {
    const [a, b] = orgs as [ReportingOrg, ReportingOrg];
    const db = t.ctx.db.kysely;
    await cached('all', few);
    await addContact(t, a, (await asSystem(db, (tx) => tx.selectFrom('clients').select('id').where('org_id', '=', a.orgId).executeTakeFirstOrThrow())).id, { at: '2026-11-12T03:00:00Z' });
    const pruned = await pruneChanges(db);
    // The stale tables of a went with the changes; b's current ones stayed.
    expect(pruned.tables).toBeGreaterThanOrEqual(few.length);
    // (How many changes go depends on the oldest transaction running in the whole cluster.)
    expect(pruned.changes).toBeGreaterThan(0);
    expect((await cached([b.orgId], few)).computed).toBe(0);
    const again = await cached([a.orgId], few);
    expect(again.computed).toBe(few.length);
    expect(again.tables).toEqual(await direct([a.orgId], few));
    expect((await cached('all', few)).computed).toBe(0);
    // A write after the prune is seen as before.
    await addAnonymous(t, b, { at: '2026-11-12T03:00:00Z', counts: [{ sex: 'male', ageBand: '18_24', count: 2 }] });
    expect((await cached('all', few)).computed).toBe(few.length);
    expect((await cached('all', few)).tables).toEqual(await direct('all', few));
  });

  it.runIf(dialect === 'postgres')('lets two transactions writing for two organisations in crossed order both commit, and both are counted', async () => {
    const [a, b] = orgs as [ReportingOrg, ReportingOrg];
    const db = t.ctx.db.kysely;
    await cached('all', few);
    const tally = addAnonymousIn;
    // Each waits for the other's first write before its second: with a locked counter per
    // organisation, one of them would wait for the other's lock forever (a deadlock, one aborted).
    const gate = () => {
      let open!: () => void;
      return { wait: new Promise<void>((r) => (open = r)), open: () => open() };
    };
    const [firstOfOne, firstOfTwo] = [gate(), gate()];
    const crossed = (mine: ReportingOrg, theirs: ReportingOrg, wrote: () => void, other: Promise<void>) =>
      asSystem(db, async (tx) => {
        await sql`set local lock_timeout = '5s'`.execute(tx);
        await tally(tx, mine);
        wrote();
        await other;
        await tally(tx, theirs);
      });
    await Promise.all([crossed(a, b, firstOfOne.open, firstOfTwo.wait), crossed(b, a, firstOfTwo.open, firstOfOne.wait)]);
    for (const org of [a, b]) {
      const one = await cached([org.orgId], few);
      expect(one.computed).toBe(few.length);
      expect(one.tables).toEqual(await direct([org.orgId], few));
    }
    expect((await cached('all', few)).computed).toBe(0);
    expect((await cached('all', few)).tables).toEqual(await direct('all', few));
  });

  it.runIf(dialect === 'postgres')('finds a table stale when a change that began before its stamp commits after it', async () => {
    const a = orgs[0]!;
    const db = t.ctx.db.kysely;
    await cached([a.orgId], few);
    // A writer takes its transaction id and writes, then waits while a read computes and stores
    // the organisation's tables (its stamp cannot see the write); then it commits.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let wrote!: () => void;
    const written = new Promise<void>((r) => (wrote = r));
    const writer = asSystem(db, async (tx) => {
      await addAnonymousIn(tx, a);
      wrote();
      await held;
    });
    await written;
    const during = await cached([a.orgId], few);
    expect(during.computed).toBe(0);
    // A later change, committed before the read: the read computes, with a stamp that sees it.
    await addAnonymous(t, a, { at: '2026-11-14T03:00:00Z', counts: [{ sex: 'male', ageBand: '25_34', count: 1 }] });
    const between = await cached([a.orgId], few);
    expect(between.computed).toBe(few.length);
    release();
    await writer;
    const after = await cached([a.orgId], few);
    expect(after.computed, 'the earlier-begun write commits after the stamp').toBe(few.length);
    expect(after.tables).toEqual(await direct([a.orgId], few));
  });

  it('shows a manager the contact just recorded on the next dashboard load', async () => {
    const org = await seedReportingOrg(t, ['manager']);
    const client = await addClient(t, org);
    await addContact(t, org, client, { at: '2026-11-02T03:00:00Z' });
    const manager = await loggedIn(t, org, 'manager');
    const reached = async () => (await manager.get(`/api/reports/dashboard?scope=${org.orgId}&periodKind=month&period=2026-11`)).body.headlines.find((h: { indicatorId: string }) => h.indicatorId === 'contacts').current.value;
    expect(await reached()).toBe(1);
    await addContact(t, org, client, { at: '2026-11-03T03:00:00Z' });
    expect(await reached()).toBe(2);
  });
});
