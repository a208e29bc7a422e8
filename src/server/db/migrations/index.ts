import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_people_rls.ts';
import * as m0003 from './0003_field_loop.ts';
import * as m0004 from './0004_mental_health.ts';
import * as m0005 from './0005_referrals.ts';
import * as m0006 from './0006_reporting.ts';

/** Numbered migrations, in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_people_rls': m0002,
  '0003_field_loop': m0003,
  '0004_mental_health': m0004,
  '0005_referrals': m0005,
  '0006_reporting': m0006,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).at(-1)!;
