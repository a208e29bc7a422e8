/**
 * Sync ingest (issue #3): 10,000 `recordContact` mutations from 20 devices in batches of 500,
 * through the real HTTP push, on PGlite and on PostgreSQL; and, in the same run and database, the
 * raw multi-row INSERT rate for contact rows of the same shape. Goal: ingest ≥ 30% of raw on
 * PostgreSQL. Run alone with `npx tsx bench/sync-ingest.ts`, or with everything by `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { v7 as uuidv7 } from 'uuid';
import { SYNC_SCHEMA_VERSION } from '../src/core/sync/protocol.ts';
import { buildApp } from '../src/server/app.ts';
import { addStarterCatalogue } from '../src/server/catalogue/store.ts';
import { loadConfig } from '../src/server/config.ts';
import { connect, migrate, type DbKind } from '../src/server/db/connect.ts';
import { createCrypto } from '../src/server/db/crypto.ts';
import { asSystem, inOrg } from '../src/server/db/scope.ts';
import { insertOrganisation, insertSite } from '../src/server/organisations/store.ts';
import { VERSION } from '../src/server/runtime.ts';
import { insertUser } from '../src/server/users/store.ts';
import { onEachDatabase } from './databases.ts';

const DEVICES = 20;
const PER_DEVICE = 500;
const BATCH = 500;
const CLIENTS_PER_DEVICE = 10;
const PASSWORD = 'bench-lantern-orchard-71';

export async function benchSyncIngest(kind: DbKind, databaseUrl?: string): Promise<void> {
  const db = await connect({ databaseUrl, dataDir: 'memory' });
  await migrate(db);
  const crypto = createCrypto(randomBytes(32));
  const app = await buildApp({ db, crypto, config: { ...loadConfig({}), logLevel: 'silent', databaseUrl }, version: VERSION }, { logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  const { orgId, siteId, users } = await asSystem(db.kysely, async (tx) => {
    const org = await insertOrganisation(tx, { name: 'Bench sync org', kind: 'community_organisation', provinceId: 'ha-noi', timeZone: 'Asia/Ho_Chi_Minh' });
    const site = await insertSite(tx, org.id, { name: 'Bench site', kind: 'drop_in_centre', provinceId: 'ha-noi' });
    const users: string[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const username = `bench-worker-${i}`;
      await insertUser(tx, crypto, { username, displayName: null, password: PASSWORD, lang: 'vi', roles: [{ orgId: org.id, role: 'fieldworker' }] });
      users.push(username);
    }
    return { orgId: org.id, siteId: site.id, users };
  });
  const itemId = await inOrg(db.kysely, orgId, async (tx) => {
    await addStarterCatalogue(tx, orgId);
    return (await tx.selectFrom('catalogue_items').select('id').where('org_id', '=', orgId).where('kind', '=', 'commodity').executeTakeFirstOrThrow()).id;
  });

  const at = new Date(Date.now() - 86_400_000).toISOString();
  const contactArgs = (clientId: string, i: number) => ({
    contactId: uuidv7(),
    clientId,
    siteId,
    at,
    mode: 'street_outreach',
    services: ['information', 'commodities', 'brief_motivational'],
    commodities: [{ itemId, quantity: 1 + (i % 5) }],
    iec: [],
    notes: `Ghi chú thử nghiệm số ${i}`,
    followUpOn: null,
  });

  // Each device logs in and registers its clients first (not timed).
  const devices = await Promise.all(
    users.map(async (username, d) => {
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const deviceId = uuidv7();
      const clients = Array.from({ length: CLIENTS_PER_DEVICE }, () => uuidv7());
      let seq = 0;
      const envelope = (name: string, args: unknown) => ({ id: ++seq, name, args, clientTime: at, schemaVersion: SYNC_SCHEMA_VERSION });
      const push = async (mutations: unknown[]) => {
        const res = await fetch(`${base}/api/sync/push`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ deviceId, orgId, mutations }) });
        const body = (await res.json()) as { results: { status: string }[] };
        if (res.status !== 200 || body.results.some((r) => r.status !== 'applied')) throw new Error(`push failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      };
      await push(
        clients.map((clientId, c) =>
          envelope('registerClient', {
            clientId,
            uic: `B${String.fromCharCode(65 + (d % 26))}${String.fromCharCode(65 + c)}AM${String(d).padStart(2, '0')}`,
            profile: { nickname: null, phone: null, birthYear: 1990, sexAtBirth: 'M', genderIdentity: 'man', keyPopulations: [], substances: ['methamphetamine'], routes: ['smoke'], provinceId: 'ha-noi', siteId, referralSource: 'outreach' },
            consents: [{ kind: 'services', given: true }],
          }),
        ),
      );
      const batches: unknown[][] = [];
      for (let i = 0; i < PER_DEVICE; i += BATCH) {
        batches.push(Array.from({ length: Math.min(BATCH, PER_DEVICE - i) }, (_, j) => envelope('recordContact', contactArgs(clients[(i + j) % clients.length]!, i + j))));
      }
      return { push, batches, clients };
    }),
  );

  const t0 = performance.now();
  await Promise.all(devices.map(async (d) => { for (const b of d.batches) await d.push(b); }));
  const ingestSeconds = (performance.now() - t0) / 1000;
  const total = DEVICES * PER_DEVICE;

  // Raw: the same number of contact rows, same columns and sizes, multi-row INSERTs of BATCH rows.
  const client = devices[0]!.clients[0]!;
  const recordedBy = (await asSystem(db.kysely, (tx) => tx.selectFrom('users').select('id').executeTakeFirstOrThrow())).id;
  const t1 = performance.now();
  for (let i = 0; i < total; i += BATCH) {
    await inOrg(db.kysely, orgId, (tx) =>
      tx
        .insertInto('contacts')
        .values(
          Array.from({ length: BATCH }, (_, j) => {
            const a = contactArgs(client, i + j);
            return {
              id: a.contactId,
              org_id: orgId,
              client_id: client,
              site_id: siteId,
              at,
              mode: a.mode,
              services: a.services,
              commodities: JSON.stringify(a.commodities),
              iec: '[]',
              notes_enc: crypto.encrypt(a.notes),
              follow_up_on: null,
              recorded_by: recordedBy,
              device_id: null,
              version: 0,
            };
          }),
        )
        .execute(),
    );
  }
  const rawSeconds = (performance.now() - t1) / 1000;

  const ingestRate = total / ingestSeconds;
  const rawRate = total / rawSeconds;
  console.log(`\nsync ingest on ${kind}`);
  console.log(`  push: ${total} recordContact mutations, ${DEVICES} devices, batches of ${BATCH}: ${Math.round(ingestRate)} mutations/s (${ingestSeconds.toFixed(2)} s)`);
  console.log(`  raw multi-row INSERT of the same rows:               ${Math.round(rawRate)} rows/s (${rawSeconds.toFixed(2)} s)`);
  console.log(`  ingest / raw: ${((ingestRate / rawRate) * 100).toFixed(0)}%   (goal on PostgreSQL: ≥ 30%)`);
  await app.close();
  await db.close();
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  await onEachDatabase('sync', benchSyncIngest);
}
