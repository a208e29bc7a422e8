import { compareUic } from '../../core/clients/uic.ts';
import { followUpDue, type ItemLine, type RecordContactArgs, type Service } from '../../core/contacts/schema.ts';
import type { RegisterClientArgs } from '../../core/clients/schema.ts';
import type { OutboxEntry, ServerData } from './engine.ts';

/**
 * What the worker sees: the pulled data with the outbox laid over it, so a write shows the moment
 * it is made, marked as waiting (or as needing attention if the server refused it).
 */
export type SyncState = 'synced' | 'pending' | 'rejected';

export interface ClientView {
  id: string;
  uic: string;
  nickname: string | null;
  state: SyncState;
  registeredAt: string;
  lastContactAt: string | null;
  nextFollowUpOn: string | null;
  contacts: ContactView[];
}

export interface ContactView {
  id: string;
  clientId: string;
  siteId: string;
  at: string;
  mode: string;
  services: string[];
  commodities: ItemLine[];
  iec: ItemLine[];
  notes: string | null;
  followUpOn: string | null;
  state: SyncState;
}

export interface FieldView {
  clients: ClientView[];
  byId: Map<string, ClientView>;
  /** Clients whose follow-up date is today or past and who have not been seen since. */
  followUps: { client: ClientView; due: 'today' | 'overdue' }[];
}

const stateOf = (e: OutboxEntry): SyncState => (e.state === 'rejected' ? 'rejected' : 'pending');

export function buildFieldView(data: ServerData, outbox: readonly OutboxEntry[], today: string): FieldView {
  const alias = new Map<string, string>();
  for (const c of data.clients) if (c.mergedInto) alias.set(c.id, c.mergedInto);
  const canonical = (id: string) => alias.get(id) ?? id;

  const byId = new Map<string, ClientView>();
  for (const c of data.clients) {
    if (c.mergedInto) continue;
    byId.set(c.id, { id: c.id, uic: c.uic, nickname: c.profile.nickname, state: 'synced', registeredAt: c.registeredAt, lastContactAt: null, nextFollowUpOn: null, contacts: [] });
  }
  for (const e of outbox) {
    if (e.name !== 'registerClient') continue;
    const a = e.args as RegisterClientArgs;
    if (byId.has(canonical(a.clientId))) continue;
    byId.set(a.clientId, { id: a.clientId, uic: a.uic, nickname: a.profile.nickname, state: stateOf(e), registeredAt: e.clientTime, lastContactAt: null, nextFollowUpOn: null, contacts: [] });
  }

  const contacts: ContactView[] = data.contacts.map((c) => ({ ...c, clientId: canonical(c.clientId), state: 'synced' as const }));
  const known = new Set(contacts.map((c) => c.id));
  for (const e of outbox) {
    if (e.name !== 'recordContact') continue;
    const a = e.args as RecordContactArgs;
    if (known.has(a.contactId)) continue;
    contacts.push({
      id: a.contactId,
      clientId: canonical(a.clientId),
      siteId: a.siteId,
      at: a.at,
      mode: a.mode,
      services: a.services,
      commodities: a.commodities,
      iec: a.iec,
      notes: a.notes,
      followUpOn: a.followUpOn,
      state: stateOf(e),
    });
  }
  contacts.sort((x, y) => (x.at < y.at ? 1 : -1));
  for (const c of contacts) {
    const client = byId.get(c.clientId);
    if (!client) continue;
    client.contacts.push(c);
  }
  const followUps: FieldView['followUps'] = [];
  for (const client of byId.values()) {
    const latest = client.contacts[0];
    client.lastContactAt = latest?.at ?? null;
    // The follow-up that counts is the one set at the latest contact.
    client.nextFollowUpOn = latest?.followUpOn ?? null;
    const due = followUpDue(client.nextFollowUpOn, today);
    if (due) followUps.push({ client, due });
  }
  const clients = [...byId.values()].sort((a, b) => ((a.lastContactAt ?? a.registeredAt) < (b.lastContactAt ?? b.registeredAt) ? 1 : -1));
  followUps.sort((a, b) => (a.client.nextFollowUpOn! < b.client.nextFollowUpOn! ? -1 : 1));
  return { clients, byId, followUps };
}

/** Clients with the same code, and with a code one part away (probably the same person). */
export function uicMatches(clients: readonly ClientView[], uic: string): { exact: ClientView | null; near: ClientView[] } {
  let exact: ClientView | null = null;
  const near: ClientView[] = [];
  for (const c of clients) {
    const r = compareUic(c.uic, uic);
    if (r === 'same') exact ??= c;
    else if (r === 'near') near.push(c);
  }
  return { exact, near };
}

/**
 * Services ordered by how often this worker chose them lately, so the usual ones come first;
 * ties keep the catalogue order.
 */
export function servicesByHabit(all: readonly Service[], recent: readonly { services: readonly string[] }[]): Service[] {
  const count = new Map<string, number>();
  for (const c of recent.slice(0, 30)) for (const s of c.services) count.set(s, (count.get(s) ?? 0) + 1);
  return [...all].sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || all.indexOf(a) - all.indexOf(b));
}
