import type { IndicatorUnit } from '../../core/indicators/definitions.ts';
import { dimensionName, keyLabel } from '../../core/indicators/labels.ts';
import type { PresentedFigure, PresentedTable } from '../../core/indicators/result.ts';
import { useLang } from '../shell/i18n.tsx';
import { formatter, indicatorOf, type Formatter } from './figures.ts';
import { splitRows, type TableModel } from './models.ts';

/** The tables beneath the charts: the same numbers as the picture, readable without it (and by screen readers). */
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
