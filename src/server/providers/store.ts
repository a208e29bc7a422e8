import { sql, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { Problem } from '../../core/errors/outcome.ts';
import type { ProviderInput } from '../../core/referrals/schema.ts';
import type { PullResponse } from '../../core/sync/protocol.ts';
import type { ProvidersTable } from '../db/schema.ts';
import type { Tx } from '../db/scope.ts';

export type ProviderOut = PullResponse['providers'][number] & { ratings: number };

/** The average "friendly to people who use drugs" rating, to one decimal, or null when unrated. */
export function friendlinessOf(p: Pick<Selectable<ProvidersTable>, 'rating_sum' | 'rating_count'>): number | null {
  return p.rating_count > 0 ? Math.round((p.rating_sum / p.rating_count) * 10) / 10 : null;
}

export function providerOut(p: Selectable<ProvidersTable>): ProviderOut {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    services: p.services,
    orgId: p.org_id,
    address: p.address,
    provinceId: p.province_id,
    openingHours: p.opening_hours,
    phone: p.phone,
    languages: p.languages,
    cost: p.cost,
    walkIn: p.walk_in,
    active: p.active,
    friendliness: friendlinessOf(p),
    ratings: p.rating_count,
  };
}

export interface DirectoryFilter {
  service?: string | undefined;
  provinceId?: string | undefined;
  kind?: string | undefined;
  /** Lowest average friendliness (1–5); unrated providers are left out when set. */
  friendly?: number | undefined;
  /** Also providers no longer active (managers editing the directory). */
  includeInactive?: boolean | undefined;
  q?: string | undefined;
}

/** The directory, filtered, friendliest first within a name order. */
export async function listProviders(tx: Tx, f: DirectoryFilter = {}): Promise<ProviderOut[]> {
  let q = tx.selectFrom('providers').selectAll();
  if (!f.includeInactive) q = q.where('active', '=', true);
  if (f.service) q = q.where(sql<boolean>`${f.service} = any(services)`);
  if (f.provinceId) q = q.where('province_id', '=', f.provinceId);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.friendly !== undefined) q = q.where('rating_count', '>', 0).where(sql<boolean>`rating_sum::numeric / rating_count >= ${f.friendly}`);
  if (f.q) q = q.where(sql<boolean>`lower(name) like ${`%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const rows = await q.orderBy('name').orderBy('id').execute();
  return rows.map(providerOut);
}

export async function findProvider(tx: Tx, id: string): Promise<Selectable<ProvidersTable> | undefined> {
  return tx.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The directory is one for the whole network, but a device's cookie is its organisation's
 * counter. So a change to the directory moves every organisation's counter by one and notes that
 * version as `directory_version`; a pull sends the whole directory (it is small) when that is after
 * its cookie. Directory writers queue on an advisory lock, so two of them never take the counters'
 * row locks in different orders; pushes take one counter each and never wait for the directory.
 * Must run as the system (the counters of all organisations).
 */
export async function touchDirectory(tx: Tx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('fieldlab.directory'))`.execute(tx);
  await sql`insert into org_versions (org_id) select id from organisations on conflict (org_id) do nothing`.execute(tx);
  await sql`update org_versions set version = version + 1, directory_version = version + 1`.execute(tx);
}

async function checkOrg(tx: Tx, orgId: string | null | undefined): Promise<void> {
  if (!orgId) return;
  const org = await tx.selectFrom('organisations').select('id').where('id', '=', orgId).where('active', '=', true).executeTakeFirst();
  if (!org) throw new Problem('PROVIDER_ORG_NOT_FOUND', {}, 'orgId');
}

/** Adds a directory entry. As the system: see `touchDirectory`. */
export async function insertProvider(tx: Tx, userId: string | null, input: ProviderInput, id: string = uuidv7()): Promise<ProviderOut> {
  await checkOrg(tx, input.orgId);
  const row = await tx
    .insertInto('providers')
    .values({
      id,
      org_id: input.orgId,
      name: input.name,
      kind: input.kind,
      services: [...input.services],
      address: input.address,
      province_id: input.provinceId,
      opening_hours: input.openingHours,
      phone: input.phone,
      languages: [...input.languages],
      cost: input.cost,
      walk_in: input.walkIn,
      active: input.active,
      created_by: userId,
      updated_by: userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await touchDirectory(tx);
  return providerOut(row);
}

/** Changes a directory entry; undefined when there is none. As the system: see `touchDirectory`. */
export async function updateProvider(tx: Tx, userId: string, id: string, edit: Partial<ProviderInput>): Promise<ProviderOut | undefined> {
  await checkOrg(tx, edit.orgId);
  const set: Record<string, unknown> = { updated_by: userId, updated_at: new Date(), version: sql`version + 1` };
  const columns: Record<keyof ProviderInput, string> = {
    name: 'name',
    kind: 'kind',
    services: 'services',
    orgId: 'org_id',
    address: 'address',
    provinceId: 'province_id',
    openingHours: 'opening_hours',
    phone: 'phone',
    languages: 'languages',
    cost: 'cost',
    walkIn: 'walk_in',
    active: 'active',
  };
  for (const [key, column] of Object.entries(columns) as [keyof ProviderInput, string][]) {
    const value = edit[key];
    if (value !== undefined) set[column] = Array.isArray(value) ? [...value] : value;
  }
  const row = await tx.updateTable('providers').set(set as never).where('id', '=', id).returningAll().executeTakeFirst();
  if (!row) return undefined;
  await touchDirectory(tx);
  return providerOut(row);
}

/**
 * A worker's rating (1–5) of how friendly the provider was to the person they referred, one per
 * referral (a second rating of the same referral replaces the first). The provider's running sum
 * and count move by the difference, so the average needs no other organisation's ratings.
 * As the system: see `touchDirectory`; the caller has checked that the referral is the rater's.
 */
export async function rateProvider(tx: Tx, r: { orgId: string; referralId: string; providerId: string; userId: string; rating: number }): Promise<ProviderOut> {
  const before = await tx.selectFrom('provider_feedback').select('rating').where('referral_id', '=', r.referralId).forUpdate().executeTakeFirst();
  await tx
    .insertInto('provider_feedback')
    .values({ org_id: r.orgId, referral_id: r.referralId, provider_id: r.providerId, rating: r.rating, by_user: r.userId })
    .onConflict((oc) => oc.column('referral_id').doUpdateSet({ rating: r.rating, by_user: r.userId, at: new Date() }))
    .execute();
  const row = await tx
    .updateTable('providers')
    .set({
      rating_sum: sql`rating_sum + ${r.rating - (before?.rating ?? 0)}`,
      rating_count: sql`rating_count + ${before ? 0 : 1}`,
    } as never)
    .where('id', '=', r.providerId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await touchDirectory(tx);
  return providerOut(row);
}
