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

function PeriodDetail({ s }: { s: VisitPeriodSummary }) {
  const { t, lang } = useLang();
  const n = (x: number) => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(x);
  const kinds = s.byKind.filter((k) => k.visits > 0);
  return (
    <>
      <div class="headline-cards">
        <Figure id="visits-figure-visits" label={t('visits.dashboard.visits')} value={n(s.visits)} />
        <Figure id="visits-figure-visitors" label={t('visits.dashboard.visitors')} value={n(s.visitors)} />
        <Figure id="visits-figure-organisations" label={t('visits.dashboard.organisations')} value={n(s.organisations)} />
      </div>
      <figure class="report-figure">
        <figcaption>{t('visits.dashboard.where')}</figcaption>
        <div class="report-table-wrap">
          <table class="data-table numbers-table report-table" data-testid="visits-origins">
            <thead>
              <tr>
                <th scope="col">{t('visits.dashboard.place')}</th>
                <th scope="col" class="num">
                  {t('visits.dashboard.visits')}
                </th>
                <th scope="col" class="num">
                  {t('visits.dashboard.visitors')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.origins.map((o) => (
                <tr key={`${o.kind}:${o.code}`}>
                  <th scope="row">{originName(o.kind === 'province' ? { provinceId: o.code } : { country: o.code }, lang)}</th>
                  <td class="num" data-label={t('visits.dashboard.visits')}>
                    {n(o.visits)}
                  </td>
                  <td class="num" data-label={t('visits.dashboard.visitors')}>
                    {n(o.visitors)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figure>
      <figure class="report-figure">
        <figcaption>{t('visits.dashboard.byKind')}</figcaption>
        <div class="report-table-wrap">
          <table class="data-table numbers-table report-table report-table-single">
            <thead>
              <tr>
                <th scope="col">{t('visits.dashboard.kind')}</th>
                <th scope="col" class="num">
                  {t('visits.dashboard.visits')}
                </th>
              </tr>
            </thead>
            <tbody>
              {kinds.map((k) => (
                <tr key={k.kind}>
                  <th scope="row">{VISITOR_KIND_LABELS[k.kind][lang]}</th>
                  <td class="num" data-label={t('visits.dashboard.visits')}>
                    {n(k.visits)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figure>
      <figure class="report-figure">
        <figcaption>{t('visits.dashboard.ratings')}</figcaption>
        {s.feedbackForms === 0 ? (
          <p class="hint">{t('visits.dashboard.noRatings')}</p>
        ) : (
          <div class="report-table-wrap">
            <table class="data-table numbers-table report-table" data-testid="visits-ratings">
              <thead>
                <tr>
                  <th scope="col">{t('visits.dashboard.aspect')}</th>
                  <th scope="col" class="num">
                    {t('visits.dashboard.mean')}
                  </th>
                  <th scope="col" class="num">
                    {t('visits.dashboard.responses')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.ratings.map((r) => (
                  <tr key={r.aspect}>
                    <th scope="row">{ASPECT_LABELS[r.aspect][lang]}</th>
                    <td class="num" data-label={t('visits.dashboard.mean')}>
                      {formatMean(r.mean, lang)}
                    </td>
                    <td class="num" data-label={t('visits.dashboard.responses')}>
                      {n(r.responses)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
      {/* Three short columns fit a phone: a table, not blocks. */}
      <div class="report-table-wrap">
        <table class="data-table report-table">
          <thead>
            <tr>
              <th scope="col">{t('visits.dashboard.period')}</th>
              <th scope="col" class="num">
                {t('visits.dashboard.visits')}
              </th>
              <th scope="col" class="num">
                {t('visits.dashboard.visitors')}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...periods].reverse().map((s) => (
              <tr key={s.period}>
                <th scope="row">{label(s.period)}</th>
                <td class="num" data-label={t('visits.dashboard.visits')}>
                  {s.visits}
                </td>
                <td class="num" data-label={t('visits.dashboard.visitors')}>
                  {s.visitors}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
