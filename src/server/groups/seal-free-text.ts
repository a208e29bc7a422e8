import { sql, type Kysely } from 'kysely';
import type { Crypto } from '../db/crypto.ts';
import type { Database } from '../db/schema.ts';
import { convertInBatches, SEAL_BATCH } from '../db/seal-batches.ts';
import type { SealStep } from '../db/seal-steps.ts';

interface FreeTextColumn {
  table: 'group_sessions' | 'pathway_observations';
  clear: string;
  sealed: string;
  /**
   * Whether an empty text is kept as nothing (no sealed value). A topic is; a session description
   * is not, because it is what makes the observation's session one held elsewhere (the table's
   * check counts it).
   */
  emptyIsAbsent: boolean;
}

/**
 * Seals a free-text column's rows still in clear (migration 0014): each batch locks the rows it
 * reads, writes the sealed text and empties the clear column in one statement of one transaction.
 * A row that somehow holds both keeps its sealed text and loses the clear one. Two servers starting
 * at once wait on each other's locks and seal each row once. Logs nothing.
 */
function sealFreeText(column: FreeTextColumn): SealStep {
  const { table, clear, sealed, emptyIsAbsent } = column;
  return {
    name: `${table}.${clear}`,
    run: (db: Kysely<Database>, crypto: Crypto) =>
      convertInBatches(db, async (tx) => {
        const { rows } = await sql<{ id: string; text: string }>`
          select id, ${sql.ref(clear)} as text from ${sql.table(table)}
          where ${sql.ref(clear)} is not null
          order by id limit ${SEAL_BATCH} for update`.execute(tx);
        if (rows.length === 0) return 0;
        const values = sql.join(rows.map((r) => sql`(${r.id}::uuid, ${emptyIsAbsent && r.text === '' ? null : crypto.encrypt(r.text)}::text)`));
        await sql`
          update ${sql.table(table)} as t set ${sql.ref(sealed)} = coalesce(${sql.ref(`t.${sealed}`)}, v.sealed), ${sql.ref(clear)} = null
          from (values ${values}) as v (id, sealed)
          where t.id = v.id`.execute(tx);
        return rows.length;
      }),
  };
}

/** `group_sessions.topic`: a facilitator's few words on what a session was about, which can name someone. */
export const sealGroupSessionTopics: SealStep = sealFreeText({ table: 'group_sessions', clear: 'topic', sealed: 'topic_enc', emptyIsAbsent: true });

/** `pathway_observations.session_description`: the session an observer saw, held elsewhere, described in a few words. */
export const sealObservedSessionDescriptions: SealStep = sealFreeText({ table: 'pathway_observations', clear: 'session_description', sealed: 'session_description_enc', emptyIsAbsent: false });
