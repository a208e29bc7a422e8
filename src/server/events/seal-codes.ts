import { sql } from 'kysely';
import { convertInBatches, SEAL_BATCH } from '../db/seal-batches.ts';
import type { SealStep } from '../db/seal-steps.ts';
import { registrationCodeHash } from './store.ts';

/**
 * Registration codes written in clear before migration 0013: each is hashed as a lookup hashes it
 * (normalised, then `registrationCodeHash`), so the code its holder kept still works, and cleared
 * in the same transaction. Batches take their rows `for update skip locked`: two servers starting
 * at once convert different rows, and a row is either in clear or hashed, never both or neither.
 */
export const sealRegistrationCodes: SealStep = {
  name: 'events.registration_codes',
  run: (db, crypto) =>
    convertInBatches(db, async (tx) => {
      const rows = await tx
        .selectFrom('event_registrations')
        .select(['id', 'code'])
        .where('code', 'is not', null)
        .where('code_hash', 'is', null)
        .orderBy('id')
        .limit(SEAL_BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return 0;
      const values = rows.map((r) => sql`(${r.id}::uuid, ${registrationCodeHash(crypto, r.code!)})`);
      await sql`update event_registrations as r set code_hash = v.hash, code = null from (values ${sql.join(values)}) as v(id, hash) where r.id = v.id`.execute(tx);
      return rows.length;
    }),
};
