import { describe, expect, it } from 'vitest';
import { INSTRUMENTS, getInstrument } from './instruments/index.ts';
import { assistVisibleQuestions, cssrsVisibleQuestions, scoreInstrument } from './score.ts';
import { DEFAULT_SCREENING_SETTINGS } from './settings.ts';
import { ASSIST_SUBSTANCES, type AssistAnswers, type AssistSubstanceAnswers, INSTRUMENT_IDS, type ScaleInstrumentId, ScreeningInputError } from './types.ts';

function expectInputError(f: () => unknown, path: string) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScreeningInputError);
    expect((e as ScreeningInputError).path).toBe(path);
    return;
  }
  throw new Error('expected a ScreeningInputError');
}

describe('instruments as data', () => {
  it('has every agreed instrument, with sources, licences and both languages', () => {
    for (const id of INSTRUMENT_IDS) {
      const i = getInstrument(id);
      expect(i.id).toBe(id);
      expect(i.source.length).toBeGreaterThan(30);
      expect(i.licence.length).toBeGreaterThan(10);
      expect(i.viReviewed).toBe(false);
      for (const item of i.items) {
        expect(item.text.vi && item.text.en).toBeTruthy();
        for (const o of item.options) expect(o.label.vi && o.label.en).toBeTruthy();
      }
    }
    expect(INSTRUMENTS.phq9.items).toHaveLength(9);
    expect(INSTRUMENTS.phq2.items.map((i) => i.text)).toEqual(INSTRUMENTS.phq9.items.slice(0, 2).map((i) => i.text));
    expect(INSTRUMENTS.gad7.items).toHaveLength(7);
    expect(INSTRUMENTS.gad2.items.map((i) => i.text)).toEqual(INSTRUMENTS.gad7.items.slice(0, 2).map((i) => i.text));
    expect(INSTRUMENTS.k10.items).toHaveLength(10);
    expect(INSTRUMENTS.k6.items).toHaveLength(6);
    expect(INSTRUMENTS.sds.items).toHaveLength(5);
    expect(INSTRUMENTS.cssrs.items.map((i) => i.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q6Recent']);
  });

  it('bands of each scale cover every possible total exactly once', () => {
    for (const id of ['phq9', 'phq2', 'gad7', 'gad2', 'k10', 'k6', 'sds'] as const) {
      const i = INSTRUMENTS[id];
      const values = i.items.map((it) => it.options.map((o) => o.value));
      const min = values.reduce((a, v) => a + Math.min(...v), 0);
      const max = values.reduce((a, v) => a + Math.max(...v), 0);
      expect(i.bands[0]!.min).toBe(min);
      expect(i.bands.at(-1)!.max).toBe(max);
      i.bands.slice(1).forEach((b, k) => expect(b.min).toBe(i.bands[k]!.max + 1));
    }
  });

  it('ASSIST Q2–Q7 carry the WHO manual’s weights, which differ per question', () => {
    const weights = Object.fromEntries(INSTRUMENTS.assist.items.map((i) => [i.id, i.options.map((o) => o.value)]));
    expect(weights).toEqual({
      q1: [true, false],
      q2: [0, 2, 3, 4, 6],
      q3: [0, 3, 4, 5, 6],
      q4: [0, 4, 5, 6, 7],
      q5: [0, 5, 6, 7, 8],
      q6: [0, 6, 3],
      q7: [0, 6, 3],
      q8: [0, 1, 2],
    });
  });
});

type Vector = [answers: (number | null)[], total: number | undefined, band: string | undefined];

/** Hand-computed vectors at both ends of every band, and incomplete answers. */
const SCALE_VECTORS: Record<ScaleInstrumentId, Vector[]> = {
  phq9: [
    [[0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
    [[1, 1, 1, 1, 0, 0, 0, 0, 0], 4, 'minimal'],
    [[1, 1, 1, 1, 1, 0, 0, 0, 0], 5, 'mild'],
    [[3, 3, 3, 0, 0, 0, 0, 0, 0], 9, 'mild'],
    [[3, 3, 3, 1, 0, 0, 0, 0, 0], 10, 'moderate'],
    [[2, 2, 2, 2, 2, 2, 2, 0, 0], 14, 'moderate'],
    [[2, 2, 2, 2, 2, 2, 2, 1, 0], 15, 'moderately-severe'],
    [[3, 3, 3, 3, 3, 2, 1, 1, 0], 19, 'moderately-severe'],
    [[3, 3, 3, 3, 3, 3, 2, 0, 0], 20, 'severe'],
    [[3, 3, 3, 3, 3, 3, 3, 3, 3], 27, 'severe'],
    [[3, 3, 3, 3, 3, 3, 3, 3, null], undefined, undefined],
  ],
  phq2: [
    [[0, 0], 0, 'negative'],
    [[1, 1], 2, 'negative'],
    [[2, 1], 3, 'positive'],
    [[3, 3], 6, 'positive'],
    [[3, null], undefined, undefined],
  ],
  gad7: [
    [[0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
    [[2, 2, 0, 0, 0, 0, 0], 4, 'minimal'],
    [[2, 2, 1, 0, 0, 0, 0], 5, 'mild'],
    [[3, 3, 3, 0, 0, 0, 0], 9, 'mild'],
    [[3, 3, 3, 1, 0, 0, 0], 10, 'moderate'],
    [[2, 2, 2, 2, 2, 2, 2], 14, 'moderate'],
    [[3, 2, 2, 2, 2, 2, 2], 15, 'severe'],
    [[3, 3, 3, 3, 3, 3, 3], 21, 'severe'],
    [[null, null, null, null, null, null, null], undefined, undefined],
  ],
  gad2: [
    [[0, 0], 0, 'negative'],
    [[2, 0], 2, 'negative'],
    [[0, 3], 3, 'positive'],
    [[3, 3], 6, 'positive'],
    [[null, 0], undefined, undefined],
  ],
  k10: [
    [[1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 10, 'low'],
    [[2, 2, 2, 2, 2, 1, 1, 1, 1, 1], 15, 'low'],
    [[2, 2, 2, 2, 2, 2, 1, 1, 1, 1], 16, 'moderate'],
    [[3, 3, 3, 2, 2, 2, 2, 2, 1, 1], 21, 'moderate'],
    [[3, 3, 3, 3, 2, 2, 2, 2, 1, 1], 22, 'high'],
    [[3, 3, 3, 3, 3, 3, 3, 3, 3, 2], 29, 'high'],
    [[3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 30, 'very-high'],
    [[5, 5, 5, 5, 5, 5, 5, 5, 5, 5], 50, 'very-high'],
    [[5, 5, 5, 5, 5, 5, 5, 5, 5, null], undefined, undefined],
  ],
  k6: [
    [[0, 0, 0, 0, 0, 0], 0, 'low'],
    [[1, 1, 1, 1, 0, 0], 4, 'low'],
    [[1, 1, 1, 1, 1, 0], 5, 'moderate'],
    [[2, 2, 2, 2, 2, 2], 12, 'moderate'],
    [[3, 2, 2, 2, 2, 2], 13, 'serious'],
    [[4, 4, 4, 4, 4, 4], 24, 'serious'],
    [[null, 4, 4, 4, 4, 4], undefined, undefined],
  ],
  sds: [
    [[0, 0, 0, 0, 0], 0, 'negative'],
    [[1, 1, 1, 1, 0], 4, 'negative'],
    [[1, 1, 1, 1, 1], 5, 'positive'],
    [[3, 3, 3, 3, 3], 15, 'positive'],
    [[3, 3, 3, 3, null], undefined, undefined],
  ],
};

describe('scoreInstrument: scales', () => {
  for (const [id, vectors] of Object.entries(SCALE_VECTORS) as [ScaleInstrumentId, Vector[]][]) {
    it.each(vectors)(`${id} %j → total %s, band %s`, (answers, total, band) => {
      const r = scoreInstrument(id, answers);
      expect(r.complete).toBe(total !== undefined);
      expect(r.total).toBe(total);
      expect(r.band).toBe(band);
      if (total === undefined) {
        expect(r).not.toHaveProperty('total');
        expect(r).not.toHaveProperty('band');
      }
    });
  }

  it.each([
    ['phq9', [0, 0, 0, 0, 0, 0, 0, 0], 'answers'],
    ['phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'answers'],
    ['phq9', [0, 0, 0, 4, 0, 0, 0, 0, 0], 'answers[3]'],
    ['phq9', [0, 0, 0, 0, 0, 0, 0, 0, -1], 'answers[8]'],
    ['phq9', [0, 0, 0, 1.5, 0, 0, 0, 0, 0], 'answers[3]'],
    ['phq9', [0, '1', 0, 0, 0, 0, 0, 0, 0], 'answers[1]'],
    ['phq2', [0, 0, 0], 'answers'],
    ['gad7', [0, 0, 0, 0, 0, 0, 9], 'answers[6]'],
    ['gad2', [true, 0], 'answers[0]'],
    ['k10', [1, 1, 1, 1, 1, 1, 1, 1, 1, 0], 'answers[9]'],
    ['k10', [1, 1, 1, 1, 1, 1, 1, 1, 1, 6], 'answers[9]'],
    ['k6', [0, 0, 0, 0, 0, 5], 'answers[5]'],
    ['k6', [0, 0, 0, 0, 0], 'answers'],
    ['sds', [0, 0, 0, 0, 4], 'answers[4]'],
    ['sds', { 0: 1 }, 'answers'],
    ['phq9', null, 'answers'],
  ] as const)('%s %j is a validation error at %s', (id, answers, path) => {
    expectInputError(() => scoreInstrument(id, answers), path);
  });

  it('refuses a hole in the list: only null means unanswered', () => {
    expectInputError(() => scoreInstrument('phq2', [1, undefined]), 'answers[1]');
  });
});

describe('suicide-risk flag', () => {
  it('PHQ-9 item 9 above 0 flags, whatever the total and even when other items are missing', () => {
    expect(scoreInstrument('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 1])).toEqual({ complete: true, total: 1, band: 'minimal', flags: ['suicide-risk'] });
    expect(scoreInstrument('phq9', [null, null, null, null, null, null, null, null, 3])).toEqual({ complete: false, flags: ['suicide-risk'] });
    expect(scoreInstrument('phq9', [3, 3, 3, 3, 3, 3, 3, 3, 0]).flags).toEqual([]);
    expect(scoreInstrument('phq9', [3, 3, 3, 3, 3, 3, 3, 3, null]).flags).toEqual([]);
  });
  it('no other scale flags', () => {
    expect(scoreInstrument('phq2', [3, 3]).flags).toEqual([]);
    expect(scoreInstrument('k10', [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]).flags).toEqual([]);
  });
});

const never: AssistSubstanceAnswers = { q1: false };
const allNever = (): AssistAnswers => Object.fromEntries(ASSIST_SUBSTANCES.map((s) => [s, never]));

describe('scoreInstrument: ASSIST', () => {
  it('scores every substance never used as 0, low, complete', () => {
    const r = scoreInstrument('assist', allNever());
    expect(r.complete).toBe(true);
    expect(r).not.toHaveProperty('total');
    for (const s of ASSIST_SUBSTANCES) expect(r.subscores![s]).toEqual({ score: 0, band: 'low' });
  });

  type AssistVector = [substance: (typeof ASSIST_SUBSTANCES)[number], answers: AssistSubstanceAnswers, score: number, band: string];
  const vectors: AssistVector[] = [
    // Q2 "never" in the past 3 months: Q3–Q5 are skipped, Q6 + Q7 still count.
    ['ats', { q1: true, q2: 0, q6: 0, q7: 0, q8: 0 }, 0, 'low'],
    ['ats', { q1: true, q2: 0, q6: 3, q7: 0 }, 3, 'low'],
    ['ats', { q1: true, q2: 2, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 }, 2, 'low'],
    ['ats', { q1: true, q2: 0, q6: 3, q7: 3 }, 6, 'moderate'],
    ['ats', { q1: true, q2: 2, q3: 0, q4: 0, q5: 0, q6: 0, q7: 3 }, 5, 'moderate'],
    ['ats', { q1: true, q2: 4, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 }, 4, 'moderate'],
    ['ats', { q1: true, q2: 6, q3: 6, q4: 7, q5: 0, q6: 0, q7: 0, q8: 1 }, 19, 'moderate'],
    ['ats', { q1: true, q2: 6, q3: 5, q4: 6, q5: 7, q6: 0, q7: 0 }, 24, 'moderate'],
    ['ats', { q1: true, q2: 6, q3: 6, q4: 7, q5: 8, q6: 0, q7: 0 }, 27, 'high'],
    ['ats', { q1: true, q2: 6, q3: 6, q4: 7, q5: 8, q6: 6, q7: 6, q8: 2 }, 39, 'high'],
    ['opioids', { q1: true, q2: 3, q3: 3, q4: 0, q5: 0, q6: 0, q7: 0 }, 6, 'moderate'],
    ['alcohol', { q1: true, q2: 4, q3: 3, q4: 0, q5: 0, q6: 3, q7: 0 }, 10, 'low'],
    ['alcohol', { q1: true, q2: 4, q3: 4, q4: 0, q5: 0, q6: 3, q7: 0 }, 11, 'moderate'],
    ['alcohol', { q1: true, q2: 6, q3: 5, q4: 6, q5: 0, q6: 3, q7: 6 }, 26, 'moderate'],
    ['alcohol', { q1: true, q2: 6, q3: 6, q4: 6, q5: 0, q6: 3, q7: 6 }, 27, 'high'],
    // Tobacco: Q5 not asked; maximum 6 + 6 + 7 + 6 + 6 = 31.
    ['tobacco', { q1: true, q2: 6, q3: 6, q4: 7, q6: 6, q7: 6 }, 31, 'high'],
    ['tobacco', { q1: true, q2: 6, q3: 6, q4: 0, q6: 6, q7: 6 }, 24, 'moderate'],
    ['tobacco', { q1: true, q2: 2, q3: 0, q4: 0, q6: 0, q7: 0 }, 2, 'low'],
  ];
  it.each(vectors)('%s %j → %i %s', (substance, answers, score, band) => {
    const r = scoreInstrument('assist', { ...allNever(), [substance]: answers });
    expect(r.complete).toBe(true);
    expect(r.subscores![substance]).toEqual({ score, band });
  });

  it('is incomplete while a substance or a question it asks is unanswered; scored substances still show', () => {
    const { ats: _ats, ...withoutAts } = allNever();
    const r1 = scoreInstrument('assist', withoutAts);
    expect(r1.complete).toBe(false);
    expect(r1.subscores).not.toHaveProperty('ats');
    expect(r1.subscores!.alcohol).toEqual({ score: 0, band: 'low' });
    const r2 = scoreInstrument('assist', { ...allNever(), ats: { q1: true, q2: 4, q3: 5, q4: null, q5: 0, q6: 0, q7: 0 } });
    expect(r2.complete).toBe(false);
    expect(r2.subscores).not.toHaveProperty('ats');
    expect(scoreInstrument('assist', { ...allNever(), cannabis: { q1: null } as never }).complete).toBe(false);
    // Q8 is recorded, not scored: its absence leaves the ASSIST complete.
    expect(scoreInstrument('assist', { ...allNever(), ats: { q1: true, q2: 0, q6: 0, q7: 0 } }).complete).toBe(true);
  });

  it.each([
    [{ ats: { q1: true, q2: 5, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 } }, 'answers.ats.q2'],
    [{ ats: { q1: true, q2: 2, q3: 2, q4: 0, q5: 0, q6: 0, q7: 0 } }, 'answers.ats.q3'],
    [{ ats: { q1: true, q2: 2, q3: 3, q4: 3, q5: 0, q6: 0, q7: 0 } }, 'answers.ats.q4'],
    [{ ats: { q1: true, q2: 2, q3: 3, q4: 4, q5: 4, q6: 0, q7: 0 } }, 'answers.ats.q5'],
    [{ ats: { q1: true, q2: 2, q3: 3, q4: 4, q5: 5, q6: 4, q7: 0 } }, 'answers.ats.q6'],
    [{ ats: { q1: true, q2: 2, q3: 3, q4: 4, q5: 5, q6: 6, q7: 5 } }, 'answers.ats.q7'],
    [{ ats: { q1: true, q2: 0, q6: 0, q7: 0, q8: 3 } }, 'answers.ats.q8'],
    [{ ats: { q1: 'yes' } }, 'answers.ats.q1'],
    [{ ats: { q1: true, q9: 0 } }, 'answers.ats.q9'],
    [{ ats: 4 }, 'answers.ats'],
    [{ ketamine: { q1: true } }, 'answers.ketamine'],
    // Q5 is not asked for tobacco.
    [{ tobacco: { q1: true, q2: 6, q3: 6, q4: 7, q5: 8, q6: 6, q7: 6 } }, 'answers.tobacco.q5'],
    // Answers to skipped questions contradict the earlier answer.
    [{ ats: { q1: false, q2: 4 } }, 'answers.ats.q2'],
    [{ ats: { q1: true, q2: 0, q3: 3, q6: 0, q7: 0 } }, 'answers.ats.q3'],
    [[], 'answers'],
  ])('%j is a validation error at %s', (answers, path) => {
    expectInputError(() => scoreInstrument('assist', answers), path);
  });

  it('shows the questions the ASSIST asks', () => {
    expect(assistVisibleQuestions('ats', {})).toEqual(['q1']);
    expect(assistVisibleQuestions('ats', { q1: false })).toEqual(['q1']);
    expect(assistVisibleQuestions('ats', { q1: true })).toEqual(['q1', 'q2', 'q6', 'q7', 'q8']);
    expect(assistVisibleQuestions('ats', { q1: true, q2: 0 })).toEqual(['q1', 'q2', 'q6', 'q7', 'q8']);
    expect(assistVisibleQuestions('ats', { q1: true, q2: 3 })).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8']);
    expect(assistVisibleQuestions('tobacco', { q1: true, q2: 3 })).toEqual(['q1', 'q2', 'q3', 'q4', 'q6', 'q7', 'q8']);
  });
});

describe('scoreInstrument: C-SSRS screener', () => {
  const no = { q1: false, q2: false, q6: false };
  it.each([
    [no, 'none', []],
    [{ ...no, q1: true }, 'low', []],
    [{ q1: true, q2: true, q3: false, q4: false, q5: false, q6: false }, 'low', []],
    [{ q1: false, q2: true, q3: true, q4: false, q5: false, q6: false }, 'moderate', ['suicide-risk']],
    [{ q1: false, q2: false, q6: true, q6Recent: false }, 'moderate', ['suicide-risk']],
    [{ q1: true, q2: true, q3: true, q4: true, q5: false, q6: false }, 'high', ['suicide-risk']],
    [{ q1: true, q2: true, q3: false, q4: false, q5: true, q6: false }, 'high', ['suicide-risk']],
    [{ q1: false, q2: false, q6: true, q6Recent: true }, 'high', ['suicide-risk']],
    [{ q1: false, q2: false, q3: null, q6: false, q6Recent: null }, 'none', []],
  ])('%j → %s %j', (answers, band, flags) => {
    expect(scoreInstrument('cssrs', answers)).toEqual({ complete: true, band, flags });
  });

  it.each([
    [{ q1: true, q2: null, q6: false }, []],
    [{ q1: true, q2: true, q6: false }, []],
    [{ q1: true, q2: true, q3: true, q4: null, q5: null, q6: false }, ['suicide-risk']],
    [{ q1: true, q2: true, q4: true, q6: null }, ['suicide-risk']],
    [{ q1: null, q2: false, q6: true }, ['suicide-risk']],
    [{ q1: false, q2: false, q6: true }, ['suicide-risk']],
  ])('incomplete %j: no band, flags %j', (answers, flags) => {
    expect(scoreInstrument('cssrs', answers)).toEqual({ complete: false, flags });
  });

  it.each([
    [{ q1: false, q2: false, q3: true, q6: false }, 'answers.q3'],
    [{ q1: false, q2: null, q5: true, q6: false }, 'answers.q5'],
    [{ q1: false, q2: false, q6: false, q6Recent: true }, 'answers.q6Recent'],
    [{ q1: 1, q2: false, q6: false }, 'answers.q1'],
    [{ q1: false, q2: false, q6: false, q7: false }, 'answers.q7'],
    [[false, false], 'answers'],
  ])('%j is a validation error at %s', (answers, path) => {
    expectInputError(() => scoreInstrument('cssrs', answers), path);
  });

  it('shows q3–q5 only after a yes to q2, and q6Recent only after a yes to q6', () => {
    expect(cssrsVisibleQuestions({})).toEqual(['q1', 'q2', 'q6']);
    expect(cssrsVisibleQuestions({ q1: true, q2: false, q6: false })).toEqual(['q1', 'q2', 'q6']);
    expect(cssrsVisibleQuestions({ q1: true, q2: true })).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    expect(cssrsVisibleQuestions({ q1: true, q2: true, q6: true })).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q6Recent']);
  });
});

describe('scoreInstrument with the organisation’s settings', () => {
  it('adds `positive` under the chosen cut-offs; bands stay the published ones', () => {
    const vn = { ...DEFAULT_SCREENING_SETTINGS, cutOffs: { ...DEFAULT_SCREENING_SETTINGS.cutOffs, phq9: 'vn-methadone-hanoi' as const } };
    const answers = [1, 1, 1, 1, 1, 1, 0, 0, 0];
    expect(scoreInstrument('phq9', answers, DEFAULT_SCREENING_SETTINGS)).toEqual({ complete: true, total: 6, band: 'mild', flags: [], positive: false });
    expect(scoreInstrument('phq9', answers, vn)).toEqual({ complete: true, total: 6, band: 'mild', flags: [], positive: true });
    expect(scoreInstrument('phq9', answers)).not.toHaveProperty('positive');
  });
});
