import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_people_rls.ts';
import * as m0003 from './0003_field_loop.ts';
import * as m0004 from './0004_mental_health.ts';
import * as m0005 from './0005_referrals.ts';
import * as m0006 from './0006_reporting.ts';
import * as m0007 from './0007_groups.ts';
import * as m0008 from './0008_events.ts';
import * as m0009 from './0009_courses.ts';
import * as m0010 from './0010_pathway.ts';
import * as m0011 from './0011_exchange_visits.ts';
import * as m0012 from './0012_indicator_cache.ts';
import * as m0013 from './0013_registration_code_hash.ts';
import * as m0014 from './0014_seal_free_text.ts';

/** Numbered migrations, in order. Add new ones at the end; never edit one that has shipped. New ones run their statements with `run` (./run.ts). */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_people_rls': m0002,
  '0003_field_loop': m0003,
  '0004_mental_health': m0004,
  '0005_referrals': m0005,
  '0006_reporting': m0006,
  '0007_groups': m0007,
  '0008_events': m0008,
  '0009_courses': m0009,
  '0010_pathway': m0010,
  '0011_exchange_visits': m0011,
  '0012_indicator_cache': m0012,
  '0013_registration_code_hash': m0013,
  '0014_seal_free_text': m0014,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).at(-1)!;
