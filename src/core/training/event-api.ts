import { z } from 'zod';
import { ProvinceId } from '../geo/provinces.ts';
import { AgendaItem, Event, EventCost, EventKind, EventMode, EventPerson, Material, Party } from './events.ts';

/**
 * The events API's payloads (issue #7 §2), shared by the server's routes and the web pages.
 * Organisers see their events whole; the public sees published ones without the joining link
 * (given on the confirmation page to people who registered) and never anything about registrants.
 */

export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export const EventStatus = z.enum(EVENT_STATUSES);
export type EventStatus = z.infer<typeof EventStatus>;

/**
 * Which wording of the consent text (publicEvents.consent in the i18n files) a registration
 * agreed to. Change it with the text, so what each person agreed to stays known.
 */
export const REGISTRATION_CONSENT_VERSION = '2026-11';

/** Save an event: the whole event, and the version it was based on (two trainers editing at once). */
export const SaveEvent = z.strictObject({ event: Event, version: z.int().positive() });
export const NewEvent = z.strictObject({ event: Event });
export const EventVersion = z.strictObject({ version: z.int().positive() });

/** One of the organiser's events, as its list shows it. */
export const EventSummary = z.object({
  id: z.string(),
  status: EventStatus,
  title: z.string(),
  kind: EventKind,
  mode: EventMode,
  firstDay: z.string(),
  lastDay: z.string(),
  days: z.array(z.string()),
  provinceId: z.string().nullable(),
  capacity: z.number().nullable(),
  registered: z.number(),
  /** People present on at least one day. */
  present: z.number(),
  upcoming: z.boolean(),
  version: z.number(),
});
export type EventSummary = z.infer<typeof EventSummary>;

export const OrganiserEvent = EventSummary.extend({ event: Event });
export type OrganiserEvent = z.infer<typeof OrganiserEvent>;

/** An organisation of the network, to pick as organiser or partner. */
export const NetworkOrganisation = z.object({ id: z.string(), name: z.string() });
export type NetworkOrganisation = z.infer<typeof NetworkOrganisation>;

export const PublicEventsQuery = z.strictObject({
  kind: EventKind.optional(),
  mode: EventMode.optional(),
  provinceId: ProvinceId.optional(),
  cost: z.enum(['free', 'paid']).optional(),
});
export type PublicEventsQuery = z.infer<typeof PublicEventsQuery>;

/** A published event on the public listing. */
export const PublicEventSummary = z.object({
  id: z.string(),
  title: z.string(),
  kind: EventKind,
  mode: EventMode,
  cost: EventCost,
  days: z.array(z.string()),
  venue: z.string().nullable(),
  provinceId: z.string().nullable(),
  organisers: z.array(z.string()),
  capacity: z.number().nullable(),
  seatsLeft: z.number().nullable(),
});
export type PublicEventSummary = z.infer<typeof PublicEventSummary>;

/** Everything the public event page shows. No link (registrants get it), nothing about registrants. */
export const PublicEvent = PublicEventSummary.extend({
  status: EventStatus,
  /** Registration is open: published, not over, seats left. */
  open: z.boolean(),
  over: z.boolean(),
  organisers: z.array(Party),
  partners: z.array(Party),
  chairs: z.array(EventPerson),
  speakers: z.array(EventPerson),
  agenda: z.array(AgendaItem),
  materials: z.array(Material),
});
export type PublicEvent = z.infer<typeof PublicEvent>;

export const RegistrationCreated = z.object({ code: z.string() });

/** The confirmation page: what the code's holder registered for. */
export const Confirmation = z.object({
  /** The code as its holder presented it (normalised); the server keeps only its hash. */
  code: z.string(),
  status: z.enum(['registered', 'cancelled']),
  displayName: z.string(),
  presentDays: z.array(z.string()),
  event: z.object({
    id: z.string(),
    status: EventStatus,
    title: z.string(),
    kind: EventKind,
    mode: EventMode,
    days: z.array(z.string()),
    venue: z.string().nullable(),
    provinceId: z.string().nullable(),
    /** The joining link of an online or hybrid event, for an active registration only. */
    link: z.string().nullable(),
    /** The course taught, for the tests and certificate links of the courses pages. */
    courseId: z.string().nullable(),
  }),
});
export type Confirmation = z.infer<typeof Confirmation>;

/**
 * A registration as the organiser's list shows it (names opened; the read is audited). No code:
 * the server keeps only its hash, so a trainer can give a lost code back only by issuing a new one.
 */
export const RegistrationOut = z.object({
  id: z.string(),
  displayName: z.string(),
  organisation: z.string().nullable(),
  role: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  provinceId: z.string().nullable(),
  country: z.string().nullable(),
  via: z.enum(['public', 'desk']),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  /** The Fieldlab account this registration is linked to (username), if any. */
  linkedUsername: z.string().nullable(),
  userId: z.string().nullable(),
  presentDays: z.array(z.string()),
});
export type RegistrationOut = z.infer<typeof RegistrationOut>;

/** A registration made at the desk, or given a new code: the code is in this answer and nowhere else, ever. */
export const RegistrationWithCode = RegistrationOut.extend({ code: z.string() });
export type RegistrationWithCode = z.infer<typeof RegistrationWithCode>;

/** Link a registration to a Fieldlab account by its username, or unlink it (null). */
export const LinkRegistration = z.strictObject({ username: z.string().trim().min(1).max(100).nullable() });

export const CheckInRequest = z.strictObject({
  /** As scanned or typed: spaces, lower case and look-alike letters are fine. */
  code: z.string().max(40),
  day: z.iso.date(),
});
export const CheckInOut = z.object({
  result: z.enum(['present', 'already_present']),
  /** The code scanned or typed, normalised. */
  code: z.string(),
  day: z.string(),
  displayName: z.string(),
  presentDays: z.array(z.string()),
});
export type CheckInOut = z.infer<typeof CheckInOut>;

/** Who was present, day by day. */
export const AttendanceOut = z.object({
  registered: z.number(),
  days: z.array(
    z.object({
      day: z.string(),
      present: z.array(z.object({ registrationId: z.string(), displayName: z.string(), organisation: z.string().nullable(), at: z.string() })),
    }),
  ),
});
export type AttendanceOut = z.infer<typeof AttendanceOut>;
