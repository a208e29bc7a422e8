import type { TFunction } from 'i18next';
import type { Lang } from '../../core/i18n/index.ts';
import { findIndicator, type IndicatorDefinition, type IndicatorUnit } from '../../core/indicators/definitions.ts';
import { DISAGGREGATIONS, type DisaggregationId } from '../../core/indicators/disaggregations.ts';
import { dimensionName } from '../../core/indicators/labels.ts';
import { parsePeriodKey, periodLabel } from '../../core/indicators/periods.ts';
import type { PresentedFigure, PresentedTable } from '../../core/indicators/result.ts';

/**
 * How the dashboard writes its figures and names the cells of a table, in the reader's language:
 * counts as the language writes numbers, rates as percentages, medians as days, hidden cells as
 * "ẩn"/"hidden" (never 0). Cells' codes are named by core (indicators/labels.ts), as in the CSV.
 */
export const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

export function indicatorOf(id: string): IndicatorDefinition {
  const found = findIndicator(id);
  if (!found) throw new RangeError(`Unknown indicator ${id}`);
  return found;
}

export interface Formatter {
  /** A figure as it reads in a cell or a headline: '12', '45 %', '3 ngày', 'ẩn' or '—'. */
  figure(figure: PresentedFigure, unit: IndicatorUnit): string;
  number(n: number): string;
  /** The change between two figures in words with an arrow, or null when they cannot be compared. */
  change(current: PresentedFigure, previous: PresentedFigure, unit: IndicatorUnit, previousLabel: string): { direction: 'up' | 'down' | 'same'; text: string } | null;
  period(key: string): string;
  /** A period in few characters, for a chart's axis: 'T11/26', 'Q4/26' / 'Nov 26', 'Q4 26', '2026'. */
  shortPeriod(key: string): string;
}

export function formatter(lang: Lang, t: TFunction): Formatter {
  const number = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 });
  const signedPercent = new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const monthShort = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
  const plain = (value: number, unit: IndicatorUnit) => {
    if (unit === 'rate') return percent.format(value);
    if (unit === 'days') return t('reports.dashboard.days', { count: value, days: number.format(value) });
    return number.format(value);
  };
  return {
    number: (n) => number.format(n),
    figure(figure, unit) {
      if (figure.flag === 'suppressed') return t('reports.dashboard.hidden');
      if (figure.value === null) return '—';
      return plain(figure.value, unit);
    },
    change(current, previous, unit, previousLabel) {
      if (current.value === null || previous.value === null) return null;
      const diff = current.value - previous.value;
      const amount = Math.abs(diff);
      if (Math.abs(diff) < 1e-9) return { direction: 'same', text: t('reports.dashboard.changeNone', { period: previousLabel }) };
      let size: string;
      if (unit === 'rate') size = t('reports.dashboard.points', { points: number.format(amount * 100) });
      else size = plain(amount, unit);
      // A ratio only for counts: a rate's change is said in percentage points, a median's in days.
      if (unit !== 'rate' && unit !== 'days' && previous.value !== 0) size += ` (${signedPercent.format(diff / previous.value)})`;
      const key = diff > 0 ? 'reports.dashboard.changeUp' : 'reports.dashboard.changeDown';
      return { direction: diff > 0 ? 'up' : 'down', text: t(key, { amount: size, period: previousLabel }) };
    },
    period(key) {
      const period = parsePeriodKey(key);
      return period ? periodLabel(period)[lang] : key;
    },
    shortPeriod(key) {
      const period = parsePeriodKey(key);
      if (!period || period.kind === 'year') return key;
      const yy = key.slice(2, 4);
      if (period.kind === 'quarter') return lang === 'vi' ? `Q${key.slice(6)}/${yy}` : `Q${key.slice(6)} ${yy}`;
      return lang === 'vi' ? `T${Number(key.slice(5, 7))}/${yy}` : `${monthShort.format(new Date(`${period.start}T12:00:00Z`))} ${yy}`;
    },
  };
}

/** A table's title: the indicator's name, then what it is split by when that is a disaggregation (its own breakdowns are in its name). */
export function tableTitle(table: PresentedTable, lang: Lang, t: TFunction): string {
  const name = indicatorOf(table.indicatorId).name[lang];
  const by = table.dimensions.filter((d) => d in DISAGGREGATIONS).map((d) => dimensionName(d, lang).toLocaleLowerCase(locale(lang)));
  return by.length ? t('reports.dashboard.by', { name, by: by.join(t('reports.dashboard.and')) }) : name;
}

/** The order a dimension's codes are listed in (core's order), so age bands read youngest first; ids keep the table's order. */
export function keyOrder(table: PresentedTable, index: number): (a: string, b: string) => number {
  const dimension = table.dimensions[index]!;
  const definition = findIndicator(table.indicatorId);
  const values = dimension in DISAGGREGATIONS ? DISAGGREGATIONS[dimension as DisaggregationId].values : (definition?.breakdowns.find((b) => b.id === dimension)?.values ?? null);
  if (!values) return () => 0;
  const rank = (k: string) => (k === 'unknown' ? values.length + 1 : values.indexOf(k) === -1 ? values.length : values.indexOf(k));
  return (a, b) => rank(a) - rank(b);
}

/** The distinct keys of one dimension present in the cells, in their proper order. */
export function keysOf(table: PresentedTable, index: number, period?: string): string[] {
  const seen = [...new Set(table.cells.filter((c) => period === undefined || c.period === period).map((c) => c.keys[index]!))];
  return seen.sort(keyOrder(table, index));
}
