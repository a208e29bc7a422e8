import { z } from 'zod';
import { addDays } from '../dates.ts';
import { ProvinceId } from '../geo/provinces.ts';
import type { LocalText } from '../screening/types.ts';
import { PARTY_KINDS } from '../training/events.ts';

/**
 * Exchange visits (issue #7 §4): a group from another city or country comes to see the field
 * lab's services. The host organisation records who came, from where, how many, when, and the
 * programme of services they observed. Visitors are professionals, not clients: nothing here
 * is about a person who uses drugs.
 */

/**
 * The visiting organisation's kind: the same kinds as an event's organisers and partners
 * (training/events.ts), so a ministry that visits and later co-organises a workshop is one kind.
 */
export const VISITOR_KINDS = PARTY_KINDS;
export const VisitorKind = z.enum(VISITOR_KINDS);
export type VisitorKind = z.infer<typeof VisitorKind>;

export const VISITOR_KIND_LABELS: Record<VisitorKind, LocalText> = {
  network_org: { vi: 'Tổ chức trong mạng lưới', en: 'Network organisation' },
  ministry: { vi: 'Cơ quan nhà nước', en: 'Government' },
  un_agency: { vi: 'Cơ quan Liên Hợp Quốc', en: 'UN agency' },
  university: { vi: 'Trường đại học, viện nghiên cứu', en: 'University or research institute' },
  ngo: { vi: 'Tổ chức phi chính phủ', en: 'NGO' },
  other: { vi: 'Khác', en: 'Other' },
};

export const VISIT_STATUSES = ['planned', 'done', 'cancelled'] as const;
export const VisitStatus = z.enum(VISIT_STATUSES);
export type VisitStatus = z.infer<typeof VisitStatus>;

/** What visitors observe: the field lab's services, and the learning around them. */
export const ACTIVITIES = ['drop_in', 'outreach', 'contemplation_group', 'peer_support', 'clinic', 'training', 'meeting', 'other'] as const;
export const Activity = z.enum(ACTIVITIES);
export type Activity = z.infer<typeof Activity>;

export const ACTIVITY_LABELS: Record<Activity, LocalText> = {
  drop_in: { vi: 'Điểm tiếp cận cộng đồng (drop-in)', en: 'Drop-in centre' },
  outreach: { vi: 'Tiếp cận cộng đồng tại địa bàn', en: 'Outreach' },
  contemplation_group: { vi: 'Nhóm cân nhắc thay đổi', en: 'Contemplation group' },
  peer_support: { vi: 'Hỗ trợ đồng đẳng', en: 'Peer support' },
  clinic: { vi: 'Phòng khám', en: 'Clinic' },
  training: { vi: 'Tập huấn', en: 'Training' },
  meeting: { vi: 'Trao đổi, thảo luận', en: 'Discussion' },
  other: { vi: 'Hoạt động khác', en: 'Other activity' },
};

/** The longest visit: a month. Longer stays are placements, not visits. */
export const MAX_VISIT_DAYS = 30;
export const MAX_VISITORS = 500;
export const MAX_PROGRAMME_ITEMS = 100;

const LocalDate = z.iso.date('a date as YYYY-MM-DD');
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (00:00–23:59)');

/** ISO 3166-1 alpha-2, upper case; a visit from Vietnam names its province instead. */
export const Country = z
  .string()
  .regex(/^[A-Z]{2}$/, 'a two-letter country code (ISO 3166-1), e.g. TH')
  .refine((c) => c !== 'VN', 'for Vietnam, choose the province instead');

/**
 * One item of the programme: a day of the visit, a start (and end) time in the host's zone, what
 * the visitors observe, at which of the host's sites (checked by the server), and the host staff
 * who lead it (names as the staff wish to be shown; never a client).
 */
export const ProgrammeItem = z.strictObject({
  day: LocalDate,
  start: LocalTime,
  end: LocalTime.optional(),
  activity: Activity,
  /** A few words on what happens: "Buổi nhóm cân nhắc thay đổi của thứ Ba". */
  title: z.string().trim().max(200).optional(),
  siteId: z.uuid().optional(),
  staff: z.string().trim().max(200).optional(),
});
export type ProgrammeItem = z.infer<typeof ProgrammeItem>;

/** Days from `from` to `to`, both included. */
export function visitLength(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The days of a visit, in order. */
export function visitDays(from: string, to: string): string[] {
  const n = visitLength(from, to);
  return Array.from({ length: Math.max(0, n) }, (_, i) => addDays(from, i));
}

/**
 * A visit as the host records it. Where the group comes from is a Vietnamese province, or a
 * country outside Vietnam (one of the two). Dates are days in the host organisation's time zone.
 */
export const VisitFields = z.strictObject({
  visitorName: z.string().trim().min(2, 'at least 2 characters').max(200),
  visitorKind: VisitorKind,
  provinceId: ProvinceId.optional(),
  country: Country.optional(),
  people: z.int('a whole number').min(1, 'at least 1 person').max(MAX_VISITORS, `at most ${MAX_VISITORS} people`),
  from: LocalDate,
  to: LocalDate,
  programme: z.array(ProgrammeItem).max(MAX_PROGRAMME_ITEMS, `at most ${MAX_PROGRAMME_ITEMS} items`),
});

export const VisitInput = VisitFields.superRefine((v, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if ((v.provinceId === undefined) === (v.country === undefined)) issue(['provinceId'], 'choose the province or, outside Vietnam, the country (one of the two)');
  const days = visitLength(v.from, v.to);
  if (days < 1) issue(['to'], 'the last day cannot be before the first');
  else if (days > MAX_VISIT_DAYS) issue(['to'], `a visit lasts at most ${MAX_VISIT_DAYS} days`);
  v.programme.forEach((item, i) => {
    if (item.day < v.from || item.day > v.to) issue(['programme', i, 'day'], 'choose a day of the visit');
    if (item.end !== undefined && item.end <= item.start) issue(['programme', i, 'end'], 'the end must be after the start');
    const prev = v.programme[i - 1];
    if (prev && (item.day < prev.day || (item.day === prev.day && item.start < prev.start))) issue(['programme', i], 'put the programme in order of day and start time');
  });
});
export type VisitInput = z.infer<typeof VisitInput>;

/** An edit names the version it was based on, so two people editing at once do not overwrite each other unseen. */
export const VisitEdit = z.strictObject({ version: z.int().min(1), visit: VisitInput });
export type VisitEdit = z.infer<typeof VisitEdit>;

export const StatusChange = z.strictObject({ status: VisitStatus });

export interface ExchangeVisit extends VisitInput {
  id: string;
  orgId: string;
  status: VisitStatus;
  version: number;
  /** How many feedback forms were recorded. */
  feedbackCount: number;
}

/** Why a status change or an edit is refused; each is an error code of the catalogue. */
export type VisitProblem = 'VISIT_STATUS_SAME' | 'VISIT_NOT_STARTED' | 'VISIT_CANCELLED' | 'VISIT_DONE_CANNOT_CANCEL' | 'VISIT_HAS_FEEDBACK';

/**
 * Which status changes are allowed. A planned visit becomes done once its first day has come
 * (`today` in the host's zone), or is cancelled. A done visit can go back to planned (marked done
 * by mistake) as long as it has no feedback; a cancelled one can be planned again (the group
 * rescheduled). Done and cancelled never swap directly: the step between says what happened.
 */
export function statusChangeProblem(visit: { status: VisitStatus; from: string; feedbackCount: number }, next: VisitStatus, today: string): VisitProblem | null {
  if (visit.status === next) return 'VISIT_STATUS_SAME';
  if (next === 'done') {
    if (visit.status === 'cancelled') return 'VISIT_CANCELLED';
    return visit.from > today ? 'VISIT_NOT_STARTED' : null;
  }
  if (next === 'cancelled') return visit.status === 'done' ? 'VISIT_DONE_CANNOT_CANCEL' : null;
  return visit.status === 'done' && visit.feedbackCount > 0 ? 'VISIT_HAS_FEEDBACK' : null;
}

/** An edit of a done visit cannot move it into the future: it happened. */
export function editProblem(status: VisitStatus, edited: Pick<VisitInput, 'from'>, today: string): VisitProblem | null {
  return status === 'done' && edited.from > today ? 'VISIT_NOT_STARTED' : null;
}

/** Upcoming: not over yet in the host's zone (a visit in progress is still upcoming), and not cancelled. Soonest first; the rest newest first. */
export function splitVisits<T extends { status: VisitStatus; from: string; to: string }>(visits: readonly T[], today: string): { upcoming: T[]; past: T[] } {
  const upcoming = visits.filter((v) => v.status === 'planned' && v.to >= today).sort((a, b) => a.from.localeCompare(b.from));
  const past = visits.filter((v) => !upcoming.includes(v)).sort((a, b) => b.from.localeCompare(a.from));
  return { upcoming, past };
}
