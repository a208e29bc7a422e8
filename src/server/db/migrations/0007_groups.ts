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
 * Groups, group sessions, attendance and stages of change (issue #7 §1).
 *
 * - `groups`: set up by managers online; phones pull them. `version` comes from the
 *   organisation's counter (`org_versions`, 0003) like every synced row, so an edit reaches the
 *   phones at their next pull. A deactivated group keeps its sessions and refuses new ones. Two
 *   active groups of one organisation never share a name (a picker on a phone could not tell
 *   them apart).
 * - `group_sessions`: what a facilitator records offline (`recordGroupSession`), append-only.
 *   Notes are sealed (`notes_enc`, AES-256-GCM like every personal free text). `materials` is a
 *   contact's item lines. `facilitator_ids` are users with a role in the organisation.
 * - `group_attendance`: one row per registered client and session, under the client's surviving
 *   identity at the time of recording; `at` repeats the session's time so a client's history and
 *   the outcome exposure read one table.
 * - `stage_observations`: stages of change seen at a contact, at a session (`source`,
 *   `source_id`: the contact's or session's id) or on their own (`source` 'contact', `source_id`
 *   null). Append-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `create table groups (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      name text not null,
      kind text not null check (kind in ('contemplation','motivational_interviewing','psychoeducation','peer_support','family_session')),
      site_id uuid not null references sites(id),
      facilitator_ids uuid[] not null,
      schedule jsonb not null,
      active boolean not null default true,
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version bigint not null
    )`,
    `create unique index groups_org_active_name_key on groups (org_id, lower(name)) where active`,
    `create index groups_version_idx on groups (org_id, version)`,
    `create table group_sessions (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      group_id uuid not null references groups(id),
      at timestamptz not null,
      topic text not null,
      facilitator_ids uuid[] not null,
      anonymous_count int not null check (anonymous_count >= 0),
      materials jsonb not null,
      notes_enc text,
      recorded_by uuid not null references users(id),
      device_id uuid,
      mutation_id bigint,
      version bigint not null,
      recorded_at timestamptz not null default now()
    )`,
    `create index group_sessions_group_idx on group_sessions (group_id, at)`,
    `create index group_sessions_version_idx on group_sessions (org_id, version)`,
    `create table group_attendance (
      org_id uuid not null references organisations(id),
      session_id uuid not null references group_sessions(id),
      client_id uuid not null references clients(id),
      at timestamptz not null,
      primary key (session_id, client_id)
    )`,
    `create index group_attendance_client_idx on group_attendance (org_id, client_id)`,
    `create table stage_observations (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      client_id uuid not null references clients(id),
      stage text not null check (stage in ('precontemplation','contemplation','preparation','action','maintenance','relapse')),
      at timestamptz not null,
      source text not null check (source in ('contact','session')),
      source_id uuid,
      recorded_by uuid not null references users(id),
      device_id uuid,
      mutation_id bigint,
      version bigint not null,
      recorded_at timestamptz not null default now(),
      check (source = 'contact' or source_id is not null)
    )`,
    `create index stage_observations_client_idx on stage_observations (client_id, at)`,
    `create index stage_observations_version_idx on stage_observations (org_id, version)`,
  ]);
  await ownedByOrg(db, 'groups', 'select, insert, update');
  await ownedByOrg(db, 'group_sessions', 'select, insert');
  await ownedByOrg(db, 'group_attendance', 'select, insert');
  await ownedByOrg(db, 'stage_observations', 'select, insert');
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be undone; restore a backup instead.');
}
