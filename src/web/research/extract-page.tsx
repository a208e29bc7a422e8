import { useState } from 'preact/hooks';
import { dayIn } from '../../core/dates.ts';
import { periodLabel } from '../../core/indicators/periods.ts';
import { canSomewhere } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe } from '../shell/session.tsx';
import { SelectField } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { extractCsvHref, monthsRange, recentMonths, researchApi, scopesFor, type ResearchExtractResponse } from './api.ts';

const CONTAINS = ['containsConsent', 'containsStudyId', 'containsAttributes', 'containsFacts'] as const;
const NEVER = ['neverIdentifiers', 'neverText', 'neverDays', 'neverRare'] as const;

/** How many people of the extract the preview shows. */
const PREVIEW_ROWS = 3;

function ReportInWords({ data }: { data: ResearchExtractResponse }) {
  const { t } = useLang();
  const r = data.report;
  const generalised = r.generalised.place + r.generalised.keyPopulations + r.generalised.genderIdentity;
  return (
    <section class="research-report" aria-labelledby="research-report">
      <h2 id="research-report">{t('research.extract.reportTitle')}</h2>
      <ul>
        <li>{t('research.extract.reportRows', { rows: data.rows.length, classes: r.classes, k: r.k })}</li>
        <li>{t('research.extract.reportConsent', { consented: r.consented, excluded: r.excludedNoConsent })}</li>
        <li>
          {generalised === 0
            ? t('research.extract.reportNoGeneralised')
            : t('research.extract.reportGeneralised', { place: r.generalised.place, keyPopulations: r.generalised.keyPopulations, genderIdentity: r.generalised.genderIdentity })}
        </li>
        <li>{r.suppressed === 0 ? t('research.extract.reportNoSuppressed') : t('research.extract.reportSuppressed', { suppressed: r.suppressed })}</li>
      </ul>
    </section>
  );
}

/**
 * The de-identified research extract for evaluators (issue #6 §3): pick the scope and the months,
 * read what the file holds and never holds, preview it (an audited export of its own) with a report
 * in words of what k-anonymity changed, then download the CSV, under the data-sharing agreement.
 */
export function ResearchExtractPage(_props: {}) {
  const { t, lang } = useLang();
  const me = useMe();
  const allowed = canSomewhere(me, 'export.research');
  const scopes = scopesFor(me, 'export.research', t('research.network'));
  const months = recentMonths(dayIn(new Date(), 'Asia/Ho_Chi_Minh'));
  const [scope, setScope] = useState(scopes[0]?.scope ?? '');
  const [fromKey, setFromKey] = useState(months[11]!.key);
  const [toKey, setToKey] = useState(months[0]!.key);
  const [preview, setPreview] = useState<{ loading: boolean; data?: ResearchExtractResponse; error?: unknown }>({ loading: false });
  const title = t('research.extract.title');
  const back = { href: '/', label: t('nav.home') };
  if (!allowed || scopes.length === 0) return <NotAllowedPage title={title} back={back} />;

  const range = monthsRange(fromKey, toKey);
  const monthOptions = months.map((p) => ({ value: p.key, label: periodLabel(p)[lang] }));
  const choose = (apply: () => void) => {
    apply();
    setPreview({ loading: false });
  };
  const load = async () => {
    setPreview({ loading: true });
    try {
      setPreview({ loading: false, data: await researchApi.extract(scope, range) });
    } catch (error) {
      setPreview({ loading: false, error });
    }
  };
  const data = preview.data;

  return (
    <Page title={title} back={back}>
      <p class="lead">{t('research.extract.intro')}</p>
      <Notice tone="warning">{t('research.extract.agreement')}</Notice>
      <div class="research-controls">
        {scopes.length > 1 && <SelectField name="scope" label={t('research.scope')} value={scope} options={scopes.map((s) => ({ value: s.scope, label: s.name }))} onValue={(v) => choose(() => setScope(v))} />}
        <SelectField name="from" label={t('research.fromMonth')} value={fromKey} options={monthOptions} onValue={(v) => choose(() => setFromKey(v))} />
        <SelectField name="to" label={t('research.toMonth')} value={toKey} options={monthOptions} onValue={(v) => choose(() => setToKey(v))} />
      </div>

      <section class="research-contents" aria-labelledby="research-contains">
        <h2 id="research-contains">{t('research.extract.containsTitle')}</h2>
        <ul>
          {CONTAINS.map((key) => (
            <li key={key}>{t(`research.extract.${key}`)}</li>
          ))}
        </ul>
        <h2 id="research-never">{t('research.extract.neverTitle')}</h2>
        <ul>
          {NEVER.map((key) => (
            <li key={key}>{t(`research.extract.${key}`)}</li>
          ))}
        </ul>
      </section>

      <p>
        <button type="button" class="button button-primary" onClick={() => void load()} disabled={preview.loading}>
          {t('research.extract.preview')}
        </button>
      </p>
      {preview.loading && <Loading />}
      {preview.error !== undefined && <ErrorMessage error={preview.error} onRetry={() => void load()} />}
      {data && (
        <>
          <section aria-labelledby="research-preview">
            <h2 id="research-preview">{t('research.extract.previewTitle', { shown: Math.min(PREVIEW_ROWS, data.rows.length), rows: data.rows.length })}</h2>
            <pre class="research-json" tabIndex={0}>
              {JSON.stringify(data.rows.slice(0, PREVIEW_ROWS), null, 2)}
            </pre>
          </section>
          <ReportInWords data={data} />
        </>
      )}
      <section class="research-download" aria-labelledby="research-download">
        <h2 id="research-download">{t('research.extract.downloadTitle')}</h2>
        <p class="hint">{t('research.extract.downloadHint')}</p>
        <a class="button" href={extractCsvHref(scope, range)} download>
          <span aria-hidden="true">⤓</span> {t('research.extract.download')}
        </a>
      </section>
    </Page>
  );
}
