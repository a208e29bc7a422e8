import { v7 as uuidv7 } from 'uuid';
import { addStarterCatalogue } from '../../src/server/catalogue/store.ts';
import { asSystem, inOrg } from '../../src/server/db/scope.ts';
import { insertSite } from '../../src/server/organisations/store.ts';
import { SYNC_SCHEMA_VERSION, type MutationEnvelope } from '../../src/core/sync/protocol.ts';
import { seedOrg, uniqueName, type SeededOrg, type TestApp } from './app.ts';

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
