import { describe, expect, it } from 'vitest';
import { SERVICES } from '../contacts/schema.ts';
import { ageBandOf, DISAGGREGATION_IDS, DISAGGREGATIONS, AGE_BAND_LABELS } from './disaggregations.ts';
import { findIndicator, INDICATOR_IDS, INDICATOR_UNITS, INDICATORS, IndicatorQuery, PREVENTION_SERVICES, preventionCoverageWindow } from './definitions.ts';
import { parsePeriodKey } from './periods.ts';

const texts = (t: { vi: string; en: string } | null) => (t === null ? [] : [t.vi, t.en]);

describe('INDICATORS', () => {
  it('covers issue #6 §1', () => {
    expect(INDICATOR_IDS).toEqual([
      'people_reached', 'new_clients', 'contacts', 'anonymous_contacts', 'services_by_type', 'commodities_distributed', 'iec_distributed', 'prevention_coverage',
      'screenings_done', 'screenings_positive', 'crisis_episodes', 'referrals_made', 'referrals_completed', 'referral_completion_rate', 'referral_median_days_to_attendance', 'follow_ups_on_time',
    ]);
    expect(new Set(INDICATOR_IDS).size).toBe(INDICATOR_IDS.length);
  });

  it.each(INDICATORS.map((i) => [i.id, i] as const))('%s has Vietnamese and English texts, a known unit and known disaggregations', (_, ind) => {
    for (const t of [...texts(ind.name), ...texts(ind.definition), ...texts(ind.numerator), ...texts(ind.denominator)]) expect(t.trim().length).toBeGreaterThan(0);
    expect(ind.name.vi).not.toBe(ind.name.en);
    expect(INDICATOR_UNITS).toContain(ind.unit);
    expect(ind.disaggregations.every((d) => (DISAGGREGATION_IDS as readonly string[]).includes(d))).toBe(true);
    expect(new Set(ind.disaggregations).size).toBe(ind.disaggregations.length);
    // A rate or median says what it is taken over; a count does not.
    expect(ind.denominator === null).toBe(ind.unit !== 'rate' && ind.unit !== 'days');
  });

  it('Vietnamese names carry their diacritics', () => {
    expect(findIndicator('people_reached')!.name.vi).toBe('Số người được tiếp cận');
    expect(findIndicator('prevention_coverage')!.name.vi).toBe('Độ bao phủ dự phòng');
    expect(findIndicator('nope')).toBeUndefined();
  });

  it('prevention services are services, and exclude what is not prevention', () => {
    for (const s of PREVENTION_SERVICES) expect(SERVICES).toContain(s);
    for (const s of ['information', 'mental_health_check', 'referral', 'food_hygiene'] as const) expect(PREVENTION_SERVICES).not.toContain(s);
  });

  it.each([
    ['2026-11', '2026-09-01', '2026-12-01'],
    ['2026-02', '2025-12-01', '2026-03-01'],
    ['2026-Q4', '2026-10-01', '2027-01-01'],
    ['2026', '2026-10-01', '2027-01-01'],
  ])('prevention coverage of %s looks at [%s, %s)', (key, start, end) => {
    expect(preventionCoverageWindow(parsePeriodKey(key)!)).toEqual({ start, end });
  });
});

describe('DISAGGREGATIONS', () => {
  it.each(DISAGGREGATION_IDS.map((id) => [id]))('%s is named in both languages', (id) => {
    const d = DISAGGREGATIONS[id];
    expect(d.id).toBe(id);
    expect(d.name.vi.length && d.name.en.length).toBeGreaterThan(0);
    if (d.values !== null) expect(new Set(d.values).size).toBe(d.values.length);
  });

  it('only key population is multi-valued', () => {
    expect(DISAGGREGATION_IDS.filter((id) => DISAGGREGATIONS[id].multiValued)).toEqual(['key_population']);
  });

  it('every age band has a label', () => {
    for (const band of DISAGGREGATIONS.age_band.values!) expect(AGE_BAND_LABELS[band as keyof typeof AGE_BAND_LABELS]).toBeDefined();
  });
});

describe('ageBandOf', () => {
  it.each([
    [2009, '2026-06-01', 'under_18'], // 17
    [2008, '2026-06-01', '18_24'], // 18
    [2002, '2026-06-01', '18_24'], // 24
    [2001, '2026-06-01', '25_34'], // 25
    [1992, '2026-06-01', '25_34'], // 34
    [1991, '2026-06-01', '35_49'], // 35
    [1977, '2026-06-01', '35_49'], // 49
    [1976, '2026-06-01', '50_plus'], // 50
    [null, '2026-06-01', 'unknown'],
  ] as const)('born %s, on %s → %s', (year, day, band) => {
    expect(ageBandOf(year, day)).toBe(band);
  });

  it('counts the year in Vietnam: 00:30 on 1 January is already the new year', () => {
    expect(ageBandOf(2009, '2026-12-31T17:30:00Z')).toBe('18_24');
    expect(ageBandOf(2009, '2026-12-31T16:30:00Z')).toBe('under_18');
    expect(ageBandOf(2009, '2026-12-31T17:30:00Z', 'UTC')).toBe('under_18');
  });
});

describe('IndicatorQuery', () => {
  const base = { indicatorId: 'people_reached', periodKind: 'month', from: '2026-01-01', to: '2026-12-31', orgScope: 'network' };

  it('accepts a query and defaults to no disaggregation', () => {
    expect(IndicatorQuery.parse(base).disaggregation).toEqual([]);
    expect(IndicatorQuery.safeParse({ ...base, disaggregation: ['sex_at_birth', 'age_band'], orgScope: ['0190d6a0-0000-7000-8000-000000000001'] }).success).toBe(true);
  });

  it.each([
    ['an unknown indicator', { indicatorId: 'happiness' }],
    ['an unknown period kind', { periodKind: 'week' }],
    ['from after to', { from: '2027-01-01' }],
    ['a split the indicator has not', { indicatorId: 'commodities_distributed', disaggregation: ['sex_at_birth'] }],
    ['three splits', { disaggregation: ['sex_at_birth', 'age_band', 'site'] }],
    ['a split twice', { disaggregation: ['site', 'site'] }],
    ['an empty scope', { orgScope: [] }],
    ['an extra field', { clientId: 'x' }],
  ])('refuses %s', (_, change) => {
    expect(IndicatorQuery.safeParse({ ...base, ...change }).success).toBe(false);
  });
});
