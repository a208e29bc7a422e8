import type { IndicatorId } from '../../core/indicators/definitions.ts';
import type { IndicatorTable } from '../../core/indicators/result.ts';
import { CARE_INDICATORS } from './care.ts';
import type { Db, IndicatorRequest, PerOrgTable } from './common.ts';
import { FIELD_INDICATORS } from './field.ts';

export type IndicatorSql = (db: Db, req: IndicatorRequest) => Promise<PerOrgTable>;

/**
 * Every indicator's SQL, by id. Runs in whatever transaction it is given: `inOrg` for one
 * organisation, `asSystem` for several (the statements aggregate; no record leaves them).
 */
const COMPUTE: Partial<Record<IndicatorId, IndicatorSql>> = { ...FIELD_INDICATORS, ...CARE_INDICATORS };

export function hasSql(id: IndicatorId): boolean {
  return COMPUTE[id] !== undefined;
}

export async function computeIndicator(db: Db, req: IndicatorRequest): Promise<PerOrgTable> {
  const compute = COMPUTE[req.indicatorId];
  if (!compute) throw new Error(`Indicator ${req.indicatorId} has no SQL yet`);
  return compute(db, req);
}
