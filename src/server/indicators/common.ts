import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DisaggregationId } from '../../core/indicators/disaggregations.ts';
import type { IndicatorCell, IndicatorFigure, IndicatorTable, IndicatorTotal } from '../../core/indicators/result.ts';
import type { IndicatorId } from '../../core/indicators/definitions.ts';
import { periodsBetween, type Period, type PeriodKind } from '../../core/indicators/periods.ts';
import type { Database } from '../db/schema.ts';

/**
 * Shared pieces of the indicator SQL (issue #6 §1). Every indicator is one or two statements that
 * run unchanged on PGlite and PostgreSQL; the pieces below keep them saying the same thing:
 * - an event's day and period are read in its organisation's time zone (`organisations.time_zone`);
 * - the disaggregations of a registered client are computed the same way everywhere;
 * - cells and totals come from one `grouping sets` query, so a total is a distinct count.
 */

export type Db = Kysely<Database>;

/**
 * Settings for the rest of the transaction that runs indicator statements: no JIT (on
 * PostgreSQL compiling a statement took longer than these statements run) and 64 MB per sort or
 * hash, so a year of a network's contacts is sorted in memory, not spilled to disk. `set_config`
 * with `is_local`: both end with the transaction. PGlite accepts both (it has no JIT: a no-op).
 */
export async function useReportingSettings(tx: Db): Promise<void> {
  await sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(tx);
}

/** The request the SQL answers: whole periods from the one holding `from` to the one holding `to`. */
export interface IndicatorRequest {
  indicatorId: IndicatorId;
  periodKind: PeriodKind;
  from: string;
  to: string;
  disaggregation: DisaggregationId[];
  /** The organisations whose records count; 'all' for the whole network. */
  orgIds: readonly string[] | 'all';
  /**
   * The day ('YYYY-MM-DD') to take as today where an indicator needs one (follow-ups count only
   * once their due day has passed); by default each organisation's own today in its time zone.
   */
  today?: string;
  /**
   * Compute every organisation in `orgIds` on its own, in the same statements: the figures are
   * grouped by organisation as well, and the result's `byOrg` holds one table per organisation
   * (an organisation without records gets an empty one), each exactly what the request for that
   * organisation alone gives. The pre-computed tables (cache.ts) are filled this way.
   */
  perOrg?: boolean;
  /**
   * Medians (unit days) also return their cases' values, sorted (`IndicatorFigure.samples`), so
   * the medians of several organisations' tables can be taken again over all their cases.
   */
  samples?: boolean;
}

/** A table computed with `perOrg`: one table per organisation in scope. */
export type PerOrgTable = IndicatorTable & { byOrg?: Map<string, IndicatorTable> };

export interface PeriodRange {
  periods: string[];
  /** First day of the first period and first day after the last, 'YYYY-MM-DD' (local days). */
  start: string;
  end: string;
}

export function periodRange(req: Pick<IndicatorRequest, 'from' | 'to' | 'periodKind'>): PeriodRange {
  const periods = periodsBetween(req.from, req.to, req.periodKind);
  if (periods.length === 0) throw new RangeError('`from` must not be after `to`');
  return { periods: periods.map((p) => p.key), start: periods[0]!.start, end: periods.at(-1)!.end };
}

/** The local timestamp of `at` (timestamptz) in organisation `org`'s zone: `(at at time zone org.time_zone)`. */
export function localTime(at: RawBuilder<unknown>, org: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(${at} at time zone ${org}.time_zone)`;
}

/** The period key ('2026-11', '2026-Q4', '2026') of a local timestamp or a date, as periods.ts writes it. */
export function periodKeySql(kind: PeriodKind, local: RawBuilder<unknown>): RawBuilder<string> {
  if (kind === 'month') return sql<string>`to_char(${local}, 'YYYY-MM')`;
  if (kind === 'quarter') return sql<string>`(to_char(${local}, 'YYYY') || '-Q' || to_char(${local}, 'Q'))`;
  return sql<string>`to_char(${local}, 'YYYY')`;
}

/** `col in (…)` for the scope; true for the whole network. */
export function inScope(col: RawBuilder<unknown>, orgIds: readonly string[] | 'all'): RawBuilder<boolean> {
  if (orgIds === 'all') return sql<boolean>`true`;
  if (orgIds.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${col} in (${sql.join(orgIds.map((id) => sql`${id}::uuid`))})`;
}

/**
 * A coarse filter on the UTC column `at` that an index on (org_id, at) can use: the range widened
 * by two days each side, which covers any time zone's offset (±14 h) and the session's. The exact
 * test stays `inRange` on the local time.
 */
export function nearRange(at: RawBuilder<unknown>, range: Pick<PeriodRange, 'start' | 'end'>): RawBuilder<boolean> {
  return sql<boolean>`(${at} >= (${range.start}::date - 2)::timestamptz and ${at} < (${range.end}::date + 2)::timestamptz)`;
}

/**
 * The body of a CTE with one row per organisation in scope and period: `org_id`, `period` (key),
 * `start` (its first local day) and `lo`/`hi`, the UTC instants where the period begins and ends in
 * that organisation's time zone. `at >= lo and at < hi` is `inRange` and `periodKeySql` at once.
 */
export function periodBoundsSql(periods: readonly Period[], orgIds: readonly string[] | 'all'): RawBuilder<unknown> {
  const values = sql.join(periods.map((p) => sql`(${p.key}::text, ${p.start}::date, ${p.end}::date)`));
  return sql`select bo.id as org_id, bp.period, bp.start, (bp.start::timestamp at time zone bo.time_zone) as lo, (bp.stop::timestamp at time zone bo.time_zone) as hi
    from organisations bo cross join (values ${values}) as bp(period, start, stop) where ${inScope(sql.ref('bo.id'), orgIds)}`;
}

/**
 * The body of a CTE with one row per organisation in scope: `org_id` and `bounds`, the UTC instants
 * where each of `periods` (consecutive, as periodsBetween gives them) begins in that
 * organisation's time zone, then where the last one ends. `width_bucket(at, bounds)` is then the
 * 1-based number of the period holding `at` (0 before the first, n + 1 from the end of the last):
 * a fact meets its organisation's row on an equality, instead of a range join against every
 * period that the planner cannot estimate.
 */
export function periodBucketsSql(periods: readonly Period[], orgIds: readonly string[] | 'all'): RawBuilder<unknown> {
  const edges = [...periods.map((p) => p.start), periods.at(-1)!.end];
  return sql`select bo.id as org_id, array[${sql.join(edges.map((d) => sql`(${d}::date::timestamp at time zone bo.time_zone)`))}] as bounds
    from organisations bo where ${inScope(sql.ref('bo.id'), orgIds)}`;
}

/** Whether a local timestamp or date falls in the range's days. */
export function inRange(local: RawBuilder<unknown>, range: PeriodRange): RawBuilder<boolean> {
  return sql<boolean>`(${local} >= ${range.start}::date and ${local} < ${range.end}::date)`;
}

/**
 * Where a disaggregation's value comes from for one fact row: `client` is the alias of the joined
 * `clients` row (null for facts without a client: anonymous tallies), `site` the column holding
 * the site the fact happened at, `org` the organisation column, `local` its local timestamp/date.
 */
export interface DimensionSources {
  client: string | null;
  site: RawBuilder<unknown>;
  org: RawBuilder<unknown>;
  local: RawBuilder<unknown>;
  /** For facts without a client, the age band column if the fact has one (anonymous tallies). */
  ageBand?: RawBuilder<unknown>;
  /**
   * For facts without a client, the province of the fact's site from a joined `sites` row; without
   * it the province is looked up per row.
   */
  province?: RawBuilder<unknown>;
}

export interface DimensionSql {
  /** The value expression, 'unknown' where missing. */
  value: RawBuilder<string>;
  /** A `left join lateral …` to add to the FROM clause (multi-valued: key populations). */
  join?: RawBuilder<unknown>;
}

/**
 * One disaggregation's SQL. The age band is year precision at the fact's local day, the rule of
 * `ageBandOf` (core): age = year of the day − birth year. Key populations are multi-valued: the
 * fact is repeated once per key population (a client with none counts under 'unknown').
 */
export function dimensionSql(dim: DisaggregationId, src: DimensionSources, alias: string): DimensionSql {
  const c = src.client ? sql.ref(src.client) : null;
  const col = (name: string) => sql.ref(`${src.client}.${name}`);
  switch (dim) {
    case 'sex_at_birth':
      return { value: c ? sql<string>`coalesce(${col('sex_at_birth')}, 'unknown')` : sql<string>`'unknown'` };
    case 'gender_identity':
      return { value: c ? sql<string>`coalesce(nullif(${col('gender_identity')}, ''), 'unknown')` : sql<string>`'unknown'` };
    case 'age_band': {
      if (!c) return { value: src.ageBand ? sql<string>`${src.ageBand}` : sql<string>`'unknown'` };
      const age = sql`(extract(year from ${src.local})::int - ${col('birth_year')})`;
      return {
        value: sql<string>`case when ${col('birth_year')} is null then 'unknown' when ${age} < 18 then 'under_18' when ${age} <= 24 then '18_24' when ${age} <= 34 then '25_34' when ${age} <= 49 then '35_49' else '50_plus' end`,
      };
    }
    case 'key_population': {
      if (!c) return { value: sql<string>`'unknown'` };
      const a = sql.raw(alias);
      return {
        // coalesce: a fact whose client is left-joined and missing (a crisis episode without a
        // client) unnests nothing and still counts, under 'unknown'.
        value: sql<string>`coalesce(${a}.kp, 'unknown')`,
        join: sql`left join lateral unnest(case when cardinality(${col('key_populations')}) = 0 then array['unknown'] else ${col('key_populations')} end) as ${a}(kp) on true`,
      };
    }
    case 'province':
      if (c) return { value: sql<string>`coalesce(${col('province_id')}, 'unknown')` };
      if (src.province) return { value: sql<string>`coalesce(${src.province}, 'unknown')` };
      return { value: sql<string>`coalesce((select s.province_id from sites s where s.id = ${src.site}), 'unknown')` };
    case 'site':
      return { value: sql<string>`coalesce(${src.site}::text, 'unknown')` };
    case 'organisation':
      return { value: sql<string>`${src.org}::text` };
  }
}

/** A row of a grouping-sets query: `g` = 1 for the per-period total, 0 for a cell. */
export interface GroupedRow {
  period: string;
  g: number | string;
  k0?: string | null;
  k1?: string | null;
  k2?: string | null;
  k3?: string | null;
  value: number | string | null;
  numerator?: number | string | null;
  denominator?: number | string | null;
  /** With `perOrg`: the organisation. */
  po?: string;
  /** With `samples`: the median's cases, sorted. */
  samples?: (number | string)[] | null;
}

const num = (v: number | string | null | undefined): number | undefined => (v === null || v === undefined ? undefined : Number(v));

function figure(row: GroupedRow): IndicatorFigure {
  const f: IndicatorFigure = { value: row.value === null ? null : Number(row.value) };
  const n = num(row.numerator);
  const d = num(row.denominator);
  if (n !== undefined) f.numerator = n;
  if (d !== undefined) f.denominator = d;
  if (row.samples !== undefined) f.samples = (row.samples ?? []).map(Number);
  return f;
}

/**
 * Builds the table from grouping-sets rows (columns period, g, k0…k3, value[, numerator,
 * denominator]). Periods without a total row get `empty` (zero counts, or a null rate with a
 * zero denominator). With `perOrg`, the rows carry `po` and the result's `byOrg` has one table
 * per organisation of `req.orgIds` (all organisations met in the rows, for 'all').
 */
export function assemble(req: IndicatorRequest, range: PeriodRange, dimensions: string[], rows: GroupedRow[], empty: IndicatorFigure): PerOrgTable {
  if (!req.perOrg) return assembleOne(req, range, dimensions, rows, empty);
  const byOrgRows = new Map<string, GroupedRow[]>(req.orgIds === 'all' ? [] : req.orgIds.map((id) => [id, []]));
  for (const row of rows) {
    const org = String(row.po);
    if (!byOrgRows.has(org)) byOrgRows.set(org, []);
    byOrgRows.get(org)!.push(row);
  }
  const byOrg = new Map([...byOrgRows].map(([org, r]) => [org, assembleOne(req, range, dimensions, r, empty)]));
  return { ...assembleOne(req, range, dimensions, [], empty), byOrg };
}

function assembleOne(req: IndicatorRequest, range: PeriodRange, dimensions: string[], rows: GroupedRow[], empty: IndicatorFigure): IndicatorTable {
  const cells: IndicatorCell[] = [];
  const totals = new Map<string, IndicatorTotal>();
  for (const row of rows) {
    if (Number(row.g) === 1) totals.set(row.period, { period: row.period, ...figure(row) });
    else {
      const keys = dimensions.map((_, i) => String((row as unknown as Record<string, unknown>)[`k${i}`] ?? 'unknown'));
      cells.push({ period: row.period, keys, ...figure(row) });
    }
  }
  cells.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.keys.join('\u0000') < b.keys.join('\u0000') ? -1 : 1));
  return {
    indicatorId: req.indicatorId,
    periodKind: req.periodKind,
    periods: range.periods,
    dimensions,
    cells,
    totals: range.periods.map((p) => totals.get(p) ?? { period: p, ...empty }),
  };
}

/**
 * `k0, k1…` select list and the grouping sets ((period, k…), (period)) for `n` dimension columns;
 * with `perOrg`, the column `po` (the organisation) is in every set and in the select list.
 */
export function groupingSql(n: number, perOrg = false): { keys: RawBuilder<unknown>; groupBy: RawBuilder<unknown>; g: RawBuilder<number> } {
  const ks = Array.from({ length: n }, (_, i) => sql.raw(`k${i}`));
  const po = perOrg ? sql`, po` : sql``;
  if (n === 0) return { keys: po, groupBy: sql`group by period${po}`, g: sql<number>`1` };
  return {
    keys: sql`${po}, ${sql.join(ks)}`,
    groupBy: sql`group by grouping sets ((period${po}, ${sql.join(ks)}), (period${po}))`,
    g: sql<number>`(case when grouping(${sql.join(ks)}) = 0 then 0 else 1 end)`,
  };
}

/**
 * The common shape of most indicators: facts (one row per event, with its organisation, local
 * time, site and optional client), split by the indicator's own breakdown columns and the requested
 * disaggregations, then measured per period. `from` is the FROM clause; it must give the
 * organisation the alias `o` (joined `organisations`) and, when `client` is set, the client that
 * alias. `measure` is an aggregate over the CTE `facts` (columns `person`, `weight` and any the
 * breakdowns add), such as `count(distinct person)` or `sum(weight)`.
 */
export interface FactQuery {
  from: RawBuilder<unknown>;
  where: RawBuilder<boolean>;
  local: RawBuilder<unknown>;
  client: string | null;
  site: RawBuilder<unknown>;
  org: RawBuilder<unknown>;
  ageBand?: RawBuilder<unknown>;
  /** See DimensionSources.province. */
  province?: RawBuilder<unknown>;
  /** The fact's UTC timestamp column, when it has one: adds `nearRange` so the index on time is used. */
  at?: RawBuilder<unknown>;
  /**
   * The fact's timestamptz whose local time in organisation `org`'s zone is `local`. When given,
   * facts are matched to each organisation's periods as UTC bounds (`periodBucketsSql`) instead of
   * converting every row's time to local time and formatting its period key: no per-row time-zone
   * work; `nearRange` gives the planner constants, so it scans the (org_id, time) index once per
   * organisation. The age band's year is then the period's; `local` and `at` are not used.
   */
  instant?: RawBuilder<unknown>;
  person: RawBuilder<unknown>;
  weight: RawBuilder<unknown>;
  /** The indicator's breakdown columns, as value expressions, in definition order. */
  breakdowns: { id: string; value: RawBuilder<unknown>; join?: RawBuilder<unknown> }[];
  measure: RawBuilder<unknown>;
  /** Rates and medians: aggregates over `facts` returned as the figure's numerator and denominator. */
  numerator?: RawBuilder<unknown>;
  denominator?: RawBuilder<unknown>;
  /** Medians: the sorted values the median is taken over, returned when the request asks for `samples`. */
  samples?: RawBuilder<unknown>;
  /** More columns of `facts`, by name, for the measure, numerator and denominator to read. */
  columns?: Record<string, RawBuilder<unknown>>;
  empty: IndicatorFigure;
}

export async function groupedFacts(db: Db, req: IndicatorRequest, q: FactQuery): Promise<PerOrgTable> {
  const range = periodRange(req);
  const periods = periodsBetween(req.from, req.to, req.periodKind);
  // With `instant`, a fact's period is its bucket among its organisation's bounds, and the age
  // band's year is the period's (a period never spans two years).
  const bucket = q.instant ? sql`width_bucket(${q.instant}, pb.bounds)` : null;
  const ageLocal = bucket ? sql`(array[${sql.join(periods.map((p) => sql`${p.start}::date`))}])[${bucket}]` : q.local;
  const dims = req.disaggregation.map((d, i) => dimensionSql(d, { client: q.client, site: q.site, org: q.org, local: ageLocal, ageBand: q.ageBand, province: q.province }, `d${i}`));
  const keyExprs = [...q.breakdowns.map((b) => b.value), ...dims.map((d) => d.value)];
  const joins = [...q.breakdowns.flatMap((b) => (b.join ? [b.join] : [])), ...dims.flatMap((d) => (d.join ? [d.join] : []))];
  const grouping = groupingSql(keyExprs.length, req.perOrg);
  const keySelect = keyExprs.length ? sql`, ${sql.join(keyExprs.map((e, i) => sql`${e} as ${sql.raw(`k${i}`)}`))}` : sql``;
  const extras = Object.entries(q.columns ?? {});
  const extraSelect = extras.length ? sql`, ${sql.join(extras.map(([name, e]) => sql`${e} as ${sql.ref(name)}`))}` : sql``;
  const ratio = sql`${q.numerator ? sql`, ${q.numerator} as numerator` : sql``}${q.denominator ? sql`, ${q.denominator} as denominator` : sql``}${q.samples && req.samples ? sql`, ${q.samples} as samples` : sql``}`;
  const po = req.perOrg ? sql`, ${q.org} as po` : sql``;
  // The bounds are materialized so each organisation's are computed once; `nearRange` on the
  // instant, with constants the planner can estimate, lets it scan the (org_id, time) index.
  const facts = bucket
    ? sql`
      period_bounds as materialized (${periodBucketsSql(periods, req.orgIds)}),
      facts as (
        select (array[${sql.join(periods.map((p) => sql`${p.key}::text`))}])[${bucket}] as period, ${q.person} as person, ${q.weight} as weight ${po}${keySelect}${extraSelect}
        from ${q.from} join period_bounds pb on pb.org_id = ${q.org} ${joins.length ? sql.join(joins, sql` `) : sql``}
        where ${q.where} and ${inScope(q.org, req.orgIds)} and ${nearRange(q.instant!, range)} and ${bucket} between 1 and ${sql.lit(periods.length)}
      )`
    : sql`
      facts as (
        select ${periodKeySql(req.periodKind, q.local)} as period, ${q.person} as person, ${q.weight} as weight ${po}${keySelect}${extraSelect}
        from ${q.from} ${joins.length ? sql.join(joins, sql` `) : sql``}
        where ${q.where} and ${inScope(q.org, req.orgIds)} and ${q.at ? sql`${nearRange(q.at, range)} and ` : sql``}${inRange(q.local, range)}
      )`;
  const rows = await sql<GroupedRow>`
    with ${facts}
    select period, ${grouping.g} as g ${grouping.keys}, ${q.measure} as value${ratio}
    from facts ${grouping.groupBy}
  `.execute(db);
  return assemble(req, range, [...q.breakdowns.map((b) => b.id), ...req.disaggregation], rows.rows, q.empty);
}
