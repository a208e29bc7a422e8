import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Tx } from './scope.ts';

/** Rows a step converts per transaction: a crash undoes at most one batch, never half a row. */
export const SEAL_BATCH = 500;

/**
 * Runs `batch` in one transaction after another, as the database owner (rows of every
 * organisation), until it converts nothing; answers how many rows it converted in all. `batch`
 * locks the rows it reads, converts at most SEAL_BATCH of them and answers how many.
 */
export async function convertInBatches(db: Kysely<Database>, batch: (tx: Tx) => Promise<number>): Promise<number> {
  let converted = 0;
  for (;;) {
    const done = await db.transaction().execute(batch);
    if (done === 0) return converted;
    converted += done;
  }
}
