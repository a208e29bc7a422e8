import { describe, expect, it } from 'vitest';
import { ageBand, contactTimeProblem, followUpDue } from './schema.ts';

describe('ageBand', () => {
  it('bands by year of birth at the date of the contact', () => {
    const on = new Date('2026-06-01T00:00:00Z');
    expect(ageBand(null, on)).toBe('unknown');
    expect(ageBand(2009, on)).toBe('under_18');
    expect(ageBand(2008, on)).toBe('18_24');
    expect(ageBand(2002, on)).toBe('18_24');
    expect(ageBand(2001, on)).toBe('25_34');
    expect(ageBand(1992, on)).toBe('25_34');
    expect(ageBand(1991, on)).toBe('35_49');
    expect(ageBand(1977, on)).toBe('35_49');
    expect(ageBand(1976, on)).toBe('50_plus');
  });
});

describe('contactTimeProblem', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  it('allows the past and small clock drift, refuses the future and the time before the service', () => {
    expect(contactTimeProblem('2026-11-24T10:05:00Z', now)).toBeNull();
    expect(contactTimeProblem('2026-11-24T10:30:00Z', now)).toBe('in_future');
    expect(contactTimeProblem('2019-12-31T23:59:59Z', now)).toBe('too_early');
    expect(contactTimeProblem('2024-03-01T08:00:00+07:00', now)).toBeNull();
  });
});

describe('followUpDue', () => {
  it('says overdue, today, or nothing', () => {
    expect(followUpDue(null, '2026-11-24')).toBeNull();
    expect(followUpDue('2026-11-23', '2026-11-24')).toBe('overdue');
    expect(followUpDue('2026-11-24', '2026-11-24')).toBe('today');
    expect(followUpDue('2026-11-25', '2026-11-24')).toBeNull();
  });
});
