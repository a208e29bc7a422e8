import { describe, expect, it } from 'vitest';
import { certificateEligibility, CourseInput, IssueCertificates, MODULES, moduleLabel, participantQuestions, TestInput, TestSubmission, testTakingProblem } from './courses.ts';
import { COURSE_MODULES } from './tests.ts';

const q = (id: string, correct: number[], n = 3) => ({ id, text: `Câu ${id}`, options: Array.from({ length: n }, (_, i) => `Lựa chọn ${i + 1}`), correct });

describe('MODULES', () => {
  it('labels every module of the issue in Vietnamese and English, in its order', () => {
    expect(MODULES.map((m) => m.id)).toEqual([...COURSE_MODULES]);
    for (const m of MODULES) expect(m.vi).not.toBe(m.en);
    expect(moduleLabel('outreach', 'vi')).toBe('Tiếp cận cộng đồng');
    expect(moduleLabel('motivational_interviewing', 'en')).toBe('Motivational interviewing');
  });
});

describe('CourseInput and TestInput', () => {
  it('takes a title, modules and an optional description', () => {
    expect(CourseInput.safeParse({ title: 'Phỏng vấn tạo động lực cơ bản', modules: ['motivational_interviewing'], description: 'Hai ngày' }).success).toBe(true);
    expect(CourseInput.safeParse({ title: 'A', modules: ['outreach'] }).success).toBe(false);
    expect(CourseInput.safeParse({ title: 'Khoá', modules: [] }).success).toBe(false);
    expect(CourseInput.safeParse({ title: 'Khoá', modules: ['outreach'], extra: 1 }).success).toBe(false);
  });

  it('defaults the pass mark to 70 and keeps it within 0–100', () => {
    expect(TestInput.parse({ title: 'Kiểm tra', questions: [q('a', [0])] }).passPercent).toBe(70);
    expect(TestInput.safeParse({ title: 'Kiểm tra', questions: [q('a', [0])], passPercent: 101 }).success).toBe(false);
    expect(TestInput.safeParse({ title: 'Kiểm tra', questions: [] }).success).toBe(false);
  });
});

describe('participantQuestions', () => {
  it('never carries the correct options, only whether several may be chosen', () => {
    const shown = participantQuestions({ questions: [q('a', [0]), q('b', [0, 2])] });
    expect(shown).toEqual([
      { id: 'a', text: 'Câu a', options: ['Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3'], multiple: false },
      { id: 'b', text: 'Câu b', options: ['Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3'], multiple: true },
    ]);
    expect(JSON.stringify(shown)).not.toContain('correct');
  });
});

describe('TestSubmission', () => {
  it('takes option indexes by question id, within bounds', () => {
    expect(TestSubmission.safeParse({ answers: { a: [0], b: [1, 2] } }).success).toBe(true);
    expect(TestSubmission.safeParse({ answers: { a: [6] } }).success).toBe(false);
    expect(TestSubmission.safeParse({ answers: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`q${i}`, [0]])) }).success).toBe(false);
  });
});

describe('testTakingProblem', () => {
  const at = { today: '2026-12-01', firstDay: '2026-12-01', taken: [] as ('pre' | 'post')[] };
  it('lets each phase be sat once, the pre-test before the post-test, the post-test from the first day', () => {
    expect(testTakingProblem('pre', at)).toBeNull();
    expect(testTakingProblem('post', at)).toBeNull();
    expect(testTakingProblem('pre', { ...at, taken: ['pre'] })).toBe('TEST_ALREADY_TAKEN');
    expect(testTakingProblem('post', { ...at, taken: ['pre', 'post'] })).toBe('TEST_ALREADY_TAKEN');
    expect(testTakingProblem('pre', { ...at, taken: ['post'] })).toBe('TEST_PRE_AFTER_POST');
    expect(testTakingProblem('post', { ...at, today: '2026-11-30' })).toBe('TEST_POST_NOT_OPEN');
    expect(testTakingProblem('pre', { ...at, today: '2026-11-30' })).toBeNull();
  });
});

describe('certificateEligibility', () => {
  const days = ['2026-12-01', '2026-12-02'];
  it('needs every day present, and a passed post-test when the course has a test', () => {
    expect(certificateEligibility({ days, presentDays: days, test: null, post: null })).toEqual({ eligible: true, gaps: [] });
    expect(certificateEligibility({ days, presentDays: days, test: { passPercent: 70 }, post: { percent: 70 } }).eligible).toBe(true);
    expect(certificateEligibility({ days, presentDays: ['2026-12-02'], test: { passPercent: 70 }, post: { percent: 60 } })).toEqual({
      eligible: false,
      gaps: [
        { kind: 'absent', day: '2026-12-01' },
        { kind: 'post_test_below_pass', percent: 60, passPercent: 70 },
      ],
    });
    expect(certificateEligibility({ days, presentDays: days, test: { passPercent: 0 }, post: null }).gaps).toEqual([{ kind: 'post_test_not_taken' }]);
    expect(certificateEligibility({ days, presentDays: days, test: { passPercent: 0 }, post: { percent: 0 } }).eligible).toBe(true);
  });

  it('ignores check-ins on days that are not the event’s', () => {
    expect(certificateEligibility({ days, presentDays: ['2026-12-01', '2026-12-03'], test: null, post: null }).gaps).toEqual([{ kind: 'absent', day: '2026-12-02' }]);
  });
});

describe('IssueCertificates', () => {
  it('needs a reason to issue by hand', () => {
    expect(IssueCertificates.safeParse({ kind: 'eligible', lang: 'vi' }).success).toBe(true);
    const byHand = { kind: 'by_hand', registrationId: '0190a1b2-0000-7000-8000-00000000000a', lang: 'en' };
    expect(IssueCertificates.safeParse(byHand).success).toBe(false);
    expect(IssueCertificates.safeParse({ ...byHand, reason: 'ok' }).success).toBe(false);
    expect(IssueCertificates.safeParse({ ...byHand, reason: 'Vắng nửa ngày vì đi khám' }).success).toBe(true);
  });
});
