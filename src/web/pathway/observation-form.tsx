import { useState } from 'preact/hooks';
import { observationScore, RUBRIC, RUBRIC_MAX, RUBRIC_MIN } from '../../core/training/pathway.ts';
import { formatRating, localDate } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { FormError, onSubmit, RadioGroup, SelectField, SubmitButton, useSubmit, type FieldErrors } from '../ui/form.tsx';
import type { EventChoice, ObservationBody, PersonDetail } from './api.ts';
import { dayOf } from './progress.tsx';

const SCALE = Array.from({ length: RUBRIC_MAX - RUBRIC_MIN + 1 }, (_, i) => RUBRIC_MIN + i);
type Where = 'event' | 'group' | 'other';

/**
 * An observed session scored on the rubric: which session (an event, one of the person's group
 * sessions, or a few words), the day, each item 1–5, and a note. The mean is shown as it is
 * scored, on the same scale as the stage's threshold.
 */
export function ObservationForm({ person, events, onSave }: { person: PersonDetail; events: EventChoice[]; onSave(body: ObservationBody): Promise<void> }) {
  const { t, lang } = useLang();
  const groupSessions = person.coFacilitations.filter((c) => c.kind === 'group_session');
  const [chosen, setWhere] = useState<Where | null>(null);
  // Until one is chosen: an event when there are any (they arrive after the page opens).
  const where: Where = chosen ?? (events.length ? 'event' : 'other');
  const [eventId, setEventId] = useState('');
  const [groupSessionId, setGroupSessionId] = useState('');
  const [description, setDescription] = useState('');
  const [day, setDay] = useState(localDate());
  const [scores, setScores] = useState<Record<string, number>>({});
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  const mean = observationScore(scores);

  const submit = () => {
    const problems: FieldErrors = {};
    if (where === 'event' && !eventId) problems.eventId = t('pathway.observe.chooseEvent');
    if (where === 'group' && !groupSessionId) problems.groupSessionId = t('pathway.observe.chooseGroupSession');
    if (where === 'other' && !description.trim()) problems.sessionDescription = t('pathway.observe.describe');
    if (!day || day > localDate()) problems.day = t('pathway.observe.dayInvalid');
    for (const item of RUBRIC) if (scores[item.id] === undefined) problems[`score-${item.id}`] = t('pathway.observe.scoreEach');
    setInvalid(problems);
    if (Object.keys(problems).length) return;
    void run(async () => {
      await onSave({
        scores: scores as ObservationBody['scores'],
        // Noon of the day chosen, in this phone's zone: the day is what matters.
        at: new Date(`${day}T12:00:00`).toISOString(),
        eventId: where === 'event' ? eventId : null,
        groupSessionId: where === 'group' ? groupSessionId : null,
        sessionDescription: where === 'other' ? description.trim() : null,
        note: note.trim() || null,
      });
      setScores({});
      setNote('');
      setDescription('');
    });
  };

  return (
    <form class="form" noValidate onSubmit={onSubmit(submit)}>
      <FormError error={error} />
      <RadioGroup
        name="observe-where"
        legend={t('pathway.observe.where')}
        value={where}
        onValue={(v) => setWhere(v as Where)}
        options={[
          ...(events.length ? [{ value: 'event', label: t('pathway.observe.atEvent') }] : []),
          ...(groupSessions.length ? [{ value: 'group', label: t('pathway.observe.atGroup') }] : []),
          { value: 'other', label: t('pathway.observe.elsewhere') },
        ]}
      />
      {where === 'event' && (
        <SelectField
          name="eventId"
          label={t('pathway.observe.event')}
          value={eventId}
          onValue={setEventId}
          placeholder={t('app.choose')}
          error={invalid.eventId}
          options={events.map((e) => ({ value: e.id, label: `${e.title} · ${e.firstDay} · ${e.orgName}` }))}
        />
      )}
      {where === 'group' && (
        <SelectField
          name="groupSessionId"
          label={t('pathway.observe.groupSession')}
          value={groupSessionId}
          onValue={setGroupSessionId}
          placeholder={t('app.choose')}
          error={invalid.groupSessionId}
          options={groupSessions.map((g) => ({ value: g.id, label: t('pathway.history.groupSessionOn', { day: dayOf(g.at, lang) }) }))}
        />
      )}
      {where === 'other' && (
        <div class={invalid.sessionDescription ? 'field field-invalid' : 'field'}>
          <label for="field-sessionDescription">{t('pathway.observe.description')}</label>
          <input
            id="field-sessionDescription"
            type="text"
            maxLength={200}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
            aria-invalid={invalid.sessionDescription ? true : undefined}
            aria-describedby={invalid.sessionDescription ? 'field-sessionDescription-error' : undefined}
          />
          {invalid.sessionDescription && (
            <p class="field-error" id="field-sessionDescription-error" role="alert">
              {invalid.sessionDescription}
            </p>
          )}
        </div>
      )}
      <div class={invalid.day ? 'field field-invalid' : 'field'}>
        <label for="field-observed-day">{t('pathway.observe.day')}</label>
        <input id="field-observed-day" type="date" max={localDate()} value={day} onInput={(e) => setDay(e.currentTarget.value)} aria-invalid={invalid.day ? true : undefined} />
        {invalid.day && (
          <p class="field-error" role="alert">
            {invalid.day}
          </p>
        )}
      </div>
      <p class="hint">{t('pathway.scaleExplained')}</p>
      {RUBRIC.map((item) => {
        const err = invalid[`score-${item.id}`] && scores[item.id] === undefined;
        return (
          <fieldset key={item.id} class={err ? 'field choices field-invalid' : 'field choices'}>
            <legend>{item[lang]}</legend>
            <div class="answer-options pathway-scale">
              {SCALE.map((n) => (
                <label class="answer" key={n}>
                  <input type="radio" name={`score-${item.id}`} value={String(n)} checked={scores[item.id] === n} onChange={() => setScores((s) => ({ ...s, [item.id]: n }))} />
                  <span>{n}</span>
                </label>
              ))}
            </div>
            <p class="hint pathway-scale-ends" aria-hidden="true">
              <span>1 · {t('pathway.scaleLow')}</span>
              <span>5 · {t('pathway.scaleHigh')}</span>
            </p>
            {err && (
              <p class="field-error" role="alert">
                {t('pathway.observe.scoreEach')}
              </p>
            )}
          </fieldset>
        );
      })}
      <p class="lead" aria-live="polite">
        {mean === null ? t('pathway.observe.meanPending') : t('pathway.observe.mean', { score: formatRating(mean, lang) })}
      </p>
      <div class="field">
        <label for="field-observation-note">{t('pathway.observe.note')}</label>
        <textarea id="field-observation-note" rows={3} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      <SubmitButton busy={busy}>{t('pathway.observe.save')}</SubmitButton>
    </form>
  );
}
