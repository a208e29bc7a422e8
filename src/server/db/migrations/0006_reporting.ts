import { sql, type Kysely } from 'kysely';

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const CURRENT_ORG = `nullif(current_setting('fieldlab.org_id', true), '')::uuid`;

/** Row security for a table owned by one organisation: it sees and writes its own rows only. */
async function ownedByOrg(db: Kysely<unknown>, table: string, grants: string): Promise<void> {
  await run(db, [
    `grant ${grants} on ${table} to fieldlab_app`,
    `alter table ${table} enable row level security`,
    `create policy ${table}_scope on ${table} using (org_id = ${CURRENT_ORG}) with check (org_id = ${CURRENT_ORG})`,
  ]);
}

/**
 * Evaluation and reporting (issue #6).
 *
 * - Indexes for the indicator queries, which read each organisation's records by the day they
 *   happened (contacts already have `contacts_org_at_idx`), and contacts by the day a follow-up
 *   they set is due.
 * - `dhis2_settings`: the network hub's DHIS2 connection and its mapping of indicators to data
 *   elements and of organisations and sites to org units (a JSON document checked by
 *   `Dhis2Settings` in core). The password is sealed like every secret (`*_enc`).
 * - `dhis2_sends`: every dry run and every send, with the server's import summary, so a manager
 *   can tell what DHIS2 holds. Append-only. `settings_version` is the settings' version the
 *   values were built with: a real send needs a successful dry run of the same period and version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `create index clients_org_registered_idx on clients (org_id, registered_at)`,
    `create index anonymous_contacts_org_at_idx on anonymous_contacts (org_id, at)`,
    `create index screenings_org_at_idx on screenings (org_id, at)`,
    `create index crisis_episodes_org_closed_idx on crisis_episodes (org_id, closed_at)`,
    `create index referrals_from_at_idx on referrals (from_org_id, at)`,
    // follow_ups_on_time reads the contacts that set a follow-up due in the period (about one in
    // eight): without this it reads every contact of the organisation (bench/indicators.ts).
    `create index contacts_org_follow_up_idx on contacts (org_id, follow_up_on) where follow_up_on is not null`,
    `create table dhis2_settings (
      org_id uuid primary key references organisations(id),
      base_url text,
      username text,
      password_enc text,
      mapping jsonb not null,
      version int not null default 1,
      updated_at timestamptz not null default now(),
      updated_by uuid not null references users(id)
    )`,
    `create table dhis2_sends (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      at timestamptz not null default now(),
      periods text[] not null,
      dry_run boolean not null,
      settings_version int not null,
      status text not null check (status in ('success','warning','error','unreachable')),
      http_status int,
      values_sent int not null,
      summary jsonb,
      by_user uuid not null references users(id)
    )`,
    `create index dhis2_sends_org_idx on dhis2_sends (org_id, at desc)`,
  ]);
  await ownedByOrg(db, 'dhis2_settings', 'select, insert, update');
  await ownedByOrg(db, 'dhis2_sends', 'select, insert');
}

export async function down(): Promise<void> {
  throw new Error('The reporting migration cannot be undone; restore a backup instead.');
}
