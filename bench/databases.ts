import pg from 'pg';
import type { DbKind } from '../src/server/db/connect.ts';
import { startCluster } from '../test/helpers/postgres-cluster.ts';

/**
 * Runs `work` on PGlite (in memory) and on PostgreSQL: BENCH_DATABASE_URL if set, else a
 * throw-away cluster from the machine's own binaries. Each call gets a fresh database.
 */
export async function onEachDatabase(name: string, work: (kind: DbKind, databaseUrl?: string) => Promise<void>): Promise<void> {
  await work('pglite');
  const fresh = async (adminUrl: string) => {
    const db = `fieldlab_bench_${name}_${Date.now().toString(36)}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`create database ${db}`);
    await client.end();
    const url = new URL(adminUrl);
    url.pathname = `/${db}`;
    return url.toString();
  };
  if (process.env.BENCH_DATABASE_URL) {
    await work('postgres', await fresh(process.env.BENCH_DATABASE_URL));
    return;
  }
  const cluster = await startCluster();
  try {
    await work('postgres', await fresh(cluster.url));
  } finally {
    cluster.stop();
  }
}
