import { z } from 'zod';

/**
 * When a group meets (issue #7 §1): once, or weekly, fortnightly or monthly from a start day to an
 * optional end day, at a local time. Days are calendar days ('YYYY-MM-DD') in the organisation's
 * time zone and the time is its wall-clock time, so "Tuesdays 18:00" stays 18:00 whatever the
 * device's clock zone.
 *
 * Weekdays are named, not numbered: Vietnamese counts Monday as "Thứ Hai" (day two), so a number
 * would be off by one for someone.
 */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const Weekday = z.enum(WEEKDAYS, { error: 'Choose the day of the week the group meets' });
export type Weekday = z.infer<typeof Weekday>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Write the time as 18:30 (24-hour clock)' });
const startsOn = z.iso.date({ error: 'Choose the day the group starts' });
const endsOn = z.iso.date({ error: 'Choose the day the group ends, or leave it open' }).nullable();
const endsAfterStart = { message: 'The end day must be on or after the start day', path: ['endsOn'] };

const OneOff = z.strictObject({ repeat: z.literal('once'), on: z.iso.date({ error: 'Choose the day of the meeting' }), time });
const weeklyLike = <R extends 'weekly' | 'fortnightly'>(repeat: R) =>
  z
    .strictObject({ repeat: z.literal(repeat), weekday: Weekday, startsOn, endsOn, time })
    .refine((s) => s.endsOn === null || s.endsOn >= s.startsOn, endsAfterStart);
/**
 * `dayOfMonth` 29–31 falls on the last day of shorter months (31 → 28 February, 30 April): a
 * group that meets "on the 31st" means "at month end" to the people in it, and skipping months
 * would silently drop meetings. (iCalendar, RFC 5545, skips such days instead; an export of this
 * rule to iCalendar is BYMONTHDAY=28,29,30,31 with BYSETPOS=-1 for 31, and likewise for 29, 30.)
 */
const Monthly = z
  .strictObject({
    repeat: z.literal('monthly'),
    dayOfMonth: z.int({ error: 'Choose a day of the month from 1 to 31' }).min(1, { message: 'Choose a day of the month from 1 to 31' }).max(31, { message: 'Choose a day of the month from 1 to 31' }),
    startsOn,
    endsOn,
    time,
  })
  .refine((s) => s.endsOn === null || s.endsOn >= s.startsOn, endsAfterStart);

export const Schedule = z.discriminatedUnion('repeat', [OneOff, weeklyLike('weekly'), weeklyLike('fortnightly'), Monthly]);
export type Schedule = z.infer<typeof Schedule>;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar day; a RangeError for one that is not a day. */
function dayNumber(day: string): number {
  const m = DAY.exec(day);
  const t = Date.UTC(Number(m?.[1]), Number(m?.[2]) - 1, Number(m?.[3]));
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  return t / 86_400_000;
}

const fromDayNumber = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** The day of the week of a calendar day. */
export function weekdayOf(day: string): Weekday {
  // 1970-01-01 was a Thursday, index 3 counting from Monday.
  return WEEKDAYS[(((dayNumber(day) + 3) % 7) + 7) % 7]!;
}

/**
 * The days from `from` to `to` (both included) on which a group with this schedule meets, oldest
 * first. Fortnightly weeks count from the first meeting (the first such weekday on or after the
 * start day), never from `from`, so asking for March or for the whole year gives the same Tuesdays.
 * The answer is the plan; a session held on another day is still recorded (rescheduled, extra).
 */
export function occurrences(schedule: Schedule, from: string, to: string): string[] {
  const lo0 = dayNumber(from);
  const hi0 = dayNumber(to);
  if (schedule.repeat === 'once') {
    const on = dayNumber(schedule.on);
    return on >= lo0 && on <= hi0 ? [schedule.on] : [];
  }
  const lo = Math.max(lo0, dayNumber(schedule.startsOn));
  const hi = schedule.endsOn === null ? hi0 : Math.min(hi0, dayNumber(schedule.endsOn));
  if (lo > hi) return [];
  const days: string[] = [];
  if (schedule.repeat === 'monthly') {
    const start = new Date(lo * 86_400_000);
    for (let month = start.getUTCFullYear() * 12 + start.getUTCMonth(); ; month += 1) {
      const y = Math.floor(month / 12);
      const m = month % 12;
      const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
      const d = Date.UTC(y, m, Math.min(schedule.dayOfMonth, lastOfMonth)) / 86_400_000;
      if (d > hi) break;
      if (d >= lo) days.push(fromDayNumber(d));
    }
    return days;
  }
  const step = schedule.repeat === 'weekly' ? 7 : 14;
  const start = dayNumber(schedule.startsOn);
  const first = start + ((WEEKDAYS.indexOf(schedule.weekday) - WEEKDAYS.indexOf(weekdayOf(schedule.startsOn)) + 7) % 7);
  for (let d = first + Math.max(0, Math.ceil((lo - first) / step)) * step; d <= hi; d += step) days.push(fromDayNumber(d));
  return days;
}
