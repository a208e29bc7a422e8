import { useState } from 'preact/hooks';
import { addDays, dayIn } from '../../core/dates.ts';
import { LINE_LISTS, type LineList } from '../../core/exports/line-lists.ts';
import { periodOf, previousPeriod } from '../../core/indicators/periods.ts';
import { formatDay } from '../field/format.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';

/** The last full calendar month before today (Vietnam time), as the first and last day. */
export function lastFullMonth(today: string): { from: string; to: string } {
  const month = previousPeriod(periodOf(today, 'month'));
  return { from: month.start, to: addDays(month.end, -1) };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Line lists for managers (issue #6 §3): pick a range of days (the last full month by default) and
 * download each list. The links are plain links to the CSV routes, so the browser downloads the
 * file itself (the server answers with an attachment); each download is audited there.
 */
export function ExportsPage({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const orgName = me.organisations.find((o) => o.id === orgId)?.name;
  const back = { href: `/organisations/${orgId}`, label: orgName ?? t('organisations.one') };
  const initial = lastFullMonth(dayIn(new Date(), 'Asia/Ho_Chi_Minh'));
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  if (!canIn(me, 'export.records', orgId)) return <NotAllowedPage title={t('reports.exports.title')} back={back} />;

  // The server builds a list in memory and takes at most a year (MAX_LINE_LIST_DAYS, 366 days).
  const valid = DAY.test(from) && DAY.test(to) && from <= to && addDays(from, 365) >= to;
  const href = (list: LineList) => `/api/organisations/${orgId}/exports/${list}?${new URLSearchParams({ from, to, lang })}`;
  return (
    <Page title={t('reports.exports.title')} back={back}>
      <p>{t('reports.exports.intro')}</p>
      <div class="field">
        <label for="field-from">{t('reports.exports.from')}</label>
        <input id="field-from" type="date" value={from} max={to} onInput={(e) => setFrom(e.currentTarget.value)} aria-invalid={valid ? undefined : true} />
      </div>
      <div class={valid ? 'field' : 'field field-invalid'}>
        <label for="field-to">{t('reports.exports.to')}</label>
        <input id="field-to" type="date" value={to} min={from} onInput={(e) => setTo(e.currentTarget.value)} aria-invalid={valid ? undefined : true} aria-describedby={valid ? undefined : 'field-to-error'} />
        {!valid && (
          <p class="field-error" id="field-to-error" role="alert">
            {from > to ? t('reports.exports.rangeInvalid') : t('reports.exports.rangeTooLong')}
          </p>
        )}
      </div>
      {valid && <p class="hint">{t('reports.exports.range', { from: formatDay(from, lang), to: formatDay(to, lang) })}</p>}
      <Notice tone="warning">{t('reports.exports.keepSafe')}</Notice>
      <ul class="cards export-lists">
        {LINE_LISTS.map((list) => (
          <li class="card" key={list}>
            <h2 class="card-title" id={`export-${list}`}>
              {t(`reports.exports.lists.${list}.title`)}
            </h2>
            <p class="card-text">{t(`reports.exports.lists.${list}.text`)}</p>
            {valid ? (
              <a class="button button-primary" href={href(list)} download aria-describedby={`export-${list}`}>
                {t('reports.exports.download')}
              </a>
            ) : (
              <button type="button" class="button" disabled>
                {t('reports.exports.download')}
              </button>
            )}
          </li>
        ))}
        <li class="card">
          <h2 class="card-title">{t('reports.exports.fhirTitle')}</h2>
          <p class="card-text">{t('reports.exports.fhirText')}</p>
          <Link class="button" href={`/organisations/${orgId}/exports/fhir`}>
            {t('reports.exports.fhirLink')}
          </Link>
        </li>
      </ul>
    </Page>
  );
}
