import type { Kysely } from 'kysely';
import { run } from './run.ts';

/**
 * Two free texts that can name or describe a person were stored in clear: a group session's topic
 * ("talked with T.H. about relapse") and the short description of a session observed on the
 * pathway. They are sealed now (AES-256-GCM), in `group_sessions.topic_enc` and
 * `pathway_observations.session_description_enc`.
 *
 * A migration never sees the key, so it only adds the sealed columns and lets the clear ones be
 * null; the rows written before it are sealed by the seal step `src/server/groups/seal-free-text.ts`
 * at the next start, which empties the clear column in the same transaction. New rows write only
 * the sealed column. The clear columns stay, always null once sealed, until a later migration
 * drops them.
 *
 * An observation names exactly one session (an event, a group session or a description); the check
 * counts the description in either column, so a row is valid before and after it is sealed.
 * `pathway_observations_check` is the name PostgreSQL gave that check in 0010 (the first unnamed
 * check of the table).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `alter table group_sessions add column topic_enc text`,
    `alter table group_sessions alter column topic drop not null`,
    `alter table pathway_observations add column session_description_enc text`,
    `alter table pathway_observations drop constraint pathway_observations_check`,
    `alter table pathway_observations add constraint pathway_observations_one_session
       check (num_nonnulls(event_id, group_session_id, session_description, session_description_enc) = 1)`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be undone; restore a backup instead.');
}
