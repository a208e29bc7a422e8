import { findIndicator } from '../indicators/definitions.ts';
import { dimensionName, keyLabel } from '../indicators/labels.ts';
import { parsePeriodKey, periodLabel } from '../indicators/periods.ts';
import type { PresentedFigure, PresentedTable } from '../indicators/result.ts';
import { DICTIONARIES, type Lang } from '../i18n/index.ts';
import { csvBytes, toCsv, type CsvCell } from './csv.ts';

/**
 * An indicator table as a spreadsheet (issue #6 §3), exactly as the person saw it on screen:
 * suppressed figures stay empty with a note, never the hidden number.
 *
 * Header, in the person's language: period, one column per dimension (breakdowns, then
 * disaggregations), value, numerator and denominator (rates and medians only), note. Rows: per
 * period, the total first ("Tổng"/"Total" in the dimension columns), then its cells. A rate is
 * written as a fraction (0.25), rounded to 4 decimals; a median as days.
 */
export function indicatorCsvRows(table: PresentedTable, lang: Lang): { header: string[]; rows: CsvCell[][] } {
  const words = DICTIONARIES[lang].reports.csv;
  const unit = findIndicator(table.indicatorId)?.unit;
  const withFraction = unit === 'rate' || unit === 'days';
  const header = [words.period, ...table.dimensions.map((d) => dimensionName(d, lang)), words.value, ...(withFraction ? [words.numerator, words.denominator] : []), words.note];
  const figure = (f: PresentedFigure): CsvCell[] => [
    f.value === null ? null : Math.round(f.value * 10_000) / 10_000,
    ...(withFraction ? [f.numerator ?? null, f.denominator ?? null] : []),
    f.flag === 'suppressed' ? words.suppressed : f.flag === 'no_denominator' ? words.noDenominator : null,
  ];
  const rows: CsvCell[][] = [];
  for (const period of table.periods) {
    const p = parsePeriodKey(period);
    const label = p ? periodLabel(p)[lang] : period;
    const total = table.totals.find((t) => t.period === period);
    if (total) rows.push([label, ...table.dimensions.map(() => words.total), ...figure(total)]);
    for (const cell of table.cells.filter((c) => c.period === period)) rows.push([label, ...cell.keys.map((_, i) => keyLabel(table, cell.keys, i, lang)), ...figure(cell)]);
  }
  return { header, rows };
}

/** The CSV text, with the UTF-8 byte order mark Excel needs for Vietnamese. */
export function indicatorCsv(table: PresentedTable, lang: Lang): string {
  const { header, rows } = indicatorCsvRows(table, lang);
  return toCsv(header, rows);
}

/** The CSV as UTF-8 bytes for an HTTP body. */
export function indicatorCsvBytes(table: PresentedTable, lang: Lang): Uint8Array {
  const { header, rows } = indicatorCsvRows(table, lang);
  return csvBytes(header, rows);
}

/** `fieldlab-<indicatorId>-<from>-<to>.csv`: only ids and days, safe in a header. */
export function indicatorCsvFilename(indicatorId: string, from: string, to: string): string {
  return `fieldlab-${indicatorId}-${from}-${to}.csv`;
}
