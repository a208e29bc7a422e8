import { rmSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, TEST_PASSWORD } from '../helpers/app.ts';
import { cliDatabase, runCli, serverOn, type CliDatabase } from '../helpers/cli.ts';
import { testDialects } from '../helpers/dialects.ts';

interface DemoJson {
  organisations: { id: string; name: string; kind: string }[];
}

describe('fieldlab user add: arguments checked before the database is opened', () => {
  const env = { FIELDLAB_DATA_DIR: '/nonexistent/fieldlab-never-created', FIELDLAB_PASSWORD: TEST_PASSWORD };
  const cases: [string, string[], RegExp][] = [
    ['a username with spaces and marks', ['--username', 'tên sai', '--org', 'X', '--role', 'fieldworker'], /^fieldlab: username: /m],
    ['a too short username', ['--username', 'ab', '--org', 'X', '--role', 'fieldworker'], /username: at least 3 characters/],
    ['an unknown role', ['--username', 'lan', '--org', 'X', '--role', 'fieldworker,boss'], /unknown role "boss"; use: admin, manager/],
    ['an unknown language', ['--username', 'lan', '--org', 'X', '--role', 'trainer', '--lang', 'fr'], /unknown language "fr"/],
    ['a missing --org', ['--username', 'lan', '--role', 'trainer'], /required option '--org <organisation>'/],
    ['a missing --role', ['--username', 'lan', '--org', 'X'], /required option '--role <roles>'/],
  ];
  it.concurrent.for(cases)('refuses %s with a clear message and a non-zero exit', async ([, args, message], { expect }) => {
    const res = await runCli(['user', 'add', ...args], env);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
  });

  it('refuses to run without a password when it cannot ask for one', async () => {
    const res = await runCli(['user', 'add', '--username', 'lan', '--org', 'X', '--role', 'trainer'], { FIELDLAB_DATA_DIR: env.FIELDLAB_DATA_DIR });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/no password: set FIELDLAB_PASSWORD/);
  });
});

describe.each(testDialects())('fieldlab user add on %s', (dialect) => {
  let db: CliDatabase;
  let demo: DemoJson;
  let community: { id: string; name: string };

  beforeAll(async () => {
    db = await cliDatabase(dialect);
    const res = await runCli(['demo', '--json'], db.env);
    expect(res.code, res.stderr).toBe(0);
    demo = JSON.parse(res.stdout) as DemoJson;
    community = demo.organisations.find((o) => o.kind === 'community_organisation')!;
  });
  afterAll(() => {
    if (db) rmSync(db.dataDir, { recursive: true, force: true });
  });

  const add = (args: string[], password: string | undefined = TEST_PASSWORD) =>
    runCli(['user', 'add', ...args], { ...db.env, FIELDLAB_PASSWORD: password });

  it('adds an account by organisation name and by id, with several roles and a language', async () => {
    const byName = await add(['--username', 'Chi.Hoa', '--org', community.name, '--role', 'fieldworker, manager', '--lang', 'en']);
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toMatch(/^Added chi\.hoa \([0-9a-f-]{36}\) with roles fieldworker, manager\.$/m);

    const clinic = demo.organisations.find((o) => o.kind === 'clinic')!;
    const byId = await add(['--username', 'bac.si.minh', '--org', clinic.id, '--role', 'clinician']);
    expect(byId.code, byId.stderr).toBe(0);
  });

  it('refuses a taken username, a weak password and an unknown organisation, and adds nothing', async () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [['--username', 'chi.hoa', '--org', community.name, '--role', 'trainer'], TEST_PASSWORD, /The username "chi\.hoa" is taken/],
      [['--username', 'yeu.mk', '--org', community.name, '--role', 'trainer'], 'password1234', /too easy to guess/],
      [['--username', 'ngan.mk', '--org', community.name, '--role', 'trainer'], 'short1', /at least 10 characters/],
      [['--username', 'khong.org', '--org', 'Nhóm Không Tồn Tại', '--role', 'trainer'], TEST_PASSWORD, /no organisation "Nhóm Không Tồn Tại"/],
      [['--username', 'khong.id', '--org', '01900000-0000-7000-8000-0000000000ee', '--role', 'trainer'], TEST_PASSWORD, /no organisation/],
    ];
    for (const [args, password, message] of cases) {
      const res = await add(args, password);
      expect(res.code, args.join(' ')).not.toBe(0);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).not.toContain(password ?? '\u0000');
    }
  });

  it('the added accounts log in over HTTP with their roles; the refused ones do not exist', async () => {
    const server = await serverOn(db);
    try {
      const c = new Client(server.baseUrl);
      const me = await c.login('chi.hoa', TEST_PASSWORD);
      expect(me.user.lang).toBe('en');
      expect(me.organisations).toEqual([expect.objectContaining({ id: community.id, roles: expect.arrayContaining(['fieldworker', 'manager']) })]);
      expect(me.organisations[0].roles).toHaveLength(2);
      expect((await new Client(server.baseUrl).login('bac.si.minh', TEST_PASSWORD)).organisations[0].roles).toEqual(['clinician']);
      for (const [username, password] of [
        ['yeu.mk', 'password1234'],
        ['ngan.mk', 'short1'],
        ['khong.org', TEST_PASSWORD],
        ['khong.id', TEST_PASSWORD],
      ]) {
        expect((await new Client(server.baseUrl).post('/api/auth/login', { username, password })).status, username).toBe(401);
      }
    } finally {
      await server.close();
    }
  });

  it('records each addition in the organisation’s audit chain, which still verifies', async () => {
    const query = `select action, actor_role, actor_user_id from audit_log where org_id = '${community.id}' and actor_role = 'cli'`;
    let rows: Record<string, unknown>[];
    if (db.databaseUrl) {
      const client = new pg.Client({ connectionString: db.databaseUrl });
      await client.connect();
      rows = (await client.query(query)).rows;
      await client.end();
    } else {
      const lite = new PGlite(path.join(db.dataDir, 'pglite'));
      rows = (await lite.query<Record<string, unknown>>(query)).rows;
      await lite.close();
    }
    expect(rows).toEqual([{ action: 'user.create', actor_role: 'cli', actor_user_id: null }]);
    const verify = await runCli(['audit', 'verify'], db.env);
    expect(verify.code, verify.stderr).toBe(0);
  });
});
