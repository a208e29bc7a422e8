import { findProvince } from '../../core/geo/provinces.ts';
import type { Lang } from '../../core/i18n/index.ts';

/**
 * Where visiting groups come from, in words. Countries are named by the browser (Intl.DisplayNames)
 * in the reader's language; the list offered first holds the region's neighbours and the usual
 * partners, and any other country can be typed as its ISO 3166-1 code.
 */
export const COMMON_COUNTRIES = ['KH', 'LA', 'TH', 'MM', 'MY', 'ID', 'PH', 'SG', 'CN', 'KR', 'JP', 'TW', 'IN', 'BD', 'NP', 'AU', 'NZ', 'US', 'GB', 'FR', 'DE', 'NL', 'SE', 'CH'] as const;

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

export function countryName(code: string, lang: Lang): string {
  try {
    return new Intl.DisplayNames([locale(lang)], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function originName(origin: { provinceId?: string | null | undefined; country?: string | null | undefined }, lang: Lang): string {
  if (origin.provinceId) return findProvince(origin.provinceId)?.name[lang] ?? origin.provinceId;
  return origin.country ? countryName(origin.country, lang) : '';
}

/** '14/9/2026' or '14 Sept 2026'; a range within one month shares it: '14–15/9/2026'. */
export function formatDays(from: string, to: string, lang: Lang): string {
  const format = (day: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale(lang), { ...options, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  const full: Intl.DateTimeFormatOptions = { day: 'numeric', month: lang === 'vi' ? 'numeric' : 'short', year: 'numeric' };
  if (from === to) return format(from, full);
  return `${format(from, full)} – ${format(to, full)}`;
}

/** 'Thứ Hai, 14/9' / 'Mon 14 Sept': a programme day. */
export function formatProgrammeDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: lang === 'vi' ? 'long' : 'short', day: 'numeric', month: lang === 'vi' ? 'numeric' : 'short', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

export function formatMean(n: number | null, lang: Lang): string {
  return n === null ? '—' : new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
}
