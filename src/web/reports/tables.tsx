import type { TFunction } from 'i18next';
import type { Lang } from '../../core/i18n/index.ts';
import type { IndicatorUnit } from '../../core/indicators/definitions.ts';
import type { PresentedFigure, PresentedTable } from '../../core/indicators/result.ts';
import { useLang } from '../shell/i18n.tsx';
import type { Series } from './charts.tsx';
import { dimensionName, keyLabel } from '../../core/indicators/labels.ts';
import { formatter, indicatorOf, keysOf, type Formatter } from './figures.ts';

/**
 * The tables beneath the charts: the same numbers, readable without the picture. A model holds the
 * figures once; the chart and the table are both drawn from it, so they cannot disagree.
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

/** The chart's view of a model: rows become categories, columns series; hidden figures are gaps. */
export function chartOf(model: TableModel): { categories: string[]; series: Series[] } {
  return {
    categories: model.rows.map((r) => r.short ?? r.label),
    series: model.columns.map((label, i) => ({ label, values: model.rows.map((r) => (r.figures[i] && r.figures[i]!.flag !== 'suppressed' ? r.figures[i]!.value : null)) })),
  };
}

function Cell({ figure, unit, label, fmt }: { figure: PresentedFigure | null; unit: IndicatorUnit; label: string; fmt: Formatter }) {
  const hidden = figure?.flag === 'suppressed';
  return (
    <td class={hidden ? 'num cell-hidden' : 'num'} data-label={label}>
      {figure ? fmt.figure(figure, unit) : '—'}
    </td>
  );
}

/** A model as a table: columns on a desktop, one block per row on a phone (styles.css, .numbers-table). */
export function FigureTable({ model, caption }: { model: TableModel; caption: string }) {
  const { t, lang } = useLang();
  const fmt = formatter(lang, t);
  return (
    <div class="report-table-wrap">
      <table class={model.columns.length === 1 ? 'data-table numbers-table report-table report-table-single' : 'data-table numbers-table report-table'}>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{model.rowsAre}</th>
            {model.columns.map((c, i) => (
              <th scope="col" class="num" key={i}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {row.figures.map((f, i) => (
                <Cell key={i} figure={f} unit={model.units[i]!} label={model.columns[i]!} fmt={fmt} />
              ))}
            </tr>
          ))}
        </tbody>
        {model.total && (
          <tfoot>
            <tr>
              <th scope="row">{model.total.label}</th>
              <td class={model.total.figure.flag === 'suppressed' ? 'num cell-hidden' : 'num'} colSpan={model.columns.length} data-label={model.total.label}>
                {fmt.figure(model.total.figure, model.total.unit)}
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** A whole indicator table over several periods, one line per cell (the explorer's table, in the CSV's shape). */
export function LongTable({ table, caption }: { table: PresentedTable; caption: string }) {
  const { t, lang } = useLang();
  const fmt = formatter(lang, t);
  const definition = indicatorOf(table.indicatorId);
  const withParts = definition.unit === 'rate' || definition.unit === 'days';
  const columns = [t('reports.dashboard.periodColumn'), ...table.dimensions.map((d) => dimensionName(d, lang)), t('reports.dashboard.value')];
  if (withParts) columns.push(t('reports.dashboard.numerator'), definition.unit === 'days' ? t('reports.dashboard.cases') : t('reports.dashboard.denominator'));
  const count = (n: number | undefined) => (n === undefined ? '—' : fmt.number(n));
  const valueLabel = t('reports.dashboard.value');
  return (
    <div class="report-table-wrap">
      <table class="data-table numbers-table report-table report-table-long">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" class={i > table.dimensions.length ? 'num' : undefined} key={i}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        {table.periods.map((period) => {
          const total = table.totals.find((x) => x.period === period);
          const cells = table.dimensions.length ? splitRows(table, period) : [];
          return (
            <tbody key={period}>
              {total && (
                <tr class="report-row-total">
                  <th scope="row">{fmt.period(period)}</th>
                  {table.dimensions.map((_, i) => (
                    <td data-label={columns[i + 1]} key={i}>
                      {t('reports.dashboard.total')}
                    </td>
                  ))}
                  <Cell figure={total} unit={definition.unit} label={valueLabel} fmt={fmt} />
                  {withParts && (
                    <>
                      <td class="num" data-label={columns[columns.length - 2]}>
                        {count(total.numerator)}
                      </td>
                      <td class="num" data-label={columns[columns.length - 1]}>
                        {count(total.denominator)}
                      </td>
                    </>
                  )}
                </tr>
              )}
              {cells.map((cell) => (
                <tr key={cell.keys.join('|')}>
                  <th scope="row">{fmt.period(period)}</th>
                  {cell.keys.map((_, i) => (
                    <td data-label={columns[i + 1]} key={i}>
                      {keyLabel(table, cell.keys, i, lang)}
                    </td>
                  ))}
                  <Cell figure={cell} unit={definition.unit} label={valueLabel} fmt={fmt} />
                  {withParts && (
                    <>
                      <td class="num" data-label={columns[columns.length - 2]}>
                        {count(cell.numerator)}
                      </td>
                      <td class="num" data-label={columns[columns.length - 1]}>
                        {count(cell.denominator)}
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
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
