import { sql, type Kysely } from 'kysely';

/**
 * Row-level security for people and their sessions. 0001 left `users` and `sessions` open to
 * `fieldlab_app`, so a store query that forgot its filter could, inside one organisation's
 * transaction, read or overwrite the password hash of someone who works elsewhere. A person
 * belongs to several organisations, so these tables carry no `org_id`: a row is visible when
 * the person holds a role in the transaction's organisation (the subquery on `memberships` is
 * itself confined to that organisation by its own policy).
 *
 * New accounts may be inserted (they get their first role in the same transaction); looking a
 * person up by username across the network is done as the system (see users/routes.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `alter table users enable row level security`,
    `create policy users_of_org on users for select
      using (exists (select 1 from memberships m where m.user_id = users.id))`,
    `create policy users_update_in_org on users for update
      using (exists (select 1 from memberships m where m.user_id = users.id))`,
    `create policy users_insert on users for insert with check (true)`,
    `alter table sessions enable row level security`,
    `create policy sessions_of_org on sessions
      using (exists (select 1 from memberships m where m.user_id = sessions.user_id))`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `drop policy sessions_of_org on sessions`,
    `alter table sessions disable row level security`,
    `drop policy users_insert on users`,
    `drop policy users_update_in_org on users`,
    `drop policy users_of_org on users`,
    `alter table users disable row level security`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
