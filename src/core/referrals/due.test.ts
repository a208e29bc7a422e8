import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayIn, DUE_DAYS, dueOnFor, GRACE_DAYS, isLostToFollowUp, isOverdue, lastDayBeforeLost, needsAction, sortByUrgency } from './due.ts';
import { isTerminal, nextStatus, REFERRAL_TRANSITIONS } from './lifecycle.ts';
import { REFERRAL_STATUSES, REFERRAL_URGENCIES, type ReferralStatus, type ReferralUrgency } from './schema.ts';

describe('dueOnFor', () => {
  const at = '2026-11-24T10:00:00+07:00';

  it.each([
    ['emergency', '2026-11-24'],
    ['same_day', '2026-11-24'],
    ['within_week', '2026-12-01'],
    ['routine', '2026-12-24'],
  ] as [ReferralUrgency, string][])('%s → %s', (urgency, day) => {
    expect(dueOnFor(urgency, at)).toBe(day);
  });

  it('counts the day in Asia/Ho_Chi_Minh across midnight, whatever the UTC date', () => {
    // 23:30 on the 24th in Vietnam is 16:30 UTC on the 24th; 00:30 on the 25th is 17:30 UTC on the 24th.
    expect(dueOnFor('same_day', '2026-11-24T23:30:00+07:00')).toBe('2026-11-24');
    expect(dueOnFor('same_day', '2026-11-24T16:59:59Z')).toBe('2026-11-24');
    expect(dueOnFor('same_day', '2026-11-24T17:00:00Z')).toBe('2026-11-25');
    expect(dueOnFor('within_week', '2026-11-24T17:30:00Z')).toBe('2026-12-02');
    expect(dueOnFor('emergency', '2026-11-25T00:30:00+07:00')).toBe('2026-11-25');
  });

  it('crosses months, years and leap days', () => {
    expect(dueOnFor('within_week', '2026-12-28T09:00:00+07:00')).toBe('2027-01-04');
    expect(dueOnFor('routine', '2028-02-10T09:00:00+07:00')).toBe('2028-03-11');
    expect(dueOnFor('emergency', '2026-12-31T20:00:00Z')).toBe('2027-01-01'); // 03:00 on 1 January in Vietnam
  });

  it('uses the organisation’s time zone when given', () => {
    expect(dueOnFor('same_day', '2026-11-24T17:30:00Z', 'UTC')).toBe('2026-11-24');
    expect(dueOnFor('same_day', '2026-11-24T17:30:00Z', 'Asia/Bangkok')).toBe('2026-11-25');
  });

  it('refuses a time that is not a date, or an unknown time zone', () => {
    expect(() => dueOnFor('routine', 'tomorrow')).toThrow(RangeError);
    expect(() => dueOnFor('routine', at, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('is never later for a more urgent referral, and never before the day it was made', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }), (t) => {
        const iso = new Date(t).toISOString();
        const days = REFERRAL_URGENCIES.map((u) => dueOnFor(u, iso));
        for (let i = 1; i < days.length; i++) expect(days[i - 1]! <= days[i]!).toBe(true);
        expect(days[0]).toBe(dayIn(iso, 'Asia/Ho_Chi_Minh'));
      }),
    );
  });

  it('due and grace days are whole and not negative; grace never shrinks as urgency falls', () => {
    for (const u of REFERRAL_URGENCIES) {
      expect(Number.isInteger(DUE_DAYS[u]) && DUE_DAYS[u] >= 0).toBe(true);
      expect(Number.isInteger(GRACE_DAYS[u]) && GRACE_DAYS[u] >= 1).toBe(true);
    }
    const graces = REFERRAL_URGENCIES.map((u) => GRACE_DAYS[u]);
    expect([...graces].sort((a, b) => a - b)).toEqual(graces);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-11-24', 0, '2026-11-24'],
    ['2026-11-24', 7, '2026-12-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
  ] as const)('%s + %d → %s', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
  });
});

describe('overdue and lost to follow-up', () => {
  const ref = (status: ReferralStatus, urgency: ReferralUrgency = 'within_week', dueOn = '2026-12-01') => ({ status, urgency, dueOn });

  it('overdue from the day after the due date, while open and not yet attended', () => {
    expect(isOverdue(ref('sent'), '2026-12-01')).toBe(false);
    expect(isOverdue(ref('sent'), '2026-12-02')).toBe(true);
    expect(isOverdue(ref('accepted'), '2027-01-15')).toBe(true);
    expect(isOverdue(ref('created'), '2026-12-02')).toBe(true);
    expect(isOverdue(ref('attended'), '2026-12-02')).toBe(false);
    for (const s of ['completed', 'cancelled', 'lost_to_follow_up'] as const) expect(isOverdue(ref(s), '2027-06-01')).toBe(false);
  });

  it.each([
    ['emergency', '2026-11-24', '2026-11-27'],
    ['same_day', '2026-11-24', '2026-11-27'],
    ['within_week', '2026-12-01', '2026-12-08'],
    ['routine', '2026-12-24', '2027-01-07'],
  ] as [ReferralUrgency, string, string][])('%s due %s: the last day before it is lost is %s', (urgency, dueOn, last) => {
    expect(lastDayBeforeLost({ urgency, dueOn })).toBe(last);
    expect(isLostToFollowUp(ref('sent', urgency, dueOn), last)).toBe(false);
    expect(isLostToFollowUp(ref('sent', urgency, dueOn), addDays(last, 1))).toBe(true);
  });

  it('only statuses the lose_to_follow_up event may leave are lost: never an attended or closed one', () => {
    for (const s of REFERRAL_STATUSES) {
      expect(isLostToFollowUp(ref(s), '2027-06-01')).toBe(REFERRAL_TRANSITIONS.lose_to_follow_up.from.includes(s));
    }
    expect(isLostToFollowUp(ref('attended'), '2027-06-01')).toBe(false);
  });

  it('lost implies overdue, and the lose_to_follow_up event is allowed whenever it is lost', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REFERRAL_STATUSES),
        fc.constantFrom(...REFERRAL_URGENCIES),
        fc.integer({ min: -40, max: 60 }),
        (status, urgency, offset) => {
          const r = ref(status, urgency, '2026-12-01');
          const today = addDays('2026-12-01', offset);
          if (isLostToFollowUp(r, today)) {
            expect(isOverdue(r, today)).toBe(true);
            expect(nextStatus(status, 'lose_to_follow_up')).toBe('lost_to_follow_up');
          }
          if (isTerminal(status)) expect(needsAction(r, today)).toBeNull();
        },
      ),
    );
  });
});

describe('needsAction', () => {
  const today = '2026-12-10';

  it.each([
    [{ status: 'sent', urgency: 'within_week', dueOn: '2026-12-10' }, null],
    [{ status: 'sent', urgency: 'within_week', dueOn: '2026-12-09' }, 'overdue'],
    [{ status: 'accepted', urgency: 'within_week', dueOn: '2026-12-03' }, 'overdue'], // last day before lost
    [{ status: 'accepted', urgency: 'within_week', dueOn: '2026-12-02' }, 'lost'],
    [{ status: 'declined', urgency: 'routine', dueOn: '2026-12-30' }, 'declined'],
    [{ status: 'declined', urgency: 'routine', dueOn: '2026-12-05' }, 'declined'],
    [{ status: 'no_show', urgency: 'same_day', dueOn: '2026-12-10' }, 'no_show'],
    [{ status: 'no_show', urgency: 'same_day', dueOn: '2026-12-01' }, 'lost'],
    [{ status: 'attended', urgency: 'same_day', dueOn: '2026-11-01' }, null],
    [{ status: 'created', urgency: 'routine', dueOn: '2027-01-01' }, null],
    [{ status: 'completed', urgency: 'emergency', dueOn: '2026-11-01' }, null],
    [{ status: 'lost_to_follow_up', urgency: 'emergency', dueOn: '2026-11-01' }, null],
    [{ status: 'cancelled', urgency: 'emergency', dueOn: '2026-11-01' }, null],
  ] as [{ status: ReferralStatus; urgency: ReferralUrgency; dueOn: string }, string | null][])('%j → %s', (r, reason) => {
    expect(needsAction(r, today)).toBe(reason);
  });
});

describe('sortByUrgency', () => {
  it('emergency first, then same day, within a week, routine; earlier due first within each', () => {
    const items = [
      { id: 'a', urgency: 'routine', dueOn: '2026-12-01' },
      { id: 'b', urgency: 'emergency', dueOn: '2026-12-05' },
      { id: 'c', urgency: 'within_week', dueOn: '2026-12-02' },
      { id: 'd', urgency: 'emergency', dueOn: '2026-12-03' },
      { id: 'e', urgency: 'same_day', dueOn: '2026-12-09' },
      { id: 'f', urgency: 'within_week', dueOn: '2026-12-02' },
    ] as const;
    expect(sortByUrgency(items).map((x) => x.id)).toEqual(['d', 'b', 'e', 'c', 'f', 'a']);
    expect(items.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']); // not sorted in place
  });

  it('is a stable sort by (urgency, due date), whatever the input order', () => {
    const item = fc.record({ urgency: fc.constantFrom(...REFERRAL_URGENCIES), dueOn: fc.constantFrom('2026-12-01', '2026-12-02', '2026-12-03'), n: fc.nat() });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (items) => {
        const sorted = sortByUrgency(items);
        expect(sorted).toHaveLength(items.length);
        for (let i = 1; i < sorted.length; i++) {
          const [a, b] = [sorted[i - 1]!, sorted[i]!];
          const ra = REFERRAL_URGENCIES.indexOf(a.urgency);
          const rb = REFERRAL_URGENCIES.indexOf(b.urgency);
          expect(ra < rb || (ra === rb && a.dueOn <= b.dueOn)).toBe(true);
          if (ra === rb && a.dueOn === b.dueOn) expect(items.indexOf(a) < items.indexOf(b)).toBe(true);
        }
      }),
    );
  });
});
