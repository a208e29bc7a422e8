import { useEffect, useState } from 'preact/hooks';
import { CUT_OFF_CHOICES, DEFAULT_SCREENING_SETTINGS, type ScreeningSettings } from '../../core/screening/index.ts';
import { request } from '../api/client.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe } from '../shell/session.tsx';
import { FormError, onSubmit, RadioGroup, SubmitButton, useSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { SHORT_NAMES } from './labels.ts';

const path = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}/settings/screening`;
const INSTRUMENTS_WITH_CUT_OFFS = Object.keys(CUT_OFF_CHOICES) as (keyof typeof CUT_OFF_CHOICES)[];
/** Intervals offered, in days; a value chosen through the API that is not one of them is offered too. */
const INTERVALS = [30, 60, 90, 180];

/**
 * An organisation's screening settings (issue #4 §2): for each instrument, the international
 * cut-off or a Vietnam-validated alternative, each with its citation; and how long after a
 * positive screen a client is screened again. Phones receive them with their next pull.
 */
export function ScreeningSettingsPage({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const back = { href: `/organisations/${orgId}`, label: me.organisations.find((o) => o.id === orgId)?.name ?? t('organisations.one') };
  const allowed = canIn(me, 'screening.configure', orgId);
  const current = useResource(() => (allowed ? request<ScreeningSettings>('GET', path(orgId)) : Promise.resolve(null)), [orgId, allowed]);
  const [values, setValues] = useState<ScreeningSettings | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useSubmit();
  useEffect(() => {
    if (current.data) setValues(current.data);
  }, [current.data]);

  if (!allowed) return <NotAllowedPage title={t('screening.settings.title')} back={back} />;
  if (!values) {
    return (
      <Page title={t('screening.settings.title')} back={back}>
        {current.error ? <ErrorMessage error={current.error} onRetry={current.reload} /> : <Loading />}
      </Page>
    );
  }
  const intervals = INTERVALS.includes(values.rescreenEveryDays) ? INTERVALS : [...INTERVALS, values.rescreenEveryDays].sort((a, b) => a - b);
  const intervalLabel = (days: number) => (days % 30 === 0 ? t('screening.settings.months', { count: days / 30, days }) : t('screening.settings.days', { count: days }));
  const isDefault = (yes: boolean) => (yes ? ` · ${t('screening.settings.default')}` : '');
  const save = () =>
    void run(async () => {
      setSaved(false);
      setValues(await request<ScreeningSettings>('PUT', path(orgId), values));
      setSaved(true);
    });
  return (
    <Page title={t('screening.settings.title')} back={back}>
      <p class="lead">{t('screening.settings.intro')}</p>
      <form class="form" noValidate onSubmit={onSubmit(save)}>
        <FormError error={error} />
        {INSTRUMENTS_WITH_CUT_OFFS.map((id) => (
          <RadioGroup
            key={id}
            name={`cutoff-${id}`}
            legend={t('screening.settings.cutOff', { name: SHORT_NAMES[id] })}
            value={values.cutOffs[id]}
            onValue={(choice) => {
              setSaved(false);
              setValues({ ...values, cutOffs: { ...values.cutOffs, [id]: choice } });
            }}
            options={CUT_OFF_CHOICES[id].map((c) => ({
              value: c.id,
              label: c.label[lang] + isDefault(DEFAULT_SCREENING_SETTINGS.cutOffs[id] === c.id),
              hint: `${t('screening.settings.source')}: ${c.citations.join(' · ')}`,
            }))}
          />
        ))}
        <RadioGroup
          name="rescreen"
          legend={t('screening.settings.interval')}
          hint={t('screening.settings.intervalHint')}
          value={String(values.rescreenEveryDays)}
          onValue={(v) => {
            setSaved(false);
            setValues({ ...values, rescreenEveryDays: Number(v) });
          }}
          options={intervals.map((days) => ({ value: String(days), label: intervalLabel(days) + isDefault(days === DEFAULT_SCREENING_SETTINGS.rescreenEveryDays) }))}
        />
        {saved && (
          <Notice tone="success">
            {t('app.saved')} {t('screening.settings.phones')}
          </Notice>
        )}
        <SubmitButton busy={busy}>{t('screening.settings.save')}</SubmitButton>
      </form>
    </Page>
  );
}
