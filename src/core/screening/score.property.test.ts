import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTRUMENTS } from './instruments/index.ts';
import { scoreInstrument } from './score.ts';
import { ASSIST_RISK_BANDS, ASSIST_SUBSTANCES, type AssistSubstance, CSSRS_BANDS, SCALE_INSTRUMENTS, type ScaleInstrumentId } from './types.ts';

const scaleAnswers = (id: ScaleInstrumentId) =>
  fc.tuple(...INSTRUMENTS[id].items.map((item) => fc.constantFrom(...item.options.map((o) => o.value))));

const bandRank = (id: ScaleInstrumentId, band: string | undefined) => INSTRUMENTS[id].bands.findIndex((b) => b.id === band);

describe('scales: properties', () => {
  for (const id of SCALE_INSTRUMENTS) {
    it(`${id}: the total is the sum of the item scores and its band holds it`, () => {
      fc.assert(
        fc.property(scaleAnswers(id), (answers) => {
          const r = scoreInstrument(id, answers);
          expect(r.complete).toBe(true);
          expect(r.total).toBe(answers.reduce((a, b) => a + b, 0));
          const band = INSTRUMENTS[id].bands.find((b) => b.id === r.band)!;
          expect(band.min <= r.total! && r.total! <= band.max).toBe(true);
        }),
      );
    });

    it(`${id}: raising one item never lowers the band`, () => {
      fc.assert(
        fc.property(scaleAnswers(id), fc.nat(), (answers, k) => {
          const i = k % answers.length;
          const values = INSTRUMENTS[id].items[i]!.options.map((o) => o.value);
          const higher = values.filter((v) => v > answers[i]!);
          fc.pre(higher.length > 0);
          const raised = answers.map((a, j) => (j === i ? higher[0]! : a));
          expect(bandRank(id, scoreInstrument(id, raised).band)).toBeGreaterThanOrEqual(bandRank(id, scoreInstrument(id, answers).band));
        }),
      );
    });

    it(`${id}: any unanswered item gives no total and no band`, () => {
      fc.assert(
        fc.property(scaleAnswers(id), fc.nat(), (answers, k) => {
          const partial: (number | null)[] = [...answers];
          partial[k % partial.length] = null;
          const r = scoreInstrument(id, partial);
          expect(r.complete).toBe(false);
          expect(r.total).toBeUndefined();
          expect(r.band).toBeUndefined();
        }),
      );
    });

    it(`${id}: any value outside the item's options is refused`, () => {
      fc.assert(
        fc.property(scaleAnswers(id), fc.nat(), fc.oneof(fc.integer(), fc.double()), (answers, k, bad) => {
          const i = k % answers.length;
          fc.pre(!INSTRUMENTS[id].items[i]!.options.some((o) => o.value === bad));
          const wrong: unknown[] = [...answers];
          wrong[i] = bad;
          expect(() => scoreInstrument(id, wrong)).toThrow(/is not an answer/);
        }),
      );
    });
  }

  it('PHQ-9 flags suicide risk exactly when item 9 is above 0, answered or not elsewhere', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), { minLength: 9, maxLength: 9 }), (answers) => {
        const flagged = scoreInstrument('phq9', answers).flags.includes('suicide-risk');
        expect(flagged).toBe((answers[8] ?? 0) > 0);
      }),
    );
  });
});

const options = (q: string) => INSTRUMENTS.assist.items.find((i) => i.id === q)!.options.map((o) => o.value as number);

/** One substance's complete answers, as the ASSIST asks them. */
const substanceAnswers = (substance: AssistSubstance) =>
  fc
    .record({
      q1: fc.boolean(),
      q2: fc.constantFrom(...options('q2')),
      q3: fc.constantFrom(...options('q3')),
      q4: fc.constantFrom(...options('q4')),
      q5: fc.constantFrom(...options('q5')),
      q6: fc.constantFrom(...options('q6')),
      q7: fc.constantFrom(...options('q7')),
      q8: fc.constantFrom(0, 1, 2),
    })
    .map((a) => {
      if (!a.q1) return { expected: 0, answers: { q1: false } };
      const recent = a.q2 > 0;
      const asked = { q1: true, q2: a.q2, q6: a.q6, q7: a.q7, q8: a.q8, ...(recent ? { q3: a.q3, q4: a.q4, ...(substance === 'tobacco' ? {} : { q5: a.q5 }) } : {}) };
      const expected = a.q2 + a.q6 + a.q7 + (recent ? a.q3 + a.q4 + (substance === 'tobacco' ? 0 : a.q5) : 0);
      return { expected, answers: asked };
    });

describe('ASSIST: properties', () => {
  it('each substance scores the sum of its weights Q2–Q7 (Q5 not for tobacco, Q8 never), in the band that holds it', () => {
    const all = fc.tuple(...ASSIST_SUBSTANCES.map(substanceAnswers));
    fc.assert(
      fc.property(all, (perSubstance) => {
        const answers = Object.fromEntries(ASSIST_SUBSTANCES.map((s, i) => [s, perSubstance[i]!.answers]));
        const r = scoreInstrument('assist', answers);
        expect(r.complete).toBe(true);
        ASSIST_SUBSTANCES.forEach((s, i) => {
          const { score, band } = r.subscores![s]!;
          expect(score).toBe(perSubstance[i]!.expected);
          const low = s === 'alcohol' ? 10 : 3;
          expect(band).toBe(score <= low ? 'low' : score <= 26 ? 'moderate' : 'high');
        });
      }),
    );
  });

  it('bands are monotone in the score', () => {
    for (const s of ASSIST_SUBSTANCES) {
      const bands = INSTRUMENTS.assist.riskBands[s === 'alcohol' ? 'alcohol' : 'other'];
      let last = 0;
      for (let score = 0; score <= 39; score++) {
        const rank = ASSIST_RISK_BANDS.indexOf(bands.find((b) => b.min <= score && score <= b.max)!.id as never);
        expect(rank).toBeGreaterThanOrEqual(last);
        last = rank;
      }
    }
  });
});

describe('C-SSRS: properties', () => {
  const yesNo = fc.boolean();
  const complete = fc.record({ q1: yesNo, q2: yesNo, q3: yesNo, q4: yesNo, q5: yesNo, q6: yesNo, q6Recent: yesNo }).map((a) => ({
    q1: a.q1,
    q2: a.q2,
    ...(a.q2 ? { q3: a.q3, q4: a.q4, q5: a.q5 } : {}),
    q6: a.q6,
    ...(a.q6 ? { q6Recent: a.q6Recent } : {}),
  }));

  it('a further yes never lowers the band, and the flag is exactly moderate or high', () => {
    fc.assert(
      fc.property(complete, fc.constantFrom('q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q6Recent'), (answers, q) => {
        const r = scoreInstrument('cssrs', answers);
        expect(r.complete).toBe(true);
        expect(r.flags.includes('suicide-risk')).toBe(r.band === 'moderate' || r.band === 'high');
        const more: Record<string, boolean> = { ...answers, [q]: true };
        if (q === 'q2' && !answers.q2) Object.assign(more, { q3: false, q4: false, q5: false });
        if (q === 'q6' && !answers.q6) Object.assign(more, { q6Recent: false });
        if (q === 'q6Recent' && !more.q6) more.q6 = true;
        if (['q3', 'q4', 'q5'].includes(q) && !more.q2) Object.assign(more, { q2: true, q3: false, q4: false, q5: false, [q]: true });
        const after = scoreInstrument('cssrs', more);
        expect(CSSRS_BANDS.indexOf(after.band as never)).toBeGreaterThanOrEqual(CSSRS_BANDS.indexOf(r.band as never));
      }),
    );
  });
});
