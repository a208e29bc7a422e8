import { useState } from 'preact/hooks';
import { newId } from '../../core/ids.ts';
import type { AssistSubstance, Instrument, InstrumentItem, LocalText, RecordScreeningArgs, SubstanceOption } from '../../core/screening/types.ts';
import { useField } from '../field/context.tsx';
import { runtime } from '../field/runtime.ts';
import { useLang } from '../shell/i18n.tsx';
import { FormError, onSubmit, SubmitButton, useSubmit } from '../ui/form.tsx';
import { askedItems, emptyAnswers, progress, toAnswers, type AnswerValue, type FormAnswers, type ItemAnswers } from './answers.ts';
import { itemText, SHORT_NAMES } from './labels.ts';

/** The Vietnamese texts are our own translation, not a validated one: said wherever they show. */
export function ToReview({ instrument }: { instrument: Instrument }) {
  const { t, lang } = useLang();
  if (instrument.viReviewed || lang !== 'vi') return null;
  return (
    <p class="to-review">
      <span class="badge badge-warning">{t('screening.toReview')}</span> <span class="hint">{t('screening.toReviewHint')}</span>
    </p>
  );
}

/** One question: its text, then its choices as big buttons (real radios underneath). */
function Question(props: { name: string; number: number; item: InstrumentItem; value: AnswerValue | undefined; substance?: LocalText; missing: boolean; onValue(v: AnswerValue): void }) {
  const { t, lang } = useLang();
  const { item } = props;
  return (
    <fieldset id={`q-${props.name}`} class={props.missing ? 'question question-missing' : 'question'} data-answered={props.value !== undefined ? 'yes' : 'no'}>
      <legend>
        <span class="question-number">{props.number}.</span> {itemText(item.text, lang, props.substance)}
      </legend>
      {props.missing && <p class="field-error">{t('screening.answerThis')}</p>}
      <div class={item.options.length === 2 ? 'answer-options answer-options-two' : 'answer-options'}>
        {item.options.map((o) => (
          <label class="answer" key={String(o.value)}>
            <input type="radio" name={props.name} value={String(o.value)} checked={props.value === o.value} onChange={() => props.onValue(o.value)} />
            <span>{o.label[lang]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The questions of one set of answers (a scale, the C-SSRS, or one substance of ASSIST), numbered as asked. */
function Questions(props: { prefix: string; items: readonly InstrumentItem[]; answers: ItemAnswers; substance?: SubstanceOption; skip?: (item: InstrumentItem) => boolean; showMissing: boolean; onAnswer(itemId: string, v: AnswerValue): void }) {
  const asked = askedItems(props.items, props.answers, props.substance?.id).filter((i) => !props.skip?.(i));
  return (
    <>
      {asked.map((item, i) => (
        <Question
          key={item.id}
          name={`${props.prefix}${item.id}`}
          number={i + 1}
          item={item}
          value={props.answers[item.id]}
          substance={props.substance?.name}
          missing={props.showMissing && props.answers[item.id] === undefined}
          onValue={(v) => props.onAnswer(item.id, v)}
        />
      ))}
    </>
  );
}

/** Brings the next unanswered question into view, so the thumb stays in one place. */
function scrollToNext(after: string): void {
  requestAnimationFrame(() => {
    const all = [...document.querySelectorAll<HTMLElement>('.question')];
    const from = all.findIndex((q) => q.id === `q-${after}`);
    const next = all.slice(from + 1).find((q) => q.dataset.answered === 'no');
    next?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
}

/**
 * Any instrument, drawn from its data: the instructions to read out, the questions in order with
 * their skip rules, and the choices as big buttons. Saved into the outbox as `recordScreening`
 * (scored again by the server); `onSaved` gets the new screening's id. A person who stops part way
 * can be recorded as such: missing answers give no total, but a safety flag still shows.
 */
export function ScreeningForm(props: { instrument: Instrument; clientId: string; crisisEpisodeId?: string | null; defaultSubstance?: AssistSubstance; onSaved(screeningId: string): void }) {
  const { t, lang } = useLang();
  const field = useField();
  const { instrument } = props;
  const substances = instrument.kind === 'scale' ? instrument.substances : undefined;
  const [answers, setAnswers] = useState<FormAnswers>(emptyAnswers);
  const [substance, setSubstance] = useState<AssistSubstance | null>(substances ? (substances.find((s) => s.id === props.defaultSubstance) ?? substances[0]!).id : null);
  const [showMissing, setShowMissing] = useState(false);
  const { busy, error, run } = useSubmit();
  const { answered, asked } = progress(instrument, answers);
  const complete = answered === asked;

  const answer = (itemId: string, value: AnswerValue, assistSubstance?: AssistSubstance) => {
    const before = assistSubstance ? answers.assist[assistSubstance]?.[itemId] : answers.items[itemId];
    setAnswers((a) =>
      assistSubstance ? { ...a, assist: { ...a.assist, [assistSubstance]: { ...a.assist[assistSubstance], [itemId]: value } } } : { ...a, items: { ...a.items, [itemId]: value } },
    );
    if (before === undefined) scrollToNext(`${assistSubstance ? `${assistSubstance}-` : ''}${itemId}`);
  };

  const save = (partial: boolean) => {
    if (!partial && !complete) {
      setShowMissing(true);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.question-missing input')?.focus());
      return;
    }
    const args: RecordScreeningArgs = {
      screeningId: newId(),
      clientId: props.clientId,
      instrumentId: instrument.id,
      instrumentVersion: instrument.version,
      at: new Date().toISOString(),
      answers: toAnswers(instrument, answers),
      substance,
      crisisEpisodeId: props.crisisEpisodeId ?? null,
    };
    void run(async () => {
      await runtime.save('recordScreening', args);
      props.onSaved(args.screeningId);
    });
  };

  const used = instrument.kind === 'assist' ? instrument.substances.filter((s) => answers.assist[s.id]?.q1 === true) : [];
  const substanceName = substances?.find((s) => s.id === substance)?.name;
  return (
    <form class="form screening-form" noValidate onSubmit={onSubmit(() => save(false))}>
      <FormError error={error} />
      <ToReview instrument={instrument} />
      <div class="instructions">
        <p class="instructions-label">{t('screening.readOut')}</p>
        <p>{itemText(instrument.instructions, lang, substanceName)}</p>
      </div>
      {substances && (
        <fieldset class="field chip-field">
          <legend>{t('screening.whichSubstance')}</legend>
          <div class="chip-options">
            {substances.map((s) => (
              <label class="chip-toggle" key={s.id}>
                <input type="radio" name="substance" value={s.id} checked={substance === s.id} onChange={() => setSubstance(s.id)} />
                <span>{s.name[lang]}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {instrument.kind === 'assist' ? (
        <>
          <section class="question-group" aria-labelledby="assist-q1">
            <h2 id="assist-q1">{t('screening.assistEver')}</h2>
            {instrument.substances.map((s) => (
              <Question
                key={s.id}
                name={`${s.id}-q1`}
                number={instrument.substances.indexOf(s) + 1}
                item={{ ...instrument.items[0]!, text: { vi: `${s.name.vi} (${s.examples.vi})`, en: `${s.name.en} (${s.examples.en})` } }}
                value={answers.assist[s.id]?.q1}
                missing={showMissing && answers.assist[s.id]?.q1 === undefined}
                onValue={(v) => answer('q1', v, s.id)}
              />
            ))}
          </section>
          {used.map((s) => (
            <section class="question-group" key={s.id} aria-labelledby={`assist-${s.id}`}>
              <h2 id={`assist-${s.id}`}>{s.name[lang]}</h2>
              <Questions prefix={`${s.id}-`} items={instrument.items} answers={answers.assist[s.id] ?? {}} substance={s} skip={(i) => i.id === 'q1'} showMissing={showMissing} onAnswer={(id, v) => answer(id, v, s.id)} />
            </section>
          ))}
        </>
      ) : (
        <Questions prefix="" items={instrument.items} answers={answers.items} substance={substances?.find((s) => s.id === substance)} showMissing={showMissing} onAnswer={(id, v) => answer(id, v)} />
      )}
      <div class="sticky-actions screening-actions">
        <p class="screening-progress" aria-live="polite">
          {t('screening.progress', { answered, asked })}
        </p>
        <SubmitButton busy={busy}>{t('screening.save', { name: SHORT_NAMES[instrument.id] })}</SubmitButton>
        {answered > 0 && !complete && (
          <button type="button" class="button button-block" disabled={busy} onClick={() => save(true)}>
            {t('screening.savePartial')}
          </button>
        )}
      </div>
    </form>
  );
}
