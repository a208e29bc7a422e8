import { useMemo, useState } from 'preact/hooks';
import { AGE_BANDS, ANONYMOUS_SEXES, CONTACT_MODES, SERVICES, type ContactMode, type RecordAnonymousContactsArgs } from '../../core/contacts/schema.ts';
import { newId } from '../../core/ids.ts';
import { servicesByHabit } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate, usePlace } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { FormError, onSubmit, SubmitButton, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { useField } from './context.tsx';
import { ChipGroup, fromLines, ItemSteppers, itemsByHabit, Stepper, toLines, type Quantities } from './controls.tsx';
import { checkWhenWhere, focusFirstError, useWhenWhere, WhenWhereFields } from './contact-form.tsx';
import { fixFromQuery } from './fix.ts';
import { runtime } from './runtime.ts';

type Sex = (typeof ANONYMOUS_SEXES)[number];
type Band = (typeof AGE_BANDS)[number];
type Counts = Record<string, number>;
const cell = (sex: Sex, band: Band) => `${sex}/${band}`;

/**
 * People met at an outreach event, counted by sex and age band without registering anyone
 * (issue #3, point 3), with what was given out to the group.
 */
export function AnonymousTallyPage() {
  const { t, lang } = useLang();
  const shell = useShell();
  const place = usePlace();
  const field = useField();
  const { view, userId, catalogue } = field;
  const fix = useMemo(() => fixFromQuery<RecordAnonymousContactsArgs>(field, 'recordAnonymousContacts', place.query), [place.query.get('fix')]);
  const initial = fix?.args;
  const mine = view.contacts.filter((c) => c.recordedBy === userId);

  const ww = useWhenWhere(field, initial ?? (view.tallies[0] ? { at: new Date().toISOString(), siteId: view.tallies[0].siteId, mode: 'event' } : undefined));
  const [counts, setCounts] = useState<Counts>(() => Object.fromEntries((initial?.counts ?? []).map((c) => [cell(c.sex, c.ageBand), c.count])));
  const [services, setServices] = useState<string[]>(initial?.services ?? []);
  const [commodities, setCommodities] = useState<Quantities>(initial ? fromLines(initial.commodities) : {});
  const [iec, setIec] = useState<Quantities>(initial ? fromLines(initial.iec) : {});
  const [invalid, setInvalid] = useState<FieldErrors>(fix?.field ? { [fix.field]: fix.entry.rejection?.message ?? '' } : {});
  const { busy, error, run } = useSubmit();

  const serviceOrder = useMemo(() => servicesByHabit(SERVICES, mine), [mine.length]);
  const items = useMemo(() => itemsByHabit(catalogue, mine, lang), [catalogue, mine.length, lang]);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);

  const submit = () => {
    const errs: FieldErrors = {};
    const at = checkWhenWhere(ww, field, t, errs);
    if (total === 0) errs.counts = t('anonymous.countRequired');
    if (services.length === 0) errs.services = t('contact.servicesRequired');
    setInvalid(errs);
    if (Object.keys(errs).length || !at) return focusFirstError();
    const args: RecordAnonymousContactsArgs = {
      tallyId: initial?.tallyId ?? newId(),
      siteId: ww.siteId,
      at,
      mode: ww.mode as ContactMode,
      counts: ANONYMOUS_SEXES.flatMap((sex) => AGE_BANDS.map((ageBand) => ({ sex, ageBand, count: counts[cell(sex, ageBand)] ?? 0 }))).filter((c) => c.count > 0),
      services: SERVICES.filter((s) => services.includes(s)),
      commodities: toLines(commodities),
      iec: toLines(iec),
    };
    void run(async () => {
      if (fix) await runtime.resend(fix.entry.id, 'recordAnonymousContacts', args);
      else await runtime.save('recordAnonymousContacts', args);
      const to = fix ? '/field/sync' : '/field';
      navigate(to);
      shell.flash({ path: to, tone: 'success', text: (tr) => (fix ? tr('sync.resent') : tr('anonymous.saved', { count: total })) });
    });
  };

  return (
    <Page title={t('anonymous.title')} back={{ href: fix ? '/field/sync' : '/field', label: fix ? t('sync.attentionTitle') : t('field.title') }}>
      <p class="lead">{t('anonymous.intro')}</p>
      {fix && (
        <div class="alert alert-error" role="alert">
          <p>{fix.entry.rejection?.message}</p>
        </div>
      )}
      <form class="form" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={error} />
        <WhenWhereFields ww={ww} invalid={invalid} open={Boolean(fix)} />
        <ChipGroup name="mode" legend={t('contact.mode')} multiple={false} options={CONTACT_MODES.map((m) => ({ value: m, label: t(`contact.modes.${m}`) }))} values={[ww.mode]} onValues={(v) => ww.setMode(v[0] ?? '')} error={invalid.mode} />
        <fieldset id="field-counts" class={invalid.counts ? 'field tally field-invalid' : 'field tally'} tabIndex={-1}>
          <legend>{t('anonymous.counts')}</legend>
          <p class="tally-total" role="status">
            {t('anonymous.total', { count: total })}
          </p>
          {ANONYMOUS_SEXES.map((sex) => (
            <div class="tally-group" key={sex}>
              <h3>{t(`anonymous.sexes.${sex}`)}</h3>
              {AGE_BANDS.map((band) => (
                <Stepper
                  key={band}
                  id={`count-${sex}-${band}`}
                  label={t(`anonymous.ages.${band}`)}
                  context={t(`anonymous.sexes.${sex}`)}
                  value={counts[cell(sex, band)] ?? 0}
                  onValue={(n) => setCounts({ ...counts, [cell(sex, band)]: n })}
                />
              ))}
            </div>
          ))}
          {invalid.counts && (
            <p class="field-error" role="alert">
              {invalid.counts}
            </p>
          )}
        </fieldset>
        <ChipGroup name="services" legend={t('contact.services')} multiple options={serviceOrder.map((s) => ({ value: s, label: t(`contact.serviceNames.${s}`) }))} values={services} onValues={setServices} error={invalid.services} />
        <ItemSteppers name="commodities" legend={t('contact.commodities')} items={items.filter((i) => i.kind === 'commodity')} quantities={commodities} onQuantities={setCommodities} error={invalid.commodities} empty={t('contact.noItems')} />
        <ItemSteppers name="iec" legend={t('contact.iec')} items={items.filter((i) => i.kind === 'iec')} quantities={iec} onQuantities={setIec} error={invalid.iec} empty={t('contact.noItems')} />
        <div class="sticky-actions">
          <SubmitButton busy={busy}>{fix ? t('sync.saveAndResend') : t('anonymous.save')}</SubmitButton>
        </div>
      </form>
    </Page>
  );
}
