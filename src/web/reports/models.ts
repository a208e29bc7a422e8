import type { TFunction } from 'i18next';
import type { Lang } from '../../core/i18n/index.ts';
import type { IndicatorUnit } from '../../core/indicators/definitions.ts';
import { dimensionName, keyLabel } from '../../core/indicators/labels.ts';
import type { PresentedFigure, PresentedTable } from '../../core/indicators/result.ts';
import type { Series } from './charts.tsx';
import { indicatorOf, keysOf, type Formatter } from './figures.ts';

/**
 * What a chart and the table beneath it show: the figures held once, so the two cannot disagree.
 */
export interface TableModel {
  /** The first column's heading (what the rows are). */
  rowsAre: string;
  columns: string[];
  /** `short`: the row's name on a chart's axis, when the table's is long. */
  rows: { key: string; label: string; short?: string; figures: (PresentedFigure | null)[] }[];
  units: IndicatorUnit[];
  /** The table's total over everything in it, as the server counted it (not a sum of the cells). */
  total?: { label: string; figure: PresentedFigure; unit: IndicatorUnit };
}

const ZERO: PresentedFigure = { value: 0, flag: null };

/** Indicators over periods: one row per period, one column per indicator. */
export function seriesModel(tables: readonly PresentedTable[], lang: Lang, t: TFunction, fmt: Formatter): TableModel {
  const periods = tables[0]?.periods ?? [];
  return {
    rowsAre: t('reports.dashboard.periodColumn'),
    columns: tables.map((table) => indicatorOf(table.indicatorId).name[lang]),
    units: tables.map((table) => indicatorOf(table.indicatorId).unit),
    rows: periods.map((period) => ({ key: period, label: fmt.period(period), short: fmt.shortPeriod(period), figures: tables.map((table) => table.totals.find((x) => x.period === period) ?? null) })),
  };
}

/**
 * One period of a split table. One dimension: a row per key. Two: rows by the first, columns by
 * the second, unless the second only means something within the first (an instrument's bands),
 * then a row per pair. Counts of a split with no records are zero (the server lists only cells
 * with records); a rate or a median without records has no value.
 */
export function splitModel(table: PresentedTable, period: string, lang: Lang, t: TFunction): TableModel {
  const unit = indicatorOf(table.indicatorId).unit;
  const cells = table.cells.filter((c) => c.period === period);
  const missing = unit === 'rate' || unit === 'days' ? null : ZERO;
  const totalFigure = table.totals.find((x) => x.period === period);
  const total = totalFigure ? { label: t('reports.dashboard.total'), figure: totalFigure, unit } : undefined;
  const crossTab = table.dimensions.length === 2 && table.dimensions[1] !== 'band';
  if (crossTab) {
    const rowKeys = keysOf(table, 0, period);
    const columnKeys = keysOf(table, 1, period);
    return {
      rowsAre: dimensionName(table.dimensions[0]!, lang),
      columns: columnKeys.map((k) => keyLabel(table, ['', k], 1, lang)),
      units: columnKeys.map(() => unit),
      rows: rowKeys.map((r) => ({
        key: r,
        label: keyLabel(table, [r, ''], 0, lang),
        figures: columnKeys.map((c) => cells.find((x) => x.keys[0] === r && x.keys[1] === c) ?? missing),
      })),
      total,
    };
  }
  const ordered = splitRows(table, period);
  return {
    rowsAre: table.dimensions.map((d) => dimensionName(d, lang)).join(' · '),
    columns: [indicatorOf(table.indicatorId).name[lang]],
    units: [unit],
    rows: ordered.map((c) => ({ key: c.keys.join('|'), label: c.keys.map((_, i) => keyLabel(table, c.keys, i, lang)).join(' · '), figures: [c] })),
    total,
  };
}

/**
 * The chart's view of a model: rows become categories, columns series; hidden figures are gaps.
 * Given `hidden` (the word for it), a category with a hidden figure says so in its name, so an
 * empty bar is never read as zero.
 */
export function chartOf(model: TableModel, hidden?: string): { categories: string[]; series: Series[] } {
  const isHidden = (f: PresentedFigure | null) => f?.flag === 'suppressed';
  return {
    categories: model.rows.map((r) => {
      const name = r.short ?? r.label;
      return hidden && r.figures.some(isHidden) ? `${name} (${hidden})` : name;
    }),
    series: model.columns.map((label, i) => ({ label, values: model.rows.map((r) => (r.figures[i] && !isHidden(r.figures[i]!) ? r.figures[i]!.value : null)) })),
  };
}

/** The cells of one period in the order of their keys. */
export function splitRows(table: PresentedTable, period: string) {
  const orders = table.dimensions.map((_, i) => keysOf(table, i));
  return table.cells
    .filter((c) => c.period === period)
    .sort((a, b) => {
      for (let i = 0; i < orders.length; i++) {
        const d = orders[i]!.indexOf(a.keys[i]!) - orders[i]!.indexOf(b.keys[i]!);
        if (d !== 0) return d;
      }
      return 0;
    });
}
