import { z } from 'zod';

/**
 * Courses and their pre- and post-tests (issue #7 §2): multiple choice, scored automatically,
 * and each training's improvement from the pre-test to the post-test.
 */

export const COURSE_MODULES = [
  'motivational_interviewing',
  'mental_health_first_response',
  'contemplation_groups',
  'iec_materials',
  'commodities',
  'outreach',
  'attracting_new_people',
] as const;
export const CourseModule = z.enum(COURSE_MODULES);
export type CourseModule = z.infer<typeof CourseModule>;

const unique = <T>(xs: readonly T[]) => new Set(xs).size === xs.length;

export const Course = z.strictObject({
  id: z.uuid(),
  title: z.string().trim().min(2, 'at least 2 characters').max(200, 'at most 200 characters'),
  description: z.string().trim().max(4000, 'at most 4000 characters').optional(),
  modules: z.array(CourseModule).min(1, 'at least one module').refine(unique, 'list each module once'),
});
export type Course = z.infer<typeof Course>;

/**
 * A question has 2–6 options and one or several correct ones (a "choose all that apply"
 * question is common in harm-reduction teaching: several commodities prevent the same harm).
 * Never all correct: such a question tests nothing. `correct` holds option indexes.
 */
export const TestQuestion = z
  .strictObject({
    id: z.string().trim().min(1).max(40),
    text: z.string().trim().min(1, 'write the question').max(1000, 'at most 1000 characters'),
    options: z.array(z.string().trim().min(1, 'write every option, or remove the empty ones').max(300, 'at most 300 characters')).min(2, 'at least 2 options').max(6, 'at most 6 options'),
    correct: z.array(z.int().nonnegative()).min(1, 'mark at least one correct option').refine(unique, 'mark each correct option once'),
  })
  .superRefine((q, ctx) => {
    if (q.correct.some((i) => i >= q.options.length)) ctx.addIssue({ code: 'custom', path: ['correct'], message: 'a correct answer must be one of the options' });
    if (q.correct.length >= q.options.length) ctx.addIssue({ code: 'custom', path: ['correct'], message: 'not all options can be correct' });
  });
export type TestQuestion = z.infer<typeof TestQuestion>;

/** One test serves as a course's pre-test and post-test, so the two scores compare like with like. */
export const TrainingTest = z.strictObject({
  id: z.uuid(),
  courseId: z.uuid(),
  title: z.string().trim().min(2, 'at least 2 characters').max(200, 'at most 200 characters'),
  questions: z
    .array(TestQuestion)
    .min(1, 'at least one question')
    .max(100)
    .refine((qs) => unique(qs.map((q) => q.id)), 'each question needs its own id'),
});
export type TrainingTest = z.infer<typeof TrainingTest>;

/** Options chosen, by question id. */
export type TestAnswers = Readonly<Record<string, readonly number[]>>;

export interface TestScore {
  correct: number;
  total: number;
  /** Whole percent, rounded half up. */
  percent: number;
}

/**
 * All or nothing per question: right only when the options chosen are exactly the correct ones
 * (no partial credit, so guessing every option of a several-correct question earns nothing).
 * Unanswered questions are wrong; answers to unknown questions are ignored.
 */
export function scoreTest(test: Pick<TrainingTest, 'questions'>, answers: TestAnswers): TestScore {
  let correct = 0;
  for (const q of test.questions) {
    const chosen = new Set(answers[q.id] ?? []);
    if (chosen.size === q.correct.length && q.correct.every((i) => chosen.has(i))) correct++;
  }
  const total = test.questions.length;
  return { correct, total, percent: Math.round((100 * correct) / total) };
}

export interface PersonScore {
  personId: string;
  percent: number;
}

export interface TrainingImprovement {
  /** In the order people first appear among the pre-tests. */
  pairs: { personId: string; pre: number; post: number; change: number }[];
  paired: number;
  /** People with only one of the two tests: counted, left out of the summary. */
  preOnly: number;
  postOnly: number;
  /** In percentage points; null when nobody sat both. */
  meanChange: number | null;
  medianChange: number | null;
  /** Share (0–1) of paired people whose score rose. */
  shareImproved: number | null;
}

/**
 * Paired change from pre-test to post-test. Only people with both count: comparing the mean of
 * everyone's pre-test with the mean of everyone's post-test would credit the course with the
 * difference between who came on the first and the last day. A person who sat a test twice: the
 * first pre-test (before any teaching) and the last post-test count.
 */
export function trainingImprovement(pre: readonly PersonScore[], post: readonly PersonScore[]): TrainingImprovement {
  const firstPre = new Map<string, number>();
  for (const s of pre) if (!firstPre.has(s.personId)) firstPre.set(s.personId, s.percent);
  const lastPost = new Map<string, number>();
  for (const s of post) lastPost.set(s.personId, s.percent);

  const pairs: TrainingImprovement['pairs'] = [];
  for (const [personId, p] of firstPre) {
    const q = lastPost.get(personId);
    if (q !== undefined) pairs.push({ personId, pre: p, post: q, change: q - p });
  }
  const n = pairs.length;
  const preOnly = firstPre.size - n;
  const postOnly = [...lastPost.keys()].filter((id) => !firstPre.has(id)).length;
  if (n === 0) return { pairs, paired: 0, preOnly, postOnly, meanChange: null, medianChange: null, shareImproved: null };

  const changes = pairs.map((p) => p.change).sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  const medianChange = n % 2 === 1 ? changes[mid]! : (changes[mid - 1]! + changes[mid]!) / 2;
  const meanChange = changes.reduce((a, b) => a + b, 0) / n;
  return { pairs, paired: n, preOnly, postOnly, meanChange, medianChange, shareImproved: changes.filter((c) => c > 0).length / n };
}
