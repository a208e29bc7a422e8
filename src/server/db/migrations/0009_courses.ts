import { sql, type Kysely } from 'kysely';

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const CURRENT_ORG = `nullif(current_setting('fieldlab.org_id', true), '')::uuid`;

/**
 * Courses, their pre/post test, test attempts and certificates (issue #7 §2).
 *
 * - `courses`: what an organisation teaches. Row security lets every organisation of the network
 *   READ every course (a train-the-trainer requirement can name another organisation's course,
 *   and an event may teach a course written elsewhere), while only the owner writes it. A course
 *   holds a curriculum, never a person.
 * - `course_tests`: one test per course (the same questions serve as pre- and post-test, so the
 *   scores compare). Readable network-wide like its course, because an event teaching another
 *   organisation's course has its participants sit that course's test; the answer key stays
 *   inside the network (the public route strips it). Once anyone has sat it, its questions are
 *   frozen (the route refuses edits) so that attempts keep meaning the same test.
 * - `test_attempts`: a registered person's pre- or post-test, once per phase, in the event's
 *   organisation; the score is computed by the server (core scoreTest).
 * - `certificates`: in the event's organisation. The name on it is sealed (`name_enc`), and so
 *   are the free-text reasons (`by_hand_reason`, `revoke_reason`: AES-256-GCM like `name_enc`,
 *   since a reason may say why a person was absent); `code`
 *   (XXXX-XXXX-C, core certificates.ts) is unique across the network, found by the public
 *   verification route. Revoked ones are kept with the reason, so verification can say so.
 * - `fieldlab_course_test_in_use(test)`: whether any organisation's participants sat a test, so its
 *   owner knows the questions are frozen, without reading other organisations' attempts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [
    `create table courses (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      title text not null,
      modules text[] not null,
      details jsonb not null,
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      updated_by uuid not null references users(id),
      updated_at timestamptz not null default now(),
      version int not null default 1
    )`,
    `create index courses_org_idx on courses (org_id, title)`,
    `create table course_tests (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      course_id uuid not null unique references courses(id),
      title text not null,
      questions jsonb not null,
      pass_percent int not null check (pass_percent between 0 and 100),
      updated_by uuid not null references users(id),
      updated_at timestamptz not null default now(),
      version int not null default 1
    )`,
    `create table test_attempts (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      event_id uuid not null references events(id),
      registration_id uuid not null references event_registrations(id),
      test_id uuid not null references course_tests(id),
      test_version int not null,
      phase text not null check (phase in ('pre','post')),
      answers jsonb not null,
      score int not null,
      max_score int not null,
      at timestamptz not null default now(),
      unique (registration_id, phase)
    )`,
    `create index test_attempts_event_idx on test_attempts (event_id, phase)`,
    `create index test_attempts_test_idx on test_attempts (test_id)`,
    `create table certificates (
      id uuid primary key,
      org_id uuid not null references organisations(id),
      code text not null unique,
      event_id uuid not null references events(id),
      registration_id uuid not null references event_registrations(id),
      course_id uuid references courses(id),
      title text not null,
      name_enc text not null,
      lang text not null check (lang in ('vi','en')),
      issued_on date not null,
      issued_at timestamptz not null default now(),
      issued_by uuid not null references users(id),
      by_hand_reason text,
      revoked_at timestamptz,
      revoked_by uuid references users(id),
      revoke_reason text
    )`,
    `create index certificates_event_idx on certificates (event_id, issued_at)`,
    `create unique index certificates_one_per_registration on certificates (registration_id) where revoked_at is null`,
  ]);
  for (const table of ['courses', 'course_tests']) {
    await run(db, [
      `grant select, insert, update on ${table} to fieldlab_app`,
      `alter table ${table} enable row level security`,
      `create policy ${table}_read on ${table} for select using (true)`,
      `create policy ${table}_insert on ${table} for insert with check (org_id = ${CURRENT_ORG})`,
      `create policy ${table}_update on ${table} for update using (org_id = ${CURRENT_ORG}) with check (org_id = ${CURRENT_ORG})`,
    ]);
  }
  for (const table of ['test_attempts', 'certificates']) {
    await run(db, [
      `grant select, insert, update on ${table} to fieldlab_app`,
      `alter table ${table} enable row level security`,
      `create policy ${table}_scope on ${table} using (org_id = ${CURRENT_ORG}) with check (org_id = ${CURRENT_ORG})`,
    ]);
  }
  await run(db, [
    // Whether anyone, in any organisation, has sat a test: a yes or no, never whose attempt.
    `create function fieldlab_course_test_in_use(wanted uuid) returns boolean
      language sql stable security definer set search_path = public as $$
        select exists (select 1 from test_attempts where test_id = wanted)
      $$`,
    `revoke all on function fieldlab_course_test_in_use(uuid) from public`,
    `grant execute on function fieldlab_course_test_in_use(uuid) to fieldlab_app`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('The courses migration cannot be undone; restore a backup instead.');
}
