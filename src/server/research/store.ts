import { sql, type RawBuilder } from 'kysely';
import type { ResearchSourceClient } from '../../core/exports/deidentify.ts';
import type { OutcomeClient, OutcomeInstrumentId } from '../../core/indicators/outcomes.ts';
import { REFERRAL_TRANSITIONS } from '../../core/referrals/lifecycle.ts';
import { REFERRAL_EVENTS } from '../../core/referrals/schema.ts';
import type { Tx } from '../db/scope.ts';
import { inScope } from '../indicators/common.ts';

/**
 * The SQL behind the research extract and the outcomes (issue #6 §3–4). A merged client's rows
 * count as the client it was merged into, as in the indicators. Client ids are read only as join
 * keys inside these functions: neither the extract nor the outcomes ever return one.
 */

/** Local days, both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

type OrgIds = readonly string[] | 'all';

/** A coarse test on a UTC column that the (org_id, at) indexes can use; the exact one is on the local day. */
const near = (at: RawBuilder<unknown>, r: DayRange) => sql<boolean>`(${at} >= (${r.from}::date - 2)::timestamptz and ${at} < (${r.to}::date + 3)::timestamptz)`;

/** The status a referral event leads to, for 'referral_outcome:<status>' ('send' is the referral being made, already a fact). */
const OUTCOME_OF_EVENT = sql.join(
  REFERRAL_EVENTS.filter((e) => e !== 'send').map((e) => sql`when ${e} then ${REFERRAL_TRANSITIONS[e].to}`),
  sql` `,
);

/**
 * Every dated fact of the scope's clients near the range: person (the surviving client), org_id,
 * kind (a code) and at. Only codes built from enumerated columns: no free text, no names.
 */
function factsSql(orgIds: OrgIds, r: DayRange): RawBuilder<unknown> {
  const person = sql`coalesce(c0.merged_into, c0.id)`;
  return sql`
    select ${person} as person, x.org_id, 'contact' as kind, x.at from contacts x join clients c0 on c0.id = x.client_id
      where ${inScope(sql.ref('x.org_id'), orgIds)} and ${near(sql.ref('x.at'), r)}
    union all
    select ${person}, x.org_id, 'service:' || s.service, x.at from contacts x join clients c0 on c0.id = x.client_id cross join lateral unnest(x.services) as s(service)
      where ${inScope(sql.ref('x.org_id'), orgIds)} and ${near(sql.ref('x.at'), r)}
    union all
    select ${person}, x.org_id, 'screening:' || x.instrument_id || ':' || x.band, x.at from screenings x join clients c0 on c0.id = x.client_id
      where x.complete and x.band is not null and ${inScope(sql.ref('x.org_id'), orgIds)} and ${near(sql.ref('x.at'), r)}
    union all
    select ${person}, x.from_org_id, 'referral:' || x.service, x.at from referrals x join clients c0 on c0.id = x.client_id
      where ${inScope(sql.ref('x.from_org_id'), orgIds)} and ${near(sql.ref('x.at'), r)}
    union all
    select ${person}, e.from_org_id, 'referral_outcome:' || (case e.event ${OUTCOME_OF_EVENT} end), e.at
      from referral_events e join referrals x on x.id = e.referral_id join clients c0 on c0.id = x.client_id
      where e.event <> 'send' and ${inScope(sql.ref('e.from_org_id'), orgIds)} and ${near(sql.ref('e.at'), r)}
    union all
    select ${person}, x.org_id, 'crisis:' || x.level, x.at from crisis_episodes x join clients c0 on c0.id = x.client_id
      where ${inScope(sql.ref('x.org_id'), orgIds)} and ${near(sql.ref('x.at'), r)}
  `;
}

interface PersonRow {
  person: string;
  consenting: boolean;
  decisions: boolean[] | null;
  birth_year: number | null;
  sex_at_birth: string | null;
  gender_identity: string | null;
  key_populations: string[] | null;
  province_id: string | null;
}

/**
 * The clients with at least one fact in the range, each with their research decisions in the order
 * recorded (by time, then id). The attributes and facts of those whose latest decision is not
 * "given" never leave the database: they come back only to be counted as excluded. `deidentify`
 * applies the same rule again from the decisions, so the two locks must both open.
 */
export async function researchSources(tx: Tx, orgIds: OrgIds, r: DayRange): Promise<{ clients: ResearchSourceClient[]; excludedNoConsent: number }> {
  const base = sql`
    with facts as (
      select f.person, f.kind, to_char(f.at at time zone o.time_zone, 'YYYY-MM-DD') as day
      from (${factsSql(orgIds, r)}) as f join organisations o on o.id = f.org_id
      where (f.at at time zone o.time_zone)::date between ${r.from}::date and ${r.to}::date
    ),
    people as (select distinct person from facts),
    decisions as (
      select coalesce(c0.merged_into, c0.id) as person, array_agg(k.given order by k.at, k.id) as decisions
      from client_consents k join clients c0 on c0.id = k.client_id
      where k.kind = 'research' and ${inScope(sql.ref('k.org_id'), orgIds)} and coalesce(c0.merged_into, c0.id) in (select person from people)
      group by 1
    ),
    judged as (
      select p.person, d.decisions, coalesce(d.decisions[cardinality(d.decisions)], false) as consenting
      from people p left join decisions d on d.person = p.person
    )`;
  const people = await sql<PersonRow>`
    ${base}
    select j.person, j.consenting,
      case when j.consenting then j.decisions end as decisions,
      case when j.consenting then c.birth_year end as birth_year,
      case when j.consenting then c.sex_at_birth end as sex_at_birth,
      case when j.consenting then c.gender_identity end as gender_identity,
      case when j.consenting then c.key_populations end as key_populations,
      case when j.consenting then c.province_id end as province_id
    from judged j join clients c on c.id = j.person
  `.execute(tx);
  const facts = await sql<{ person: string; kind: string; day: string }>`
    ${base}
    select f.person, f.kind, f.day from facts f join judged j on j.person = f.person and j.consenting
    order by f.day, f.kind
  `.execute(tx);

  const byPerson = new Map<string, { kind: string; day: string }[]>();
  for (const f of facts.rows) (byPerson.get(f.person) ?? byPerson.set(f.person, []).get(f.person)!).push({ kind: f.kind, day: f.day });
  const consenting = people.rows.filter((p) => p.consenting);
  return {
    excludedNoConsent: people.rows.length - consenting.length,
    clients: consenting.map((p) => ({
      birthYear: p.birth_year,
      sexAtBirth: p.sex_at_birth as ResearchSourceClient['sexAtBirth'],
      genderIdentity: p.gender_identity ?? 'unknown',
      keyPopulations: p.key_populations ?? [],
      provinceId: p.province_id ?? 'unknown',
      consents: (p.decisions ?? []).map((given) => ({ kind: 'research' as const, given })),
      facts: byPerson.get(p.person) ?? [],
    })),
  };
}

/**
 * For outcomes: the scope's clients with at least two complete screenings of the instrument whose
 * local day is in the range, with those screenings, the times of their contacts that included a
 * brief motivational conversation and of the referrals made for them, in the range. Group
 * attendance is not recorded yet (issue #7).
 */
export async function outcomeSources(tx: Tx, orgIds: OrgIds, instrumentId: OutcomeInstrumentId, r: DayRange): Promise<OutcomeClient[]> {
  const inDays = (at: RawBuilder<unknown>) => sql<boolean>`(${at} at time zone o.time_zone)::date between ${r.from}::date and ${r.to}::date`;
  const screened = sql`
    select coalesce(c0.merged_into, c0.id) as person, x.at, x.total, x.band
    from screenings x join clients c0 on c0.id = x.client_id join organisations o on o.id = x.org_id
    where x.instrument_id = ${instrumentId} and x.complete and x.total is not null and x.band is not null
      and ${inScope(sql.ref('x.org_id'), orgIds)} and ${near(sql.ref('x.at'), r)} and ${inDays(sql.ref('x.at'))}`;
  const screenings = await sql<{ person: string; at: Date; total: number; band: string }>`
    with s as (${screened}), twice as (select person from s group by person having count(*) >= 2)
    select s.person, s.at, s.total, s.band from s join twice t on t.person = s.person
  `.execute(tx);
  const clients = new Map<string, { screenings: OutcomeClient['screenings'][number][]; motivationalContacts: string[]; referrals: string[]; groupSessions: string[] }>();
  for (const s of screenings.rows) {
    const c = clients.get(s.person) ?? clients.set(s.person, { screenings: [], motivationalContacts: [], referrals: [], groupSessions: [] }).get(s.person)!;
    c.screenings.push({ at: new Date(s.at).toISOString(), total: Number(s.total), band: s.band });
  }
  if (clients.size === 0) return [];

  const twice = sql`(with s as (${screened}) select person from s group by person having count(*) >= 2)`;
  const talks = await sql<{ person: string; at: Date }>`
    select coalesce(c0.merged_into, c0.id) as person, x.at
    from contacts x join clients c0 on c0.id = x.client_id join organisations o on o.id = x.org_id
    where 'brief_motivational' = any(x.services) and ${inScope(sql.ref('x.org_id'), orgIds)} and ${near(sql.ref('x.at'), r)} and ${inDays(sql.ref('x.at'))}
      and coalesce(c0.merged_into, c0.id) in ${twice}
  `.execute(tx);
  for (const t of talks.rows) clients.get(t.person)?.motivationalContacts.push(new Date(t.at).toISOString());
  const referred = await sql<{ person: string; at: Date }>`
    select coalesce(c0.merged_into, c0.id) as person, x.at
    from referrals x join clients c0 on c0.id = x.client_id join organisations o on o.id = x.from_org_id
    where ${inScope(sql.ref('x.from_org_id'), orgIds)} and ${near(sql.ref('x.at'), r)} and ${inDays(sql.ref('x.at'))}
      and coalesce(c0.merged_into, c0.id) in ${twice}
  `.execute(tx);
  for (const x of referred.rows) clients.get(x.person)?.referrals.push(new Date(x.at).toISOString());
  const attended = await sql<{ person: string; at: Date }>`
    select coalesce(c0.merged_into, c0.id) as person, x.at
    from group_attendance x join clients c0 on c0.id = x.client_id join organisations o on o.id = x.org_id
    where ${inScope(sql.ref('x.org_id'), orgIds)} and ${near(sql.ref('x.at'), r)} and ${inDays(sql.ref('x.at'))}
      and coalesce(c0.merged_into, c0.id) in ${twice}
  `.execute(tx);
  for (const x of attended.rows) clients.get(x.person)?.groupSessions.push(new Date(x.at).toISOString());

  return [...clients.values()];
}
