import type { Tx } from '../db/scope.ts';
import { touchOrgSettings } from '../screening/settings.ts';

export interface GuidanceOverrideOut {
  presentation: string;
  lang: 'vi' | 'en';
  steps: { id: string; text: string }[];
  updatedAt: string;
}

/** The guidance texts the organisation's admin adapted, per presentation and language. */
export async function listGuidanceOverrides(tx: Tx, orgId: string): Promise<GuidanceOverrideOut[]> {
  const rows = await tx.selectFrom('guidance_overrides').selectAll().where('org_id', '=', orgId).orderBy('presentation').orderBy('lang').execute();
  return rows.map((r) => ({ presentation: r.presentation, lang: r.lang as 'vi' | 'en', steps: r.steps as GuidanceOverrideOut['steps'], updatedAt: new Date(r.updated_at).toISOString() }));
}

/** Stores (or replaces) an adapted text; the caller has validated it against the core guidance. */
export async function putGuidanceOverride(tx: Tx, orgId: string, userId: string, o: { presentation: string; lang: 'vi' | 'en'; steps: { id: string; text: string }[] }): Promise<GuidanceOverrideOut> {
  const now = new Date();
  const steps = JSON.stringify(o.steps);
  await tx
    .insertInto('guidance_overrides')
    .values({ org_id: orgId, presentation: o.presentation, lang: o.lang, steps, updated_at: now, updated_by: userId })
    .onConflict((oc) => oc.columns(['org_id', 'presentation', 'lang']).doUpdateSet({ steps, updated_at: now, updated_by: userId }))
    .execute();
  await touchOrgSettings(tx, orgId, userId);
  return { presentation: o.presentation, lang: o.lang, steps: o.steps, updatedAt: now.toISOString() };
}

/** Restores the default text; false when there was no override. */
export async function deleteGuidanceOverride(tx: Tx, orgId: string, userId: string, presentation: string, lang: string): Promise<boolean> {
  const res = await tx.deleteFrom('guidance_overrides').where('org_id', '=', orgId).where('presentation', '=', presentation).where('lang', '=', lang).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return false;
  await touchOrgSettings(tx, orgId, userId);
  return true;
}
