import { describe, expect, it } from 'vitest';
import { ASPECT_LABELS, FEEDBACK_ASPECTS, FeedbackInput, feedbackProblem } from './feedback.ts';

describe('FeedbackInput', () => {
  it('accepts a person’s ratings with what they take home', () => {
    const r = FeedbackInput.safeParse({ respondent: 'person', ratings: { programme: 5, usefulness: 4 }, takeHome: 'Cách tổ chức nhóm cân nhắc thay đổi' });
    expect(r.success).toBe(true);
  });

  it('needs at least one rating, each a whole number from 1 to 5', () => {
    expect(FeedbackInput.safeParse({ respondent: 'group', ratings: {} }).error?.issues[0]?.message).toBe('give at least one rating');
    for (const bad of [0, 6, 3.5]) expect(FeedbackInput.safeParse({ respondent: 'group', ratings: { hosts: bad } }).success).toBe(false);
    expect(FeedbackInput.safeParse({ respondent: 'group', ratings: { food: 5 } }).success).toBe(false);
  });

  it('limits free text to 2000 characters', () => {
    expect(FeedbackInput.safeParse({ respondent: 'person', ratings: { hosts: 5 }, suggestions: 'x'.repeat(2001) }).success).toBe(false);
  });

  it('names every aspect in Vietnamese and English', () => {
    for (const a of FEEDBACK_ASPECTS) expect(ASPECT_LABELS[a].vi.length && ASPECT_LABELS[a].en.length).toBeTruthy();
  });
});

describe('feedbackProblem', () => {
  const done = { status: 'done' as const, people: 2 };
  it('takes feedback only for a visit that took place', () => {
    expect(feedbackProblem({ ...done, status: 'planned' }, [], 'person')).toBe('VISIT_NOT_DONE');
    expect(feedbackProblem({ ...done, status: 'cancelled' }, [], 'group')).toBe('VISIT_NOT_DONE');
  });
  it('takes one form for the group, and no more personal forms than people who came', () => {
    expect(feedbackProblem(done, [], 'group')).toBeNull();
    expect(feedbackProblem(done, [{ respondent: 'group' }], 'group')).toBe('VISIT_GROUP_FEEDBACK_TAKEN');
    expect(feedbackProblem(done, [{ respondent: 'group' }, { respondent: 'person' }], 'person')).toBeNull();
    expect(feedbackProblem(done, [{ respondent: 'person' }, { respondent: 'person' }], 'person')).toBe('VISIT_FEEDBACK_FULL');
    expect(feedbackProblem(done, [{ respondent: 'person' }, { respondent: 'person' }], 'group')).toBeNull();
  });
});
