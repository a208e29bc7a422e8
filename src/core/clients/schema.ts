import { z } from 'zod';
import { ProvinceId } from '../geo/provinces.ts';

/**
 * A client: a person the organisation serves, known by a UIC and an optional nickname, never by a
 * name (DESIGN §5). The lists below are what the field lab's workers record (issue #3); each value
 * is a stable code, shown through i18n.
 */
export const SEX_AT_BIRTH = ['M', 'F'] as const;
export const SexAtBirth = z.enum(SEX_AT_BIRTH);
export type SexAtBirth = z.infer<typeof SexAtBirth>;

export const GENDER_IDENTITIES = ['man', 'woman', 'transgender_woman', 'transgender_man', 'non_binary', 'other', 'prefer_not_to_say'] as const;
export const GenderIdentity = z.enum(GENDER_IDENTITIES);

export const KEY_POPULATIONS = ['msm', 'sex_worker', 'women_who_use_drugs', 'young_person', 'people_who_inject', 'chemsex'] as const;
export const KeyPopulation = z.enum(KEY_POPULATIONS);

export const SUBSTANCES = ['methamphetamine', 'ecstasy', 'ketamine', 'heroin_opioids', 'cannabis', 'alcohol', 'other'] as const;
export const Substance = z.enum(SUBSTANCES);

export const ROUTES_OF_USE = ['smoke', 'inject', 'snort', 'swallow'] as const;
export const RouteOfUse = z.enum(ROUTES_OF_USE);

export const REFERRAL_SOURCES = ['outreach', 'peer', 'social_media', 'online_booking', 'walk_in', 'other_organisation'] as const;
export const ReferralSource = z.enum(REFERRAL_SOURCES);

/** What a client agreed to. `services` is required to register anyone. */
export const CONSENT_KINDS = ['services', 'referral_sharing', 'research', 'contact_phone', 'contact_chat'] as const;
export const ConsentKind = z.enum(CONSENT_KINDS);
export type ConsentKind = z.infer<typeof ConsentKind>;

const uniqueList = <T extends z.ZodType<string>>(item: T) =>
  z.array(item).max(20).refine((xs) => new Set(xs).size === xs.length, { message: 'Each value may appear only once' });

/** Free text that is stored encrypted; trimmed, bounded, no control characters. */
const privateText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s), { message: 'Contains control characters' });

export const ClientProfile = z.strictObject({
  nickname: privateText(60).nullable(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .-]{6,20}$/, { message: 'A phone number has 6 to 20 digits' })
    .nullable(),
  birthYear: z.int().min(1900).max(2100).nullable(),
  sexAtBirth: SexAtBirth.nullable(),
  genderIdentity: GenderIdentity,
  keyPopulations: uniqueList(KeyPopulation),
  substances: uniqueList(Substance),
  routes: uniqueList(RouteOfUse),
  provinceId: ProvinceId,
  siteId: z.uuid(),
  referralSource: ReferralSource,
});
export type ClientProfile = z.infer<typeof ClientProfile>;

export const ConsentDecision = z.strictObject({ kind: ConsentKind, given: z.boolean() });

/** `registerClient`: creates the client if its id is new. A UIC already in use merges into that client. */
export const RegisterClientArgs = z.strictObject({
  clientId: z.uuid(),
  uic: z.string().trim().toUpperCase().min(4).max(20),
  profile: ClientProfile,
  consents: z
    .array(ConsentDecision)
    .min(1)
    .max(CONSENT_KINDS.length)
    .refine((cs) => new Set(cs.map((c) => c.kind)).size === cs.length, { message: 'Each consent may appear only once' })
    .refine((cs) => cs.some((c) => c.kind === 'services' && c.given), { message: 'Consent to services is required to register a client' }),
});
export type RegisterClientArgs = z.infer<typeof RegisterClientArgs>;

/** `recordConsent`: appends a consent decision (given or withdrawn); the latest decision counts. */
export const RecordConsentArgs = z.strictObject({ clientId: z.uuid(), kind: ConsentKind, given: z.boolean() });
export type RecordConsentArgs = z.infer<typeof RecordConsentArgs>;

/**
 * `editClientProfile`: changes some profile fields, based on the version the device last saw.
 * Fields only this edit changed apply; where someone else changed the same field since, the later
 * arrival wins and the other value is kept as a conflict for a manager (DESIGN §4).
 */
export const EditClientProfileArgs = z.strictObject({
  clientId: z.uuid(),
  baseVersion: z.int().min(1),
  changes: ClientProfile.partial().refine((c) => Object.keys(c).length > 0, { message: 'Nothing to change' }),
});
export type EditClientProfileArgs = z.infer<typeof EditClientProfileArgs>;

/** The latest decision per consent kind; a kind never asked is not given. */
export function currentConsents(events: readonly { kind: ConsentKind; given: boolean; at: string }[]): Record<ConsentKind, boolean> {
  const latest = new Map<ConsentKind, { given: boolean; at: string }>();
  for (const e of events) {
    const prev = latest.get(e.kind);
    if (!prev || prev.at <= e.at) latest.set(e.kind, { given: e.given, at: e.at });
  }
  return Object.fromEntries(CONSENT_KINDS.map((k) => [k, latest.get(k)?.given ?? false])) as Record<ConsentKind, boolean>;
}

/** A client as lists show it: the code, the nickname, and when they were last seen and are due. */
export interface ClientSummary {
  id: string;
  uic: string;
  nickname: string | null;
  registeredAt: string;
  lastContactAt: string | null;
  nextFollowUpOn: string | null;
}
