import { v7 as uuidv7 } from 'uuid';
import { STARTER_CATALOGUE, type CatalogueItem, type CatalogueItemInput } from '../../core/catalogue/schema.ts';
import { Problem } from '../../core/errors/outcome.ts';
import type { Tx } from '../db/scope.ts';
import type { CatalogueItemsTable } from '../db/schema.ts';
import { nextVersion } from '../sync/versions.ts';

type Row = Pick<CatalogueItemsTable, 'id' | 'org_id' | 'kind' | 'name_vi' | 'name_en' | 'unit' | 'category'> & { active: boolean };

const toItem = (r: Row): CatalogueItem => ({
  id: r.id,
  orgId: r.org_id,
  kind: r.kind as CatalogueItem['kind'],
  nameVi: r.name_vi,
  nameEn: r.name_en,
  unit: r.unit,
  category: r.category as CatalogueItem['category'],
  active: r.active,
});

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export async function listCatalogue(tx: Tx, orgId: string): Promise<CatalogueItem[]> {
  const rows = await tx.selectFrom('catalogue_items').selectAll().where('org_id', '=', orgId).orderBy('kind').orderBy('name_vi').execute();
  return rows.map(toItem);
}

export async function insertCatalogueItem(tx: Tx, orgId: string, input: CatalogueItemInput): Promise<CatalogueItem> {
  const version = await nextVersion(tx, orgId);
  try {
    const row = await tx
      .insertInto('catalogue_items')
      .values({ id: uuidv7(), org_id: orgId, kind: input.kind, name_vi: input.nameVi, name_en: input.nameEn, unit: input.unit, category: input.category, active: input.active, version })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toItem(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new Problem('CATALOGUE_NAME_TAKEN', {}, 'nameVi');
    throw err;
  }
}

export async function updateCatalogueItem(tx: Tx, orgId: string, itemId: string, changes: Partial<CatalogueItemInput>): Promise<CatalogueItem | null> {
  const version = await nextVersion(tx, orgId);
  try {
    const row = await tx
      .updateTable('catalogue_items')
      .set({
        ...(changes.kind !== undefined && { kind: changes.kind }),
        ...(changes.nameVi !== undefined && { name_vi: changes.nameVi }),
        ...(changes.nameEn !== undefined && { name_en: changes.nameEn }),
        ...(changes.unit !== undefined && { unit: changes.unit }),
        ...(changes.category !== undefined && { category: changes.category }),
        ...(changes.active !== undefined && { active: changes.active }),
        version,
        updated_at: new Date(),
      })
      .where('org_id', '=', orgId)
      .where('id', '=', itemId)
      .returningAll()
      .executeTakeFirst();
    return row ? toItem(row) : null;
  } catch (err) {
    if (isUniqueViolation(err)) throw new Problem('CATALOGUE_NAME_TAKEN', {}, 'nameVi');
    throw err;
  }
}

/** Adds the starter items the organisation does not have yet (by Vietnamese name); returns how many. */
export async function addStarterCatalogue(tx: Tx, orgId: string): Promise<number> {
  const have = new Set((await tx.selectFrom('catalogue_items').select(['kind', 'name_vi']).where('org_id', '=', orgId).execute()).map((r) => `${r.kind}/${r.name_vi.toLowerCase()}`));
  const missing = STARTER_CATALOGUE.filter((i) => !have.has(`${i.kind}/${i.nameVi.toLowerCase()}`));
  if (missing.length === 0) return 0;
  const version = await nextVersion(tx, orgId);
  await tx
    .insertInto('catalogue_items')
    .values(missing.map((i) => ({ id: uuidv7(), org_id: orgId, kind: i.kind, name_vi: i.nameVi, name_en: i.nameEn, unit: i.unit, category: i.category, active: true, version })))
    .execute();
  return missing.length;
}
