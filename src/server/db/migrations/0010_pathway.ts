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
 * The train-the-trainer pathway (issue #7 §3, docs/pathway.md). Everything is per organisation:
 * a person's stage in one organisation says nothing of another.
 *
 * - `pathway_requirements`: what each stage asks for (core's `PathwayRequirements`), one row per
 *   organisation; `version` moves with each save so two admins editing at once are told.
 * - `pathway_stages`: a person's current stage and since when. No row: a participant. `version`
 *   moves with each promotion; the promotion's transaction locks the row.
 * - `pathway_promotions`: append-only (no update or delete granted), who moved from which stage to
 *   which, who approved it and when. One promotion into a stage per person: a second, racing one
 *   fails on the unique index even if the stage check were missed.
 * - `pathway_observations`: an observed session scored on core's RUBRIC. Whether the observer was a
 *   certified trainer is stored as it was then (their stage can change later). The session is one
 *   of an event, a group session or a short description; the note is sealed (`note_enc`).
 *   `group_session_id` has no foreign key: group sessions belong to another capability (0007).
 * - `pathway_co_facilitations`: a trainer's record that the person co-facilitated a training event
 *   (co-facilitated group sessions are read from `group_sessions` itself), once per event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `create table pathway_requirements (
      org_id uuid primary key references organisations(id),
      requirements jsonb not null,
      version int not null default 1,
      updated_by uuid not null references users(id),
      updated_at timestamptz not null default now()
    )`,
    `create table pathway_stages (
      org_id uuid not null references organisations(id),
      user_id uuid not null references users(id),
      stage text not null check (stage in ('participant','trainer_candidate','co_facilitator','certified_trainer')),
      since timestamptz,
      version int not null default 1,
      primary key (org_id, user_id)
    )`,
    `create index pathway_stages_user_idx on pathway_stages (user_id, stage)`,
    `create table pathway_promotions (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      user_id uuid not null references users(id),
      from_stage text not null,
      to_stage text not null check (to_stage in ('trainer_candidate','co_facilitator','certified_trainer')),
      approved_by uuid not null references users(id),
      approved_at timestamptz not null default now(),
      check (approved_by <> user_id)
    )`,
    `create unique index pathway_promotions_once_idx on pathway_promotions (org_id, user_id, to_stage)`,
    `create table pathway_observations (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      user_id uuid not null references users(id),
      observer_id uuid not null references users(id),
      observer_was_certified boolean not null,
      scores jsonb not null,
      event_id uuid references events(id),
      group_session_id uuid,
      session_description text,
      at timestamptz not null,
      note_enc text,
      recorded_at timestamptz not null default now(),
      check (num_nonnulls(event_id, group_session_id, session_description) = 1),
      check (observer_id <> user_id)
    )`,
    `create index pathway_observations_user_idx on pathway_observations (org_id, user_id, at)`,
    `create table pathway_co_facilitations (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      user_id uuid not null references users(id),
      event_id uuid not null references events(id),
      note_enc text,
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null default now(),
      check (recorded_by <> user_id)
    )`,
    `create unique index pathway_co_facilitations_once_idx on pathway_co_facilitations (org_id, user_id, event_id)`,
  ]);
  await ownedByOrg(db, 'pathway_requirements', 'select, insert, update');
  await ownedByOrg(db, 'pathway_stages', 'select, insert, update');
  await ownedByOrg(db, 'pathway_promotions', 'select, insert');
  await ownedByOrg(db, 'pathway_observations', 'select, insert');
  await ownedByOrg(db, 'pathway_co_facilitations', 'select, insert');
}

export async function down(): Promise<void> {
  throw new Error('The pathway migration cannot be undone; restore a backup instead.');
}
