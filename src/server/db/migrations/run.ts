import { sql, type Kysely } from 'kysely';

/** Runs a migration's statements one after another (each is plain SQL, the same on PGlite and PostgreSQL). */
export async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
