import { periodLabel, parsePeriodKey, type PeriodKind } from '../../core/indicators/periods.ts';
import { ASPECT_LABELS } from '../../core/visits/feedback.ts';
import { VISITOR_KIND_LABELS } from '../../core/visits/schema.ts';
import { useLang } from '../shell/i18n.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { visitsApi, type VisitPeriodSummary } from './api.ts';
import { formatMean, originName } from './places.ts';

function Figure({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <article class="headline-card" aria-labelledby={id}>
      <h3 id={id}>{label}</h3>
      <p class="headline-value">{value}</p>
    </article>
  );
}

interface Row {
  key: string;
  label: string;
  values: string[];
}

/**
 * A small table of counts: a label per row and a number per column. On a phone `numbers-table`
 * turns rows into blocks with each number labelled; `compact` keeps three short columns a table.
 */
function CountTable({ rowsAre, columns, rows, testId, compact }: { rowsAre: string; columns: string[]; rows: Row[]; testId?: string; compact?: boolean }) {
  const kind = compact ? 'data-table report-table' : columns.length === 1 ? 'data-table numbers-table report-table report-table-single' : 'data-table numbers-table report-table';
  return (
    <div class="report-table-wrap">
      <table class={kind} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{rowsAre}</th>
            {columns.map((c) => (
              <th scope="col" class="num" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {r.values.map((v, i) => (
                <td class="num" data-label={columns[i]} key={i}>
                  {v}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PeriodDetail({ s }: { s: VisitPeriodSummary }) {
  const { t, lang } = useLang();
  const n = (x: number) => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(x);
  const visits = t('visits.dashboard.visits');
  const visitors = t('visits.dashboard.visitors');
  return (
    <>
      <div class="headline-cards">
        <Figure id="visits-figure-visits" label={visits} value={n(s.visits)} />
        <Figure id="visits-figure-visitors" label={visitors} value={n(s.visitors)} />
        <Figure id="visits-figure-organisations" label={t('visits.dashboard.organisations')} value={n(s.organisations)} />
      </div>
      <figure class="report-figure">
        <figcaption>{t('visits.dashboard.where')}</figcaption>
        <CountTable
          testId="visits-origins"
          rowsAre={t('visits.dashboard.place')}
          columns={[visits, visitors]}
          rows={s.origins.map((o) => ({ key: `${o.kind}:${o.code}`, label: originName(o.kind === 'province' ? { provinceId: o.code } : { country: o.code }, lang), values: [n(o.visits), n(o.visitors)] }))}
        />
      </figure>
      <figure class="report-figure">
        <figcaption>{t('visits.dashboard.byKind')}</figcaption>
        <CountTable rowsAre={t('visits.dashboard.kind')} columns={[visits]} rows={s.byKind.filter((k) => k.visits > 0).map((k) => ({ key: k.kind, label: VISITOR_KIND_LABELS[k.kind][lang], values: [n(k.visits)] }))} />
      </figure>
      <figure class="report-figure">
        <figcaption>{t('visits.dashboard.ratings')}</figcaption>
        {s.feedbackForms === 0 ? (
          <p class="hint">{t('visits.dashboard.noRatings')}</p>
        ) : (
          <CountTable
            testId="visits-ratings"
            rowsAre={t('visits.dashboard.aspect')}
            columns={[t('visits.dashboard.mean'), t('visits.dashboard.responses')]}
            rows={s.ratings.map((r) => ({ key: r.aspect, label: ASPECT_LABELS[r.aspect][lang], values: [formatMean(r.mean, lang), n(r.responses)] }))}
          />
        )}
      </figure>
    </>
  );
}

function Trend({ periods }: { periods: VisitPeriodSummary[] }) {
  const { t, lang } = useLang();
  const label = (key: string) => {
    const p = parsePeriodKey(key);
    return p ? periodLabel(p)[lang] : key;
  };
  return (
    <details class="visits-trend">
      <summary>{t('visits.dashboard.trend', { count: periods.length })}</summary>
      <CountTable
        compact
        rowsAre={t('visits.dashboard.period')}
        columns={[t('visits.dashboard.visits'), t('visits.dashboard.visitors')]}
        rows={[...periods].reverse().map((s) => ({ key: s.period, label: label(s.period), values: [String(s.visits), String(s.visitors)] }))}
      />
    </details>
  );
}

/**
 * Exchange visits on the dashboard (issue #7 §4) for the scope and period picked there: visits,
 * visitors and organisations, where they came from, and mean ratings. Counts of visiting
 * professionals, so nothing is hidden; no names and no free text reach this view.
 */
export function VisitsSection({ scope, periodKind, period }: { scope: string; periodKind: PeriodKind; period: string }) {
  const { t, lang } = useLang();
  const res = useResource(() => visitsApi.summaries(scope, periodKind, period), [scope, periodKind, period]);
  const current = res.data?.periods.at(-1);
  const p = parsePeriodKey(period);
  return (
    <section class="report-section visits-section" aria-labelledby="report-visits">
      <h2 id="report-visits">
        {t('visits.dashboard.title')}
        {p ? ` · ${periodLabel(p)[lang]}` : ''}
      </h2>
      <p class="hint">{t('visits.dashboard.note')}</p>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !res.data && <Loading />}
      {current && (current.visits === 0 ? <p class="hint">{t('visits.dashboard.none')}</p> : <PeriodDetail s={current} />)}
      {res.data && <Trend periods={res.data.periods} />}
    </section>
  );
}
