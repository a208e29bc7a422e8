import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPasswordStrength } from '../../src/core/auth/password-policy.ts';
import { ROLES } from '../../src/core/auth/roles.ts';
import { LATEST_MIGRATION, MIGRATIONS } from '../../src/server/db/migrations/index.ts';
import { Client, createPostgresDatabase } from '../helpers/app.ts';
import { cliDatabase, runCli, serverOn, type CliDatabase } from '../helpers/cli.ts';
import { testDialects } from '../helpers/dialects.ts';

interface DemoJson {
  organisations: { id: string; name: string; kind: string }[];
  users: { username: string; password: string; roles: { orgId: string; role: string }[] }[];
}

/** Runs SQL on the CLI's database from outside the CLI (after it has exited, for PGlite). */
async function withSql<T>(db: CliDatabase, work: (query: (text: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  if (db.databaseUrl) {
    const client = new pg.Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      return await work(async (text) => (await client.query(text)).rows);
    } finally {
      await client.end();
    }
  }
  const lite = new PGlite(path.join(db.dataDir, 'pglite'));
  try {
    return await work(async (text) => (await lite.query<Record<string, unknown>>(text)).rows);
  } finally {
    await lite.close();
  }
}

describe.each(testDialects())('fieldlab migrate, demo and audit verify on %s', (dialect) => {
  let db: CliDatabase;
  let demo: DemoJson;

  beforeAll(async () => {
    db = await cliDatabase(dialect);
  });

  it('migrate brings an empty database to the latest version, then has nothing to do', async () => {
    const first = await runCli(['migrate'], db.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Database (${dialect}) is at ${LATEST_MIGRATION}`);
    for (const name of Object.keys(MIGRATIONS)) expect(first.stdout).toContain(name);

    const again = await runCli(['migrate'], db.env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`is at ${LATEST_MIGRATION}; applied: nothing to apply.`);
  });

  it('demo --json prints exactly the organisations and the accounts it made', async () => {
    const res = await runCli(['demo', '--json'], db.env);
    expect(res.code, res.stderr).toBe(0);
    demo = JSON.parse(res.stdout) as DemoJson;

    expect(Object.keys(demo).sort()).toEqual(['organisations', 'users']);
    for (const o of demo.organisations) {
      expect(Object.keys(o).sort()).toEqual(['id', 'kind', 'name']);
      expect(o.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    for (const u of demo.users) {
      expect(Object.keys(u).sort()).toEqual(['password', 'roles', 'username']);
      for (const r of u.roles) expect(Object.keys(r).sort()).toEqual(['orgId', 'role']);
    }

    const kinds = demo.organisations.map((o) => o.kind).sort();
    expect(kinds).toEqual(['clinic', 'community_organisation', 'community_organisation', 'community_organisation', 'network_hub']);
    const community = demo.organisations.filter((o) => o.kind === 'community_organisation').map((o) => o.name);
    for (const city of ['Hà Nội', 'Hồ Chí Minh', 'Hải Phòng']) expect(community.some((n) => n.includes(city)), city).toBe(true);

    expect(demo.users.length).toBeGreaterThanOrEqual(8);
    expect(demo.users.length).toBeLessThanOrEqual(15);
    expect(new Set(demo.users.map((u) => u.username)).size).toBe(demo.users.length);
    expect(new Set(demo.users.flatMap((u) => u.roles.map((r) => r.role)))).toEqual(new Set(ROLES));
    const orgIds = new Set(demo.organisations.map((o) => o.id));
    for (const u of demo.users) {
      expect(u.roles.length).toBeGreaterThan(0);
      for (const r of u.roles) expect(orgIds.has(r.orgId)).toBe(true);
      expect(checkPasswordStrength(u.password, [u.username])).toEqual({ ok: true });
    }
    const hub = demo.organisations.find((o) => o.kind === 'network_hub')!;
    expect(demo.users.some((u) => u.roles.some((r) => r.orgId === hub.id && r.role === 'admin'))).toBe(true);
  });

  it('demo refuses a database that is not empty, with a clear message, and writes nothing', async () => {
    const res = await runCli(['demo'], db.env);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/not empty/);
    expect(res.stdout).toBe('');
    const counts = await withSql(db, (q) => q(`select (select count(*) from organisations) as orgs, (select count(*) from users) as users, (select count(*) from network) as networks`));
    expect(Number(counts[0]!.orgs)).toBe(demo.organisations.length);
    expect(Number(counts[0]!.users)).toBe(demo.users.length);
    expect(Number(counts[0]!.networks)).toBe(1);
  });

  it('every printed account logs in over HTTP with its printed roles, and the community organisations have sites', async () => {
    const server = await serverOn(db);
    try {
      for (const u of demo.users) {
        const c = new Client(server.baseUrl);
        const me = await c.login(u.username, u.password);
        const got = me.organisations.flatMap((o: { id: string; roles: string[] }) => o.roles.map((role) => `${o.id}:${role}`)).sort();
        expect(got, u.username).toEqual(u.roles.map((r) => `${r.orgId}:${r.role}`).sort());
      }
      const hubAdmin = demo.users.find((u) => u.roles.some((r) => r.role === 'admin' && r.orgId === demo.organisations.find((o) => o.kind === 'network_hub')!.id))!;
      const c = new Client(server.baseUrl);
      await c.login(hubAdmin.username, hubAdmin.password);
      const provinceOf: Record<string, string> = { 'Hà Nội': 'ha-noi', 'Hồ Chí Minh': 'ho-chi-minh', 'Hải Phòng': 'hai-phong' };
      for (const o of demo.organisations.filter((x) => x.kind !== 'network_hub')) {
        const sites = (await c.get(`/api/organisations/${o.id}/sites`)).body as { provinceId: string }[];
        expect(sites.length, o.name).toBeGreaterThan(0);
        const city = Object.keys(provinceOf).find((name) => o.name.includes(name));
        if (city) expect(sites.every((s) => s.provinceId === provinceOf[city])).toBe(true);
      }
    } finally {
      await server.close();
    }
  });

  it('audit verify finds the demo’s log intact', async () => {
    const res = await runCli(['audit', 'verify'], db.env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Audit log intact: \d+ rows in \d+ chains\.$/m);
  });

  it('audit verify names the first broken row after one is edited, then after an earlier one is deleted', async () => {
    const rows = await withSql(db, (q) => q(`select seq, org_id from audit_log order by seq`));
    // A row in the middle of a chain that has rows before and after it.
    const chains = new Map<string, number[]>();
    for (const r of rows) {
      const key = (r.org_id as string | null) ?? 'network';
      chains.set(key, [...(chains.get(key) ?? []), Number(r.seq)]);
    }
    const [chain, seqs] = [...chains.entries()].find(([, s]) => s.length >= 5)!;
    const edited = seqs[3]!;
    const deleted = seqs[1]!;

    await withSql(db, (q) => q(`update audit_log set action = 'site.delete' where seq = ${edited}`));
    const afterEdit = await runCli(['audit', 'verify'], db.env);
    expect(afterEdit.code).toBe(1);
    expect(afterEdit.stderr).toContain(`Audit log BROKEN at row ${edited} (chain ${chain})`);
    expect(afterEdit.stderr).toMatch(/edited/);

    await withSql(db, (q) => q(`delete from audit_log where seq = ${deleted}`));
    const afterDelete = await runCli(['audit', 'verify'], db.env);
    expect(afterDelete.code).toBe(1);
    expect(afterDelete.stderr).toContain(`Audit log BROKEN at row ${seqs[2]} (chain ${chain})`);
    expect(afterDelete.stderr).toMatch(/deleted or changed/);
  });

  it('demo refuses with NODE_ENV=production and writes nothing at all', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldlab-prod-'));
    const env: Record<string, string> = { FIELDLAB_DATA_DIR: dataDir, NODE_ENV: 'production' };
    const databaseUrl = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    const res = await runCli(['demo', '--json'], env);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/production/);
    expect(res.stdout).toBe('');
    expect(readdirSync(dataDir)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const tables = await client.query(`select tablename from pg_tables where schemaname = 'public'`);
      await client.end();
      expect(tables.rows).toEqual([]);
    } else {
      expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
    }
  });

  // The printed form does not depend on the database: checked on the first dialect only.
  it.runIf(dialect === testDialects()[0])('demo without --json prints every account’s username and password for a person to read', async () => {
    const fresh = await cliDatabase(dialect);
    try {
      const res = await runCli(['demo'], fresh.env);
      expect(res.code, res.stderr).toBe(0);
      const accounts = res.stdout.split('\n').filter((line) => /^ {2}\S+ +[a-z2-9]{4}(-[a-z2-9]{4}){3} {2}\S/.test(line));
      expect(accounts.length).toBeGreaterThanOrEqual(8);
      for (const username of demo.users.map((u) => u.username)) expect(accounts.some((line) => line.trim().startsWith(`${username} `)), username).toBe(true);
      for (const role of ROLES) expect(res.stdout).toContain(`${role} @ `);
      expect(res.stdout).toMatch(/invented/);
    } finally {
      rmSync(fresh.dataDir, { recursive: true, force: true });
    }
  });

  afterAll(() => {
    // PostgreSQL databases go with the test cluster.
    if (db) rmSync(db.dataDir, { recursive: true, force: true });
  });
});
