import { z } from 'zod';
import { PublicCertificateView } from './certificates.ts';
import { CertificateLanguage, EligibilityGap, ParticipantQuestion, TestPhase, TestTakingProblem } from './courses.ts';
import { COURSE_MODULES } from './tests.ts';

/**
 * The courses API's answers (issue #7 §2), shared by the server's routes (src/server/courses) and
 * the web pages: courses and their test for trainers, a training's results and certificates, and
 * the participant's doors by registration code.
 */

/** A test's question as trainers read it: `correct` (the answer key) only for the course's own organisation. */
export const CourseQuestionOut = z.object({ id: z.string(), text: z.string(), options: z.array(z.string()), correct: z.array(z.number()).optional() });
export type CourseQuestionOut = z.infer<typeof CourseQuestionOut>;

export const CourseTestOut = z.object({
  id: z.string(),
  title: z.string(),
  questions: z.array(CourseQuestionOut),
  passPercent: z.number(),
  version: z.number(),
  /** Someone has sat it: its questions are frozen. */
  inUse: z.boolean(),
});
export type CourseTestOut = z.infer<typeof CourseTestOut>;

export const CourseOut = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  modules: z.array(z.enum(COURSE_MODULES)),
  version: z.number(),
  updatedAt: z.string(),
  test: CourseTestOut.nullable(),
});
export type CourseOut = z.infer<typeof CourseOut>;

/** One sitting of a test: right answers, questions, and the whole percent. */
export const AttemptScore = z.object({ score: z.number(), maxScore: z.number(), percent: z.number() });
export type AttemptScore = z.infer<typeof AttemptScore>;

export const CertificateSummary = z.object({ id: z.string(), code: z.string(), lang: CertificateLanguage, issuedOn: z.string(), byHandReason: z.string().nullable(), revoked: z.boolean() });
export type CertificateSummary = z.infer<typeof CertificateSummary>;

/** One active registration of a training, with the name they gave. */
export const ParticipantResult = z.object({
  registrationId: z.string(),
  name: z.string(),
  /** Cancelled after a certificate was issued: shown for that certificate (still valid, revocable), and out of the improvement. */
  registrationCancelled: z.boolean(),
  presentDays: z.array(z.string()),
  pre: AttemptScore.nullable(),
  post: AttemptScore.nullable(),
  eligible: z.boolean(),
  gaps: z.array(EligibilityGap),
  certificate: CertificateSummary.nullable(),
});
export type ParticipantResult = z.infer<typeof ParticipantResult>;

export const EventResults = z.object({
  eventId: z.string(),
  title: z.string(),
  days: z.array(z.string()),
  course: z.object({ id: z.string(), title: z.string() }).nullable(),
  test: z.object({ id: z.string(), title: z.string(), passPercent: z.number(), questions: z.number() }).nullable(),
  participants: z.array(ParticipantResult),
  /** The paired improvement (core's trainingImprovement without its pairs). */
  improvement: z.object({
    paired: z.number(),
    preOnly: z.number(),
    postOnly: z.number(),
    meanChange: z.number().nullable(),
    medianChange: z.number().nullable(),
    shareImproved: z.number().nullable(),
  }),
});
export type EventResults = z.infer<typeof EventResults>;

/** What the certificate's PDF prints: for its holder (by registration code) and its organisation's trainers. */
export const CertificateDocument = z.object({
  id: z.string(),
  code: z.string(),
  nameOnCertificate: z.string(),
  title: z.string(),
  eventTitle: z.string(),
  days: z.array(z.string()),
  organisers: z.array(z.string()),
  issuedOn: z.string(),
  lang: CertificateLanguage,
  revoked: z.boolean(),
});
export type CertificateDocument = z.infer<typeof CertificateDocument>;

/** The pre- or post-test as the participant sits it, without the answer key. */
export const PublicTest = z.object({
  eventTitle: z.string(),
  testTitle: z.string(),
  phase: TestPhase,
  questions: z.array(ParticipantQuestion),
  /** The score, when this phase was already sat. */
  taken: AttemptScore.nullable(),
  /** Why it cannot be sat now, when it cannot (a catalogue code). */
  closed: TestTakingProblem.nullable(),
  firstDay: z.string(),
});
export type PublicTest = z.infer<typeof PublicTest>;

/** For the confirmation page: whether the event has a test, the scores so far, whether a certificate was issued. */
export const TrainingStatus = z.object({
  eventTitle: z.string(),
  test: z.object({ pre: AttemptScore.nullable(), post: AttemptScore.nullable() }).nullable(),
  certificate: z.boolean(),
});
export type TrainingStatus = z.infer<typeof TrainingStatus>;

/** The public verification of a certificate code: what publicCertificateView picks, or that it was revoked. */
export const Verification = z.union([z.object({ status: z.literal('valid'), ...PublicCertificateView.shape }), z.object({ status: z.literal('revoked') })]);
export type Verification = z.infer<typeof Verification>;
