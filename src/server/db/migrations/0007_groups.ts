import type { Kysely } from 'kysely';

/** Groups, group sessions, attendance and stages of change (issue #7 §1). Being written in this session; filled in by the capability's own commit. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be undone; restore a backup instead.');
}
