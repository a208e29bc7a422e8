import { z } from 'zod';

/** How and where a worker met someone (issue #3). */
export const CONTACT_MODES = ['street_outreach', 'drop_in', 'home_visit', 'online', 'phone', 'event'] as const;
export const ContactMode = z.enum(CONTACT_MODES);
export type ContactMode = z.infer<typeof ContactMode>;

export const SERVICES = [
  'information',
  'commodities',
  'brief_motivational',
  'safer_use_counselling',
  'hiv_test',
  'hcv_test',
  'prep_information',
  'mental_health_check',
  'referral',
  'group_invitation',
  'legal_support',
  'food_hygiene',
] as const;
export const Service = z.enum(SERVICES);
export type Service = z.infer<typeof Service>;

/** A line of things handed out: an item of the organisation's catalogue and how many. */
export const ItemLine = z.strictObject({ itemId: z.uuid(), quantity: z.int().min(1).max(10_000) });
export type ItemLine = z.infer<typeof ItemLine>;

/** Lines of a contact, a tally or a group session: at most 50, each item once. */
export const ItemLines = z
  .array(ItemLine)
  .max(50)
  .refine((ls) => new Set(ls.map((l) => l.itemId)).size === ls.length, { message: 'Each item may appear only once; add up the quantity' });

const services = z
  .array(Service)
  .min(1, { message: 'Choose at least one service' })
  .max(SERVICES.length)
  .refine((xs) => new Set(xs).size === xs.length, { message: 'Each service may appear only once' });

/** A contact cannot be dated in the future (beyond clock drift) or before the service existed. */
export const CONTACT_EARLIEST = '2020-01-01T00:00:00.000Z';
export const CLOCK_DRIFT_MS = 10 * 60_000;

/** `recordContact`: appends one contact with a registered client. Never conflicts. */
export const RecordContactArgs = z.strictObject({
  contactId: z.uuid(),
  clientId: z.uuid(),
  siteId: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  mode: ContactMode,
  services,
  commodities: ItemLines,
  iec: ItemLines,
  notes: z.string().trim().max(2000).nullable(),
  followUpOn: z.iso.date().nullable(),
});
export type RecordContactArgs = z.infer<typeof RecordContactArgs>;

export const AGE_BANDS = ['under_18', '18_24', '25_34', '35_49', '50_plus', 'unknown'] as const;
export const AgeBand = z.enum(AGE_BANDS);
export const ANONYMOUS_SEXES = ['male', 'female', 'other'] as const;
export const AnonymousSex = z.enum(ANONYMOUS_SEXES);

/** `recordAnonymousContacts`: a count of people met at an outreach event, by sex and age band, registering no one. */
export const RecordAnonymousContactsArgs = z.strictObject({
  tallyId: z.uuid(),
  siteId: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  mode: ContactMode,
  counts: z
    .array(z.strictObject({ sex: AnonymousSex, ageBand: AgeBand, count: z.int().min(1).max(10_000) }))
    .min(1)
    .max(ANONYMOUS_SEXES.length * AGE_BANDS.length)
    .refine((cs) => new Set(cs.map((c) => `${c.sex}/${c.ageBand}`)).size === cs.length, { message: 'Each sex and age band may appear only once' }),
  services,
  commodities: ItemLines,
  iec: ItemLines,
});
export type RecordAnonymousContactsArgs = z.infer<typeof RecordAnonymousContactsArgs>;

/** The age band of someone born in `birthYear`, at `onDate` (year precision: the UIC holds only the year). */
export function ageBand(birthYear: number | null, onDate: Date): z.infer<typeof AgeBand> {
  if (birthYear === null) return 'unknown';
  const age = onDate.getUTCFullYear() - birthYear;
  if (age < 18) return 'under_18';
  if (age <= 24) return '18_24';
  if (age <= 34) return '25_34';
  if (age <= 49) return '35_49';
  return '50_plus';
}

/** Whether a contact's time is plausible: not before the service existed, not in the future. */
export function contactTimeProblem(at: string, now: Date): 'too_early' | 'in_future' | null {
  const t = Date.parse(at);
  if (t < Date.parse(CONTACT_EARLIEST)) return 'too_early';
  if (t > now.getTime() + CLOCK_DRIFT_MS) return 'in_future';
  return null;
}

/** Whether a follow-up is due on `today` (YYYY-MM-DD in the organisation's time zone): due today or overdue. */
export function followUpDue(followUpOn: string | null, today: string): 'overdue' | 'today' | null {
  if (!followUpOn) return null;
  if (followUpOn < today) return 'overdue';
  return followUpOn === today ? 'today' : null;
}
