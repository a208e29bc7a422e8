import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PATHWAY_REQUIREMENTS,
  explainRefusals,
  mayPromote,
  ObservationInput,
  observationScore,
  PATHWAY_STAGES,
  PathwayRequirements,
  progress,
  RUBRIC,
  RubricScores,
  type PathwayPerson,
  type PathwayStage,
} from './pathway.ts';

const C1 = '0190a1b2-0000-7000-8000-0000000000c1';
const C2 = '0190a1b2-0000-7000-8000-0000000000c2';

const requirements = PathwayRequirements.parse({
  trainer_candidate: { coursesRequired: [C1], minCoFacilitatedSessions: 0, observedSession: null },
  co_facilitator: { coursesRequired: [C1, C2], minCoFacilitatedSessions: 0, observedSession: null },
  certified_trainer: { coursesRequired: [C1, C2], minCoFacilitatedSessions: 3, observedSession: { minMeanScore: 3.5 } },
});

const allFour = (n: number) => Object.fromEntries(RUBRIC.map((r) => [r.id, n]));
const person = (over: Partial<PathwayPerson> = {}): PathwayPerson => ({ personId: 'p1', stage: 'participant', coursesCompleted: [], coFacilitatedSessions: 0, observations: [], ...over });
const ready: PathwayPerson = person({
  stage: 'co_facilitator',
  coursesCompleted: [C1, C2],
  coFacilitatedSessions: 3,
  observations: [{ observerId: 'o1', observerWasCertifiedTrainer: true, scores: allFour(4) }],
});
const certified = { personId: 'o1', stage: 'certified_trainer' as PathwayStage, isAdmin: false };
const admin = { personId: 'a1', stage: 'participant' as PathwayStage, isAdmin: true };

describe('the rubric', () => {
  it('has a handful of items scored 1–5, each with an id and anchors', () => {
    expect(RUBRIC.length).toBeGreaterThanOrEqual(4);
    expect(new Set(RUBRIC.map((r) => r.id)).size).toBe(RUBRIC.length);
  });

  it('scores an observation as the mean of its items, null when an item is missing or out of 1–5', () => {
    expect(observationScore(allFour(4))).toBe(4);
    expect(observationScore({ ...allFour(4), [RUBRIC[0]!.id]: 2 })).toBe((2 + 4 * (RUBRIC.length - 1)) / RUBRIC.length);
    const { [RUBRIC[0]!.id]: _, ...missing } = allFour(4);
    expect(observationScore(missing)).toBeNull();
    expect(observationScore(allFour(6))).toBeNull();
    expect(observationScore(allFour(2.5))).toBeNull();
  });
});

describe('PathwayRequirements', () => {
  it('needs requirements for every stage after participant, with courses listed once', () => {
    const { certified_trainer: _, ...partial } = requirements;
    expect(PathwayRequirements.safeParse(partial).success).toBe(false);
    expect(PathwayRequirements.safeParse({ ...requirements, co_facilitator: { ...requirements.co_facilitator, coursesRequired: [C1, C1] } }).success).toBe(false);
    expect(PathwayRequirements.safeParse({ ...requirements, certified_trainer: { ...requirements.certified_trainer, observedSession: { minMeanScore: 6 } } }).success).toBe(false);
  });
});

describe('progress', () => {
  it('lists what is met and what is missing for the next stage', () => {
    const p = progress(person({ stage: 'co_facilitator', coursesCompleted: [C1], coFacilitatedSessions: 1 }), requirements);
    expect(p.stage).toBe('co_facilitator');
    expect(p.nextStage).toBe('certified_trainer');
    expect(p.met).toEqual([{ kind: 'course', courseId: C1 }]);
    expect(p.missing).toEqual([
      { kind: 'course', courseId: C2 },
      { kind: 'co_facilitated_sessions', required: 3, have: 1 },
      { kind: 'observed_session', minMeanScore: 3.5, best: null },
    ]);
  });

  it('counts an observation only when the observer was a certified trainer and every item was scored', () => {
    const by = (observerWasCertifiedTrainer: boolean, scores: Record<string, number>) => ({ observerId: 'o9', observerWasCertifiedTrainer, scores });
    const notByCertified = progress({ ...ready, observations: [by(false, allFour(5))] }, requirements);
    expect(notByCertified.missing).toEqual([{ kind: 'observed_session', minMeanScore: 3.5, best: null }]);
    const tooLow = progress({ ...ready, observations: [by(true, allFour(3)), by(true, allFour(2))] }, requirements);
    expect(tooLow.missing).toEqual([{ kind: 'observed_session', minMeanScore: 3.5, best: 3 }]);
    expect(progress(ready, requirements).missing).toEqual([]);
    expect(progress(ready, requirements).met).toContainEqual({ kind: 'observed_session', minMeanScore: 3.5, best: 4 });
  });

  it('does not count an observation the person made of themselves', () => {
    const self = progress({ ...ready, observations: [{ observerId: ready.personId, observerWasCertifiedTrainer: true, scores: allFour(5) }] }, requirements);
    expect(self.missing).toHaveLength(1);
  });

  it('has no next stage for a certified trainer', () => {
    expect(progress(person({ stage: 'certified_trainer' }), requirements)).toEqual({ stage: 'certified_trainer', nextStage: null, met: [], missing: [] });
  });

  it('every requirement of the next stage is either met or missing, never both (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PATHWAY_STAGES.slice(0, 3)),
        fc.subarray([C1, C2]),
        fc.nat(5),
        (stage, coursesCompleted, coFacilitatedSessions) => {
          const p = progress(person({ stage, coursesCompleted, coFacilitatedSessions }), requirements);
          const r = requirements[p.nextStage as Exclude<PathwayStage, 'participant'>];
          const expected = r.coursesRequired.length + 1 + (r.observedSession ? 1 : 0);
          expect(p.met.length + p.missing.length).toBe(expected);
        },
      ),
    );
  });
});

describe('mayPromote', () => {
  it('lets a certified trainer or an admin promote someone who meets the next stage', () => {
    expect(mayPromote(ready, requirements, certified, 'certified_trainer')).toEqual({ ok: true, from: 'co_facilitator', to: 'certified_trainer', approvedBy: 'o1' });
    expect(mayPromote(ready, requirements, admin, 'certified_trainer')).toMatchObject({ ok: true });
  });

  it('refuses an approver who is neither, and self-approval even by an admin', () => {
    expect(mayPromote(ready, requirements, { personId: 'x', stage: 'co_facilitator', isAdmin: false }, 'certified_trainer')).toMatchObject({ ok: false, reasons: [{ code: 'APPROVER_NOT_ALLOWED' }] });
    expect(mayPromote(ready, requirements, { personId: ready.personId, stage: 'certified_trainer', isAdmin: true }, 'certified_trainer')).toMatchObject({ ok: false, reasons: [{ code: 'SELF_APPROVAL' }] });
  });

  it('refuses skipping a stage, going back, or promoting past the top', () => {
    const p = person({ coursesCompleted: [C1, C2] });
    expect(mayPromote(p, requirements, admin, 'co_facilitator')).toMatchObject({ ok: false, reasons: [{ code: 'SKIPS_A_STAGE' }] });
    expect(mayPromote(p, requirements, admin, 'participant')).toMatchObject({ ok: false, reasons: [{ code: 'NOT_FORWARD' }] });
    expect(mayPromote(person({ stage: 'certified_trainer' }), requirements, admin, 'certified_trainer')).toMatchObject({ ok: false, reasons: [{ code: 'ALREADY_AT_TOP' }] });
  });

  it('refuses when requirements are missing, listing them, and gives every reason at once', () => {
    const r = mayPromote({ ...ready, coFacilitatedSessions: 1 }, requirements, { personId: 'p1', stage: 'participant', isAdmin: false }, 'certified_trainer');
    expect(r).toEqual({
      ok: false,
      reasons: [
        { code: 'APPROVER_NOT_ALLOWED' },
        { code: 'SELF_APPROVAL' },
        { code: 'REQUIREMENTS_NOT_MET', missing: [{ kind: 'co_facilitated_sessions', required: 3, have: 1 }] },
      ],
    });
  });

  it('promotes only to the next stage, and only when nothing is missing (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHWAY_STAGES), fc.constantFrom(...PATHWAY_STAGES), fc.subarray([C1, C2]), fc.nat(5), (stage, to, coursesCompleted, n) => {
        const p = { ...ready, stage, coursesCompleted, coFacilitatedSessions: n };
        const r = mayPromote(p, requirements, admin, to);
        if (r.ok) {
          expect(PATHWAY_STAGES.indexOf(to)).toBe(PATHWAY_STAGES.indexOf(stage) + 1);
          expect(progress(p, requirements).missing).toEqual([]);
        }
      }),
    );
  });
});

describe('inputs', () => {
  const at = '2026-11-20T09:00:00+07:00';
  it('the default requirements are valid settings', () => {
    expect(PathwayRequirements.parse(DEFAULT_PATHWAY_REQUIREMENTS)).toEqual(DEFAULT_PATHWAY_REQUIREMENTS);
  });

  it('rubric scores need every item as a whole 1–5, and nothing else', () => {
    expect(RubricScores.safeParse(allFour(3)).success).toBe(true);
    expect(RubricScores.safeParse({ ...allFour(3), extra: 3 }).success).toBe(false);
    expect(RubricScores.safeParse(allFour(0)).success).toBe(false);
    expect(RubricScores.safeParse(allFour(3.5)).success).toBe(false);
    const { [RUBRIC[1]!.id]: _, ...missing } = allFour(3);
    expect(RubricScores.safeParse(missing).success).toBe(false);
  });

  it('an observation names exactly one session: an event, a group session or a description', () => {
    const ev = '0190a1b2-0000-7000-8000-0000000000e1';
    expect(ObservationInput.safeParse({ scores: allFour(4), at, eventId: ev }).success).toBe(true);
    expect(ObservationInput.safeParse({ scores: allFour(4), at, sessionDescription: 'Buổi nhóm ở Hải Phòng' }).success).toBe(true);
    expect(ObservationInput.safeParse({ scores: allFour(4), at }).success).toBe(false);
    expect(ObservationInput.safeParse({ scores: allFour(4), at, eventId: ev, sessionDescription: 'x' }).success).toBe(false);
    expect(ObservationInput.safeParse({ scores: allFour(4), at, sessionDescription: '   ' }).success).toBe(false);
  });
});

describe('explainRefusals', () => {
  it('gives one catalogue entry per reason and per missing requirement, naming courses', () => {
    const r = mayPromote(
      { ...ready, coursesCompleted: [C1], coFacilitatedSessions: 1, observations: [{ observerId: 'o1', observerWasCertifiedTrainer: true, scores: { ...allFour(3), [RUBRIC[0]!.id]: 4 } }] },
      requirements,
      { personId: 'p1', stage: 'participant', isAdmin: false },
      'certified_trainer',
    );
    expect(r.ok).toBe(false);
    const titles: Record<string, string> = { [C2]: 'Phỏng vấn tạo động lực' };
    expect(explainRefusals(r.ok ? [] : r.reasons, (id) => titles[id] ?? id)).toEqual([
      { code: 'PATHWAY_APPROVER_NOT_ALLOWED', params: {} },
      { code: 'PATHWAY_SELF_APPROVAL', params: {} },
      { code: 'PATHWAY_COURSE_MISSING', params: { course: 'Phỏng vấn tạo động lực' } },
      { code: 'PATHWAY_SESSIONS_MISSING', params: { required: 3, have: 1 } },
      { code: 'PATHWAY_OBSERVATION_TOO_LOW', params: { min: 3.5, best: 3.2 } },
    ]);
    const none = mayPromote({ ...ready, observations: [] }, requirements, admin, 'certified_trainer');
    expect(explainRefusals(none.ok ? [] : none.reasons, String)).toEqual([{ code: 'PATHWAY_OBSERVATION_MISSING', params: { min: 3.5 } }]);
    const top = mayPromote(person({ stage: 'certified_trainer' }), requirements, admin, 'certified_trainer');
    expect(explainRefusals(top.ok ? [] : top.reasons, String)).toEqual([{ code: 'PATHWAY_ALREADY_AT_TOP', params: {} }]);
  });
});
