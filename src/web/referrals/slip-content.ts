import type { TFunction } from 'i18next';
import { findProvince } from '../../core/geo/provinces.ts';
import type { Lang } from '../../core/i18n/index.ts';
import { formatDay } from '../field/format.ts';
import type { ProviderView, ReferralView } from '../offline/view.ts';

/**
 * What a slip says, in one language: the referral code and where to go. Built from the referral's
 * code and due date and the provider's public directory entry only — never the client's code,
 * nickname, the service or the reason, so a slip found in a pocket says nothing about its holder.
 */
export interface SlipContent {
  lang: Lang;
  title: string;
  codeLabel: string;
  code: string;
  showCode: string;
  goTo: string;
  providerName: string;
  facts: [string, string][];
  dueLine: string | null;
  footer: string;
}

export function slipContent(referral: Pick<ReferralView, 'code' | 'dueOn'>, provider: ProviderView | undefined, t: TFunction, lang: Lang): SlipContent {
  const province = provider ? (findProvince(provider.provinceId)?.name[lang] ?? '') : '';
  const facts: [string, string][] = [];
  if (provider) {
    facts.push([t('referrals.slipText.address'), [provider.address, province].filter(Boolean).join(', ')]);
    if (provider.openingHours) facts.push([t('referrals.slipText.hours'), provider.openingHours]);
    if (provider.phone) facts.push([t('referrals.slipText.phone'), provider.phone]);
    if (provider.walkIn) facts.push([t('referrals.slipText.walkInLabel'), t('referrals.slipText.walkIn')]);
  }
  return {
    lang,
    title: t('referrals.slipText.title'),
    codeLabel: t('referrals.slipText.codeLabel'),
    code: referral.code,
    showCode: t('referrals.slipText.showCode'),
    goTo: t('referrals.slipText.goTo'),
    providerName: provider?.name ?? '—',
    facts,
    dueLine: t('referrals.slipText.due', { date: formatDay(referral.dueOn, lang) }),
    footer: t('referrals.slipText.footer'),
  };
}

/** The same, as a short message to send by chat. */
export function slipMessage(c: SlipContent): string {
  return [`${c.title}`, `${c.codeLabel}: ${c.code}`, `${c.goTo} ${c.providerName}`, ...c.facts.map(([label, value]) => `${label}: ${value}`), c.dueLine, c.showCode].filter(Boolean).join('\n');
}
