import { lazyPage } from '../shell/lazy.tsx';
import { AnonymousTallyPage } from './anonymous-form.tsx';
import { ClientPage } from './client-page.tsx';
import { NewClientPage } from './client-form.tsx';
import { RecordContactPage } from './contact-form.tsx';
import { DevicePage } from './device-page.tsx';
import { FieldGate } from './gate.tsx';
import { ClientsPage, FieldHomePage } from './home-page.tsx';
import { SyncPage } from './sync-page.tsx';
import type { ScreeningPageName } from '../screening/pages.tsx';
import type { ReferralPageName } from '../referrals/pages.tsx';
import type { GroupPageName } from '../groups/field-pages.tsx';

// The crisis flow carries the guidance texts and the C-SSRS: its own chunk (precached like the rest, so it opens offline).
const CrisisPage = lazyPage(() => import('../crisis/crisis-page.tsx').then((m) => m.CrisisPage));
// Screening and mental health carry the instruments' texts: their own chunk too.
const ScreeningPages = lazyPage(() => import('../screening/pages.tsx').then((m) => m.ScreeningPages));
// Referrals and the directory (issue #5): their own chunk; the slip's PDF code is a further one inside it.
const ReferralPages = lazyPage(() => import('../referrals/pages.tsx').then((m) => m.ReferralPages));
// Groups and sessions (issue #7): their own chunk too.
const GroupPages = lazyPage(() => import('../groups/field-pages.tsx').then((m) => m.GroupPages));

export type FieldPageName = 'home' | 'clients' | 'newClient' | 'client' | 'contact' | 'anonymous' | 'sync' | 'device' | 'crisis' | ScreeningPageName | ReferralPageName | GroupPageName;

/** Every page of field work, behind the PIN: one chunk, fetched the first time field work opens. */
export function FieldPages({ page, params }: { page: FieldPageName; params: Record<string, string> }) {
  return <FieldGate>{render(page, params)}</FieldGate>;
}

function render(page: FieldPageName, params: Record<string, string>) {
  switch (page) {
    case 'home':
      return <FieldHomePage />;
    case 'clients':
      return <ClientsPage />;
    case 'newClient':
      return <NewClientPage />;
    case 'client':
      return <ClientPage clientId={params.clientId!} />;
    case 'contact':
      return <RecordContactPage clientId={params.clientId!} />;
    case 'anonymous':
      return <AnonymousTallyPage />;
    case 'sync':
      return <SyncPage />;
    case 'device':
      return <DevicePage />;
    case 'crisis':
      return <CrisisPage clientId={params.clientId ?? null} />;
    case 'screen':
    case 'screenForm':
    case 'screening':
    case 'mentalHealth':
      return <ScreeningPages page={page} params={params} />;
    case 'refer':
    case 'referrals':
    case 'referral':
    case 'slip':
    case 'providers':
    case 'provider':
      return <ReferralPages page={page} params={params} />;
    case 'groups':
    case 'groupSession':
      return <GroupPages page={page} params={params} />;
  }
}
