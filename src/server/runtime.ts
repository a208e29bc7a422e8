import { readFileSync } from 'node:fs';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { connect, migrate } from './db/connect.ts';
import { createCrypto, loadMasterKey } from './db/crypto.ts';
import { runSealSteps } from './db/seal-steps.ts';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Opens the database (PGlite or PostgreSQL), brings it up to date, and loads the keys. */
export async function openContext(config: Config, options: { migrate?: boolean } = {}): Promise<AppContext & { sealed: { name: string; rows: number }[] }> {
  const crypto = createCrypto(loadMasterKey(config.secretKey, config.dataDir));
  const db = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let sealed: { name: string; rows: number }[] = [];
  try {
    if (options.migrate !== false) {
      await migrate(db);
      // Rows written in clear before a column became sealed are sealed now (db/seal-steps.ts).
      sealed = await runSealSteps(db.kysely, crypto);
    }
  } catch (err) {
    await db.close();
    throw err;
  }
  return { db, crypto, config, version: VERSION, sealed };
}
