import { sql, type Kysely } from 'kysely';
import { findIndicator, type IndicatorId } from '../../core/indicators/definitions.ts';
import type { IndicatorCell, IndicatorFigure, IndicatorTable, IndicatorTotal } from '../../core/indicators/result.ts';
import type { Database } from '../db/schema.ts';
import { asSystem, inOrg, type Tx } from '../db/scope.ts';
import { inScope, periodRange, useReportingSettings, type IndicatorRequest } from './common.ts';
import { computeIndicator } from './compute.ts';

/**
 * Pre-computed indicator tables (issue #6, performance; docs/reporting.md "Pre-computed figures").
 *
 * Every organisation's raw (unsuppressed) table of each request (indicator, period kind, range,
 * splits) is kept in `indicator_cache`, stamped with the database snapshot taken before it was
 * computed. Statement-level triggers append a row to the `report_changes` log for every write to
 * a table an indicator reads (migration 0012), with the writing transaction's id. A read uses a
 * stored table only while every change of its organisation visible now was visible in its stamp
 * (`CURRENT`; and, for an indicator that depends on today's date, while the organisation's day is
 * the one it was computed on); otherwise it computes that organisation's table again before
 * answering. So a figure is never stale: after a write commits, the next read counts it, and only
 * the organisations whose records changed are computed again. A snapshot, not a counter, because
 * transaction ids are handed out in start order but commit in any order: a change that commits
 * after a stamp was read is invisible to that stamp whatever its id.
 *
 * Several organisations (the network, an evaluator of several) are the sums of their
 * organisations' tables: counts, numerators and denominators add up, rates are divided again, and
 * medians are taken again over the organisations' cases (`samples`). Sums are exact because every
 * figure counts things of one organisation: a client, a contact, a referral, a follow-up belongs
 * to the organisation that recorded it (contacts, screenings and crisis episodes carry their
 * client's organisation; referrals count for the referring one), so a distinct count over several
 * organisations is the sum of theirs (tested against the direct SQL, test/server/indicator-cache).
 *
 * Who may read what is unchanged: an organisation's tables are read and written in that
 * organisation's transaction (`inOrg`, row security on `indicator_cache`); several organisations'
 * tables are read as the system, exactly as the direct SQL reads their records, summed here, and
 * leave only through `presentIndicator`, which suppresses small cells for the network and
 * evaluators. No organisation's raw table is ever returned to anyone but its own managers.
 */

export type OrgIds = readonly string[] | 'all';
export type CacheRequest = Omit<IndicatorRequest, 'orgIds' | 'perOrg' | 'samples'>;

/** Indicators whose figures depend on today's date in the organisation's zone (follow-ups count once due). */
const DEPENDS_ON_TODAY: ReadonlySet<IndicatorId> = new Set<IndicatorId>(['follow_ups_on_time']);

/** The cache row's key of a request: everything that decides the table, in a fixed order. */
export function requestKey(req: CacheRequest): string {
  return JSON.stringify([req.indicatorId, req.periodKind, req.from, req.to, req.disaggregation, req.today ?? null]);
}

interface Stamp {
  orgId: string;
  today: string;
}

interface Entry {
  org_id: string;
  request_key: string;
  day: string;
  result: IndicatorTable;
}

/**
 * True for a stored table `c` of which every change of its organisation visible to this statement
 * was visible in its stamp. Changes below the stamp's xmin had finished when it was taken, so only
 * those at or above it are looked at (an index range on report_changes (org_id, xid)). Within an
 * organisation's transaction row security shows only its own changes, which are the ones asked.
 */
const CURRENT = sql`not exists (select 1 from report_changes ch where ch.org_id = c.org_id and ch.xid >= c.data_xmin and not pg_visible_in_snapshot(ch.xid, c.data_snapshot))`;

/** xid8 values as text, compared as the integers they are. */
const xidBelow = (a: string, b: string) => BigInt(a) < BigInt(b);

export interface CachedTables {
  /** One raw table per request, in order: for several organisations, their sums. */
  tables: IndicatorTable[];
  /** Tables (organisation × request) taken from the cache, and computed now. */
  reused: number;
  computed: number;
  /** The organisations the tables cover (for 'all': every organisation). */
  orgIds: string[];
}

/** Runs `work` confined to the one organisation, or as the system for several (see the module comment). */
function scoped<T>(db: Kysely<Database>, orgIds: OrgIds, work: (tx: Tx) => Promise<T>): Promise<T> {
  return orgIds !== 'all' && orgIds.length === 1 ? inOrg(db, orgIds[0]!, work) : asSystem(db, work);
}

/**
 * The raw tables of `requests` for the organisations `orgIds` (one, several or 'all'), from the
 * cache where it is current, computing the rest. `concurrency` > 1 (PostgreSQL only) computes
 * that many requests at once, each in its own transaction.
 */
export async function cachedTables(db: Kysely<Database>, orgIds: OrgIds, requests: readonly CacheRequest[], options: { concurrency?: number; signal?: AbortSignal; yieldBetween?: boolean } = {}): Promise<CachedTables> {
  const keys = requests.map(requestKey);
  // The snapshot is taken before anything is computed (each computation runs in a later
  // transaction, whose snapshot sees at least as much), so a table is never stamped with a
  // snapshot newer than the records it was computed from: a change committed meanwhile is
  // invisible to the stamp, and the next read computes again.
  const { stamps, entries, snapshot } = await scoped(db, orgIds, async (tx) => {
    const stampRows = await sql<{ org_id: string; today: string; snapshot: string }>`
      select o.id as org_id, to_char(now() at time zone o.time_zone, 'YYYY-MM-DD') as today, pg_current_snapshot()::text as snapshot
      from organisations o where ${inScope(sql.ref('o.id'), orgIds)}`.execute(tx);
    const entryRows = keys.length && stampRows.rows.length
      ? await sql<Entry>`select c.org_id, c.request_key, c.day, c.result from indicator_cache c
          where ${inScope(sql.ref('c.org_id'), orgIds)} and c.request_key in (${sql.join(keys)}) and ${CURRENT}`.execute(tx)
      : { rows: [] as Entry[] };
    // In the order of the ids: every read upserts several organisations' rows in the same order.
    const stamps = stampRows.rows.map((r): Stamp => ({ orgId: r.org_id, today: r.today })).sort((x, y) => (x.orgId < y.orgId ? -1 : 1));
    return { stamps, entries: entryRows.rows, snapshot: stampRows.rows[0]?.snapshot ?? '' };
  });
  const dayOf = (req: CacheRequest, stamp: Stamp) => (DEPENDS_ON_TODAY.has(req.indicatorId) && req.today === undefined ? stamp.today : '');
  const found = new Map<string, Entry>(entries.map((e) => [`${e.org_id}\u0000${e.request_key}`, e]));

  // Per request: the organisations' current tables, and those to compute.
  const have: Map<string, IndicatorTable>[] = requests.map(() => new Map());
  const tasks: { index: number; stale: Stamp[] }[] = [];
  let reused = 0;
  requests.forEach((req, i) => {
    const stale: Stamp[] = [];
    for (const stamp of stamps) {
      const e = found.get(`${stamp.orgId}\u0000${keys[i]}`);
      if (e && e.day === dayOf(req, stamp)) {
        have[i]!.set(stamp.orgId, e.result);
        reused++;
      } else stale.push(stamp);
    }
    if (stale.length) tasks.push({ index: i, stale });
  });

  // Each task computes one request for its stale organisations in one go (`perOrg`: the same
  // statements, grouped by organisation too) and stores each organisation's table.
  let computed = 0;
  let next = 0;
  const lanes = Math.max(1, Math.min(options.concurrency ?? 1, tasks.length));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let t = next++; t < tasks.length; t = next++) {
        // A cancelled run (a background refresh at shutdown) stops between transactions; what it
        // stored so far is current and stays.
        // A background refresh gives the event loop a turn between its transactions: PGlite runs
        // in this thread and answers through promises alone, so without it no request — not even
        // its HTTP parsing — would run until the whole refresh ended. With it, a request waits at
        // most one computation (one request of one organisation) for the database.
        if (options.yieldBetween) await new Promise((r) => setImmediate(r));
        options.signal?.throwIfAborted();
        const { index, stale } = tasks[t]!;
        const req = requests[index]!;
        const ids = stale.map((s) => s.orgId);
        await scoped(db, orgIds === 'all' || orgIds.length > 1 ? 'all' : ids, async (tx) => {
          await useReportingSettings(tx);
          const t0 = performance.now();
          const table = await computeIndicator(tx, { ...req, orgIds: ids, perOrg: true, samples: true });
          const ms = Math.round(performance.now() - t0);
          if (!table.byOrg) throw new Error(`${req.indicatorId}: no table per organisation`);
          const rows = stale.map((s) => {
            const result = table.byOrg!.get(s.orgId)!;
            have[index]!.set(s.orgId, result);
            return sql`(${s.orgId}::uuid, ${keys[index]!}, ${snapshot}::pg_snapshot, pg_snapshot_xmin(${snapshot}::pg_snapshot), ${dayOf(req, s)}, ${ms}::int, ${JSON.stringify(result)}::jsonb)`;
          });
          // Not stored if changes were pruned since the stamp was taken (one it did not see may be
          // gone: pruneChanges); the row lock keeps a prune from starting before this commits.
          const prune = await sql<{ horizon: string }>`select horizon::text as horizon from report_prune for share`.execute(tx);
          if (xidBelow(snapshotXmin(snapshot), prune.rows[0]!.horizon)) return;
          // A slower read that computed from an older snapshot does not overwrite a newer table
          // (and if it did, CURRENT would find it stale: only time is lost).
          await sql`insert into indicator_cache as c (org_id, request_key, data_snapshot, data_xmin, day, ms, result) values ${sql.join(rows)}
            on conflict (org_id, request_key) do update set data_snapshot = excluded.data_snapshot, data_xmin = excluded.data_xmin, day = excluded.day, computed_at = now(), ms = excluded.ms, result = excluded.result
            where pg_snapshot_xmax(c.data_snapshot) <= pg_snapshot_xmax(excluded.data_snapshot)`.execute(tx);
          computed += stale.length;
        });
      }
    }),
  );
  // Stale tables of the organisations computed again can no longer be used: drop them, those of
  // requests not read again included. Housekeeping only, so it skips rows another read is
  // writing now rather than wait for them (and never deadlocks with it).
  const changed = stamps.filter((s) => tasks.some((t) => t.stale.includes(s)));
  if (changed.length) {
    await scoped(db, orgIds, (tx) =>
      sql`delete from indicator_cache where (org_id, request_key) in (
          select c.org_id, c.request_key from indicator_cache c
          where c.org_id in (${sql.join(changed.map((s) => s.orgId))}) and not (${CURRENT})
          for update of c skip locked)`.execute(tx),
    );
  }

  const tables = requests.map((req, i) => {
    const parts = stamps.map((s) => have[i]!.get(s.orgId)!);
    return parts.length === 1 ? withoutSamples(parts[0]!) : sumTables(req, parts);
  });
  return { tables, reused, computed, orgIds: stamps.map((s) => s.orgId) };
}

/** The xmin of a snapshot's text form, 'xmin:xmax:xip,...'. */
function snapshotXmin(snapshot: string): string {
  return snapshot.split(':')[0]!;
}

/**
 * Drops the change log's rows that no stored table needs any more (run now and then, e.g. by the
 * warm-up worker). Safe because, in one transaction holding the prune row `for update` (no table
 * is being stored meanwhile: stores hold it `for share`):
 * 1. every stale table is deleted, judged in a snapshot whose xmin is H — after that, every table
 *    left saw every change of its organisation with an xid below H (all had finished by then);
 * 2. the horizon becomes H: a table whose stamp is older (a read that took its stamp before this
 *    prune and stores after it) is not stored, since a change it did not see may be pruned;
 * 3. the changes below H go.
 * Runs as the system: the log and the prune row belong to no one organisation.
 */
export async function pruneChanges(db: Kysely<Database>): Promise<{ changes: number; tables: number }> {
  return asSystem(db, async (tx) => {
    await sql`select 1 from report_prune for update`.execute(tx);
    const stale = await sql<{ horizon: string; n: number | string }>`
      with gone as (delete from indicator_cache c where not (${CURRENT}) returning 1)
      select pg_snapshot_xmin(pg_current_snapshot())::text as horizon, (select count(*) from gone) as n`.execute(tx);
    const horizon = stale.rows[0]!.horizon;
    await sql`update report_prune set horizon = greatest(horizon, ${horizon}::xid8), pruned_at = now()`.execute(tx);
    const gone = await sql`delete from report_changes where xid < ${horizon}::xid8`.execute(tx);
    return { changes: Number(gone.numAffectedRows ?? 0), tables: Number(stale.rows[0]!.n) };
  });
}

/** The figure of a period (or cell) with nothing in it, by the indicator's unit. */
export function emptyFigure(indicatorId: IndicatorId): IndicatorFigure {
  const unit = findIndicator(indicatorId)!.unit;
  if (unit === 'rate') return { value: null, numerator: 0, denominator: 0 };
  if (unit === 'days') return { value: null, denominator: 0 };
  return { value: 0 };
}

/** percentile_cont(0.5) of sorted values, as PostgreSQL computes it: the mean of the two middle ones for an even count. */
export function medianOf(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const pos = 0.5 * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function withoutSamples(table: IndicatorTable): IndicatorTable {
  const strip = <F extends IndicatorFigure>({ samples: _, ...f }: F) => f;
  return { ...table, cells: table.cells.map(strip), totals: table.totals.map(strip) };
}

interface Acc {
  value: number;
  numerator?: number;
  denominator?: number;
  samples?: number[];
}

/**
 * Several organisations' tables of one request as one: counts, numerators and denominators
 * summed, rates divided again (as the SQL divides: float8 numerator / denominator, null for 0),
 * medians taken again over every organisation's cases. Cells keep the SQL's order.
 */
export function sumTables(req: CacheRequest, tables: readonly IndicatorTable[]): IndicatorTable {
  const def = findIndicator(req.indicatorId)!;
  const range = periodRange(req);
  const dimensions = tables[0]?.dimensions ?? [...def.breakdowns.map((b) => b.id), ...req.disaggregation];
  const add = (into: Map<string, Acc>, key: string, f: IndicatorFigure) => {
    const a = into.get(key) ?? { value: 0 };
    a.value += f.value ?? 0;
    if (f.numerator !== undefined) a.numerator = (a.numerator ?? 0) + f.numerator;
    if (f.denominator !== undefined) a.denominator = (a.denominator ?? 0) + f.denominator;
    if (f.samples !== undefined) (a.samples ??= []).push(...f.samples);
    into.set(key, a);
  };
  const finish = (a: Acc): IndicatorFigure => {
    if (def.unit === 'rate') return { value: a.denominator ? a.numerator! / a.denominator : null, numerator: a.numerator ?? 0, denominator: a.denominator ?? 0 };
    if (def.unit === 'days') return { value: medianOf((a.samples ?? []).sort((x, y) => x - y)), denominator: a.denominator ?? 0 };
    return { value: a.value };
  };
  const cells = new Map<string, Acc>();
  const keysOf = new Map<string, { period: string; keys: string[] }>();
  const totals = new Map<string, Acc>();
  for (const t of tables) {
    for (const c of t.cells) {
      const k = `${c.period}\u0000${c.keys.join('\u0000')}`;
      if (!keysOf.has(k)) keysOf.set(k, { period: c.period, keys: [...c.keys] });
      add(cells, k, c);
    }
    for (const x of t.totals) add(totals, x.period, x);
  }
  const outCells: IndicatorCell[] = [...cells].map(([k, a]) => ({ ...keysOf.get(k)!, ...finish(a) }));
  outCells.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.keys.join('\u0000') < b.keys.join('\u0000') ? -1 : 1));
  const outTotals: IndicatorTotal[] = range.periods.map((p) => ({ period: p, ...(totals.has(p) ? finish(totals.get(p)!) : emptyFigure(req.indicatorId)) }));
  return { indicatorId: req.indicatorId, periodKind: req.periodKind, periods: range.periods, dimensions, cells: outCells, totals: outTotals };
}
