import { sql } from 'kysely';
import type { IndicatorId } from '../../core/indicators/definitions.ts';
import type { IndicatorTable } from '../../core/indicators/result.ts';
import { groupedFacts, localTime, type Db, type IndicatorRequest } from './common.ts';

/**
 * Indicators read from the field loop: contacts, anonymous tallies, clients (issue #6 §1).
 * Each follows its definition's text in src/core/indicators/definitions.ts.
 */

/** people_reached: distinct registered clients with ≥ 1 contact in the period (merged clients count as who they were merged into). */
export async function peopleReached(db: Db, req: IndicatorRequest): Promise<IndicatorTable> {
  const local = localTime(sql.ref('x.at'), sql.ref('o'));
  return groupedFacts(db, req, {
    from: sql`contacts x join organisations o on o.id = x.org_id join clients c0 on c0.id = x.client_id join clients c on c.id = coalesce(c0.merged_into, c0.id)`,
    where: sql<boolean>`true`,
    local,
    client: 'c',
    site: sql.ref('x.site_id'),
    org: sql.ref('x.org_id'),
    person: sql.ref('c.id'),
    weight: sql`1`,
    breakdowns: [],
    measure: sql`count(distinct person)`,
    empty: { value: 0 },
  });
}

/** The field indicators' SQL, by id (compute.ts merges it with the care indicators). */
export const FIELD_INDICATORS: Partial<Record<IndicatorId, (db: Db, req: IndicatorRequest) => Promise<IndicatorTable>>> = {
  people_reached: peopleReached,
};
