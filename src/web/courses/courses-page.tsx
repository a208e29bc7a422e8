import { moduleLabel } from '../../core/training/index.ts';
import { eventsApi } from '../events/api.ts';
import { formatDays } from '../events/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { coursesApi } from './api.ts';
import './courses.css';

export const coursesHome = (orgId: string) => `/organisations/${orgId}/courses`;
export const resultsHref = (orgId: string, eventId: string) => `/organisations/${orgId}/events/${eventId}/results`;

/**
 * The network's courses (the organisation's own first, then others' it may teach), and the
 * organisation's trainings with a link to each one's results and certificates.
 */
export function CoursesPage({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const courses = useResource(() => coursesApi.list(orgId), [orgId]);
  const events = useResource(() => eventsApi.list(orgId), [orgId]);
  const own = courses.data?.filter((c) => c.orgId === orgId) ?? [];
  const others = courses.data?.filter((c) => c.orgId !== orgId) ?? [];
  const item = (c: NonNullable<typeof courses.data>[number]) => (
    <li key={c.id}>
      <Link class="list-item" href={`${coursesHome(orgId)}/${c.id}`}>
        <span class="list-title">{c.title}</span>
        <span class="badges">
          {c.modules.map((m) => (
            <span class="badge badge-info" key={m}>
              {moduleLabel(m, lang)}
            </span>
          ))}
        </span>
        <span class="list-meta">
          {c.test ? t('courses.hasTest', { title: c.test.title }) : t('courses.noTest')}
          {c.orgId !== orgId ? ` · ${t('courses.by', { org: c.orgName })}` : ''}
        </span>
      </Link>
    </li>
  );
  return (
    <Page title={t('courses.title')} back={{ href: '/', label: t('nav.home') }}>
      <p class="hint">{t('courses.intro')}</p>
      <div class="button-row">
        <Link class="button button-primary" href={`${coursesHome(orgId)}/new`}>
          + {t('courses.new')}
        </Link>
      </div>
      {courses.loading && !courses.data && <Loading />}
      {courses.error !== undefined && <ErrorMessage error={courses.error} onRetry={courses.reload} />}
      {courses.data && (
        <>
          <h2>{t('courses.own')}</h2>
          {own.length === 0 ? <p class="hint">{t('courses.noneOwn')}</p> : <ul class="list list-single">{own.map(item)}</ul>}
          {others.length > 0 && (
            <>
              <h2>{t('courses.others')}</h2>
              <ul class="list list-single">{others.map(item)}</ul>
            </>
          )}
        </>
      )}
      <h2>{t('courses.resultsHeading')}</h2>
      <p class="hint">{t('courses.resultsHint')}</p>
      {events.error !== undefined && <ErrorMessage error={events.error} onRetry={events.reload} />}
      {events.data &&
        (events.data.length === 0 ? (
          <p class="hint">{t('courses.noEvents')}</p>
        ) : (
          <ul class="list list-single">
            {events.data.map((e) => (
              <li key={e.id}>
                <Link class="list-item" href={resultsHref(orgId, e.id)}>
                  <span class="list-title">{e.title}</span>
                  <span class="list-meta">{formatDays(e.days, lang)}</span>
                </Link>
              </li>
            ))}
          </ul>
        ))}
    </Page>
  );
}
