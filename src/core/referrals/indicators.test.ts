import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referralIndicators, type ReferralForIndicators } from './indicators.ts';
import { deriveStatus } from './lifecycle.ts';
import { REFERRAL_EVENTS, REFERRAL_URGENCIES, type ReferralEventKind, type ReferralService, type ReferralUrgency } from './schema.ts';

const ORG_A = '0195b3c0-0000-7000-8000-00000000000a';
const ORG_B = '0195b3c0-0000-7000-8000-00000000000b';
const CLINIC = '0195b3c0-0000-7000-8000-0000000000c1';
const HOSPITAL = '0195b3c0-0000-7000-8000-0000000000c2';

/** A referral made at `createdAt` whose events happen `[event, days later]` at 10:00 Vietnam time. */
function referral(
  events: [ReferralEventKind, number][],
  over: Partial<Omit<ReferralForIndicators, 'events' | 'status'>> = {},
): ReferralForIndicators {
  const createdAt = over.createdAt ?? '2026-11-02T09:00:00+07:00';
  const day0 = Date.parse(createdAt.slice(0, 10) + 'T10:00:00+07:00');
  const evs = events.map(([event, d]) => ({ event, at: new Date(day0 + d * 86_400_000).toISOString() }));
  return {
    status: deriveStatus(evs).status,
    urgency: 'within_week',
    providerId: CLINIC,
    service: 'psychiatric_assessment',
    orgId: ORG_A,
    createdAt,
    events: evs,
    ...over,
  };
}

describe('referralIndicators', () => {
  it('counts nothing from nothing', () => {
    const r = referralIndicators([]);
    expect(r.all).toEqual({ made: 0, cancelled: 0, attended: 0, completed: 0, lost: 0, completionRate: null, medianDaysToAttendance: null });
    expect(r.byProvider).toEqual({});
    expect(Object.keys(r.byUrgency)).toEqual([...REFERRAL_URGENCIES]);
  });

  it('made counts every referral; the completion rate leaves cancelled ones out of the denominator', () => {
    const r = referralIndicators([
      referral([['send', 0], ['accept', 0], ['attend', 2], ['complete', 3]]),
      referral([['send', 0], ['attend', 5], ['complete', 5]]),
      referral([['send', 0], ['accept', 1], ['attend', 1]]), // attended, outcome not yet recorded
      referral([['send', 0], ['cancel', 1]]),
      referral([['send', 0], ['no_show', 7], ['lose_to_follow_up', 20]]),
      referral([]), // a draft still counts as made
    ]);
    expect(r.all).toEqual({ made: 6, cancelled: 1, attended: 3, completed: 2, lost: 1, completionRate: 2 / 5, medianDaysToAttendance: 2 });
  });

  it('median days to attendance with an odd and an even number of referrals', () => {
    const odd = [1, 4, 9].map((d) => referral([['send', 0], ['attend', d]]));
    expect(referralIndicators(odd).all.medianDaysToAttendance).toBe(4);
    const even = [1, 4, 9, 0].map((d) => referral([['send', 0], ['attend', d]]));
    expect(referralIndicators(even).all.medianDaysToAttendance).toBe(2.5);
    expect(referralIndicators([referral([['send', 0], ['attend', 3]])]).all.medianDaysToAttendance).toBe(3);
  });

  it('counts days between calendar days in Asia/Ho_Chi_Minh: made at 23:30, seen at 08:00 next morning is 1 day', () => {
    const r = {
      ...referral([]),
      status: 'attended' as const,
      createdAt: '2026-11-02T23:30:00+07:00',
      events: [
        { event: 'send' as const, at: '2026-11-02T16:31:00Z' },
        { event: 'attend' as const, at: '2026-11-03T01:00:00Z' },
      ],
    };
    expect(referralIndicators([r]).all.medianDaysToAttendance).toBe(1);
    expect(referralIndicators([r], { timeZone: 'UTC' }).all.medianDaysToAttendance).toBe(1);
    const sameUtcDay = { ...r, events: [r.events[0]!, { event: 'attend' as const, at: '2026-11-02T18:00:00Z' }] };
    expect(referralIndicators([sameUtcDay]).all.medianDaysToAttendance).toBe(1); // 01:00 on the 3rd in Vietnam
    expect(referralIndicators([sameUtcDay], { timeZone: 'UTC' }).all.medianDaysToAttendance).toBe(0);
  });

  it('takes the attendance that the lifecycle accepted, not a refused one', () => {
    const r = referral([['attend', 1], ['send', 2], ['no_show', 4], ['attend', 6]]);
    expect(r.status).toBe('attended');
    expect(referralIndicators([r]).all.medianDaysToAttendance).toBe(6);
  });

  it('groups by provider, service, urgency and organisation', () => {
    const r = referralIndicators([
      referral([['send', 0], ['attend', 1], ['complete', 1]], { providerId: CLINIC, service: 'psychiatric_assessment', urgency: 'same_day', orgId: ORG_A }),
      referral([['send', 0], ['decline', 1]], { providerId: CLINIC, service: 'hiv_testing', urgency: 'routine', orgId: ORG_B }),
      referral([['send', 0], ['attend', 0]], { providerId: HOSPITAL, service: 'emergency_care', urgency: 'emergency', orgId: ORG_A }),
      referral([['send', 0], ['cancel', 0]], { providerId: HOSPITAL, service: 'emergency_care', urgency: 'emergency', orgId: ORG_B }),
    ]);
    expect(r.byProvider[CLINIC]).toMatchObject({ made: 2, completed: 1, completionRate: 0.5, medianDaysToAttendance: 1 });
    expect(r.byProvider[HOSPITAL]).toMatchObject({ made: 2, cancelled: 1, attended: 1, completed: 0, completionRate: 0, medianDaysToAttendance: 0 });
    expect(Object.keys(r.byService).sort()).toEqual(['emergency_care', 'hiv_testing', 'psychiatric_assessment']);
    expect(r.byService.hiv_testing).toMatchObject({ made: 1, completed: 0, completionRate: 0, medianDaysToAttendance: null });
    expect(r.byUrgency.emergency).toMatchObject({ made: 2, cancelled: 1, attended: 1 });
    expect(r.byUrgency.within_week).toMatchObject({ made: 0, completionRate: null });
    expect(r.byOrganisation[ORG_A]).toMatchObject({ made: 2, attended: 2, completed: 1, completionRate: 0.5, medianDaysToAttendance: 0.5 });
    expect(r.byOrganisation[ORG_B]).toMatchObject({ made: 2, cancelled: 1, completed: 0, completionRate: 0 });
  });

  it('when everything was cancelled, there is no completion rate (not 0)', () => {
    expect(referralIndicators([referral([['cancel', 0]])]).all.completionRate).toBeNull();
  });

  it('properties: groups add up to the whole; rates lie in [0, 1]; completed ≤ attended ≤ made', () => {
    const one = fc.record({
      kinds: fc.array(fc.constantFrom(...REFERRAL_EVENTS), { maxLength: 8 }),
      urgency: fc.constantFrom<ReferralUrgency>(...REFERRAL_URGENCIES),
      service: fc.constantFrom<ReferralService>('psychiatric_assessment', 'hiv_testing', 'shelter'),
      providerId: fc.constantFrom(CLINIC, HOSPITAL),
      orgId: fc.constantFrom(ORG_A, ORG_B),
    });
    fc.assert(
      fc.property(fc.array(one, { maxLength: 20 }), (xs) => {
        const refs = xs.map(({ kinds, ...over }) => referral(kinds.map((k, i) => [k, i] as [ReferralEventKind, number]), over));
        const r = referralIndicators(refs);
        for (const groups of [r.byProvider, r.byService, r.byUrgency, r.byOrganisation]) {
          const counts = Object.values(groups);
          for (const key of ['made', 'cancelled', 'attended', 'completed', 'lost'] as const) {
            expect(counts.reduce((n, c) => n + c![key], 0)).toBe(r.all[key]);
          }
        }
        expect(r.all.made).toBe(refs.length);
        expect(r.all.completed).toBeLessThanOrEqual(r.all.attended);
        expect(r.all.attended + r.all.cancelled).toBeLessThanOrEqual(r.all.made);
        if (r.all.completionRate !== null) expect(r.all.completionRate >= 0 && r.all.completionRate <= 1).toBe(true);
        if (r.all.medianDaysToAttendance !== null) expect(r.all.medianDaysToAttendance).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
