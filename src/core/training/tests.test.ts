import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COURSE_MODULES, Course, scoreTest, TrainingTest, trainingImprovement } from './tests.ts';

const q = (id: string, correct: number[], n = 4) => ({ id, text: `Câu ${id}`, options: Array.from({ length: n }, (_, i) => `Lựa chọn ${i + 1}`), correct });
const test = TrainingTest.parse({ id: '0190a1b2-0000-7000-8000-00000000000a', courseId: '0190a1b2-0000-7000-8000-00000000000b', title: 'Kiểm tra MI', questions: [q('q1', [0]), q('q2', [1, 3]), q('q3', [2], 3), q('q4', [1], 2)] });

describe('Course', () => {
  it('lists the issue’s modules, each once', () => {
    expect(COURSE_MODULES).toContain('motivational_interviewing');
    expect(Course.safeParse({ id: '0190a1b2-0000-7000-8000-00000000000b', title: 'Khoá A', modules: ['outreach', 'iec_materials'] }).success).toBe(true);
    expect(Course.safeParse({ id: '0190a1b2-0000-7000-8000-00000000000b', title: 'Khoá A', modules: ['outreach', 'outreach'] }).success).toBe(false);
    expect(Course.safeParse({ id: '0190a1b2-0000-7000-8000-00000000000b', title: 'Khoá A', modules: [] }).success).toBe(false);
  });
});

describe('TrainingTest', () => {
  const msg = (questions: unknown[]) => TrainingTest.safeParse({ ...test, questions }).error?.issues.map((i) => i.message).join(' | ') ?? '';
  it('takes questions with 2–6 options and one or several correct, but not all', () => {
    expect(msg([q('a', [0], 1)])).toMatch(/2/);
    expect(msg([q('a', [0], 7)])).toMatch(/6/);
    expect(msg([q('a', [], 3)])).toMatch(/correct/i);
    expect(msg([q('a', [0, 1, 2], 3)])).toMatch(/not all/i);
    expect(msg([q('a', [3], 3)])).toMatch(/option/i);
    expect(msg([q('a', [1, 1], 3)])).toMatch(/once/i);
    expect(msg([q('a', [0]), q('a', [1])])).toMatch(/id/i);
    expect(msg([])).not.toBe('');
  });
});

describe('scoreTest', () => {
  it('counts a question right only when exactly its correct options were chosen', () => {
    expect(scoreTest(test, { q1: [0], q2: [3, 1], q3: [2], q4: [1] })).toEqual({ correct: 4, total: 4, percent: 100 });
    expect(scoreTest(test, { q1: [0], q2: [1], q3: [2, 0] })).toEqual({ correct: 1, total: 4, percent: 25 });
    expect(scoreTest(test, {})).toEqual({ correct: 0, total: 4, percent: 0 });
  });

  it('ignores answers to questions the test does not have, and repeated choices', () => {
    expect(scoreTest(test, { q1: [0, 0], zz: [1] })).toEqual({ correct: 1, total: 4, percent: 25 });
  });

  it('rounds the percent to a whole number', () => {
    const three = TrainingTest.parse({ ...test, questions: [q('a', [0]), q('b', [0]), q('c', [0])] });
    expect(scoreTest(three, { a: [0] }).percent).toBe(33);
    expect(scoreTest(three, { a: [0], b: [0] }).percent).toBe(67);
  });

  it('is between 0 and total, and choosing exactly the key scores full (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('q1', 'q2', 'q3', 'q4'), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 })), (answers) => {
        const s = scoreTest(test, answers);
        expect(s.correct).toBeGreaterThanOrEqual(0);
        expect(s.correct).toBeLessThanOrEqual(s.total);
        expect(s.percent).toBe(Math.round((100 * s.correct) / s.total));
      }),
    );
    expect(scoreTest(test, Object.fromEntries(test.questions.map((x) => [x.id, x.correct]))).percent).toBe(100);
  });
});

describe('trainingImprovement', () => {
  it('pairs each person’s pre and post, and summarises only people with both', () => {
    const r = trainingImprovement(
      [{ personId: 'a', percent: 40 }, { personId: 'b', percent: 60 }, { personId: 'c', percent: 50 }, { personId: 'only-pre', percent: 10 }],
      [{ personId: 'a', percent: 80 }, { personId: 'b', percent: 60 }, { personId: 'c', percent: 40 }, { personId: 'only-post', percent: 90 }],
    );
    expect(r.pairs).toEqual([
      { personId: 'a', pre: 40, post: 80, change: 40 },
      { personId: 'b', pre: 60, post: 60, change: 0 },
      { personId: 'c', pre: 50, post: 40, change: -10 },
    ]);
    expect(r).toMatchObject({ paired: 3, preOnly: 1, postOnly: 1, meanChange: 10, medianChange: 0, shareImproved: 1 / 3 });
  });

  it('takes the first pre-test and the last post-test of a person who sat one twice', () => {
    const r = trainingImprovement([{ personId: 'a', percent: 20 }, { personId: 'a', percent: 50 }], [{ personId: 'a', percent: 60 }, { personId: 'a', percent: 90 }]);
    expect(r.pairs).toEqual([{ personId: 'a', pre: 20, post: 90, change: 70 }]);
  });

  it('gives null summaries when nobody sat both', () => {
    expect(trainingImprovement([{ personId: 'a', percent: 20 }], [])).toEqual({ pairs: [], paired: 0, preOnly: 1, postOnly: 0, meanChange: null, medianChange: null, shareImproved: null });
  });

  it('median of an even count is the mean of the middle two', () => {
    const r = trainingImprovement(
      ['a', 'b', 'c', 'd'].map((personId) => ({ personId, percent: 50 })),
      [['a', 60], ['b', 70], ['c', 50], ['d', 90]].map(([personId, percent]) => ({ personId: personId as string, percent: percent as number })),
    );
    expect(r.medianChange).toBe(15);
  });

  it('mean and median lie between the smallest and largest change; the share is in [0, 1] (property)', () => {
    const score = fc.integer({ min: 0, max: 100 });
    fc.assert(
      fc.property(fc.array(fc.tuple(score, score), { minLength: 1, maxLength: 40 }), (xs) => {
        const r = trainingImprovement(xs.map(([p], i) => ({ personId: `p${i}`, percent: p })), xs.map(([, p], i) => ({ personId: `p${i}`, percent: p })));
        const changes = xs.map(([a, b]) => b - a);
        const lo = Math.min(...changes);
        const hi = Math.max(...changes);
        expect(r.paired).toBe(xs.length);
        expect(r.meanChange! >= lo - 1e-9 && r.meanChange! <= hi + 1e-9).toBe(true);
        expect(r.medianChange! >= lo && r.medianChange! <= hi).toBe(true);
        expect(r.shareImproved).toBe(changes.filter((c) => c > 0).length / xs.length);
      }),
    );
  });
});
