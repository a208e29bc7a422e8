import { CRISIS_OUTCOMES, type CrisisOutcome } from '../../core/crisis/schema.ts';
import { ChipGroup } from '../field/controls.tsx';
import { formatDay } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import type { FieldErrors } from '../ui/form.tsx';

/**
 * Step 3: how it ended, notes, the follow-up day (suggested by the rule, changeable) and, after an
 * urgent or emergency situation, the referral that is needed (recorded until referrals are wired).
 */
export function OutcomeStep(props: {
  outcome: CrisisOutcome | null;
  onOutcome(o: CrisisOutcome): void;
  followUpOn: string;
  onFollowUpOn(day: string): void;
  today: string;
  referralUrgency: 'emergency' | 'urgent' | null;
  referralNote: string;
  onReferralNote(v: string): void;
  notes: string;
  onNotes(v: string): void;
  invalid: FieldErrors;
}) {
  const { t, lang } = useLang();
  return (
    <>
      <h2 class="crisis-step-title">{t('crisis.outcomeTitle')}</h2>
      <ChipGroup
        name="outcome"
        legend={t('crisis.outcomeLegend')}
        multiple={false}
        options={CRISIS_OUTCOMES.map((o) => ({ value: o, label: t(`crisis.outcomes.${o}`) }))}
        values={props.outcome ? [props.outcome] : []}
        onValues={(v) => v[0] && props.onOutcome(v[0] as CrisisOutcome)}
        error={props.invalid.outcome}
      />
      {props.referralUrgency && (
        <section class="panel crisis-referral" aria-labelledby="referral-title">
          <h3 id="referral-title">{t('crisis.referralTitle', { urgency: t(`crisis.referralUrgency.${props.referralUrgency}`) })}</h3>
          <p class="hint">{t('crisis.referralText')}</p>
          <div class="field">
            <label for="field-referralNote">{t('crisis.referralNote')}</label>
            <textarea id="field-referralNote" rows={2} maxLength={1000} value={props.referralNote} onInput={(e) => props.onReferralNote(e.currentTarget.value)} />
          </div>
        </section>
      )}
      <div class={props.invalid.followUpOn ? 'field field-invalid' : 'field'}>
        <label for="field-followUpOn">{t('crisis.followUp')}</label>
        <p class="hint" id="field-followUpOn-hint">
          {props.followUpOn ? t('crisis.followUpHint', { date: formatDay(props.followUpOn, lang) }) : t('crisis.followUpNone')}
        </p>
        <input
          id="field-followUpOn"
          type="date"
          min={props.today}
          value={props.followUpOn}
          onInput={(e) => props.onFollowUpOn(e.currentTarget.value)}
          aria-describedby="field-followUpOn-hint"
          aria-invalid={props.invalid.followUpOn ? true : undefined}
        />
        {props.invalid.followUpOn && (
          <p class="field-error" role="alert">
            {props.invalid.followUpOn}
          </p>
        )}
      </div>
      <div class="field">
        <label for="field-notes">{t('crisis.notes')}</label>
        <p class="hint" id="field-notes-hint">
          {t('crisis.notesHint')}
        </p>
        <textarea id="field-notes" rows={3} maxLength={4000} value={props.notes} onInput={(e) => props.onNotes(e.currentTarget.value)} aria-describedby="field-notes-hint" />
      </div>
    </>
  );
}
