import type { Kysely } from 'kysely';
import { DASHBOARD_BARS, DASHBOARD_SERIES, NETWORK_BAR, SERIES_LENGTH, type Dashboard } from '../../core/indicators/dashboard.ts';
import { INDICATORS, type IndicatorId } from '../../core/indicators/definitions.ts';
import type { DisaggregationId } from '../../core/indicators/disaggregations.ts';
import { parsePeriodKey, previousPeriod, type Period, type PeriodKind } from '../../core/indicators/periods.ts';
import { presentIndicator } from '../../core/indicators/present.ts';
import type { IndicatorTable, PresentedTable } from '../../core/indicators/result.ts';
import { addDays } from '../../core/dates.ts';
import type { Database } from '../db/schema.ts';
import { asSystem, inOrg, type Tx } from '../db/scope.ts';
import { hasSql } from '../indicators/compute.ts';
import { cachedTables } from '../indicators/cache.ts';
import { warmupOf } from '../indicators/warmup.ts';
import type { IndicatorRequest } from '../indicators/common.ts';

export type OrgIds = readonly string[] | 'all';

/**
 * Runs indicator SQL for a scope: one organisation in `inOrg` (its row security is a second lock),
 * several or all as the system — the statements aggregate, and no record leaves them.
 */
export function withScope<T>(db: Kysely<Database>, orgIds: OrgIds, work: (tx: Tx) => Promise<T>): Promise<T> {
  return orgIds !== 'all' && orgIds.length === 1 ? inOrg(db, orgIds[0]!, work) : asSystem(db, work);
}

/** The dimensions whose keys are database ids, and where their names are. */
const ID_DIMENSIONS = ['site', 'organisation', 'item'] as const;

/**
 * Names of the sites, organisations and catalogue items that occur in the tables, read as the
 * system: an evaluator's or the hub's transaction sees no organisation's sites, and a network
 * table names every organisation. Only the ids in the tables are read, and only their names.
 * Runs after the indicator transaction (PGlite has one connection).
 */
export async function resolveLabels(db: Kysely<Database>, tables: readonly IndicatorTable[]): Promise<Map<IndicatorTable, PresentedTable['labels']>> {
  const ids: Record<(typeof ID_DIMENSIONS)[number], Set<string>> = { site: new Set(), organisation: new Set(), item: new Set() };
  for (const t of tables)
    t.dimensions.forEach((d, i) => {
      if ((ID_DIMENSIONS as readonly string[]).includes(d)) for (const c of t.cells) if (c.keys[i] !== 'unknown') ids[d as (typeof ID_DIMENSIONS)[number]].add(c.keys[i]!);
    });
  const names: Record<string, Map<string, { vi: string; en: string }>> = { site: new Map(), organisation: new Map(), item: new Map() };
  const uuids = (s: Set<string>) => [...s].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.site.size + ids.organisation.size + ids.item.size > 0) {
    await asSystem(db, async (tx) => {
      const sites = uuids(ids.site);
      const orgs = uuids(ids.organisation);
      const items = uuids(ids.item);
      if (sites.length) for (const r of await tx.selectFrom('sites').select(['id', 'name']).where('id', 'in', sites).execute()) names.site!.set(r.id, { vi: r.name, en: r.name });
      if (orgs.length) for (const r of await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgs).execute()) names.organisation!.set(r.id, { vi: r.name, en: r.name });
      if (items.length) for (const r of await tx.selectFrom('catalogue_items').select(['id', 'name_vi', 'name_en']).where('id', 'in', items).execute()) names.item!.set(r.id, { vi: r.name_vi, en: r.name_en });
    });
  }
  const out = new Map<IndicatorTable, PresentedTable['labels']>();
  for (const t of tables) {
    const labels: PresentedTable['labels'] = {};
    t.dimensions.forEach((d, i) => {
      const known = names[d];
      if (!known) return;
      labels[d] = {};
      for (const c of t.cells) {
        const name = known.get(c.keys[i]!);
        if (name) labels[d]![c.keys[i]!] = name;
      }
    });
    out.set(t, labels);
  }
  return out;
}

/**
 * The tables of `requests` for a scope, labelled and presented: raw tables from the pre-computed
 * ones (src/server/indicators/cache.ts: current for every organisation, computed again where a
 * write made them stale), then suppressed where the viewer's access asks for it. `concurrency`
 * above 1 lets that many stale requests compute at once — only for PostgreSQL, whose pool has a
 * connection for each (PGlite has one connection, and its transactions cannot overlap).
 */
export async function presentedTables(db: Kysely<Database>, scope: { orgIds: OrgIds; suppressed: boolean; concurrency?: number }, requests: readonly Omit<IndicatorRequest, 'orgIds'>[]): Promise<PresentedTable[]> {
  // With the warm-up on (src/server/indicators/warmup.ts): wait for a background refresh of these
  // organisations rather than compute the same tables beside it, and note what was read so the
  // next refresh after a write computes it.
  const warmup = warmupOf(db);
  await warmup?.settled(scope.orgIds);
  const { tables, orgIds } = await cachedTables(db, scope.orgIds, requests, { concurrency: scope.concurrency });
  warmup?.noteRead(orgIds, requests);
  const labels = await resolveLabels(db, tables);
  return tables.map((t) => presentIndicator(t, { suppressed: scope.suppressed, labels: labels.get(t)! }));
}

const lastDay = (p: Period) => addDays(p.end, -1);

export interface DashboardInput {
  orgIds: OrgIds;
  suppressed: boolean;
  periodKind: PeriodKind;
  /** A key of `periodKind`: '2026-11', '2026-Q4', '2026'. */
  period: string;
  /** How many transactions may run at once: 1 on PGlite (the default), a few on PostgreSQL. */
  concurrency?: number;
}

/**
 * The dashboard's whole query set for one scope and period (the bench times exactly this):
 * headlines of every indicator with SQL (this period and the one before), the series of
 * DASHBOARD_SERIES over SERIES_LENGTH periods, and the bars of this period.
 */
/** The dashboard's requests for a scope and period, and the parts they fall into. */
export function dashboardRequests(input: Pick<DashboardInput, 'orgIds' | 'periodKind' | 'period'>) {
  const period = parsePeriodKey(input.period);
  if (!period || period.kind !== input.periodKind) throw new RangeError(`Not a ${input.periodKind}: ${input.period}`);
  const previous = previousPeriod(period);
  let first = period;
  for (let i = 1; i < SERIES_LENGTH; i++) first = previousPeriod(first);
  const kind = input.periodKind;

  const ready = INDICATORS.map((i) => i.id as IndicatorId).filter(hasSql);
  const seriesIds = DASHBOARD_SERIES.filter((id) => ready.includes(id));
  const headlineOnly = ready.filter((id) => !(seriesIds as readonly IndicatorId[]).includes(id));
  const bars = [...DASHBOARD_BARS, ...(input.orgIds === 'all' || input.orgIds.length > 1 ? [NETWORK_BAR] : [])].filter((b) => hasSql(b.indicatorId));

  const requests: Omit<IndicatorRequest, 'orgIds'>[] = [
    ...seriesIds.map((indicatorId) => ({ indicatorId, periodKind: kind, from: first.start, to: lastDay(period), disaggregation: [] })),
    ...headlineOnly.map((indicatorId) => ({ indicatorId, periodKind: kind, from: previous.start, to: lastDay(period), disaggregation: [] })),
    // A bar without a split is its headline table's last period: computed once, not twice.
    ...bars.filter((b) => b.by.length > 0).map((b) => ({ indicatorId: b.indicatorId, periodKind: kind, from: period.start, to: lastDay(period), disaggregation: [...b.by] as DisaggregationId[] })),
  ];
  return { period, previous, ready, seriesIds, headlineOnly, bars, requests };
}

export async function dashboardData(db: Kysely<Database>, input: DashboardInput): Promise<Omit<Dashboard, 'scope' | 'name'>> {
  const { period, previous, ready, seriesIds, headlineOnly, bars, requests } = dashboardRequests(input);
  const tables = await presentedTables(db, input, requests);
  const series = tables.slice(0, seriesIds.length);
  const headlineTables = new Map<IndicatorId, PresentedTable>(tables.slice(0, seriesIds.length + headlineOnly.length).map((t) => [t.indicatorId, t]));
  const totalOf = (t: PresentedTable, key: string) => t.totals.find((x) => x.period === key)!;
  const split = tables.slice(seriesIds.length + headlineOnly.length);

  return {
    suppressed: input.suppressed,
    period,
    previous,
    headlines: ready.map((id) => {
      const t = headlineTables.get(id)!;
      return { indicatorId: id, current: totalOf(t, period.key), previous: totalOf(t, previous.key) };
    }),
    series,
    bars: bars.map((b) => (b.by.length > 0 ? split.shift()! : onlyPeriod(headlineTables.get(b.indicatorId)!, period.key))),
  };
}

/**
 * One period of a presented table. Suppression works period by period, so this is exactly what
 * presenting that period alone gives; labels are kept for the keys that remain.
 */
function onlyPeriod(table: PresentedTable, key: string): PresentedTable {
  const cells = table.cells.filter((c) => c.period === key);
  const labels: PresentedTable['labels'] = {};
  for (const [dimension, names] of Object.entries(table.labels)) {
    const i = table.dimensions.indexOf(dimension);
    labels[dimension] = Object.fromEntries(Object.entries(names).filter(([id]) => cells.some((c) => c.keys[i] === id)));
  }
  return { ...table, periods: [key], cells, totals: table.totals.filter((t) => t.period === key), labels };
}
