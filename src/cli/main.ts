import { Command } from 'commander';
import { loadConfig } from '../server/config.ts';
import { serve } from '../server/serve.ts';
import { VERSION } from '../server/runtime.ts';
import { auditVerifyCommand } from './audit.ts';
import { demoCommand } from './demo.ts';
import { migrateCommand } from './migrate.ts';
import { userAddCommand } from './user.ts';

const program = new Command('fieldlab').description('Fieldlab: harm-reduction field work, offline-first').version(VERSION);

program
  .command('serve')
  .description('run the server and web app (PORT, FIELDLAB_DATA_DIR or DATABASE_URL; see README)')
  .action(async () => {
    await serve(loadConfig());
  });

program.command('migrate').description('bring the database schema up to date, then exit').action(migrateCommand);

program
  .command('demo')
  .description('fill an empty database with an invented network, organisations and users')
  .option('--json', 'print the created organisations and users as JSON')
  .action(demoCommand);

const user = program.command('user').description('manage accounts from the command line');
user
  .command('add')
  .description('add an account; the password is read from FIELDLAB_PASSWORD or asked for')
  .requiredOption('--username <username>', 'login name (a–z, digits, . - _)')
  .requiredOption('--org <organisation>', 'organisation id or exact name')
  .requiredOption('--role <roles>', 'comma-separated roles: admin, manager, fieldworker, clinician, trainer, evaluator, network')
  .option('--lang <lang>', 'vi or en', 'vi')
  .action(userAddCommand);

const audit = program.command('audit').description('the tamper-evident audit log');
audit.command('verify').description('check every hash chain; exit 1 at the first broken link').action(auditVerifyCommand);

program.addHelpText(
  'after',
  `
Commands in full:
  fieldlab serve                  run the server and web app (npm start)
  fieldlab migrate                bring the database schema up to date
  fieldlab demo [--json]          fill an empty database with an invented network
  fieldlab user add --username NAME --org ORG_ID_OR_NAME --role ROLE[,ROLE…] [--lang vi|en]
                                  add an account (password from FIELDLAB_PASSWORD, or asked)
  fieldlab audit verify           check the audit log's hash chains; exit 1 at the first broken row

The database is PGlite in FIELDLAB_DATA_DIR (default ./data), or PostgreSQL at DATABASE_URL.`,
);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`fieldlab: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
