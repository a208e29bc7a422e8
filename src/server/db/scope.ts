import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

export type Tx = Transaction<Database>;

/**
 * Runs `work` in one transaction confined to one organisation: it switches to the role
 * `fieldlab_app`, to which row-level security applies, and names the organisation in
 * `fieldlab.org_id`. Both settings end with the transaction. Store functions still filter by
 * `org_id` themselves; this is the second lock on the door (DESIGN §3).
 */
export async function inOrg<T>(db: Kysely<Database>, orgId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'fieldlab_app', true), set_config('fieldlab.org_id', ${orgId}, true)`.execute(tx);
    return work(tx);
  });
}

/**
 * Runs `work` in one transaction as the database owner, which row-level security does not bind.
 * Only for what belongs to no single organisation: setup, login and sessions, the network's list
 * of organisations, audit verification. Each caller says why in a comment.
 */
export async function asSystem<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
