import { z } from 'zod';
import { CSSRS_BANDS } from '../screening/types.ts';

/**
 * The contract of the first-response flow (issue #4 §1). The rule that classifies a situation
 * (`classifyCrisis`), the guidance per presentation and the follow-up rule live beside this file.
 */

/** The red-flag check, in the order it is asked. */
export const RED_FLAGS = [
  'chest_pain',
  'breathing_trouble',
  'seizure',
  'overheating', // very hot or rapidly rising body temperature
  'unconscious', // unconscious or cannot be woken
  'confused_with_fever',
  'psychosis', // hallucinations, severe paranoia or delusions
  'aggression', // aggressive or putting self or others at risk
  'suicidal_thoughts', // then the C-SSRS screener inline
  'panic', // panic or anxiety attack
  'exhaustion', // no sleep for days, exhaustion
] as const;
export const RedFlag = z.enum(RED_FLAGS);
export type RedFlag = z.infer<typeof RedFlag>;

/** emergency: call 115 now; urgent: same-day referral, stay; acute: first response, follow-up in 24–72 h; not_acute: routine care. */
export const CRISIS_LEVELS = ['emergency', 'urgent', 'acute', 'not_acute'] as const;
export const CrisisLevel = z.enum(CRISIS_LEVELS);
export type CrisisLevel = z.infer<typeof CrisisLevel>;

export const CRISIS_OUTCOMES = ['resolved_on_site', 'urgent_referral', 'emergency_services_called', 'taken_to_hospital', 'person_left'] as const;
export const CrisisOutcome = z.enum(CRISIS_OUTCOMES);
export type CrisisOutcome = z.infer<typeof CrisisOutcome>;

/** Band of the C-SSRS screener asked inline, as `scoreInstrument('cssrs', …)` in core/screening gives it. */
export { CSSRS_BANDS };
export const CssrsBand = z.enum(CSSRS_BANDS);
export type CssrsBand = z.infer<typeof CssrsBand>;

const redFlags = z
  .array(RedFlag)
  .max(RED_FLAGS.length)
  .refine((xs) => new Set(xs).size === xs.length, { message: 'Each red flag may appear only once' });

/**
 * `openCrisisEpisode`: sent as soon as the red-flag check is done, so managers and clinicians are
 * told of an emergency or urgent situation at the next sync, before the episode ends. `clientId`
 * is null for a person who is not registered. The device's level is kept for the record; the
 * server classifies again and keeps its own.
 */
export const OpenCrisisEpisodeArgs = z.strictObject({
  episodeId: z.uuid(),
  clientId: z.uuid().nullable(),
  siteId: z.uuid().nullable(),
  at: z.iso.datetime({ offset: true }),
  redFlags,
  /** C-SSRS screener band when suicidal thoughts were checked inline (the screening itself is a recordScreening). */
  cssrsBand: CssrsBand.nullable(),
  level: CrisisLevel,
  guidanceVersion: z.string().min(1).max(40),
});
export type OpenCrisisEpisodeArgs = z.infer<typeof OpenCrisisEpisodeArgs>;

/**
 * `closeCrisisEpisode`: the steps ticked (each with its time), the outcome, notes (encrypted at
 * rest) and the follow-up date (scheduled by the rule, changeable by the worker). An urgent or
 * emergency outcome carries the referral need, recorded until the referral issue wires it to the
 * network.
 */
export const CloseCrisisEpisodeArgs = z.strictObject({
  episodeId: z.uuid(),
  steps: z
    .array(z.strictObject({ stepId: z.string().min(1).max(60), doneAt: z.iso.datetime({ offset: true }) }))
    .max(100)
    .refine((xs) => new Set(xs.map((x) => x.stepId)).size === xs.length, { message: 'Each step may appear only once' }),
  outcome: CrisisOutcome,
  outcomeAt: z.iso.datetime({ offset: true }),
  notes: z.string().trim().max(4000).nullable(),
  followUpOn: z.iso.date().nullable(),
  referralNeed: z.strictObject({ urgency: z.enum(['emergency', 'urgent']), note: z.string().trim().max(1000).nullable() }).nullable(),
});
export type CloseCrisisEpisodeArgs = z.infer<typeof CloseCrisisEpisodeArgs>;
