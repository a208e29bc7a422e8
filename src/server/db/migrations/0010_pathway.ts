import type { Kysely } from 'kysely';

/** The train-the-trainer pathway (issue #7 §3). Being written in this session; filled in by the capability's own commit. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be undone; restore a backup instead.');
}
