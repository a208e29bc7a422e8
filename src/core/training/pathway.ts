import { z } from 'zod';

/**
 * The train-the-trainer pathway (issue #7 §3): participant → trainer candidate → co-facilitator →
 * certified trainer. An admin sets what each stage after the first requires; `progress` shows a
 * person what is met and missing; `mayPromote` decides a promotion and says every reason it
 * cannot happen yet. A promotion moves one stage and records who approved it.
 */

export const PATHWAY_STAGES = ['participant', 'trainer_candidate', 'co_facilitator', 'certified_trainer'] as const;
export const PathwayStage = z.enum(PATHWAY_STAGES);
export type PathwayStage = z.infer<typeof PathwayStage>;
export type PromotedStage = Exclude<PathwayStage, 'participant'>;

/**
 * An observation rubric for facilitating a training or a group session. It is our own, not a
 * validated instrument. The 1–5 scale and the two relational items (partnership, empathy) follow
 * the global scores of the Motivational Interviewing Treatment Integrity code, MITI 4.2.1
 * (Moyers, Manuel & Ernst, 2014, revised 2015), where 1 is low and 5 high; the other items are
 * what our trainers watch for in a session with peers. The observed-session score is the mean
 * of the items, so an admin's threshold reads on the same 1–5 scale (MITI's "good" relational
 * threshold is a mean of 4, its "fair" one 3.5: a reasonable range to choose from).
 */
export const RUBRIC = [
  { id: 'partnership', en: 'Partnership: works with participants as equals, draws on their experience', vi: 'Hợp tác: làm việc bình đẳng với học viên, dựa vào kinh nghiệm của họ' },
  { id: 'empathy', en: 'Empathy: understands and reflects participants’ views without judgement', vi: 'Thấu cảm: hiểu và phản hồi quan điểm của học viên, không phán xét' },
  { id: 'accuracy', en: 'Accurate, non-stigmatising content on stimulants and harm reduction', vi: 'Nội dung chính xác, không kỳ thị về chất kích thích và giảm hại' },
  { id: 'participation', en: 'Active participation: questions, practice and role-play, not lecture only', vi: 'Học viên tham gia tích cực: hỏi đáp, thực hành, đóng vai, không chỉ giảng' },
  { id: 'time_and_safety', en: 'Keeps time and a safe space; handles distress or conflict', vi: 'Giữ thời gian và không gian an toàn; xử lý căng thẳng hoặc xung đột' },
] as const;
export type RubricItemId = (typeof RUBRIC)[number]['id'];
export const RUBRIC_MIN = 1;
export const RUBRIC_MAX = 5;

/** The mean of the item scores, or null when any item is missing or not a whole 1–5. */
export function observationScore(scores: Readonly<Record<string, number>>): number | null {
  let sum = 0;
  for (const item of RUBRIC) {
    const s = scores[item.id];
    if (s === undefined || !Number.isInteger(s) || s < RUBRIC_MIN || s > RUBRIC_MAX) return null;
    sum += s;
  }
  return sum / RUBRIC.length;
}

export const StageRequirements = z.strictObject({
  coursesRequired: z
    .array(z.uuid())
    .max(50)
    .refine((xs) => new Set(xs).size === xs.length, 'list each course once'),
  minCoFacilitatedSessions: z.int().min(0).max(1000),
  /** An observed session scored on RUBRIC by a certified trainer, with at least this mean; null: none needed. */
  observedSession: z.strictObject({ minMeanScore: z.number().min(RUBRIC_MIN).max(RUBRIC_MAX, `at most ${RUBRIC_MAX}, the top of the rubric`) }).nullable(),
});
export type StageRequirements = z.infer<typeof StageRequirements>;

/** Set by an admin: what moving into each stage requires (participant is where everyone starts). */
export const PathwayRequirements = z.strictObject({
  trainer_candidate: StageRequirements,
  co_facilitator: StageRequirements,
  certified_trainer: StageRequirements,
});
export type PathwayRequirements = z.infer<typeof PathwayRequirements>;

export interface Observation {
  observerId: string;
  /** Whether the observer was a certified trainer when observing (their stage may change later). */
  observerWasCertifiedTrainer: boolean;
  scores: Readonly<Record<string, number>>;
}

export interface PathwayPerson {
  personId: string;
  stage: PathwayStage;
  coursesCompleted: readonly string[];
  coFacilitatedSessions: number;
  observations: readonly Observation[];
}

export type Requirement =
  | { kind: 'course'; courseId: string }
  | { kind: 'co_facilitated_sessions'; required: number; have: number }
  /** `best`: the best counting observation's mean score, null when none counts. */
  | { kind: 'observed_session'; minMeanScore: number; best: number | null };

export interface PathwayProgress {
  stage: PathwayStage;
  nextStage: PromotedStage | null;
  met: Requirement[];
  missing: Requirement[];
}

export function nextStageAfter(stage: PathwayStage): PromotedStage | null {
  return (PATHWAY_STAGES[PATHWAY_STAGES.indexOf(stage) + 1] as PromotedStage | undefined) ?? null;
}

/**
 * Where a person stands: each requirement of the next stage, met or missing. An observation
 * counts only when a certified trainer other than the person observed it and scored every item.
 */
export function progress(person: PathwayPerson, requirements: PathwayRequirements): PathwayProgress {
  const nextStage = nextStageAfter(person.stage);
  const met: Requirement[] = [];
  const missing: Requirement[] = [];
  if (nextStage === null) return { stage: person.stage, nextStage, met, missing };
  const r = requirements[nextStage];

  const done = new Set(person.coursesCompleted);
  for (const courseId of r.coursesRequired) (done.has(courseId) ? met : missing).push({ kind: 'course', courseId });

  const sessions = { kind: 'co_facilitated_sessions', required: r.minCoFacilitatedSessions, have: person.coFacilitatedSessions } as const;
  (person.coFacilitatedSessions >= r.minCoFacilitatedSessions ? met : missing).push(sessions);

  if (r.observedSession) {
    const counting = person.observations
      .filter((o) => o.observerWasCertifiedTrainer && o.observerId !== person.personId)
      .map((o) => observationScore(o.scores))
      .filter((s): s is number => s !== null);
    const best = counting.length ? Math.max(...counting) : null;
    const observed = { kind: 'observed_session', minMeanScore: r.observedSession.minMeanScore, best } as const;
    (best !== null && best >= r.observedSession.minMeanScore ? met : missing).push(observed);
  }
  return { stage: person.stage, nextStage, met, missing };
}

export interface Approver {
  personId: string;
  stage: PathwayStage;
  /** An admin of the organisation (role `admin`). */
  isAdmin: boolean;
}

export type PromotionRefusal =
  | { code: 'ALREADY_AT_TOP' }
  | { code: 'NOT_FORWARD' }
  | { code: 'SKIPS_A_STAGE' }
  | { code: 'APPROVER_NOT_ALLOWED' }
  | { code: 'SELF_APPROVAL' }
  | { code: 'REQUIREMENTS_NOT_MET'; missing: Requirement[] };

export type PromotionDecision = { ok: true; from: PathwayStage; to: PromotedStage; approvedBy: string } | { ok: false; reasons: PromotionRefusal[] };

/**
 * Whether `approver` may promote `person` to `to`. Every reason is given at once, so the screen
 * can say all that stands in the way. Only the next stage (no skipping, no demotion through
 * this door); the approver must be a certified trainer or an admin, and never the person
 * themselves, even an admin. The requirements are those of `to`, checked by `progress`.
 */
export function mayPromote(person: PathwayPerson, requirements: PathwayRequirements, approver: Approver, to: PathwayStage): PromotionDecision {
  const reasons: PromotionRefusal[] = [];
  const next = nextStageAfter(person.stage);
  const from = PATHWAY_STAGES.indexOf(person.stage);
  const target = PATHWAY_STAGES.indexOf(to);
  if (next === null) reasons.push({ code: 'ALREADY_AT_TOP' });
  else if (target <= from) reasons.push({ code: 'NOT_FORWARD' });
  else if (target > from + 1) reasons.push({ code: 'SKIPS_A_STAGE' });
  if (!approver.isAdmin && approver.stage !== 'certified_trainer') reasons.push({ code: 'APPROVER_NOT_ALLOWED' });
  if (approver.personId === person.personId) reasons.push({ code: 'SELF_APPROVAL' });
  if (next !== null) {
    const { missing } = progress(person, requirements);
    if (missing.length) reasons.push({ code: 'REQUIREMENTS_NOT_MET', missing });
  }
  if (reasons.length || next === null) return { ok: false, reasons };
  return { ok: true, from: person.stage, to: next, approvedBy: approver.personId };
}

/** What a promotion records: who moved, from and to which stage, who approved it, when. */
export const Promotion = z.strictObject({
  personId: z.uuid(),
  from: PathwayStage,
  to: PathwayStage.exclude(['participant']),
  approvedBy: z.uuid(),
  approvedAt: z.iso.datetime({ offset: true }),
});
export type Promotion = z.infer<typeof Promotion>;

/**
 * What an organisation's pathway asks for until an admin sets its own: nothing to become a
 * trainer candidate; two co-facilitated sessions to become a co-facilitator; four more and an
 * observed session with a mean of 4 (MITI's "good" relational threshold) to be certified. No
 * course is required by default, since courses differ between organisations.
 */
export const DEFAULT_PATHWAY_REQUIREMENTS: PathwayRequirements = {
  trainer_candidate: { coursesRequired: [], minCoFacilitatedSessions: 0, observedSession: null },
  co_facilitator: { coursesRequired: [], minCoFacilitatedSessions: 2, observedSession: null },
  certified_trainer: { coursesRequired: [], minCoFacilitatedSessions: 6, observedSession: { minMeanScore: 4 } },
};

/** Every rubric item scored as a whole number 1–5. */
export const RubricScores = z.strictObject(
  Object.fromEntries(RUBRIC.map((item) => [item.id, z.int().min(RUBRIC_MIN).max(RUBRIC_MAX)])) as Record<RubricItemId, z.ZodInt>,
);
export type RubricScores = z.infer<typeof RubricScores>;

/**
 * An observed session, as a trainer records it: the scores, when, and which session — an event,
 * a group session, or (for one held elsewhere) a short description; exactly one of the three.
 */
export const ObservationInput = z
  .strictObject({
    scores: RubricScores,
    at: z.iso.datetime({ offset: true }),
    eventId: z.uuid().nullable().default(null),
    groupSessionId: z.uuid().nullable().default(null),
    sessionDescription: z.string().trim().min(1).max(200).nullable().default(null),
    note: z.string().trim().max(2000).nullable().default(null),
  })
  .refine((o) => [o.eventId, o.groupSessionId, o.sessionDescription].filter((x) => x !== null).length === 1, {
    message: 'name the session observed: one event, one group session, or a description',
    path: ['sessionDescription'],
  });
export type ObservationInput = z.infer<typeof ObservationInput>;

/** A trainer's record that a person co-facilitated (part of) a training event with other facilitators. */
export const CoFacilitationInput = z.strictObject({
  eventId: z.uuid(),
  note: z.string().trim().max(500).nullable().default(null),
});
export type CoFacilitationInput = z.infer<typeof CoFacilitationInput>;

/** A promotion asked for: `from` is the stage the approver saw, so a change in between is noticed. */
export const PromotionRequest = z.strictObject({ from: PathwayStage, to: PathwayStage });
export type PromotionRequest = z.infer<typeof PromotionRequest>;

/** The settings as an admin saves them: `version` is the one they edited (null the first time). */
export const RequirementsInput = z.strictObject({ requirements: PathwayRequirements, version: z.int().min(1).nullable() });
export type RequirementsInput = z.infer<typeof RequirementsInput>;

/** One thing standing in the way of a promotion, as the error catalogue names it (PATHWAY_*). */
export type RefusalExplanation =
  | { code: 'PATHWAY_ALREADY_AT_TOP' | 'PATHWAY_NOT_FORWARD' | 'PATHWAY_SKIPS_A_STAGE' | 'PATHWAY_APPROVER_NOT_ALLOWED' | 'PATHWAY_SELF_APPROVAL'; params: Record<string, never> }
  | { code: 'PATHWAY_COURSE_MISSING'; params: { course: string } }
  | { code: 'PATHWAY_SESSIONS_MISSING'; params: { required: number; have: number } }
  | { code: 'PATHWAY_OBSERVATION_MISSING'; params: { min: number } }
  | { code: 'PATHWAY_OBSERVATION_TOO_LOW'; params: { min: number; best: number } };

/** A mean score as people read it: at most one decimal (3.8, 4). */
export const roundScore = (x: number): number => Math.round(x * 10) / 10;

/**
 * Each refusal of `mayPromote` as one catalogue entry; a missing-requirements refusal becomes one
 * entry per missing requirement, so the person reads everything that stands in the way.
 * `courseTitle` names a course (its id when the course is not known).
 */
export function explainRefusals(reasons: readonly PromotionRefusal[], courseTitle: (courseId: string) => string): RefusalExplanation[] {
  const out: RefusalExplanation[] = [];
  for (const r of reasons) {
    if (r.code !== 'REQUIREMENTS_NOT_MET') {
      out.push({ code: `PATHWAY_${r.code}`, params: {} });
      continue;
    }
    for (const m of r.missing) {
      if (m.kind === 'course') out.push({ code: 'PATHWAY_COURSE_MISSING', params: { course: courseTitle(m.courseId) } });
      else if (m.kind === 'co_facilitated_sessions') out.push({ code: 'PATHWAY_SESSIONS_MISSING', params: { required: m.required, have: m.have } });
      else if (m.best === null) out.push({ code: 'PATHWAY_OBSERVATION_MISSING', params: { min: m.minMeanScore } });
      else out.push({ code: 'PATHWAY_OBSERVATION_TOO_LOW', params: { min: m.minMeanScore, best: roundScore(m.best) } });
    }
  }
  return out;
}
