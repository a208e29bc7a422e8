import { sql, type Kysely } from 'kysely';

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const CURRENT_ORG = `nullif(current_setting('fieldlab.org_id', true), '')::uuid`;

/**
 * Trainings and events, public registration and check-in (issue #7 §2).
 *
 * - `events`: what an organisation organises. `details` is the event as core's `Event` schema
 *   has it (agenda, speakers, partners...); the columns beside it are what lists filter and sort
 *   by. A draft is seen by its organisation only; once published (and until cancelled) it is on
 *   the public events page, so row security lets every organisation read published events, and
 *   cancelled ones too (a link someone kept then says "cancelled" instead of "not found").
 * - `event_registrations`: people who registered, through the public form (no login) or by a
 *   trainer at the desk. The name they wish to use and their contact details are sealed
 *   (`*_enc`, AES-256-GCM like every personal field); province or country stay clear for counts.
 *   `code` (XXXX-XXXX, core/training/events.ts) is what the confirmation's QR code carries; it is
 *   unique across the network so a confirmation page can find it alone. `user_id` links a
 *   registration to a Fieldlab account (a worker on the train-the-trainer pathway), when known.
 * - `event_attendance`: one row per registration and day present (check-in is idempotent per day).
 * - `events.seats_taken` counts the active registrations, kept in the same transaction as each
 *   registration or cancellation (the event row locked), so the public page shows seats left
 *   without any reading of registrations; `events.time_zone` is the organiser's, copied at each
 *   save, so "upcoming" is decided in it without reading other organisations.
 * - `fieldlab_event_registration_org(code)`: the only way to go from a confirmation code to its
 *   organisation (the public confirmation page knows nothing else); it answers an organisation id
 *   or null, never a registration, so nobody can list another organisation's registrations.
 * - `public_attempts`: what the public doors (registering, looking a code up) count per address,
 *   an HMAC of the address, to limit abuse; rows older than a day are deleted as new ones come.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `create table events (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      status text not null check (status in ('draft','published','cancelled')),
      title text not null,
      kind text not null,
      mode text not null,
      first_day date not null,
      last_day date not null,
      province_id text,
      course_id uuid,
      capacity int,
      seats_taken int not null default 0 check (seats_taken >= 0),
      time_zone text not null,
      details jsonb not null,
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      updated_by uuid not null references users(id),
      updated_at timestamptz not null default now(),
      version int not null default 1
    )`,
    `create index events_public_idx on events (last_day, first_day) where status = 'published'`,
    `create index events_org_idx on events (org_id, first_day)`,
    `create table event_registrations (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      event_id uuid not null references events(id),
      code text not null unique,
      name_enc text not null,
      details_enc text not null,
      province_id text,
      country text,
      user_id uuid references users(id),
      via text not null check (via in ('public','desk')),
      consent_version text not null,
      created_at timestamptz not null default now(),
      cancelled_at timestamptz
    )`,
    `create index event_registrations_event_idx on event_registrations (event_id, created_at)`,
    `create index event_registrations_user_idx on event_registrations (user_id) where user_id is not null`,
    `create table event_attendance (
      org_id uuid not null references organisations(id),
      event_id uuid not null references events(id),
      registration_id uuid not null references event_registrations(id),
      day date not null,
      at timestamptz not null default now(),
      by_user uuid references users(id),
      primary key (registration_id, day)
    )`,
    `create index event_attendance_event_idx on event_attendance (event_id, day)`,
    `create table public_attempts (
      id bigserial primary key,
      action text not null,
      address_hash text not null,
      at timestamptz not null default now()
    )`,
    `create index public_attempts_address_idx on public_attempts (action, address_hash, at)`,
    `create index public_attempts_at_idx on public_attempts (at)`,
  ]);
  await run(db, [
    `grant select, insert, update on events to fieldlab_app`,
    `alter table events enable row level security`,
    `create policy events_read on events for select using (org_id = ${CURRENT_ORG} or status <> 'draft')`,
    `create policy events_insert on events for insert with check (org_id = ${CURRENT_ORG})`,
    `create policy events_update on events for update using (org_id = ${CURRENT_ORG}) with check (org_id = ${CURRENT_ORG})`,
  ]);
  for (const table of ['event_registrations', 'event_attendance']) {
    await run(db, [
      `grant select, insert, update on ${table} to fieldlab_app`,
      `alter table ${table} enable row level security`,
      `create policy ${table}_scope on ${table} using (org_id = ${CURRENT_ORG}) with check (org_id = ${CURRENT_ORG})`,
    ]);
  }
  await run(db, [
    `create function fieldlab_event_registration_org(wanted text) returns uuid
      language sql stable security definer set search_path = public as $$
        select org_id from event_registrations where code = wanted
      $$`,
    `revoke all on function fieldlab_event_registration_org(text) from public`,
    `grant execute on function fieldlab_event_registration_org(text) to fieldlab_app`,
    // No grant on public_attempts: it is written by the system, before any organisation is known.
    `alter table public_attempts enable row level security`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('The events migration cannot be undone; restore a backup instead.');
}
