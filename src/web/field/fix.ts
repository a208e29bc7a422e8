import type { MutationName } from '../../core/sync/protocol.ts';
import type { OutboxEntry } from '../offline/engine.ts';
import type { Field } from './context.tsx';

/**
 * A record the server refused, opened again in its form (`?fix=<outbox id>`) to be corrected and
 * resent. Returns the entry and the form field the refusal points at, if any.
 */
export interface Fix<A> {
  entry: OutboxEntry;
  args: A;
  /** The refused field, without the mutation's nesting ("profile.siteId" → "siteId"). */
  field: string | null;
}

export function fixFromQuery<A>(field: Field, name: MutationName, query: URLSearchParams): Fix<A> | null {
  const id = Number(query.get('fix'));
  if (!Number.isInteger(id) || id <= 0) return null;
  const entry = field.store.outbox().find((e) => e.id === id && e.state === 'rejected' && e.name === name);
  if (!entry) return null;
  const path = entry.rejection?.field ?? null;
  return { entry, args: entry.args as A, field: path ? (path.split('.').find((p) => !/^\d+$/.test(p) && p !== 'profile') ?? null) : null };
}

/** Where each kind of refused record is fixed. */
export function fixHref(entry: OutboxEntry): string | null {
  const args = entry.args as { clientId?: string; referralId?: string; groupId?: string };
  switch (entry.name) {
    case 'registerClient':
      return `/field/clients/new?fix=${entry.id}`;
    case 'recordContact':
      return args.clientId ? `/field/clients/${args.clientId}/contact?fix=${entry.id}` : null;
    case 'recordAnonymousContacts':
      return `/field/anonymous?fix=${entry.id}`;
    case 'createReferral':
      return args.clientId ? `/field/clients/${args.clientId}/refer?fix=${entry.id}` : null;
    case 'recordGroupSession':
      return args.groupId ? `/field/groups/${args.groupId}/session?fix=${entry.id}` : null;
    default:
      return null;
  }
}
