import { GUIDANCE, guidanceSteps, type GuidanceOverride } from '../../core/crisis/index.ts';
import type { CrisisLevel, RedFlag } from '../../core/crisis/schema.ts';
import { useField } from '../field/context.tsx';
import { formatTime } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { Call115, LevelBanner } from './level.tsx';

/** The steps for this situation, in the organisation's words where its admin adapted them (pulled with the settings). */
export function useGuidanceSteps(redFlags: readonly RedFlag[], level: CrisisLevel) {
  const { lang } = useLang();
  const { store } = useField();
  // Checked when the admin saved them; one naming a step this version lacks simply matches nothing.
  const overrides = (store.data().orgSettings?.guidanceOverrides ?? []) as GuidanceOverride[];
  return guidanceSteps({ redFlags, level, overrides, lang });
}

/**
 * Step 2: the level, then what to do, step by step. Each step is ticked when done and shows the
 * time; "call 115" stays in reach whatever the level, in case things get worse.
 */
export function RespondStep(props: { redFlags: RedFlag[]; level: CrisisLevel; steps: Record<string, string>; onTick(stepId: string, done: boolean): void; notified: boolean }) {
  const { t, lang } = useLang();
  const steps = useGuidanceSteps(props.redFlags, props.level);
  let lastPresentation = '';
  return (
    <>
      <LevelBanner level={props.level} />
      <p class="hint crisis-saved" role="status">
        {t(props.notified ? 'crisis.openedNotified' : 'crisis.opened')}
      </p>
      {props.redFlags.length > 0 && (
        <p class="chips crisis-flags">
          {props.redFlags.map((f) => (
            <span class="chip" key={f}>
              {t(`crisis.flags.${f}`)}
            </span>
          ))}
        </p>
      )}
      <h2 class="crisis-step-title">{t('crisis.stepsTitle')}</h2>
      <p class="hint">{t('crisis.stepsLead')}</p>
      <ol class="guide-steps">
        {steps.map((step) => {
          const doneAt = props.steps[step.id];
          const heading = step.presentation !== lastPresentation ? GUIDANCE.presentations[step.presentation].title[lang] : undefined;
          lastPresentation = step.presentation;
          return (
            <li key={step.id} class="guide-step-item">
              {heading && <h3 class="guide-presentation">{heading}</h3>}
              <label class={doneAt ? 'guide-step guide-step-done' : 'guide-step'}>
                <input type="checkbox" checked={Boolean(doneAt)} onChange={(e) => props.onTick(step.id, e.currentTarget.checked)} />
                <span class="guide-step-text">{step.text}</span>
                {doneAt && <span class="guide-step-time">{t('crisis.doneAt', { time: formatTime(doneAt, lang) })}</span>}
              </label>
            </li>
          );
        })}
      </ol>
      {props.level !== 'emergency' && (
        <div class="crisis-worse">
          <p>{t('crisis.ifWorse')}</p>
          <Call115 />
        </div>
      )}
    </>
  );
}
