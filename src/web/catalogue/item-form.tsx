import { useState } from 'preact/hooks';
import { CATALOGUE_KINDS, COMMODITY_CATEGORIES, CatalogueItemInput, type CatalogueItem, type CatalogueKind } from '../../core/catalogue/schema.ts';
import { api } from '../api/fieldlab.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { FormError, onSubmit, RadioGroup, SelectField, serverFieldErrors, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';

const FIELDS = ['kind', 'nameVi', 'nameEn', 'unit', 'category'];
type Category = (typeof COMMODITY_CATEGORIES)[number];

interface Values {
  kind: CatalogueKind;
  nameVi: string;
  nameEn: string;
  unit: string;
  category: Category | '';
}

function ItemForm(props: { initial: Values; submitLabel: string; onSave(values: Values & { category: Category }): Promise<void> }) {
  const { t } = useLang();
  const [values, setValues] = useState<Values>(props.initial);
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  const set = (patch: Partial<Values>) => setValues({ ...values, ...patch });

  const submit = () => {
    const errs: FieldErrors = {};
    if (!CatalogueItemInput.shape.nameVi.safeParse(values.nameVi).success) errs.nameVi = t('errors.name', { min: 1, max: 80 });
    if (!CatalogueItemInput.shape.nameEn.safeParse(values.nameEn).success) errs.nameEn = t('errors.name', { min: 1, max: 80 });
    if (!CatalogueItemInput.shape.unit.safeParse(values.unit).success) errs.unit = t('errors.name', { min: 1, max: 30 });
    if (!values.category) errs.category = t('errors.choose');
    setInvalid(errs);
    const category = values.category;
    if (Object.keys(errs).length || !category) return;
    void run(() => props.onSave({ ...values, category }));
  };
  const errs = { ...invalid, ...serverFieldErrors(error, FIELDS) };

  return (
    <form class="form" noValidate onSubmit={onSubmit(submit)}>
      <FormError error={error} fields={FIELDS} />
      <RadioGroup name="kind" legend={t('catalogue.kind')} value={values.kind} onValue={(kind) => set({ kind: kind as CatalogueKind })} options={CATALOGUE_KINDS.map((k) => ({ value: k, label: t(`catalogue.kinds.${k}`), hint: t(`catalogue.kindHints.${k}`) }))} />
      <TextField name="nameVi" label={t('catalogue.nameVi')} hint={t('catalogue.nameViHint')} value={values.nameVi} onValue={(nameVi) => set({ nameVi })} error={errs.nameVi} maxLength={80} />
      <TextField name="nameEn" label={t('catalogue.nameEn')} hint={t('catalogue.nameEnHint')} value={values.nameEn} onValue={(nameEn) => set({ nameEn })} error={errs.nameEn} maxLength={80} />
      <TextField name="unit" label={t('catalogue.unit')} hint={t('catalogue.unitHint')} value={values.unit} onValue={(unit) => set({ unit })} error={errs.unit} maxLength={30} />
      <SelectField
        name="category"
        label={t('catalogue.category')}
        value={values.category}
        onValue={(category) => set({ category: category as Category })}
        placeholder={t('app.choose')}
        options={COMMODITY_CATEGORIES.map((c) => ({ value: c, label: t(`catalogue.categories.${c}`) }))}
        error={errs.category}
      />
      <SubmitButton busy={busy}>{props.submitLabel}</SubmitButton>
    </form>
  );
}

const listHref = (orgId: string) => `/organisations/${orgId}/catalogue`;

export function NewCatalogueItemPage({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const shell = useShell();
  const back = { href: listHref(orgId), label: t('catalogue.title') };
  if (!canIn(me, 'catalogue.manage', orgId)) return <NotAllowedPage title={t('catalogue.add')} back={back} />;
  return (
    <Page title={t('catalogue.add')} back={back}>
      <ItemForm
        initial={{ kind: 'commodity', nameVi: '', nameEn: '', unit: '', category: '' }}
        submitLabel={t('catalogue.create')}
        onSave={async (values) => {
          const item = await api.addCatalogueItem(orgId, { ...values, active: true });
          navigate(back.href);
          shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('catalogue.created', { name: lang === 'vi' ? item.nameVi : item.nameEn }) });
        }}
      />
    </Page>
  );
}

function RetireButton({ orgId, item, onChanged }: { orgId: string; item: CatalogueItem; onChanged(item: CatalogueItem): void }) {
  const { t } = useLang();
  const { busy, error, run } = useSubmit();
  return (
    <section class="panel" aria-labelledby="retire-title">
      <h2 id="retire-title">{item.active ? t('catalogue.retireTitle') : t('catalogue.reactivateTitle')}</h2>
      <p>{item.active ? t('catalogue.retireText') : t('catalogue.reactivateText')}</p>
      <FormError error={error} />
      <button type="button" class="button button-block" disabled={busy} onClick={() => void run(async () => onChanged(await api.editCatalogueItem(orgId, item.id, { active: !item.active })))}>
        {item.active ? t('catalogue.retire') : t('catalogue.reactivate')}
      </button>
    </section>
  );
}

export function EditCatalogueItemPage({ orgId, itemId }: { orgId: string; itemId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const shell = useShell();
  // No route for one item: the list is small and this is the list page's own request.
  const items = useResource(() => api.catalogue(orgId), [orgId]);
  const [changed, setChanged] = useState<CatalogueItem | null>(null);
  const back = { href: listHref(orgId), label: t('catalogue.title') };
  if (!canIn(me, 'catalogue.manage', orgId)) return <NotAllowedPage title={t('catalogue.edit')} back={back} />;
  const item = changed ?? items.data?.find((i) => i.id === itemId);
  if (!item) {
    return (
      <Page title={t('catalogue.edit')} back={back}>
        {items.loading ? <Loading /> : items.error !== undefined ? <ErrorMessage error={items.error} onRetry={items.reload} /> : <Notice tone="warning">{t('notFound.text')}</Notice>}
      </Page>
    );
  }
  return (
    <Page title={lang === 'vi' ? item.nameVi : item.nameEn} back={back}>
      {!item.active && <Notice tone="warning">{t('catalogue.retiredNotice')}</Notice>}
      {changed && <Notice tone="success">{t('app.saved')}</Notice>}
      <ItemForm
        key={String(item.active)}
        initial={{ kind: item.kind, nameVi: item.nameVi, nameEn: item.nameEn, unit: item.unit, category: item.category }}
        submitLabel={t('app.save')}
        onSave={async (values) => {
          await api.editCatalogueItem(orgId, item.id, values);
          navigate(back.href);
          shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('app.saved') });
        }}
      />
      <RetireButton orgId={orgId} item={item} onChanged={setChanged} />
    </Page>
  );
}
