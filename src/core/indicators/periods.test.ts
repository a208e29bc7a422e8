import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dhis2Period, nextPeriod, parsePeriodKey, periodContains, periodLabel, periodOf, periodsBetween, periodsEndingWith, previousPeriod, type PeriodKind } from './periods.ts';

describe('periodOf', () => {
  it.each([
    ['2026-11-15', 'month', '2026-11', '2026-11-01', '2026-12-01'],
    ['2026-12-31', 'month', '2026-12', '2026-12-01', '2027-01-01'],
    ['2028-02-29', 'month', '2028-02', '2028-02-01', '2028-03-01'],
    ['2026-01-01', 'quarter', '2026-Q1', '2026-01-01', '2026-04-01'],
    ['2026-03-31', 'quarter', '2026-Q1', '2026-01-01', '2026-04-01'],
    ['2026-04-01', 'quarter', '2026-Q2', '2026-04-01', '2026-07-01'],
    ['2026-09-30', 'quarter', '2026-Q3', '2026-07-01', '2026-10-01'],
    ['2026-11-24', 'quarter', '2026-Q4', '2026-10-01', '2027-01-01'],
    ['2026-06-15', 'year', '2026', '2026-01-01', '2027-01-01'],
  ] as [string, PeriodKind, string, string, string][])('%s by %s → %s [%s, %s)', (day, kind, key, start, end) => {
    expect(periodOf(day, kind)).toEqual({ kind, key, start, end });
  });

  it('takes the day in Asia/Ho_Chi_Minh across midnight, whatever the UTC date', () => {
    // 23:30 on 30 November in Vietnam is 16:30 UTC; 00:30 on 1 December is 17:30 UTC on 30 November.
    expect(periodOf('2026-11-30T23:30:00+07:00', 'month').key).toBe('2026-11');
    expect(periodOf('2026-11-30T16:59:59Z', 'month').key).toBe('2026-11');
    expect(periodOf('2026-11-30T17:00:00Z', 'month').key).toBe('2026-12');
    expect(periodOf('2026-12-31T17:30:00Z', 'year').key).toBe('2027');
    expect(periodOf('2026-12-31T17:30:00Z', 'quarter').key).toBe('2027-Q1');
    expect(periodOf('2026-12-31T17:30:00Z', 'year', 'UTC').key).toBe('2026');
  });

  it('refuses what is not a day or a time', () => {
    expect(() => periodOf('2026-02-30', 'month')).toThrow(RangeError);
    expect(() => periodOf('soon', 'month')).toThrow(RangeError);
  });

  it('holds the day it was asked about, and periods follow each other without gaps', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2040-12-31T00:00:00Z') }), fc.constantFrom<PeriodKind>('month', 'quarter', 'year'), (t, kind) => {
        const day = new Date(t).toISOString().slice(0, 10);
        const p = periodOf(day, kind);
        expect(periodContains(p, day)).toBe(true);
        expect(nextPeriod(p).start).toBe(p.end);
        expect(previousPeriod(p).end).toBe(p.start);
        expect(parsePeriodKey(p.key)).toEqual(p);
      }),
    );
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2026-11', '2026-10'],
    ['2027-01', '2026-12'],
    ['2027-Q1', '2026-Q4'],
    ['2026-Q3', '2026-Q2'],
    ['2026', '2025'],
  ])('%s → %s', (key, previous) => {
    expect(previousPeriod(parsePeriodKey(key)!).key).toBe(previous);
  });
});

describe('periodsBetween', () => {
  it('lists every period touching the days, both ends included', () => {
    expect(periodsBetween('2026-11-15', '2027-02-01', 'month').map((p) => p.key)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(periodsBetween('2026-02-01', '2026-12-31', 'quarter').map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(periodsBetween('2025-12-31', '2026-01-01', 'year').map((p) => p.key)).toEqual(['2025', '2026']);
    expect(periodsBetween('2026-11-01', '2026-11-01', 'month').map((p) => p.key)).toEqual(['2026-11']);
    expect(periodsBetween('2026-11-02', '2026-11-01', 'month')).toEqual([]);
  });
});

describe('dhis2Period and periodLabel', () => {
  it.each([
    ['2026-11', '202611', 'Tháng 11/2026', 'November 2026'],
    ['2026-01', '202601', 'Tháng 1/2026', 'January 2026'],
    ['2026-Q4', '2026Q4', 'Quý 4/2026', 'Q4 2026'],
    ['2026-Q1', '2026Q1', 'Quý 1/2026', 'Q1 2026'],
    ['2026', '2026', 'Năm 2026', '2026'],
  ])('%s → %s, %s, %s', (key, dhis2, vi, en) => {
    const p = parsePeriodKey(key)!;
    expect(dhis2Period(p)).toBe(dhis2);
    expect(periodLabel(p)).toEqual({ vi, en });
  });

  it.each(['2026-13', '2026-Q5', '26', '2026-1', '2026Q4'])('%s names no period', (key) => {
    expect(parsePeriodKey(key)).toBeNull();
  });
});

describe('periodsEndingWith', () => {
  it('gives the periods up to the last one, oldest first, across a year', () => {
    expect(periodsEndingWith(parsePeriodKey('2026-02')!, 3).map((p) => p.key)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(periodsEndingWith(parsePeriodKey('2026-Q1')!, 2).map((p) => p.key)).toEqual(['2025-Q4', '2026-Q1']);
  });
});
