import { useMemo, useState } from 'preact/hooks';
import { CONTACT_MODES, contactTimeProblem, SERVICES, type ContactMode, type RecordContactArgs, type Service } from '../../core/contacts/schema.ts';
import type { Stage } from '../../core/groups/stage.ts';
import { newId } from '../../core/ids.ts';
import { StageOfChangeField } from '../groups/stage-picker.tsx';
import { lastContactBy, servicesByHabit } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate, usePlace } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { FormError, onSubmit, SelectField, SubmitButton, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { findClient, useField, type Field } from './context.tsx';
import { ChipGroup, fromLines, ItemSteppers, itemsByHabit, toLines, type Quantities } from './controls.tsx';
import { fixFromQuery } from './fix.ts';
import { addDays, formatDateTime, formatDay, localDate, localDateTime } from './format.ts';
import { runtime } from './runtime.ts';

/** The usual way of meeting people at a kind of site, when the worker has no habit yet. */
const MODE_BY_SITE_KIND: Record<string, ContactMode> = { drop_in_centre: 'drop_in', outreach_area: 'street_outreach', online: 'online', clinic: 'drop_in' };

type FollowUp = 'none' | '7' | '14' | 'pick';

/** When, where and how: shared by the contact and the anonymous tally forms. */
export function useWhenWhere(field: Field, initial?: { at: string; siteId: string; mode: string }) {
  const last = lastContactBy(field.view, field.userId);
  const site = field.sites.find((s) => s.id === (initial?.siteId ?? last?.siteId)) ?? field.sites[0];
  const [when, setWhen] = useState(initial ? localDateTime(new Date(initial.at)) : localDateTime());
  const [siteId, setSiteId] = useState(initial?.siteId ?? site?.id ?? '');
  const [mode, setMode] = useState<string>(initial?.mode ?? (site ? (MODE_BY_SITE_KIND[site.kind] ?? '') : ''));
  return { when, setWhen, siteId, setSiteId, mode, setMode };
}

export type WhenWhere = ReturnType<typeof useWhenWhere>;

/** Time and site shown as one line ("now, at X") that opens into fields when something must change. */
export function WhenWhereFields({ ww, invalid, open: forceOpen }: { ww: WhenWhere; invalid: FieldErrors; open?: boolean }) {
  const { t, lang } = useLang();
  const { sites } = useField();
  const [open, setOpen] = useState(false);
  const site = sites.find((s) => s.id === ww.siteId);
  const showFields = open || forceOpen || Boolean(invalid.at || invalid.siteId) || !site;
  if (!showFields) {
    return (
      <div class="when-where">
        <p>
          <span class="when-where-label">{t('contact.whenWhere')}</span>
          <span>
            {formatDateTime(new Date(ww.when).toISOString(), lang)} · {site.name}
          </span>
        </p>
        <button type="button" class="button" onClick={() => setOpen(true)}>
          {t('contact.change')}
        </button>
      </div>
    );
  }
  return (
    <div class="when-where-fields">
      <div class={invalid.at ? 'field field-invalid' : 'field'}>
        <label for="field-at">{t('contact.when')}</label>
        <input
          id="field-at"
          type="datetime-local"
          value={ww.when}
          max={localDateTime()}
          onInput={(e) => ww.setWhen(e.currentTarget.value)}
          aria-invalid={invalid.at ? true : undefined}
          aria-describedby={invalid.at ? 'field-at-error' : undefined}
        />
        {invalid.at && (
          <p class="field-error" id="field-at-error" role="alert">
            {invalid.at}
          </p>
        )}
      </div>
      <SelectField name="siteId" label={t('field.site')} value={site ? ww.siteId : ''} onValue={ww.setSiteId} placeholder={t('app.choose')} options={sites.map((s) => ({ value: s.id, label: s.name }))} error={invalid.siteId} />
    </div>
  );
}

/** Checks shared by contacts and tallies; returns the time as an ISO instant when it is fine. */
export function checkWhenWhere(ww: WhenWhere, field: Field, t: (key: 'contact.timeInvalid' | 'errors.choose') => string, errs: FieldErrors): string | null {
  const at = ww.when ? new Date(ww.when) : null;
  if (!at || Number.isNaN(at.getTime()) || contactTimeProblem(at.toISOString(), new Date())) errs.at = t('contact.timeInvalid');
  if (!field.sites.some((s) => s.id === ww.siteId)) errs.siteId = t('errors.choose');
  if (!ww.mode) errs.mode = t('errors.choose');
  return errs.at ? null : at!.toISOString();
}

/** Puts the focus on the first field in error, so a thumb does not have to hunt for it. */
export function focusFirstError(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.field-invalid input, .field-invalid select, .field-invalid textarea, .field-invalid')?.focus());
}

/**
 * One contact in under a minute (issue #3, point 2): one screen, big targets; time and site
 * default to now and the last site used; services and items come in the order this worker uses
 * them, and "same as last time" copies the worker's latest contact.
 */
export function RecordContactPage({ clientId }: { clientId: string }) {
  const { t, lang } = useLang();
  const shell = useShell();
  const place = usePlace();
  const field = useField();
  const { view, userId, catalogue, today } = field;
  const client = findClient(field, clientId);
  const fix = useMemo(() => fixFromQuery<RecordContactArgs>(field, 'recordContact', place.query), [place.query.get('fix')]);
  const initial = fix?.args;
  const mine = view.contacts.filter((c) => c.recordedBy === userId);
  const last = lastContactBy(view, userId);

  const ww = useWhenWhere(field, initial);
  const [services, setServices] = useState<string[]>(initial?.services ?? []);
  const [commodities, setCommodities] = useState<Quantities>(initial ? fromLines(initial.commodities) : {});
  const [iec, setIec] = useState<Quantities>(initial ? fromLines(initial.iec) : {});
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [followUp, setFollowUp] = useState<FollowUp>(initial?.followUpOn ? 'pick' : 'none');
  const [followUpDate, setFollowUpDate] = useState(initial?.followUpOn ?? addDays(today, 7));
  const [invalid, setInvalid] = useState<FieldErrors>(fix?.field ? { [fix.field]: fix.entry.rejection?.message ?? '' } : {});
  const [copied, setCopied] = useState(false);
  const [stage, setStage] = useState<Stage | null>(null);
  const recordsStages = field.me.organisations.some((o) => o.id === field.orgId && o.permissions.includes('group.record'));
  const { busy, error, run } = useSubmit();

  const serviceOrder = useMemo(() => servicesByHabit(SERVICES, mine), [mine.length]);
  const items = useMemo(() => itemsByHabit(catalogue, mine, lang), [catalogue, mine.length, lang]);
  const commodityItems = items.filter((i) => i.kind === 'commodity');
  const iecItems = items.filter((i) => i.kind === 'iec');

  if (!client) {
    return (
      <Page title={t('contact.title')} back={{ href: '/field', label: t('field.title') }}>
        <Notice tone="warning">{t('client.notFound')}</Notice>
      </Page>
    );
  }

  // Handing something out is a service: ticking it by hand would be one more tap.
  const withImplied = (next: string[], c: Quantities, i: Quantities) => {
    const out = [...next];
    if (toLines(c).length && !out.includes('commodities')) out.push('commodities');
    if (toLines(i).length && !out.includes('information')) out.push('information');
    return out;
  };

  const sameAsLastTime = () => {
    if (!last) return;
    const active = new Set(catalogue.map((c) => c.id));
    const keep = (lines: typeof last.commodities) => fromLines(lines.filter((l) => active.has(l.itemId)));
    setServices(last.services);
    setCommodities(keep(last.commodities));
    setIec(keep(last.iec));
    ww.setMode(last.mode);
    setCopied(true);
  };

  const submit = () => {
    const errs: FieldErrors = {};
    const at = checkWhenWhere(ww, field, t, errs);
    if (services.length === 0) errs.services = t('contact.servicesRequired');
    let followUpOn: string | null = null;
    if (followUp === '7' || followUp === '14') followUpOn = addDays(localDate(new Date(ww.when)), Number(followUp));
    if (followUp === 'pick') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(followUpDate) || followUpDate < today) errs.followUpOn = t('contact.followUpInvalid');
      else followUpOn = followUpDate;
    }
    setInvalid(errs);
    if (Object.keys(errs).length || !at) return focusFirstError();
    const args: RecordContactArgs = {
      contactId: initial?.contactId ?? newId(),
      clientId: client.id,
      siteId: ww.siteId,
      at,
      mode: ww.mode as ContactMode,
      services: SERVICES.filter((s) => services.includes(s)),
      commodities: toLines(commodities),
      iec: toLines(iec),
      notes: notes.trim() || null,
      followUpOn,
    };
    void run(async () => {
      if (fix) {
        await runtime.resend(fix.entry.id, 'recordContact', args);
        navigate('/field/sync');
        shell.flash({ path: '/field/sync', tone: 'success', text: (tr) => tr('sync.resent') });
        return;
      }
      await runtime.save('recordContact', args);
      // The stage seen at this contact (issue #7) follows it in the outbox, naming it.
      if (stage) await runtime.save('recordStageOfChange', { observationId: newId(), clientId: client.id, stage, at, contactId: args.contactId });
      const to = `/field/clients/${client.id}`;
      navigate(to);
      shell.flash({ path: to, tone: 'success', text: (tr) => tr('contact.saved') });
    });
  };

  const followUpOptions: { value: FollowUp; label: string }[] = [
    { value: 'none', label: t('contact.followUpNone') },
    { value: '7', label: t('contact.followUp1w') },
    { value: '14', label: t('contact.followUp2w') },
    { value: 'pick', label: t('contact.followUpPick') },
  ];

  return (
    <Page title={fix ? t('contact.fixTitle') : t('contact.title')} back={{ href: fix ? '/field/sync' : `/field/clients/${client.id}`, label: fix ? t('sync.attentionTitle') : client.uic }}>
      <p class="client-banner">
        <span class="uic">{client.uic}</span>
        {client.nickname && <span> · {client.nickname}</span>}
      </p>
      {fix && (
        <div class="alert alert-error" role="alert">
          <p>{fix.entry.rejection?.message}</p>
        </div>
      )}
      <form class="form form-contact" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={error} />
        {last && !fix && (
          <div class="same-as-last">
            <button type="button" class="button button-block" onClick={sameAsLastTime}>
              {t('contact.sameAsLast')}
            </button>
            {copied && <p class="hint" role="status">{t('contact.copied')}</p>}
          </div>
        )}
        <WhenWhereFields ww={ww} invalid={invalid} open={Boolean(fix)} />
        <ChipGroup name="mode" legend={t('contact.mode')} multiple={false} options={CONTACT_MODES.map((m) => ({ value: m, label: t(`contact.modes.${m}`) }))} values={[ww.mode]} onValues={(v) => ww.setMode(v[0] ?? '')} error={invalid.mode} />
        <ChipGroup name="services" legend={t('contact.services')} multiple options={serviceOrder.map((s: Service) => ({ value: s, label: t(`contact.serviceNames.${s}`) }))} values={services} onValues={setServices} error={invalid.services} />
        <ItemSteppers
          name="commodities"
          legend={t('contact.commodities')}
          items={commodityItems}
          quantities={commodities}
          onQuantities={(q) => {
            setCommodities(q);
            setServices(withImplied(services, q, iec));
          }}
          error={invalid.commodities}
          empty={t('contact.noItems')}
        />
        <ItemSteppers
          name="iec"
          legend={t('contact.iec')}
          items={iecItems}
          quantities={iec}
          onQuantities={(q) => {
            setIec(q);
            setServices(withImplied(services, commodities, q));
          }}
          error={invalid.iec}
          empty={t('contact.noItems')}
        />
        <ChipGroup name="followUp" legend={t('contact.followUp')} multiple={false} options={followUpOptions} values={[followUp]} onValues={(v) => setFollowUp((v[0] ?? 'none') as FollowUp)} />
        {followUp === 'pick' && (
          <div class={invalid.followUpOn ? 'field field-invalid' : 'field'}>
            <label for="field-followUpOn">{t('contact.followUpDate')}</label>
            <input id="field-followUpOn" type="date" min={today} value={followUpDate} onInput={(e) => setFollowUpDate(e.currentTarget.value)} aria-invalid={invalid.followUpOn ? true : undefined} />
            {invalid.followUpOn && <p class="field-error">{invalid.followUpOn}</p>}
          </div>
        )}
        {followUp !== 'none' && followUp !== 'pick' && <p class="hint">{t('contact.followUpOn', { date: formatDay(addDays(localDate(new Date(ww.when)), Number(followUp)), lang) })}</p>}
        {recordsStages && !fix && <StageOfChangeField value={stage} onValue={setStage} />}
        <div class="field">
          <label for="field-notes">{t('contact.notes')}</label>
          <p class="hint" id="field-notes-hint">
            {t('contact.notesHint')}
          </p>
          <textarea id="field-notes" rows={3} maxLength={2000} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} aria-describedby="field-notes-hint" />
        </div>
        <div class="sticky-actions">
          <SubmitButton busy={busy}>{fix ? t('sync.saveAndResend') : t('contact.save')}</SubmitButton>
        </div>
      </form>
    </Page>
  );
}
