import { verifyAudit } from '../server/audit/log.ts';
import { loadConfig } from '../server/config.ts';
import { asSystem } from '../server/db/scope.ts';
import { openContext } from '../server/runtime.ts';

export async function auditVerifyCommand(): Promise<void> {
  const ctx = await openContext(loadConfig());
  try {
    // Verification reads every organisation's chain, so it runs as the system.
    const result = await asSystem(ctx.db.kysely, verifyAudit);
    if (result.firstBreak) {
      const b = result.firstBreak;
      console.error(
        `Audit log BROKEN at row ${b.seq} (chain ${b.chain}): ${b.problem === 'broken_link' ? 'it does not link to the row before it (a row was deleted or changed)' : 'its contents do not match its hash (the row was edited)'}.`,
      );
      process.exitCode = 1;
    } else {
      console.log(`Audit log intact: ${result.rows} rows in ${result.chains} chains.`);
    }
  } finally {
    await ctx.db.close();
  }
}
