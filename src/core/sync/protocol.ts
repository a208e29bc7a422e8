import { z } from 'zod';
import { EditClientProfileArgs, RecordConsentArgs, RegisterClientArgs } from '../clients/schema.ts';
import { RecordAnonymousContactsArgs, RecordContactArgs } from '../contacts/schema.ts';
import { CloseCrisisEpisodeArgs, OpenCrisisEpisodeArgs } from '../crisis/schema.ts';
import { RecordGroupSessionArgs } from '../groups/schema.ts';
import { Schedule } from '../groups/schedule.ts';
import { RecordStageOfChangeArgs } from '../groups/stage.ts';
import { ChangeReferralStatusArgs, CreateReferralArgs } from '../referrals/schema.ts';
import { RecordScreeningArgs } from '../screening/types.ts';

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
  /** Appends a screening; the server scores it again and raises its safety flags (issue #4). */
  recordScreening: RecordScreeningArgs,
  /** Starts a crisis episode after the red-flag check; emergency and urgent ones notify at once. */
  openCrisisEpisode: OpenCrisisEpisodeArgs,
  /** Ends a crisis episode: steps done, outcome, notes, follow-up, referral need. */
  closeCrisisEpisode: CloseCrisisEpisodeArgs,
  /** Refers a client to a provider of the directory, sharing only what the client consented to (issue #5). */
  createReferral: CreateReferralArgs,
  /** Appends a status event to a referral; the lifecycle refuses transitions it does not allow. */
  changeReferralStatus: ChangeReferralStatusArgs,
  /** Appends a session a group held: attendees, anonymous count, materials, sealed notes, stages seen (issue #7). */
  recordGroupSession: RecordGroupSessionArgs,
  /** Appends a client's stage of change, seen at a contact or on its own (issue #7). */
  recordStageOfChange: RecordStageOfChangeArgs,
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
  'EPISODE_NOT_FOUND', // the crisis episode is not in this organisation (its opening was refused, or never sent)
  'EPISODE_ALREADY_CLOSED', // the crisis episode was closed already (by another device); the first close stands
  'PROVIDER_NOT_FOUND', // the provider is not in the directory, or no longer active
  'REFERRAL_NOT_FOUND', // the referral is not one this organisation made (its creation was refused, or never sent)
  'TRANSITION_NOT_ALLOWED', // the referral's current status does not allow this event (lifecycle.ts)
  'NOTE_REQUIRED', // decline and cancel need a note saying why
  'OUTCOME_NOT_ALLOWED', // only attend and complete carry an outcome
  'REFERRAL_EVENT_NOT_YOURS', // an in-network provider accepts or declines itself; the referrer may not
  'SHARE_NOT_CONSENTED', // `share` names fields but the client's referral_sharing consent is not given
  'REFERRAL_CODE_TAKEN', // another referral of the network has this code
  'CONTACT_NOT_FOUND', // the referral's (or stage's) contactId is not a contact of this client in this organisation
  'GROUP_NOT_FOUND', // the group is not one of this organisation's active groups
  'FACILITATOR_NOT_FOUND', // a facilitator is not a person with a role in this organisation
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

const ItemLineOut = z.object({ itemId: z.string(), quantity: z.number() });

/** What a pull carries: the organisation's rows this person may see, changed after the cookie. */
export const PullResponse = z.object({
  cookie: z.number(),
  /** More rows wait: pull again at once with the new cookie. */
  more: z.boolean(),
  /** The server's history is not the one the device knew (a restored backup): replace pulled rows. */
  reset: z.boolean(),
  lastMutationId: z.number(),
  rejections: z.array(z.object({ id: z.number(), name: z.string(), code: z.string(), field: z.string().optional(), message: z.string(), at: z.string() })),
  sites: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), provinceId: z.string(), active: z.boolean() })),
  catalogue: z.array(z.object({ id: z.string(), kind: z.enum(['commodity', 'iec']), nameVi: z.string(), nameEn: z.string(), unit: z.string(), category: z.string(), active: z.boolean() })),
  clients: z.array(
    z.object({
      id: z.string(),
      uic: z.string(),
      mergedInto: z.string().nullable(),
      profile: z.object({
        nickname: z.string().nullable(),
        phone: z.string().nullable(),
        birthYear: z.number().nullable(),
        sexAtBirth: z.string().nullable(),
        genderIdentity: z.string(),
        keyPopulations: z.array(z.string()),
        substances: z.array(z.string()),
        routes: z.array(z.string()),
        provinceId: z.string(),
        siteId: z.string(),
        referralSource: z.string(),
      }),
      profileVersion: z.number(),
      registeredAt: z.string(),
    }),
  ),
  consents: z.array(z.object({ id: z.string(), clientId: z.string(), kind: z.string(), given: z.boolean(), at: z.string() })),
  contacts: z.array(
    z.object({
      id: z.string(),
      clientId: z.string(),
      siteId: z.string(),
      at: z.string(),
      mode: z.string(),
      services: z.array(z.string()),
      commodities: z.array(ItemLineOut),
      iec: z.array(ItemLineOut),
      notes: z.string().nullable(),
      followUpOn: z.string().nullable(),
      recordedBy: z.string(),
    }),
  ),
  anonymousContacts: z.array(
    z.object({
      id: z.string(),
      siteId: z.string(),
      at: z.string(),
      mode: z.string(),
      counts: z.array(z.object({ sex: z.string(), ageBand: z.string(), count: z.number() })),
      services: z.array(z.string()),
      commodities: z.array(ItemLineOut),
      iec: z.array(ItemLineOut),
    }),
  ),
  /** Screenings as the server scored them (issue #4). */
  screenings: z.array(
    z.object({
      id: z.string(),
      clientId: z.string(),
      instrumentId: z.string(),
      instrumentVersion: z.string(),
      at: z.string(),
      answers: z.unknown(),
      substance: z.string().nullable(),
      crisisEpisodeId: z.string().nullable(),
      complete: z.boolean(),
      total: z.number().nullable(),
      band: z.string().nullable(),
      subscores: z.record(z.string(), z.object({ score: z.number(), band: z.string() })).nullable(),
      flags: z.array(z.string()),
      recordedBy: z.string(),
    }),
  ),
  /** Crisis episodes of registered clients (those of unregistered people stay with the server). */
  crisisEpisodes: z.array(
    z.object({
      id: z.string(),
      clientId: z.string().nullable(),
      siteId: z.string().nullable(),
      at: z.string(),
      redFlags: z.array(z.string()),
      cssrsBand: z.string().nullable(),
      level: z.string(),
      guidanceVersion: z.string(),
      steps: z.array(z.object({ stepId: z.string(), doneAt: z.string() })),
      outcome: z.string().nullable(),
      outcomeAt: z.string().nullable(),
      notes: z.string().nullable(),
      followUpOn: z.string().nullable(),
      referralNeed: z.object({ urgency: z.string(), note: z.string().nullable() }).nullable(),
      openedBy: z.string(),
    }),
  ),
  /** The network's directory of providers (active and not), changed after the cookie (issue #5). */
  providers: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.string(),
        services: z.array(z.string()),
        orgId: z.string().nullable(),
        address: z.string(),
        provinceId: z.string(),
        openingHours: z.string(),
        phone: z.string(),
        languages: z.array(z.string()),
        cost: z.string(),
        walkIn: z.boolean(),
        active: z.boolean(),
        friendliness: z.number().nullable(),
      }),
    )
    .default([]),
  /** Referrals the organisation made, with their events and derived status (issue #5). */
  referrals: z
    .array(
      z.object({
        id: z.string(),
        code: z.string(),
        clientId: z.string(),
        providerId: z.string(),
        service: z.string(),
        reason: z.string(),
        urgency: z.string(),
        dueOn: z.string(),
        share: z.array(z.string()),
        at: z.string(),
        contactId: z.string().nullable(),
        crisisEpisodeId: z.string().nullable(),
        status: z.string(),
        events: z.array(z.object({ id: z.string(), event: z.string(), at: z.string(), note: z.string().nullable(), outcome: z.string().nullable(), byOrgId: z.string() })),
        createdBy: z.string(),
      }),
    )
    .default([]),
  /** The organisation's groups (active and not), changed after the cookie (issue #7), to people with `group.record`. */
  groups: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.string(),
        siteId: z.string(),
        facilitatorIds: z.array(z.string()),
        schedule: Schedule,
        active: z.boolean(),
      }),
    )
    .default([]),
  /** Sessions the organisation's groups held, notes opened, changed after the cookie (issue #7). */
  groupSessions: z
    .array(
      z.object({
        id: z.string(),
        groupId: z.string(),
        at: z.string(),
        topic: z.string(),
        facilitatorIds: z.array(z.string()),
        attendees: z.array(z.string()),
        anonymousCount: z.number(),
        materials: z.array(ItemLineOut),
        notes: z.string().nullable(),
        recordedBy: z.string(),
      }),
    )
    .default([]),
  /**
   * Stages of change seen at contacts and sessions, changed after the cookie (issue #7).
   * `sourceId` is the contact's or session's id; null for a stage recorded on its own (source 'contact').
   */
  stageObservations: z
    .array(z.object({ id: z.string(), clientId: z.string(), stage: z.string(), at: z.string(), source: z.enum(['contact', 'session']), sourceId: z.string().nullable() }))
    .default([]),
  /** The organisation's active people (any role), who may facilitate a group: sent whole on every pull to people with `group.record`. */
  staff: z.array(z.object({ id: z.string(), displayName: z.string() })).default([]),
  /**
   * The organisation's settings the phone needs offline: screening cut-offs and interval, guidance
   * texts its admin adapted, and its time zone (days and stage timelines are the organisation's).
   * Sent whole when they changed after the cookie, else null.
   */
  orgSettings: z
    .object({
      screening: z.unknown(),
      /** IANA zone, e.g. Asia/Ho_Chi_Minh; absent from servers before issue #7. */
      timeZone: z.string().optional(),
      guidanceOverrides: z.array(z.object({ presentation: z.string(), lang: z.enum(['vi', 'en']), steps: z.array(z.object({ id: z.string(), text: z.string() })), updatedAt: z.string() })),
    })
    .nullable(),
});
export type PullResponse = z.infer<typeof PullResponse>;

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
