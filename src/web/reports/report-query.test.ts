import { describe, expect, it } from 'vitest';
import { laterPeriod, periodChoices, queryString, rangeOf, readQuery } from './report-query.ts';

// 08:30 on 30 November 2026 in Hà Nội; 23:30 on 30 November UTC is already 1 December there.
const NOW = new Date('2026-11-30T01:30:00Z');
const read = (q: string, now = NOW) => readQuery(new URLSearchParams(q), now);

describe('the dashboard view in the address', () => {
  it('defaults to the overview of the current month in Vietnam', () => {
    const q = read('');
    expect(q).toMatchObject({ view: 'overview', scope: null, kind: 'month', indicator: null, by: [] });
    expect(q.period.key).toBe('2026-11');
    expect(read('', new Date('2026-11-30T23:30:00Z')).period.key).toBe('2026-12');
    // The explorer's range: six periods ending with the dashboard's.
    expect([q.from.key, q.to.key]).toEqual(['2026-06', '2026-11']);
  });

  it('reads a shared link back, and what the link writes it reads the same', () => {
    const link = 'view=explorer&scope=network&kind=quarter&period=2026-Q3&indicator=people_reached&by=age_band%2Csex_at_birth&from=2025-Q4&to=2026-Q3';
    const q = read(link);
    expect(q).toMatchObject({ view: 'explorer', scope: 'network', kind: 'quarter', indicator: 'people_reached', by: ['age_band', 'sex_at_birth'] });
    expect([q.period.key, q.from.key, q.to.key]).toEqual(['2026-Q3', '2025-Q4', '2026-Q3']);
    expect(read(queryString(q, q.scope))).toEqual(q);
  });

  it('falls back on anything wrong: a future or mismatched period, an unknown indicator or split, more than two splits, a range the wrong way round', () => {
    expect(read('period=2027-01').period.key).toBe('2026-11');
    expect(read('kind=year&period=2026-Q1').period.key).toBe('2026');
    expect(read('kind=week').kind).toBe('month');
    expect(read('indicator=nothing').indicator).toBeNull();
    expect(read('by=age_band,shoe_size,age_band,province,site').by).toEqual(['age_band', 'province']);
    const q = read('from=2026-10&to=2026-08');
    expect([q.from.key, q.to.key]).toEqual(['2026-03', '2026-08']);
  });

  it('offers periods back from now, newest first, and no step into the future', () => {
    const months = periodChoices('month', read('').period, NOW);
    expect(months).toHaveLength(36);
    expect(months[0]!.key).toBe('2026-11');
    expect(months[35]!.key).toBe('2023-12');
    expect(periodChoices('year', read('kind=year&period=2015').period, NOW).map((p) => p.key)).toEqual(['2026', '2025', '2024', '2023', '2022', '2021', '2015']);
    expect(laterPeriod(read('period=2026-10').period, NOW)?.key).toBe('2026-11');
    expect(laterPeriod(read('').period, NOW)).toBeNull();
  });

  it('gives the days of whole periods for a CSV', () => {
    expect(rangeOf(['2025-12', '2026-11'])).toEqual({ from: '2025-12-01', to: '2026-11-30' });
    expect(rangeOf(['2026-Q1'])).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });
});
