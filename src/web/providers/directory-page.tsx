import { useState } from 'preact/hooks';
import { formatRating } from '../field/format.ts';
import { findProvince, PROVINCES } from '../../core/geo/provinces.ts';
import { REFERRAL_SERVICES, type ReferralService } from '../../core/referrals/schema.ts';
import { useField } from '../field/context.tsx';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { SelectField } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { providersFor } from './directory.ts';
import { ProviderFacts } from './provider-facts.tsx';

/** The network's directory on the phone, offline (issue #5 §1): search, and filter by service, province and friendliness. */
export function DirectoryPage() {
  const { t, lang } = useLang();
  const field = useField();
  const [query, setQuery] = useState('');
  const [service, setService] = useState<ReferralService | ''>('');
  const [provinceId, setProvinceId] = useState('');
  const [friendly, setFriendly] = useState('');
  const found = providersFor(field.view.providers, { query, service, provinceId, minFriendliness: Number(friendly) || 0 });
  const provinces = new Set(field.view.providers.filter((p) => p.active).map((p) => p.provinceId));
  return (
    <Page title={t('providers.directoryTitle')} back={{ href: '/field', label: t('field.title') }}>
      <div class="directory-filters">
        <div class="field">
          <label for="field-provider-search">{t('providers.search')}</label>
          <input id="field-provider-search" type="search" value={query} autoComplete="off" onInput={(e) => setQuery(e.currentTarget.value)} />
        </div>
        <SelectField
          name="service"
          label={t('referrals.service')}
          value={service}
          onValue={(v) => setService(v as ReferralService | '')}
          placeholder={t('providers.anyService')}
          options={REFERRAL_SERVICES.map((s) => ({ value: s, label: t(`referrals.services.${s}`) }))}
        />
        <SelectField
          name="provinceId"
          label={t('providers.province')}
          value={provinceId}
          onValue={setProvinceId}
          placeholder={t('providers.anyProvince')}
          options={PROVINCES.filter((p) => provinces.has(p.id)).map((p) => ({ value: p.id, label: p.name[lang] }))}
        />
        <SelectField
          name="friendly"
          label={t('providers.friendliness')}
          value={friendly}
          onValue={setFriendly}
          placeholder={t('providers.anyFriendliness')}
          options={[3, 4].map((n) => ({ value: String(n), label: t('providers.atLeast', { score: n }) }))}
        />
      </div>
      {field.view.providers.length === 0 && <Notice tone="warning">{t('providers.emptyOnPhone')}</Notice>}
      <p class="hint" role="status">
        {t('providers.count', { count: found.length })}
      </p>
      <ul class="list list-single">
        {found.map((p) => (
          <li key={p.id}>
            <Link class="list-item provider-row" href={`/field/providers/${p.id}`}>
              <span class="list-title">{p.name}</span>
              <span class="list-meta">
                {t(`providers.kinds.${p.kind}` as 'providers.kinds.psychiatry')} · {findProvince(p.provinceId)?.name[lang] ?? p.provinceId}
              </span>
              <span class="badges">
                {p.orgId ? <span class="badge badge-info">{t('providers.inNetwork')}</span> : <span class="badge badge-muted">{t('providers.listed')}</span>}
                {p.walkIn && <span class="badge badge-muted">{t('providers.walkIn')}</span>}
                {p.friendliness !== null && <span class="badge badge-success">{t('providers.friendlinessShort', { score: formatRating(p.friendliness, lang) })}</span>}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** One provider, offline: everything a worker needs to send someone there. */
export function ProviderPage({ providerId }: { providerId: string }) {
  const { t } = useLang();
  const field = useField();
  const provider = field.view.providers.find((p) => p.id === providerId);
  const back = { href: '/field/providers', label: t('providers.directoryTitle') };
  if (!provider) {
    return (
      <Page title={t('providers.title')} back={back}>
        <Notice tone="warning">{t('providers.notFound')}</Notice>
      </Page>
    );
  }
  return (
    <Page title={provider.name} back={back}>
      <p class="referral-lead">
        {provider.orgId ? <span class="badge badge-info">{t('providers.inNetwork')}</span> : <span class="badge badge-muted">{t('providers.listed')}</span>}
        {!provider.active && <span class="badge badge-danger">{t('app.inactive')}</span>}
      </p>
      {provider.phone && (
        <p>
          <a class="button button-primary button-block" href={`tel:${provider.phone.replace(/[^\d+]/g, '')}`}>
            {t('providers.call', { phone: provider.phone })}
          </a>
        </p>
      )}
      <section class="panel">
        <ProviderFacts provider={provider} />
      </section>
      {field.me.organisations.find((o) => o.id === field.orgId)?.permissions.includes('provider.manage') && (
        <p>
          <Link class="button" href={`/organisations/${field.orgId}/providers/${provider.id}`}>
            {t('providers.edit')}
          </Link>
        </p>
      )}
    </Page>
  );
}
