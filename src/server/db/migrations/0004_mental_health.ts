import { sql, type Kysely } from 'kysely';

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const ORG_SCOPED = ['screenings', 'crisis_episodes', 'notifications', 'notification_reads', 'org_settings', 'guidance_overrides'];

/**
 * Mental-health first response and screening (issue #4): screenings as the server scored them,
 * crisis episodes, the notifications they raise and who has read them, and the organisation's
 * screening settings and adapted guidance texts.
 *
 * Synced rows (`screenings`, `crisis_episodes`) take `version` from the organisation's counter as
 * in 0003. `org_settings.version` is bumped by every change of the screening settings *or* of a
 * guidance override (deleting an override leaves no row to carry a version), so a pull knows when
 * to send the settings again. Answers, notes and referral notes are sealed by the server
 * (`*_enc`): answers to a suicide item are as personal as anything we hold.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `create table crisis_episodes (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      client_id uuid references clients(id),
      site_id uuid references sites(id),
      at timestamptz not null,
      red_flags text[] not null,
      cssrs_band text check (cssrs_band in ('none','low','moderate','high')),
      level text not null check (level in ('emergency','urgent','acute','not_acute')),
      device_level text not null,
      guidance_version text not null,
      steps jsonb not null default '[]',
      outcome text check (outcome in ('resolved_on_site','urgent_referral','emergency_services_called','taken_to_hospital','person_left')),
      outcome_at timestamptz,
      notes_enc text,
      follow_up_on date,
      referral_urgency text check (referral_urgency in ('emergency','urgent')),
      referral_note_enc text,
      opened_by uuid not null references users(id),
      closed_by uuid references users(id),
      closed_at timestamptz,
      device_id uuid,
      mutation_id bigint,
      version bigint not null,
      recorded_at timestamptz not null default now()
    )`,
    `create index crisis_episodes_client_idx on crisis_episodes (client_id, at)`,
    `create index crisis_episodes_version_idx on crisis_episodes (org_id, version)`,
    `create table screenings (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      client_id uuid not null references clients(id),
      instrument_id text not null,
      instrument_version text not null,
      at timestamptz not null,
      answers_enc text not null,
      substance text,
      crisis_episode_id uuid references crisis_episodes(id),
      complete boolean not null,
      total int,
      band text,
      subscores jsonb,
      flags text[] not null,
      recorded_by uuid not null references users(id),
      device_id uuid,
      mutation_id bigint,
      version bigint not null,
      recorded_at timestamptz not null default now()
    )`,
    `create index screenings_client_idx on screenings (client_id, at)`,
    `create index screenings_version_idx on screenings (org_id, version)`,
    `create table notifications (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      kind text not null check (kind in ('emergency','urgent','suicide_risk')),
      client_id uuid references clients(id),
      episode_id uuid references crisis_episodes(id),
      screening_id uuid references screenings(id),
      level text,
      red_flags text[] not null default '{}',
      raised_by uuid references users(id),
      at timestamptz not null,
      created_at timestamptz not null default now()
    )`,
    `create index notifications_org_idx on notifications (org_id, created_at desc)`,
    `create table notification_reads (
      org_id uuid not null references organisations(id),
      notification_id uuid not null references notifications(id),
      user_id uuid not null references users(id),
      read_at timestamptz not null default now(),
      primary key (notification_id, user_id)
    )`,
    `create index notification_reads_user_idx on notification_reads (user_id, org_id)`,
    `create table org_settings (
      org_id uuid primary key references organisations(id),
      screening jsonb,
      version bigint not null,
      updated_at timestamptz not null default now(),
      updated_by uuid references users(id)
    )`,
    `create table guidance_overrides (
      org_id uuid not null references organisations(id),
      presentation text not null,
      lang text not null check (lang in ('vi','en')),
      steps jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by uuid references users(id),
      primary key (org_id, presentation, lang)
    )`,
  ]);

  for (const table of ORG_SCOPED) {
    await run(db, [
      `grant select, insert, update on ${table} to fieldlab_app`,
      `alter table ${table} enable row level security`,
      `create policy ${table}_scope on ${table}
        using (org_id = nullif(current_setting('fieldlab.org_id', true), '')::uuid)`,
    ]);
  }
  // An administrator restores the default text of a presentation by deleting its override.
  await run(db, [`grant delete on guidance_overrides to fieldlab_app`]);
}

export async function down(): Promise<void> {
  throw new Error('The mental-health migration cannot be undone; restore a backup instead.');
}
