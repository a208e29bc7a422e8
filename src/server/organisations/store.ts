import type { Kysely, Selectable, Updateable } from 'kysely';
import { notFound, Problem } from '../../core/errors/outcome.ts';
import { newId } from '../../core/ids.ts';
import type {
  CreateOrganisation,
  CreateSite,
  EditOrganisation,
  EditSite,
  Organisation,
  OrganisationKind,
  Site,
  SiteKind,
} from '../../core/organisations/schema.ts';
import type { Database, OrganisationsTable, SitesTable } from '../db/schema.ts';
import type { Tx } from '../db/scope.ts';

type Queryable = Tx | Kysely<Database>;

function toOrganisation(row: Selectable<OrganisationsTable>): Organisation {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as OrganisationKind,
    provinceId: row.province_id,
    timeZone: row.time_zone,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

function toSite(row: Selectable<SitesTable>): Site {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    kind: row.kind as SiteKind,
    provinceId: row.province_id,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

function rethrowDuplicate(err: unknown, what: 'organisation' | 'site'): never {
  if (typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505') {
    throw new Problem(what === 'site' ? 'SITE_NAME_TAKEN' : 'ORGANISATION_NAME_TAKEN', {}, 'name');
  }
  throw err;
}

export async function insertOrganisation(tx: Tx, input: CreateOrganisation): Promise<Organisation> {
  const id = newId();
  try {
    const row = await tx
      .insertInto('organisations')
      .values({ id, name: input.name, kind: input.kind, province_id: input.provinceId, time_zone: input.timeZone })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toOrganisation(row);
  } catch (err) {
    rethrowDuplicate(err, 'organisation');
  }
}

export async function findOrganisation(q: Queryable, id: string): Promise<Organisation | null> {
  const row = await q.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toOrganisation(row) : null;
}

/**
 * Refuses with 404 when the organisation of the route does not exist. Only the hub's
 * administrators get this far for an unknown id (everyone else lacks the permission there), and
 * without the check their writes would fail on a foreign key as a 500.
 */
export async function requireOrganisation(q: Queryable, id: string): Promise<void> {
  if (!(await q.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst())) throw notFound();
}

/** True when `id` is the network's only active hub: its administrators are the network's. */
export async function isOnlyActiveHub(q: Queryable, id: string): Promise<boolean> {
  const hubs = await q.selectFrom('organisations').select('id').where('kind', '=', 'network_hub').where('active', '=', true).execute();
  return hubs.length === 1 && hubs[0]!.id === id;
}

/** Organisations by id (all of them when `ids` is undefined), by name. */
export async function listOrganisations(q: Queryable, ids?: readonly string[]): Promise<Organisation[]> {
  if (ids && ids.length === 0) return [];
  let query = q.selectFrom('organisations').selectAll().orderBy('name');
  if (ids) query = query.where('id', 'in', ids);
  return (await query.execute()).map(toOrganisation);
}

export async function updateOrganisation(tx: Tx, id: string, patch: EditOrganisation): Promise<Organisation | null> {
  const set: Updateable<OrganisationsTable> = { updated_at: new Date() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.provinceId !== undefined) set.province_id = patch.provinceId;
  if (patch.timeZone !== undefined) set.time_zone = patch.timeZone;
  if (patch.active !== undefined) set.active = patch.active;
  try {
    const row = await tx.updateTable('organisations').set(set).where('id', '=', id).returningAll().executeTakeFirst();
    return row ? toOrganisation(row) : null;
  } catch (err) {
    rethrowDuplicate(err, 'organisation');
  }
}

export async function listSites(tx: Tx, orgId: string): Promise<Site[]> {
  const rows = await tx.selectFrom('sites').selectAll().where('org_id', '=', orgId).orderBy('name').execute();
  return rows.map(toSite);
}

export async function insertSite(tx: Tx, orgId: string, input: CreateSite): Promise<Site> {
  try {
    const row = await tx
      .insertInto('sites')
      .values({ id: newId(), org_id: orgId, name: input.name, kind: input.kind, province_id: input.provinceId })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSite(row);
  } catch (err) {
    rethrowDuplicate(err, 'site');
  }
}

export async function updateSite(tx: Tx, orgId: string, siteId: string, patch: EditSite): Promise<Site | null> {
  const set: Updateable<SitesTable> = { updated_at: new Date() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.provinceId !== undefined) set.province_id = patch.provinceId;
  if (patch.active !== undefined) set.active = patch.active;
  try {
    const row = await tx
      .updateTable('sites')
      .set(set)
      .where('org_id', '=', orgId)
      .where('id', '=', siteId)
      .returningAll()
      .executeTakeFirst();
    return row ? toSite(row) : null;
  } catch (err) {
    rethrowDuplicate(err, 'site');
  }
}

export async function networkName(q: Queryable): Promise<string | null> {
  const row = await q.selectFrom('network').select('name').executeTakeFirst();
  return row?.name ?? null;
}
