import { STAGE_LABELS, STAGES, type Stage } from '../../core/groups/stage.ts';
import { useLang } from '../shell/i18n.tsx';
import { RadioGroup } from '../ui/form.tsx';

/**
 * The stage of change a worker saw, optional (issue #7 §1): the core's plain words with their hint,
 * to read to or with the client. Folded by default on the contact form (most contacts record
 * none), opened with one tap; "not recorded" is always a choice.
 */
export function StageOfChangeField({ value, onValue }: { value: Stage | null; onValue(stage: Stage | null): void }) {
  const { t, lang } = useLang();
  const options = [{ value: '', label: t('fieldGroups.stageNone') }, ...STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s][lang], hint: STAGE_LABELS[s].hint[lang] }))];
  return (
    <details class="stage-field" open={value !== null}>
      <summary class="button button-block">{value ? t('fieldGroups.stageChosen', { stage: STAGE_LABELS[value][lang] }) : t('fieldGroups.stageNotChosen')}</summary>
      <RadioGroup name="stage" legend={t('fieldGroups.stageAtContact')} hint={t('fieldGroups.stageAtContactHint')} options={options} value={value ?? ''} onValue={(v) => onValue(v ? (v as Stage) : null)} />
    </details>
  );
}

/** A compact choice of stage for one attendee of a session: a large select, the chosen stage's hint under it. */
export function AttendeeStage({ id, uic, value, onValue }: { id: string; uic: string; value: Stage | null; onValue(stage: Stage | null): void }) {
  const { t, lang } = useLang();
  return (
    <div class="field attendee-stage">
      <label for={id}>{t('fieldGroups.stage', { uic })}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onValue(e.currentTarget.value ? (e.currentTarget.value as Stage) : null)} aria-describedby={value ? `${id}-hint` : undefined}>
        <option value="">{t('fieldGroups.stageNone')}</option>
        {STAGES.map((s) => (
          <option key={s} value={s}>
            {STAGE_LABELS[s][lang]}
          </option>
        ))}
      </select>
      {value && (
        <p class="hint" id={`${id}-hint`}>
          {STAGE_LABELS[value].hint[lang]}
        </p>
      )}
    </div>
  );
}
