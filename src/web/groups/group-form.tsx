import { useState } from 'preact/hooks';
import { addDays } from '../../core/dates.ts';
import { CreateGroupBody, type StaffMember } from '../../core/groups/api.ts';
import { GROUP_KIND_LABELS, GROUP_KINDS, type GroupKind } from '../../core/groups/schema.ts';
import { occurrences, Schedule, WEEKDAYS, weekdayOf, type Weekday } from '../../core/groups/schedule.ts';
import type { Site } from '../../core/organisations/schema.ts';
import { formatDay } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { CheckboxGroup, FormError, onSubmit, RadioGroup, SelectField, serverFieldErrors, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';

type Repeat = Schedule['repeat'];
const REPEATS: readonly Repeat[] = ['once', 'weekly', 'fortnightly', 'monthly'];
const PREVIEW = 5;
const PREVIEW_DAYS = 92;

/** The form's values: every schedule field kept while the repeat changes, so switching back loses nothing. */
export interface GroupValues {
  name: string;
  kind: GroupKind | '';
  siteId: string;
  facilitatorIds: string[];
  repeat: Repeat;
  on: string;
  weekday: Weekday;
  dayOfMonth: string;
  startsOn: string;
  endsOn: string;
  time: string;
}

export function blankGroup(today: string): GroupValues {
  return { name: '', kind: '', siteId: '', facilitatorIds: [], repeat: 'weekly', on: today, weekday: weekdayOf(today), dayOfMonth: today.slice(8, 10).replace(/^0/, ''), startsOn: today, endsOn: '', time: '18:00' };
}

export function valuesOf(g: CreateGroupBody, today: string): GroupValues {
  const base = { ...blankGroup(today), name: g.name, kind: g.kind, siteId: g.siteId, facilitatorIds: g.facilitatorIds, repeat: g.schedule.repeat, time: g.schedule.time };
  const s = g.schedule;
  if (s.repeat === 'once') return { ...base, on: s.on };
  if (s.repeat === 'monthly') return { ...base, dayOfMonth: String(s.dayOfMonth), startsOn: s.startsOn, endsOn: s.endsOn ?? '' };
  return { ...base, weekday: s.weekday, startsOn: s.startsOn, endsOn: s.endsOn ?? '' };
}

function scheduleOf(v: GroupValues): unknown {
  const endsOn = v.endsOn || null;
  switch (v.repeat) {
    case 'once':
      return { repeat: 'once', on: v.on, time: v.time };
    case 'monthly':
      return { repeat: 'monthly', dayOfMonth: Number(v.dayOfMonth), startsOn: v.startsOn, endsOn, time: v.time };
    default:
      return { repeat: v.repeat, weekday: v.weekday, startsOn: v.startsOn, endsOn, time: v.time };
  }
}

const FIELDS = ['name', 'kind', 'siteId', 'facilitatorIds', 'schedule'];

/**
 * A group's name, kind, site, facilitators and schedule (once, weekly, fortnightly, monthly; core
 * `Schedule`), with the coming meetings shown as the schedule is set, so a wrong weekday shows
 * before it is saved.
 */
export function GroupForm(props: { initial: GroupValues; sites: readonly Site[]; staff: readonly StaffMember[]; today: string; submitLabel: string; onSave(body: CreateGroupBody): Promise<void> }) {
  const { t, lang } = useLang();
  const [v, setV] = useState<GroupValues>(props.initial);
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  // A field's message goes as soon as the field changes; the others stay until the next save.
  const set = (patch: Partial<GroupValues>) => {
    setV({ ...v, ...patch });
    const touched = Object.keys(patch).flatMap((k) => (k === 'repeat' ? ['on', 'startsOn', 'endsOn', 'weekday', 'dayOfMonth'] : [k]));
    if (touched.some((k) => invalid[k])) setInvalid(Object.fromEntries(Object.entries(invalid).filter(([k]) => !touched.includes(k))));
  };

  const schedule = Schedule.safeParse(scheduleOf(v));
  const coming = schedule.success ? occurrences(schedule.data, props.today, addDays(props.today, PREVIEW_DAYS)).slice(0, PREVIEW) : [];

  const submit = () => {
    const parsed = CreateGroupBody.safeParse({ name: v.name, kind: v.kind, siteId: v.siteId, facilitatorIds: v.facilitatorIds, schedule: scheduleOf(v) });
    if (!parsed.success) {
      const errs: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const [head, sub] = issue.path.map(String);
        const key = head === 'schedule' ? (sub ?? 'endsOn') : head!;
        errs[key] ??=
          key === 'name'
            ? t('groupsWeb.nameRequired')
            : key === 'facilitatorIds'
              ? t('groupsWeb.facilitatorsRequired')
              : key === 'time'
                ? t('groupsWeb.timeRequired')
                : key === 'dayOfMonth'
                  ? t('groupsWeb.dayOfMonthRequired')
                  : key === 'endsOn'
                    ? v.endsOn && v.startsOn ? t('groupsWeb.endsBeforeStart') : t('groupsWeb.dateRequired')
                    : key === 'on' || key === 'startsOn'
                      ? t('groupsWeb.dateRequired')
                      : t('errors.choose');
      }
      setInvalid(errs);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.field-invalid input, .field-invalid select')?.focus());
      return;
    }
    setInvalid({});
    void run(() => props.onSave(parsed.data));
  };
  const errs = { ...invalid, ...serverFieldErrors(error, FIELDS) };
  const dateField = (name: 'on' | 'startsOn' | 'endsOn', label: string) => (
    <div class={errs[name] ? 'field field-invalid' : 'field'}>
      <label for={`field-${name}`}>{label}</label>
      <input id={`field-${name}`} type="date" value={v[name]} onInput={(e) => set({ [name]: e.currentTarget.value })} aria-invalid={errs[name] ? true : undefined} aria-describedby={errs[name] ? `field-${name}-error` : undefined} />
      {errs[name] && (
        <p class="field-error" id={`field-${name}-error`} role="alert">
          {errs[name]}
        </p>
      )}
    </div>
  );

  return (
    <form class="form form-group" noValidate onSubmit={onSubmit(submit)}>
      <FormError error={error} fields={FIELDS} />
      <TextField name="name" label={t('groupsWeb.name')} hint={t('groupsWeb.nameHint')} value={v.name} onValue={(name) => set({ name })} error={errs.name} maxLength={80} />
      <SelectField name="kind" label={t('groupsWeb.kind')} value={v.kind} onValue={(kind) => set({ kind: kind as GroupKind })} placeholder={t('app.choose')} options={GROUP_KINDS.map((k) => ({ value: k, label: GROUP_KIND_LABELS[k][lang] }))} error={errs.kind} />
      <SelectField name="siteId" label={t('groupsWeb.site')} value={v.siteId} onValue={(siteId) => set({ siteId })} placeholder={t('app.choose')} options={props.sites.filter((s) => s.active || s.id === v.siteId).map((s) => ({ value: s.id, label: s.name }))} error={errs.siteId} />
      {props.staff.length === 0 ? (
        <p class="hint">{t('groupsWeb.noStaff')}</p>
      ) : (
        <CheckboxGroup name="facilitatorIds" legend={t('groupsWeb.facilitators')} hint={t('groupsWeb.facilitatorsHint')} options={props.staff.map((s) => ({ value: s.id, label: s.displayName }))} values={v.facilitatorIds} onValues={(facilitatorIds) => set({ facilitatorIds })} error={errs.facilitatorIds} />
      )}

      <fieldset class="form-section schedule-editor">
        <legend>{t('groupsWeb.schedule')}</legend>
        <RadioGroup name="repeat" legend={t('groupsWeb.repeat')} options={REPEATS.map((r) => ({ value: r, label: t(`groupsWeb.repeats.${r}`) }))} value={v.repeat} onValue={(repeat) => set({ repeat: repeat as Repeat })} />
        {v.repeat === 'once' && dateField('on', t('groupsWeb.on'))}
        {(v.repeat === 'weekly' || v.repeat === 'fortnightly') && (
          <SelectField name="weekday" label={t('groupsWeb.weekday')} value={v.weekday} onValue={(weekday) => set({ weekday: weekday as Weekday })} options={WEEKDAYS.map((d) => ({ value: d, label: t(`groupsWeb.weekdays.${d}`) }))} error={errs.weekday} />
        )}
        {v.repeat === 'monthly' && (
          <TextField name="dayOfMonth" label={t('groupsWeb.dayOfMonth')} hint={t('groupsWeb.dayOfMonthHint')} inputMode="numeric" value={v.dayOfMonth} onValue={(dayOfMonth) => set({ dayOfMonth: dayOfMonth.replace(/\D/g, '').slice(0, 2) })} error={errs.dayOfMonth} maxLength={2} />
        )}
        {v.repeat !== 'once' && dateField('startsOn', t('groupsWeb.startsOn'))}
        {v.repeat !== 'once' && dateField('endsOn', t('groupsWeb.endsOn'))}
        <div class={errs.time ? 'field field-invalid' : 'field'}>
          <label for="field-time">{t('groupsWeb.time')}</label>
          <p class="hint" id="field-time-hint">
            {t('groupsWeb.timeHint')}
          </p>
          <input id="field-time" type="time" value={v.time} onInput={(e) => set({ time: e.currentTarget.value })} aria-invalid={errs.time ? true : undefined} aria-describedby={errs.time ? 'field-time-hint field-time-error' : 'field-time-hint'} />
          {errs.time && (
            <p class="field-error" id="field-time-error" role="alert">
              {errs.time}
            </p>
          )}
        </div>
        <div class="schedule-preview" aria-live="polite">
          <h3 class="subheading">{t('groupsWeb.preview')}</h3>
          {coming.length === 0 ? (
            <p class="hint">{t('groupsWeb.previewNone')}</p>
          ) : (
            <ul class="plain-list">
              {coming.map((d) => (
                <li key={d}>
                  {formatDay(d, lang)}, {v.time}
                </li>
              ))}
            </ul>
          )}
        </div>
      </fieldset>
      <SubmitButton busy={busy}>{props.submitLabel}</SubmitButton>
    </form>
  );
}
