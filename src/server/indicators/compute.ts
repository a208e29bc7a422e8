import type { IndicatorId } from '../../core/indicators/definitions.ts';
import type { IndicatorTable } from '../../core/indicators/result.ts';
import type { Db, IndicatorRequest } from './common.ts';
import * as field from './field.ts';

/**
 * Every indicator's SQL, by id. Runs in whatever transaction it is given: `inOrg` for one
 * organisation, `asSystem` for the network (the statements aggregate; no record leaves them).
 */
const COMPUTE: Partial<Record<IndicatorId, (db: Db, req: IndicatorRequest) => Promise<IndicatorTable>>> = {
  people_reached: field.peopleReached,
};

export async function computeIndicator(db: Db, req: IndicatorRequest): Promise<IndicatorTable> {
  const compute = COMPUTE[req.indicatorId];
  if (!compute) throw new Error(`Indicator ${req.indicatorId} has no SQL yet`);
  return compute(db, req);
}
