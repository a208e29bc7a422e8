import { INSTRUMENTS } from './instruments/index.ts';
import { isPositiveScreen, type ScreeningSettings } from './settings.ts';
import {
  ASSIST_SUBSTANCES,
  type AssistRiskBand,
  type AssistSubstance,
  type CssrsAnswers,
  type CssrsBand,
  type InstrumentId,
  type InstrumentItem,
  type ScaleInstrument,
  type ScoreBand,
  type ScoreResult,
  type ScreeningFlag,
  ScreeningInputError,
} from './types.ts';

/**
 * Scores one administration of an instrument exactly as its published source does (see each file in
 * `instruments/`). Missing answers (`null` or absent) give `complete: false` with no total and no band;
 * a malformed or out-of-range answer throws `ScreeningInputError`, never a score. Safety flags are
 * raised from whatever is answered, even when the rest is missing. Bands always use the published
 * (default) cut-offs; given the organisation's `settings`, the result also says whether it is
 * `positive` under the cut-offs it chose.
 */
export function scoreInstrument(instrumentId: InstrumentId, answers: unknown, settings?: ScreeningSettings): ScoreResult {
  const result = scoreByKind(instrumentId, answers);
  return settings ? { ...result, positive: isPositiveScreen(instrumentId, result, settings) } : result;
}

function scoreByKind(instrumentId: InstrumentId, answers: unknown): ScoreResult {
  const instrument = INSTRUMENTS[instrumentId];
  if (!instrument) throw new ScreeningInputError('instrumentId', `Unknown instrument ${String(instrumentId)}`);
  switch (instrument.kind) {
    case 'scale':
      return scoreScale(instrument, answers);
    case 'assist':
      return scoreAssist(answers);
    case 'cssrs':
      return scoreCssrs(answers);
  }
}

const bandOf = (bands: readonly ScoreBand[], total: number): string => bands.find((b) => b.min <= total && total <= b.max)!.id;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The value must be `null`/absent or one of the item's option values. */
function checkOption(item: InstrumentItem, value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  if (!item.options.some((o) => o.value === value)) {
    const allowed = item.options.map((o) => String(o.value)).join(', ');
    throw new ScreeningInputError(path, `${JSON.stringify(value)} is not an answer of ${item.id} (${allowed})`);
  }
}

function scoreScale(instrument: ScaleInstrument, answers: unknown): ScoreResult {
  if (!Array.isArray(answers)) throw new ScreeningInputError('answers', `${instrument.id} answers must be a list of item scores`);
  if (answers.length !== instrument.items.length) {
    throw new ScreeningInputError('answers', `${instrument.id} has ${instrument.items.length} items, got ${answers.length} answers`);
  }
  instrument.items.forEach((item, i) => {
    // A hole or `undefined` is not JSON; only `null` means "not answered".
    if (answers[i] === undefined) throw new ScreeningInputError(`answers[${i}]`, 'Use null for an unanswered item');
    checkOption(item, answers[i], `answers[${i}]`);
  });
  const scores = answers as (number | null)[];
  const flags: ScreeningFlag[] = [];
  const riskItem = instrument.suicideRiskItem;
  if (riskItem !== undefined && (scores[riskItem] ?? 0) > 0) flags.push('suicide-risk');
  if (scores.some((s) => s === null)) return { complete: false, flags };
  const total = (scores as number[]).reduce((a, b) => a + b, 0);
  return { complete: true, total, band: bandOf(instrument.bands, total), flags };
}

const ASSIST_QUESTIONS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'] as const;
const ASSIST_SCORED = ['q2', 'q3', 'q4', 'q5', 'q6', 'q7'] as const;

/** Whether the ASSIST asks `itemId` about `substance`, given that substance's answers so far. */
export function assistAsks(itemId: string, substance: AssistSubstance, answers: Readonly<Record<string, unknown>>): boolean {
  const item = INSTRUMENTS.assist.items.find((i) => i.id === itemId);
  if (!item || item.notAskedFor?.includes(substance)) return false;
  if (!item.askedWhen) return true;
  const { itemId: on, oneOf } = item.askedWhen;
  return assistAsks(on, substance, answers) && oneOf.includes(answers[on] as number | boolean);
}

/** The question ids to show for one substance of the ASSIST, in order. */
export function assistVisibleQuestions(substance: AssistSubstance, answers: Readonly<Record<string, unknown>>): string[] {
  return ASSIST_QUESTIONS.filter((q) => assistAsks(q, substance, answers));
}

export const assistRiskBand = (substance: AssistSubstance, score: number): AssistRiskBand =>
  bandOf(INSTRUMENTS.assist.riskBands[substance === 'alcohol' ? 'alcohol' : 'other'], score) as AssistRiskBand;

/** A substance's involvement score, or `null` while a question it needs is unanswered. */
function scoreAssistSubstance(substance: AssistSubstance, answers: unknown): number | null {
  const path = `answers.${substance}`;
  if (!isRecord(answers)) throw new ScreeningInputError(path, 'Each substance needs an object of answers');
  for (const key of Object.keys(answers)) {
    if (!(ASSIST_QUESTIONS as readonly string[]).includes(key)) throw new ScreeningInputError(`${path}.${key}`, `Unknown ASSIST question ${key}`);
  }
  for (const item of INSTRUMENTS.assist.items) checkOption(item, answers[item.id], `${path}.${item.id}`);
  // An answer to a question the ASSIST skips contradicts an earlier answer: refuse rather than guess.
  // `null`, absent, and the "no/never" value (0 or false) are consistent with skipping.
  for (const q of ASSIST_QUESTIONS) {
    const v = answers[q];
    if (v !== null && v !== undefined && v !== 0 && v !== false && !assistAsks(q, substance, answers)) {
      throw new ScreeningInputError(`${path}.${q}`, `${q} is not asked for ${substance} with these earlier answers`);
    }
  }
  if (answers.q1 === null || answers.q1 === undefined) return null;
  let score = 0;
  for (const q of ASSIST_SCORED) {
    if (!assistAsks(q, substance, answers)) continue;
    const v = answers[q];
    if (v === null || v === undefined) return null;
    score += v as number;
  }
  return score;
}

function scoreAssist(answers: unknown): ScoreResult {
  if (!isRecord(answers)) throw new ScreeningInputError('answers', 'ASSIST answers must be an object by substance');
  for (const key of Object.keys(answers)) {
    if (!(ASSIST_SUBSTANCES as readonly string[]).includes(key)) throw new ScreeningInputError(`answers.${key}`, `Unknown ASSIST substance ${key}`);
  }
  const subscores: Record<string, { score: number; band: string }> = {};
  let complete = true;
  for (const substance of ASSIST_SUBSTANCES) {
    const given = answers[substance];
    const score = given === undefined || given === null ? null : scoreAssistSubstance(substance, given);
    if (score === null) complete = false;
    else subscores[substance] = { score, band: assistRiskBand(substance, score) };
  }
  return { complete, subscores, flags: [] };
}

const CSSRS_QUESTIONS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q6Recent'] as const;
type CssrsQuestion = (typeof CSSRS_QUESTIONS)[number];

function cssrsAsks(id: CssrsQuestion, answers: Partial<Record<string, unknown>>): boolean {
  const when = INSTRUMENTS.cssrs.items.find((i) => i.id === id)!.askedWhen;
  return !when || when.oneOf.includes(answers[when.itemId] as boolean);
}

/** The C-SSRS screener's question ids to show, in order, given the answers so far. */
export function cssrsVisibleQuestions(answers: Partial<CssrsAnswers>): CssrsQuestion[] {
  return CSSRS_QUESTIONS.filter((q) => cssrsAsks(q, answers));
}

function scoreCssrs(answers: unknown): ScoreResult {
  if (!isRecord(answers)) throw new ScreeningInputError('answers', 'C-SSRS answers must be an object of yes/no answers');
  for (const [key, v] of Object.entries(answers)) {
    if (!(CSSRS_QUESTIONS as readonly string[]).includes(key)) throw new ScreeningInputError(`answers.${key}`, `Unknown C-SSRS question ${key}`);
    if (v !== true && v !== false && v !== null && v !== undefined) throw new ScreeningInputError(`answers.${key}`, `${key} must be yes (true), no (false) or null`);
    if (v === true && !cssrsAsks(key as CssrsQuestion, answers)) {
      throw new ScreeningInputError(`answers.${key}`, `${key} is only asked when ${key === 'q6Recent' ? 'q6' : 'q2'} is yes`);
    }
  }
  const a = answers as Partial<Record<CssrsQuestion, boolean | null>>;
  // Question 3, 4, 5 or 6 answered yes puts the person at moderate risk or higher whatever is still
  // missing, so the flag never waits for the rest.
  const flags: ScreeningFlag[] = a.q3 || a.q4 || a.q5 || a.q6 ? ['suicide-risk'] : [];
  const complete = cssrsVisibleQuestions(a).every((q) => typeof a[q] === 'boolean');
  if (!complete) return { complete: false, flags };
  return { complete: true, band: cssrsBand(a), flags };
}

/** Triage of the Columbia screener with triage points (2021): see `instruments/cssrs.ts`. */
function cssrsBand(a: Partial<Record<CssrsQuestion, boolean | null>>): CssrsBand {
  if (a.q4 || a.q5 || (a.q6 && a.q6Recent)) return 'high';
  if (a.q3 || a.q6) return 'moderate';
  if (a.q1 || a.q2) return 'low';
  return 'none';
}
