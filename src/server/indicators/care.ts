import { sql, type RawBuilder } from 'kysely';
import type { IndicatorId } from '../../core/indicators/definitions.ts';
import type { IndicatorTable } from '../../core/indicators/result.ts';
import { CUT_OFF_CHOICES, DEFAULT_SCREENING_SETTINGS, ScreeningSettings, cutOff } from '../../core/screening/settings.ts';
import { ASSIST_SUBSTANCES, type ScreeningFlag } from '../../core/screening/types.ts';
import { periodsBetween } from '../../core/indicators/periods.ts';
import { groupedFacts, inScope, localTime, periodBoundsSql, periodRange, type Db, type FactQuery, type IndicatorRequest, type PerOrgTable } from './common.ts';

/**
 * Indicators read from mental-health and referral work: screenings, crisis episodes, referrals,
 * follow-ups (issue #6 §1). Each follows its definition's text in src/core/indicators/definitions.ts.
 *
 * Shared choices:
 * - A client merged into another counts as the one it was merged into (as in field.ts), and the
 *   client disaggregations are that client's.
 * - Screenings and referrals have no site of their own: their site is the client's site.
 * - Every count is distinct on the counted thing's id (client, episode, referral, follow-up), since
 *   a key-population split repeats a fact once per key population; these tables are small next
 *   to contacts, so the distinct costs little.
 */

type IndicatorSql = (db: Db, req: IndicatorRequest) => Promise<PerOrgTable>;

/** A registered client's record joined to the client it counts as (`c`). */
const CANONICAL = (clientCol: RawBuilder<unknown>) => sql`join clients c0 on c0.id = ${clientCol} join clients c on c.id = coalesce(c0.merged_into, c0.id)`;

const COUNT = sql`count(distinct person)`;

// --- screenings ------------------------------------------------------------------------------------

type CutOffInstrument = keyof typeof CUT_OFF_CHOICES;
const CUT_OFF_INSTRUMENTS = Object.keys(CUT_OFF_CHOICES) as CutOffInstrument[];
const SUICIDE_RISK: ScreeningFlag = 'suicide-risk';

/**
 * The cut-offs each organisation in scope chose, as two row sources to join on a screening `s`:
 * `sc` (org_id, instrument_id, at_least) for organisations with settings of their own, `dc`
 * (instrument_id, at_least) for the defaults. Read and resolved in TypeScript by core's own
 * `cutOff` (a stored value that no longer parses falls back to the defaults, as
 * `loadScreeningSettings` does), so the SQL receives numbers and never re-decides a choice.
 */
export async function screeningCutOffs(db: Db, orgIds: IndicatorRequest['orgIds']): Promise<RawBuilder<unknown>> {
  const rows =
    orgIds !== 'all' && orgIds.length === 0
      ? []
      : await db
          .selectFrom('org_settings')
          .select(['org_id', 'screening'])
          .where('screening', 'is not', null)
          .$if(orgIds !== 'all', (q) => q.where('org_id', 'in', orgIds as readonly string[]))
          .execute();
  const custom = rows.flatMap((r) => {
    const parsed = ScreeningSettings.safeParse(r.screening);
    const settings = parsed.success ? parsed.data : DEFAULT_SCREENING_SETTINGS;
    return CUT_OFF_INSTRUMENTS.map((i) => sql`(${r.org_id}::uuid, ${i}::text, ${cutOff(i, settings).atLeast}::int)`);
  });
  const defaults = CUT_OFF_INSTRUMENTS.map((i) => sql`(${i}::text, ${cutOff(i, DEFAULT_SCREENING_SETTINGS).atLeast}::int)`);
  const customSource = custom.length ? sql`(values ${sql.join(custom)})` : sql`(select null::uuid, null::text, null::int where false)`;
  return sql`left join ${customSource} as sc(org_id, instrument_id, at_least) on sc.org_id = s.org_id and sc.instrument_id = s.instrument_id
    left join (values ${sql.join(defaults)}) as dc(instrument_id, at_least) on dc.instrument_id = s.instrument_id`;
}

/**
 * `isPositiveScreen` (core/screening/settings.ts) of the screening `s`, under the cut-off joined
 * by `screeningCutOffs`. The rule is written here a second time, branch for branch, because it has
 * to run over every screening in the database; the lists it reads (ASSIST substances, the flag)
 * come from core, the cut-offs from core's `cutOff`, and the test "SQL positivity is
 * isPositiveScreen" in test/server/indicators-care.int.test.ts scores answers of every
 * instrument with core and checks both agree screening by screening, so the two cannot drift
 * apart unseen. Branches, in isPositiveScreen's order:
 * 1. the suicide-risk flag, complete or not;
 * 2. C-SSRS: complete and a band other than none;
 * 3. ASSIST: the ATS score ≥ the cut-off, or any other listed substance not in the low band;
 * 4. scales: complete and total ≥ the cut-off.
 */
export function positiveScreenSql(): RawBuilder<boolean> {
  const cut = sql`coalesce(sc.at_least, dc.at_least)`;
  const others = ASSIST_SUBSTANCES.filter((x) => x !== 'ats');
  return sql<boolean>`(
    ${SUICIDE_RISK}::text = any(s.flags)
    or (s.instrument_id = 'cssrs' and s.complete and s.band is not null and s.band <> 'none')
    or (s.instrument_id = 'assist' and exists (
      select 1 from jsonb_each(s.subscores) as sub(substance, v)
      where (sub.substance = 'ats' and (sub.v->>'score')::numeric >= ${cut})
         or (sub.substance in (${sql.join(others.map((x) => sql`${x}::text`))}) and (sub.v->>'band') is distinct from 'low')))
    or (s.instrument_id not in ('cssrs', 'assist') and s.complete and s.total is not null and s.total >= ${cut})
  )`;
}

/**
 * Each client's latest screening of each instrument in each period, among those `eligible`, as
 * the row source `x` (with `x.person`, `x.positive`, `x.rn` = 1 for the latest), then the
 * organisation `o` and the client `c`. Ties on time go to the larger id (UUIDv7: recorded later).
 * Screenings are matched to each organisation's periods by UTC bounds, as `FactQuery.instant` does.
 */
function latestScreenings(req: IndicatorRequest, eligible: RawBuilder<boolean>, positive: RawBuilder<boolean>, cutOffs: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(
      select s.id, s.org_id, s.instrument_id, s.at, s.band, s.subscores, c0.person, ${positive} as positive,
        row_number() over (partition by c0.person, s.instrument_id, sb.period order by s.at desc, s.id desc) as rn
      from (${periodBoundsSql(periodsBetween(req.from, req.to, req.periodKind), req.orgIds)}) sb
      join screenings s on s.org_id = sb.org_id and s.at >= sb.lo and s.at < sb.hi
      join (select id, coalesce(merged_into, id) as person from clients) c0 on c0.id = s.client_id
      ${cutOffs}
      where ${eligible}
    ) x
    join organisations o on o.id = x.org_id
    join clients c on c.id = x.person`;
}

/**
 * The band a screening is counted under: its own, and for ASSIST (which has one band per
 * substance, no overall band) the band of its amphetamine-type stimulants score, the substance
 * this programme serves and the one its cut-off is set on.
 */
const SCREENING_BAND = sql`coalesce(x.band, case when x.instrument_id = 'assist' then x.subscores->'ats'->>'band' end, 'unknown')`;

function screeningFacts(from: RawBuilder<unknown>, where: RawBuilder<boolean>): FactQuery {
  return {
    from,
    where,
    local: localTime(sql.ref('x.at'), sql.ref('o')),
    instant: sql.ref('x.at'),
    client: 'c',
    site: sql.ref('c.site_id'),
    org: sql.ref('x.org_id'),
    person: sql.ref('x.person'),
    weight: sql`1`,
    breakdowns: [
      { id: 'instrument', value: sql.ref('x.instrument_id') },
      { id: 'band', value: SCREENING_BAND },
    ],
    measure: COUNT,
    empty: { value: 0 },
  };
}

/**
 * screenings_done: distinct clients with ≥ 1 complete screening of the instrument in the period,
 * under the band of their latest complete one in that period (one band per client and
 * instrument). Incomplete screenings are not screenings done. The period's total is the distinct
 * clients screened with any instrument.
 */
export const screeningsDone: IndicatorSql = async (db, req) => {
  const from = latestScreenings(req, sql<boolean>`s.complete`, sql<boolean>`false`, sql``);
  return groupedFacts(db, req, screeningFacts(from, sql<boolean>`x.rn = 1`));
};

/**
 * screenings_positive: clients whose latest screening of the instrument in the period is positive
 * under their organisation's cut-offs. "Latest" is the latest screening that decided something:
 * complete, or positive although incomplete (a suicide-risk flag, a scored ASSIST substance), the
 * rule `nextScreeningDue` uses; an abandoned form does not hide the screen before it. A later
 * negative screen in the period clears an earlier positive. Counted under the band of that latest
 * screening ('unknown' for an incomplete one without a band).
 */
export const screeningsPositive: IndicatorSql = async (db, req) => {
  const positive = positiveScreenSql();
  const from = latestScreenings(req, sql<boolean>`(s.complete or ${positive})`, positive, await screeningCutOffs(db, req.orgIds));
  return groupedFacts(db, req, screeningFacts(from, sql<boolean>`x.rn = 1 and x.positive`));
};

// --- crisis episodes ---------------------------------------------------------------------------------

/**
 * crisis_episodes: episodes closed in the period (the local day of `closed_at`, when the server
 * recorded the close), by level and outcome ('unknown' if none was recorded). An episode without a
 * client counts under 'unknown' for every client disaggregation (province included: it is the
 * client's); its site is the episode's own.
 */
export const crisisEpisodes: IndicatorSql = async (db, req) =>
  groupedFacts(db, req, {
    from: sql`crisis_episodes e join organisations o on o.id = e.org_id left join clients c0 on c0.id = e.client_id left join clients c on c.id = coalesce(c0.merged_into, c0.id)`,
    where: sql<boolean>`e.closed_at is not null`,
    local: localTime(sql.ref('e.closed_at'), sql.ref('o')),
    instant: sql.ref('e.closed_at'),
    client: 'c',
    site: sql.ref('e.site_id'),
    org: sql.ref('e.org_id'),
    person: sql.ref('e.id'),
    weight: sql`1`,
    breakdowns: [
      { id: 'crisis_level', value: sql.ref('e.level') },
      { id: 'crisis_outcome', value: sql`coalesce(e.outcome, 'unknown')` },
    ],
    measure: COUNT,
    empty: { value: 0 },
  });

// --- referrals ----------------------------------------------------------------------------------------

/**
 * Referrals by the day they were made (`at`, local to the referring organisation), scoped and split
 * by organisation on `from_org_id`, the organisation that owns the client. Referrals have no site:
 * the site is the client's. The status is the one stored on the referral, which the store derives
 * from its events after every append (as the referral numbers page reads it).
 */
function referralFacts(extra: { from?: RawBuilder<unknown>; where?: RawBuilder<boolean> } = {}): Pick<FactQuery, 'from' | 'where' | 'local' | 'instant' | 'client' | 'site' | 'org' | 'person'> {
  return {
    from: sql`referrals r join organisations o on o.id = r.from_org_id ${CANONICAL(sql.ref('r.client_id'))} ${extra.from ?? sql``}`,
    where: extra.where ?? sql<boolean>`true`,
    local: localTime(sql.ref('r.at'), sql.ref('o')),
    instant: sql.ref('r.at'),
    client: 'c',
    site: sql.ref('c.site_id'),
    org: sql.ref('r.from_org_id'),
    person: sql.ref('r.id'),
  };
}

/** referrals_made: referrals created in the period, drafts (status 'created') included. */
export const referralsMade: IndicatorSql = async (db, req) => groupedFacts(db, req, { ...referralFacts(), weight: sql`1`, breakdowns: [], measure: COUNT, empty: { value: 0 } });

/** referrals_completed: referrals created in the period whose status is now 'completed'. */
export const referralsCompleted: IndicatorSql = async (db, req) =>
  groupedFacts(db, req, { ...referralFacts({ where: sql<boolean>`r.status = 'completed'` }), weight: sql`1`, breakdowns: [], measure: COUNT, empty: { value: 0 } });

/**
 * referral_completion_rate: completed / (created − cancelled) over the referrals created in the
 * period, as `referralIndicators` (core/referrals/indicators.ts) counts it: lost, declined and
 * open referrals stay in the denominator. Null when the denominator is 0.
 */
export const referralCompletionRate: IndicatorSql = async (db, req) => {
  const numerator = sql`count(distinct person) filter (where status = 'completed')`;
  const denominator = sql`count(distinct person) filter (where status <> 'cancelled')`;
  return groupedFacts(db, req, {
    ...referralFacts(),
    weight: sql`1`,
    columns: { status: sql.ref('r.status') },
    breakdowns: [],
    measure: sql`(${numerator})::float8 / nullif(${denominator}, 0)`,
    numerator,
    denominator,
    empty: { value: null, numerator: 0, denominator: 0 },
  });
};

/**
 * referral_median_days_to_attendance: the median of the days from the local day a referral was
 * made to the local day of its accepted `attend` event, over the referrals created in the period
 * that are now attended or completed; `denominator` = those cases, no numerator (a median has
 * none). `referralIndicators` replays the events in order and takes the `attend` the lifecycle
 * accepted. For a referral attended or completed now, that is the first `attend` after the first
 * `send`: before the first send the status is 'created', from which attend is refused (and only
 * cancel or lose, both terminal, are allowed, which would contradict the status now); after it,
 * until an attend, the status can only be sent, accepted or no_show (a decline leads only to
 * terminal statuses), from each of which attend is accepted. Both days are in the referring
 * organisation's time zone. percentile_cont(0.5) takes the mean of the two middle values for an
 * even count, as core's median does.
 */
export const referralMedianDaysToAttendance: IndicatorSql = async (db, req) => {
  const attended = sql`join lateral (
      select a.at from referral_events a
      where a.referral_id = r.id and a.event = 'attend'
        and a.seq > (select min(sd.seq) from referral_events sd where sd.referral_id = r.id and sd.event = 'send')
      order by a.seq limit 1
    ) att on true`;
  const days = sql`((${localTime(sql.ref('att.at'), sql.ref('o'))})::date - (${localTime(sql.ref('r.at'), sql.ref('o'))})::date)`;
  const query = (r: IndicatorRequest) =>
    groupedFacts(db, r, {
      ...referralFacts({ from: attended, where: sql<boolean>`r.status in ('attended', 'completed')` }),
      weight: days,
      breakdowns: [],
      measure: sql`percentile_cont(0.5) within group (order by weight)`,
      denominator: COUNT,
      samples: sql`array_agg(weight order by weight)`,
      empty: { value: null, denominator: 0, ...(r.samples ? { samples: [] } : {}) },
    });
  const table = await query(req);
  // A key-population split repeats a referral once per key population; a distinct count copes,
  // a median cannot, so the period's medians then come from the same query without the split.
  if (!req.disaggregation.includes('key_population')) return table;
  const totals = await query({ ...req, disaggregation: [] });
  const byOrg = table.byOrg && new Map([...table.byOrg].map(([org, t]) => [org, { ...t, totals: totals.byOrg!.get(org)!.totals }]));
  return { ...table, totals: totals.totals, ...(byOrg ? { byOrg } : {}) };
};

// --- follow-ups ---------------------------------------------------------------------------------------

/**
 * follow_ups_on_time: follow-ups due in the period — a contact's `follow_up_on`, and a crisis
 * episode's when it has a client (one without a client cannot be met "again") — and among them
 * those where the same client (or a client merged into them) had a contact after the one that set
 * the follow-up, on a local day ≤ the due day. After a crisis, "after" means after its outcome
 * (`outcome_at`, the opening time if none), so the contact recorded at the crisis itself does not
 * count. Periods go by the due day.
 *
 * A follow-up counts only once its due day has passed (due day < today, in the organisation's time
 * zone, or `req.today`): until then it can still be met on time, and counting it early would make
 * the current period read low for reasons that are not late follow-ups. A follow-up due today
 * counts from tomorrow. Rate: on time / due, null when none is due.
 */
export const followUpsOnTime: IndicatorSql = async (db, req) => {
  const range = periodRange(req);
  const due = (col: string) => sql`${sql.ref(col)} >= ${range.start}::date and ${sql.ref(col)} < ${range.end}::date`;
  // Contacts that set a follow-up are read through contacts_org_follow_up_idx, one range per
  // organisation in scope (the join to organisations gives the planner the ids for 'all' too).
  const followUps = sql`(
      select x.id, x.org_id, x.client_id, x.site_id, x.follow_up_on as due, x.at as after_at
      from organisations xo join contacts x on x.org_id = xo.id
      where x.follow_up_on is not null and ${inScope(sql.ref('xo.id'), req.orgIds)} and ${due('x.follow_up_on')}
      union all
      select e.id, e.org_id, e.client_id, e.site_id, e.follow_up_on, coalesce(e.outcome_at, e.at)
      from crisis_episodes e where e.follow_up_on is not null and e.client_id is not null and ${inScope(sql.ref('e.org_id'), req.orgIds)} and ${due('e.follow_up_on')}
    ) f`;
  // The ids a person's contacts can carry: their own and those of clients merged into them. The
  // contact is looked up by (client_id, at) through contacts_client_idx, up to the end of the due
  // day in the organisation's zone. A lateral join, not an `exists` column: the column would be
  // planned once per aggregate that reads it (value and numerator), the join runs once per row.
  const metAgain = sql`left join (select merged_into as person, array_agg(id) as ids from clients where merged_into is not null and ${inScope(sql.ref('org_id'), req.orgIds)} group by merged_into) m on m.person = c.id
    left join lateral (
      select true as hit from unnest(array[c.id] || coalesce(m.ids, array[]::uuid[])) as p(id) join contacts y on y.client_id = p.id
      where y.at > f.after_at
        and y.at < ((f.due + 1)::timestamp at time zone o.time_zone)
      limit 1
    ) met on true`;
  const today = req.today === undefined ? sql`(now() at time zone o.time_zone)::date` : sql`${req.today}::date`;
  const numerator = sql`count(distinct person) filter (where on_time)`;
  return groupedFacts(db, req, {
    from: sql`${followUps} join organisations o on o.id = f.org_id ${CANONICAL(sql.ref('f.client_id'))} ${metAgain}`,
    where: sql<boolean>`f.due < ${today}`,
    local: sql.ref('f.due'),
    client: 'c',
    site: sql.ref('f.site_id'),
    org: sql.ref('f.org_id'),
    person: sql.ref('f.id'),
    weight: sql`1`,
    columns: { on_time: sql`met.hit is not null` },
    breakdowns: [],
    measure: sql`(${numerator})::float8 / nullif(${COUNT}, 0)`,
    numerator,
    denominator: COUNT,
    empty: { value: null, numerator: 0, denominator: 0 },
  });
};

/** The care indicators' SQL, by id (compute.ts merges it with the field indicators). */
export const CARE_INDICATORS: Partial<Record<IndicatorId, IndicatorSql>> = {
  screenings_done: screeningsDone,
  screenings_positive: screeningsPositive,
  crisis_episodes: crisisEpisodes,
  referrals_made: referralsMade,
  referrals_completed: referralsCompleted,
  referral_completion_rate: referralCompletionRate,
  referral_median_days_to_attendance: referralMedianDaysToAttendance,
  follow_ups_on_time: followUpsOnTime,
};
