import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { contactTimeProblem } from '../../core/contacts/schema.ts';
import { GROUP_KIND_LABELS, MAX_ANONYMOUS_COUNT, type RecordGroupSessionArgs } from '../../core/groups/schema.ts';
import type { Stage } from '../../core/groups/stage.ts';
import { newId } from '../../core/ids.ts';
import { searchClients } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate, usePlace } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { findClient, useField } from '../field/context.tsx';
import { focusFirstError } from '../field/contact-form.tsx';
import { ChipGroup, fromLines, ItemSteppers, itemsByHabit, Stepper, toLines, type Quantities } from '../field/controls.tsx';
import { fixFromQuery } from '../field/fix.ts';
import { formatDateTime, formatTime, localDateTime } from '../field/format.ts';
import { runtime } from '../field/runtime.ts';
import { FormError, onSubmit, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { keepSessionDraft, sessionDraft, type SessionDraft } from './draft.ts';
import { staffOf, useGroupsView } from './field-hooks.ts';
import { AttendeeStage } from './stage-picker.tsx';

const FOUND = 8;

/**
 * One group session in under a minute (issue #7 §1): time defaults to now, facilitators to the
 * group's and the worker, attendees are added by searching their code among the phone's clients,
 * the people who gave no code are counted with − and +. Everything is written to the phone first
 * (the outbox sends it), and kept as a draft while being filled in.
 */
export function RecordSessionPage({ groupId }: { groupId: string }) {
  const { t, lang } = useLang();
  const shell = useShell();
  const place = usePlace();
  const field = useField();
  const groups = useGroupsView(field);
  const group = groups.groups.find((g) => g.id === groupId);
  const staff = staffOf(field);
  const fix = useMemo(() => fixFromQuery<RecordGroupSessionArgs>(field, 'recordGroupSession', place.query), [place.query.get('fix')]);
  const initial = fix?.args;
  const saved = useMemo(() => (fix ? null : sessionDraft(field.store, groupId)), [groupId]);

  const [when, setWhen] = useState(initial ? localDateTime(new Date(initial.at)) : (saved?.when ?? localDateTime()));
  const [editWhen, setEditWhen] = useState(Boolean(fix));
  const [topic, setTopic] = useState(initial?.topic ?? saved?.topic ?? '');
  const [facilitatorIds, setFacilitatorIds] = useState<string[]>(
    initial?.facilitatorIds ?? saved?.facilitatorIds ?? [...new Set([...(group?.facilitatorIds ?? []).filter((id) => staff.some((s) => s.id === id)), field.userId])],
  );
  const [attendees, setAttendees] = useState<string[]>(initial?.attendees ?? saved?.attendees ?? []);
  const [stages, setStages] = useState<Record<string, Stage>>(initial ? Object.fromEntries(initial.stages.map((s) => [s.clientId, s.stage])) : (saved?.stages ?? {}));
  const [anonymousCount, setAnonymousCount] = useState(initial?.anonymousCount ?? saved?.anonymousCount ?? 0);
  const [materials, setMaterials] = useState<Quantities>(initial ? fromLines(initial.materials) : (saved?.materials ?? {}));
  const [notes, setNotes] = useState(initial?.notes ?? saved?.notes ?? '');
  const [query, setQuery] = useState('');
  const [invalid, setInvalid] = useState<FieldErrors>(fix?.field ? { [fix.field]: fix.entry.rejection?.message ?? '' } : {});
  const { busy, error, run } = useSubmit();
  const done = useRef(false);

  // The draft follows every change, shortly after it (a sealed write per keystroke would be wasteful).
  const draft: Omit<SessionDraft, 'savedAt'> = { when, topic, facilitatorIds, attendees, stages, anonymousCount, materials, notes };
  const first = useRef(true);
  useEffect(() => {
    if (first.current || fix) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => {
      if (!done.current) void keepSessionDraft(field.store, groupId, { ...draft, savedAt: new Date().toISOString() });
    }, 400);
    return () => clearTimeout(timer);
  }, [when, topic, facilitatorIds, attendees, stages, anonymousCount, materials, notes]);

  const mine = field.view.contacts.filter((c) => c.recordedBy === field.userId);
  const items = useMemo(() => itemsByHabit(field.catalogue, mine, lang), [field.catalogue, mine.length, lang]);
  const found = query.trim() ? searchClients(field.view.clients, query).filter((c) => !attendees.includes(c.id)).slice(0, FOUND) : [];
  const total = attendees.length + anonymousCount;
  const back = fix ? { href: '/field/sync', label: t('sync.attentionTitle') } : { href: '/field/groups', label: t('fieldGroups.title') };

  if (!group) {
    return (
      <Page title={t('fieldGroups.formTitle')} back={back}>
        <Notice tone="warning">{t('fieldGroups.notFound')}</Notice>
      </Page>
    );
  }

  const add = (clientId: string) => {
    setAttendees([...attendees, clientId]);
    setQuery('');
    if (invalid.attendees) setInvalid({ ...invalid, attendees: undefined });
  };
  const remove = (clientId: string) => {
    setAttendees(attendees.filter((id) => id !== clientId));
    const { [clientId]: _gone, ...rest } = stages;
    setStages(rest);
  };

  const discardDraft = () => {
    void keepSessionDraft(field.store, groupId, null);
    first.current = true;
    setWhen(localDateTime());
    setTopic('');
    setFacilitatorIds([...new Set([...group.facilitatorIds.filter((id) => staff.some((s) => s.id === id)), field.userId])]);
    setAttendees([]);
    setStages({});
    setAnonymousCount(0);
    setMaterials({});
    setNotes('');
  };

  const submit = () => {
    const errs: FieldErrors = {};
    const at = when ? new Date(when) : null;
    if (!at || Number.isNaN(at.getTime()) || contactTimeProblem(at.toISOString(), new Date())) errs.at = t('contact.timeInvalid');
    const cleanTopic = topic.trim();
    if (!cleanTopic) errs.topic = t('fieldGroups.topicRequired');
    else if (cleanTopic.length > 200) errs.topic = t('fieldGroups.topicTooLong');
    if (facilitatorIds.length === 0) errs.facilitatorIds = t('fieldGroups.facilitatorsRequired');
    if (total === 0) errs.attendees = t('fieldGroups.whoRequired');
    if (notes.trim().length > 2000) errs.notes = t('fieldGroups.notesTooLong');
    setInvalid(errs);
    if (errs.at) setEditWhen(true);
    if (Object.values(errs).some(Boolean) || !at) return focusFirstError();
    const args: RecordGroupSessionArgs = {
      sessionId: initial?.sessionId ?? newId(),
      groupId: group.id,
      at: at.toISOString(),
      topic: cleanTopic,
      facilitatorIds,
      attendees,
      anonymousCount,
      materials: toLines(materials),
      notes: notes.trim() || null,
      stages: attendees.filter((id) => stages[id]).map((clientId) => ({ clientId, stage: stages[clientId]! })),
    };
    void run(async () => {
      done.current = true;
      if (fix) {
        await runtime.resend(fix.entry.id, 'recordGroupSession', args);
        navigate('/field/sync');
        shell.flash({ path: '/field/sync', tone: 'success', text: (tr) => tr('sync.resent') });
        return;
      }
      await runtime.save('recordGroupSession', args);
      await keepSessionDraft(field.store, group.id, null);
      navigate('/field/groups');
      shell.flash({ path: '/field/groups', tone: 'success', text: (tr) => tr('fieldGroups.saved', { count: total }) });
    });
  };

  const facilitatorOptions = staff.map((s) => ({ value: s.id, label: s.id === field.userId ? t('fieldGroups.you', { name: s.displayName }) : s.displayName }));

  return (
    <Page title={fix ? t('fieldGroups.fixTitle') : t('fieldGroups.formTitle')} back={back}>
      <p class="client-banner group-banner">
        <strong>{group.name}</strong>
        <span> · {GROUP_KIND_LABELS[group.kind][lang]}</span>
      </p>
      {!group.active && <Notice tone="warning">{t('fieldGroups.inactive')}</Notice>}
      {fix && (
        <div class="alert alert-error" role="alert">
          <p>{fix.entry.rejection?.message}</p>
        </div>
      )}
      {saved && (
        <div class="alert alert-info draft-note" role="status">
          <p>{t('fieldGroups.draftRestored', { time: formatTime(saved.savedAt, lang) })}</p>
          <button type="button" class="button" onClick={discardDraft}>
            {t('fieldGroups.draftDiscard')}
          </button>
        </div>
      )}
      <form class="form form-session" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={error} />
        {editWhen ? (
          <div class={invalid.at ? 'field field-invalid' : 'field'}>
            <label for="field-at">{t('fieldGroups.whenLabel')}</label>
            <input id="field-at" type="datetime-local" value={when} max={localDateTime()} onInput={(e) => setWhen(e.currentTarget.value)} aria-invalid={invalid.at ? true : undefined} aria-describedby={invalid.at ? 'field-at-error' : undefined} />
            {invalid.at && (
              <p class="field-error" id="field-at-error" role="alert">
                {invalid.at}
              </p>
            )}
          </div>
        ) : (
          <div class="when-where">
            <p>
              <span class="when-where-label">{t('fieldGroups.when')}</span>
              <span>{formatDateTime(new Date(when).toISOString(), lang)}</span>
            </p>
            <button type="button" class="button" onClick={() => setEditWhen(true)}>
              {t('contact.change')}
            </button>
          </div>
        )}

        <TextField name="topic" label={t('fieldGroups.topic')} hint={t('fieldGroups.topicHint')} value={topic} onValue={setTopic} maxLength={200} error={invalid.topic} />

        <ChipGroup name="facilitatorIds" legend={t('fieldGroups.facilitators')} multiple options={facilitatorOptions} values={facilitatorIds} onValues={setFacilitatorIds} error={invalid.facilitatorIds} />

        <fieldset id="field-attendees" class={invalid.attendees ? 'field attendees field-invalid' : 'field attendees'} tabIndex={-1}>
          <legend>{t('fieldGroups.attendees')}</legend>
          <p class="tally-total" role="status">
            {t('fieldGroups.total', { count: total })}
          </p>
          <p class="hint" id="field-attendee-search-hint">
            {t('fieldGroups.attendeesHint')}
          </p>
          <input
            id="field-attendee-search"
            type="search"
            class="input-search"
            value={query}
            autoComplete="off"
            autoCorrect="off"
            spellcheck={false}
            placeholder={t('fieldGroups.searchPlaceholder')}
            aria-label={t('fieldGroups.search')}
            aria-describedby="field-attendee-search-hint"
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          {query.trim() !== '' &&
            (found.length === 0 ? (
              <p class="hint">{t('fieldGroups.noneFound')}</p>
            ) : (
              <ul class="attendee-found">
                {found.map((c) => (
                  <li key={c.id}>
                    <button type="button" class="button button-block attendee-add" onClick={() => add(c.id)}>
                      {t('fieldGroups.add', { uic: c.uic })}
                      {c.nickname && <span class="list-subtitle"> · {c.nickname}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            ))}
          {attendees.length === 0 ? (
            <p class="hint">{t('fieldGroups.noAttendees')}</p>
          ) : (
            <ul class="attendee-list" aria-label={t('fieldGroups.chosen', { count: attendees.length })}>
              {attendees.map((id) => {
                const client = findClient(field, id);
                const uic = client?.uic ?? '—';
                return (
                  <li key={id} class="attendee">
                    <div class="attendee-head">
                      <span class="uic">{uic}</span>
                      {client?.nickname && <span class="list-subtitle">{client.nickname}</span>}
                      <button type="button" class="button attendee-remove" aria-label={t('fieldGroups.remove', { uic })} onClick={() => remove(id)}>
                        ✕
                      </button>
                    </div>
                    <AttendeeStage id={`stage-${id}`} uic={uic} value={stages[id] ?? null} onValue={(s) => setStages(s ? { ...stages, [id]: s } : Object.fromEntries(Object.entries(stages).filter(([k]) => k !== id)))} />
                  </li>
                );
              })}
            </ul>
          )}
          <h3 class="subheading">{t('fieldGroups.anonymous')}</h3>
          <p class="hint">{t('fieldGroups.anonymousHint')}</p>
          <Stepper id="field-anonymousCount" label={t('fieldGroups.anonymousLabel')} context={t('fieldGroups.anonymous')} value={anonymousCount} max={MAX_ANONYMOUS_COUNT} onValue={(n) => {
            setAnonymousCount(n);
            if (n > 0 && invalid.attendees) setInvalid({ ...invalid, attendees: undefined });
          }} />
          {invalid.attendees && (
            <p class="field-error" id="field-attendees-error" role="alert">
              {invalid.attendees}
            </p>
          )}
        </fieldset>

        {/* Most sessions use one or two items of a long catalogue: folded until needed, the count on the fold. */}
        <details class="materials-field" open={Boolean(invalid.materials) || undefined}>
          <summary class="button button-block">{t('fieldGroups.materialsCount', { count: toLines(materials).reduce((n, l) => n + l.quantity, 0) })}</summary>
          <ItemSteppers name="materials" legend={t('fieldGroups.materials')} items={items} quantities={materials} onQuantities={setMaterials} error={invalid.materials} empty={t('contact.noItems')} />
        </details>

        <div class={invalid.notes ? 'field field-invalid' : 'field'}>
          <label for="field-notes">{t('fieldGroups.notes')}</label>
          <p class="hint" id="field-notes-hint">
            {t('fieldGroups.notesHint')}
          </p>
          <textarea id="field-notes" rows={3} maxLength={2000} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} aria-describedby="field-notes-hint" />
          {invalid.notes && <p class="field-error">{invalid.notes}</p>}
        </div>
        <div class="sticky-actions">
          <SubmitButton busy={busy}>{fix ? t('sync.saveAndResend') : t('fieldGroups.save')}</SubmitButton>
        </div>
      </form>
    </Page>
  );
}
