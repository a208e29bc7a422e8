import { z } from 'zod';
import { ProvinceId } from '../geo/provinces.ts';

/**
 * The contract of the referral network (issue #5): the directory, a referral, its append-only
 * status events and the two sync mutations. The lifecycle (which event is allowed from which
 * status, the derived status) is in `lifecycle.ts`; due dates, overdue and lost-to-follow-up in
 * `due.ts`; referral codes in `code.ts`; the FHIR mapping in `fhir.ts` and `docs/referrals.md`.
 */

export const PROVIDER_KINDS = [
  'psychiatry',
  'general_medicine',
  'hospital_emergency',
  'hiv',
  'prep',
  'hepatitis',
  'opioid_treatment',
  'counselling',
  'legal_aid',
  'shelter',
  'social_support',
  'other_ngo',
] as const;
export const ProviderKind = z.enum(PROVIDER_KINDS);
export type ProviderKind = z.infer<typeof ProviderKind>;

/** Services a referral asks for; a provider lists those it offers. */
export const REFERRAL_SERVICES = [
  'psychiatric_assessment',
  'crisis_care',
  'general_health',
  'emergency_care',
  'hiv_testing',
  'hiv_treatment',
  'prep',
  'hepatitis_testing',
  'hepatitis_treatment',
  'opioid_treatment',
  'counselling',
  'legal_aid',
  'shelter',
  'social_support',
  'other',
] as const;
export const ReferralService = z.enum(REFERRAL_SERVICES);
export type ReferralService = z.infer<typeof ReferralService>;

export const LANGUAGES = ['vi', 'en', 'other'] as const;
export const COSTS = ['free', 'low', 'insurance', 'paid'] as const;

/**
 * A directory entry. `orgId` is set for an in-network provider (an organisation that uses
 * Fieldlab, whose clinicians receive referrals in the app); null for a listed provider.
 */
export const ProviderInput = z.strictObject({
  name: z.string().trim().min(2).max(200),
  kind: ProviderKind,
  services: z.array(ReferralService).min(1).max(REFERRAL_SERVICES.length),
  orgId: z.uuid().nullable(),
  address: z.string().trim().max(300),
  provinceId: ProvinceId,
  openingHours: z.string().trim().max(300),
  phone: z.string().trim().max(40),
  languages: z.array(z.enum(LANGUAGES)).max(LANGUAGES.length),
  cost: z.enum(COSTS),
  walkIn: z.boolean(),
  active: z.boolean(),
});
export type ProviderInput = z.infer<typeof ProviderInput>;

/** emergency: now; same_day; within_week; routine. The due date follows from it (lifecycle.ts). */
export const REFERRAL_URGENCIES = ['emergency', 'same_day', 'within_week', 'routine'] as const;
export const ReferralUrgency = z.enum(REFERRAL_URGENCIES);
export type ReferralUrgency = z.infer<typeof ReferralUrgency>;

export const REFERRAL_STATUSES = ['created', 'sent', 'accepted', 'declined', 'attended', 'no_show', 'completed', 'cancelled', 'lost_to_follow_up'] as const;
export const ReferralStatus = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

/** What happened to a referral; each moves it from some statuses to one (lifecycle.ts has the table). */
export const REFERRAL_EVENTS = ['send', 'accept', 'decline', 'attend', 'no_show', 'complete', 'cancel', 'lose_to_follow_up'] as const;
export const ReferralEventKind = z.enum(REFERRAL_EVENTS);
export type ReferralEventKind = z.infer<typeof ReferralEventKind>;

/** What the provider found, recorded with `attend` or `complete`. */
export const REFERRAL_OUTCOMES = ['seen', 'treatment_started', 'needs_follow_up', 'referred_on'] as const;
export const ReferralOutcome = z.enum(REFERRAL_OUTCOMES);
export type ReferralOutcome = z.infer<typeof ReferralOutcome>;

/**
 * What the receiving provider may see besides the referral code, service and urgency: only what
 * the client consented to share (consent `referral_sharing`); with no consent, the code only.
 */
export const SHARE_FIELDS = ['reason', 'screenings', 'notes'] as const;
export const ShareField = z.enum(SHARE_FIELDS);
export type ShareField = z.infer<typeof ShareField>;

/** Unguessable referral code: see code.ts (≥ 40 bits, an alphabet without look-alike characters). */
export const ReferralCode = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/, { message: 'A referral code looks like 7KQ2-M9XD' });

/**
 * `createReferral`: made on the device (offline too) from a client's page, a contact or a crisis
 * episode. The server checks the client, the provider, and that `share` only names what the
 * client consented to.
 */
export const CreateReferralArgs = z.strictObject({
  referralId: z.uuid(),
  code: ReferralCode,
  clientId: z.uuid(),
  providerId: z.uuid(),
  service: ReferralService,
  reason: z.string().trim().min(1).max(2000),
  urgency: ReferralUrgency,
  dueOn: z.iso.date(),
  share: z
    .array(ShareField)
    .max(SHARE_FIELDS.length)
    .refine((xs) => new Set(xs).size === xs.length, { message: 'Each field may appear only once' }),
  at: z.iso.datetime({ offset: true }),
  contactId: z.uuid().nullable(),
  crisisEpisodeId: z.uuid().nullable(),
  /** Sent at once (the usual case); false keeps it as a draft "created" until a `send` event. */
  send: z.boolean(),
});
export type CreateReferralArgs = z.infer<typeof CreateReferralArgs>;

/**
 * `changeReferralStatus`: appends one event. From the referring organisation: send, cancel,
 * and for listed providers attend / no_show / complete after a follow-up call; from the receiving
 * in-network provider's clinicians: accept, decline, attend, no_show, complete. A transition the
 * lifecycle does not allow from the current status is rejected with a reason.
 */
export const ChangeReferralStatusArgs = z.strictObject({
  referralId: z.uuid(),
  eventId: z.uuid(),
  event: ReferralEventKind.exclude(['lose_to_follow_up']),
  at: z.iso.datetime({ offset: true }),
  /** Why declined or cancelled (required for those), or a back-referral note. */
  note: z.string().trim().max(2000).nullable(),
  outcome: ReferralOutcome.nullable(),
});
export type ChangeReferralStatusArgs = z.infer<typeof ChangeReferralStatusArgs>;
