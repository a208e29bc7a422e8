import { DEFAULT_SCREENING_SETTINGS, ScreeningSettings } from '../../core/screening/index.ts';
import type { PullResponse } from '../../core/sync/protocol.ts';
import { listGuidanceOverrides } from '../crisis/guidance.ts';
import type { Tx } from '../db/scope.ts';
import { nextVersion } from '../sync/versions.ts';

/**
 * The organisation's screening settings (cut-offs, re-screening interval), or the international
 * defaults when it chose none. A stored value that no longer parses (an older shape) falls back to
 * the defaults rather than scoring with half a setting.
 */
export async function loadScreeningSettings(tx: Tx, orgId: string): Promise<ScreeningSettings> {
  const row = await tx.selectFrom('org_settings').select('screening').where('org_id', '=', orgId).executeTakeFirst();
  if (!row || row.screening === null) return DEFAULT_SCREENING_SETTINGS;
  const parsed = ScreeningSettings.safeParse(row.screening);
  return parsed.success ? parsed.data : DEFAULT_SCREENING_SETTINGS;
}

/** Marks the organisation's settings as changed (for pull) and returns the new version. */
export async function touchOrgSettings(tx: Tx, orgId: string, userId: string, screening?: ScreeningSettings): Promise<number> {
  const version = await nextVersion(tx, orgId);
  const now = new Date();
  const set = { version, updated_at: now, updated_by: userId, ...(screening !== undefined ? { screening: JSON.stringify(screening) } : {}) };
  await tx
    .insertInto('org_settings')
    .values({ org_id: orgId, screening: screening !== undefined ? JSON.stringify(screening) : null, version, updated_at: now, updated_by: userId })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(set))
    .execute();
  return version;
}

export type OrgSettingsOut = NonNullable<PullResponse['orgSettings']>;

/** What a device needs offline: the screening settings, the guidance texts the admin adapted, the time zone. */
export async function readOrgSettings(tx: Tx, orgId: string): Promise<OrgSettingsOut> {
  const org = await tx.selectFrom('organisations').select('time_zone').where('id', '=', orgId).executeTakeFirst();
  return {
    screening: await loadScreeningSettings(tx, orgId),
    guidanceOverrides: await listGuidanceOverrides(tx, orgId),
    ...(org ? { timeZone: org.time_zone } : {}),
  };
}
