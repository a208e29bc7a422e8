import { useState } from 'preact/hooks';
import { CreateOrganisation, ORGANISATION_KINDS, type Organisation, type OrganisationKind } from '../../core/organisations/schema.ts';
import { api } from '../api/fieldlab.ts';
import { canSomewhere } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { FormError, onSubmit, SelectField, serverFieldErrors, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { provinceOptions, useProvinces } from './provinces.ts';

const FIELDS = ['name', 'kind', 'provinceId', 'active'];

interface Values {
  name: string;
  kind: OrganisationKind;
  provinceId: string;
  active: boolean;
}

/**
 * An organisation's name, kind and province. Its kind and whether it is active are the hub's to
 * decide, so others see those fields but cannot change them.
 */
export function OrganisationForm(props: { initial: Values; hubControls: boolean; showActive: boolean; submitLabel: string; onSave(values: Values): Promise<void> }) {
  const { t, lang } = useLang();
  const provinces = useProvinces();
  const [values, setValues] = useState<Values>(props.initial);
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();

  const submit = () => {
    const errs: FieldErrors = {};
    if (!CreateOrganisation.shape.name.safeParse(values.name).success) errs.name = t('errors.name', { min: 2, max: 120 });
    setInvalid(errs);
    if (Object.keys(errs).length) return;
    void run(() => props.onSave(values));
  };
  const errs = { ...invalid, ...serverFieldErrors(error, FIELDS) };

  return (
    <form class="form" noValidate onSubmit={onSubmit(submit)}>
      <FormError error={error} fields={FIELDS} />
      <TextField name="name" label={t('organisations.name')} value={values.name} onValue={(name) => setValues({ ...values, name })} error={errs.name} maxLength={120} />
      <SelectField
        name="kind"
        label={t('organisations.kind')}
        value={values.kind}
        onValue={(kind) => setValues({ ...values, kind: kind as OrganisationKind })}
        options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`organisations.kinds.${k}`) }))}
        disabled={!props.hubControls}
        hint={props.hubControls ? undefined : t('organisations.kindByHub')}
        error={errs.kind}
      />
      <SelectField
        name="provinceId"
        label={t('organisations.province')}
        value={values.provinceId}
        onValue={(provinceId) => setValues({ ...values, provinceId })}
        placeholder={provinces.data ? t('organisations.noProvince') : t('app.loading')}
        options={provinces.data ? provinceOptions(provinces.data, lang) : []}
        error={errs.provinceId}
      />
      {props.showActive && props.hubControls && (
        <label class="choice">
          <input type="checkbox" name="active" checked={values.active} onChange={(e) => setValues({ ...values, active: e.currentTarget.checked })} />
          <span>
            <span class="choice-label">{t('organisations.active')}</span>
            <span class="choice-hint">{t('organisations.activeHint')}</span>
          </span>
        </label>
      )}
      <SubmitButton busy={busy}>{props.submitLabel}</SubmitButton>
    </form>
  );
}

export function NewOrganisationPage() {
  const { t } = useLang();
  const me = useMe();
  const shell = useShell();
  const back = { href: '/organisations', label: t('organisations.title') };
  if (!canSomewhere(me, 'network.organisations.manage')) {
    return (
      <Page title={t('organisations.add')} back={back}>
        <Notice tone="warning">{t('errors.notAllowed')}</Notice>
      </Page>
    );
  }
  return (
    <Page title={t('organisations.add')} back={back}>
      <OrganisationForm
        initial={{ name: '', kind: 'community_organisation', provinceId: '', active: true }}
        hubControls
        showActive={false}
        submitLabel={t('organisations.create')}
        onSave={async (values) => {
          const created: Organisation = await api.createOrganisation({ name: values.name, kind: values.kind, provinceId: values.provinceId || null });
          const path = `/organisations/${created.id}`;
          navigate(path);
          shell.flash({ path, tone: 'success', text: (tr) => tr('organisations.created', { name: created.name }) });
        }}
      />
    </Page>
  );
}
