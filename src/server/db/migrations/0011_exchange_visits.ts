import { sql, type Kysely } from 'kysely';

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const CURRENT_ORG = `nullif(current_setting('fieldlab.org_id', true), '')::uuid`;

/**
 * Exchange visits (issue #7 §4). `org_id` is the host organisation; row security confines each
 * organisation to its own visits, like 0006_reporting's `ownedByOrg`.
 *
 * - `exchange_visits`: who came (organisation name and kind, a province or a country, how many
 *   people), when (days in the host's time zone), the programme they observed (core's
 *   `ProgrammeItem` list as JSON), and the status. `version` guards edits made at once.
 * - `exchange_visit_feedback`: forms from a visiting person or the whole group. The ratings stay
 *   clear for the dashboard's means; what they take home and their suggestions can name people,
 *   so they are sealed (`text_enc`, AES-256-GCM like every personal field).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `create table exchange_visits (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      status text not null check (status in ('planned','done','cancelled')),
      visitor_name text not null,
      visitor_kind text not null,
      province_id text,
      country text,
      people int not null check (people between 1 and 500),
      first_day date not null,
      last_day date not null,
      programme jsonb not null,
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      updated_by uuid not null references users(id),
      updated_at timestamptz not null default now(),
      version int not null default 1,
      check ((province_id is null) <> (country is null)),
      check (last_day >= first_day and last_day - first_day < 30)
    )`,
    `create index exchange_visits_org_idx on exchange_visits (org_id, first_day)`,
    `create table exchange_visit_feedback (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      visit_id uuid not null references exchange_visits(id),
      respondent text not null check (respondent in ('person','group')),
      ratings jsonb not null,
      text_enc text,
      by_user uuid not null references users(id),
      at timestamptz not null default now()
    )`,
    `create index exchange_visit_feedback_visit_idx on exchange_visit_feedback (visit_id, at)`,
    `create index exchange_visit_feedback_org_idx on exchange_visit_feedback (org_id)`,
  ]);
  for (const [table, grants] of [
    ['exchange_visits', 'select, insert, update'],
    ['exchange_visit_feedback', 'select, insert'],
  ] as const) {
    await run(db, [
      `grant ${grants} on ${table} to fieldlab_app`,
      `alter table ${table} enable row level security`,
      `create policy ${table}_scope on ${table} using (org_id = ${CURRENT_ORG}) with check (org_id = ${CURRENT_ORG})`,
    ]);
  }
}

export async function down(): Promise<void> {
  throw new Error('The exchange visits migration cannot be undone; restore a backup instead.');
}
