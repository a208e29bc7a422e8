import { loadConfig } from '../server/config.ts';
import { connect, migrate } from '../server/db/connect.ts';

export async function migrateCommand(): Promise<void> {
  const config = loadConfig();
  const db = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const report = await migrate(db);
    const applied = report.applied.length ? report.applied.join(', ') : 'nothing to apply';
    console.log(`Database (${db.kind}) is at ${report.current}; applied: ${applied}.`);
  } finally {
    await db.close();
  }
}
