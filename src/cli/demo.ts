import { loadConfig } from '../server/config.ts';
import { DemoRefused, seedDemo } from '../server/demo/seed.ts';
import { openContext } from '../server/runtime.ts';

export async function demoCommand(options: { json?: boolean }): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    console.error('fieldlab demo: refused, NODE_ENV=production. The demo only fills test databases with invented data.');
    process.exit(2);
  }
  const ctx = await openContext(loadConfig());
  try {
    const result = await seedDemo(ctx);
    if (options.json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    console.log('Demo network created (all invented):\n');
    for (const o of result.organisations) console.log(`  ${o.name}  [${o.kind}]`);
    console.log('\nEach community organisation has about thirty invented clients (codes and nicknames only)\nwith three months of contacts, follow-ups around today, and a starter catalogue.');
    console.log('\nAccounts (username  password  roles):\n');
    const names = new Map(result.organisations.map((o) => [o.id, o.name]));
    for (const u of result.users) {
      const roles = u.roles.map((r) => `${r.role} @ ${names.get(r.orgId)}`).join('; ');
      console.log(`  ${u.username.padEnd(14)} ${u.password}  ${roles}`);
    }
    console.log('\nStart the server with `npm start` and log in at http://localhost:8080');
  } catch (err) {
    if (err instanceof DemoRefused) {
      console.error(`fieldlab demo: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    throw err;
  } finally {
    await ctx.db.close();
  }
}
