import { splitVisits, VISITOR_KIND_LABELS, type ExchangeVisit } from '../../core/visits/schema.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { visitsApi } from './api.ts';
import { formatDays, originName } from './places.ts';

export function StatusBadge({ status }: { status: ExchangeVisit['status'] }) {
  const { t } = useLang();
  const tone = status === 'done' ? 'badge-success' : status === 'cancelled' ? 'badge-muted' : 'badge-info';
  return <span class={`badge ${tone}`}>{t(`visits.statuses.${status}`)}</span>;
}

function VisitList({ orgId, visits, empty }: { orgId: string; visits: ExchangeVisit[]; empty: string }) {
  const { t, lang } = useLang();
  if (!visits.length) return <p class="hint">{empty}</p>;
  return (
    <ul class="list list-single">
      {visits.map((v) => (
        <li key={v.id}>
          <Link class="list-item visit-row" href={`/organisations/${orgId}/visits/${v.id}`}>
            <span class="list-title">{v.visitorName}</span>
            <span class="list-meta">
              {formatDays(v.from, v.to, lang)} · {originName(v, lang)} · {t('visits.people', { count: v.people })}
            </span>
            <span class="list-meta">{VISITOR_KIND_LABELS[v.visitorKind][lang]}</span>
            <span class="badges">
              <StatusBadge status={v.status} />
              {v.feedbackCount > 0 && <span class="badge badge-muted">{t('visits.feedback.forms', { count: v.feedbackCount })}</span>}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The organisation's exchange visits (issue #7 §4): what is coming, then what has been. */
export function VisitsPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const allowed = canIn(me, 'visit.manage', orgId);
  const res = useResource(() => (allowed ? visitsApi.list(orgId) : Promise.resolve(null)), [allowed, orgId]);
  const back = { href: '/', label: t('nav.home') };
  if (!allowed) return <NotAllowedPage title={t('visits.title')} back={back} />;
  const split = res.data ? splitVisits(res.data.visits, res.data.today) : null;
  return (
    <Page title={t('visits.title')} back={back}>
      <p class="lead">{t('visits.intro')}</p>
      <p>
        <Link class="button button-primary button-block" href={`/organisations/${orgId}/visits/new`}>
          {t('visits.add')}
        </Link>
      </p>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !res.data && <Loading />}
      {split && (
        <>
          <section aria-labelledby="visits-upcoming">
            <h2 id="visits-upcoming">{t('visits.upcoming')}</h2>
            <VisitList orgId={orgId} visits={split.upcoming} empty={t('visits.noUpcoming')} />
          </section>
          <section aria-labelledby="visits-past">
            <h2 id="visits-past">{t('visits.past')}</h2>
            <VisitList orgId={orgId} visits={split.past} empty={t('visits.noPast')} />
          </section>
        </>
      )}
    </Page>
  );
}
