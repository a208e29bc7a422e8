import type { Kysely } from 'kysely';
import { sealRegistrationCodes } from '../events/seal-codes.ts';
import { sealGroupSessionTopics, sealObservedSessionDescriptions } from '../groups/seal-free-text.ts';
import type { Crypto } from './crypto.ts';
import type { Database } from './schema.ts';

/**
 * Steps that need the keys, run after the migrations at every start (openContext).
 *
 * A migration is plain SQL and never sees the secret key, so when a column that held something in
 * clear becomes sealed (`*_enc`) or a blind index (`*_hash`), the migration adds the new column and
 * the rows written before it are converted here: each step seals or hashes what is still in clear,
 * clears it in the same transaction, and answers how many rows it converted. A step must be
 * idempotent (a second start finds nothing to do) and must convert in one transaction per batch,
 * so a crash leaves every row either in clear or converted, never lost.
 * Steps log nothing of the rows; the server logs only their names and counts when it starts.
 */
export interface SealStep {
  /** Short, for the start-up log: `events.registration_codes`. */
  name: string;
  run(db: Kysely<Database>, crypto: Crypto): Promise<number>;
}

/** In the order they must run; each issue that seals a column adds its step here. */
export const SEAL_STEPS: readonly SealStep[] = [
  sealRegistrationCodes,
  sealGroupSessionTopics,
  sealObservedSessionDescriptions,
];

/** Runs every step; answers what each converted (only those that converted something). */
export async function runSealSteps(db: Kysely<Database>, crypto: Crypto, steps: readonly SealStep[] = SEAL_STEPS): Promise<{ name: string; rows: number }[]> {
  const done: { name: string; rows: number }[] = [];
  for (const step of steps) {
    const rows = await step.run(db, crypto);
    if (rows > 0) done.push({ name: step.name, rows });
  }
  return done;
}
