import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { cachedTables, pruneChanges, requestKey, type CacheRequest, type OrgIds } from './cache.ts';

/**
 * Warm-up after writes (issue #6, performance; docs/reporting.md "Warm-up after writes").
 *
 * Figures stay always current (cache.ts): a read never serves a stale table. What this adds is
 * that the first read after a write usually finds nothing to compute: once writes to an
 * organisation have stopped for `debounceMs`, its tables of the requests read recently (kept in
 * memory for `keepReadsMs`, at most `maxKeysPerOrg` per organisation) are computed again in the
 * background, one refresh at a time per process, never inside a write's request. A read of an
 * organisation whose refresh is running waits for it instead of computing the same tables twice.
 *
 * Which organisations a write touched is taken from the request (its `orgId` parameter, body or
 * query field, else the writer's organisations); a refresh also looks at every other organisation
 * read recently that has no write pending, so a write that changes another organisation's figures
 * (a clinic's event on a referral another organisation made) or a write outside the HTTP routes
 * is caught by the next refresh. Looking at an organisation whose tables are current costs what a
 * warm read of them costs (two statements, its stored tables read).
 *
 * Failures are logged with the organisation's id and the error's code only (no figures, no
 * personal data) and tried again after `retryMs`. `close()` cancels timers and stops a running
 * refresh between two of its transactions, then waits for it.
 */

export interface WarmupOptions {
  /** Quiet time after an organisation's last write before its refresh. */
  debounceMs: number;
  keepReadsMs?: number;
  maxKeysPerOrg?: number;
  retryMs?: number;
  /** How often the change log is pruned (pruneChanges), at most; 0: never. */
  pruneEveryMs?: number;
  log: Pick<FastifyBaseLogger, 'debug' | 'warn'>;
}

interface Running {
  orgIds: ReadonlySet<string>;
  done: Promise<void>;
  abort: AbortController;
}

export class Warmup {
  private readonly reads = new Map<string, Map<string, { req: CacheRequest; at: number }>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly queue: string[] = [];
  private running: Running | null = null;
  private closed = false;
  private lastPrune = Date.now();
  private readonly opts: Required<WarmupOptions>;
  /** Refreshes finished (for tests and the bench): organisations refreshed, tables computed. */
  readonly stats = { refreshes: 0, computed: 0, failures: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    options: WarmupOptions,
  ) {
    this.opts = { keepReadsMs: 7 * 86_400_000, maxKeysPerOrg: 200, retryMs: 60_000, pruneEveryMs: 3_600_000, ...options };
  }

  /** Remembers that these organisations' tables of these requests were read. */
  noteRead(orgIds: readonly string[], requests: readonly CacheRequest[]): void {
    if (this.closed) return;
    const now = Date.now();
    for (const orgId of orgIds) {
      let keys = this.reads.get(orgId);
      if (!keys) this.reads.set(orgId, (keys = new Map()));
      for (const req of requests) {
        const key = requestKey(req);
        keys.delete(key); // re-inserted last: the map keeps reads in order, oldest first
        keys.set(key, { req: { indicatorId: req.indicatorId, periodKind: req.periodKind, from: req.from, to: req.to, disaggregation: [...req.disaggregation], ...(req.today !== undefined ? { today: req.today } : {}) }, at: now });
      }
      for (const [key] of keys) {
        if (keys.size <= this.opts.maxKeysPerOrg) break;
        keys.delete(key);
      }
    }
  }

  /** A write to these organisations committed: refresh them once writes have been quiet for debounceMs. */
  noteWrite(orgIds: Iterable<string>): void {
    if (this.closed) return;
    for (const orgId of orgIds) this.schedule(orgId, this.opts.debounceMs);
  }

  /** Waits for a running refresh that covers one of these organisations (its outcome is not ours). */
  async settled(orgIds: OrgIds): Promise<void> {
    const r = this.running;
    if (r && (orgIds === 'all' || orgIds.some((id) => r.orgIds.has(id)))) await r.done.catch(() => undefined);
  }

  /** True while a refresh covering this organisation runs (tests). */
  refreshing(orgId: string): boolean {
    return this.running?.orgIds.has(orgId) ?? false;
  }

  /** True while nothing is pending or running (tests wait for it). */
  get idle(): boolean {
    return !this.running && this.queue.length === 0 && this.timers.size === 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    const r = this.running;
    if (r) {
      r.abort.abort(new Error('server stopping'));
      await r.done.catch(() => undefined);
    }
  }

  private schedule(orgId: string, ms: number): void {
    const old = this.timers.get(orgId);
    if (old) clearTimeout(old);
    const timer = setTimeout(() => {
      this.timers.delete(orgId);
      if (!this.queue.includes(orgId)) this.queue.push(orgId);
      this.pump();
    }, ms);
    timer.unref();
    this.timers.set(orgId, timer);
  }

  /** The requests of an organisation read within keepReadsMs (older ones forgotten). */
  private recent(orgId: string): CacheRequest[] {
    const keys = this.reads.get(orgId);
    if (!keys) return [];
    const since = Date.now() - this.opts.keepReadsMs;
    for (const [key, r] of keys) if (r.at < since) keys.delete(key);
    if (keys.size === 0) this.reads.delete(orgId);
    return [...keys.values()].map((r) => r.req);
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const first = this.queue.shift();
    if (first === undefined) return;
    // The organisation due, then every other one read recently with no write pending.
    const orgIds = [first, ...[...this.reads.keys()].filter((id) => id !== first && !this.timers.has(id) && !this.queue.includes(id))];
    const abort = new AbortController();
    const done = this.refresh(orgIds, abort.signal);
    this.running = { orgIds: new Set(orgIds), done, abort };
    void done.finally(() => {
      this.running = null;
      this.pump();
    });
  }

  private async refresh(orgIds: readonly string[], signal: AbortSignal): Promise<void> {
    // Let the write's answer and whatever else is queued go first.
    await new Promise((r) => setImmediate(r));
    for (const orgId of orgIds) {
      if (signal.aborted) return;
      const requests = this.recent(orgId);
      if (requests.length === 0) continue;
      const t0 = performance.now();
      try {
        const { computed } = await cachedTables(this.db, [orgId], requests, { signal, yieldBetween: true });
        this.stats.refreshes++;
        this.stats.computed += computed;
        if (computed) this.opts.log.debug({ orgId, computed, ms: Math.round(performance.now() - t0) }, 'report tables refreshed');
      } catch (err) {
        if (signal.aborted) return;
        this.stats.failures++;
        // The id and the error's code only: a database message can quote a value.
        const e = err as { code?: unknown; name?: unknown };
        this.opts.log.warn({ orgId, code: typeof e.code === 'string' ? e.code : undefined, error: typeof e.name === 'string' ? e.name : 'Error' }, 'report tables refresh failed; will try again');
        if (!this.closed && !this.timers.has(orgId)) this.schedule(orgId, this.opts.retryMs);
      }
    }
    if (this.opts.pruneEveryMs > 0 && Date.now() - this.lastPrune >= this.opts.pruneEveryMs && !signal.aborted) {
      this.lastPrune = Date.now();
      try {
        const { changes } = await pruneChanges(this.db);
        this.opts.log.debug({ changes }, 'report change log pruned');
      } catch (err) {
        const e = err as { code?: unknown };
        this.opts.log.warn({ code: typeof e.code === 'string' ? e.code : undefined }, 'report change log prune failed');
      }
    }
  }
}

/** One warm-up per database handle: the report reads find it from the handle they are given. */
const byDb = new WeakMap<object, Warmup>();

export function startWarmup(db: Kysely<Database>, options: WarmupOptions): Warmup {
  const w = new Warmup(db, options);
  byDb.set(db, w);
  return w;
}

export function warmupOf(db: Kysely<Database>): Warmup | undefined {
  return byDb.get(db);
}

/** The organisations a successful write request wrote for, as far as the request says. */
export function writtenOrgs(req: FastifyRequest): string[] {
  const named = [req.params, req.body, req.query]
    .map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>).orgId : undefined))
    .find((v): v is string => typeof v === 'string');
  if (named) return [named];
  return [...new Set((req.auth?.memberships ?? []).map((m) => m.orgId))];
}
