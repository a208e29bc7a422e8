import { sql, type Kysely } from 'kysely';

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const ORG_SCOPED = ['org_versions', 'catalogue_items', 'clients', 'client_consents', 'contacts', 'anonymous_contacts', 'sync_devices', 'sync_rejections', 'profile_conflicts'];

/**
 * The field loop (issue #3): clients known by UIC, their consents, contacts, anonymous tallies,
 * the organisation's catalogue, and the sync bookkeeping of DESIGN §4.
 *
 * `version` on every synced row is taken from the organisation's counter in `org_versions`, bumped
 * inside the writing transaction; the row lock on the counter orders writers, so a pull that read
 * version V has seen every row at or below V, and a late commit always lands above it.
 * Personal free text (`*_enc`) is AES-GCM sealed by the server; the UIC is found by blind index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `alter table network add column uic_recipe jsonb`,
    `create table org_versions (
      org_id uuid primary key references organisations(id),
      version bigint not null default 0
    )`,
    `insert into org_versions (org_id) select id from organisations`,
    `create table catalogue_items (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      kind text not null check (kind in ('commodity','iec')),
      name_vi text not null,
      name_en text not null,
      unit text not null,
      category text not null,
      active boolean not null default true,
      version bigint not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create unique index catalogue_items_org_name_key on catalogue_items (org_id, kind, lower(name_vi))`,
    `create index catalogue_items_version_idx on catalogue_items (org_id, version)`,
    `create table clients (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      site_id uuid not null references sites(id),
      uic_hmac text not null,
      uic_near_hmacs text[] not null,
      uic_enc text not null,
      nickname_enc text,
      phone_enc text,
      birth_year int,
      sex_at_birth text check (sex_at_birth in ('M','F')),
      gender_identity text not null,
      key_populations text[] not null,
      substances text[] not null,
      routes text[] not null,
      province_id text not null,
      referral_source text not null,
      merged_into uuid references clients(id),
      profile_version int not null default 1,
      field_versions jsonb not null default '{}',
      registered_at timestamptz not null,
      registered_by uuid not null references users(id),
      version bigint not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create unique index clients_org_uic_key on clients (org_id, uic_hmac) where merged_into is null`,
    `create index clients_near_idx on clients using gin (uic_near_hmacs)`,
    `create index clients_version_idx on clients (org_id, version)`,
    `create table client_consents (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      client_id uuid not null references clients(id),
      kind text not null check (kind in ('services','referral_sharing','research','contact_phone','contact_chat')),
      given boolean not null,
      at timestamptz not null,
      recorded_by uuid not null references users(id),
      version bigint not null
    )`,
    `create index client_consents_client_idx on client_consents (client_id, at)`,
    `create index client_consents_version_idx on client_consents (org_id, version)`,
    `create table contacts (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      client_id uuid not null references clients(id),
      site_id uuid not null references sites(id),
      at timestamptz not null,
      mode text not null,
      services text[] not null,
      commodities jsonb not null,
      iec jsonb not null,
      notes_enc text,
      follow_up_on date,
      recorded_by uuid not null references users(id),
      device_id uuid,
      version bigint not null,
      recorded_at timestamptz not null default now()
    )`,
    `create index contacts_client_idx on contacts (client_id, at)`,
    `create index contacts_org_at_idx on contacts (org_id, at)`,
    `create index contacts_version_idx on contacts (org_id, version)`,
    `create table anonymous_contacts (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      site_id uuid not null references sites(id),
      at timestamptz not null,
      mode text not null,
      counts jsonb not null,
      services text[] not null,
      commodities jsonb not null,
      iec jsonb not null,
      recorded_by uuid not null references users(id),
      version bigint not null,
      recorded_at timestamptz not null default now()
    )`,
    `create index anonymous_contacts_version_idx on anonymous_contacts (org_id, version)`,
    `create table sync_devices (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      user_id uuid not null references users(id),
      last_mutation_id bigint not null default 0,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now()
    )`,
    `create table sync_rejections (
      org_id uuid not null references organisations(id),
      device_id uuid not null references sync_devices(id),
      mutation_id bigint not null,
      name text not null,
      code text not null,
      field text,
      at timestamptz not null default now(),
      primary key (device_id, mutation_id)
    )`,
    `create table profile_conflicts (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      client_id uuid not null references clients(id),
      field text not null,
      kept_value_enc text not null,
      lost_value_enc text not null,
      edited_by uuid not null references users(id),
      resolved_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    `create index profile_conflicts_open_idx on profile_conflicts (org_id) where resolved_at is null`,
  ]);

  for (const table of ORG_SCOPED) {
    await run(db, [
      `grant select, insert, update on ${table} to fieldlab_app`,
      `alter table ${table} enable row level security`,
      `create policy ${table}_scope on ${table}
        using (org_id = nullif(current_setting('fieldlab.org_id', true), '')::uuid)`,
    ]);
  }
}

export async function down(): Promise<void> {
  throw new Error('The field-loop migration cannot be undone; restore a backup instead.');
}
