import { z } from 'zod';
import { ProvinceId } from '../geo/provinces.ts';
import { newReferralCode, normaliseReferralCode } from '../referrals/code.ts';
import { ReferralCode } from '../referrals/schema.ts';

/**
 * Trainings and events (issue #7 §2): what an organiser records about an event, the public
 * registration form, seats, and check-in per day. Pure: the server stores, the web app scans.
 */

export const EVENT_KINDS = ['training_course', 'workshop', 'seminar', 'webinar', 'exchange_visit', 'field_visit'] as const;
export const EventKind = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;

export const MODES = ['in_person', 'online', 'hybrid'] as const;
export const EventMode = z.enum(MODES);
export type EventMode = z.infer<typeof EventMode>;

/**
 * Money as an integer in the currency's ISO 4217 minor unit, so no fraction is ever rounded:
 * VND has none (exponent 0), so the amount is whole đồng (500000 = 500 000 ₫); USD has cents
 * (2500 = US$25.00). A fee is positive; a free event says `free`, not 0.
 */
export const CURRENCIES = ['VND', 'USD'] as const;
export const CURRENCY_MINOR_UNIT_DIGITS = { VND: 0, USD: 2 } as const satisfies Record<(typeof CURRENCIES)[number], number>;
export const EventCost = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('free') }),
  z.strictObject({
    kind: z.literal('paid'),
    amount: z.int('a whole number in the currency’s smallest unit (đồng, or US cents)').positive('more than 0; a free event is "free"').max(1_000_000_000),
    currency: z.enum(CURRENCIES),
  }),
]);
export type EventCost = z.infer<typeof EventCost>;

/** Organisers and partners: organisations in the network (with their id) and outside it. */
export const PARTY_KINDS = ['network_org', 'ministry', 'un_agency', 'university', 'ngo', 'other'] as const;
export const Party = z.strictObject({
  name: z.string().trim().min(2, 'at least 2 characters').max(200),
  kind: z.enum(PARTY_KINDS),
  orgId: z.uuid().optional(),
});
export type Party = z.infer<typeof Party>;

/** A chair or speaker as shown on the public page: a name and, if they wish, where they are from. */
export const EventPerson = z.strictObject({
  name: z.string().trim().min(1).max(120),
  affiliation: z.string().trim().max(200).optional(),
});
export type EventPerson = z.infer<typeof EventPerson>;

const LocalDate = z.iso.date('a date as YYYY-MM-DD');
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (00:00–23:59)');

/** `speakerIndex` points into the event's `speakers`. Times are local to the event's venue or organiser. */
export const AgendaItem = z.strictObject({
  day: LocalDate,
  start: LocalTime,
  end: LocalTime.optional(),
  title: z.string().trim().min(1).max(200),
  speakerIndex: z.int().nonnegative().optional(),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

export const Material = z.strictObject({
  title: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/ }).optional(),
});

export const MAX_EVENT_DAYS = 14;

/**
 * An event as its organiser records it. Days are a list (1–14), not a range: a course may run on
 * two Saturdays. In person: venue and province; online: a link; hybrid: all three. Anything the
 * mode does not use is refused rather than kept hidden, so the public page never shows a stale
 * venue for an event that moved online.
 */
export const Event = z
  .strictObject({
    title: z.string().trim().min(2).max(200),
    kind: EventKind,
    mode: EventMode,
    cost: EventCost,
    days: z.array(LocalDate).min(1, 'at least one day').max(MAX_EVENT_DAYS, `at most ${MAX_EVENT_DAYS} days`),
    venue: z.string().trim().min(2).max(300).optional(),
    provinceId: ProvinceId.optional(),
    link: z.url({ protocol: /^https$/ }).optional(),
    /** The course taught, when the event is a course with modules and tests (tests.ts). */
    courseId: z.uuid().optional(),
    organisers: z.array(Party).min(1, 'at least one organiser').max(20),
    partners: z.array(Party).max(30),
    chairs: z.array(EventPerson).max(10),
    speakers: z.array(EventPerson).max(50),
    agenda: z.array(AgendaItem).max(200),
    /** Seats; null when there is no limit (a webinar). */
    capacity: z.int().min(1, 'at least 1 seat, or no limit').max(100_000).nullable(),
    materials: z.array(Material).max(50),
  })
  .superRefine((e, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    e.days.forEach((d, i) => {
      if (i === 0) return;
      const prev = e.days[i - 1]!;
      if (d === prev) issue(['days', i], `${d} is listed twice; list each day once`);
      else if (d < prev) issue(['days', i], 'list the days in order, earliest first');
    });
    const onSite = e.mode !== 'online';
    const online = e.mode !== 'in_person';
    if (onSite && (!e.venue || !e.provinceId)) issue([!e.venue ? 'venue' : 'provinceId'], 'an event held in person needs its venue and province');
    if (!onSite && (e.venue || e.provinceId)) issue([e.venue ? 'venue' : 'provinceId'], 'an online event has no venue or province; remove them, or choose hybrid');
    if (online && !e.link) issue(['link'], 'an online or hybrid event needs the link people join by');
    if (!online && e.link) issue(['link'], 'an in-person event has no joining link; remove it, or choose hybrid');
    const days = new Set(e.days);
    e.agenda.forEach((a, i) => {
      if (!days.has(a.day)) issue(['agenda', i, 'day'], `${a.day} is not one of the event’s days`);
      if (a.end !== undefined && a.end <= a.start) issue(['agenda', i, 'end'], 'the end must be after the start');
      if (a.speakerIndex !== undefined && a.speakerIndex >= e.speakers.length) issue(['agenda', i, 'speakerIndex'], 'choose a speaker from the event’s speakers');
      const prev = e.agenda[i - 1];
      if (prev && (a.day < prev.day || (a.day === prev.day && a.start < prev.start))) issue(['agenda', i], 'put agenda items in order of day and start time');
    });
  });
export type Event = z.infer<typeof Event>;

/** ISO 3166-1 alpha-2, upper case; Vietnam is given as a province instead. */
const Country = z
  .string()
  .regex(/^[A-Z]{2}$/, 'a two-letter country code (ISO 3166-1), e.g. TH')
  .refine((c) => c !== 'VN', 'for Vietnam, choose the province instead');

/**
 * The public registration form (no login), privacy-minimal: the name the person wishes to use
 * (any name, not their legal one), where they come from at province or country level, and
 * optional ways to reach them. Nothing else is accepted (strict), so the form cannot grow an ID
 * number or a date of birth by accident. Consent must be given, not defaulted.
 */
export const Registration = z
  .strictObject({
    displayName: z.string().trim().min(1, 'the name you wish us to use').max(80),
    organisation: z.string().trim().max(200).optional(),
    role: z.string().trim().max(120).optional(),
    provinceId: ProvinceId.optional(),
    country: Country.optional(),
    email: z.email('an email address like name@example.org').max(200).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 .-]{5,18}[0-9]$/, 'digits only, optionally starting with +')
      .optional(),
    consent: z.literal(true, 'please give your consent to how your registration is used'),
  })
  .refine((r) => (r.provinceId === undefined) !== (r.country === undefined), {
    message: 'give your province or, outside Vietnam, your country (one of the two)',
    path: ['provinceId'],
  });
export type Registration = z.infer<typeof Registration>;

/**
 * The public form's body: a registration and, from someone logged in, whether it is for them
 * (`forMe`, ticked by them): only then is it linked to their account. A manager registering a
 * participant on their own phone leaves it unticked.
 */
export const PublicRegistration = Registration.safeExtend({ forMe: z.boolean().optional() });
export type PublicRegistration = z.infer<typeof PublicRegistration>;

/**
 * Registration codes are referral codes' twins (referrals/code.ts): 40 random bits in
 * Crockford's base 32, XXXX-XXXX, carried by the confirmation's QR code and typed at the door
 * when the camera fails. No check character: a mistyped code almost surely matches no
 * registration of the event, and the answer "not registered" sends the person to the desk.
 */
export const newRegistrationCode = newReferralCode;
export const normaliseRegistrationCode = normaliseReferralCode;
export const RegistrationCode = ReferralCode;

/** Seats left; never below 0 (offline desks may overbook); null when the event has no limit. */
export function seatsLeft(capacity: number | null, registrations: readonly { cancelled: boolean }[]): number | null {
  if (capacity === null) return null;
  const active = registrations.filter((r) => !r.cancelled).length;
  return Math.max(0, capacity - active);
}

/** Listed as coming until its last day is over: an event in progress is still listed. `today` is 'YYYY-MM-DD' in the organiser's zone. */
export function isUpcoming(event: { days: readonly string[] }, today: string): boolean {
  const last = event.days[event.days.length - 1];
  return last !== undefined && last >= today;
}

/** Who was present on which day. `registrationCodes` are the event's active registrations. */
export interface AttendanceSheet {
  days: readonly string[];
  registrationCodes: readonly string[];
  present: readonly { code: string; day: string }[];
}

export type CheckInProblemCode = 'NOT_A_CODE' | 'NOT_REGISTERED' | 'DAY_NOT_IN_EVENT';
export type CheckInResult =
  | { ok: true; alreadyPresent: boolean; sheet: AttendanceSheet }
  | { ok: false; problem: { code: CheckInProblemCode; message: string } };

/**
 * Marks a registration present on `day`, from a scanned or typed code. Idempotent per day:
 * scanning twice (the person goes out and back) says `alreadyPresent` and changes nothing.
 * Refused: a code that cannot be one, a code not registered for this event, a day that is not
 * one of the event's days. The sheet given is not changed; a new one is returned.
 */
export function checkIn(sheet: AttendanceSheet, registrationCode: string, day: string): CheckInResult {
  const code = normaliseRegistrationCode(registrationCode);
  if (code === null) return { ok: false, problem: { code: 'NOT_A_CODE', message: 'This is not a registration code (it looks like 7KQ2-M9XD)' } };
  if (!sheet.days.includes(day)) return { ok: false, problem: { code: 'DAY_NOT_IN_EVENT', message: `${day} is not one of the event’s days` } };
  if (!sheet.registrationCodes.includes(code)) return { ok: false, problem: { code: 'NOT_REGISTERED', message: 'No registration for this event has this code' } };
  if (sheet.present.some((p) => p.code === code && p.day === day)) return { ok: true, alreadyPresent: true, sheet };
  return { ok: true, alreadyPresent: false, sheet: { ...sheet, present: [...sheet.present, { code, day }] } };
}
