import { useState } from 'preact/hooks';
import { request } from '../api/client.ts';
import { addDays, dayIn } from '../../core/dates.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe } from '../shell/session.tsx';
import { FormError, useSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The server's limit (FHIR_MAX_DAYS in src/server/fhir/routes.ts). */
const MAX_DAYS = 366;

interface Match {
  exact: { id: string; uic: string } | null;
  near: { id: string; uic: string }[];
}

/** A valid range of local days for the organisation's export: in order, at most a year. */
export function fhirRangeValid(from: string, to: string): boolean {
  return DAY.test(from) && DAY.test(to) && from <= to && addDays(from, MAX_DAYS - 1) >= to;
}

/**
 * FHIR R4 exports for managers (issue #6 §3): the organisation's records in a range of days
 * (only people who agreed to sharing), and one client's record found by their code. Downloads are
 * plain links to the routes, which answer with an attachment and audit the export.
 */
export function FhirExportPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const today = dayIn(new Date(), 'Asia/Ho_Chi_Minh');
  const [from, setFrom] = useState(addDays(today, -89));
  const [to, setTo] = useState(today);
  const [code, setCode] = useState('');
  const [match, setMatch] = useState<Match | null>(null);
  const lookup = useSubmit();
  const back = { href: `/organisations/${orgId}/exports`, label: t('fhir.back') };
  if (!canIn(me, 'export.records', orgId)) return <NotAllowedPage title={t('fhir.title')} back={back} />;

  const valid = fhirRangeValid(from, to);
  const clientHref = (id: string) => `/api/organisations/${orgId}/clients/${id}/fhir`;
  const find = (e: Event) => {
    e.preventDefault();
    setMatch(null);
    void lookup.run(async () => {
      setMatch(await request<Match>('GET', `/api/organisations/${orgId}/clients/match?${new URLSearchParams({ uic: code.trim() })}`));
    });
  };
  return (
    <Page title={t('fhir.title')} back={back}>
      <p>{t('fhir.intro')}</p>
      <Notice tone="warning">{t('fhir.keepSafe')}</Notice>

      <section class="panel" aria-labelledby="fhir-org">
        <h2 id="fhir-org">{t('fhir.org.title')}</h2>
        <p>{t('fhir.org.text', { days: MAX_DAYS })}</p>
        <div class="form">
          <div class="field">
            <label for="fhir-from">{t('fhir.org.from')}</label>
            <input id="fhir-from" type="date" value={from} max={to} onInput={(e) => setFrom(e.currentTarget.value)} aria-invalid={valid ? undefined : true} />
          </div>
          <div class={valid ? 'field' : 'field field-invalid'}>
            <label for="fhir-to">{t('fhir.org.to')}</label>
            <input id="fhir-to" type="date" value={to} min={from} onInput={(e) => setTo(e.currentTarget.value)} aria-invalid={valid ? undefined : true} aria-describedby={valid ? undefined : 'fhir-to-error'} />
            {!valid && (
              <p class="field-error" id="fhir-to-error" role="alert">
                {t('fhir.org.rangeInvalid', { days: MAX_DAYS })}
              </p>
            )}
          </div>
          <div class="button-row">
            {valid ? (
          <a class="button button-primary" href={`/api/organisations/${orgId}/fhir?${new URLSearchParams({ from, to })}`} download>
            {t('fhir.org.download')}
          </a>
            ) : (
              <button type="button" class="button" disabled>
                {t('fhir.org.download')}
              </button>
            )}
          </div>
        </div>
      </section>

      <section class="panel" aria-labelledby="fhir-client">
        <h2 id="fhir-client">{t('fhir.client.title')}</h2>
        <p>{t('fhir.client.text')}</p>
        <form class="form" onSubmit={find} noValidate>
          <div class="field">
            <label for="fhir-code">{t('fhir.client.code')}</label>
            <input id="fhir-code" type="text" value={code} autoComplete="off" autoCapitalize="characters" spellcheck={false} onInput={(e) => setCode(e.currentTarget.value.toUpperCase())} />
          </div>
          <FormError error={lookup.error} />
          <div class="button-row">
            <button type="submit" class="button" disabled={lookup.busy || code.trim().length < 4}>
              {t('fhir.client.find')}
            </button>
          </div>
        </form>
        {match && (
          <div aria-live="polite">
            {match.exact ? (
              <div class="button-row">
                <a class="button button-primary" href={clientHref(match.exact.id)} download>
                  {t('fhir.client.download', { code: match.exact.uic })}
                </a>
              </div>
            ) : (
              <Notice tone="info">{t('fhir.client.notFound')}</Notice>
            )}
            {match.near.length > 0 && (
              <>
                <p>{t('fhir.client.near')}</p>
                <ul class="plain-list">
                  {match.near.map((n) => (
                    <li key={n.id}>
                      <a href={clientHref(n.id)} download>
                        {t('fhir.client.download', { code: n.uic })}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </section>
    </Page>
  );
}
