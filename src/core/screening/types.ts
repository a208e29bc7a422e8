import { z } from 'zod';

/**
 * The contract of screening (issue #4): instrument ids, the shape of answers for each, and what a
 * score is. The instruments themselves (items, options, texts, bands, sources) are data in
 * `instruments/`, and `scoreInstrument` in `score.ts` scores them; both are exported from `index.ts`.
 */
export const INSTRUMENT_IDS = ['phq9', 'phq2', 'gad7', 'gad2', 'k10', 'k6', 'assist', 'sds', 'cssrs'] as const;
export const InstrumentId = z.enum(INSTRUMENT_IDS);
export type InstrumentId = z.infer<typeof InstrumentId>;

/** Instruments answered as a list of item scores in item order (`null` = not answered). */
export const SCALE_INSTRUMENTS = ['phq9', 'phq2', 'gad7', 'gad2', 'k10', 'k6', 'sds'] as const;
export type ScaleInstrumentId = (typeof SCALE_INSTRUMENTS)[number];
export type ScaleAnswers = readonly (number | null)[];

/** WHO ASSIST v3.1 substance classes, in the questionnaire's order. */
export const ASSIST_SUBSTANCES = ['tobacco', 'alcohol', 'cannabis', 'cocaine', 'ats', 'inhalants', 'sedatives', 'hallucinogens', 'opioids', 'other'] as const;
export const AssistSubstance = z.enum(ASSIST_SUBSTANCES);
export type AssistSubstance = z.infer<typeof AssistSubstance>;

/**
 * One substance of ASSIST: Q1 (ever used), Q2–Q7 as the published weights of the chosen option,
 * Q8 (injecting: 0 never, 1 in the past 3 months, 2 not in the past 3 months), recorded, not scored.
 */
export interface AssistSubstanceAnswers {
  q1: boolean;
  q2?: number | null;
  q3?: number | null;
  q4?: number | null;
  q5?: number | null;
  q6?: number | null;
  q7?: number | null;
  q8?: 0 | 1 | 2 | null;
}
export type AssistAnswers = Partial<Record<AssistSubstance, AssistSubstanceAnswers>>;

/** C-SSRS screener (past month unless said): q3–q5 only asked when q2 is yes; q6Recent when q6 is yes. */
export interface CssrsAnswers {
  q1: boolean | null;
  q2: boolean | null;
  q3?: boolean | null;
  q4?: boolean | null;
  q5?: boolean | null;
  q6: boolean | null;
  q6Recent?: boolean | null;
}

export type Answers = ScaleAnswers | AssistAnswers | CssrsAnswers;

/** Safety flags; they show before any score. */
export const SCREENING_FLAGS = ['suicide-risk'] as const;
export type ScreeningFlag = (typeof SCREENING_FLAGS)[number];

export interface ScoreResult {
  complete: boolean;
  total?: number;
  subscores?: Record<string, { score: number; band: string }>;
  band?: string;
  flags: ScreeningFlag[];
}

/** Out-of-range or malformed answers: a validation error, never a score. `path` names the answer. */
export class ScreeningInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScreeningInputError';
  }
}

/**
 * `recordScreening`: one instrument administered to a registered client. The device scores it to
 * show the result at once; the server scores it again from `answers` and keeps its own result.
 * `substance` is the substance SDS was asked about. `crisisEpisodeId` ties a C-SSRS asked inside
 * a crisis flow to that episode.
 */
export const RecordScreeningArgs = z.strictObject({
  screeningId: z.uuid(),
  clientId: z.uuid(),
  instrumentId: InstrumentId,
  instrumentVersion: z.string().min(1).max(40),
  at: z.iso.datetime({ offset: true }),
  answers: z.unknown(),
  substance: z.string().max(40).nullable().optional(),
  crisisEpisodeId: z.uuid().nullable().optional(),
});
export type RecordScreeningArgs = z.infer<typeof RecordScreeningArgs>;
