import { useState } from 'preact/hooks';
import { findProvince } from '../../core/geo/provinces.ts';
import { COSTS, LANGUAGES, PROVIDER_KINDS, ProviderInput, REFERRAL_SERVICES, type ProviderKind, type ReferralService } from '../../core/referrals/schema.ts';
import { ProvinceField } from '../organisations/provinces.tsx';
import { referralApi, type Provider } from '../referrals/api.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link, navigate } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { CheckboxField, CheckboxGroup, FormError, onSubmit, SelectField, serverFieldErrors, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';

const FIELDS = ['name', 'kind', 'services', 'address', 'provinceId', 'openingHours', 'phone', 'languages', 'cost', 'walkIn', 'active'];

type Values = Omit<ProviderInput, 'kind' | 'cost'> & { kind: ProviderKind | ''; cost: ProviderInput['cost'] | '' };

const blank: Values = { name: '', kind: '', services: [], orgId: null, address: '', provinceId: '', openingHours: '', phone: '', languages: ['vi'], cost: '', walkIn: false, active: true };

function ProviderForm({ initial, submitLabel, onSave }: { initial: Values; submitLabel: string; onSave(v: ProviderInput): Promise<void> }) {
  const { t } = useLang();
  const [v, setV] = useState<Values>(initial);
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  const set = (patch: Partial<Values>) => setV({ ...v, ...patch });
  const submit = () => {
    const parsed = ProviderInput.safeParse(v);
    if (!parsed.success) {
      const errs: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0]);
        errs[key] ??= key === 'name' ? t('errors.name', { min: 2, max: 200 }) : t('errors.choose');
      }
      setInvalid(errs);
      return;
    }
    setInvalid({});
    void run(() => onSave(parsed.data));
  };
  const errs = { ...invalid, ...serverFieldErrors(error, FIELDS) };
  return (
    <form class="form" noValidate onSubmit={onSubmit(submit)}>
      <FormError error={error} fields={FIELDS} />
      <TextField name="name" label={t('providers.name')} value={v.name} onValue={(name) => set({ name })} error={errs.name} maxLength={200} />
      <SelectField name="kind" label={t('providers.kind')} value={v.kind} onValue={(kind) => set({ kind: kind as ProviderKind })} placeholder={t('app.choose')} options={PROVIDER_KINDS.map((k) => ({ value: k, label: t(`providers.kinds.${k}`) }))} error={errs.kind} />
      <CheckboxGroup name="services" legend={t('providers.services')} options={REFERRAL_SERVICES.map((s) => ({ value: s, label: t(`referrals.services.${s}`) }))} values={v.services} onValues={(services) => set({ services: services as ReferralService[] })} error={errs.services} />
      <TextField name="address" label={t('providers.address')} value={v.address} onValue={(address) => set({ address })} error={errs.address} maxLength={300} />
      <ProvinceField value={v.provinceId} onValue={(provinceId) => set({ provinceId })} error={errs.provinceId} />
      <TextField name="openingHours" label={t('providers.hours')} hint={t('providers.hoursHint')} value={v.openingHours} onValue={(openingHours) => set({ openingHours })} error={errs.openingHours} maxLength={300} />
      <TextField name="phone" label={t('providers.phone')} value={v.phone} onValue={(phone) => set({ phone })} error={errs.phone} maxLength={40} />
      <CheckboxGroup name="languages" legend={t('providers.languages')} options={LANGUAGES.map((l) => ({ value: l, label: t(`providers.langs.${l}`) }))} values={v.languages} onValues={(languages) => set({ languages: languages as Values['languages'] })} />
      <SelectField name="cost" label={t('providers.cost')} value={v.cost} onValue={(cost) => set({ cost: cost as Values['cost'] })} placeholder={t('app.choose')} options={COSTS.map((c) => ({ value: c, label: t(`providers.costs.${c}`) }))} error={errs.cost} />
      <CheckboxField name="walkIn" label={t('providers.walkInLabel')} checked={v.walkIn} onChecked={(walkIn) => set({ walkIn })} />
      <CheckboxField name="active" label={t('app.active')} checked={v.active} onChecked={(active) => set({ active })} />
      <SubmitButton busy={busy}>{submitLabel}</SubmitButton>
    </form>
  );
}

/** The directory for managers, online: every provider, active or not, with a way to add and edit. */
export function ProvidersAdminPage({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const allowed = canIn(me, 'provider.manage', orgId);
  const res = useResource(() => (allowed ? referralApi.providers() : Promise.resolve([] as Provider[])), [allowed]);
  const back = { href: `/organisations/${orgId}`, label: t('organisations.title') };
  if (!allowed) return <NotAllowedPage title={t('providers.directoryTitle')} back={back} />;
  return (
    <Page title={t('providers.directoryTitle')} back={back}>
      <p>
        <Link class="button button-primary" href={`/organisations/${orgId}/providers/new`}>
          {t('providers.add')}
        </Link>
      </p>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !res.data && <Loading />}
      <ul class="list list-single">
        {(res.data ?? []).map((p) => (
          <li key={p.id}>
            <Link class="list-item provider-row" href={`/organisations/${orgId}/providers/${p.id}`}>
              <span class="list-title">{p.name}</span>
              <span class="list-meta">
                {t(`providers.kinds.${p.kind}` as 'providers.kinds.psychiatry')} · {findProvince(p.provinceId)?.name[lang] ?? p.provinceId}
              </span>
              <span class="badges">
                {p.orgId ? <span class="badge badge-info">{t('providers.inNetwork')}</span> : <span class="badge badge-muted">{t('providers.listed')}</span>}
                {!p.active && <span class="badge badge-danger">{t('app.inactive')}</span>}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function NewProviderPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const shell = useShell();
  const back = { href: `/organisations/${orgId}/providers`, label: t('providers.directoryTitle') };
  if (!canIn(me, 'provider.manage', orgId)) return <NotAllowedPage title={t('providers.add')} back={back} />;
  return (
    <Page title={t('providers.add')} back={back}>
      <p class="hint">{t('providers.phoneSyncHint')}</p>
      <ProviderForm
        initial={blank}
        submitLabel={t('providers.add')}
        onSave={async (v) => {
          await referralApi.createProvider(v);
          navigate(back.href);
          shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('providers.saved') });
        }}
      />
    </Page>
  );
}

export function EditProviderPage({ orgId, providerId }: { orgId: string; providerId: string }) {
  const { t } = useLang();
  const me = useMe();
  const shell = useShell();
  const allowed = canIn(me, 'provider.manage', orgId);
  const res = useResource(() => (allowed ? referralApi.providers() : Promise.resolve([] as Provider[])), [allowed]);
  const back = { href: `/organisations/${orgId}/providers`, label: t('providers.directoryTitle') };
  if (!allowed) return <NotAllowedPage title={t('providers.edit')} back={back} />;
  const p = res.data?.find((x) => x.id === providerId);
  return (
    <Page title={p?.name ?? t('providers.edit')} back={back}>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !res.data && <Loading />}
      {p && (
        <ProviderForm
          initial={{
            name: p.name,
            kind: p.kind as ProviderKind,
            services: p.services as ReferralService[],
            orgId: p.orgId,
            address: p.address,
            provinceId: p.provinceId,
            openingHours: p.openingHours,
            phone: p.phone,
            languages: p.languages as Values['languages'],
            cost: p.cost as Values['cost'],
            walkIn: p.walkIn,
            active: p.active,
          }}
          submitLabel={t('app.save')}
          onSave={async (v) => {
            await referralApi.editProvider(providerId, v);
            navigate(back.href);
            shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('providers.saved') });
          }}
        />
      )}
    </Page>
  );
}
