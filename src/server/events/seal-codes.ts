import { sql } from 'kysely';
import type { SealStep } from '../db/seal-steps.ts';
import { registrationCodeHash } from './store.ts';

/** Rows per transaction: small enough not to hold locks long, large enough for a big network's registrations to convert in seconds. */
const BATCH = 500;

/**
 * Registration codes written in clear before migration 0013: each is hashed as a lookup hashes it
 * (normalised, then `registrationCodeHash`), so the code its holder kept still works, and cleared
 * in the same transaction. Batches take their rows `for update skip locked`: two servers starting
 * at once convert different rows, and a row is either in clear or hashed, never both or neither.
 */
export const sealRegistrationCodes: SealStep = {
  name: 'events.registration_codes',
  async run(db, crypto) {
    let converted = 0;
    for (;;) {
      // As the database owner (no organisation): the rows of every organisation are converted.
      const done = await db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('event_registrations')
          .select(['id', 'code'])
          .where('code', 'is not', null)
          .where('code_hash', 'is', null)
          .orderBy('id')
          .limit(BATCH)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) return 0;
        const values = rows.map((r) => sql`(${r.id}::uuid, ${registrationCodeHash(crypto, r.code!)})`);
        await sql`update event_registrations as r set code_hash = v.hash, code = null from (values ${sql.join(values)}) as v(id, hash) where r.id = v.id`.execute(tx);
        return rows.length;
      });
      converted += done;
      if (done < BATCH) return converted;
    }
  },
};
