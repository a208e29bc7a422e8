import { z } from 'zod';
import { LANGS } from '../users/schema.ts';
import { FLAG_PRESENTATIONS, GUIDANCE, PRESENTATIONS, type PresentationId } from './guidance.ts';
import type { CrisisLevel, RedFlag } from './schema.ts';

type Lang = (typeof LANGS)[number];

/** The general presentation each level adds: what to do about the level itself. */
const LEVEL_PRESENTATIONS: Readonly<Record<CrisisLevel, readonly PresentationId[]>> = {
  emergency: ['call_115', 'stay_safe'],
  urgent: ['stay_safe', 'refer_today'],
  acute: ['stay_safe', 'after_care'],
  not_acute: ['routine_care'],
};

/**
 * The presentations whose steps apply, in the order of PRESENTATIONS (life first): those of the
 * level (call 115 for an emergency, referral today when urgent, after-care when acute, routine
 * care otherwise, and keeping safe whenever there is a red flag) and those of each red flag.
 */
export function presentationsFor(redFlags: readonly RedFlag[], level: CrisisLevel): PresentationId[] {
  const wanted = new Set<PresentationId>(LEVEL_PRESENTATIONS[level]);
  for (const flag of redFlags) for (const p of FLAG_PRESENTATIONS[flag]) wanted.add(p);
  return PRESENTATIONS.filter((p) => wanted.has(p));
}

const MAX_STEP_TEXT = 500;

/**
 * An organisation's adaptation of one presentation's texts in one language: it replaces the text
 * of existing steps (by id) and cannot add, drop or reorder steps, so ticked steps stay comparable.
 * Unknown presentations and step ids are refused with a message that names them.
 */
export const GuidanceOverride = z
  .strictObject({
    presentation: z.enum(PRESENTATIONS, {
      error: (issue) => `Unknown presentation ${JSON.stringify(issue.input)}; expected one of: ${PRESENTATIONS.join(', ')}`,
    }),
    lang: z.enum(LANGS, { error: () => `Language must be one of: ${LANGS.join(', ')}` }),
    steps: z
      .array(
        z.strictObject({
          id: z.string().min(1).max(60),
          text: z
            .string()
            .trim()
            .min(1, { error: 'A step text cannot be empty' })
            .max(MAX_STEP_TEXT, { error: `A step text has at most ${MAX_STEP_TEXT} characters` }),
        }),
      )
      .min(1, { error: 'Give at least one step to replace' })
      .max(50),
  })
  .superRefine((o, ctx) => {
    const known = GUIDANCE.presentations[o.presentation].steps.map((s) => s.id);
    const seen = new Set<string>();
    o.steps.forEach((step, i) => {
      if (!known.includes(step.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'id'],
          message: `Unknown step ${JSON.stringify(step.id)} in presentation "${o.presentation}"; its steps are: ${known.join(', ')}`,
        });
      } else if (seen.has(step.id)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `Step "${step.id}" appears more than once` });
      }
      seen.add(step.id);
    });
  });
export type GuidanceOverride = z.infer<typeof GuidanceOverride>;

export type OverrideCheck = { ok: true; override: GuidanceOverride } | { ok: false; problems: { path: string; message: string }[] };

/** Checks an admin's override; problems name the field (`steps.2.id`) and say what is wrong. */
export function validateGuidanceOverride(input: unknown): OverrideCheck {
  const parsed = GuidanceOverride.safeParse(input);
  if (parsed.success) return { ok: true, override: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

export interface GuidanceStepText {
  id: string;
  presentation: PresentationId;
  text: string;
}

/**
 * The steps to show, in order and each once, in `lang`, with the organisation's overrides for that
 * language applied (a later override of the same step wins). Steps marked `onlyIf` appear only
 * when one of their red flags was found. Overrides are assumed valid (checked when saved); one that
 * names an unknown step simply matches nothing.
 */
export function guidanceSteps(input: {
  redFlags: readonly RedFlag[];
  level: CrisisLevel;
  overrides?: readonly GuidanceOverride[];
  lang: Lang;
}): GuidanceStepText[] {
  const replaced = new Map<string, string>();
  for (const o of input.overrides ?? []) {
    if (o.lang !== input.lang) continue;
    for (const s of o.steps) replaced.set(`${o.presentation}\u0000${s.id}`, s.text);
  }
  const out: GuidanceStepText[] = [];
  const seen = new Set<string>();
  for (const presentation of presentationsFor(input.redFlags, input.level)) {
    for (const step of GUIDANCE.presentations[presentation].steps) {
      if (seen.has(step.id)) continue;
      if (step.onlyIf && !step.onlyIf.some((f) => input.redFlags.includes(f))) continue;
      seen.add(step.id);
      out.push({ id: step.id, presentation, text: replaced.get(`${presentation}\u0000${step.id}`) ?? step[input.lang] });
    }
  }
  return out;
}
