import { INSTRUMENT_IDS, type InstrumentId } from '../../core/screening/types.ts';
import { INSTRUMENTS } from '../../core/screening/index.ts';
import { findClient, useField } from '../field/context.tsx';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { SHORT_NAMES } from './labels.ts';
import { ScreeningForm } from './screening-form.tsx';

/** Asking one instrument; once saved, its result (where a safety flag shows first). */
export function ScreeningFormPage({ clientId, instrumentId }: { clientId: string; instrumentId: string }) {
  const { t, lang } = useLang();
  const shell = useShell();
  const field = useField();
  const client = findClient(field, clientId);
  const known = (INSTRUMENT_IDS as readonly string[]).includes(instrumentId);
  if (!client || !known) {
    return (
      <Page title={t('screening.title')} back={{ href: client ? `/field/clients/${client.id}/screen` : '/field', label: client?.uic ?? t('field.title') }}>
        <Notice tone="warning">{t(client ? 'screening.unknownInstrument' : 'client.notFound')}</Notice>
      </Page>
    );
  }
  const instrument = INSTRUMENTS[instrumentId as InstrumentId];
  return (
    <Page title={SHORT_NAMES[instrument.id]} back={{ href: `/field/clients/${client.id}/screen`, label: t('screening.title') }}>
      <p class="instrument-name">{instrument.name[lang]}</p>
      <p class="client-banner">
        <span class="uic">{client.uic}</span>
        {client.nickname && <span> · {client.nickname}</span>}
      </p>
      <ScreeningForm
        key={instrument.id}
        instrument={instrument}
        clientId={client.id}
        defaultSubstance="ats"
        onSaved={(screeningId) => {
          const to = `/field/clients/${client.id}/screenings/${screeningId}`;
          navigate(to);
          shell.flash({ path: to, tone: 'success', text: (tr) => tr('screening.saved') });
        }}
      />
    </Page>
  );
}
