import { sql, type Kysely } from 'kysely';

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const CURRENT_ORG = `nullif(current_setting('fieldlab.org_id', true), '')::uuid`;

/**
 * The referral network (issue #5).
 *
 * - `providers` is the network's one directory: read by every organisation, written only by the
 *   server as the system (src/server/providers/store.ts), because a change must also move every
 *   organisation's sync counter (`org_versions.directory_version`, so a pull knows to send the
 *   directory again). Friendliness is kept as a running sum and count, since the ratings behind
 *   it (`provider_feedback`) belong to the organisations that gave them.
 * - `referrals` and `referral_events` are seen by two organisations: the one that referred
 *   (`from_org_id`, which owns the client) and the one it referred to (`to_org_id`, an in-network
 *   provider). Row security lets each see exactly those rows; the receiver never sees `clients`,
 *   `contacts` or `screenings` (their own policies are untouched): what it may know of the client
 *   is the sealed snapshot `shared_enc`, made at creation from what the client consented to share.
 *   A referral's `version` comes from the referring organisation's counter, since that is who
 *   pulls it. Events are append-only (no update or delete grant).
 * - `referral_codes` makes codes unique across the network without letting one organisation read
 *   another's codes: the app can only call `fieldlab_claim_referral_code`, which says whether the
 *   code was free and takes it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `alter table org_versions add column directory_version bigint not null default 0`,
    `create table providers (
      id uuid primary key,
      org_id uuid references organisations(id),
      name text not null,
      kind text not null,
      services text[] not null,
      address text not null,
      province_id text not null,
      opening_hours text not null,
      phone text not null,
      languages text[] not null,
      cost text not null check (cost in ('free','low','insurance','paid')),
      walk_in boolean not null,
      active boolean not null,
      rating_sum int not null default 0,
      rating_count int not null default 0,
      created_by uuid references users(id),
      updated_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1
    )`,
    `create index providers_province_idx on providers (province_id)`,
    `create table referrals (
      id uuid primary key,
      code text not null unique,
      from_org_id uuid not null references organisations(id),
      client_id uuid not null references clients(id),
      provider_id uuid not null references providers(id),
      to_org_id uuid references organisations(id),
      service text not null,
      reason_enc text not null,
      urgency text not null check (urgency in ('emergency','same_day','within_week','routine')),
      due_on date not null,
      share text[] not null,
      shared_enc text,
      at timestamptz not null,
      contact_id uuid references contacts(id),
      crisis_episode_id uuid references crisis_episodes(id),
      status text not null,
      status_at timestamptz not null,
      created_by uuid not null references users(id),
      device_id uuid,
      mutation_id bigint,
      version bigint not null,
      recorded_at timestamptz not null default now()
    )`,
    `create index referrals_from_idx on referrals (from_org_id, version)`,
    `create index referrals_to_idx on referrals (to_org_id, status) where to_org_id is not null`,
    `create index referrals_client_idx on referrals (client_id)`,
    `create table referral_events (
      id uuid primary key,
      referral_id uuid not null references referrals(id),
      from_org_id uuid not null references organisations(id),
      to_org_id uuid references organisations(id),
      event text not null,
      at timestamptz not null,
      note_enc text,
      outcome text,
      by_user uuid references users(id),
      by_org_id uuid not null references organisations(id),
      recorded_at timestamptz not null default now(),
      seq bigint generated always as identity
    )`,
    `create index referral_events_referral_idx on referral_events (referral_id, seq)`,
    `create table referral_codes (
      code text primary key
    )`,
    `create table provider_feedback (
      org_id uuid not null references organisations(id),
      referral_id uuid primary key references referrals(id),
      provider_id uuid not null references providers(id),
      rating int not null check (rating between 1 and 5),
      by_user uuid not null references users(id),
      at timestamptz not null default now()
    )`,
  ]);

  await run(db, [
    `grant select on providers to fieldlab_app`,
    `alter table providers enable row level security`,
    `create policy providers_read on providers for select using (true)`,

    `grant select, insert, update on referrals to fieldlab_app`,
    `alter table referrals enable row level security`,
    `create policy referrals_read on referrals for select using (from_org_id = ${CURRENT_ORG} or to_org_id = ${CURRENT_ORG})`,
    `create policy referrals_insert on referrals for insert with check (from_org_id = ${CURRENT_ORG})`,
    `create policy referrals_update on referrals for update using (from_org_id = ${CURRENT_ORG}) with check (from_org_id = ${CURRENT_ORG})`,

    `grant select, insert on referral_events to fieldlab_app`,
    `grant usage on sequence referral_events_seq_seq to fieldlab_app`,
    `alter table referral_events enable row level security`,
    `create policy referral_events_read on referral_events for select using (from_org_id = ${CURRENT_ORG} or to_org_id = ${CURRENT_ORG})`,
    `create policy referral_events_insert on referral_events for insert with check (from_org_id = ${CURRENT_ORG} and by_org_id = ${CURRENT_ORG})`,

    // No grant on the table: the app claims a code through this function, which answers only
    // whether the code was free (and takes it), so no organisation can list another's codes.
    `alter table referral_codes enable row level security`,
    `create function fieldlab_claim_referral_code(wanted text) returns boolean
      language plpgsql security definer set search_path = public as $$
      begin
        insert into referral_codes (code) values (wanted) on conflict (code) do nothing;
        return found;
      end $$`,
    `revoke all on function fieldlab_claim_referral_code(text) from public`,
    `grant execute on function fieldlab_claim_referral_code(text) to fieldlab_app`,

    `grant select, insert, update on provider_feedback to fieldlab_app`,
    `alter table provider_feedback enable row level security`,
    `create policy provider_feedback_scope on provider_feedback using (org_id = ${CURRENT_ORG})`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('The referrals migration cannot be undone; restore a backup instead.');
}
