import type { Lang } from '../../core/i18n/index.ts';
import { findProvince } from '../../core/geo/provinces.ts';
import { CURRENCY_MINOR_UNIT_DIGITS, type EventCost } from '../../core/training/events.ts';

/** How the events pages write days, spans of days, costs and places, in the reader's language. */
const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

function asDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

/** "Thứ Tư, 10/3/2027" / "Wed 10 Mar 2027". */
export function formatDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), lang === 'vi' ? { weekday: 'long', day: 'numeric', month: 'numeric', year: 'numeric' } : { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(asDate(day));
}

/** The event's days in short: one day, a run, or a count of separate days from the first. */
export function formatDays(days: readonly string[], lang: Lang): string {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return '';
  if (first === last) return formatDay(first, lang);
  const fmt = new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: lang === 'vi' ? 'numeric' : 'short', year: 'numeric' });
  return fmt.formatRange(asDate(first), asDate(last));
}

export function formatCost(cost: EventCost, lang: Lang, free: string): string {
  if (cost.kind === 'free') return free;
  const digits = CURRENCY_MINOR_UNIT_DIGITS[cost.currency];
  return new Intl.NumberFormat(locale(lang), { style: 'currency', currency: cost.currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(cost.amount / 10 ** digits);
}

export function provinceName(id: string | null | undefined, lang: Lang): string {
  return (id && findProvince(id)?.name[lang]) || '';
}

/** Today on this device, YYYY-MM-DD (the check-in page preselects it). */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A country's name in the reader's language, from its ISO code (the code itself where the browser has no names). */
export function countryName(code: string, lang: Lang): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "T2, 7/12" / "Mon 7 Dec": short, for choosing one of the event's days. */
export function formatShortDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: 'numeric', month: lang === 'vi' ? 'numeric' : 'short' }).format(asDate(day));
}
