import { useState } from 'preact/hooks';
import { CreateSite, SITE_KINDS, type Site, type SiteKind } from '../../core/organisations/schema.ts';
import { api } from '../api/fieldlab.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { CheckboxField, FormError, onSubmit, SelectField, serverFieldErrors, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { ProvinceField } from './provinces.tsx';

const FIELDS = ['name', 'kind', 'provinceId', 'active'];

interface Values {
  name: string;
  kind: SiteKind | '';
  provinceId: string;
  active: boolean;
}

function SiteForm(props: { initial: Values; showActive: boolean; submitLabel: string; onSave(values: Values & { kind: SiteKind }): Promise<void> }) {
  const { t } = useLang();
  const [values, setValues] = useState<Values>(props.initial);
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();

  const submit = () => {
    const errs: FieldErrors = {};
    if (!CreateSite.shape.name.safeParse(values.name).success) errs.name = t('errors.name', { min: 2, max: 120 });
    if (!values.kind) errs.kind = t('errors.choose');
    if (!values.provinceId) errs.provinceId = t('errors.choose');
    setInvalid(errs);
    const kind = values.kind;
    if (Object.keys(errs).length || !kind) return;
    void run(() => props.onSave({ ...values, kind }));
  };
  const errs = { ...invalid, ...serverFieldErrors(error, FIELDS) };

  return (
    <form class="form" noValidate onSubmit={onSubmit(submit)}>
      <FormError error={error} fields={FIELDS} />
      <TextField name="name" label={t('sites.name')} hint={t('sites.nameHint')} value={values.name} onValue={(name) => setValues({ ...values, name })} error={errs.name} maxLength={120} />
      <SelectField
        name="kind"
        label={t('sites.kind')}
        value={values.kind}
        onValue={(kind) => setValues({ ...values, kind: kind as SiteKind })}
        placeholder={t('app.choose')}
        options={SITE_KINDS.map((k) => ({ value: k, label: t(`sites.kinds.${k}`) }))}
        error={errs.kind}
      />
      <ProvinceField value={values.provinceId} onValue={(provinceId) => setValues({ ...values, provinceId })} error={errs.provinceId} />
      {props.showActive && (
        <CheckboxField name="active" label={t('sites.active')} hint={t('sites.activeHint')} checked={values.active} onChecked={(active) => setValues({ ...values, active })} />
      )}
      <SubmitButton busy={busy}>{props.submitLabel}</SubmitButton>
    </form>
  );
}

function sitesBack(orgId: string, label: string) {
  return { href: `/organisations/${orgId}/sites`, label };
}

export function NewSitePage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const shell = useShell();
  const back = sitesBack(orgId, t('sites.title'));
  if (!canIn(me, 'site.manage', orgId)) {
    return <NotAllowedPage title={t('sites.add')} back={back} />;
  }
  return (
    <Page title={t('sites.add')} back={back}>
      <SiteForm
        initial={{ name: '', kind: '', provinceId: '', active: true }}
        showActive={false}
        submitLabel={t('sites.create')}
        onSave={async (values) => {
          const site: Site = await api.createSite(orgId, { name: values.name, kind: values.kind, provinceId: values.provinceId });
          navigate(back.href);
          shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('sites.created', { name: site.name }) });
        }}
      />
    </Page>
  );
}

export function EditSitePage({ orgId, siteId }: { orgId: string; siteId: string }) {
  const { t } = useLang();
  const shell = useShell();
  // There is no route for one site: the list is small, and this is the same request the list page made.
  const sites = useResource(() => api.sites(orgId), [orgId]);
  const back = sitesBack(orgId, t('sites.title'));
  const site = sites.data?.find((s) => s.id === siteId);
  if (!site) {
    return (
      <Page title={t('sites.edit')} back={back}>
        {sites.loading ? <Loading /> : sites.error !== undefined ? <ErrorMessage error={sites.error} onRetry={sites.reload} /> : <Notice tone="warning">{t('notFound.text')}</Notice>}
      </Page>
    );
  }
  return (
    <Page title={site.name} back={back}>
      <SiteForm
        initial={{ name: site.name, kind: site.kind, provinceId: site.provinceId, active: site.active }}
        showActive
        submitLabel={t('app.save')}
        onSave={async (values) => {
          await api.editSite(orgId, siteId, { name: values.name, kind: values.kind, provinceId: values.provinceId, active: values.active });
          navigate(back.href);
          shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('app.saved') });
        }}
      />
    </Page>
  );
}
