import { lazyPage } from '../shell/lazy.tsx';
import { DirectoryPage, ProviderPage } from '../providers/directory-page.tsx';
import { ReferralFormPage } from './referral-form.tsx';
import { ReferralsPage } from './referral-list.tsx';
import { ReferralPage } from './referral-page.tsx';

// The slip draws a PDF (pdf-lib, fontkit, a font, QR codes): its own chunk, fetched only when a slip is opened.
const SlipPage = lazyPage(() => import('./slip-page.tsx').then((m) => m.SlipPage));

export type ReferralPageName = 'refer' | 'referrals' | 'referral' | 'slip' | 'providers' | 'provider';

/** Referrals and the directory on the phone: one chunk, loaded inside the field pages. */
export function ReferralPages({ page, params }: { page: ReferralPageName; params: Record<string, string> }) {
  switch (page) {
    case 'refer':
      return <ReferralFormPage clientId={params.clientId!} />;
    case 'referrals':
      return <ReferralsPage />;
    case 'referral':
      return <ReferralPage referralId={params.referralId!} />;
    case 'slip':
      return <SlipPage referralId={params.referralId!} />;
    case 'providers':
      return <DirectoryPage />;
    case 'provider':
      return <ProviderPage providerId={params.providerId!} />;
  }
}
