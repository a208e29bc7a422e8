import type { ReferralEventKind, ReferralOutcome, ReferralStatus } from './schema.ts';

/**
 * The referral lifecycle (issue #5): which event moves a referral from which statuses to which.
 * A referral's status is never stored as a fact; it is derived from its append-only events
 * (DESIGN §4), so an event not allowed from the current status is refused and changes nothing.
 *
 * | Event             | From                                          | To                | Who (in-network) |
 * |-------------------|-----------------------------------------------|-------------------|------------------|
 * | send              | created                                       | sent              | referrer         |
 * | accept            | sent                                          | accepted          | receiver         |
 * | decline           | sent                                          | declined          | receiver (note)  |
 * | attend            | sent, accepted, no_show                       | attended          | either           |
 * | no_show           | sent, accepted                                | no_show           | either           |
 * | complete          | attended                                      | completed         | either           |
 * | cancel            | created, sent, accepted, declined, no_show    | cancelled         | referrer (note)  |
 * | lose_to_follow_up | created, sent, accepted, declined, no_show    | lost_to_follow_up | the server       |
 *
 * Why these and not others:
 * - `attend` from `sent`: a walk-in at a provider who takes walk-ins, or a listed provider who
 *   never "accepts" anything, is seen without an accept first.
 * - `attend` from `no_show`: people miss the appointment and come two days later; that is the
 *   referral working, not a new one.
 * - `decline` only from `sent`: once a provider has accepted, a person who does not come is a
 *   no-show, not a refusal.
 * - `cancel` from `declined` and `no_show`: both need action; the worker either re-refers (a new
 *   referral, to this or another provider, with the old one cancelled "re-referred") or cancels.
 *   Not from `attended`: the person got there, so the referral is completed, not cancelled.
 * - `lose_to_follow_up` from every open status but `attended` (the person got there; only the
 *   outcome is missing). The server appends it when `isLostToFollowUp` says so (due.ts).
 * - Terminal: completed, cancelled, lost_to_follow_up. Nothing is accepted after them: a late
 *   fact about a closed referral is a rejection the worker sees, never a silent reopening.
 */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralEventKind, { readonly from: readonly ReferralStatus[]; readonly to: ReferralStatus }>> = {
  send: { from: ['created'], to: 'sent' },
  accept: { from: ['sent'], to: 'accepted' },
  decline: { from: ['sent'], to: 'declined' },
  attend: { from: ['sent', 'accepted', 'no_show'], to: 'attended' },
  no_show: { from: ['sent', 'accepted'], to: 'no_show' },
  complete: { from: ['attended'], to: 'completed' },
  cancel: { from: ['created', 'sent', 'accepted', 'declined', 'no_show'], to: 'cancelled' },
  lose_to_follow_up: { from: ['created', 'sent', 'accepted', 'declined', 'no_show'], to: 'lost_to_follow_up' },
};

export const TERMINAL_STATUSES = ['completed', 'cancelled', 'lost_to_follow_up'] as const satisfies readonly ReferralStatus[];

/** Open, but someone must act: re-refer or cancel. */
export const NEEDING_ACTION_STATUSES = ['declined', 'no_show'] as const satisfies readonly ReferralStatus[];

export function isTerminal(status: ReferralStatus): boolean {
  return (TERMINAL_STATUSES as readonly ReferralStatus[]).includes(status);
}

export function isOpen(status: ReferralStatus): boolean {
  return !isTerminal(status);
}

/** Declined or no-show: still open, and waiting for the referrer to re-refer or cancel. */
export function isNeedingAction(status: ReferralStatus): boolean {
  return (NEEDING_ACTION_STATUSES as readonly ReferralStatus[]).includes(status);
}

/** The status after `event`, or null when the event is not allowed from `status`. */
export function nextStatus(status: ReferralStatus, event: ReferralEventKind): ReferralStatus | null {
  const t = REFERRAL_TRANSITIONS[event];
  return t.from.includes(status) ? t.to : null;
}

export type ReferralRuleCode = 'TRANSITION_NOT_ALLOWED' | 'NOTE_REQUIRED' | 'OUTCOME_NOT_ALLOWED';

export interface ReferralRuleProblem {
  code: ReferralRuleCode;
  /** For logs and developers (English); people see the catalogue's text for `code`. No personal data. */
  message: string;
  params: { from: ReferralStatus; event: ReferralEventKind };
}

/**
 * Catalogue entries for the API's error list (src/core/errors/catalogue.ts), in its shape.
 * 409: the referral moved on (someone else recorded something first); 400: fix the form.
 */
export const REFERRAL_RULE_ERRORS = {
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    vi: 'Không thể ghi bước này cho giới thiệu ở trạng thái hiện tại (có thể người khác đã cập nhật trước). Hãy đồng bộ để xem trạng thái mới nhất.',
    en: 'This step cannot be recorded for the referral in its current status (someone may have updated it first). Sync to see the latest status.',
  },
  NOTE_REQUIRED: {
    status: 400,
    vi: 'Hãy ghi lý do khi từ chối hoặc huỷ giới thiệu.',
    en: 'Please give a reason when declining or cancelling a referral.',
  },
  OUTCOME_NOT_ALLOWED: {
    status: 400,
    vi: 'Chỉ ghi kết quả khi khách đã đến hoặc khi hoàn tất giới thiệu.',
    en: 'An outcome can only be recorded when the person attended or the referral is completed.',
  },
} as const satisfies Record<ReferralRuleCode, { status: number; vi: string; en: string }>;

const NOTE_REQUIRED_FOR: readonly ReferralEventKind[] = ['decline', 'cancel'];
const OUTCOME_ALLOWED_FOR: readonly ReferralEventKind[] = ['attend', 'complete'];

/**
 * Whether `event` may be recorded now, with its note and outcome: null when it may, else the
 * first problem. The order is checked first, so a closed referral says "not allowed" rather than
 * asking for a note. Decline and cancel need a non-blank note (why); only attend and complete
 * carry an outcome. Used by the server on every `changeReferralStatus` and by the device before
 * it queues one.
 */
export function checkTransition(
  status: ReferralStatus,
  event: ReferralEventKind,
  extras: { note?: string | null; outcome?: ReferralOutcome | null } = {},
): ReferralRuleProblem | null {
  const params = { from: status, event };
  if (nextStatus(status, event) === null) {
    const why = isTerminal(status) ? 'the referral is closed' : `allowed only from ${REFERRAL_TRANSITIONS[event].from.join(', ')}`;
    return { code: 'TRANSITION_NOT_ALLOWED', message: `Event ${event} is not allowed from status ${status} (${why})`, params };
  }
  if (NOTE_REQUIRED_FOR.includes(event) && !extras.note?.trim()) {
    return { code: 'NOTE_REQUIRED', message: `Event ${event} needs a note saying why`, params };
  }
  if (extras.outcome != null && !OUTCOME_ALLOWED_FOR.includes(event)) {
    return { code: 'OUTCOME_NOT_ALLOWED', message: `Event ${event} carries no outcome (only attend and complete do)`, params };
  }
  return null;
}

export interface RejectedReferralEvent {
  /** Position in the sequence given to `deriveStatus`. */
  index: number;
  event: ReferralEventKind;
  /** The status the event was refused from. */
  from: ReferralStatus;
  reason: 'TRANSITION_NOT_ALLOWED';
}

/**
 * The status of a referral from its events in the order they were appended, starting at
 * `from` ('created' for a whole history; another status to continue from a known point). An event
 * not allowed from the status reached so far is listed in `rejected` and changes nothing; the
 * events after it still apply. Only the order is checked here: notes and outcomes were checked
 * (checkTransition) when each event was made, and stored events are facts to replay.
 */
export function deriveStatus(
  events: readonly { event: ReferralEventKind }[],
  from: ReferralStatus = 'created',
): { status: ReferralStatus; rejected: RejectedReferralEvent[] } {
  let status = from;
  const rejected: RejectedReferralEvent[] = [];
  events.forEach(({ event }, index) => {
    const next = nextStatus(status, event);
    if (next === null) rejected.push({ index, event, from: status, reason: 'TRANSITION_NOT_ALLOWED' });
    else status = next;
  });
  return { status, rejected };
}

/** `referrer`: the referring organisation; `receiver`: the in-network provider's clinicians. */
export type ReferralActor = 'referrer' | 'receiver';
export type ReferralEventActor = ReferralActor | 'either' | 'system';
type ManualEvent = Exclude<ReferralEventKind, 'lose_to_follow_up'>;

const WHO_MAY: Readonly<Record<ReferralEventKind, ReferralEventActor>> = {
  send: 'referrer',
  accept: 'receiver',
  decline: 'receiver',
  attend: 'either',
  no_show: 'either',
  complete: 'either',
  cancel: 'referrer',
  lose_to_follow_up: 'system',
};

/**
 * Who records an event when the provider is in-network. Accept and decline are the provider's
 * word, so only its clinicians give it; attendance and completion are known to both sides (the
 * clinic saw the person, or the worker heard from them). `lose_to_follow_up` is appended by the
 * server only (`system`). For listed providers, see `mayRecord`.
 */
export function whoMay(event: ManualEvent): 'referrer' | 'receiver' | 'either';
export function whoMay(event: 'lose_to_follow_up'): 'system';
export function whoMay(event: ReferralEventKind): ReferralEventActor;
export function whoMay(event: ReferralEventKind): ReferralEventActor {
  return WHO_MAY[event];
}

/**
 * Whether `actor` may record `event`. In-network: as `whoMay`. A listed provider has no users in
 * Fieldlab, so the referring worker records everything it says (accepted, declined, attended,
 * no-show, completed) after a follow-up call or visit, and nobody records for it otherwise.
 */
export function mayRecord(event: ReferralEventKind, who: { actor: ReferralActor; providerInNetwork: boolean }): boolean {
  const rule = WHO_MAY[event];
  if (rule === 'system') return false;
  if (!who.providerInNetwork) return who.actor === 'referrer';
  return rule === 'either' || rule === who.actor;
}
