import { sql, type Kysely } from 'kysely';
import { Problem } from '../../core/errors/outcome.ts';
import { decideAttempt, minutesToWait, PUBLIC_LIMITS, type PublicAction } from '../../core/training/public-limits.ts';
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

  private hash(address: string): string {
    return this.crypto.blindIndex(address, 'public-events-address');
  }

  /** Throws PUBLIC_TOO_MANY_REQUESTS (with the minutes to wait) when the address is over the limit; `record` counts this attempt when allowed. */
  async check(action: PublicAction, address: string, record: boolean, now: Date = new Date()): Promise<void> {
    const policy = PUBLIC_LIMITS[action];
    const addressHash = this.hash(address);
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
      if (d.allowed && record) await this.insert(tx, action, addressHash, now);
      return d;
    });
    if (!decision.allowed) throw new Problem('PUBLIC_TOO_MANY_REQUESTS', { minutes: minutesToWait(decision.retryAfterMs) });
  }

  /** Counts an attempt after the fact (a code that was not found). */
  async record(action: PublicAction, address: string, now: Date = new Date()): Promise<void> {
    const addressHash = this.hash(address);
    await asSystem(this.db, (tx) => this.insert(tx, action, addressHash, now));
  }

  private async insert(tx: Tx, action: PublicAction, addressHash: string, now: Date): Promise<void> {
    await tx.insertInto('public_attempts').values({ action, address_hash: addressHash, at: now }).execute();
    // Older attempts say nothing any limit needs, and would only grow the table.
    await tx.deleteFrom('public_attempts').where('at', '<', new Date(now.getTime() - 24 * 3_600_000)).execute();
  }
}
