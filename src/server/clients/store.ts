import type { ClientSummary } from '../../core/clients/schema.ts';
import { sql } from 'kysely';
import { currentConsents, type ConsentKind } from '../../core/clients/schema.ts';
import { compareUic } from '../../core/clients/uic.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Tx } from '../db/scope.ts';
import { networkRecipe } from '../sync/push.ts';
import { readProfile, uicIndex, uicNearIndexes } from './apply.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
const dateOnly = (d: string | Date | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** The ids that stand for one person: the client and the aliases merged into it. */
async function identityIds(tx: Tx, orgId: string, clientId: string): Promise<string[]> {
  const rows = await tx.selectFrom('clients').select('id').where('org_id', '=', orgId).where((eb) => eb.or([eb('id', '=', clientId), eb('merged_into', '=', clientId)])).execute();
  return rows.map((r) => r.id);
}

/** Clients most recently seen or registered first. */
export async function listClients(tx: Tx, crypto: Crypto, orgId: string, limit: number): Promise<ClientSummary[]> {
  // A person's contacts include those recorded under aliases merged into them; the follow-up that
  // counts is the one set at their latest contact.
  const latest = sql<{ at: Date; follow_up_on: string | Date | null }>`(
    select k.at, k.follow_up_on from contacts k join clients kc on kc.id = k.client_id
    where k.org_id = ${orgId} and coalesce(kc.merged_into, kc.id) = c.id
    order by k.at desc limit 1)`;
  const rows = await tx
    .selectFrom('clients as c')
    .leftJoinLateral(latest.as('l'), (join) => join.onTrue())
    .select(['c.id', 'c.uic_enc', 'c.nickname_enc', 'c.registered_at', sql<Date | null>`l.at`.as('last_at'), sql<string | Date | null>`l.follow_up_on`.as('follow_up_on')])
    .where('c.org_id', '=', orgId)
    .where('c.merged_into', 'is', null)
    .orderBy(sql`coalesce(l.at, c.registered_at)`, 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    uic: crypto.decrypt(r.uic_enc),
    nickname: r.nickname_enc ? crypto.decrypt(r.nickname_enc) : null,
    registeredAt: iso(r.registered_at),
    lastContactAt: r.last_at ? iso(r.last_at) : null,
    nextFollowUpOn: dateOnly(r.follow_up_on),
  }));
}

/** Whether the organisation has this UIC, or ones a single part away (found through blind indexes). */
export async function matchUic(tx: Tx, crypto: Crypto, orgId: string, uic: string) {
  const recipe = await networkRecipe(tx);
  const b = { crypto, recipe };
  const near = uicNearIndexes(b, uic);
  const rows = await tx
    .selectFrom('clients')
    .select(['id', 'uic_enc', 'nickname_enc', 'uic_hmac'])
    .where('org_id', '=', orgId)
    .where('merged_into', 'is', null)
    .where((eb) => eb.or([eb('uic_hmac', '=', uicIndex(b, uic)), ...(near.length ? [eb('uic_near_hmacs', '&&', eb.val(near) as never)] : [])]))
    .limit(20)
    .execute();
  const found = rows.map((r) => ({ id: r.id, uic: crypto.decrypt(r.uic_enc), nickname: r.nickname_enc ? crypto.decrypt(r.nickname_enc) : null }));
  return {
    exact: found.find((f) => compareUic(f.uic, uic, recipe) === 'same') ?? null,
    near: found.filter((f) => compareUic(f.uic, uic, recipe) === 'near'),
  };
}

/** A client's whole record: profile, consents, and the timeline of contacts (newest first). */
export async function readClient(tx: Tx, crypto: Crypto, orgId: string, clientId: string) {
  const row = await tx.selectFrom('clients').selectAll().where('org_id', '=', orgId).where('id', '=', clientId).executeTakeFirst();
  if (!row) return null;
  const personId = row.merged_into ?? row.id;
  const person = personId === row.id ? row : await tx.selectFrom('clients').selectAll().where('org_id', '=', orgId).where('id', '=', personId).executeTakeFirstOrThrow();
  const ids = await identityIds(tx, orgId, personId);
  const consents = await tx.selectFrom('client_consents').select(['kind', 'given', 'at', 'recorded_by']).where('org_id', '=', orgId).where('client_id', 'in', ids).orderBy('at').execute();
  const contacts = await tx.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('client_id', 'in', ids).orderBy('at', 'desc').limit(500).execute();
  const history = consents.map((c) => ({ kind: c.kind as ConsentKind, given: c.given, at: iso(c.at), recordedBy: c.recorded_by }));
  return {
    id: person.id,
    aliases: ids.filter((id) => id !== person.id),
    uic: crypto.decrypt(person.uic_enc),
    profile: readProfile({ crypto }, person),
    profileVersion: person.profile_version,
    registeredAt: iso(person.registered_at),
    consents: currentConsents(history),
    consentHistory: history,
    contacts: contacts.map((c) => ({
      id: c.id,
      siteId: c.site_id,
      at: iso(c.at),
      mode: c.mode,
      services: c.services,
      commodities: c.commodities,
      iec: c.iec,
      notes: c.notes_enc ? crypto.decrypt(c.notes_enc) : null,
      followUpOn: dateOnly(c.follow_up_on),
      recordedBy: c.recorded_by,
    })),
  };
}
