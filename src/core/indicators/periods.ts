import { addDays, dayIn } from '../dates.ts';
import type { LocalText } from '../screening/types.ts';

/**
 * Reporting periods (issue #6 §1): calendar months, quarters and years of the organisation's time
 * zone, so a contact at 23:30 on 30 November in Hà Nội counts in November whatever the UTC date.
 * A period is a half-open range of days: `start` is its first day, `end` the first day after it.
 */
export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** '2026-11', '2026-Q4' or '2026'. */
  key: string;
  /** First day, 'YYYY-MM-DD'. */
  start: string;
  /** First day after the period (exclusive), 'YYYY-MM-DD'. */
  end: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const firstOfMonth = (year: number, month: number) => (month > 12 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(month)}-01`);

function make(kind: PeriodKind, year: number, month: number): Period {
  if (kind === 'year') return { kind, key: pad(year, 4), start: firstOfMonth(year, 1), end: firstOfMonth(year + 1, 1) };
  if (kind === 'quarter') {
    const q = Math.ceil(month / 3);
    return { kind, key: `${pad(year, 4)}-Q${q}`, start: firstOfMonth(year, 3 * q - 2), end: firstOfMonth(year, 3 * q + 1) };
  }
  return { kind, key: `${pad(year, 4)}-${pad(month)}`, start: firstOfMonth(year, month), end: firstOfMonth(year, month + 1) };
}

/** The day ('YYYY-MM-DD') a day or an ISO date-time with offset falls on in `timeZone`. Throws a RangeError for anything else. */
export function dayOf(dayOrIso: string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  if (DAY.test(dayOrIso)) {
    if (addDays(dayOrIso, 0) !== dayOrIso) throw new RangeError(`Not a calendar day: ${dayOrIso}`);
    return dayOrIso;
  }
  return dayIn(dayOrIso, timeZone);
}

/** The month, quarter or year holding a day, or the instant `dayOrIso` as lived in `timeZone`. */
export function periodOf(dayOrIso: string, kind: PeriodKind, timeZone = 'Asia/Ho_Chi_Minh'): Period {
  const day = dayOf(dayOrIso, timeZone);
  return make(kind, Number(day.slice(0, 4)), Number(day.slice(5, 7)));
}

/** The period a key names ('2026-11', '2026-Q4', '2026'), or null if it names none. */
export function parsePeriodKey(key: string): Period | null {
  const m = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2] !== undefined) return make('month', year, Number(m[2]));
  if (m[3] !== undefined) return make('quarter', year, 3 * Number(m[3]));
  return make('year', year, 1);
}

/** Every period of `kind` holding a day from `from` to `to`, both included, in order; none when `to` is before `from`. */
export function periodsBetween(from: string, to: string, kind: PeriodKind, timeZone = 'Asia/Ho_Chi_Minh'): Period[] {
  const first = dayOf(from, timeZone);
  const last = dayOf(to, timeZone);
  const periods: Period[] = [];
  if (last < first) return periods;
  for (let p = periodOf(first, kind); p.start <= last; p = nextPeriod(p)) periods.push(p);
  return periods;
}

/** The period just before, for "change from the previous period": November → October, Q1 2027 → Q4 2026. */
export function previousPeriod(period: Period): Period {
  return periodOf(addDays(period.start, -1), period.kind);
}

/** `count` periods ending with `last`, oldest first. */
export function periodsEndingWith(last: Period, count: number): Period[] {
  const periods = [last];
  while (periods.length < count) periods.unshift(previousPeriod(periods[0]!));
  return periods;
}

/** The period just after. */
export function nextPeriod(period: Period): Period {
  return periodOf(period.end, period.kind);
}

/** Whether `day` ('YYYY-MM-DD') is in the period. */
export function periodContains(period: Period, day: string): boolean {
  return period.start <= day && day < period.end;
}

/**
 * The period in DHIS2's ISO period format, as `dataValueSets` expects it: Monthly `yyyyMM`
 * ('202611'), Quarterly `yyyyQn` ('2026Q4'), Yearly `yyyy` ('2026'). Sources actually read: the
 * period table of the khisr R client's date-format guide and DATIM's validation examples; the
 * DHIS2 Web API manual's "Date and period format" page says the same but was not re-read here.
 */
export function dhis2Period(period: Period): string {
  return period.key.replace('-', '');
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** What a person reads: 'Tháng 11/2026' / 'November 2026', 'Quý 4/2026' / 'Q4 2026', 'Năm 2026' / '2026'. */
export function periodLabel(period: Period): LocalText {
  const year = period.key.slice(0, 4);
  if (period.kind === 'month') {
    const month = Number(period.key.slice(5, 7));
    return { vi: `Tháng ${month}/${year}`, en: `${MONTHS_EN[month - 1]!} ${year}` };
  }
  if (period.kind === 'quarter') {
    const q = period.key.slice(6);
    return { vi: `Quý ${q}/${year}`, en: `Q${q} ${year}` };
  }
  return { vi: `Năm ${year}`, en: year };
}
