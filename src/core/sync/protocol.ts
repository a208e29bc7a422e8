import { z } from 'zod';
import { EditClientProfileArgs, RecordConsentArgs, RegisterClientArgs } from '../clients/schema.ts';
import { RecordAnonymousContactsArgs, RecordContactArgs } from '../contacts/schema.ts';

/**
 * The sync protocol between a device and the server (DESIGN §4; docs/sync-protocol.md lists every
 * error kind and what the device does about it). Replicache-style push/pull on plain SQL:
 * - a device writes locally first, as named mutations numbered 1, 2, 3... per device;
 * - push sends them in order; the server applies each exactly once and remembers the device's
 *   last processed number, so resending is always safe;
 * - pull returns what changed after a cookie, which is a per-organisation version counter.
 */
export const SYNC_SCHEMA_VERSION = 1;

/** Largest batch one push may carry; a device splits its outbox into batches of this size. */
export const MAX_PUSH_MUTATIONS = 500;

/** Every mutation a device can send, with the schema of its arguments. One line of contract each. */
export const MUTATIONS = {
  /** Creates the client; a UIC the organisation already has merges into that client. */
  registerClient: RegisterClientArgs,
  /** Appends a consent decision for an existing client. */
  recordConsent: RecordConsentArgs,
  /** Changes profile fields of an existing client, merging field by field against baseVersion. */
  editClientProfile: EditClientProfileArgs,
  /** Appends a contact with an existing client. */
  recordContact: RecordContactArgs,
  /** Appends a tally of anonymous contacts. */
  recordAnonymousContacts: RecordAnonymousContactsArgs,
} as const;
export type MutationName = keyof typeof MUTATIONS;
export const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];
export type MutationArgs<N extends MutationName> = z.infer<(typeof MUTATIONS)[N]>;

/**
 * The envelope of one mutation. Only `id` must be well formed for the batch to be taken: a
 * mutation whose name, arguments or version are wrong is rejected on its own (its number still
 * advances), so one bad record never holds back the rest of the queue.
 */
export const MutationEnvelope = z.object({
  id: z.int().min(1),
  name: z.string().max(60),
  args: z.unknown(),
  clientTime: z.string().max(40),
  schemaVersion: z.int().min(1),
});
export type MutationEnvelope = z.infer<typeof MutationEnvelope>;

export const PushRequest = z.strictObject({
  deviceId: z.uuid(),
  orgId: z.uuid(),
  mutations: z.array(MutationEnvelope).min(1),
});
export type PushRequest = z.infer<typeof PushRequest>;

/** Why a mutation was not applied. Each has a catalogue message a worker can act on. */
export const REJECTION_CODES = [
  'MUTATION_UNKNOWN', // a name this server does not know (the app is newer, or broken)
  'MUTATION_SCHEMA_TOO_NEW', // made by a newer app than this server
  'MUTATION_INVALID', // arguments do not match the schema; `field` names the first problem
  'MUTATION_FORBIDDEN', // the person's role in this organisation does not allow it
  'CLIENT_NOT_FOUND', // the client is not registered in this organisation
  'SITE_NOT_FOUND', // the site is not one of this organisation's active sites
  'ITEM_NOT_FOUND', // a commodity or IEC item is not in this organisation's catalogue
  'UIC_INVALID', // the UIC does not have the shape of the network's recipe
  'CONTACT_TIME_INVALID', // the contact is dated in the future or before the service existed
  'ALREADY_RECORDED', // a record with this id exists already (from another mutation)
  'INTERNAL', // the server failed on this mutation alone; resend it later
] as const;
export const RejectionCode = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof RejectionCode>;

export const MutationResult = z.object({
  id: z.int(),
  status: z.enum(['applied', 'rejected', 'already_processed']),
  code: RejectionCode.optional(),
  message: z.string().optional(),
  field: z.string().optional(),
  /** For registerClient that met an existing UIC: the client it was merged into. */
  mergedInto: z.uuid().optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({
  lastMutationId: z.int(),
  results: z.array(MutationResult),
  /** Set when the batch skipped ahead of what the server has: resend from this number. */
  resendFrom: z.int().optional(),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullQuery = z.strictObject({
  deviceId: z.uuid(),
  orgId: z.uuid(),
  cookie: z.coerce.number().int().min(0).default(0),
});

/** Rows per pull; `more` says to pull again at once with the new cookie. */
export const MAX_PULL_ROWS = 2000;

export type SyncDecision =
  | { kind: 'apply' }
  | { kind: 'already_processed' }
  | { kind: 'out_of_order'; resendFrom: number };

/** Where a mutation numbered `id` stands against the device's last processed number. */
export function decideMutation(lastProcessed: number, id: number): SyncDecision {
  if (id <= lastProcessed) return { kind: 'already_processed' };
  if (id > lastProcessed + 1) return { kind: 'out_of_order', resendFrom: lastProcessed + 1 };
  return { kind: 'apply' };
}

/** Parses a mutation's name, version and arguments, or says why it must be rejected. */
export function parseMutation(
  m: MutationEnvelope,
):
  | { ok: true; name: MutationName; args: unknown }
  | { ok: false; code: 'MUTATION_UNKNOWN' | 'MUTATION_SCHEMA_TOO_NEW' | 'MUTATION_INVALID'; field?: string } {
  if (!Object.hasOwn(MUTATIONS, m.name)) return { ok: false, code: 'MUTATION_UNKNOWN' };
  if (m.schemaVersion > SYNC_SCHEMA_VERSION) return { ok: false, code: 'MUTATION_SCHEMA_TOO_NEW' };
  const name = m.name as MutationName;
  const parsed = MUTATIONS[name].safeParse(m.args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, code: 'MUTATION_INVALID', field: issue?.path.join('.') || undefined };
  }
  return { ok: true, name, args: parsed.data };
}
