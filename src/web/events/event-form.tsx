import type { TFunction } from 'i18next';
import { useState } from 'preact/hooks';
import { PROVINCES } from '../../core/geo/provinces.ts';
import type { NetworkOrganisation } from '../../core/training/event-api.ts';
import { CURRENCIES, CURRENCY_MINOR_UNIT_DIGITS, Event, EVENT_KINDS, MODES, PARTY_KINDS, type EventMode } from '../../core/training/events.ts';
import { useLang } from '../shell/i18n.tsx';
import { FormError, onSubmit, SelectField, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { formatShortDay } from './format.ts';

/**
 * The organiser's form for every field of core's `Event`: kind, mode, cost, days, venue and
 * province or link, organisers and partners (in the network or outside it), chairs, speakers, the
 * agenda, capacity and materials. The form keeps text as typed; core's schema checks the whole
 * before it is sent, and its problems are shown at the fields in the reader's language.
 */
type PartyKind = (typeof PARTY_KINDS)[number];
interface PartyRow {
  kind: PartyKind;
  name: string;
  orgId: string;
}
interface PersonRow {
  name: string;
  affiliation: string;
}
interface AgendaRow {
  day: string;
  start: string;
  end: string;
  title: string;
  speaker: string;
}
interface MaterialRow {
  title: string;
  url: string;
}
export interface EventDraft {
  title: string;
  kind: Event['kind'];
  mode: EventMode;
  paid: boolean;
  amount: string;
  currency: (typeof CURRENCIES)[number];
  days: string[];
  venue: string;
  provinceId: string;
  link: string;
  limited: boolean;
  capacity: string;
  organisers: PartyRow[];
  partners: PartyRow[];
  chairs: PersonRow[];
  speakers: PersonRow[];
  agenda: AgendaRow[];
  materials: MaterialRow[];
  courseId?: string;
}

export function emptyDraft(): EventDraft {
  return {
    title: '',
    kind: 'workshop',
    mode: 'in_person',
    paid: false,
    amount: '',
    currency: 'VND',
    days: [''],
    venue: '',
    provinceId: '',
    link: '',
    limited: true,
    capacity: '30',
    organisers: [{ kind: 'network_org', name: '', orgId: '' }],
    partners: [],
    chairs: [],
    speakers: [],
    agenda: [],
    materials: [],
  };
}

export function draftOf(e: Event): EventDraft {
  const digits = e.cost.kind === 'paid' ? CURRENCY_MINOR_UNIT_DIGITS[e.cost.currency] : 0;
  return {
    title: e.title,
    kind: e.kind,
    mode: e.mode,
    paid: e.cost.kind === 'paid',
    amount: e.cost.kind === 'paid' ? String(e.cost.amount / 10 ** digits) : '',
    currency: e.cost.kind === 'paid' ? e.cost.currency : 'VND',
    days: [...e.days],
    venue: e.venue ?? '',
    provinceId: e.provinceId ?? '',
    link: e.link ?? '',
    limited: e.capacity !== null,
    capacity: e.capacity === null ? '' : String(e.capacity),
    organisers: e.organisers.map((p) => ({ kind: p.kind, name: p.name, orgId: p.orgId ?? '' })),
    partners: e.partners.map((p) => ({ kind: p.kind, name: p.name, orgId: p.orgId ?? '' })),
    chairs: e.chairs.map((p) => ({ name: p.name, affiliation: p.affiliation ?? '' })),
    speakers: e.speakers.map((p) => ({ name: p.name, affiliation: p.affiliation ?? '' })),
    agenda: e.agenda.map((a) => ({ day: a.day, start: a.start, end: a.end ?? '', title: a.title, speaker: a.speakerIndex === undefined ? '' : String(a.speakerIndex) })),
    materials: e.materials.map((m) => ({ title: m.title, url: m.url ?? '' })),
    ...(e.courseId ? { courseId: e.courseId } : {}),
  };
}

const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());

/** The draft as core's Event input (not yet checked). */
export function eventInput(d: EventDraft, orgs: readonly NetworkOrganisation[]): unknown {
  const party = (p: PartyRow) => {
    if (p.kind === 'network_org') return { kind: p.kind, name: orgs.find((o) => o.id === p.orgId)?.name ?? p.name, ...(p.orgId ? { orgId: p.orgId } : {}) };
    return { kind: p.kind, name: p.name.trim() };
  };
  const person = (p: PersonRow) => ({ name: p.name.trim(), ...(opt(p.affiliation) ? { affiliation: opt(p.affiliation) } : {}) });
  const digits = CURRENCY_MINOR_UNIT_DIGITS[d.currency];
  const amount = Number(d.amount.replace(/[\s.,](?=\d{3}\b)/g, '').replace(',', '.'));
  return {
    title: d.title.trim(),
    kind: d.kind,
    mode: d.mode,
    cost: d.paid ? { kind: 'paid', amount: Math.round(amount * 10 ** digits), currency: d.currency } : { kind: 'free' },
    days: d.days.filter(Boolean),
    ...(d.mode !== 'online' ? { venue: opt(d.venue), provinceId: opt(d.provinceId) } : {}),
    ...(d.mode !== 'in_person' ? { link: opt(d.link) } : {}),
    ...(d.courseId ? { courseId: d.courseId } : {}),
    organisers: d.organisers.map(party),
    partners: d.partners.map(party),
    chairs: d.chairs.map(person),
    speakers: d.speakers.map(person),
    agenda: d.agenda.map((a) => ({
      day: a.day,
      start: a.start,
      ...(a.end ? { end: a.end } : {}),
      title: a.title.trim(),
      ...(a.speaker !== '' ? { speakerIndex: Number(a.speaker) } : {}),
    })),
    capacity: d.limited ? Number(d.capacity) : null,
    materials: d.materials.map((m) => ({ title: m.title.trim(), ...(opt(m.url) ? { url: opt(m.url) } : {}) })),
  };
}

/** Which part of the form a problem belongs to, by the first element of its path. */
const SECTIONS = ['title', 'days', 'venue', 'provinceId', 'link', 'cost', 'capacity', 'organisers', 'partners', 'chairs', 'speakers', 'agenda', 'materials'] as const;

type Section = (typeof SECTIONS)[number];

function problems(input: unknown, t: TFunction): FieldErrors {
  const parsed = Event.safeParse(input);
  if (parsed.success) return {};
  const out: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const first = String(issue.path[0] ?? '');
    const section: Section = (SECTIONS as readonly string[]).includes(first) ? (first as Section) : 'title';
    out[section] ??= t(`events.form.errors.${section}`);
  }
  return out;
}

function RowButtons({ onRemove, label }: { onRemove(): void; label: string }) {
  return (
    <button type="button" class="button button-quiet events-remove" onClick={onRemove} aria-label={label}>
      ✕
    </button>
  );
}

export function EventForm(props: { initial: EventDraft; orgs: readonly NetworkOrganisation[]; submitLabel: string; onSave(event: Event): Promise<void> }) {
  const { t, lang } = useLang();
  const [d, setD] = useState<EventDraft>(props.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  const set = <K extends keyof EventDraft>(key: K, value: EventDraft[K]) => setD((x) => ({ ...x, [key]: value }));
  const setRow = <K extends 'organisers' | 'partners' | 'chairs' | 'speakers' | 'agenda' | 'materials' | 'days'>(key: K, i: number, value: EventDraft[K][number]) =>
    setD((x) => ({ ...x, [key]: x[key].map((r, j) => (j === i ? value : r)) }));
  const removeRow = (key: 'organisers' | 'partners' | 'chairs' | 'speakers' | 'agenda' | 'materials' | 'days', i: number) => setD((x) => ({ ...x, [key]: x[key].filter((_, j) => j !== i) }));
  const err = (k: string) => errors[k];

  const submit = onSubmit(() => {
    const input = eventInput(d, props.orgs);
    const found = problems(input, t);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.events-form .field-invalid, .events-form [aria-invalid="true"]')?.scrollIntoView({ block: 'center' }));
      return;
    }
    void run(() => props.onSave(Event.parse(input)));
  });

  const partyRows = (key: 'organisers' | 'partners') => (
    <fieldset class={err(key) ? 'field field-invalid events-rows' : 'field events-rows'}>
      <legend>{t(`events.form.${key}`)}</legend>
      <p class="hint">{t('events.form.partiesHint')}</p>
      {d[key].map((p, i) => (
        <div class="events-row" key={i}>
          <label>
            <span>{t('events.form.partyKind')}</span>
            <select value={p.kind} onChange={(e) => setRow(key, i, { ...p, kind: e.currentTarget.value as PartyKind })}>
              {PARTY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`events.partyKinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {p.kind === 'network_org' ? (
            <label>
              <span>{t('events.form.networkOrg')}</span>
              <select value={p.orgId} onChange={(e) => setRow(key, i, { ...p, orgId: e.currentTarget.value })}>
                <option value="">{t('app.choose')}</option>
                {props.orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label>
              <span>{t('events.form.partyName')}</span>
              <input type="text" value={p.name} maxLength={200} onInput={(e) => setRow(key, i, { ...p, name: e.currentTarget.value })} />
            </label>
          )}
          <RowButtons onRemove={() => removeRow(key, i)} label={t('events.form.remove')} />
        </div>
      ))}
      {err(key) && <p class="field-error">{err(key)}</p>}
      <button type="button" class="button" onClick={() => set(key, [...d[key], { kind: key === 'organisers' ? 'network_org' : 'ministry', name: '', orgId: '' }])}>
        + {t(`events.form.add.${key}`)}
      </button>
    </fieldset>
  );

  const personRows = (key: 'chairs' | 'speakers') => (
    <fieldset class={err(key) ? 'field field-invalid events-rows' : 'field events-rows'}>
      <legend>{t(`events.form.${key}`)}</legend>
      {d[key].map((p, i) => (
        <div class="events-row" key={i}>
          <label>
            <span>{t('events.form.personName')}</span>
            <input type="text" value={p.name} maxLength={120} onInput={(e) => setRow(key, i, { ...p, name: e.currentTarget.value })} />
          </label>
          <label>
            <span>{t('events.form.affiliation')}</span>
            <input type="text" value={p.affiliation} maxLength={200} onInput={(e) => setRow(key, i, { ...p, affiliation: e.currentTarget.value })} />
          </label>
          <RowButtons onRemove={() => removeRow(key, i)} label={t('events.form.remove')} />
        </div>
      ))}
      {err(key) && <p class="field-error">{err(key)}</p>}
      <button type="button" class="button" onClick={() => set(key, [...d[key], { name: '', affiliation: '' }])}>
        + {t(`events.form.add.${key}`)}
      </button>
    </fieldset>
  );

  const days = d.days.filter(Boolean);
  return (
    <form class="form events-form" onSubmit={submit} noValidate>
      <FormError error={error} />
      <section class="form-section">
        <h2>{t('events.form.about')}</h2>
        <TextField name="title" label={t('events.form.title')} value={d.title} onValue={(v) => set('title', v)} error={err('title')} maxLength={200} />
        <SelectField name="kind" label={t('events.form.kind')} value={d.kind} onValue={(v) => set('kind', v as Event['kind'])} options={EVENT_KINDS.map((k) => ({ value: k, label: t(`events.kinds.${k}`) }))} />
        <fieldset class="field chip-field">
          <legend>{t('events.form.mode')}</legend>
          <div class="chip-options">
            {MODES.map((m) => (
              <label class="chip-toggle" key={m}>
                <input type="radio" name="mode" value={m} checked={d.mode === m} onChange={() => set('mode', m)} />
                <span>{t(`events.modes.${m}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset class={err('cost') ? 'field chip-field field-invalid' : 'field chip-field'}>
          <legend>{t('events.form.cost')}</legend>
          <div class="chip-options">
            <label class="chip-toggle">
              <input type="radio" name="paid" checked={!d.paid} onChange={() => set('paid', false)} />
              <span>{t('events.free')}</span>
            </label>
            <label class="chip-toggle">
              <input type="radio" name="paid" checked={d.paid} onChange={() => set('paid', true)} />
              <span>{t('events.form.paid')}</span>
            </label>
          </div>
          {d.paid && (
            <div class="events-row">
              <label>
                <span>{t('events.form.amount')}</span>
                <input type="text" inputMode="decimal" name="amount" value={d.amount} onInput={(e) => set('amount', e.currentTarget.value)} />
              </label>
              <label>
                <span>{t('events.form.currency')}</span>
                <select value={d.currency} onChange={(e) => set('currency', e.currentTarget.value as EventDraft['currency'])}>
                  {CURRENCIES.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          {err('cost') && <p class="field-error">{err('cost')}</p>}
        </fieldset>
      </section>

      <section class="form-section">
        <h2>{t('events.form.when')}</h2>
        <fieldset class={err('days') ? 'field field-invalid events-rows' : 'field events-rows'}>
          <legend>{t('events.form.days')}</legend>
          <p class="hint">{t('events.form.daysHint')}</p>
          {d.days.map((day, i) => (
            <div class="events-row" key={i}>
              <label>
                <span>{t('events.form.day', { n: i + 1 })}</span>
                <input type="date" name={`day-${i}`} value={day} onInput={(e) => setRow('days', i, e.currentTarget.value)} />
              </label>
              {d.days.length > 1 && <RowButtons onRemove={() => removeRow('days', i)} label={t('events.form.remove')} />}
            </div>
          ))}
          {err('days') && <p class="field-error">{err('days')}</p>}
          <button type="button" class="button" onClick={() => set('days', [...d.days, ''])}>
            + {t('events.form.add.days')}
          </button>
        </fieldset>
      </section>

      <section class="form-section">
        <h2>{t('events.form.where')}</h2>
        {d.mode !== 'online' && (
          <>
            <TextField name="venue" label={t('events.form.venue')} value={d.venue} onValue={(v) => set('venue', v)} error={err('venue')} maxLength={300} />
            <SelectField name="provinceId" label={t('events.form.province')} value={d.provinceId} onValue={(v) => set('provinceId', v)} placeholder={t('app.choose')} error={err('provinceId')} options={PROVINCES.map((p) => ({ value: p.id, label: p.name[lang] }))} />
          </>
        )}
        {d.mode !== 'in_person' && <TextField name="link" label={t('events.form.link')} hint={t('events.form.linkHint')} value={d.link} onValue={(v) => set('link', v)} error={err('link')} autoCapitalize="none" />}
        <fieldset class={err('capacity') ? 'field field-invalid' : 'field'}>
          <legend>{t('events.form.capacity')}</legend>
          <label class="choice choice-inline">
            <input type="checkbox" checked={!d.limited} onChange={(e) => set('limited', !e.currentTarget.checked)} />
            <span>{t('events.form.noLimit')}</span>
          </label>
          {d.limited && <input type="number" name="capacity" class="events-capacity" min={1} inputMode="numeric" value={d.capacity} aria-label={t('events.form.capacity')} onInput={(e) => set('capacity', e.currentTarget.value)} />}
          {err('capacity') && <p class="field-error">{err('capacity')}</p>}
        </fieldset>
      </section>

      <section class="form-section">
        <h2>{t('events.form.who')}</h2>
        {partyRows('organisers')}
        {partyRows('partners')}
        {personRows('chairs')}
        {personRows('speakers')}
      </section>

      <section class="form-section">
        <h2>{t('events.form.agenda')}</h2>
        <fieldset class={err('agenda') ? 'field field-invalid events-rows' : 'field events-rows'}>
          <legend class="sr-only">{t('events.form.agenda')}</legend>
          <p class="hint">{t('events.form.agendaHint')}</p>
          {d.agenda.map((a, i) => (
            <div class="events-row events-agenda-row" key={i}>
              <label class="events-narrow">
                <span>{t('events.form.agendaDay')}</span>
                <select value={a.day} onChange={(e) => setRow('agenda', i, { ...a, day: e.currentTarget.value })}>
                  <option value="">{t('app.choose')}</option>
                  {days.map((day) => (
                    <option key={day} value={day}>
                      {formatShortDay(day, lang)}
                    </option>
                  ))}
                </select>
              </label>
              <label class="events-narrow">
                <span>{t('events.form.start')}</span>
                <input type="time" value={a.start} onInput={(e) => setRow('agenda', i, { ...a, start: e.currentTarget.value })} />
              </label>
              <label class="events-narrow">
                <span>{t('events.form.end')}</span>
                <input type="time" value={a.end} onInput={(e) => setRow('agenda', i, { ...a, end: e.currentTarget.value })} />
              </label>
              <label class="events-grow">
                <span>{t('events.form.itemTitle')}</span>
                <input type="text" value={a.title} maxLength={200} onInput={(e) => setRow('agenda', i, { ...a, title: e.currentTarget.value })} />
              </label>
              <label>
                <span>{t('events.form.speaker')}</span>
                <select value={a.speaker} onChange={(e) => setRow('agenda', i, { ...a, speaker: e.currentTarget.value })}>
                  <option value="">—</option>
                  {d.speakers.map((s, j) => (
                    <option key={j} value={String(j)}>
                      {s.name || t('events.form.speakerN', { n: j + 1 })}
                    </option>
                  ))}
                </select>
              </label>
              <RowButtons onRemove={() => removeRow('agenda', i)} label={t('events.form.remove')} />
            </div>
          ))}
          {err('agenda') && <p class="field-error">{err('agenda')}</p>}
          <button type="button" class="button" onClick={() => set('agenda', [...d.agenda, { day: d.agenda[d.agenda.length - 1]?.day ?? days[0] ?? '', start: '', end: '', title: '', speaker: '' }])}>
            + {t('events.form.add.agenda')}
          </button>
        </fieldset>
        <fieldset class={err('materials') ? 'field field-invalid events-rows' : 'field events-rows'}>
          <legend>{t('events.form.materials')}</legend>
          {d.materials.map((m, i) => (
            <div class="events-row" key={i}>
              <label class="events-grow">
                <span>{t('events.form.materialTitle')}</span>
                <input type="text" value={m.title} maxLength={200} onInput={(e) => setRow('materials', i, { ...m, title: e.currentTarget.value })} />
              </label>
              <label class="events-grow">
                <span>{t('events.form.materialUrl')}</span>
                <input type="url" value={m.url} autoCapitalize="none" onInput={(e) => setRow('materials', i, { ...m, url: e.currentTarget.value })} />
              </label>
              <RowButtons onRemove={() => removeRow('materials', i)} label={t('events.form.remove')} />
            </div>
          ))}
          {err('materials') && <p class="field-error">{err('materials')}</p>}
          <button type="button" class="button" onClick={() => set('materials', [...d.materials, { title: '', url: '' }])}>
            + {t('events.form.add.materials')}
          </button>
        </fieldset>
      </section>
      <div class="sticky-actions">
        <SubmitButton busy={busy}>{props.submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
