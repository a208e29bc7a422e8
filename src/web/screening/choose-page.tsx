import { INSTRUMENTS } from '../../core/screening/index.ts';
import { findClient, useField } from '../field/context.tsx';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { OFFERED, SHORT_NAMES } from './labels.ts';
import { ToReview } from './screening-form.tsx';

/** Which questionnaire to ask: short ones first, each with what it looks for and how long it takes. */
export function ChooseInstrumentPage({ clientId }: { clientId: string }) {
  const { t, lang } = useLang();
  const field = useField();
  const client = findClient(field, clientId);
  const allToReview = OFFERED.every((id) => !INSTRUMENTS[id].viReviewed);
  if (!client) {
    return (
      <Page title={t('screening.title')} back={{ href: '/field', label: t('field.title') }}>
        <Notice tone="warning">{t('client.notFound')}</Notice>
      </Page>
    );
  }
  return (
    <Page title={t('screening.title')} back={{ href: `/field/clients/${client.id}`, label: client.uic }}>
      <p class="client-banner">
        <span class="uic">{client.uic}</span>
        {client.nickname && <span> · {client.nickname}</span>}
      </p>
      <p class="hint">{t('screening.chooseHint')}</p>
      {/* When none is reviewed, one note says so, not one badge per line. */}
      {allToReview && <ToReview instrument={INSTRUMENTS.phq9} />}
      <ul class="instrument-list">
        {OFFERED.map((id) => (
          <li key={id}>
            <Link class="list-item instrument-choice" href={`/field/clients/${client.id}/screen/${id}`}>
              <span class="list-title">
                <strong>{SHORT_NAMES[id]}</strong> · {t(`screening.purpose.${id}`)}
              </span>
              <span class="list-meta">{t(`screening.length.${id}`)}</span>
              {!allToReview && !INSTRUMENTS[id].viReviewed && lang === 'vi' && <span class="badge badge-muted">{t('screening.toReview')}</span>}
            </Link>
          </li>
        ))}
      </ul>
      <p>
        <Link class="button button-block" href={`/field/clients/${client.id}/mental-health`}>
          {t('mh.open')}
        </Link>
      </p>
    </Page>
  );
}
