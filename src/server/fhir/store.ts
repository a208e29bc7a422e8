import { sql, type Expression, type SqlBool } from 'kysely';
import type { ConsentKind, SexAtBirth } from '../../core/clients/schema.ts';
import type { ContactMode } from '../../core/contacts/schema.ts';
import type { FhirExportInput, FhirGroupSessionInput } from '../../core/exports/fhir.ts';
import type { GroupKind } from '../../core/groups/schema.ts';
import type { SiteKind } from '../../core/organisations/schema.ts';
import type { ReferralStatus, ReferralUrgency } from '../../core/referrals/schema.ts';
import type { InstrumentId } from '../../core/screening/types.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Tx } from '../db/scope.ts';
import { dateOnly } from '../referrals/store.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Local calendar days, both ends included, in the organisation's time zone. */
export interface DayRange {
  from: string;
  to: string;
}

/** `at` (timestamptz) falls on a day of `range` in time zone `tz`. */
function onDays(at: string, tz: string, range: DayRange): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(at)} at time zone ${tz})::date between ${range.from}::date and ${range.to}::date`;
}

export async function orgOf(tx: Tx, orgId: string): Promise<{ id: string; name: string; timeZone: string }> {
  const org = await tx.selectFrom('organisations').select(['id', 'name', 'time_zone']).where('id', '=', orgId).executeTakeFirstOrThrow();
  return { id: org.id, name: org.name, timeZone: org.time_zone };
}

/** The person a client id stands for (a merged alias stands for its survivor), or null when it is not this organisation's. */
export async function personOf(tx: Tx, orgId: string, clientId: string): Promise<string | null> {
  const row = await tx.selectFrom('clients').select(['id', 'merged_into']).where('org_id', '=', orgId).where('id', '=', clientId).executeTakeFirst();
  return row ? (row.merged_into ?? row.id) : null;
}

/**
 * People with something on record in the range: registered, met, screened, referred or at a group
 * session on one of its days (records under a merged alias count for the survivor).
 */
export async function peopleActiveIn(tx: Tx, orgId: string, tz: string, range: DayRange): Promise<string[]> {
  const rows = await tx
    .selectFrom('clients as c')
    .select(sql<string>`coalesce(c.merged_into, c.id)`.as('person'))
    .distinct()
    .where('c.org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        onDays('c.registered_at', tz, range),
        eb.exists(eb.selectFrom('contacts as k').select('k.id').where('k.org_id', '=', orgId).whereRef('k.client_id', '=', 'c.id').where(onDays('k.at', tz, range))),
        eb.exists(eb.selectFrom('screenings as s').select('s.id').where('s.org_id', '=', orgId).whereRef('s.client_id', '=', 'c.id').where(onDays('s.at', tz, range))),
        eb.exists(eb.selectFrom('referrals as r').select('r.id').where('r.from_org_id', '=', orgId).whereRef('r.client_id', '=', 'c.id').where(onDays('r.at', tz, range))),
        eb.exists(eb.selectFrom('group_attendance as ga').select('ga.session_id').where('ga.org_id', '=', orgId).whereRef('ga.client_id', '=', 'c.id').where(onDays('ga.at', tz, range))),
      ]),
    )
    .execute();
  return rows.map((r) => r.person).sort();
}

/** Of `people`, those whose latest decision of consent `kind` (over all their merged ids) is "given". */
export async function peopleWithConsent(tx: Tx, orgId: string, people: readonly string[], kind: ConsentKind): Promise<Set<string>> {
  if (people.length === 0) return new Set();
  const rows = await tx
    .selectFrom('client_consents as cc')
    .innerJoin('clients as c', 'c.id', 'cc.client_id')
    .select([sql<string>`coalesce(c.merged_into, c.id)`.as('person'), 'cc.given', 'cc.at'])
    .where('cc.org_id', '=', orgId)
    .where('cc.kind', '=', kind)
    .where(sql<string>`coalesce(c.merged_into, c.id)`, 'in', [...people])
    .orderBy('cc.at')
    .execute();
  const latest = new Map<string, boolean>();
  for (const r of rows) latest.set(r.person, r.given);
  return new Set([...latest].filter(([, given]) => given).map(([person]) => person));
}

/**
 * The records of `people` for the FHIR mapping, sealed fields opened; records under a merged
 * alias are filed under the person. With a range, only contacts, screenings, referrals and group
 * sessions dated in it; consents always whole (they say what may be done with the rest). Never read:
 * nicknames, phones, notes, referral reasons or shared snapshots, crisis episodes, a group session's
 * topic, notes, facilitators, materials or anonymous count.
 */
export async function exportRecords(
  tx: Tx,
  crypto: Crypto,
  org: { id: string; name: string; timeZone: string },
  people: readonly string[],
  range: DayRange | null,
): Promise<Omit<FhirExportInput, 'bundleId' | 'generatedAt' | 'group'>> {
  const orgId = org.id;
  const base = { organisation: { id: org.id, name: org.name } };
  if (people.length === 0) return { ...base, providers: [], clients: [], contacts: [], screenings: [], referrals: [], consents: [], groups: [], groupSessions: [], attendance: [] };
  const rows = await tx
    .selectFrom('clients')
    .select(['id', 'merged_into', 'uic_enc', 'birth_year', 'sex_at_birth'])
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('id', 'in', [...people]), eb('merged_into', 'in', [...people])]))
    .execute();
  const personOfId = new Map(rows.map((r) => [r.id, r.merged_into ?? r.id]));
  const ids = [...personOfId.keys()];
  const person = (clientId: string) => personOfId.get(clientId)!;
  const inRange = range ? onDays('at', org.timeZone, range) : sql<SqlBool>`true`;

  const consents = await tx.selectFrom('client_consents').select(['id', 'client_id', 'kind', 'given', 'at']).where('org_id', '=', orgId).where('client_id', 'in', ids).orderBy('at').orderBy('id').execute();
  const contacts = await tx.selectFrom('contacts').select(['id', 'client_id', 'at', 'mode', 'services']).where('org_id', '=', orgId).where('client_id', 'in', ids).where(inRange).orderBy('at').orderBy('id').execute();
  const screenings = await tx
    .selectFrom('screenings')
    .select(['id', 'client_id', 'instrument_id', 'instrument_version', 'at', 'answers_enc', 'complete', 'total', 'band', 'subscores', 'flags'])
    .where('org_id', '=', orgId)
    .where('client_id', 'in', ids)
    .where(inRange)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const referrals = await tx
    .selectFrom('referrals')
    .select(['id', 'code', 'client_id', 'provider_id', 'service', 'urgency', 'due_on', 'at', 'status', 'status_at', 'contact_id'])
    .where('from_org_id', '=', orgId)
    .where('client_id', 'in', ids)
    .where(inRange)
    .orderBy('at')
    .orderBy('id')
    .execute();
  // The sessions these people came to: their time and group only (never the topic or notes).
  const attended = await tx
    .selectFrom('group_attendance as a')
    .innerJoin('group_sessions as s', 's.id', 'a.session_id')
    .select(['a.session_id', 'a.client_id', 's.group_id', 's.at'])
    .where('a.org_id', '=', orgId)
    .where('s.org_id', '=', orgId)
    .where('a.client_id', 'in', ids)
    .where(range ? onDays('s.at', org.timeZone, range) : sql<SqlBool>`true`)
    .orderBy('s.at')
    .orderBy('a.session_id')
    .execute();
  const groupIds = [...new Set(attended.map((a) => a.group_id))];
  const groups = groupIds.length
    ? await tx.selectFrom('groups as g').innerJoin('sites as st', 'st.id', 'g.site_id').select(['g.id', 'g.name', 'g.kind', 'st.kind as site_kind']).where('g.org_id', '=', orgId).where('g.id', 'in', groupIds).orderBy('g.id').execute()
    : [];
  const groupSessions = new Map<string, FhirGroupSessionInput>();
  for (const a of attended) groupSessions.set(a.session_id, { id: a.session_id, groupId: a.group_id, at: iso(a.at) });

  const providerIds = [...new Set(referrals.map((r) => r.provider_id))];
  const providers = providerIds.length ? await tx.selectFrom('providers').select(['id', 'name']).where('id', 'in', providerIds).orderBy('id').execute() : [];

  return {
    ...base,
    providers,
    clients: rows
      .filter((r) => r.merged_into === null)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((r) => ({ id: r.id, uic: crypto.decrypt(r.uic_enc), birthYear: r.birth_year, sexAtBirth: r.sex_at_birth as SexAtBirth | null })),
    consents: consents.map((c) => ({ id: c.id, clientId: person(c.client_id), kind: c.kind as ConsentKind, given: c.given, at: iso(c.at) })),
    contacts: contacts.map((k) => ({ id: k.id, clientId: person(k.client_id), at: iso(k.at), mode: k.mode as ContactMode, services: k.services })),
    screenings: screenings.map((s) => ({
      id: s.id,
      clientId: person(s.client_id),
      instrumentId: s.instrument_id as InstrumentId,
      instrumentVersion: s.instrument_version,
      at: iso(s.at),
      answers: JSON.parse(crypto.decrypt(s.answers_enc)) as unknown,
      complete: s.complete,
      total: s.total,
      band: s.band,
      subscores: (s.subscores ?? null) as Record<string, { score: number; band: string }> | null,
      flags: s.flags,
    })),
    referrals: referrals.map((r) => ({
      id: r.id,
      code: r.code,
      clientId: person(r.client_id),
      providerId: r.provider_id,
      service: r.service,
      urgency: r.urgency as ReferralUrgency,
      dueOn: dateOnly(r.due_on),
      at: iso(r.at),
      status: r.status as ReferralStatus,
      statusAt: iso(r.status_at),
      contactId: r.contact_id,
    })),
    groups: groups.map((g) => ({ id: g.id, name: g.name, kind: g.kind as GroupKind, siteKind: g.site_kind as SiteKind })),
    groupSessions: [...groupSessions.values()],
    attendance: attended.map((a) => ({ sessionId: a.session_id, clientId: person(a.client_id) })),
  };
}
