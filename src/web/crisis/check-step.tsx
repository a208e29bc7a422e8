import { classifyCrisis, GUIDANCE } from '../../core/crisis/index.ts';
import { RED_FLAGS, type CssrsBand, type RedFlag } from '../../core/crisis/schema.ts';
import { cssrsVisibleQuestions, INSTRUMENTS, scoreInstrument } from '../../core/screening/index.ts';
import type { CssrsAnswers } from '../../core/screening/types.ts';
import { ChipGroup } from '../field/controls.tsx';
import { useLang } from '../shell/i18n.tsx';
import { Call115 } from './level.tsx';

/** The C-SSRS band when it can be scored, else null (the rule then counts unscreened suicidal thoughts as urgent). */
export function cssrsBandOf(answers: CssrsAnswers): CssrsBand | null {
  const score = scoreInstrument('cssrs', answers);
  return score.complete && score.band ? (score.band as CssrsBand) : null;
}

/** Only the answers to questions the skip logic shows: a "yes" left behind a changed answer is not kept. */
export function visibleCssrsAnswers(answers: CssrsAnswers): CssrsAnswers {
  const visible = new Set<string>(cssrsVisibleQuestions(answers));
  const out: Record<string, boolean | null> = {};
  for (const [id, value] of Object.entries(answers)) if (visible.has(id)) out[id] = value ?? null;
  return { q1: null, q2: null, q6: null, ...out } as CssrsAnswers;
}

export function cssrsAnswered(answers: CssrsAnswers): boolean {
  return Object.values(visibleCssrsAnswers(answers)).some((v) => v !== null && v !== undefined);
}

function RedFlagToggle({ flag, checked, onToggle }: { flag: RedFlag; checked: boolean; onToggle(on: boolean): void }) {
  const { t, lang } = useLang();
  return (
    <label class={checked ? 'flag-toggle flag-toggle-on' : 'flag-toggle'}>
      <input type="checkbox" name="redFlags" value={flag} checked={checked} onChange={(e) => onToggle(e.currentTarget.checked)} />
      <span class="flag-question">{GUIDANCE.checkQuestions[flag][lang]}</span>
      <span class="flag-answer" aria-hidden="true">
        {checked ? t('crisis.yes') : t('crisis.no')}
      </span>
    </label>
  );
}

/** The C-SSRS screener, inline: each question answered yes or no; the next ones appear as the answers call for them. */
function CssrsScreener({ answers, onAnswers, registered }: { answers: CssrsAnswers; onAnswers(a: CssrsAnswers): void; registered: boolean }) {
  const { t, lang } = useLang();
  const instrument = INSTRUMENTS.cssrs;
  const visible = new Set<string>(cssrsVisibleQuestions(answers));
  const band = cssrsBandOf(answers);
  const options = [
    { value: 'yes', label: t('crisis.yes') },
    { value: 'no', label: t('crisis.no') },
  ];
  const value = (id: string) => (answers as unknown as Record<string, boolean | null | undefined>)[id];
  return (
    <section class="panel cssrs" aria-labelledby="cssrs-title">
      <h2 id="cssrs-title">{t('crisis.cssrsTitle')}</h2>
      <p class="hint">{t('crisis.cssrsLead')}</p>
      {lang === 'vi' && !instrument.viReviewed && <p class="hint translation-review">{t('crisis.translationReview')}</p>}
      {instrument.items
        .filter((q) => visible.has(q.id))
        .map((q) => {
          const v = value(q.id);
          return (
            <ChipGroup
              key={q.id}
              name={`cssrs-${q.id}`}
              legend={q.text[lang]}
              multiple={false}
              options={options}
              values={v === true ? ['yes'] : v === false ? ['no'] : []}
              onValues={(vals) => onAnswers({ ...answers, [q.id]: vals[0] === 'yes' })}
            />
          );
        })}
      <p class="cssrs-result" role="status">
        {band ? t('crisis.cssrsBand', { band: instrument.bands.find((b) => b.id === band)?.label[lang] ?? band }) : t('crisis.cssrsIncomplete')}
      </p>
      {!registered && <p class="hint">{t('crisis.cssrsNotKept')}</p>}
    </section>
  );
}

/** The level the check gives so far (the screener counts only when suicidal thoughts are ticked). */
export function levelSoFar(redFlags: readonly RedFlag[], cssrs: CssrsAnswers) {
  return classifyCrisis({ redFlags, cssrsBand: redFlags.includes('suicidal_thoughts') ? cssrsBandOf(cssrs) : null });
}

/**
 * "Call 115" the moment a sign that needs an ambulance is ticked, before the check is finished. It
 * sits with the bottom actions, so it never pushes the toggles away under the worker's thumb.
 */
export function EmergencyNow() {
  const { t } = useLang();
  return (
    <div class="crisis-now" role="alert">
      <p class="sr-only">{t('crisis.emergencyNow')}</p>
      <Call115 big />
    </div>
  );
}

/** Step 1: the red-flag check, as big toggles in plain words (tap what is there, leave the rest). */
export function CheckStep(props: {
  redFlags: RedFlag[];
  cssrs: CssrsAnswers;
  registered: boolean;
  onRedFlags(flags: RedFlag[]): void;
  onCssrs(answers: CssrsAnswers): void;
}) {
  const { t } = useLang();
  const { redFlags, cssrs } = props;
  const suicidal = redFlags.includes('suicidal_thoughts');
  const toggle = (flag: RedFlag, on: boolean) => props.onRedFlags(RED_FLAGS.filter((f) => (f === flag ? on : redFlags.includes(f))));
  return (
    <>
      <h2 class="crisis-step-title">{t('crisis.checkTitle')}</h2>
      <p class="hint">{t('crisis.checkLead')}</p>
      <fieldset class="flag-list">
        <legend class="sr-only">{t('crisis.checkTitle')}</legend>
        {RED_FLAGS.map((flag) => (
          <RedFlagToggle key={flag} flag={flag} checked={redFlags.includes(flag)} onToggle={(on) => toggle(flag, on)} />
        ))}
      </fieldset>
      {suicidal && <CssrsScreener answers={cssrs} onAnswers={props.onCssrs} registered={props.registered} />}
    </>
  );
}
