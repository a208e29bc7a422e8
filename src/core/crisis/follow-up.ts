import { addDays, dayIn } from '../dates.ts';
import type { CrisisLevel, CrisisOutcome, CssrsBand } from './schema.ts';

/**
 * When to follow up after a crisis episode, in days after the day of `at` (in the organisation's
 * time zone). The sooner of the level's and the outcome's delay wins.
 *
 * | Level      | Days | Why                                                                    |
 * |------------|------|------------------------------------------------------------------------|
 * | emergency  | 1    | check the person reached and left hospital safely, and the referral     |
 * | urgent     | 1    | check the same-day referral happened                                    |
 * | acute      | 2    | "within 24–72 h": the whole day after next lies 24–72 h after any time |
 * | not_acute  | 7    | routine care                                                           |
 *
 * | Outcome                   | Days        | Why                                                   |
 * |---------------------------|-------------|-------------------------------------------------------|
 * | resolved_on_site          | the level's |                                                       |
 * | urgent_referral           | 1           | check the referral happened                           |
 * | emergency_services_called | 1           | check on them after the ambulance                     |
 * | taken_to_hospital         | 1           | check on them in or after hospital                    |
 * | person_left               | 1           | they left before the crisis was over: look for them   |
 *
 * mhGAP-IG 2.0 (SUI, SUB) asks for regular follow-up contact after any self-harm risk or
 * intoxication episode; the next-day checks keep a referral from being lost.
 */
const LEVEL_DAYS: Readonly<Record<CrisisLevel, number>> = { emergency: 1, urgent: 1, acute: 2, not_acute: 7 };
const OUTCOME_DAYS: Readonly<Record<CrisisOutcome, number | null>> = {
  resolved_on_site: null,
  urgent_referral: 1,
  emergency_services_called: 1,
  taken_to_hospital: 1,
  person_left: 1,
};

/**
 * The follow-up day ('YYYY-MM-DD') for an episode at `atIso`, counted in `timeZone` (so an episode
 * at 23:30 in Hà Nội is on that Vietnamese day, whatever the UTC date). Throws a RangeError for a
 * time that is not a date or an unknown time zone: both are validated before they get here.
 */
export function followUpOn(level: CrisisLevel, outcome: CrisisOutcome, atIso: string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  const at = new Date(atIso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not a date and time: ${atIso}`);
  const days = Math.min(LEVEL_DAYS[level], OUTCOME_DAYS[outcome] ?? Infinity);
  return addDays(dayIn(at, timeZone), days);
}

/**
 * Whether closing an episode prepares a referral, and how urgent. The level says what the
 * situation needed; the outcome can raise it (an ambulance or a hospital makes it an emergency
 * referral; an urgent referral made for an acute episode is urgent) but never drops it: an
 * emergency resolved on site, or an urgent episode whose person left, still needs the referral.
 *
 * | Level \ Outcome | resolved_on_site | urgent_referral | emergency_services_called | taken_to_hospital | person_left |
 * |-----------------|------------------|-----------------|---------------------------|-------------------|-------------|
 * | emergency       | emergency        | emergency       | emergency                 | emergency         | emergency   |
 * | urgent          | urgent           | urgent          | emergency                 | emergency         | urgent      |
 * | acute           | —                | urgent          | emergency                 | emergency         | —           |
 * | not_acute       | —                | urgent          | emergency                 | emergency         | —           |
 */
export function referralNeedFor(level: CrisisLevel, outcome: CrisisOutcome): { urgency: 'emergency' | 'urgent' } | null {
  if (level === 'emergency' || outcome === 'emergency_services_called' || outcome === 'taken_to_hospital') return { urgency: 'emergency' };
  if (level === 'urgent' || outcome === 'urgent_referral') return { urgency: 'urgent' };
  return null;
}

/**
 * Whether the organisation's managers and clinicians are told of an episode: every emergency or
 * urgent one, and every positive suicide-risk screen (C-SSRS moderate or high), whatever the level.
 */
export function isNotifiable(input: { level: CrisisLevel; cssrsBand: CssrsBand | null }): boolean {
  return input.level === 'emergency' || input.level === 'urgent' || input.cssrsBand === 'moderate' || input.cssrsBand === 'high';
}
