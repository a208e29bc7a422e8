import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSSRS_BANDS } from '../screening/types.ts';
import { followUpOn, isNotifiable, referralNeedFor } from './follow-up.ts';
import { CRISIS_LEVELS, CRISIS_OUTCOMES, type CrisisLevel, type CrisisOutcome } from './schema.ts';
import { levelRank } from './classify.ts';

describe('followUpOn', () => {
  const at = '2026-11-24T10:00:00+07:00';

  it.each([
    ['emergency', 'resolved_on_site', '2026-11-25'],
    ['urgent', 'resolved_on_site', '2026-11-25'],
    ['acute', 'resolved_on_site', '2026-11-26'],
    ['not_acute', 'resolved_on_site', '2026-12-01'],
    ['acute', 'urgent_referral', '2026-11-25'],
    ['acute', 'emergency_services_called', '2026-11-25'],
    ['not_acute', 'taken_to_hospital', '2026-11-25'],
    ['acute', 'person_left', '2026-11-25'],
    ['not_acute', 'person_left', '2026-11-25'],
    ['emergency', 'taken_to_hospital', '2026-11-25'],
  ] as [CrisisLevel, CrisisOutcome, string][])('%s, %s → %s', (level, outcome, day) => {
    expect(followUpOn(level, outcome, at)).toBe(day);
  });

  it('counts days in Asia/Ho_Chi_Minh across midnight, whatever the UTC date', () => {
    // 23:30 in Hà Nội on the 24th is 16:30 UTC on the 24th; 00:30 on the 25th is 17:30 UTC on the 24th.
    expect(followUpOn('urgent', 'resolved_on_site', '2026-11-24T23:30:00+07:00')).toBe('2026-11-25');
    expect(followUpOn('urgent', 'resolved_on_site', '2026-11-24T17:30:00Z')).toBe('2026-11-26');
    expect(followUpOn('urgent', 'resolved_on_site', '2026-11-24T16:59:59Z')).toBe('2026-11-25');
    expect(followUpOn('acute', 'resolved_on_site', '2026-11-24T17:00:00.000Z')).toBe('2026-11-27');
  });

  it('crosses months, years and leap days', () => {
    expect(followUpOn('not_acute', 'resolved_on_site', '2026-12-28T09:00:00+07:00')).toBe('2027-01-04');
    expect(followUpOn('emergency', 'taken_to_hospital', '2026-12-31T20:00:00Z')).toBe('2027-01-02'); // 03:00 on 1 January in Vietnam
    expect(followUpOn('acute', 'resolved_on_site', '2028-02-28T12:00:00+07:00')).toBe('2028-03-01');
  });

  it('uses the organisation’s time zone when given', () => {
    expect(followUpOn('urgent', 'resolved_on_site', '2026-11-24T17:30:00Z', 'UTC')).toBe('2026-11-25');
    expect(followUpOn('urgent', 'resolved_on_site', '2026-11-24T17:30:00Z', 'Asia/Bangkok')).toBe('2026-11-26');
  });

  it('refuses a time that is not a date', () => {
    expect(() => followUpOn('acute', 'resolved_on_site', 'yesterday')).toThrow(RangeError);
    expect(() => followUpOn('acute', 'resolved_on_site', '2026-11-24T10:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
  });

  it('keeps an acute follow-up day within 24–72 hours of the episode, at any time of day', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }), (t) => {
        const day = followUpOn('acute', 'resolved_on_site', new Date(t).toISOString());
        const start = Date.parse(`${day}T00:00:00+07:00`);
        const end = start + 24 * 3600_000;
        expect(start - t).toBeGreaterThan(0);
        expect(start - t).toBeLessThanOrEqual(48 * 3600_000);
        expect(end - t).toBeGreaterThanOrEqual(24 * 3600_000);
        expect(end - t).toBeLessThanOrEqual(72 * 3600_000);
      }),
    );
  });

  it('is never later for a more urgent level', () => {
    for (const outcome of CRISIS_OUTCOMES) {
      const days = CRISIS_LEVELS.map((l) => [levelRank(l), followUpOn(l, outcome, '2026-11-24T10:00:00+07:00')] as const).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < days.length; i++) expect(days[i]![1] <= days[i - 1]![1]).toBe(true);
    }
  });
});

describe('referralNeedFor', () => {
  it.each([
    ['emergency', 'resolved_on_site', 'emergency'],
    ['emergency', 'person_left', 'emergency'],
    ['emergency', 'urgent_referral', 'emergency'],
    ['urgent', 'resolved_on_site', 'urgent'],
    ['urgent', 'urgent_referral', 'urgent'],
    ['urgent', 'person_left', 'urgent'],
    ['urgent', 'emergency_services_called', 'emergency'],
    ['urgent', 'taken_to_hospital', 'emergency'],
    ['acute', 'urgent_referral', 'urgent'],
    ['acute', 'taken_to_hospital', 'emergency'],
    ['not_acute', 'emergency_services_called', 'emergency'],
    ['not_acute', 'urgent_referral', 'urgent'],
  ] as [CrisisLevel, CrisisOutcome, 'emergency' | 'urgent'][])('%s, %s → %s referral', (level, outcome, urgency) => {
    expect(referralNeedFor(level, outcome)).toEqual({ urgency });
  });

  it.each([
    ['acute', 'resolved_on_site'],
    ['acute', 'person_left'],
    ['not_acute', 'resolved_on_site'],
    ['not_acute', 'person_left'],
  ] as [CrisisLevel, CrisisOutcome][])('%s, %s → no referral', (level, outcome) => {
    expect(referralNeedFor(level, outcome)).toBeNull();
  });

  it('prepares a referral for every emergency or urgent episode, whatever the outcome', () => {
    for (const level of ['emergency', 'urgent'] as const) for (const outcome of CRISIS_OUTCOMES) expect(referralNeedFor(level, outcome)).not.toBeNull();
  });
});

describe('isNotifiable', () => {
  it('tells managers and clinicians of every emergency or urgent episode', () => {
    for (const band of [null, ...CSSRS_BANDS]) {
      expect(isNotifiable({ level: 'emergency', cssrsBand: band })).toBe(true);
      expect(isNotifiable({ level: 'urgent', cssrsBand: band })).toBe(true);
    }
  });

  it('and of every positive suicide-risk screen, whatever the level', () => {
    for (const level of CRISIS_LEVELS) {
      expect(isNotifiable({ level, cssrsBand: 'moderate' })).toBe(true);
      expect(isNotifiable({ level, cssrsBand: 'high' })).toBe(true);
    }
  });

  it('but not of an acute or routine episode without suicide risk', () => {
    for (const level of ['acute', 'not_acute'] as const)
      for (const band of [null, 'none', 'low'] as const) expect(isNotifiable({ level, cssrsBand: band })).toBe(false);
  });
});
