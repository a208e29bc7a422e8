import { useState } from 'preact/hooks';
import { CreateOrganisation, ORGANISATION_KINDS, type Organisation, type OrganisationKind } from '../../core/organisations/schema.ts';
import { api } from '../api/fieldlab.ts';
import { canSomewhere } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { CheckboxField, FormError, onSubmit, SelectField, serverFieldErrors, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ProvinceField } from './provinces.tsx';

const FIELDS = ['name', 'kind', 'provinceId', 'active'];

interface Values {
  name: string;
  kind: OrganisationKind;
  provinceId: string;
  active: boolean;
}

/**
 * An organisation's name, kind and province. Its kind and whether it is active are the hub's to
 * decide, so others see the kind but cannot change it. The hub itself keeps its kind and stays
 * active: changing either would take the network's administration away from its administrators.
 * A second hub is not offered for the same reason.
 */
export function OrganisationForm(props: {
  initial: Values;
  canChangeKind: boolean;
  kindHint?: string;
  canChangeActive: boolean;
  submitLabel: string;
  onSave(values: Values): Promise<void>;
}) {
  const { t } = useLang();
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
        options={ORGANISATION_KINDS.filter((k) => k !== 'network_hub' || props.initial.kind === k).map((k) => ({ value: k, label: t(`organisations.kinds.${k}`) }))}
        disabled={!props.canChangeKind}
        hint={props.kindHint}
        error={errs.kind}
      />
      <ProvinceField value={values.provinceId} onValue={(provinceId) => setValues({ ...values, provinceId })} optional error={errs.provinceId} />
      {props.canChangeActive && (
        <CheckboxField
          name="active"
          label={t('organisations.active')}
          hint={t('organisations.activeHint')}
          checked={values.active}
          onChecked={(active) => setValues({ ...values, active })}
        />
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
    return <NotAllowedPage title={t('organisations.add')} back={back} />;
  }
  return (
    <Page title={t('organisations.add')} back={back}>
      <OrganisationForm
        initial={{ name: '', kind: 'community_organisation', provinceId: '', active: true }}
        canChangeKind
        canChangeActive={false}
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
