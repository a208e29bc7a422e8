import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { participantApi } from './api.ts';

/**
 * Under a registration's confirmation (the events' page): the pre- and post-test to take, with
 * the scores once sat, and the certificate once issued. Shows nothing when the event has neither.
 */
export function CourseLinks({ code }: { code: string }) {
  const { t } = useLang();
  const res = useResource(() => participantApi.training(code), [code]);
  const s = res.data;
  if (!s || (!s.test && !s.certificate)) return null;
  const base = `/registrations/${encodeURIComponent(code)}`;
  return (
    <section class="panel events-no-print" aria-labelledby="course-links-title">
      <h2 id="course-links-title">{t('courses.links.title')}</h2>
      {s.test && (
        <div class="button-row">
          <Link class={s.test.pre || s.test.post ? 'button' : 'button button-primary'} href={`${base}/test/pre`}>
            {s.test.pre ? t('courses.links.preDone', { percent: s.test.pre.percent }) : t('courses.links.pre')}
          </Link>
          <Link class={s.test.post ? 'button' : 'button button-primary'} href={`${base}/test/post`}>
            {s.test.post ? t('courses.links.postDone', { percent: s.test.post.percent }) : t('courses.links.post')}
          </Link>
        </div>
      )}
      {s.certificate && (
        <p>
          <Link class="button button-primary button-block" href={`${base}/certificate`}>
            {t('courses.links.certificate')}
          </Link>
        </p>
      )}
    </section>
  );
}
