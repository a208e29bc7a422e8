import { INDICATORS, type IndicatorId } from '../../core/indicators/definitions.ts';
import { DISAGGREGATIONS, type DisaggregationId } from '../../core/indicators/disaggregations.ts';
import { parsePeriodKey, periodLabel } from '../../core/indicators/periods.ts';
import { ChipGroup } from '../field/controls.tsx';
import { useLang } from '../shell/i18n.tsx';
import { SelectField } from '../ui/form.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { csvHref, reportsApi, type TableQuery } from './api.ts';
import { BarChart } from './charts.tsx';
import { formatter, indicatorOf, tableTitle } from './figures.ts';
import { periodChoices, rangeOf, type ReportQuery, type SetReportQuery } from './report-query.ts';
import { chartOf, seriesModel, splitModel } from './models.ts';
import { LongTable } from './tables.tsx';

/** The most bars the explorer draws; the table beneath always has every row. */
const MAX_BARS = 40;

/**
 * Any indicator, split by up to two of the ways it allows, over a range of periods: the table in
 * the CSV's shape, a bar chart of the range's last period, and the CSV itself.
 */
export function Explorer({ scope, q, set, available }: { scope: string; q: ReportQuery; set: SetReportQuery; available?: IndicatorId[] }) {
  const { t, lang } = useLang();
  const indicators = available ? INDICATORS.filter((i) => available.includes(i.id)) : INDICATORS;
  const indicatorId = q.indicator && indicators.some((i) => i.id === q.indicator) ? q.indicator : (indicators[0]?.id ?? null);
  const definition = indicatorId ? indicatorOf(indicatorId) : null;
  const by = q.by.filter((d) => definition?.disaggregations.includes(d));
  const query: TableQuery | null = indicatorId ? { scope, indicatorId, periodKind: q.kind, ...rangeOf([q.from.key, q.to.key]), by } : null;
  const table = useResource(() => (query ? reportsApi.table(query) : Promise.resolve(null)), [JSON.stringify(query), lang]);
  const choices = periodChoices(q.kind, q.from).filter((p) => p.start <= q.period.start || p.key === q.to.key);
  const data = table.data && table.data.indicatorId === indicatorId ? table.data : undefined;
  const last = data?.periods[data.periods.length - 1];
  // Split: the last period's cells. Not split: the totals of every period in the range.
  const split = Boolean(data && data.dimensions.length > 0);
  const model = data && last ? (split ? splitModel(data, last, lang, t) : seriesModel([data], lang, t, formatter(lang, t))) : null;
  const bars = model ? { ...model, rows: model.rows.slice(0, MAX_BARS) } : null;
  const title = data ? tableTitle(data, lang, t) : '';
  const chartTitle = !data || !last ? '' : split ? `${title} · ${periodLabel(parsePeriodKey(last)!)[lang]}` : t('reports.dashboard.overPeriods', { name: title });

  if (!definition || !query) return <Notice>{t('reports.dashboard.noIndicators')}</Notice>;
  return (
    <section class="report-section report-explorer" aria-labelledby="report-explorer">
      <h2 id="report-explorer" class="sr-only">
        {t('reports.dashboard.explorer')}
      </h2>
      <div class="explorer-controls">
        <SelectField name="indicator" label={t('reports.dashboard.indicator')} value={indicatorId!} options={indicators.map((i) => ({ value: i.id, label: i.name[lang] }))} onValue={(id) => set({ indicator: id as IndicatorId, by: [] })} />
        <p class="hint">{definition.definition[lang]}</p>
        {definition.disaggregations.length > 0 && (
          <ChipGroup
            name="by"
            legend={t('reports.dashboard.splitBy')}
            hint={by.length >= 2 ? t('reports.dashboard.splitMax') : undefined}
            multiple
            options={definition.disaggregations.map((d) => ({ value: d, label: DISAGGREGATIONS[d].name[lang] }))}
            values={by}
            onValues={(values) => set({ by: (values as DisaggregationId[]).slice(-2) })}
          />
        )}
        <div class="explorer-range">
          <SelectField name="from" label={t('reports.dashboard.from')} value={q.from.key} options={choices.map((p) => ({ value: p.key, label: periodLabel(p)[lang] }))} onValue={(key) => {
            const from = parsePeriodKey(key);
            if (from) set({ from, to: from.start > q.to.start ? from : q.to });
          }} />
          <SelectField name="to" label={t('reports.dashboard.to')} value={q.to.key} options={choices.map((p) => ({ value: p.key, label: periodLabel(p)[lang] }))} onValue={(key) => {
            const to = parsePeriodKey(key);
            if (to) set({ to, from: to.start < q.from.start ? to : q.from });
          }} />
        </div>
      </div>
      <p class="report-csv-links">
        <a class="button button-primary report-csv" href={csvHref(query, lang)} download>
          <span aria-hidden="true">⤓</span> {t('reports.dashboard.csv')}
        </a>
      </p>
      {table.error !== undefined && <ErrorMessage error={table.error} onRetry={table.reload} />}
      {table.loading && !data && <Loading />}
      {data && model && bars && last && (
        <div class={table.loading ? 'report report-stale' : 'report'} aria-busy={table.loading || undefined}>
          <figure class="report-figure">
            <figcaption>{chartTitle}</figcaption>
            {model.rows.length === 0 ? (
              <p class="hint">{t('reports.dashboard.noneInPeriod')}</p>
            ) : (
              <>
                <BarChart title={t('reports.dashboard.chartOf', { title: chartTitle })} {...chartOf(bars, t('reports.dashboard.hidden'))} percent={definition.unit === 'rate'} lang={lang} />
                {model.rows.length > MAX_BARS && <p class="hint">{t('reports.dashboard.tooMany', { count: MAX_BARS })}</p>}
              </>
            )}
          </figure>
          <figure class="report-figure">
            <figcaption>{title}</figcaption>
            <LongTable table={data} caption={title} />
          </figure>
        </div>
      )}
    </section>
  );
}
