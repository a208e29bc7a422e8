import { sql, type Kysely, type Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/server/auth/totp.ts';
import { verifyAudit, type AuditVerification } from '../../src/server/audit/log.ts';
import type { AuditLogTable, Database } from '../../src/server/db/schema.ts';
import { asSystem, type Tx } from '../../src/server/db/scope.ts';
import { Client, loggedIn, seedOrg, startTestApp, TEST_PASSWORD, uniqueName, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

const GENESIS = '0'.repeat(64);
const COLUMNS = ['action', 'actor_role', 'actor_user_id', 'at', 'entity', 'entity_id', 'hash', 'org_id', 'prev_hash', 'seq'];

/** A row as read back, with its sequence number as a number. */
type AuditRow = Omit<Selectable<AuditLogTable>, 'seq'> & { seq: number };

/** Rolled back on purpose: tampering is tried inside a transaction that never commits. */
class RolledBack extends Error {
  constructor(readonly result: AuditVerification) {
    super('rolled back');
  }
}

describe.each(testDialects())('the audit log on %s', (dialect) => {
  let t: TestApp;
  let db: Kysely<Database>;
  let hub: SeededOrg;
  let hubAdmin: Client;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    db = t.ctx.db.kysely;
    hub = await seedOrg(t, 'network_hub', ['admin']);
    hubAdmin = new Client(t.baseUrl);
    await hubAdmin.login(hub.users.admin!.username, hub.users.admin!.password);
  });
  afterAll(async () => t?.close());


  async function chain(orgId: string | null): Promise<AuditRow[]> {
    const q = db.selectFrom('audit_log').selectAll().orderBy('seq');
    const rows = await (orgId === null ? q.where('org_id', 'is', null) : q.where('org_id', '=', orgId)).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  async function last(orgId: string | null): Promise<AuditRow> {
    return (await chain(orgId)).at(-1)!;
  }

  const verify = () => asSystem(db, verifyAudit);

  /** Runs `tamper` and then verification in one transaction, and rolls it all back. */
  async function verifyAfter(tamper: (tx: Tx) => Promise<unknown>): Promise<AuditVerification> {
    try {
      await asSystem(db, async (tx) => {
        await tamper(tx);
        throw new RolledBack(await verifyAudit(tx));
      });
    } catch (err) {
      if (err instanceof RolledBack) return err.result;
      throw err;
    }
    throw new Error('unreachable');
  }

  /** An organisation with a chain of `n` site creations. */
  async function orgWithChain(n: number): Promise<{ org: SeededOrg; rows: AuditRow[] }> {
    const org = await seedOrg(t, 'community_organisation', ['admin']);
    const admin = await loggedIn(t, org, 'admin');
    for (let i = 0; i < n; i++) {
      expect((await admin.post(`/api/organisations/${org.orgId}/sites`, { name: `Điểm ${i}`, kind: 'online', provinceId: 'ha-noi' })).status).toBe(201);
    }
    return { org, rows: await chain(org.orgId) };
  }

  describe('every write appends who, role, organisation, action, entity, id and time', () => {
    it('for organisations, sites and people', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const adminId = org.users.admin!.userId;
      const expectRow = async (orgId: string | null, expected: Partial<AuditRow>, since: number) => {
        const row = await last(orgId);
        expect(row).toMatchObject(expected);
        expect(row.at.getTime()).toBeGreaterThanOrEqual(since - 1000);
        expect(row.at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
        return row;
      };
      let since = Date.now();

      const created = (await hubAdmin.post('/api/organisations', { name: uniqueName('Tổ chức Nhật Ký'), kind: 'clinic' })).body;
      await expectRow(null, { org_id: null, actor_user_id: hub.users.admin!.userId, actor_role: 'hub_admin', action: 'organisation.create', entity: 'organisation', entity_id: created.id }, since);

      since = Date.now();
      expect((await admin.patch(`/api/organisations/${org.orgId}`, { provinceId: 'hue' })).status).toBe(200);
      await expectRow(org.orgId, { actor_user_id: adminId, actor_role: 'admin', action: 'organisation.edit', entity: 'organisation', entity_id: org.orgId }, since);

      const site = (await admin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm Nhật Ký', kind: 'online', provinceId: 'hue' })).body;
      await expectRow(org.orgId, { org_id: org.orgId, actor_user_id: adminId, actor_role: 'admin', action: 'site.create', entity: 'site', entity_id: site.id }, since);
      expect((await admin.patch(`/api/organisations/${org.orgId}/sites/${site.id}`, { active: false })).status).toBe(200);
      await expectRow(org.orgId, { action: 'site.edit', entity: 'site', entity_id: site.id }, since);

      const user = (await admin.post(`/api/organisations/${org.orgId}/users`, { username: uniqueName('nk').toLowerCase(), password: TEST_PASSWORD, roles: ['fieldworker'] })).body;
      await expectRow(org.orgId, { actor_user_id: adminId, actor_role: 'admin', action: 'user.create', entity: 'user', entity_id: user.id }, since);
      const steps: [Record<string, unknown>, string][] = [
        [{ roles: ['fieldworker', 'trainer'] }, 'user.roles'],
        [{ displayName: 'Anh Ba', lang: 'en' }, 'user.edit'],
        [{ active: false }, 'user.deactivate'],
        [{ active: true }, 'user.reactivate'],
      ];
      for (const [patch, action] of steps) {
        expect((await admin.patch(`/api/organisations/${org.orgId}/users/${user.id}`, patch)).status).toBe(200);
        await expectRow(org.orgId, { action, entity: 'user', entity_id: user.id, actor_user_id: adminId }, since);
      }
      expect((await admin.post(`/api/organisations/${org.orgId}/users/${user.id}/reset-password`)).status).toBe(200);
      await expectRow(org.orgId, { action: 'user.password_reset', entity: 'user', entity_id: user.id }, since);

      const other = await seedOrg(t, 'community_organisation', ['trainer']);
      expect((await admin.post(`/api/organisations/${org.orgId}/members`, { username: other.users.trainer!.username, roles: ['trainer'] })).status).toBe(200);
      await expectRow(org.orgId, { action: 'user.roles', entity: 'user', entity_id: other.users.trainer!.userId }, since);

      // The hub's administrator acting inside a member organisation is recorded as such.
      expect((await hubAdmin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm Từ Hub', kind: 'online', provinceId: 'hue' })).status).toBe(201);
      await expectRow(org.orgId, { action: 'site.create', actor_user_id: hub.users.admin!.userId, actor_role: 'hub_admin' }, since);

      expect((await verify()).firstBreak).toBeNull();
    });

    it('for logins, failed logins, password changes and two-factor enrolment, in the network chain', async () => {
      const org = await seedOrg(t, 'community_organisation', ['fieldworker']);
      const person = org.users.fieldworker!;
      const c = new Client(t.baseUrl);
      await c.login(person.username, person.password);
      expect(await last(null)).toMatchObject({ org_id: null, actor_user_id: person.userId, action: 'login', entity: 'user', entity_id: person.userId });

      expect((await new Client(t.baseUrl).post('/api/auth/login', { username: person.username, password: 'wrong-password-here' })).status).toBe(401);
      expect(await last(null)).toMatchObject({ action: 'login.failed', actor_user_id: person.userId, entity_id: person.userId });

      const unknown = uniqueName('khong-ai').toLowerCase();
      expect((await new Client(t.baseUrl).post('/api/auth/login', { username: unknown, password: 'wrong-password-here' })).status).toBe(401);
      const failed = await last(null);
      expect(failed).toMatchObject({ action: 'login.failed', actor_user_id: null, entity_id: null });
      // An unknown username is not written down: it may be a mistyped password.
      expect(JSON.stringify(failed)).not.toContain(unknown);

      expect((await c.post('/api/auth/password', { currentPassword: person.password, newPassword: 'lotus-pagoda-lantern-58' })).status).toBe(200);
      expect(await last(null)).toMatchObject({ action: 'password.change', actor_user_id: person.userId });

      const enrol = await c.post('/api/auth/totp/enrol');
      expect((await c.post('/api/auth/totp/confirm', { code: totpCodeAt(enrol.body.secret, Date.now()) })).status).toBe(200);
      expect(await last(null)).toMatchObject({ action: 'totp.enable', actor_user_id: person.userId });

      expect((await c.patch('/api/me', { lang: 'en' })).status).toBe(200);
      expect(await last(null)).toMatchObject({ action: 'user.language', actor_user_id: person.userId, entity_id: person.userId });
      expect((await c.post('/api/auth/logout')).status).toBe(200);
      expect(await last(null)).toMatchObject({ action: 'logout', actor_user_id: person.userId, entity: 'session' });
    });

    it('writes nothing when the write is refused', async () => {
      const { org, rows } = await orgWithChain(1);
      const admin = await loggedIn(t, org, 'admin');
      expect((await admin.post(`/api/organisations/${org.orgId}/sites`, { name: 'Điểm 0', kind: 'online', provinceId: 'ha-noi' })).status).toBe(409);
      expect((await admin.patch(`/api/organisations/${org.orgId}/users/${org.users.admin!.userId}`, { roles: ['manager'] })).status).toBe(422);
      expect((await admin.post(`/api/organisations/${org.orgId}/sites`, { name: 'X', kind: 'online', provinceId: 'ha-noi' })).status).toBe(400);
      expect(await chain(org.orgId)).toEqual(rows);
    });

    it('holds no personal fields: no display names, passwords or usernames, only ids', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const username = uniqueName('rieng.tu').toLowerCase();
      const secretName = 'Nguyễn Văn Bí Mật';
      const user = (await admin.post(`/api/organisations/${org.orgId}/users`, { username, displayName: secretName, password: TEST_PASSWORD, roles: ['fieldworker'] })).body;
      await admin.patch(`/api/organisations/${org.orgId}/users/${user.id}`, { displayName: 'Trần Thị Kín Đáo' });
      const reset = (await admin.post(`/api/organisations/${org.orgId}/users/${user.id}/reset-password`)).body.temporaryPassword as string;
      await new Client(t.baseUrl).login(username, reset);

      const all = await db.selectFrom('audit_log').selectAll().execute();
      expect(Object.keys(all[0]!).sort()).toEqual(COLUMNS);
      const text = JSON.stringify(all);
      for (const secret of [secretName, 'Trần Thị Kín Đáo', TEST_PASSWORD, reset, username, 'scrypt$']) expect(text).not.toContain(secret);
    });
  });

  describe('the hash chain', () => {
    it('links each organisation’s rows from the genesis hash, and verifies', async () => {
      const { rows } = await orgWithChain(4);
      expect(rows.length).toBe(4);
      expect(rows[0]!.prev_hash).toBe(GENESIS);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
      for (const r of rows) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      const result = await verify();
      expect(result.firstBreak).toBeNull();
      expect(result.rows).toBeGreaterThanOrEqual(4);
    });

    const edits: [string, (row: AuditRow) => string][] = [
      ['action', () => `action = 'site.delete'`],
      ['actor', () => `actor_user_id = '01900000-0000-7000-8000-0000000000ee'`],
      ['role', () => `actor_role = 'hub_admin'`],
      ['entity id', () => `entity_id = 'something-else'`],
      ['entity', () => `entity = 'user'`],
      ['time', () => `at = at - interval '1 day'`],
      ['its own hash', () => `hash = '${'f'.repeat(64)}'`],
    ];
    it.each(edits)('reports the edited row when its %s is changed', async (_what, set) => {
      const { org, rows } = await orgWithChain(5);
      const target = rows[2]!;
      const result = await verifyAfter((tx) => sql.raw(`update audit_log set ${set(target)} where seq = ${target.seq}`).execute(tx));
      expect(result.firstBreak).toEqual({ chain: org.orgId, seq: target.seq, problem: 'hash_mismatch' });
      expect((await verify()).firstBreak).toBeNull();
    });

    it('reports a row whose link to the previous one was rewritten', async () => {
      const { org, rows } = await orgWithChain(4);
      const target = rows[1]!;
      const result = await verifyAfter((tx) => sql.raw(`update audit_log set prev_hash = '${'a'.repeat(64)}' where seq = ${target.seq}`).execute(tx));
      expect(result.firstBreak).toEqual({ chain: org.orgId, seq: target.seq, problem: 'broken_link' });
    });

    it('reports the row after a deleted one (middle and first)', async () => {
      const { org, rows } = await orgWithChain(5);
      const middle = await verifyAfter((tx) => sql.raw(`delete from audit_log where seq = ${rows[2]!.seq}`).execute(tx));
      expect(middle.firstBreak).toEqual({ chain: org.orgId, seq: rows[3]!.seq, problem: 'broken_link' });
      const first = await verifyAfter((tx) => sql.raw(`delete from audit_log where seq = ${rows[0]!.seq}`).execute(tx));
      expect(first.firstBreak).toEqual({ chain: org.orgId, seq: rows[1]!.seq, problem: 'broken_link' });
    });

    it('reports a row moved to another organisation’s chain', async () => {
      const a = await orgWithChain(3);
      const b = await orgWithChain(3);
      const moved = a.rows[1]!;
      const result = await verifyAfter((tx) => sql.raw(`update audit_log set org_id = '${b.org.orgId}' where seq = ${moved.seq}`).execute(tx));
      expect(result.firstBreak?.seq).toBe(moved.seq);
    });

    it('reports the first of several broken rows, across chains', async () => {
      const a = await orgWithChain(4);
      const b = await orgWithChain(4);
      const result = await verifyAfter(async (tx) => {
        await sql.raw(`update audit_log set action = 'x' where seq = ${b.rows[3]!.seq}`).execute(tx);
        await sql.raw(`update audit_log set action = 'x' where seq = ${a.rows[2]!.seq}`).execute(tx);
        await sql.raw(`delete from audit_log where seq = ${b.rows[1]!.seq}`).execute(tx);
      });
      expect(result.firstBreak).toEqual({ chain: a.org.orgId, seq: a.rows[2]!.seq, problem: 'hash_mismatch' });
    });

    it('stays intact with 20 sites created in parallel in one organisation', async () => {
      const org = await seedOrg(t, 'community_organisation', ['admin']);
      const admin = await loggedIn(t, org, 'admin');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          admin.post(`/api/organisations/${org.orgId}/sites`, { name: `Điểm song song ${i}`, kind: 'outreach_area', provinceId: 'hai-phong' }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      const rows = await chain(org.orgId);
      expect(rows).toHaveLength(20);
      expect(new Set(rows.map((r) => r.entity_id))).toEqual(new Set(results.map((r) => r.body.id)));
      expect(rows[0]!.prev_hash).toBe(GENESIS);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash, `row ${i}`).toBe(rows[i - 1]!.hash);
      expect((await verify()).firstBreak).toBeNull();
    });

    it('keeps the chains of different organisations independent, even when written at the same time', async () => {
      const a = await seedOrg(t, 'community_organisation', ['admin']);
      const b = await seedOrg(t, 'community_organisation', ['admin']);
      const [adminA, adminB] = [await loggedIn(t, a, 'admin'), await loggedIn(t, b, 'admin')];
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => [
          adminA.post(`/api/organisations/${a.orgId}/sites`, { name: `Điểm A${i}`, kind: 'online', provinceId: 'ha-noi' }),
          adminB.post(`/api/organisations/${b.orgId}/sites`, { name: `Điểm B${i}`, kind: 'online', provinceId: 'ha-noi' }),
        ]).flat(),
      );
      const [rowsA, rowsB] = [await chain(a.orgId), await chain(b.orgId)];
      expect([rowsA.length, rowsB.length]).toEqual([10, 10]);
      for (const rows of [rowsA, rowsB]) {
        expect(rows[0]!.prev_hash).toBe(GENESIS);
        for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
      }
      const hashesOfA = new Set(rowsA.map((r) => r.hash));
      for (const r of rowsB) expect(hashesOfA.has(r.prev_hash)).toBe(false);

      // Breaking A's chain names A, even though B's rows were written in between.
      const result = await verifyAfter((tx) => sql.raw(`update audit_log set entity_id = 'x' where seq = ${rowsA[4]!.seq}`).execute(tx));
      expect(result.firstBreak).toEqual({ chain: a.orgId, seq: rowsA[4]!.seq, problem: 'hash_mismatch' });
      expect((await verify()).firstBreak).toBeNull();
    });

    it('gives the same answer however many rows it reads at a time', async () => {
      const { org, rows } = await orgWithChain(4);
      const whole = await verify();
      for (const pageSize of [1, 2, 3, 7]) expect(await asSystem(db, (tx) => verifyAudit(tx, pageSize))).toEqual(whole);
      const broken = await verifyAfter(async (tx) => {
        await sql.raw(`delete from audit_log where seq = ${rows[1]!.seq}`).execute(tx);
        const paged = await verifyAudit(tx, 2);
        expect(paged.firstBreak).toEqual({ chain: org.orgId, seq: rows[2]!.seq, problem: 'broken_link' });
      });
      expect(broken.firstBreak).toEqual({ chain: org.orgId, seq: rows[2]!.seq, problem: 'broken_link' });
    });
  });
});
