import { z } from 'zod';
import { CERTIFICATE_LANGUAGES } from './certificates.ts';
import { Course, COURSE_MODULES, TrainingTest, type CourseModule, type TestScore, type TrainingTest as Test } from './tests.ts';

/**
 * Courses as trainers keep them (issue #7 §2): the modules taught, the pre/post test a course
 * carries, who may sit which test when, and who gets a certificate. Pure; the server stores.
 */

/** The issue's modules with their names in both languages, in the issue's order. */
export const MODULES: readonly { id: CourseModule; vi: string; en: string }[] = [
  { id: 'motivational_interviewing', vi: 'Phỏng vấn tạo động lực', en: 'Motivational interviewing' },
  { id: 'mental_health_first_response', vi: 'Ứng phó ban đầu về sức khỏe tâm thần', en: 'Mental-health first response' },
  { id: 'contemplation_groups', vi: 'Nhóm cân nhắc thay đổi', en: 'Contemplation groups' },
  { id: 'iec_materials', vi: 'Tài liệu truyền thông (IEC)', en: 'IEC materials' },
  { id: 'commodities', vi: 'Vật phẩm giảm hại', en: 'Harm-reduction commodities' },
  { id: 'outreach', vi: 'Tiếp cận cộng đồng', en: 'Outreach' },
  { id: 'attracting_new_people', vi: 'Thu hút người mới đến dịch vụ', en: 'Attracting new people to services' },
];
if (MODULES.length !== COURSE_MODULES.length) throw new Error('Every course module needs its labels');

export function moduleLabel(id: CourseModule, lang: 'vi' | 'en'): string {
  return MODULES.find((m) => m.id === id)?.[lang] ?? id;
}

/**
 * A course as a trainer writes it. A course is written in one language (its title, description
 * and test are the trainer's words, not translated by us); the pages and the certificate around
 * it come in Vietnamese or English.
 */
export const CourseInput = Course.omit({ id: true });
export type CourseInput = z.infer<typeof CourseInput>;

/**
 * The pass mark of the post-test, in whole percent. 70 is our default, not a standard: trainers
 * of the Hanoi field lab asked for a bar most people who attended every session clear. 0 makes
 * sitting the post-test enough (some trainings test to measure teaching, not people).
 */
export const DEFAULT_PASS_PERCENT = 70;

/** A course's test as the trainer edits it: the same questions serve as pre-test and post-test. */
export const TestInput = z.strictObject({
  title: TrainingTest.shape.title,
  questions: TrainingTest.shape.questions,
  passPercent: z.int().min(0, 'from 0').max(100, 'at most 100').default(DEFAULT_PASS_PERCENT),
});
export type TestInput = z.infer<typeof TestInput>;

export const TEST_PHASES = ['pre', 'post'] as const;
export const TestPhase = z.enum(TEST_PHASES);
export type TestPhase = z.infer<typeof TestPhase>;

/** A question as a participant sees it: never which options are correct, only whether to pick one or several. */
export const ParticipantQuestion = z.object({ id: z.string(), text: z.string(), options: z.array(z.string()), multiple: z.boolean() });
export type ParticipantQuestion = z.infer<typeof ParticipantQuestion>;

export function participantQuestions(test: Pick<Test, 'questions'>): ParticipantQuestion[] {
  return test.questions.map((q) => ({ id: q.id, text: q.text, options: [...q.options], multiple: q.correct.length > 1 }));
}

/** Answers as sent: option indexes by question id (scoreTest ignores unknown questions). */
export const TestSubmission = z.strictObject({
  answers: z
    .record(z.string().min(1).max(40), z.array(z.int().min(0).max(5)).max(6))
    .refine((a) => Object.keys(a).length <= 100, 'at most 100 answers'),
});
export type TestSubmission = z.infer<typeof TestSubmission>;

export const TestTakingProblem = z.enum(['TEST_ALREADY_TAKEN', 'TEST_PRE_AFTER_POST', 'TEST_POST_NOT_OPEN']);
export type TestTakingProblem = z.infer<typeof TestTakingProblem>;

/**
 * Whether a registered person may sit `phase` now. Each phase once (a second try would make the
 * improvement measure practice, not teaching); no pre-test after the post-test; the post-test opens
 * on the event's first day (a one-day workshop tests at its end). Dates are the organiser's local days.
 */
export function testTakingProblem(phase: TestPhase, a: { today: string; firstDay: string; taken: readonly TestPhase[] }): TestTakingProblem | null {
  if (a.taken.includes(phase)) return 'TEST_ALREADY_TAKEN';
  if (phase === 'pre' && a.taken.includes('post')) return 'TEST_PRE_AFTER_POST';
  if (phase === 'post' && a.today < a.firstDay) return 'TEST_POST_NOT_OPEN';
  return null;
}

export const EligibilityGap = z.union([
  z.object({ kind: z.literal('absent'), day: z.string() }),
  z.object({ kind: z.literal('post_test_not_taken') }),
  z.object({ kind: z.literal('post_test_below_pass'), percent: z.number(), passPercent: z.number() }),
]);
export type EligibilityGap = z.infer<typeof EligibilityGap>;

export interface EligibilityInput {
  /** The event's days. */
  days: readonly string[];
  /** Days the person was checked in. */
  presentDays: readonly string[];
  /** The course's test, when the event teaches a course that has one. */
  test: { passPercent: number } | null;
  /** The person's post-test score, when taken. */
  post: Pick<TestScore, 'percent'> | null;
}

/**
 * Who earns a certificate (Fieldlab's rule, docs/training.md): present on every day of the event,
 * and, when the event's course has a test, the post-test taken with at least its pass mark. Every
 * gap is listed so the trainer sees why. A trainer may still issue a certificate by hand (a person
 * missed half a day for a clinic appointment): the reason is recorded with it.
 */
export function certificateEligibility(p: EligibilityInput): { eligible: boolean; gaps: EligibilityGap[] } {
  const present = new Set(p.presentDays);
  const gaps: EligibilityGap[] = p.days.filter((d) => !present.has(d)).map((day) => ({ kind: 'absent', day }));
  if (p.test) {
    if (!p.post) gaps.push({ kind: 'post_test_not_taken' });
    else if (p.post.percent < p.test.passPercent) gaps.push({ kind: 'post_test_below_pass', percent: p.post.percent, passPercent: p.test.passPercent });
  }
  return { eligible: gaps.length === 0, gaps };
}

export const CertificateLanguage = z.enum(CERTIFICATE_LANGUAGES);

/** Issue to everyone eligible who has none yet; or to one person by hand, with the reason. */
export const IssueCertificates = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('eligible'), lang: CertificateLanguage }),
  z.strictObject({
    kind: z.literal('by_hand'),
    registrationId: z.uuid(),
    lang: CertificateLanguage,
    reason: z.string().trim().min(5, 'say why, in a few words').max(500),
  }),
]);
export type IssueCertificates = z.infer<typeof IssueCertificates>;

export const RevokeCertificate = z.strictObject({ reason: z.string().trim().min(5, 'say why, in a few words').max(500) });
