import { useState } from 'preact/hooks';
import { checkTransition } from '../../core/referrals/index.ts';
import { REFERRAL_OUTCOMES, type ReferralEventKind, type ReferralStatus } from '../../core/referrals/schema.ts';
import { ChipGroup } from '../field/controls.tsx';
import { useLang } from '../shell/i18n.tsx';
import { FormError, onSubmit, SelectField, SubmitButton, useSubmit, type FieldErrors } from '../ui/form.tsx';

export type RecordableEvent = Exclude<ReferralEventKind, 'lose_to_follow_up'>;
export interface EventInput {
  event: RecordableEvent;
  note: string | null;
  outcome: (typeof REFERRAL_OUTCOMES)[number] | null;
}

const TAKES_OUTCOME: readonly ReferralEventKind[] = ['attend', 'complete'];

/**
 * Records what happened to a referral: the events allowed now (from the core's lifecycle, passed
 * in), an outcome where one belongs, and a note — required to decline or cancel (the reason).
 * Checked with the core's `checkTransition` before it is saved, so the worker hears why at once.
 */
export function EventForm(props: { status: ReferralStatus; events: readonly RecordableEvent[]; onSave(input: EventInput): Promise<void>; idPrefix?: string }) {
  const { t } = useLang();
  const [event, setEvent] = useState<RecordableEvent | ''>(props.events.length === 1 ? props.events[0]! : '');
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  if (props.events.length === 0) return null;
  const takesOutcome = event !== '' && TAKES_OUTCOME.includes(event);

  const submit = () => {
    if (!event) return setInvalid({ event: t('errors.choose') });
    const input: EventInput = { event, note: note.trim() || null, outcome: takesOutcome && outcome ? (outcome as EventInput['outcome']) : null };
    const problem = checkTransition(props.status, event, input);
    if (problem) {
      setInvalid(problem.code === 'NOTE_REQUIRED' ? { note: t('referrals.noteRequired') } : { event: t('referrals.notAllowedNow') });
      return;
    }
    setInvalid({});
    void run(async () => {
      await props.onSave(input);
      setEvent(props.events.length === 1 ? props.events[0]! : '');
      setOutcome('');
      setNote('');
    });
  };

  const noteLabel = event === 'decline' || event === 'cancel' ? t('referrals.noteWhy') : event === 'complete' ? t('referrals.noteBack') : t('referrals.note');
  return (
    <form class="form form-event" noValidate onSubmit={onSubmit(submit)}>
      <FormError error={error} />
      <ChipGroup
        name={`${props.idPrefix ?? ''}event`}
        legend={t('referrals.whatHappened')}
        multiple={false}
        options={props.events.map((e) => ({ value: e, label: t(`referrals.actions.${e}`) }))}
        values={event ? [event] : []}
        onValues={(v) => setEvent((v[0] ?? '') as RecordableEvent | '')}
        error={invalid.event}
      />
      {takesOutcome && (
        <SelectField
          name={`${props.idPrefix ?? ''}outcome`}
          label={t('referrals.outcome')}
          value={outcome}
          onValue={setOutcome}
          placeholder={t('referrals.outcomeNone')}
          options={REFERRAL_OUTCOMES.map((o) => ({ value: o, label: t(`referrals.outcomes.${o}`) }))}
        />
      )}
      {event && (
        <div class={invalid.note ? 'field field-invalid' : 'field'}>
          <label for={`field-${props.idPrefix ?? ''}note`}>{noteLabel}</label>
          <textarea id={`field-${props.idPrefix ?? ''}note`} rows={2} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} aria-invalid={invalid.note ? true : undefined} />
          {invalid.note && (
            <p class="field-error" role="alert">
              {invalid.note}
            </p>
          )}
        </div>
      )}
      <SubmitButton busy={busy}>{t('referrals.record')}</SubmitButton>
    </form>
  );
}
