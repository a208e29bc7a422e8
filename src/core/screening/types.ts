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
  /** Only when `scoreInstrument` is given the organisation's settings: `isPositiveScreen` of this result. */
  positive?: boolean;
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

/** A text in both of Fieldlab's languages. */
export interface LocalText {
  vi: string;
  en: string;
}

/** One answer choice: the value stored in `answers` (an item score, an ASSIST weight, or yes/no) and its label. */
export interface InstrumentOption<V extends number | boolean = number | boolean> {
  value: V;
  label: LocalText;
}

/**
 * One question. Every instrument has the same item shape, so the web renders any form from it:
 * show `text`, offer `options`, store the chosen `value`. `askedWhen` says the item is asked only
 * when an earlier item (`itemId`) was answered with one of `oneOf` (C-SSRS q3–q5, q6Recent; ASSIST
 * q2–q8 after q1, q3–q5 after q2). `notAskedFor` lists ASSIST substances the item is skipped for
 * (Q5 for tobacco). `{substance}` in a text stands for the substance's name.
 */
export interface InstrumentItem<V extends number | boolean = number | boolean> {
  id: string;
  text: LocalText;
  options: readonly InstrumentOption<V>[];
  askedWhen?: { itemId: string; oneOf: readonly (number | boolean)[] };
  notAskedFor?: readonly AssistSubstance[];
}

/** A band of totals, both ends included. */
export interface ScoreBand {
  id: string;
  min: number;
  max: number;
  label: LocalText;
}

/** A substance an instrument asks about (ASSIST classes; SDS's chosen substance). */
export interface SubstanceOption {
  id: AssistSubstance;
  name: LocalText;
  examples: LocalText;
}

interface InstrumentBase {
  id: InstrumentId;
  /** Changes whenever items, options or scoring change; stored with each screening. */
  version: string;
  name: LocalText;
  /** Full citation of the published source the items and scoring follow. */
  source: string;
  licence: string;
  /** Instructions read to the person, with the timeframe. */
  instructions: LocalText;
  timeframe: LocalText;
  /** false: our own Vietnamese translation, not a validated one — the UI says "translation to be reviewed". */
  viReviewed: boolean;
}

/** Instruments scored as the sum of item scores (`answers` is the list of item scores in item order). */
export interface ScaleInstrument extends InstrumentBase {
  kind: 'scale';
  id: ScaleInstrumentId;
  items: readonly InstrumentItem<number>[];
  /** Cover every possible total, in increasing order. */
  bands: readonly ScoreBand[];
  /** Index (0-based) of the item whose score above 0 raises `suicide-risk` (PHQ-9 item 9). */
  suicideRiskItem?: number;
  /** A short form made of the first items of a longer one (PHQ-2 of PHQ-9, GAD-2 of GAD-7). */
  shortFormOf?: { instrumentId: ScaleInstrumentId; itemIndexes: readonly number[] };
  /** SDS: the substance the questions are asked about. */
  substances?: readonly SubstanceOption[];
}

/** WHO ASSIST: the same questions for each substance; each substance is scored on its own. */
export interface AssistInstrument extends InstrumentBase {
  kind: 'assist';
  id: 'assist';
  substances: readonly SubstanceOption[];
  /** q1 … q8; q2–q7 options carry the published weights. */
  items: readonly InstrumentItem[];
  /** Risk bands of the substance involvement score: alcohol has its own, every other substance shares `other`. */
  riskBands: { alcohol: readonly ScoreBand[]; other: readonly ScoreBand[] };
}

/** C-SSRS screener: yes/no questions, triaged into a risk band, no total. */
export interface CssrsInstrument extends InstrumentBase {
  kind: 'cssrs';
  id: 'cssrs';
  items: readonly InstrumentItem<boolean>[];
  bands: readonly { id: CssrsBand; label: LocalText }[];
}

export type Instrument = ScaleInstrument | AssistInstrument | CssrsInstrument;

export const CSSRS_BANDS = ['none', 'low', 'moderate', 'high'] as const;
export type CssrsBand = (typeof CSSRS_BANDS)[number];
export const ASSIST_RISK_BANDS = ['low', 'moderate', 'high'] as const;
export type AssistRiskBand = (typeof ASSIST_RISK_BANDS)[number];
