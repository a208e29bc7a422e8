import type { Lang } from '../../core/i18n/index.ts';
import type { ServerData } from '../offline/engine.ts';

/**
 * Dates as people read them on the phone, in its own time zone (phones in the field are set to
 * Vietnam's). Dates of the form YYYY-MM-DD (follow-ups) are calendar days, not instants.
 */
const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

/** Today on this phone, as YYYY-MM-DD. */
export function localDate(d: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Now on this phone, as the value of an <input type="datetime-local">. */
export function localDateTime(d: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localDate(new Date(y, m - 1, d + days));
}

export function formatDay(day: string, lang: Lang): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date(y, m - 1, d));
}

export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  const sameDay = localDate(d) === localDate();
  return new Intl.DateTimeFormat(locale(lang), sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

export type CatalogueRow = ServerData['catalogue'][number];

export function itemName(item: Pick<CatalogueRow, 'nameVi' | 'nameEn'>, lang: Lang): string {
  return lang === 'vi' ? item.nameVi : item.nameEn;
}

/** A 1–5 average with one decimal, as the language writes it (4,0 in Vietnamese, 4.0 in English). */
export function formatRating(value: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}
