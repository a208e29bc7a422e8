import { sql, type Kysely } from 'kysely';
import { Problem } from '../../core/errors/outcome.ts';
import { decideAttempt, limitKey, minutesToWait, PUBLIC_LIMITS, type PublicAction } from '../../core/training/public-limits.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Database } from '../db/schema.ts';
import { asSystem, type Tx } from '../db/scope.ts';

/**
 * The public doors' limits (core/training/public-limits.ts), counted in the database so that
 * several servers behind one load balancer share them and a restart does not reset them. The
 * address is kept only as an HMAC, only for a day.
 *
 * As the system: the attempts belong to no organisation (the door is open before any is known).
 */
export class PublicLimits {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly crypto: Crypto,
  ) {}

  /** The address as counted (IPv6 by its /64, core limitKey), under `scope` when the limit is per something (an event). */
  private hash(address: string, scope?: string): string {
    const key = limitKey(address);
    return this.crypto.blindIndex(scope === undefined ? key : `${key}\u0000${scope}`, 'public-events-address');
  }

  /**
   * Throws PUBLIC_TOO_MANY_REQUESTS (with the minutes to wait) when the address is over the limit.
   * With `record`, the attempt is counted in the same locked transaction as the check, so attempts
   * sent at once are counted one after the other and cannot all pass; answers its id, for
   * `release` (a lookup counts as a miss until it is found to be a hit). `scope` limits per
   * something (an event) rather than per address alone.
   */
  async check(action: PublicAction, address: string, opts: { record: boolean; scope?: string; now?: Date }): Promise<string | null> {
    const policy = PUBLIC_LIMITS[action];
    const now = opts.now ?? new Date();
    const addressHash = this.hash(address, opts.scope);
    const decision = await asSystem(this.db, async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`fieldlab.public:${action}:${addressHash}`}))`.execute(tx);
      const rows = await tx
        .selectFrom('public_attempts')
        .select('at')
        .where('action', '=', action)
        .where('address_hash', '=', addressHash)
        .where('at', '>', new Date(now.getTime() - policy.windowMs))
        .execute();
      const d = decideAttempt(rows.map((r) => new Date(r.at).getTime()), now.getTime(), policy);
      const id = d.allowed && opts.record ? await this.insert(tx, action, addressHash, now) : null;
      return { d, id };
    });
    if (!decision.d.allowed) throw new Problem('PUBLIC_TOO_MANY_REQUESTS', { minutes: minutesToWait(decision.d.retryAfterMs) });
    return decision.id;
  }

  /** Takes back an attempt counted by `check` (a lookup that found its code). */
  async release(id: string | null): Promise<void> {
    if (id === null) return;
    await asSystem(this.db, (tx) => tx.deleteFrom('public_attempts').where('id', '=', id).execute());
  }

  private async insert(tx: Tx, action: PublicAction, addressHash: string, now: Date): Promise<string> {
    const { id } = await tx.insertInto('public_attempts').values({ action, address_hash: addressHash, at: now }).returning('id').executeTakeFirstOrThrow();
    // Older attempts say nothing any limit needs, and would only grow the table.
    await tx.deleteFrom('public_attempts').where('at', '<', new Date(now.getTime() - 24 * 3_600_000)).execute();
    return String(id);
  }
}
