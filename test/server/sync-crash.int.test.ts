import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_SCHEMA_VERSION } from '../../src/core/sync/protocol.ts';
import { Client, createPostgresDatabase } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin/fieldlab.js');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The server killed with SIGKILL in the middle of a large push (no chance to clean up), then
 * restarted on the same database: pushing the same batch again applies each mutation exactly once.
 */
describe.each(testDialects())('a push cut by kill -9 on %s', (dialect) => {
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  let server: ChildProcess | undefined;
  let port: number;
  let fieldworker: { username: string; password: string; orgId: string };

  const start = async () => {
    port = await freePort();
    server = spawn(process.execPath, [CLI, 'serve'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    for (let i = 0; i < 200; i++) {
      if (server.exitCode !== null) throw new Error(`server exited: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not start: ${stderr}`);
  };
  const kill9 = async () => {
    const s = server!;
    if (s.exitCode === null) {
      const exited = new Promise((r) => s.once('exit', r));
      s.kill('SIGKILL');
      await exited;
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'fieldlab-crash-'));
    env = { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', LOG_LEVEL: 'warn', FIELDLAB_DATA_DIR: dataDir, FIELDLAB_SECRET_KEY: randomBytes(32).toString('base64') };
    delete env.DATABASE_URL;
    if (dialect === 'postgres') env.DATABASE_URL = await createPostgresDatabase();
    const demo = spawnSync(process.execPath, [CLI, 'demo', '--json'], { env, encoding: 'utf8' });
    expect(demo.status, demo.stderr).toBe(0);
    const out = JSON.parse(demo.stdout) as { users: { username: string; password: string; roles: { orgId: string; role: string }[] }[] };
    const fw = out.users.find((u) => u.roles.some((r) => r.role === 'fieldworker'))!;
    fieldworker = { username: fw.username, password: fw.password, orgId: fw.roles.find((r) => r.role === 'fieldworker')!.orgId };
    await start();
  });
  afterAll(async () => {
    if (server) await kill9();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies every mutation exactly once after the restart', async () => {
    const outcomes: string[] = [];
    for (const [round, delayMs] of [5, 60, 150, 400].entries()) {
      const client = new Client(`http://127.0.0.1:${port}`);
      await client.login(fieldworker.username, fieldworker.password);
      const deviceId = uuidv7();
      const pull = await client.get(`/api/sync/pull?deviceId=${deviceId}&orgId=${fieldworker.orgId}&cookie=0`);
      const siteId = pull.body.sites[0].id as string;
      const clientId = uuidv7();
      const at = new Date(Date.now() - 3600_000).toISOString();
      const mutation = (id: number, name: string, args: unknown) => ({ id, name, args, clientTime: at, schemaVersion: SYNC_SCHEMA_VERSION });
      const mutations = [
        mutation(1, 'registerClient', {
          clientId,
          uic: `KIMIF9${round}`,
          profile: { nickname: null, phone: null, birthYear: 1992, sexAtBirth: 'F', genderIdentity: 'woman', keyPopulations: [], substances: ['methamphetamine'], routes: ['smoke'], provinceId: 'ha-noi', siteId, referralSource: 'walk_in' },
          consents: [{ kind: 'services', given: true }],
        }),
        ...Array.from({ length: 499 }, (_, i) =>
          mutation(i + 2, 'recordContact', { contactId: uuidv7(), clientId, siteId, at, mode: 'drop_in', services: ['information'], commodities: [], iec: [], notes: `lần ${i}`, followUpOn: null }),
        ),
      ];
      const body = { deviceId, orgId: fieldworker.orgId, mutations };

      const inFlight = client.post('/api/sync/push', body).then((r) => r.status, () => 'cut');
      await new Promise((r) => setTimeout(r, delayMs));
      await kill9();
      const first = await inFlight;
      await start();

      const again = new Client(`http://127.0.0.1:${port}`);
      await again.login(fieldworker.username, fieldworker.password);
      const res = await again.post('/api/sync/push', body);
      expect(res.status).toBe(200);
      expect(res.body.lastMutationId).toBe(500);
      const statuses = new Set(res.body.results.map((r: { status: string }) => r.status));
      // Either the first push committed entirely (all already processed) or not at all (all applied).
      expect(statuses.size).toBe(1);
      outcomes.push(`${first}/${[...statuses][0]}`);

      const record = await again.get(`/api/organisations/${fieldworker.orgId}/clients/${clientId}`);
      expect(record.status).toBe(200);
      expect(record.body.contacts).toHaveLength(499);
      expect(new Set(record.body.contacts.map((c: { id: string }) => c.id)).size).toBe(499);
    }
    // At least one push must really have been cut before its answer, or this test proved nothing.
    expect(outcomes.some((o) => o.startsWith('cut'))).toBe(true);
    console.log(`kill -9 outcomes on ${dialect} (first push / resend): ${outcomes.join(', ')}`);
  });
});
