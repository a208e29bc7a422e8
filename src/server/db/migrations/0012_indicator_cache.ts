import { sql, type Kysely } from 'kysely';

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const CURRENT_ORG = `nullif(current_setting('fieldlab.org_id', true), '')::uuid`;

/**
 * The tables an indicator reads, with the column naming the organisation whose figures a row
 * changes (docs/reporting.md, "Pre-computed figures"). Referrals and their events count for the
 * referring organisation (`from_org_id`), as the indicator SQL scopes them; an organisation's own
 * row (its time zone sets its periods) names itself. Consents, catalogue items (names only, read
 * at presentation) and the rest are read by no indicator.
 */
export const REPORTED_TABLES: readonly { table: string; org: string; insert: boolean }[] = [
  { table: 'contacts', org: 'org_id', insert: true },
  { table: 'anonymous_contacts', org: 'org_id', insert: true },
  { table: 'clients', org: 'org_id', insert: true },
  { table: 'screenings', org: 'org_id', insert: true },
  { table: 'crisis_episodes', org: 'org_id', insert: true },
  { table: 'referrals', org: 'from_org_id', insert: true },
  { table: 'referral_events', org: 'from_org_id', insert: true },
  { table: 'org_settings', org: 'org_id', insert: true },
  { table: 'sites', org: 'org_id', insert: true },
  // A new organisation has no figures to change; a changed time zone moves every period.
  { table: 'organisations', org: 'id', insert: false },
];

/**
 * Pre-computed indicator tables (issue #6, performance).
 *
 * - `report_versions`: per organisation, a counter that moves with every statement that inserts,
 *   updates or deletes a row of a table an indicator reads (REPORTED_TABLES). Statement-level
 *   triggers with transition tables do it, so no write path can slip past: the sync applier, the
 *   web forms, merges, imports and a test fixture's direct insert alike. One trigger per event
 *   (PostgreSQL allows transition tables only on single-event triggers); each bumps the counter
 *   once per organisation the statement touched (a 250,000-row insert: one distinct over its
 *   rows, one upsert per organisation), in the order of the organisations' ids so two
 *   statements touching several organisations lock their counters in the same order.
 *   `enable always`: the triggers fire under `session_replication_role = replica` too (a bulk
 *   load, a logical replica), so a figure cannot outlive its rows that way either.
 *   The function is `security definer` (owned by the migrating role, which owns the counters):
 *   an organisation's transaction (`fieldlab_app`, row security) can bump its counter without
 *   any right on the table; `search_path` is pinned as such functions must.
 * - `indicator_cache`: an organisation's raw (unsuppressed) indicator tables, one row per request
 *   (indicator, period kind, range, splits), stamped with the `report_versions` counter read
 *   before they were computed and, for an indicator that depends on today's date, the
 *   organisation's day. A row is used only while both still match. Row security by organisation,
 *   as every organisation-owned table: one organisation's transaction sees and writes its own
 *   rows only. The network and evaluator views read several organisations' rows as the system
 *   and sum them before suppression (src/server/indicators/cache.ts says why that is safe).
 *
 * Organisations that exist now get a counter, so their first read computes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `create table report_versions (
      org_id uuid primary key references organisations(id),
      version bigint not null,
      changed_at timestamptz not null default now()
    )`,
    `insert into report_versions (org_id, version) select id, 1 from organisations`,
    `create table indicator_cache (
      org_id uuid not null references organisations(id),
      request_key text not null,
      data_version bigint not null,
      day text not null default '',
      computed_at timestamptz not null default now(),
      ms int not null default 0,
      result jsonb not null,
      primary key (org_id, request_key)
    )`,
    `create function report_versions_bump() returns trigger language plpgsql security definer set search_path = public, pg_temp as $fn$
    begin
      if TG_OP = 'UPDATE' then
        execute format('insert into report_versions as v (org_id, version) select o, 1 from (select %1$I as o from changed union select %1$I from old_rows) x where o is not null order by o
          on conflict (org_id) do update set version = v.version + 1, changed_at = now()', TG_ARGV[0]);
      else
        execute format('insert into report_versions as v (org_id, version) select o, 1 from (select distinct %1$I as o from changed) x where o is not null order by o
          on conflict (org_id) do update set version = v.version + 1, changed_at = now()', TG_ARGV[0]);
      end if;
      return null;
    end
    $fn$`,
  ]);
  for (const { table, org, insert } of REPORTED_TABLES) {
    const triggers = [
      ...(insert ? [{ name: `${table}_report_ins`, event: 'insert', referencing: 'new table as changed' }] : []),
      { name: `${table}_report_upd`, event: 'update', referencing: 'old table as old_rows new table as changed' },
      { name: `${table}_report_del`, event: 'delete', referencing: 'old table as changed' },
    ];
    for (const t of triggers) {
      await run(db, [
        `create trigger ${t.name} after ${t.event} on ${table} referencing ${t.referencing} for each statement execute function report_versions_bump('${org}')`,
        `alter table ${table} enable always trigger ${t.name}`,
      ]);
    }
  }
  await run(db, [
    `grant select on report_versions to fieldlab_app`,
    `alter table report_versions enable row level security`,
    `create policy report_versions_scope on report_versions for select using (org_id = ${CURRENT_ORG})`,
    `grant select, insert, update, delete on indicator_cache to fieldlab_app`,
    `alter table indicator_cache enable row level security`,
    `create policy indicator_cache_scope on indicator_cache using (org_id = ${CURRENT_ORG}) with check (org_id = ${CURRENT_ORG})`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be undone; restore a backup instead.');
}
