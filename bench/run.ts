/**
 * Figures, not pass/fail: `npm run bench` prints how fast the API answers on PGlite and on
 * PostgreSQL (a throw-away cluster, or BENCH_DATABASE_URL), the sync ingest rate against raw
 * inserts (bench/sync-ingest.ts), the indicator dashboards on a generated network of 100,000 clients
 * (bench/indicators.ts), and how large the web app's first load is (bench/web-size.ts).
 * Each figure names what it measures, so runs can be compared over time.
 */
import { randomBytes } from 'node:crypto';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { connect, migrate, type DbKind } from '../src/server/db/connect.ts';
import { createCrypto } from '../src/server/db/crypto.ts';
import { asSystem } from '../src/server/db/scope.ts';
import { insertOrganisation } from '../src/server/organisations/store.ts';
import { VERSION } from '../src/server/runtime.ts';
import { insertUser } from '../src/server/users/store.ts';

import { onEachDatabase } from './databases.ts';
import { benchIndicators } from './indicators.ts';
import { benchSyncIngest } from './sync-ingest.ts';
import { benchWebSize } from './web-size.ts';

const PASSWORD = 'bench-lantern-orchard-71';

async function timed(label: string, count: number, concurrency: number, one: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const started = performance.now();
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await one(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(`  ${label.padEnd(48)} ${String(Math.round(count / seconds)).padStart(6)} req/s   p50 ${p(0.5)} ms   p95 ${p(0.95)} ms   (n=${count}, concurrency ${concurrency})`);
}

async function benchDatabase(kind: DbKind, databaseUrl?: string): Promise<void> {
  console.log(`\n${kind}`);
  const db = await connect({ databaseUrl, dataDir: 'memory' });
  await migrate(db);
  const crypto = createCrypto(randomBytes(32));
  const config = { ...loadConfig({}), logLevel: 'silent', databaseUrl };
  const app = await buildApp({ db, crypto, config, version: VERSION }, { logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const orgId = await asSystem(db.kysely, async (tx) => {
    const org = await insertOrganisation(tx, { name: 'Bench org', kind: 'community_organisation', provinceId: 'ha-noi', timeZone: 'Asia/Ho_Chi_Minh' });
    await insertUser(tx, crypto, { username: 'bench', displayName: null, password: PASSWORD, lang: 'vi', roles: [{ orgId: org.id, role: 'admin' }] });
    return org.id;
  });
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const get = async (p: string) => {
    const res = await fetch(base + p, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
    await res.arrayBuffer();
  };
  await timed('GET /api/health', 2000, 10, () => get('/api/health'));
  await timed('GET /api/me (session + roles)', 2000, 10, () => get('/api/me'));
  await timed(`GET /api/organisations/:id/users (scoped, RLS)`, 2000, 10, () => get(`/api/organisations/${orgId}/users`));
  await timed('POST sites (write + audit chain)', 500, 10, async (i) => {
    const res = await fetch(`${base}/api/organisations/${orgId}/sites`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Điểm ${i}`, kind: 'outreach_area', provinceId: 'ha-noi' }),
    });
    if (res.status !== 201) throw new Error(`site: ${res.status}`);
    await res.arrayBuffer();
  });
  await timed('POST /api/auth/login (scrypt N=2^15)', 40, 2, async () => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: PASSWORD }) });
    await res.arrayBuffer();
  });
  await app.close();
  await db.close();
}

console.log(`Fieldlab ${VERSION} bench, ${new Date().toISOString()}, node ${process.version}`);
await onEachDatabase('api', benchDatabase);
await onEachDatabase('sync', benchSyncIngest);
await benchIndicators();
benchWebSize();
