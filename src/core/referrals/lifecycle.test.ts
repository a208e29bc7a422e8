import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTransition,
  deriveStatus,
  isNeedingAction,
  isOpen,
  isTerminal,
  mayRecord,
  nextStatus,
  REFERRAL_TRANSITIONS,
  TERMINAL_STATUSES,
  whoMay,
} from './lifecycle.ts';
import { REFERRAL_EVENTS, REFERRAL_STATUSES, type ReferralEventKind, type ReferralStatus } from './schema.ts';

/**
 * The whole table, written out once more by hand: every (status, event) pair, so a change to
 * `REFERRAL_TRANSITIONS` has to be made twice, on purpose. A dash is "not allowed".
 */
const EXPECTED: Record<ReferralStatus, Record<ReferralEventKind, ReferralStatus | '-'>> = {
  //                 send    accept      decline     attend      no_show     complete     cancel       lose_to_follow_up
  created: { send: 'sent', accept: '-', decline: '-', attend: '-', no_show: '-', complete: '-', cancel: 'cancelled', lose_to_follow_up: 'lost_to_follow_up' },
  sent: { send: '-', accept: 'accepted', decline: 'declined', attend: 'attended', no_show: 'no_show', complete: '-', cancel: 'cancelled', lose_to_follow_up: 'lost_to_follow_up' },
  accepted: { send: '-', accept: '-', decline: '-', attend: 'attended', no_show: 'no_show', complete: '-', cancel: 'cancelled', lose_to_follow_up: 'lost_to_follow_up' },
  declined: { send: '-', accept: '-', decline: '-', attend: '-', no_show: '-', complete: '-', cancel: 'cancelled', lose_to_follow_up: 'lost_to_follow_up' },
  attended: { send: '-', accept: '-', decline: '-', attend: '-', no_show: '-', complete: 'completed', cancel: '-', lose_to_follow_up: '-' },
  no_show: { send: '-', accept: '-', decline: '-', attend: 'attended', no_show: '-', complete: '-', cancel: 'cancelled', lose_to_follow_up: 'lost_to_follow_up' },
  completed: { send: '-', accept: '-', decline: '-', attend: '-', no_show: '-', complete: '-', cancel: '-', lose_to_follow_up: '-' },
  cancelled: { send: '-', accept: '-', decline: '-', attend: '-', no_show: '-', complete: '-', cancel: '-', lose_to_follow_up: '-' },
  lost_to_follow_up: { send: '-', accept: '-', decline: '-', attend: '-', no_show: '-', complete: '-', cancel: '-', lose_to_follow_up: '-' },
};

const PAIRS = REFERRAL_STATUSES.flatMap((s) => REFERRAL_EVENTS.map((e) => [s, e, EXPECTED[s][e]] as const));

/** A note and outcome that satisfy every event, so only the order is under test. */
const OK_EXTRAS = (event: ReferralEventKind) => ({ note: 'Lý do', outcome: event === 'attend' || event === 'complete' ? ('seen' as const) : null });

describe('nextStatus: every (status, event) pair', () => {
  it.each(PAIRS)('%s + %s → %s', (status, event, expected) => {
    expect(nextStatus(status, event)).toBe(expected === '-' ? null : expected);
  });

  it('REFERRAL_TRANSITIONS holds exactly the allowed pairs', () => {
    const allowed = PAIRS.filter(([, , to]) => to !== '-').length;
    const listed = REFERRAL_EVENTS.reduce((n, e) => n + REFERRAL_TRANSITIONS[e].from.length, 0);
    expect(listed).toBe(allowed);
    for (const e of REFERRAL_EVENTS) for (const from of REFERRAL_TRANSITIONS[e].from) expect(EXPECTED[from][e]).toBe(REFERRAL_TRANSITIONS[e].to);
  });
});

describe('checkTransition', () => {
  it.each(PAIRS)('%s + %s: allowed exactly when the table says so', (status, event, expected) => {
    const problem = checkTransition(status, event, OK_EXTRAS(event));
    if (expected === '-') expect(problem?.code).toBe('TRANSITION_NOT_ALLOWED');
    else expect(problem).toBeNull();
  });

  it('says which status and event were refused, without personal data', () => {
    const problem = checkTransition('completed', 'cancel', { note: 'Khách đã chuyển nhà', outcome: null });
    expect(problem).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', params: { from: 'completed', event: 'cancel' } });
    expect(problem!.message).toContain('completed');
    expect(problem!.message).not.toContain('Khách');
  });

  it.each(['decline', 'cancel'] as const)('%s needs a note', (event) => {
    const from = event === 'decline' ? 'sent' : 'accepted';
    expect(checkTransition(from, event, { note: null, outcome: null })?.code).toBe('NOTE_REQUIRED');
    expect(checkTransition(from, event, { note: '   ', outcome: null })?.code).toBe('NOTE_REQUIRED');
    expect(checkTransition(from, event, {})?.code).toBe('NOTE_REQUIRED');
    expect(checkTransition(from, event, { note: 'Không còn nhận khách mới', outcome: null })).toBeNull();
  });

  it('the order is checked before the note: a closed referral says so, not "note required"', () => {
    expect(checkTransition('cancelled', 'cancel', { note: null, outcome: null })?.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('attend and complete may carry an outcome, or none', () => {
    expect(checkTransition('accepted', 'attend', { note: null, outcome: 'treatment_started' })).toBeNull();
    expect(checkTransition('accepted', 'attend', { note: null, outcome: null })).toBeNull();
    expect(checkTransition('attended', 'complete', { note: 'Giới thiệu ngược lại', outcome: 'referred_on' })).toBeNull();
    expect(checkTransition('attended', 'complete', {})).toBeNull();
  });

  it.each(['send', 'accept', 'decline', 'no_show', 'cancel', 'lose_to_follow_up'] as const)('%s carries no outcome', (event) => {
    const from = REFERRAL_TRANSITIONS[event].from[0]!;
    expect(checkTransition(from, event, { note: 'x', outcome: 'seen' })?.code).toBe('OUTCOME_NOT_ALLOWED');
  });

  it('other events may carry a note (a back-referral note, an appointment time) or none', () => {
    expect(checkTransition('sent', 'accept', { note: 'Hẹn 9 giờ sáng thứ Hai', outcome: null })).toBeNull();
    expect(checkTransition('created', 'send', { note: null, outcome: null })).toBeNull();
  });
});

describe('terminal, open and needing action', () => {
  it('completed, cancelled and lost to follow-up are terminal; the rest are open', () => {
    expect(REFERRAL_STATUSES.filter(isTerminal)).toEqual(['completed', 'cancelled', 'lost_to_follow_up']);
    expect(TERMINAL_STATUSES).toEqual(['completed', 'cancelled', 'lost_to_follow_up']);
    for (const s of REFERRAL_STATUSES) expect(isOpen(s)).toBe(!isTerminal(s));
  });

  it('declined and no-show stay open and need action (re-refer or cancel)', () => {
    expect(REFERRAL_STATUSES.filter(isNeedingAction)).toEqual(['declined', 'no_show']);
    for (const s of ['declined', 'no_show'] as const) expect(nextStatus(s, 'cancel')).toBe('cancelled');
  });

  it('no event leaves a terminal status', () => {
    for (const s of TERMINAL_STATUSES) for (const e of REFERRAL_EVENTS) expect(nextStatus(s, e)).toBeNull();
  });

  it('every open status can still be closed', () => {
    for (const s of REFERRAL_STATUSES.filter(isOpen)) {
      expect(REFERRAL_EVENTS.some((e) => { const to = nextStatus(s, e); return to !== null && isTerminal(to); })).toBe(true);
    }
  });
});

describe('who may record an event', () => {
  it.each([
    ['send', 'referrer'],
    ['accept', 'receiver'],
    ['decline', 'receiver'],
    ['attend', 'either'],
    ['no_show', 'either'],
    ['complete', 'either'],
    ['cancel', 'referrer'],
    ['lose_to_follow_up', 'system'],
  ] as const)('%s: %s', (event, who) => {
    expect(whoMay(event)).toBe(who);
  });

  it('in-network: only the receiving provider accepts or declines; the referrer sends and cancels', () => {
    const inNetwork = { providerInNetwork: true };
    expect(mayRecord('accept', { actor: 'receiver', ...inNetwork })).toBe(true);
    expect(mayRecord('accept', { actor: 'referrer', ...inNetwork })).toBe(false);
    expect(mayRecord('decline', { actor: 'referrer', ...inNetwork })).toBe(false);
    expect(mayRecord('send', { actor: 'receiver', ...inNetwork })).toBe(false);
    expect(mayRecord('cancel', { actor: 'receiver', ...inNetwork })).toBe(false);
    for (const e of ['attend', 'no_show', 'complete'] as const) {
      expect(mayRecord(e, { actor: 'receiver', ...inNetwork })).toBe(true);
      expect(mayRecord(e, { actor: 'referrer', ...inNetwork })).toBe(true);
    }
  });

  it('listed provider: the referrer records what the provider said after a call; nobody else can', () => {
    for (const e of REFERRAL_EVENTS) {
      expect(mayRecord(e, { actor: 'referrer', providerInNetwork: false })).toBe(e !== 'lose_to_follow_up');
      expect(mayRecord(e, { actor: 'receiver', providerInNetwork: false })).toBe(false);
    }
  });

  it('nobody records lose_to_follow_up by hand: the server appends it', () => {
    for (const actor of ['referrer', 'receiver'] as const) for (const providerInNetwork of [true, false]) {
      expect(mayRecord('lose_to_follow_up', { actor, providerInNetwork })).toBe(false);
    }
  });
});

describe('deriveStatus', () => {
  const ev = (...events: ReferralEventKind[]) => events.map((event) => ({ event }));

  it.each([
    [[], 'created'],
    [['send'], 'sent'],
    [['send', 'accept', 'attend', 'complete'], 'completed'],
    [['send', 'attend', 'complete'], 'completed'],
    [['send', 'decline', 'cancel'], 'cancelled'],
    [['send', 'accept', 'no_show', 'attend'], 'attended'],
    [['send', 'no_show', 'lose_to_follow_up'], 'lost_to_follow_up'],
    [['cancel'], 'cancelled'],
  ] as [ReferralEventKind[], ReferralStatus][])('%j → %s', (events, status) => {
    expect(deriveStatus(ev(...events))).toEqual({ status, rejected: [] });
  });

  it('refuses an event not allowed from the current status, with its index and reason, and goes on', () => {
    expect(deriveStatus(ev('accept', 'send', 'complete', 'accept', 'accept'))).toEqual({
      status: 'accepted',
      rejected: [
        { index: 0, event: 'accept', from: 'created', reason: 'TRANSITION_NOT_ALLOWED' },
        { index: 2, event: 'complete', from: 'sent', reason: 'TRANSITION_NOT_ALLOWED' },
        { index: 4, event: 'accept', from: 'accepted', reason: 'TRANSITION_NOT_ALLOWED' },
      ],
    });
  });

  it('accepts nothing after a terminal status', () => {
    const r = deriveStatus(ev('send', 'cancel', 'accept', 'attend', 'complete'));
    expect(r.status).toBe('cancelled');
    expect(r.rejected.map((x) => x.index)).toEqual([2, 3, 4]);
  });

  it('replays facts: notes and outcomes were checked when the event was made', () => {
    const stored = [{ event: 'send' as const, note: null }, { event: 'decline' as const, note: null }];
    expect(deriveStatus(stored).status).toBe('declined');
  });
});

describe('deriveStatus: properties over random event sequences', () => {
  const events = fc.array(fc.constantFrom(...REFERRAL_EVENTS), { maxLength: 25 });

  /** Statuses reachable from 'created' by allowed transitions (breadth-first over the table). */
  const REACHABLE = (() => {
    const seen = new Set<ReferralStatus>(['created']);
    const queue: ReferralStatus[] = ['created'];
    while (queue.length > 0) {
      const s = queue.shift()!;
      for (const e of REFERRAL_EVENTS) {
        const to = nextStatus(s, e);
        if (to && !seen.has(to)) (seen.add(to), queue.push(to));
      }
    }
    return seen;
  })();

  it('every status is reachable from created', () => {
    expect([...REACHABLE].sort()).toEqual([...REFERRAL_STATUSES].sort());
  });

  /**
   * deriveStatus's answer walked step by step: the status each event met and whether it was
   * refused, each step starting where the last accepted event left the referral.
   */
  function walk(kinds: ReferralEventKind[]) {
    const { status, rejected } = deriveStatus(kinds.map((event) => ({ event })));
    const refused = new Set(rejected.map((r) => r.index));
    let from: ReferralStatus = 'created';
    const steps = kinds.map((event, i) => {
      const step = { from, event, refused: refused.has(i) };
      if (!step.refused) from = nextStatus(from, event) ?? from;
      return step;
    });
    return { status, steps, end: from };
  }

  it('the derived status is reached from created by the accepted events, each an allowed transition', () => {
    fc.assert(
      fc.property(events, (kinds) => {
        const { status, steps, end } = walk(kinds);
        for (const { from, event, refused } of steps) expect(nextStatus(from, event) === null).toBe(refused);
        expect(status).toBe(end);
        expect(REACHABLE.has(status)).toBe(true);
      }),
    );
  });

  it('no event is accepted once the status is terminal', () => {
    fc.assert(
      fc.property(events, (kinds) => {
        for (const { from, refused } of walk(kinds).steps) if (isTerminal(from)) expect(refused).toBe(true);
      }),
    );
  });

  it('is deterministic, and a prefix derives the status the whole sequence passed through', () => {
    fc.assert(
      fc.property(events, fc.nat(), (kinds, k) => {
        const all = kinds.map((event) => ({ event }));
        expect(deriveStatus(all)).toEqual(deriveStatus(all.map((e) => ({ ...e }))));
        const cut = kinds.length === 0 ? 0 : k % (kinds.length + 1);
        const prefix = deriveStatus(all.slice(0, cut));
        const whole = deriveStatus(all);
        expect(prefix.rejected).toEqual(whole.rejected.filter((r) => r.index < cut));
        // Appending the rest to the prefix's status gives the whole's status.
        const rest = deriveStatus(all.slice(cut), prefix.status);
        expect(rest.status).toBe(whole.status);
        expect(rest.rejected.map((r) => r.index + cut)).toEqual(whole.rejected.filter((r) => r.index >= cut).map((r) => r.index));
      }),
    );
  });

  it('refuses an event exactly when checkTransition refuses it (with notes and outcomes that fit)', () => {
    fc.assert(
      fc.property(events, (kinds) => {
        for (const { from, event, refused } of walk(kinds).steps) expect(checkTransition(from, event, OK_EXTRAS(event)) !== null).toBe(refused);
      }),
    );
  });
});
