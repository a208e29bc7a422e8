import { findProvince } from '../../core/geo/provinces.ts';
import { formatRating } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import type { ProviderView } from '../offline/view.ts';

/** A provider's address, hours, phone (a tap calls), languages, cost and walk-in: shared by the phone and the portal. */
export function ProviderFacts({ provider: p }: { provider: ProviderView }) {
  const { t, lang } = useLang();
  return (
    <dl class="facts">
      <dt>{t('providers.kind')}</dt>
      <dd>{t(`providers.kinds.${p.kind}` as 'providers.kinds.psychiatry')}</dd>
      <dt>{t('providers.address')}</dt>
      <dd>
        {p.address || '—'}
        <br />
        {findProvince(p.provinceId)?.name[lang] ?? p.provinceId}
      </dd>
      <dt>{t('providers.hours')}</dt>
      <dd>{p.openingHours || '—'}</dd>
      <dt>{t('providers.phone')}</dt>
      <dd>{p.phone ? <a href={`tel:${p.phone.replace(/[^\d+]/g, '')}`}>{p.phone}</a> : '—'}</dd>
      <dt>{t('providers.languages')}</dt>
      <dd>{p.languages.length ? p.languages.map((l) => t(`providers.langs.${l}` as 'providers.langs.vi')).join(', ') : '—'}</dd>
      <dt>{t('providers.cost')}</dt>
      <dd>{t(`providers.costs.${p.cost}` as 'providers.costs.free')}</dd>
      <dt>{t('providers.walkInLabel')}</dt>
      <dd>{p.walkIn ? t('client.yes') : t('client.no')}</dd>
      <dt>{t('providers.friendliness')}</dt>
      <dd>{p.friendliness === null ? t('providers.notRated') : t('providers.friendlinessValue', { score: formatRating(p.friendliness, lang) })}</dd>
      <dt>{t('providers.services')}</dt>
      <dd>{p.services.map((s) => t(`referrals.services.${s}` as 'referrals.services.other')).join(', ')}</dd>
    </dl>
  );
}
