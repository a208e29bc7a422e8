import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/server/config.ts';
import type { AppContext } from '../../src/server/context.ts';
import { connect, migrate, type DbKind } from '../../src/server/db/connect.ts';
import { createCrypto } from '../../src/server/db/crypto.ts';
import { VERSION } from '../../src/server/runtime.ts';
import { addStarterCatalogue } from '../../src/server/catalogue/store.ts';
import { asSystem, inOrg } from '../../src/server/db/scope.ts';
import { insertSite } from '../../src/server/organisations/store.ts';
import { SYNC_SCHEMA_VERSION, type MutationEnvelope } from '../../src/core/sync/protocol.ts';
import { createPostgresDatabase, listenTestApp, seedOrg, uniqueName, type SeededOrg, type TestApp } from './app.ts';

export interface FieldOrg extends SeededOrg {
  siteId: string;
  /** Active catalogue items: [commodity, iec]. */
  commodityId: string;
  iecId: string;
}

/** An organisation ready for field work: a fieldworker and a manager, a drop-in site, the starter catalogue. */
export async function seedFieldOrg(t: TestApp, roles: Parameters<typeof seedOrg>[2] = ['admin', 'manager', 'fieldworker']): Promise<FieldOrg> {
  const org = await seedOrg(t, 'community_organisation', roles);
  const site = await asSystem(t.ctx.db.kysely, (tx) => insertSite(tx, org.orgId, { name: uniqueName('Điểm tiếp cận'), kind: 'drop_in_centre', provinceId: 'ha-noi' }));
  const items = await inOrg(t.ctx.db.kysely, org.orgId, async (tx) => {
    await addStarterCatalogue(tx, org.orgId);
    return tx.selectFrom('catalogue_items').select(['id', 'kind']).where('org_id', '=', org.orgId).execute();
  });
  return { ...org, siteId: site.id, commodityId: items.find((i) => i.kind === 'commodity')!.id, iecId: items.find((i) => i.kind === 'iec')!.id };
}

/** Builds a device's numbered mutations, as the web app's outbox does. */
export class Device {
  readonly id = uuidv7();
  private seq = 0;
  constructor(readonly org: FieldOrg) {}

  mutation(name: string, args: unknown): MutationEnvelope {
    this.seq += 1;
    return { id: this.seq, name, args, clientTime: new Date().toISOString(), schemaVersion: SYNC_SCHEMA_VERSION };
  }

  push(mutations: MutationEnvelope[]) {
    return { deviceId: this.id, orgId: this.org.orgId, mutations };
  }

  registerClient(uic: string, overrides: Record<string, unknown> = {}) {
    const clientId = uuidv7();
    return {
      clientId,
      m: this.mutation('registerClient', {
        clientId,
        uic,
        profile: {
          nickname: 'Bống',
          phone: null,
          birthYear: 1995,
          sexAtBirth: 'M',
          genderIdentity: 'man',
          keyPopulations: ['msm'],
          substances: ['methamphetamine'],
          routes: ['smoke'],
          provinceId: 'ha-noi',
          siteId: this.org.siteId,
          referralSource: 'outreach',
        },
        consents: [
          { kind: 'services', given: true },
          { kind: 'research', given: false },
        ],
        ...overrides,
      }),
    };
  }

  recordContact(clientId: string, overrides: Record<string, unknown> = {}) {
    const contactId = uuidv7();
    return {
      contactId,
      m: this.mutation('recordContact', {
        contactId,
        clientId,
        siteId: this.org.siteId,
        at: new Date(Date.now() - 60_000).toISOString(),
        mode: 'street_outreach',
        services: ['information', 'commodities'],
        commodities: [{ itemId: this.org.commodityId, quantity: 3 }],
        iec: [{ itemId: this.org.iecId, quantity: 1 }],
        notes: 'Ngủ kém ba đêm, hẹn gặp lại',
        followUpOn: null,
        ...overrides,
      }),
    };
  }
}

/**
 * A server that can be restarted on the same database, as after a crash or a deploy: PGlite in a
 * folder of its own, or one PostgreSQL database; the same secret key each time.
 */
export async function startDurableApp(dialect: DbKind): Promise<{ t: TestApp; restart(): Promise<void>; close(): Promise<void> }> {
  const databaseUrl = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const dataDir = dialect === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'fieldlab-durable-')) : 'memory';
  const key = randomBytes(32);
  const open = async (): Promise<TestApp> => {
    const db = await connect({ databaseUrl, dataDir });
    await migrate(db);
    const ctx: AppContext = { db, crypto: createCrypto(key), config: { ...loadConfig({}), logLevel: 'silent', databaseUrl }, version: VERSION };
    return listenTestApp(dialect, ctx, { logger: false, serveWeb: false });
  };
  const handle = {
    t: await open(),
    async restart() {
      await handle.t.close();
      handle.t = await open();
    },
    async close() {
      await handle.t.close();
      if (dialect === 'pglite') rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
