import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.ts';
import { appendAudit } from '../../src/server/audit/log.ts';
import type { Database } from '../../src/server/db/schema.ts';
import { asSystem, inOrg, type Tx } from '../../src/server/db/scope.ts';
import { seedOrg, startTestApp, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

/**
 * Row-level security on its own, with no store function in the way: raw SQL inside `inOrg` sees
 * and writes only that organisation's rows, on PGlite and on PostgreSQL. This is the second lock
 * of DESIGN §3; the first (every store query filters by org_id) is tested through the API.
 */
describe.each(testDialects())('row-level security on %s', (dialect) => {
  let t: TestApp;
  let db: Kysely<Database>;
  let a: SeededOrg;
  let b: SeededOrg;
  const sitesOf: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(dialect);
    db = t.ctx.db.kysely;
    a = await seedOrg(t, 'community_organisation', ['admin', 'fieldworker']);
    b = await seedOrg(t, 'community_organisation', ['admin', 'manager']);
    await asSystem(db, async (tx) => {
      for (const org of [a, b]) {
        const id = newId();
        sitesOf[org.orgId] = id;
        await tx.insertInto('sites').values({ id, org_id: org.orgId, name: `Điểm ${id.slice(-4)}`, kind: 'online', province_id: 'ha-noi' }).execute();
        await appendAudit(tx, { orgId: org.orgId, actorUserId: org.users.admin!.userId, actorRole: 'admin', action: 'site.create', entity: 'site', entityId: id });
      }
    });
  });
  afterAll(async () => t?.close());

  const rows = async <R,>(tx: Tx, query: string): Promise<R[]> => (await sql.raw<R>(query).execute(tx)).rows;
  const orgIdsIn = async (tx: Tx, table: string) => [...new Set((await rows<{ org_id: string }>(tx, `select org_id from ${table}`)).map((r) => r.org_id))];

  /** A transaction as the application role with no organisation named. */
  function asAppWithoutOrg<T>(work: (tx: Tx) => Promise<T>, orgSetting?: string): Promise<T> {
    return db.transaction().execute(async (tx) => {
      await sql`select set_config('role', 'fieldlab_app', true)`.execute(tx);
      if (orgSetting !== undefined) await sql`select set_config('fieldlab.org_id', ${orgSetting}, true)`.execute(tx);
      return work(tx);
    });
  }

  it('runs organisation transactions as fieldlab_app, which neither owns the tables nor bypasses RLS', async () => {
    const who = await inOrg(db, a.orgId, (tx) =>
      rows<{ current_user: string; org: string }>(tx, `select current_user, current_setting('fieldlab.org_id', true) as org`),
    );
    expect(who).toEqual([{ current_user: 'fieldlab_app', org: a.orgId }]);
    const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`select rolsuper, rolbypassrls from pg_roles where rolname = 'fieldlab_app'`.execute(db);
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const owners = await sql<{ tableowner: string }>`
      select distinct tableowner from pg_tables where schemaname = 'public' and tablename in ('organisations', 'sites', 'memberships', 'audit_log', 'users', 'sessions')`.execute(db);
    expect(owners.rows.map((r) => r.tableowner)).not.toContain('fieldlab_app');
  });

  it('enables RLS on every organisation-scoped table', async () => {
    const tables = await sql<{ relname: string; relrowsecurity: boolean }>`
      select relname, relrowsecurity from pg_class
      where relname in ('organisations', 'sites', 'memberships', 'audit_log', 'users', 'sessions') and relkind = 'r'`.execute(db);
    for (const row of tables.rows) expect(row.relrowsecurity, row.relname).toBe(true);
    expect(tables.rows).toHaveLength(6);
  });

  it('enables RLS on the mental-health tables (issue #4), and lets the app role delete only guidance overrides there', async () => {
    const tables = ['screenings', 'crisis_episodes', 'notifications', 'notification_reads', 'org_settings', 'guidance_overrides'];
    const rls = await sql<{ relname: string; relrowsecurity: boolean }>`select relname, relrowsecurity from pg_class where relkind = 'r' and relname in (${sql.join(tables)})`.execute(db);
    expect(rls.rows.map((r) => r.relname).sort()).toEqual([...tables].sort());
    for (const row of rls.rows) expect(row.relrowsecurity, row.relname).toBe(true);
    const deletable = await sql<{ table_name: string }>`
      select table_name from information_schema.role_table_grants
      where grantee = 'fieldlab_app' and privilege_type = 'DELETE' and table_name in (${sql.join(tables)})`.execute(db);
    expect(deletable.rows.map((r) => r.table_name)).toEqual(['guidance_overrides']);
    await expect(
      inOrg(db, a.orgId, (tx) => sql.raw(`insert into org_settings (org_id, version) values ('${b.orgId}', 1)`).execute(tx)),
    ).rejects.toThrow(/row-level security|row level security/i);
    await inOrg(db, b.orgId, (tx) => sql.raw(`insert into org_settings (org_id, version) values ('${b.orgId}', 1) on conflict do nothing`).execute(tx));
    await inOrg(db, a.orgId, async (tx) => expect(await rows(tx, 'select org_id from org_settings')).toEqual([]));
  });

  it('shows the owner every organisation’s rows, so the filtering below is RLS’s doing', async () => {
    await asSystem(db, async (tx) => {
      expect(await orgIdsIn(tx, 'sites')).toEqual(expect.arrayContaining([a.orgId, b.orgId]));
      expect(await orgIdsIn(tx, 'memberships')).toEqual(expect.arrayContaining([a.orgId, b.orgId]));
      expect(await orgIdsIn(tx, 'audit_log')).toEqual(expect.arrayContaining([a.orgId, b.orgId]));
    });
  });

  it('shows inside inOrg(A) only A’s sites, memberships, audit rows and organisation, with no WHERE at all', async () => {
    await inOrg(db, a.orgId, async (tx) => {
      expect(await orgIdsIn(tx, 'sites')).toEqual([a.orgId]);
      expect(await orgIdsIn(tx, 'memberships')).toEqual([a.orgId]);
      expect(await orgIdsIn(tx, 'audit_log')).toEqual([a.orgId]);
      expect((await rows<{ id: string }>(tx, 'select id from organisations')).map((r) => r.id)).toEqual([a.orgId]);
      expect(await rows(tx, `select * from sites where id = '${sitesOf[b.orgId]}'`)).toEqual([]);
      expect(await rows(tx, `select * from memberships where org_id = '${b.orgId}'`)).toEqual([]);
    });
  });

  it('shows inside inOrg(A) only the people of A, and their sessions', async () => {
    await asSystem(db, async (tx) => {
      for (const u of [a.users.admin!, b.users.admin!]) await tx.insertInto('sessions').values({ id: newId(), user_id: u.userId }).execute();
    });
    await inOrg(db, a.orgId, async (tx) => {
      const sessionUsers = (await rows<{ user_id: string }>(tx, 'select user_id from sessions')).map((r) => r.user_id);
      expect(sessionUsers).toContain(a.users.admin!.userId);
      expect(sessionUsers).not.toContain(b.users.admin!.userId);
      expect(Number((await sql.raw(`delete from sessions where user_id = '${b.users.admin!.userId}'`).execute(tx)).numAffectedRows)).toBe(0);
      const ids = (await rows<{ id: string }>(tx, 'select id from users')).map((r) => r.id).sort();
      expect(ids).toEqual(Object.values(a.users).map((u) => u.userId).sort());
      expect(await rows(tx, `select * from users where id = '${b.users.admin!.userId}'`)).toEqual([]);
    });
  });

  it('refuses to insert rows for B inside inOrg(A)', async () => {
    const attempts = [
      `insert into sites (id, org_id, name, kind, province_id) values ('${newId()}', '${b.orgId}', 'Điểm lén', 'online', 'ha-noi')`,
      `insert into memberships (user_id, org_id, role) values ('${a.users.fieldworker!.userId}', '${b.orgId}', 'admin')`,
      `insert into audit_log (org_id, at, action, entity, prev_hash, hash) values ('${b.orgId}', now(), 'x', 'x', 'x', 'x')`,
      `insert into organisations (id, name, kind) values ('${newId()}', 'Tổ chức lén', 'clinic')`,
    ];
    for (const statement of attempts) {
      await expect(inOrg(db, a.orgId, (tx) => sql.raw(statement).execute(tx)), statement).rejects.toThrow(/row-level security|row level security/i);
    }
    await asSystem(db, async (tx) => {
      expect(await rows(tx, `select * from memberships where user_id = '${a.users.fieldworker!.userId}' and org_id = '${b.orgId}'`)).toEqual([]);
      expect((await rows(tx, `select * from sites where name = 'Điểm lén'`)).length).toBe(0);
    });
  });

  it('cannot move A’s rows into B, nor touch B’s rows, inside inOrg(A)', async () => {
    await expect(
      inOrg(db, a.orgId, (tx) => sql.raw(`update sites set org_id = '${b.orgId}' where id = '${sitesOf[a.orgId]}'`).execute(tx)),
    ).rejects.toThrow(/row-level security|row level security/i);

    const touched = await inOrg(db, a.orgId, async (tx) => {
      const upd = await sql.raw(`update sites set name = 'Bị đổi' where org_id = '${b.orgId}'`).execute(tx);
      const del = await sql.raw(`delete from memberships where org_id = '${b.orgId}'`).execute(tx);
      const org = await sql.raw(`update organisations set name = 'Bị đổi' where id = '${b.orgId}'`).execute(tx);
      const pw = await sql.raw(`update users set password_hash = 'x' where id = '${b.users.admin!.userId}'`).execute(tx);
      return [upd, del, org, pw].map((r) => Number(r.numAffectedRows ?? 0));
    });
    expect(touched).toEqual([0, 0, 0, 0]);

    await asSystem(db, async (tx) => {
      const site = await rows<{ org_id: string; name: string }>(tx, `select org_id, name from sites where id = '${sitesOf[b.orgId]}'`);
      expect(site[0]!.name).not.toBe('Bị đổi');
      expect(await orgIdsIn(tx, `memberships where org_id = '${b.orgId}'`)).toEqual([b.orgId]);
      const user = await rows<{ password_hash: string }>(tx, `select password_hash from users where id = '${b.users.admin!.userId}'`);
      expect(user[0]!.password_hash).toMatch(/^scrypt\$/);
      const moved = await rows<{ org_id: string }>(tx, `select org_id from sites where id = '${sitesOf[a.orgId]}'`);
      expect(moved[0]!.org_id).toBe(a.orgId);
    });
  });

  it('lets the application role only append to the audit log, never change or delete it', async () => {
    for (const statement of [`update audit_log set action = 'x' where org_id = '${a.orgId}'`, `delete from audit_log where org_id = '${a.orgId}'`]) {
      await expect(inOrg(db, a.orgId, (tx) => sql.raw(statement).execute(tx)), statement).rejects.toThrow(/permission denied/i);
    }
  });

  it('shows nothing and writes nothing when no organisation is named', async () => {
    for (const setting of [undefined, '']) {
      await asAppWithoutOrg(async (tx) => {
        for (const table of ['sites', 'memberships', 'audit_log', 'organisations', 'users']) {
          expect(await rows(tx, `select * from ${table}`), `${table} with ${String(setting)}`).toEqual([]);
        }
      }, setting);
      await expect(
        asAppWithoutOrg(
          (tx) => sql.raw(`insert into sites (id, org_id, name, kind, province_id) values ('${newId()}', '${a.orgId}', 'Điểm mồ côi', 'online', 'ha-noi')`).execute(tx),
          setting,
        ),
      ).rejects.toThrow(/row-level security|row level security/i);
    }
  });

  it('lets a store write its own organisation’s rows as usual', async () => {
    const id = newId();
    await inOrg(db, a.orgId, async (tx) => {
      await sql.raw(`insert into sites (id, org_id, name, kind, province_id) values ('${id}', '${a.orgId}', 'Điểm hợp lệ', 'outreach_area', 'hue')`).execute(tx);
      await sql.raw(`update sites set active = false where id = '${id}'`).execute(tx);
    });
    const site = await asSystem(db, (tx) => rows<{ active: boolean }>(tx, `select active from sites where id = '${id}'`));
    expect(site).toEqual([{ active: false }]);
  });

  it('ends the role switch with the transaction, so pooled connections return to the owner', async () => {
    const owner = (await sql<{ current_user: string }>`select current_user`.execute(db)).rows[0]!.current_user;
    expect(owner).not.toBe('fieldlab_app');
    await Promise.all(Array.from({ length: 12 }, (_, i) => inOrg(db, i % 2 ? a.orgId : b.orgId, (tx) => rows(tx, 'select 1'))));
    // A failed transaction must not leave the setting behind either.
    await expect(inOrg(db, a.orgId, (tx) => sql.raw('select 1/0').execute(tx))).rejects.toThrow();
    const after = await Promise.all(
      Array.from({ length: 12 }, () =>
        sql<{ current_user: string; org: string | null }>`select current_user, nullif(current_setting('fieldlab.org_id', true), '') as org`.execute(db),
      ),
    );
    for (const r of after) expect(r.rows[0]).toEqual({ current_user: owner, org: null });
  });
});
