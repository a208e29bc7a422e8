import { isTerminal, nextStatus } from './lifecycle.ts';
import { REFERRAL_URGENCIES, type ReferralStatus, type ReferralUrgency } from './schema.ts';

/**
 * Days from the day a referral is made (in the organisation's time zone) to its due date.
 *
 * | Urgency     | Due           | Grace   | Overdue from (made Tue 24 Nov) | Lost from |
 * |-------------|---------------|---------|--------------------------------|-----------|
 * | emergency   | the same day  | 3 days  | Wed 25 Nov                     | Sat 28 Nov |
 * | same_day    | the same day  | 3 days  | Wed 25 Nov                     | Sat 28 Nov |
 * | within_week | + 7 days      | 7 days  | Wed 2 Dec                      | Wed 9 Dec  |
 * | routine     | + 30 days     | 14 days | Fri 25 Dec                     | Fri 8 Jan  |
 *
 * Why: an emergency goes now (often by ambulance to a hospital emergency department) and a
 * same-day referral is for today, so both are due today and overdue tomorrow, which is when the
 * crisis follow-up (crisis/follow-up.ts: one day for emergency and urgent episodes) checks on them.
 * Lost to follow-up is terminal, so the grace must leave the worker real time to find the person
 * and record what happened: three days keeps one working day even after a weekend; a week's
 * referral gets another week; a routine one, most often a first psychiatric or HIV appointment
 * booked weeks ahead, gets two more weeks. The worker may set a later `dueOn` (an appointment
 * date) when making the referral; overdue and lost count from the stored `dueOn`.
 */
export const DUE_DAYS: Readonly<Record<ReferralUrgency, number>> = { emergency: 0, same_day: 0, within_week: 7, routine: 30 };

/** Days after the due date before an open, unattended referral is lost to follow-up (see DUE_DAYS). */
export const GRACE_DAYS: Readonly<Record<ReferralUrgency, number>> = { emergency: 3, same_day: 3, within_week: 7, routine: 14 };

import { addDays, dayIn } from '../dates.ts';

export { addDays, dayIn };

/**
 * The due date ('YYYY-MM-DD') of a referral of `urgency` made at `createdAtIso`, counted from the
 * day it was made in `timeZone` (a referral at 23:30 in Hà Nội is due on that Vietnamese day,
 * whatever the UTC date). Throws a RangeError for a time that is not a date or an unknown zone.
 */
export function dueOnFor(urgency: ReferralUrgency, createdAtIso: string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return addDays(dayIn(createdAtIso, timeZone), DUE_DAYS[urgency]);
}

/** What the follow-up rules read of a referral: its derived status, urgency and due date. */
export interface ReferralDue {
  status: ReferralStatus;
  urgency: ReferralUrgency;
  /** 'YYYY-MM-DD', as stored with the referral. */
  dueOn: string;
}

/**
 * Past its due date (`today` is 'YYYY-MM-DD' in the organisation's time zone, and later than
 * `dueOn`) while open and not yet attended. An attended referral is not overdue: the person got
 * there, only the outcome is missing.
 */
export function isOverdue(referral: Pick<ReferralDue, 'status' | 'dueOn'>, today: string): boolean {
  return !isTerminal(referral.status) && referral.status !== 'attended' && today > referral.dueOn;
}

/** The last day on which the referral is still only overdue: due date plus the urgency's grace. */
export function lastDayBeforeLost(referral: Pick<ReferralDue, 'urgency' | 'dueOn'>): string {
  return addDays(referral.dueOn, GRACE_DAYS[referral.urgency]);
}

/**
 * Lost to follow-up now: open, not attended (exactly the statuses `lose_to_follow_up` may leave)
 * and `today` is after the due date plus the grace. The server appends the automatic
 * `lose_to_follow_up` event when this holds (the sweep that does so is the server's).
 */
export function isLostToFollowUp(referral: ReferralDue, today: string): boolean {
  return nextStatus(referral.status, 'lose_to_follow_up') !== null && today > lastDayBeforeLost(referral);
}

export type ReferralActionReason = 'lost' | 'declined' | 'no_show' | 'overdue';

/**
 * Why a referral belongs on the "referrals needing action" list today, or null. The first that
 * holds wins: `lost` (past due and grace, not yet closed by the server: it will be at the next
 * sweep), `declined` and `no_show` (re-refer or cancel, whatever the date), `overdue`. Closed
 * referrals (terminal) and attended ones need no action here.
 */
export function needsAction(referral: ReferralDue, today: string): ReferralActionReason | null {
  if (isLostToFollowUp(referral, today)) return 'lost';
  if (referral.status === 'declined') return 'declined';
  if (referral.status === 'no_show') return 'no_show';
  if (isOverdue(referral, today)) return 'overdue';
  return null;
}

const URGENCY_RANK: Readonly<Record<ReferralUrgency, number>> = Object.fromEntries(REFERRAL_URGENCIES.map((u, i) => [u, i])) as Record<ReferralUrgency, number>;

/**
 * A new array, most urgent first (emergency, same day, within a week, routine), then the earliest
 * due date; items equal on both keep their order.
 */
export function sortByUrgency<T extends { urgency: ReferralUrgency; dueOn: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}
