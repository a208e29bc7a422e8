import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Service } from '../../src/core/contacts/schema.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertSite } from '../../src/server/organisations/store.ts';
import { seedOrg, uniqueName, type TestApp } from './app.ts';

/**
 * Hand-made datasets for the indicator SQL (issue #6 tests): rows written straight into the tables
 * with chosen times, so every expected figure can be worked out by hand. Invented people only:
 * a UIC here is random letters, never built from anyone's parents' names.
 */

export interface ReportingOrg {
  orgId: string;
  /** Two sites: [Hà Nội drop-in, Hải Phòng outreach]. */
  siteIds: [string, string];
  /** The manager account, also the recorder of every row. */
  userId: string;
  users: Awaited<ReturnType<typeof seedOrg>>['users'];
  commodityIds: [string, string];
  iecId: string;
}

/** An organisation with two sites in two provinces, a manager, and a tiny catalogue of its own. */
export async function seedReportingOrg(t: TestApp, roles: Parameters<typeof seedOrg>[2] = ['manager']): Promise<ReportingOrg> {
  const org = await seedOrg(t, 'community_organisation', roles);
  const userId = Object.values(org.users)[0]!.userId;
  return asSystem(t.ctx.db.kysely, async (tx) => {
    const a = await insertSite(tx, org.orgId, { name: uniqueName('Điểm Hà Nội'), kind: 'drop_in_centre', provinceId: 'ha-noi' });
    const b = await insertSite(tx, org.orgId, { name: uniqueName('Điểm Hải Phòng'), kind: 'outreach_area', provinceId: 'hai-phong' });
    const item = async (kind: 'commodity' | 'iec', name: string) => {
      const id = uuidv7();
      await tx.insertInto('catalogue_items').values({ id, org_id: org.orgId, kind, name_vi: `${name} ${id.slice(-6)}`, name_en: `${name} (en)`, unit: 'cái', category: 'test', version: 1 }).execute();
      return id;
    };
    return { orgId: org.orgId, siteIds: [a.id, b.id], userId, users: org.users, commodityIds: [await item('commodity', 'Bao cao su'), await item('commodity', 'Bộ dụng cụ hút')], iecId: await item('iec', 'Tờ rơi') };
  });
}

export interface ClientSpec {
  birthYear?: number | null;
  sexAtBirth?: 'M' | 'F' | null;
  genderIdentity?: string;
  keyPopulations?: string[];
  provinceId?: string;
  /** Index into org.siteIds; 0 by default. */
  site?: 0 | 1;
  registeredAt?: string;
  mergedInto?: string | null;
}

/** A client row with invented attributes; returns its id. */
export async function addClient(t: TestApp, org: ReportingOrg, spec: ClientSpec = {}): Promise<string> {
  const id = uuidv7();
  const hmac = randomBytes(16).toString('hex');
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx
      .insertInto('clients')
      .values({
        id,
        org_id: org.orgId,
        site_id: org.siteIds[spec.site ?? 0],
        uic_hmac: hmac,
        uic_near_hmacs: [],
        uic_enc: t.ctx.crypto.encrypt(`ZZ${randomBytes(3).toString('hex').toUpperCase()}`),
        birth_year: spec.birthYear === undefined ? 1995 : spec.birthYear,
        sex_at_birth: spec.sexAtBirth === undefined ? 'M' : spec.sexAtBirth,
        gender_identity: spec.genderIdentity ?? 'man',
        key_populations: spec.keyPopulations ?? ['msm'],
        substances: ['methamphetamine'],
        routes: ['smoking'],
        province_id: spec.provinceId ?? 'ha-noi',
        referral_source: 'outreach',
        merged_into: spec.mergedInto ?? null,
        field_versions: '{}',
        registered_at: spec.registeredAt ?? '2026-01-05T03:00:00Z',
        registered_by: org.userId,
        version: 1,
      })
      .execute(),
  );
  return id;
}

export interface ContactSpec {
  at: string;
  site?: 0 | 1;
  services?: Service[];
  commodities?: { itemId: string; quantity: number }[];
  iec?: { itemId: string; quantity: number }[];
  followUpOn?: string | null;
}

/** A contact with a registered client; returns its id. */
export async function addContact(t: TestApp, org: ReportingOrg, clientId: string, spec: ContactSpec): Promise<string> {
  const id = uuidv7();
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx
      .insertInto('contacts')
      .values({
        id,
        org_id: org.orgId,
        client_id: clientId,
        site_id: org.siteIds[spec.site ?? 0],
        at: spec.at,
        mode: 'drop_in',
        services: spec.services ?? ['information'],
        commodities: JSON.stringify(spec.commodities ?? []),
        iec: JSON.stringify(spec.iec ?? []),
        notes_enc: null,
        follow_up_on: spec.followUpOn ?? null,
        recorded_by: org.userId,
        device_id: null,
        version: 1,
      })
      .execute(),
  );
  return id;
}

export interface AnonymousSpec {
  at: string;
  site?: 0 | 1;
  counts: { sex: 'male' | 'female' | 'other'; ageBand: string; count: number }[];
  services?: Service[];
  commodities?: { itemId: string; quantity: number }[];
  iec?: { itemId: string; quantity: number }[];
}

/** An anonymous tally; returns its id. */
export async function addAnonymous(t: TestApp, org: ReportingOrg, spec: AnonymousSpec): Promise<string> {
  const id = uuidv7();
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx
      .insertInto('anonymous_contacts')
      .values({
        id,
        org_id: org.orgId,
        site_id: org.siteIds[spec.site ?? 0],
        at: spec.at,
        mode: 'street_outreach',
        counts: JSON.stringify(spec.counts),
        services: spec.services ?? ['information'],
        commodities: JSON.stringify(spec.commodities ?? []),
        iec: JSON.stringify(spec.iec ?? []),
        recorded_by: org.userId,
        version: 1,
      })
      .execute(),
  );
  return id;
}
