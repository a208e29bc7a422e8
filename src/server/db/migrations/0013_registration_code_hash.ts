import type { Kysely } from 'kysely';
import { run } from './run.ts';

/**
 * Registration codes become a blind index (security review of issue #7 §2).
 *
 * A registration code is a bearer secret: it opens the confirmation page (the name and contact
 * details), cancels the registration and sits the course test in the person's name. 0008 kept it
 * in clear, so a database dump or a backup gave every code. From here:
 *
 * - `event_registrations.code_hash`: an HMAC of the normalised code (`crypto.blindIndex`, purpose
 *   `event-registration-code`), unique across the network like the code was, so a confirmation
 *   page still finds one registration by it. Every lookup hashes the code presented.
 * - `event_registrations.code` becomes nullable and is written no more. This migration cannot see
 *   the key, so rows written before it keep their code in clear until the seal step
 *   (src/server/events/seal-codes.ts), run after the migrations at every start, hashes them and
 *   clears the column in the same transaction.
 * - `fieldlab_event_registration_org(text)` looked a clear code up; it is dropped, and
 *   `fieldlab_event_registration_org_by_hash(text)` takes the hash instead. A new name rather than
 *   a new body: a caller still passing a clear code fails loudly instead of finding nothing.
 *   Same pattern: security definer with a pinned search path, answers an organisation id or null,
 *   executable by `fieldlab_app` only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `alter table event_registrations add column code_hash text`,
    `alter table event_registrations alter column code drop not null`,
    `create unique index event_registrations_code_hash_idx on event_registrations (code_hash) where code_hash is not null`,
    // The seal step looks for rows still in clear; after it has run there are none, so the index stays empty.
    `create index event_registrations_code_clear_idx on event_registrations (id) where code is not null and code_hash is null`,
    `drop function fieldlab_event_registration_org(text)`,
    `create function fieldlab_event_registration_org_by_hash(wanted_hash text) returns uuid
      language sql stable security definer set search_path = public, pg_temp as $$
        select org_id from event_registrations where code_hash = wanted_hash
      $$`,
    `revoke all on function fieldlab_event_registration_org_by_hash(text) from public`,
    `grant execute on function fieldlab_event_registration_org_by_hash(text) to fieldlab_app`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('The registration code migration cannot be undone (the codes in clear are gone); restore a backup instead.');
}
