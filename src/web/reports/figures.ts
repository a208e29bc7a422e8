import type { TFunction } from 'i18next';
import type { Lang } from '../../core/i18n/index.ts';
import { findProvince } from '../../core/geo/provinces.ts';
import { findIndicator, type IndicatorDefinition, type IndicatorUnit } from '../../core/indicators/definitions.ts';
import { AGE_BAND_LABELS, DISAGGREGATIONS, type AgeBand, type DisaggregationId } from '../../core/indicators/disaggregations.ts';
import { parsePeriodKey, periodLabel } from '../../core/indicators/periods.ts';
import type { PresentedFigure, PresentedTable } from '../../core/indicators/result.ts';
import { INSTRUMENTS } from '../../core/screening/instruments/index.ts';
import type { ScoreBand } from '../../core/screening/types.ts';

/**
 * How the dashboard writes its figures and names the cells of a table, in the reader's language:
 * counts as the language writes numbers, rates as percentages, medians as days, hidden cells as
 * "ẩn"/"hidden" (never 0), and every code of a cell (a service, an age band, a site) by its name.
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
}

export function formatter(lang: Lang, t: TFunction): Formatter {
  const number = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 });
  const signedPercent = new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
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
  };
}

const INSTRUMENT_SHORT: Record<string, string> = { phq9: 'PHQ-9', phq2: 'PHQ-2', gad7: 'GAD-7', gad2: 'GAD-2', k10: 'K10', k6: 'K6', assist: 'ASSIST', sds: 'SDS', cssrs: 'C-SSRS' };

type NamedBand = Pick<ScoreBand, 'id' | 'label'>;

function bandsOf(instrumentId: string | undefined): readonly NamedBand[] {
  const instrument = instrumentId ? (INSTRUMENTS as Record<string, { bands?: readonly NamedBand[] }>)[instrumentId] : undefined;
  return instrument?.bands ?? [];
}

function bandLabel(key: string, instrumentId: string | undefined, lang: Lang): string {
  const own = bandsOf(instrumentId).find((b) => b.id === key);
  if (own) return own.label[lang];
  for (const instrument of Object.keys(INSTRUMENT_SHORT)) {
    const any = bandsOf(instrument).find((b) => b.id === key);
    if (any) return any.label[lang];
  }
  return key;
}

/**
 * The name of one key of a cell. `keys` and `dimensions` are the whole cell's, because a band is
 * named by its instrument. Ids of the database are named by the table's own `labels`.
 */
export function keyLabel(table: PresentedTable, index: number, keys: readonly string[], lang: Lang, t: TFunction): string {
  const dimension = table.dimensions[index]!;
  const key = keys[index]!;
  const own = table.labels[dimension]?.[key];
  if (own) return own[lang];
  if (key === 'unknown' && dimension !== 'age_band') return t('reports.dashboard.unknown');
  switch (dimension) {
    case 'sex_at_birth':
      return t(`client.sex.${key}` as 'client.sex.M', { defaultValue: key });
    case 'gender_identity':
      return t(`client.gender.${key}` as 'client.gender.man', { defaultValue: key });
    case 'key_population':
      return t(`client.keyPopulation.${key}` as 'client.keyPopulation.msm', { defaultValue: key });
    case 'age_band':
      return AGE_BAND_LABELS[key as AgeBand]?.[lang] ?? key;
    case 'province':
      return findProvince(key)?.name[lang] ?? key;
    case 'service':
      return t(`contact.serviceNames.${key}` as 'contact.serviceNames.information', { defaultValue: key });
    case 'instrument':
      return INSTRUMENT_SHORT[key] ?? key;
    case 'band':
      return bandLabel(key, keys[table.dimensions.indexOf('instrument')], lang);
    case 'crisis_level':
      return t(`crisis.levels.${key}.title` as 'crisis.levels.urgent.title', { defaultValue: key });
    case 'crisis_outcome':
      return t(`crisis.outcomes.${key}` as 'crisis.outcomes.person_left', { defaultValue: key });
    case 'anonymous_sex':
      return t(`anonymous.sexes.${key}` as 'anonymous.sexes.male', { defaultValue: key });
    default:
      return key;
  }
}

/** The name of a dimension: a disaggregation ("Nhóm tuổi") or one of the indicator's own breakdowns ("Loại dịch vụ"). */
export function dimensionName(dimension: string, lang: Lang, t: TFunction): string {
  if (dimension in DISAGGREGATIONS) return DISAGGREGATIONS[dimension as DisaggregationId].name[lang];
  return t(`reports.dashboard.dimensions.${dimension}` as 'reports.dashboard.dimensions.service', { defaultValue: dimension });
}

/** A table's title: the indicator's name, then what it is split by when that is a disaggregation (its own breakdowns are in its name). */
export function tableTitle(table: PresentedTable, lang: Lang, t: TFunction): string {
  const name = indicatorOf(table.indicatorId).name[lang];
  const by = table.dimensions.filter((d) => d in DISAGGREGATIONS).map((d) => dimensionName(d, lang, t).toLocaleLowerCase(locale(lang)));
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
