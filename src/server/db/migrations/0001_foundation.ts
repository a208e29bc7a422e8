import { sql, type Kysely } from 'kysely';

/** One statement at a time: the extended protocol (PGlite, pg with parameters) takes no batches. */
async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * The foundation: network, organisations, sites, users and their roles, sessions, login throttling,
 * and the hash-chained audit log. Organisation-scoped tables get row-level security: requests run
 * as the role `fieldlab_app` with `fieldlab.org_id` set per transaction (src/server/db/scope.ts), so
 * a store query that forgets its `where org_id` still cannot cross organisations.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `create table network (
      id int primary key default 1 check (id = 1),
      name text not null,
      created_at timestamptz not null default now()
    )`,
    `create table organisations (
      id uuid primary key,
      name text not null,
      kind text not null check (kind in ('community_organisation','social_enterprise','clinic','network_hub')),
      province_id text,
      time_zone text not null default 'Asia/Ho_Chi_Minh',
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create unique index organisations_name_key on organisations (lower(name))`,
    `create table sites (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      name text not null,
      kind text not null check (kind in ('drop_in_centre','outreach_area','clinic','online')),
      province_id text not null,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create unique index sites_org_name_key on sites (org_id, lower(name))`,
    `create table users (
      id uuid primary key,
      username text not null unique,
      display_name_enc text,
      password_hash text not null,
      lang text not null default 'vi' check (lang in ('vi','en')),
      active boolean not null default true,
      must_change_password boolean not null default false,
      totp_secret_enc text,
      totp_pending_enc text,
      totp_last_step bigint,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create table memberships (
      user_id uuid not null references users(id),
      org_id uuid not null references organisations(id),
      role text not null check (role in ('admin','manager','fieldworker','clinician','trainer','evaluator','network')),
      created_at timestamptz not null default now(),
      primary key (user_id, org_id, role)
    )`,
    `create index memberships_org_idx on memberships (org_id)`,
    `create table sessions (
      id text primary key,
      user_id uuid not null references users(id),
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now()
    )`,
    `create index sessions_user_idx on sessions (user_id)`,
    `create table login_failures (
      id bigserial primary key,
      username text not null,
      address_hash text not null,
      at timestamptz not null default now()
    )`,
    `create index login_failures_username_idx on login_failures (username, at)`,
    `create index login_failures_address_idx on login_failures (address_hash, at)`,
    `create table audit_log (
      seq bigserial primary key,
      org_id uuid,
      at timestamptz not null,
      actor_user_id uuid,
      actor_role text,
      action text not null,
      entity text not null,
      entity_id text,
      prev_hash text not null,
      hash text not null
    )`,
    `create index audit_log_org_idx on audit_log (org_id, seq)`,
  ]);

  // The role that organisation-scoped transactions switch to. Roles belong to the whole cluster,
  // so another Fieldlab database on the same server may have made it already.
  await sql`
    do $$
    begin
      -- Roles belong to the whole cluster: databases migrated at the same time race to create it
      -- (the loser sees unique_violation), and that is fine.
      if not exists (select 1 from pg_roles where rolname = 'fieldlab_app') then
        begin
          create role fieldlab_app nologin;
        exception when duplicate_object or unique_violation then null;
        end;
      end if;
      if not pg_has_role(current_user, 'fieldlab_app', 'member') then
        begin
          execute format('grant fieldlab_app to %I', current_user);
        exception when unique_violation then null;
        end;
      end if;
    end $$;
  `.execute(db);

  await run(db, [
    `grant usage on schema public to fieldlab_app`,
    `grant select on network to fieldlab_app`,
    `grant select, insert, update on organisations, sites, memberships to fieldlab_app`,
    `grant delete on memberships to fieldlab_app`,
    `grant select, insert, update on users to fieldlab_app`,
    `grant select, delete on sessions to fieldlab_app`,
    `grant select, insert on audit_log to fieldlab_app`,
    `grant usage on sequence audit_log_seq_seq to fieldlab_app`,
    `alter table organisations enable row level security`,
    `create policy organisations_scope on organisations
      using (id = nullif(current_setting('fieldlab.org_id', true), '')::uuid)`,
    `alter table sites enable row level security`,
    `create policy sites_scope on sites
      using (org_id = nullif(current_setting('fieldlab.org_id', true), '')::uuid)`,
    `alter table memberships enable row level security`,
    `create policy memberships_scope on memberships
      using (org_id = nullif(current_setting('fieldlab.org_id', true), '')::uuid)`,
    `alter table audit_log enable row level security`,
    `create policy audit_log_scope on audit_log
      using (org_id = nullif(current_setting('fieldlab.org_id', true), '')::uuid)`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be undone; restore a backup instead.');
}
