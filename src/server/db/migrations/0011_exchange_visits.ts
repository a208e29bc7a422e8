import type { Kysely } from 'kysely';

/** Exchange visits (issue #7 §4). Being written in this session; filled in by the capability's own commit. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be undone; restore a backup instead.');
}
