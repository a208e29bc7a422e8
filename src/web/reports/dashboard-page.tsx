import type { IndicatorId } from '../../core/indicators/definitions.ts';
import { DISAGGREGATIONS, type DisaggregationId } from '../../core/indicators/disaggregations.ts';
import { parsePeriodKey, periodLabel, periodOf, PERIOD_KINDS, periodsEndingWith, type Period } from '../../core/indicators/periods.ts';
import type { PresentedTable } from '../../core/indicators/result.ts';
import { ChipGroup } from '../field/controls.tsx';
import { canSomewhere } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link, navigate, usePlace } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { SelectField } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { csvHref, reportsApi, type Dashboard, type Headline, type TableQuery } from './api.ts';
import { BarChart, LineChart } from './charts.tsx';
import { Explorer } from './explorer.tsx';
import { formatter, indicatorOf, tableTitle } from './figures.ts';
import { laterPeriod, periodChoices, queryString, rangeOf, readQuery, type ReportQuery, type SetReportQuery } from './report-query.ts';
import { chartOf, seriesModel, splitModel } from './models.ts';
import { FigureTable } from './tables.tsx';
import { VisitsSection } from '../visits/visits-section.tsx';

/** The disaggregations a table is split by (its own breakdowns come with it whatever is asked). */
const disaggregationsOf = (table: PresentedTable) => table.dimensions.filter((d): d is DisaggregationId => d in DISAGGREGATIONS);

function CsvLink({ query, label }: { query: TableQuery; label: string }) {
  const { lang } = useLang();
  return (
    <a class="button report-csv" href={csvHref(query, lang)} download>
      <span aria-hidden="true">⤓</span> {label}
    </a>
  );
}

/** One headline figure: its value, the change from the period before in words and an arrow, and its definition a tap away. */
function HeadlineCard({ headline, dashboard, explore }: { headline: Headline; dashboard: Dashboard; explore: string }) {
  const { t, lang } = useLang();
  const fmt = formatter(lang, t);
  const definition = indicatorOf(headline.indicatorId);
  const previousLabel = periodLabel(dashboard.previous)[lang];
  const change = fmt.change(headline.current, headline.previous, definition.unit, previousLabel);
  const id = `headline-${headline.indicatorId}`;
  const hidden = headline.current.flag === 'suppressed';
  return (
    <article class="headline-card" aria-labelledby={id}>
      <h3 id={id}>{definition.name[lang]}</h3>
      <p class={hidden ? 'headline-value cell-hidden' : 'headline-value'} data-indicator={headline.indicatorId}>
        {fmt.figure(headline.current, definition.unit)}
      </p>
      {change ? (
        <p class={`headline-change headline-${change.direction}`}>
          <span aria-hidden="true">{change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '='}</span> {change.text}
        </p>
      ) : (
        <p class="headline-change">{t('reports.dashboard.changeUnknown', { period: previousLabel })}</p>
      )}
      <p class="hint">
        {previousLabel}: {fmt.figure(headline.previous, definition.unit)}
      </p>
      <details class="headline-definition">
        <summary>{t('reports.dashboard.definition')}</summary>
        <p>{definition.definition[lang]}</p>
        <dl>
          <dt>{t('reports.dashboard.numerator')}</dt>
          <dd>{definition.numerator[lang]}</dd>
          {definition.denominator && (
            <>
              <dt>{definition.unit === 'days' ? t('reports.dashboard.cases') : t('reports.dashboard.denominator')}</dt>
              <dd>{definition.denominator[lang]}</dd>
            </>
          )}
        </dl>
        <p>
          <Link href={explore}>{t('reports.dashboard.explore')}</Link>
        </p>
      </details>
    </article>
  );
}

function Trends({ dashboard, scope, q }: { dashboard: Dashboard; scope: string; q: ReportQuery }) {
  const { t, lang } = useLang();
  const fmt = formatter(lang, t);
  const series = dashboard.series.filter((s) => s.periods.length > 0);
  if (!series.length) return null;
  // Counts share an axis; rates (0–100 %) get their own chart.
  const groups = [series.filter((s) => indicatorOf(s.indicatorId).unit !== 'rate'), series.filter((s) => indicatorOf(s.indicatorId).unit === 'rate')].filter((g) => g.length);
  return (
    <section class="report-section" aria-labelledby="report-trends">
      <h2 id="report-trends">{t('reports.dashboard.trends', { count: series[0]!.periods.length })}</h2>
      {groups.map((group, gi) => {
        const model = seriesModel(group, lang, t, fmt);
        const chart = chartOf(model);
        const percent = indicatorOf(group[0]!.indicatorId).unit === 'rate';
        const title = percent ? model.columns.join(', ') : t('reports.dashboard.counts');
        return (
          <figure class="report-figure" key={gi}>
            <figcaption>{title}</figcaption>
            <LineChart title={t('reports.dashboard.chartOf', { title })} categories={chart.categories} series={chart.series} percent={percent} lang={lang} />
            <FigureTable model={model} caption={title} />
            <p class="report-csv-links">
              {group.map((s) => (
                <CsvLink key={s.indicatorId} label={t('reports.dashboard.csvOf', { name: indicatorOf(s.indicatorId).name[lang] })} query={{ scope, indicatorId: s.indicatorId, periodKind: q.kind, ...rangeOf(s.periods), by: [] }} />
              ))}
            </p>
          </figure>
        );
      })}
    </section>
  );
}

function Splits({ dashboard, scope, q }: { dashboard: Dashboard; scope: string; q: ReportQuery }) {
  const { t, lang } = useLang();
  const period = dashboard.period.key;
  if (!dashboard.bars.length) return null;
  return (
    <section class="report-section" aria-labelledby="report-splits">
      <h2 id="report-splits">{t('reports.dashboard.splits', { period: periodLabel(dashboard.period)[lang] })}</h2>
      {dashboard.bars.map((table, i) => {
        const title = tableTitle(table, lang, t);
        const model = splitModel(table, period, lang, t);
        const chart = chartOf(model, t('reports.dashboard.hidden'));
        return (
          <figure class="report-figure" key={`${table.indicatorId}-${i}`}>
            <figcaption>{title}</figcaption>
            {model.rows.length === 0 ? (
              <p class="hint">{t('reports.dashboard.noneInPeriod')}</p>
            ) : (
              <>
                <BarChart title={t('reports.dashboard.chartOf', { title })} categories={chart.categories} series={chart.series} percent={indicatorOf(table.indicatorId).unit === 'rate'} lang={lang} />
                <FigureTable model={model} caption={title} />
              </>
            )}
            <p class="report-csv-links">
              <CsvLink label={t('reports.dashboard.csv')} query={{ scope, indicatorId: table.indicatorId, periodKind: q.kind, ...rangeOf([period]), by: disaggregationsOf(table) }} />
            </p>
          </figure>
        );
      })}
    </section>
  );
}

function Overview({ dashboard, scope, q }: { dashboard: Dashboard; scope: string; q: ReportQuery }) {
  const { t } = useLang();
  const explore = (indicator: IndicatorId) => `/reports?${queryString({ ...q, view: 'explorer', indicator, by: [], from: q.period, to: q.period }, scope)}`;
  if (!dashboard.headlines.length) return <Notice>{t('reports.dashboard.noIndicators')}</Notice>;
  return (
    <>
      <section class="report-section" aria-labelledby="report-headlines">
        <h2 id="report-headlines">{t('reports.dashboard.headlines')}</h2>
        <div class="headline-cards">
          {dashboard.headlines.map((h) => (
            <HeadlineCard key={h.indicatorId} headline={h} dashboard={dashboard} explore={explore(h.indicatorId)} />
          ))}
        </div>
      </section>
      <Trends dashboard={dashboard} scope={scope} q={q} />
      <Splits dashboard={dashboard} scope={scope} q={q} />
    </>
  );
}

/** Month, quarter or year, the period itself, and a step back or forward. */
function PeriodPicker({ q, set, kindOnly }: { q: ReportQuery; set: SetReportQuery; kindOnly: boolean }) {
  const { t, lang } = useLang();
  const later = laterPeriod(q.period);
  const earlier = periodChoices(q.kind, q.period).find((p) => p.start < q.period.start) ?? null;
  const go = (period: Period | null) => period && set({ period, from: period, to: period });
  return (
    <div class="report-period">
      <ChipGroup
        name="kind"
        legend={t('reports.dashboard.kind')}
        multiple={false}
        options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`reports.dashboard.kinds.${k}`) }))}
        values={[q.kind]}
        onValues={(v) => {
          const kind = v[0] as (typeof PERIOD_KINDS)[number] | undefined;
          if (!kind || kind === q.kind) return;
          const period = periodOf(q.period.start, kind);
          set({ kind, period, from: periodsEndingWith(period, kind === 'year' ? 3 : 6)[0]!, to: period });
        }}
      />
      {!kindOnly && (
        <div class="report-period-step">
          <button type="button" class="button" disabled={!earlier} onClick={() => go(earlier)} aria-label={t('reports.dashboard.earlier')}>
            <span aria-hidden="true">←</span>
          </button>
          <SelectField name="period" label={t('reports.dashboard.period')} value={q.period.key} options={periodChoices(q.kind, q.period).map((p) => ({ value: p.key, label: periodLabel(p)[lang] }))} onValue={(key) => go(parsePeriodKey(key))} />
          <button type="button" class="button" disabled={!later} onClick={() => go(later)} aria-label={t('reports.dashboard.later')}>
            <span aria-hidden="true">→</span>
          </button>
        </div>
      )}
    </div>
  );
}

/** The view in the address, and a way to change part of it. */
function useReportQuery(): [ReportQuery, SetReportQuery] {
  const q = readQuery(usePlace().query);
  const set: SetReportQuery = (patch, options = {}) => {
    const next = { ...q, ...patch };
    navigate(`/reports?${queryString(next, next.scope)}`, { replace: !options.push });
  };
  return [q, set];
}

/**
 * The indicator dashboard (issue #6 §2): for a manager their organisation in full; for the network
 * hub and evaluators aggregates with small cells hidden. Headline figures with the change from the
 * period before, trends over twelve periods and this period's splits, each chart with its table
 * and CSV beneath; and an explorer for any indicator, split and range. The view lives in the address.
 */
export function ReportsPage(_props: {}) {
  const { t, lang } = useLang();
  const me = useMe();
  const allowed = canSomewhere(me, 'indicators.read');
  const [q, set] = useReportQuery();
  const scopes = useResource(() => (allowed ? reportsApi.scopes() : Promise.resolve(null)), [allowed]);
  const scope = q.scope ?? scopes.data?.scopes[0]?.scope ?? null;
  const dashboard = useResource(() => (allowed && scope ? reportsApi.dashboard(scope, q.kind, q.period.key) : Promise.resolve(null)), [allowed, scope, q.kind, q.period.key, lang]);
  const title = t('reports.dashboard.title');
  const back = { href: '/', label: t('nav.home') };
  if (!allowed) return <NotAllowedPage title={title} back={back} />;
  const choices = scopes.data?.scopes ?? [];
  const data = dashboard.data;
  const suppressed = data?.suppressed ?? choices.find((s) => s.scope === scope)?.suppressed ?? false;
  const tab = (view: ReportQuery['view']) => `/reports?${queryString({ ...q, view }, scope)}`;

  return (
    <Page title={title} back={back} wide>
      <div class="report-controls">
        {choices.length > 1 && scope && (
          <SelectField name="scope" label={t('reports.dashboard.scope')} value={scope} options={choices.map((s) => ({ value: s.scope, label: s.name }))} onValue={(next) => set({ scope: next })} />
        )}
        {/* The explorer has its own range of periods. */}
        <PeriodPicker q={q} set={set} kindOnly={q.view === 'explorer'} />
      </div>
      <nav class="report-tabs" aria-label={t('reports.dashboard.views')}>
        <Link href={tab('overview')} aria-current={q.view === 'overview' ? 'page' : undefined}>
          {t('reports.dashboard.overview')}
        </Link>
        <Link href={tab('explorer')} aria-current={q.view === 'explorer' ? 'page' : undefined}>
          {t('reports.dashboard.explorer')}
        </Link>
        <button type="button" class="button report-print" onClick={() => print()}>
          {t('reports.dashboard.print')}
        </button>
      </nav>
      {data && (
        <p class="report-heading">
          <strong>{data.name || (data.scope === 'network' ? t('reports.dashboard.network') : '')}</strong>
          {q.view === 'overview' && ` · ${periodLabel(data.period)[lang]}`}
        </p>
      )}
      {suppressed && <Notice>{t('reports.dashboard.suppressedNote')}</Notice>}
      {scopes.error !== undefined && <ErrorMessage error={scopes.error} onRetry={scopes.reload} />}
      {dashboard.error !== undefined && <ErrorMessage error={dashboard.error} onRetry={dashboard.reload} />}
      {(scopes.loading || dashboard.loading) && !data && <Loading />}
      {scopes.data && !scope && <Notice tone="warning">{t('errors.notAllowed')}</Notice>}
      {scope && q.view === 'explorer' && <Explorer scope={scope} q={q} set={set} available={data?.headlines.map((h) => h.indicatorId)} />}
      {scope && q.view === 'overview' && data && (
        <div class={dashboard.loading ? 'report report-stale' : 'report'} aria-busy={dashboard.loading || undefined}>
          <Overview dashboard={data} scope={scope} q={q} />
          <VisitsSection scope={scope} periodKind={q.kind} period={q.period.key} />
        </div>
      )}
    </Page>
  );
}
