import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DbKind = 'pglite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  kind: DbKind;
  close(): Promise<void>;
}

export interface DbOptions {
  /** A postgres:// URL; without one, PGlite stores its files in `dataDir` (or memory, for tests). */
  databaseUrl?: string | undefined;
  dataDir?: string | 'memory';
}

// timestamptz, int8 and numeric come back as strings from pg by default; counts are small, so
// int8 as a JS number is safe, and dates as Date objects keep one shape for both drivers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function connect(options: DbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // Surface a wrong URL or password now, with a clear message, not at the first request.
    const client = await pool.connect().catch((err: Error) => {
      throw new Error(`Cannot connect to PostgreSQL (DATABASE_URL): ${err.message}`);
    });
    client.release();
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, kind: 'postgres', close: () => kysely.destroy() };
  }
  let pglite: PGlite;
  if (options.dataDir === 'memory' || !options.dataDir) {
    pglite = new PGlite();
  } else {
    const dir = path.resolve(options.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    pglite = new PGlite(dir);
  }
  await pglite.waitReady;
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { kysely, kind: 'pglite', close: () => kysely.destroy() };
}

export interface MigrationReport {
  applied: string[];
  current: string | null;
}

/** Brings the schema up to date. Refuses (and applies nothing more) when history is inconsistent. */
export async function migrate(db: Db): Promise<MigrationReport> {
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const msg = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${msg}`);
  }
  return { applied: (results ?? []).map((r) => r.migrationName), current: await currentMigration(db) };
}

export async function currentMigration(db: Db): Promise<string | null> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(
      db.kysely,
    );
    return rows[0]?.name ?? null;
  } catch {
    return null;
  }
}
