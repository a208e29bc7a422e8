import { sql, type RawBuilder } from 'kysely';
import { PREVENTION_SERVICES, preventionCoverageWindow, type IndicatorId } from '../../core/indicators/definitions.ts';
import { periodsBetween } from '../../core/indicators/periods.ts';
import type { IndicatorTable } from '../../core/indicators/result.ts';
import { assemble, dimensionSql, groupedFacts, groupingSql, inScope, localTime, nearRange, periodBucketsSql, periodRange, type Db, type GroupedRow, type IndicatorRequest, type PerOrgTable } from './common.ts';

/**
 * Indicators read from the field loop: contacts, anonymous tallies, clients (issue #6 §1).
 * Each follows its definition's text in src/core/indicators/definitions.ts.
 *
 * Counting rows: a key-population split repeats a fact once per key population, so where it is
 * requested a count must be distinct (on the contact's or client's id) to keep the per-period
 * total right; without it every fact is one row and a plain `count(*)` does (cheaper on 1M rows).
 */

/** A contact's client, as the client it was merged into when it was merged. */
const CONTACT_WITH_CLIENT = sql`contacts x join organisations o on o.id = x.org_id join clients c0 on c0.id = x.client_id join clients c on c.id = coalesce(c0.merged_into, c0.id)`;

function countOnce(req: IndicatorRequest): RawBuilder<unknown> {
  return req.disaggregation.includes('key_population') ? sql`count(distinct person)` : sql`count(*)`;
}

/** people_reached: distinct registered clients with ≥ 1 contact in the period (merged clients count as who they were merged into). */
export async function peopleReached(db: Db, req: IndicatorRequest): Promise<PerOrgTable> {
  return groupedFacts(db, req, {
    from: CONTACT_WITH_CLIENT,
    where: sql<boolean>`true`,
    local: localTime(sql.ref('x.at'), sql.ref('o')),
    instant: sql.ref('x.at'),
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

/**
 * new_clients: clients whose registration day (local) is in the period. A client merged into
 * another is left out: the one it was merged into was registered too and counts once, on its own
 * day. Site, province and the rest are the client's own.
 */
export async function newClients(db: Db, req: IndicatorRequest): Promise<PerOrgTable> {
  return groupedFacts(db, req, {
    from: sql`clients c join organisations o on o.id = c.org_id`,
    where: sql<boolean>`c.merged_into is null`,
    local: localTime(sql.ref('c.registered_at'), sql.ref('o')),
    instant: sql.ref('c.registered_at'),
    client: 'c',
    site: sql.ref('c.site_id'),
    org: sql.ref('c.org_id'),
    person: sql.ref('c.id'),
    weight: sql`1`,
    breakdowns: [],
    measure: countOnce(req),
    empty: { value: 0 },
  });
}

/**
 * contacts: contact rows in the period, split by their client's attributes (a merged client's
 * contacts count as the client it was merged into) and by the site the contact happened at.
 * `person` holds the contact's id here, the thing counted once.
 */
export async function contactCount(db: Db, req: IndicatorRequest): Promise<PerOrgTable> {
  return groupedFacts(db, req, {
    from: CONTACT_WITH_CLIENT,
    where: sql<boolean>`true`,
    local: localTime(sql.ref('x.at'), sql.ref('o')),
    instant: sql.ref('x.at'),
    client: 'c',
    site: sql.ref('x.site_id'),
    org: sql.ref('x.org_id'),
    person: sql.ref('x.id'),
    weight: sql`1`,
    breakdowns: [],
    measure: countOnce(req),
    empty: { value: 0 },
  });
}

/**
 * anonymous_contacts: the sum of the counts of the tallies in the period, by the sex of each
 * count's entry; the age band is the entry's, the site and organisation the tally's, the province
 * the site's.
 */
export async function anonymousContacts(db: Db, req: IndicatorRequest): Promise<PerOrgTable> {
  return groupedFacts(db, req, {
    from: sql`anonymous_contacts x join organisations o on o.id = x.org_id join sites s on s.id = x.site_id cross join lateral jsonb_array_elements(x.counts) as e(entry)`,
    where: sql<boolean>`true`,
    local: localTime(sql.ref('x.at'), sql.ref('o')),
    instant: sql.ref('x.at'),
    client: null,
    site: sql.ref('x.site_id'),
    org: sql.ref('x.org_id'),
    ageBand: sql`coalesce(e.entry->>'ageBand', 'unknown')`,
    province: sql.ref('s.province_id'),
    person: sql.ref('x.id'),
    weight: sql`(e.entry->>'count')::int`,
    breakdowns: [{ id: 'anonymous_sex', value: sql`coalesce(e.entry->>'sex', 'unknown')` }],
    measure: sql`sum(weight)`,
    empty: { value: 0 },
  });
}

/**
 * services_by_type: per service, the contacts with registered clients that included it. A cell
 * counts contacts; the period's total is the number of contacts with at least one service (not the
 * sum of the cells: a contact with two services is one contact in the total and one in each of its
 * two cells). Without a key-population split each contact is one row per service, and its first
 * service (ordinality 1) carries weight 1, so the total is `sum(weight)` rather than a distinct
 * count over all rows.
 */
export async function servicesByType(db: Db, req: IndicatorRequest): Promise<PerOrgTable> {
  const distinct = req.disaggregation.includes('key_population');
  return groupedFacts(db, req, {
    from: CONTACT_WITH_CLIENT,
    where: sql<boolean>`true`,
    local: localTime(sql.ref('x.at'), sql.ref('o')),
    instant: sql.ref('x.at'),
    client: 'c',
    site: sql.ref('x.site_id'),
    org: sql.ref('x.org_id'),
    person: sql.ref('x.id'),
    weight: sql`(case when sv.n = 1 then 1 else 0 end)`,
    breakdowns: [{ id: 'service', value: sql.ref('sv.service'), join: sql`cross join lateral unnest(x.services) with ordinality as sv(service, n)` }],
    measure: distinct ? sql`count(distinct person)` : sql`(case when grouping(k0) = 0 then count(*) else sum(weight) end)`,
    empty: { value: 0 },
  });
}

/**
 * commodities_distributed / iec_distributed: the quantity of each catalogue item (its id; labels
 * come later) handed out in the period at contacts with registered clients and at anonymous
 * tallies alike, by the site, its province and the organisation. The period's total is the sum of
 * all items' quantities.
 */
function itemsDistributed(column: 'commodities' | 'iec') {
  return (db: Db, req: IndicatorRequest): Promise<PerOrgTable> => {
    const lines = sql.ref(column);
    return groupedFacts(db, req, {
      from: sql`(select org_id, site_id, at, ${lines} as lines from contacts union all select org_id, site_id, at, ${lines} from anonymous_contacts) x
        join organisations o on o.id = x.org_id join sites s on s.id = x.site_id cross join lateral jsonb_array_elements(x.lines) as l(line)`,
      where: sql<boolean>`true`,
      local: localTime(sql.ref('x.at'), sql.ref('o')),
      instant: sql.ref('x.at'),
      client: null,
      site: sql.ref('x.site_id'),
      org: sql.ref('x.org_id'),
      province: sql.ref('s.province_id'),
      person: sql`null`,
      weight: sql`(l.line->>'quantity')::int`,
      breakdowns: [{ id: 'item', value: sql`(l.line->>'itemId')` }],
      measure: sql`sum(weight)`,
      empty: { value: 0 },
    });
  };
}

/**
 * prevention_coverage: for each period, among the clients with ≥ 1 contact in its window (the three
 * calendar months ending with the period's last month, `preventionCoverageWindow`), the share who
 * received ≥ 2 different PREVENTION_SERVICES across their contacts in the window. Merged clients
 * count as who they were merged into. A client's site is the site of their latest contact in the
 * window, and their age band is taken on that contact's day; the other disaggregations are the
 * client's.
 *
 * One statement for all periods: contacts are first folded into one row per client and local
 * month (the prevention services received as a bit mask, the latest contact's site), matched
 * to the months by each organisation's UTC bounds (`periodBucketsSql`), then those months are
 * joined to a VALUES list of the periods' windows. The age band's year is that of the latest month.
 */
export async function preventionCoverage(db: Db, req: IndicatorRequest): Promise<PerOrgTable> {
  const range = periodRange(req);
  const windows = periodsBetween(req.from, req.to, req.periodKind).map((p) => ({ key: p.key, ...preventionCoverageWindow(p) }));
  const months = periodsBetween(windows.map((w) => w.start).sort()[0]!, range.end, 'month').filter((m) => m.start < range.end);
  const month = sql`width_bucket(x.at, mb.bounds)`;
  const bySite = req.disaggregation.includes('site');
  const mask = sql.join(
    PREVENTION_SERVICES.map((s, i) => sql`(case when ${s} = any(x.services) then ${sql.lit(1 << i)} else 0 end)`),
    sql` | `,
  );
  const kinds = sql.join(
    PREVENTION_SERVICES.map((_, i) => sql`(case when r.services & ${sql.lit(1 << i)} <> 0 then 1 else 0 end)`),
    sql` + `,
  );
  const dims = req.disaggregation.map((d, i) => dimensionSql(d, { client: 'c', site: sql.ref('r.site'), org: sql.ref('r.org'), local: sql.ref('r.last_month') }, `d${i}`));
  const joins = dims.flatMap((d) => (d.join ? [d.join] : []));
  const grouping = groupingSql(dims.length, req.perOrg);
  const keySelect = dims.length ? sql`, ${sql.join(dims.map((d, i) => sql`${d.value} as ${sql.raw(`k${i}`)}`))}` : sql``;
  const covered = sql`count(distinct person) filter (where covered)`;
  const rows = await sql<GroupedRow>`
    with w(period, ws, we) as (values ${sql.join(windows.map((w) => sql`(${w.key}::text, ${w.start}::date, ${w.end}::date)`))}),
    month_bounds as materialized (${periodBucketsSql(months, req.orgIds)}),
    monthly as (
      select coalesce(c0.merged_into, c0.id) as person, x.org_id as org, (array[${sql.join(months.map((m) => sql`${m.start}::date`))}])[${month}] as month,
        bit_or(${mask}) as services,
        ${bySite ? sql`(array_agg(x.site_id order by x.at desc, x.id desc))[1]` : sql`null::uuid`} as site
      from contacts x join clients c0 on c0.id = x.client_id join month_bounds mb on mb.org_id = x.org_id
      where ${inScope(sql.ref('x.org_id'), req.orgIds)} and ${nearRange(sql.ref('x.at'), { start: months[0]!.start, end: range.end })} and ${month} between 1 and ${sql.lit(months.length)}
      group by 1, 2, 3
    ),
    reached as (
      select w.period, m.person, m.org, bit_or(m.services) as services, max(m.month) as last_month,
        ${bySite ? sql`(array_agg(m.site order by m.month desc))[1]` : sql`null::uuid`} as site
      from monthly m join w on m.month >= w.ws and m.month < w.we
      group by w.period, m.person, m.org
    ),
    facts as (
      select r.period, r.person, r.org as po, (${kinds}) >= 2 as covered ${keySelect}
      from reached r join clients c on c.id = r.person ${joins.length ? sql.join(joins, sql` `) : sql``}
    )
    select period, ${grouping.g} as g ${grouping.keys}, ${covered} as numerator, count(distinct person) as denominator,
      (${covered})::float8 / nullif(count(distinct person), 0) as value
    from facts ${grouping.groupBy}
  `.execute(db);
  return assemble(req, range, req.disaggregation, rows.rows, { value: null, numerator: 0, denominator: 0 });
}

/** The field indicators' SQL, by id (compute.ts merges it with the care indicators). */
export const FIELD_INDICATORS: Partial<Record<IndicatorId, (db: Db, req: IndicatorRequest) => Promise<PerOrgTable>>> = {
  people_reached: peopleReached,
  new_clients: newClients,
  contacts: contactCount,
  anonymous_contacts: anonymousContacts,
  services_by_type: servicesByType,
  commodities_distributed: itemsDistributed('commodities'),
  iec_distributed: itemsDistributed('iec'),
  prevention_coverage: preventionCoverage,
};
