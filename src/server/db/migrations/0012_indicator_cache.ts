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
 * - `report_changes`: an append-only log. Every statement that inserts, updates or deletes a row
 *   of a table an indicator reads (REPORTED_TABLES) appends one row per organisation it touched,
 *   carrying the writing transaction's id (`xid`). Statement-level triggers with transition tables
 *   do it, so no write path can slip past: the sync applier, the web forms, merges, imports and a
 *   test fixture's direct insert alike. One trigger per event (PostgreSQL allows transition tables
 *   only on single-event triggers); per statement, one distinct over its rows and one insert.
 *   Appending locks nothing another writer waits for (no shared counter row): two transactions
 *   writing for the same organisations, in any order, never wait on each other here and cannot
 *   deadlock here. `enable always`: the triggers fire under `session_replication_role = replica`
 *   too (a bulk load, a logical replica), so a figure cannot outlive its rows that way either.
 *   The function is `security definer` (owned by the migrating role, which owns the log): an
 *   organisation's transaction (`fieldlab_app`, row security) appends without any right on the
 *   table; `search_path` is pinned as such functions must.
 * - `indicator_cache`: an organisation's raw (unsuppressed) indicator tables, one row per request
 *   (indicator, period kind, range, splits), stamped with the database snapshot (`data_snapshot`,
 *   `pg_current_snapshot()`) taken before they were computed and, for an indicator that depends on
 *   today's date, the organisation's day. A row is current while every change of its organisation
 *   visible now was visible in that snapshot (src/server/indicators/cache.ts, `CURRENT`): a change
 *   committed after the stamp — even by a transaction that began, and took its xid, before it —
 *   makes it stale, so a stamp can be older than the data but never newer. Only changes with an xid
 *   at or above the snapshot's xmin can be invisible to it, so the test is one index range per
 *   organisation. Row security by organisation, as every organisation-owned table.
 * - `report_prune`: one row, the xid below which changes were pruned (cache.ts, `pruneChanges`).
 *   A table stamped with a snapshot older than it is not stored (a change it did not see may be
 *   gone); stores take the row `for share` and the pruner `for update`, so the two never overlap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `create table report_changes (
      id bigint generated always as identity primary key,
      org_id uuid not null,
      xid xid8 not null default pg_current_xact_id(),
      at timestamptz not null default now()
    )`,
    `create index report_changes_org_xid_idx on report_changes (org_id, xid)`,
    `create table report_prune (
      one boolean primary key default true check (one),
      horizon xid8 not null default '0'::xid8,
      pruned_at timestamptz
    )`,
    `insert into report_prune default values`,
    `create table indicator_cache (
      org_id uuid not null references organisations(id),
      request_key text not null,
      data_snapshot pg_snapshot not null,
      data_xmin xid8 not null,
      day text not null default '',
      computed_at timestamptz not null default now(),
      ms int not null default 0,
      result jsonb not null,
      primary key (org_id, request_key)
    )`,
    `create function report_changes_log() returns trigger language plpgsql security definer set search_path = public, pg_temp as $fn$
    begin
      if TG_OP = 'UPDATE' then
        execute format('insert into report_changes (org_id) select o from (select %1$I as o from changed union select %1$I from old_rows) x where o is not null', TG_ARGV[0]);
      else
        execute format('insert into report_changes (org_id) select distinct %1$I from changed where %1$I is not null', TG_ARGV[0]);
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
        `create trigger ${t.name} after ${t.event} on ${table} referencing ${t.referencing} for each statement execute function report_changes_log('${org}')`,
        `alter table ${table} enable always trigger ${t.name}`,
      ]);
    }
  }
  await run(db, [
    `grant select on report_changes to fieldlab_app`,
    `alter table report_changes enable row level security`,
    `create policy report_changes_scope on report_changes for select using (org_id = ${CURRENT_ORG})`,
    // The prune horizon belongs to no organisation; every store reads it `for share` (which asks for
    // an update right: on the constant column only, so no organisation can move the horizon).
    `grant select, update (one) on report_prune to fieldlab_app`,
    `grant select, insert, update, delete on indicator_cache to fieldlab_app`,
    `alter table indicator_cache enable row level security`,
    `create policy indicator_cache_scope on indicator_cache using (org_id = ${CURRENT_ORG}) with check (org_id = ${CURRENT_ORG})`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be undone; restore a backup instead.');
}
