import type { Confirmation } from '../../core/training/event-api.ts';
import { useLang } from '../shell/i18n.tsx';
import { CourseLinks as CourseTestLinks } from '../courses/course-links.tsx';
import { Link } from '../shell/router.tsx';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { FormError, useSubmit } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { QrSvg } from '../ui/qr-svg.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { publicEventsApi } from './api.ts';
import { formatDay, provinceName } from './format.ts';
import './events.css';

/**
 * What the courses pages add under the confirmation (tests to take, the certificate): their own
 * component (courses/course-links.tsx), so this page stays the events' and that part stays theirs.
 */
function CourseLinks({ confirmation }: { confirmation: Confirmation }) {
  return <CourseTestLinks code={confirmation.code} />;
}

/**
 * The confirmation (no login; the code in the address is the key): a QR code holding only the
 * code, the code in large type, the event's days and place, the name given. Printable.
 */
export function ConfirmationPage({ code }: { code: string }) {
  const { t, lang } = useLang();
  const res = useResource(() => publicEventsApi.confirmation(code), [code]);
  const { busy, error, run } = useSubmit();
  if (res.error !== undefined) {
    return (
      <Page title={t('publicEvents.confirmation.title')} back={{ href: '/events', label: t('publicEvents.title') }}>
        <ErrorMessage error={res.error} onRetry={res.reload} />
      </Page>
    );
  }
  if (!res.data) return <Loading />;
  const c = res.data;
  const e = c.event;
  const cancelled = c.status === 'cancelled' || e.status === 'cancelled';
  const where = e.mode === 'online' ? t('publicEvents.online') : [e.venue, provinceName(e.provinceId, lang)].filter(Boolean).join(', ');
  return (
    <Page title={t('publicEvents.confirmation.title')} back={{ href: `/events/${e.id}`, label: e.title }}>
      {cancelled ? (
        <Notice tone="warning">{e.status === 'cancelled' ? t('publicEvents.confirmation.eventCancelled') : t('publicEvents.confirmation.cancelled')}</Notice>
      ) : (
        <Notice tone="success">{t('publicEvents.confirmation.done', { name: c.displayName })}</Notice>
      )}
      <div class="events-ticket">
        <p class="events-ticket-title">{e.title}</p>
        <p class="events-ticket-kind">
          {t(`events.kinds.${e.kind}`)} · {t(`events.modes.${e.mode}`)}
        </p>
        {/* The QR code holds the registration code and nothing else. */}
        {!cancelled && <QrSvg class="events-qr" text={c.code} label={t('publicEvents.confirmation.qrLabel', { code: c.code })} />}
        <p class="events-ticket-label">{t('publicEvents.confirmation.yourCode')}</p>
        <p class="events-code events-code-big">{c.code}</p>
        <p class="hint">{t('publicEvents.confirmation.show')}</p>
        <dl class="facts facts-compact">
          <div>
            <dt>{t('publicEvents.confirmation.name')}</dt>
            <dd>{c.displayName}</dd>
          </div>
          <div>
            <dt>{t('publicEvents.when')}</dt>
            <dd>
              <ul class="plain-list events-days">
                {e.days.map((d) => (
                  <li key={d}>
                    {formatDay(d, lang)}
                    {c.presentDays.includes(d) ? ` ✓ ${t('publicEvents.confirmation.present')}` : ''}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          <div>
            <dt>{t('publicEvents.where')}</dt>
            <dd>
              {e.mode === 'hybrid' ? `${[e.venue, provinceName(e.provinceId, lang)].filter(Boolean).join(', ')} + ${t('publicEvents.online')}` : where}
              {e.link && (
                <>
                  <br />
                  <a href={e.link} rel="noopener noreferrer" target="_blank">
                    {t('publicEvents.confirmation.join')}
                  </a>
                </>
              )}
            </dd>
          </div>
        </dl>
      </div>
      <div class="button-row events-no-print">
        <button type="button" class="button button-primary" onClick={() => print()}>
          {t('publicEvents.confirmation.print')}
        </button>
        <Link class="button" href={`/events/${e.id}`}>
          {t('publicEvents.confirmation.eventPage')}
        </Link>
      </div>
      <p class="hint events-no-print">{t('publicEvents.confirmation.keep')}</p>
      {!cancelled && (
        <div class="events-no-print">
          <FormError error={error} />
          <ConfirmButton
            label={t('publicEvents.confirmation.cancelMine')}
            question={t('publicEvents.confirmation.cancelMineQuestion')}
            confirmLabel={t('publicEvents.confirmation.cancelMineConfirm')}
            tone="danger"
            busy={busy}
            onConfirm={() => void run(async () => (await publicEventsApi.cancelMine(c.code), res.reload()))}
          />
        </div>
      )}
      {/* --- Courses (issue #7 §2, the courses/tests/certificates pages): tests to take and the certificate go in CourseLinks above. --- */}
      <CourseLinks confirmation={c} />
    </Page>
  );
}
