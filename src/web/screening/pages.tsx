import { MentalHealthPage } from '../mental-health/mental-health-page.tsx';
import { ChooseInstrumentPage } from './choose-page.tsx';
import { ScreeningFormPage } from './form-page.tsx';
import { ScreeningResultPage } from './result-page.tsx';

export type ScreeningPageName = 'screen' | 'screenForm' | 'screening' | 'mentalHealth';

/** Screening and a client's mental health: one chunk (the instruments' texts), loaded inside the field pages. */
export function ScreeningPages({ page, params }: { page: ScreeningPageName; params: Record<string, string> }) {
  switch (page) {
    case 'screen':
      return <ChooseInstrumentPage clientId={params.clientId!} />;
    case 'screenForm':
      return <ScreeningFormPage clientId={params.clientId!} instrumentId={params.instrumentId!} />;
    case 'screening':
      return <ScreeningResultPage clientId={params.clientId!} screeningId={params.screeningId!} />;
    case 'mentalHealth':
      return <MentalHealthPage clientId={params.clientId!} />;
  }
}
