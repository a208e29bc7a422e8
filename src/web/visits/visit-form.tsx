import { useState } from 'preact/hooks';
import type { z } from 'zod';
import { ACTIVITIES, ACTIVITY_LABELS, MAX_VISIT_DAYS, visitDays, VisitInput, VISITOR_KINDS, VISITOR_KIND_LABELS, type Activity, type ExchangeVisit, type VisitorKind } from '../../core/visits/schema.ts';
import { api } from '../api/fieldlab.ts';
import { ProvinceField } from '../organisations/provinces.tsx';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { FormError, onSubmit, RadioGroup, SelectField, serverFieldErrors, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { visitsApi } from './api.ts';
import { COMMON_COUNTRIES, countryName, formatProgrammeDay } from './places.ts';

interface ItemDraft {
  day: string;
  start: string;
  end: string;
  activity: Activity | '';
  title: string;
  siteId: string;
  staff: string;
}

interface Draft {
  visitorName: string;
  visitorKind: VisitorKind | '';
  origin: 'province' | 'country';
  provinceId: string;
  /** One of the common countries, or OTHER with the code typed in `countryCode`. */
  country: string;
  countryCode: string;
  people: string;
  from: string;
  to: string;
  programme: ItemDraft[];
}

const OTHER = 'other';
const FIELDS = ['visitorName', 'visitorKind', 'provinceId', 'country', 'people', 'from', 'to', 'programme'];

const blank: Draft = { visitorName: '', visitorKind: '', origin: 'province', provinceId: '', country: '', countryCode: '', people: '', from: '', to: '', programme: [] };

function draftOf(v: ExchangeVisit): Draft {
  const common = v.country && (COMMON_COUNTRIES as readonly string[]).includes(v.country);
  return {
    visitorName: v.visitorName,
    visitorKind: v.visitorKind,
    origin: v.provinceId ? 'province' : 'country',
    provinceId: v.provinceId ?? '',
    country: v.country ? (common ? v.country : OTHER) : '',
    countryCode: v.country && !common ? v.country : '',
    people: String(v.people),
    from: v.from,
    to: v.to,
    programme: v.programme.map((p) => ({ day: p.day, start: p.start, end: p.end ?? '', activity: p.activity, title: p.title ?? '', siteId: p.siteId ?? '', staff: p.staff ?? '' })),
  };
}

const optional = (s: string) => (s.trim() ? s.trim() : undefined);

/** The draft as the core schema's input; programme items in order of day and time, as the schema wants them. */
function inputOf(d: Draft): z.input<typeof VisitInput> {
  const programme = [...d.programme].sort((a, b) => a.day.localeCompare(b.day) || a.start.localeCompare(b.start));
  return {
    visitorName: d.visitorName,
    visitorKind: d.visitorKind as VisitorKind,
    ...(d.origin === 'province' ? { provinceId: d.provinceId || undefined } : { country: (d.country === OTHER ? d.countryCode.trim().toUpperCase() : d.country) || undefined }),
    people: d.people.trim() === '' ? Number.NaN : Number(d.people),
    from: d.from,
    to: d.to,
    programme: programme.map((p) => ({ day: p.day, start: p.start, end: optional(p.end), activity: p.activity as Activity, title: optional(p.title), siteId: p.siteId || undefined, staff: optional(p.staff) })),
  };
}

type T = ReturnType<typeof useLang>['t'];

/** A field's problem in the reader's words (the schema's own messages are English, for the API). */
function messageFor(path: readonly PropertyKey[], t: T): [string, string] {
  const [head, index, part] = path.map(String);
  if (head === 'programme' && index !== undefined) {
    const key = `programme.${index}.${part ?? 'day'}`;
    if (part === 'end') return [key, t('visits.form.endAfterStart')];
    if (part === 'start') return [key, t('visits.form.timeRequired')];
    if (part === 'activity') return [key, t('app.choose')];
    if (part === 'day' || part === undefined) return [key, t('visits.form.dayOutside')];
    return [key, t('visits.form.tooLong200')];
  }
  switch (head) {
    case 'visitorName':
      return [head, t('visits.form.nameLength')];
    case 'visitorKind':
      return [head, t('errors.choose')];
    case 'provinceId':
      return [head, t('visits.form.provinceRequired')];
    case 'country':
      return [head, t('visits.form.countryRequired')];
    case 'people':
      return [head, t('visits.form.peopleRange')];
    case 'from':
      return [head, t('visits.form.dateRequired')];
    case 'to':
      return [head, t('visits.form.datesRange', { max: MAX_VISIT_DAYS })];
    default:
      return [head ?? 'form', t('errors.choose')];
  }
}

function ProgrammeRows({ d, setD, errs, sites }: { d: Draft; setD(d: Draft): void; errs: FieldErrors; sites: { id: string; name: string }[] }) {
  const { t, lang } = useLang();
  const days = d.from && d.to && d.from <= d.to ? visitDays(d.from, d.to).slice(0, MAX_VISIT_DAYS) : [];
  const setItem = (i: number, patch: Partial<ItemDraft>) => setD({ ...d, programme: d.programme.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const add = () => {
    const last = d.programme[d.programme.length - 1];
    setD({ ...d, programme: [...d.programme, { day: last?.day ?? days[0] ?? '', start: '', end: '', activity: '', title: '', siteId: last?.siteId ?? '', staff: '' }] });
  };
  return (
    <fieldset class="field visit-programme">
      {/* The section's heading says "Programme" to the eye. */}
      <legend class="sr-only">{t('visits.form.programme')}</legend>
      <p class="hint">{t('visits.form.programmeHint')}</p>
      {d.programme.map((p, i) => {
        const e = (part: string) => errs[`programme.${i}.${part}`];
        const id = (part: string) => `visit-item-${i}-${part}`;
        return (
          <div class="visit-item" key={i} role="group" aria-labelledby={id('title-heading')}>
            <h3 id={id('title-heading')}>{t('visits.form.item', { n: i + 1 })}</h3>
            <div class="visit-item-when">
              <SelectField name={`item-${i}-day`} label={t('visits.form.day')} value={p.day} onValue={(day) => setItem(i, { day })} placeholder={days.length ? t('app.choose') : t('visits.form.datesFirst')} options={days.map((day) => ({ value: day, label: formatProgrammeDay(day, lang) }))} error={e('day')} />
              <div class={e('start') ? 'field field-invalid' : 'field'}>
                <label for={id('start')}>{t('visits.form.start')}</label>
                <input id={id('start')} type="time" value={p.start} onInput={(ev) => setItem(i, { start: ev.currentTarget.value })} aria-invalid={e('start') ? true : undefined} />
                {e('start') && <p class="field-error">{e('start')}</p>}
              </div>
              <div class={e('end') ? 'field field-invalid' : 'field'}>
                <label for={id('end')}>{t('visits.form.end')}</label>
                <input id={id('end')} type="time" value={p.end} onInput={(ev) => setItem(i, { end: ev.currentTarget.value })} aria-invalid={e('end') ? true : undefined} />
                {e('end') && <p class="field-error">{e('end')}</p>}
              </div>
            </div>
            <SelectField name={`item-${i}-activity`} label={t('visits.form.activity')} value={p.activity} onValue={(activity) => setItem(i, { activity: activity as Activity })} placeholder={t('app.choose')} options={ACTIVITIES.map((a) => ({ value: a, label: ACTIVITY_LABELS[a][lang] }))} error={e('activity')} />
            <TextField name={`item-${i}-title`} label={t('visits.form.itemTitle')} value={p.title} onValue={(title) => setItem(i, { title })} maxLength={200} error={e('title')} />
            <SelectField name={`item-${i}-site`} label={t('visits.form.site')} value={p.siteId} onValue={(siteId) => setItem(i, { siteId })} placeholder={t('visits.form.noSite')} options={sites.map((s) => ({ value: s.id, label: s.name }))} error={e('siteId')} />
            <TextField name={`item-${i}-staff`} label={t('visits.form.staff')} hint={t('visits.form.staffHint')} value={p.staff} onValue={(staff) => setItem(i, { staff })} maxLength={200} error={e('staff')} />
            <button type="button" class="button" onClick={() => setD({ ...d, programme: d.programme.filter((_, j) => j !== i) })}>
              {t('visits.form.removeItem', { n: i + 1 })}
            </button>
          </div>
        );
      })}
      <button type="button" class="button button-block" onClick={add}>
        {t('visits.form.addItem')}
      </button>
    </fieldset>
  );
}

function VisitForm({ orgId, initial, submitLabel, onSave }: { orgId: string; initial: Draft; submitLabel: string; onSave(v: z.input<typeof VisitInput>): Promise<void> }) {
  const { t, lang } = useLang();
  const [d, setD] = useState<Draft>(initial);
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  const sites = useResource(() => api.sites(orgId), [orgId]);
  const set = (patch: Partial<Draft>) => {
    setD({ ...d, ...patch });
    // A field's message goes once the field changes; the next save checks again.
    const cleared = Object.keys(patch).flatMap((k) => (k === 'country' || k === 'countryCode' || k === 'origin' ? ['country', 'provinceId'] : [k]));
    if (cleared.some((k) => invalid[k])) setInvalid(Object.fromEntries(Object.entries(invalid).filter(([k]) => !cleared.includes(k))));
  };

  const submit = () => {
    const input = inputOf(d);
    const parsed = VisitInput.safeParse(input);
    if (!parsed.success) {
      const errs: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const [key, message] = messageFor(issue.path, t);
        errs[key] ??= message;
      }
      // The schema checks the origin and the dates' span only once every field is well formed: say it now.
      if (!input.provinceId && !input.country) errs.provinceId ??= t('visits.form.provinceRequired');
      // The schema points at `provinceId` whichever is missing; abroad, the country is what to fix.
      if (d.origin === 'country' && (errs.provinceId || errs.country)) {
        delete errs.provinceId;
        errs.country = t('visits.form.countryRequired');
      }
      if (!d.to) errs.to = t('visits.form.dateRequired');
      setInvalid(errs);
      return;
    }
    setInvalid({});
    // The programme as saved: sorted, so the errors of the server point at the rows shown.
    setD({ ...d, programme: [...d.programme].sort((a, b) => a.day.localeCompare(b.day) || a.start.localeCompare(b.start)) });
    void run(() => onSave(input));
  };
  const server = serverFieldErrors(error, [...FIELDS, ...d.programme.flatMap((_, i) => ['day', 'start', 'end', 'activity', 'siteId', 'staff', 'title'].map((p) => `programme.${i}.${p}`))]);
  const errs = { ...invalid, ...server };
  const countries = [...COMMON_COUNTRIES].map((c) => ({ value: c, label: countryName(c, lang) })).sort((a, b) => a.label.localeCompare(b.label, lang));

  return (
    <form class="form" noValidate onSubmit={onSubmit(submit)}>
      <FormError error={error} fields={Object.keys(server)} />
      <section class="form-section">
        <h2>{t('visits.form.who')}</h2>
        <TextField name="visitorName" label={t('visits.form.visitor')} hint={t('visits.form.visitorHint')} value={d.visitorName} onValue={(visitorName) => set({ visitorName })} error={errs.visitorName} maxLength={200} />
        <SelectField name="visitorKind" label={t('visits.form.visitorKind')} value={d.visitorKind} onValue={(k) => set({ visitorKind: k as VisitorKind })} placeholder={t('app.choose')} options={VISITOR_KINDS.map((k) => ({ value: k, label: VISITOR_KIND_LABELS[k][lang] }))} error={errs.visitorKind} />
        <RadioGroup
          name="origin"
          legend={t('visits.form.origin')}
          options={[
            { value: 'province', label: t('visits.form.inVietnam') },
            { value: 'country', label: t('visits.form.abroad') },
          ]}
          value={d.origin}
          onValue={(origin) => set({ origin: origin as Draft['origin'] })}
        />
        {d.origin === 'province' ? (
          <ProvinceField value={d.provinceId} onValue={(provinceId) => set({ provinceId })} error={errs.provinceId} />
        ) : (
          <>
            <SelectField name="country" label={t('visits.form.country')} value={d.country} onValue={(country) => set({ country })} placeholder={t('app.choose')} options={[...countries, { value: OTHER, label: t('visits.form.otherCountry') }]} error={d.country === OTHER ? undefined : errs.country} />
            {d.country === OTHER && (
              <TextField name="countryCode" label={t('visits.form.countryCode')} hint={t('visits.form.countryCodeHint')} value={d.countryCode} onValue={(countryCode) => set({ countryCode })} maxLength={2} autoCapitalize="none" error={errs.country} />
            )}
          </>
        )}
        <TextField name="people" label={t('visits.form.people')} value={d.people} onValue={(people) => set({ people: people.replace(/\D/g, '') })} inputMode="numeric" maxLength={3} error={errs.people} />
      </section>
      <section class="form-section">
        <h2>{t('visits.form.when')}</h2>
        <p class="hint">{t('visits.form.datesHint', { max: MAX_VISIT_DAYS })}</p>
        <div class="visit-dates">
          {(['from', 'to'] as const).map((key) => (
            <div class={errs[key] ? 'field field-invalid' : 'field'} key={key}>
              <label for={`field-${key}`}>{t(`visits.form.${key}`)}</label>
              <input id={`field-${key}`} type="date" value={d[key]} min={key === 'to' ? d.from || undefined : undefined} onInput={(e) => set(key === 'from' && (!d.to || d.to < e.currentTarget.value) ? { from: e.currentTarget.value, to: e.currentTarget.value } : { [key]: e.currentTarget.value })} aria-invalid={errs[key] ? true : undefined} />
              {errs[key] && (
                <p class="field-error" role="alert">
                  {errs[key]}
                </p>
              )}
            </div>
          ))}
        </div>
      </section>
      <section class="form-section">
        <h2>{t('visits.form.programme')}</h2>
        {sites.error !== undefined && <ErrorMessage error={sites.error} onRetry={sites.reload} />}
        <ProgrammeRows d={d} setD={setD} errs={errs} sites={(sites.data ?? []).filter((s) => s.active)} />
      </section>
      <SubmitButton busy={busy}>{submitLabel}</SubmitButton>
    </form>
  );
}

export function NewVisitPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const shell = useShell();
  const back = { href: `/organisations/${orgId}/visits`, label: t('visits.title') };
  if (!canIn(me, 'visit.manage', orgId)) return <NotAllowedPage title={t('visits.form.newTitle')} back={back} />;
  return (
    <Page title={t('visits.form.newTitle')} back={back}>
      <VisitForm
        orgId={orgId}
        initial={blank}
        submitLabel={t('visits.form.save')}
        onSave={async (v) => {
          const created = await visitsApi.create(orgId, v);
          const href = `/organisations/${orgId}/visits/${created.id}`;
          navigate(href);
          shell.flash({ path: href, tone: 'success', text: (tr) => tr('visits.form.saved') });
        }}
      />
    </Page>
  );
}

export function EditVisitPage({ orgId, visitId }: { orgId: string; visitId: string }) {
  const { t } = useLang();
  const me = useMe();
  const shell = useShell();
  const allowed = canIn(me, 'visit.manage', orgId);
  const res = useResource(() => (allowed ? visitsApi.get(orgId, visitId) : Promise.resolve(null)), [allowed, orgId, visitId]);
  const href = `/organisations/${orgId}/visits/${visitId}`;
  const back = { href, label: res.data?.visit.visitorName ?? t('visits.title') };
  if (!allowed) return <NotAllowedPage title={t('visits.form.editTitle')} back={back} />;
  const visit = res.data?.visit;
  return (
    <Page title={t('visits.form.editTitle')} back={back}>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !res.data && <Loading />}
      {visit && (
        <VisitForm
          orgId={orgId}
          initial={draftOf(visit)}
          submitLabel={t('app.save')}
          onSave={async (v) => {
            await visitsApi.edit(orgId, visitId, visit.version, v);
            navigate(href);
            shell.flash({ path: href, tone: 'success', text: (tr) => tr('visits.form.saved') });
          }}
        />
      )}
    </Page>
  );
}
