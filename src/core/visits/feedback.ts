import { z } from 'zod';
import type { LocalText } from '../screening/types.ts';
import type { VisitStatus } from './schema.ts';

/**
 * Feedback from visitors (issue #7 §4). Each visiting person who wishes fills in a form, or the
 * group agrees on one: both are kept, marked as which, so a group of twenty that answers once is
 * one voice rather than twenty. Ratings are 1–5 on a few aspects, each optional (a person skips
 * what they did not see); at least one is given. What they take home and their suggestions are
 * free text: it can name people, so it is sealed at rest and never leaves the host organisation.
 */
export const FEEDBACK_ASPECTS = ['programme', 'services', 'hosts', 'usefulness'] as const;
export const FeedbackAspect = z.enum(FEEDBACK_ASPECTS);
export type FeedbackAspect = z.infer<typeof FeedbackAspect>;

/** What each rating is about, worded to read both on the form and on the dashboard. */
export const ASPECT_LABELS: Record<FeedbackAspect, LocalText> = {
  programme: { vi: 'Chương trình chuyến thăm', en: 'The visit’s programme' },
  services: { vi: 'Các dịch vụ được xem', en: 'The services seen' },
  hosts: { vi: 'Sự đón tiếp của đơn vị chủ nhà', en: 'The hosts’ welcome' },
  usefulness: { vi: 'Mức hữu ích cho công việc của khách', en: 'Usefulness for the visitors’ own work' },
};

export const RESPONDENTS = ['person', 'group'] as const;
export const Respondent = z.enum(RESPONDENTS);
export type Respondent = z.infer<typeof Respondent>;

const Rating = z.int('a whole number from 1 to 5').min(1, 'from 1 to 5').max(5, 'from 1 to 5');
export const Ratings = z
  .strictObject({ programme: Rating.optional(), services: Rating.optional(), hosts: Rating.optional(), usefulness: Rating.optional() })
  .refine((r) => Object.values(r).some((x) => x !== undefined), 'give at least one rating');
export type Ratings = z.infer<typeof Ratings>;

export const FeedbackInput = z.strictObject({
  respondent: Respondent,
  ratings: Ratings,
  takeHome: z.string().trim().max(2000).optional(),
  suggestions: z.string().trim().max(2000).optional(),
});
export type FeedbackInput = z.infer<typeof FeedbackInput>;

export interface VisitFeedback extends FeedbackInput {
  id: string;
  at: string;
}

export type FeedbackProblem = 'VISIT_NOT_DONE' | 'VISIT_GROUP_FEEDBACK_TAKEN' | 'VISIT_FEEDBACK_FULL';

/**
 * Whether one more form can be recorded: only for a visit that took place; one form for the
 * group; and no more personal forms than people who came (a second entry of the same paper form
 * is the likelier story).
 */
export function feedbackProblem(visit: { status: VisitStatus; people: number }, existing: readonly { respondent: Respondent }[], respondent: Respondent): FeedbackProblem | null {
  if (visit.status !== 'done') return 'VISIT_NOT_DONE';
  if (respondent === 'group') return existing.some((f) => f.respondent === 'group') ? 'VISIT_GROUP_FEEDBACK_TAKEN' : null;
  return existing.filter((f) => f.respondent === 'person').length >= visit.people ? 'VISIT_FEEDBACK_FULL' : null;
}
