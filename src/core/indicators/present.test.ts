import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presentIndicator } from './present.ts';
import type { IndicatorCell, IndicatorTable, PresentedTable } from './result.ts';

const table = (over: Partial<IndicatorTable>): IndicatorTable => ({ indicatorId: 'people_reached', periodKind: 'month', periods: ['2026-11'], dimensions: [], cells: [], totals: [{ period: '2026-11', value: 0 }], ...over });
const cell = (keys: string[], value: number, period = '2026-11'): IndicatorCell => ({ period, keys, value });
const shown = (t: PresentedTable) => t.cells.map((c) => [c.keys.join('/'), c.value, c.flag]);
const isSmall = (v: number | null | undefined) => typeof v === 'number' && v > 0 && v < 5;

describe('presentIndicator, not suppressed (a manager, their own organisation)', () => {
  it('passes every figure through, small ones included, with flag null', () => {
    const t = presentIndicator(table({ dimensions: ['sex_at_birth'], cells: [cell(['F'], 2), cell(['M'], 9)], totals: [{ period: '2026-11', value: 11 }] }), { suppressed: false });
    expect(shown(t)).toEqual([
      ['F', 2, null],
      ['M', 9, null],
    ]);
    expect(t.totals).toEqual([{ period: '2026-11', value: 11, flag: null }]);
    expect(t.suppressed).toBe(false);
    expect(t.labels).toEqual({});
  });

  it('marks a rate or median with nothing under it as no_denominator, and keeps numerator and denominator', () => {
    const t = presentIndicator(
      table({ indicatorId: 'referral_completion_rate', cells: [], totals: [{ period: '2026-10', value: null, numerator: 0, denominator: 0 }, { period: '2026-11', value: 0.5, numerator: 1, denominator: 2 }], periods: ['2026-10', '2026-11'] }),
      { suppressed: false },
    );
    expect(t.totals).toEqual([
      { period: '2026-10', value: null, numerator: 0, denominator: 0, flag: 'no_denominator' },
      { period: '2026-11', value: 0.5, numerator: 1, denominator: 2, flag: null },
    ]);
    const days = presentIndicator(table({ indicatorId: 'referral_median_days_to_attendance', totals: [{ period: '2026-11', value: null, denominator: 0 }] }), { suppressed: false });
    expect(days.totals[0]!.flag).toBe('no_denominator');
  });

  it('keeps the labels it is given', () => {
    const labels = { site: { s1: { vi: 'Điểm Hà Nội', en: 'Hà Nội site' } } };
    expect(presentIndicator(table({ dimensions: ['site'], cells: [cell(['s1'], 3)] }), { suppressed: true, labels }).labels).toBe(labels);
  });
});

describe('presentIndicator, suppressed (the network, evaluators)', () => {
  it('hides a total of 1–4 people with no split, and shows 0 and 5', () => {
    const t = presentIndicator(table({ periods: ['a', 'b', 'c'], totals: [{ period: 'a', value: 0 }, { period: 'b', value: 2 }, { period: 'c', value: 5 }] }), { suppressed: true });
    expect(t.totals).toEqual([
      { period: 'a', value: 0, flag: null },
      { period: 'b', value: null, flag: 'suppressed' },
      { period: 'c', value: 5, flag: null },
    ]);
  });

  it('one split: hides the small cell and its complement, keeps the total that does not give them away', () => {
    const t = presentIndicator(table({ dimensions: ['age_band'], cells: [cell(['18_24'], 3), cell(['25_34'], 6), cell(['35_49'], 20)], totals: [{ period: '2026-11', value: 29 }] }), { suppressed: true });
    expect(shown(t)).toEqual([
      ['18_24', null, 'suppressed'],
      ['25_34', null, 'suppressed'],
      ['35_49', 20, null],
    ]);
    expect(t.totals[0]).toEqual({ period: '2026-11', value: 29, flag: null });
  });

  it('a distinct total of 1–4 is hidden even when the cells add up to more (a person reached at two sites)', () => {
    const t = presentIndicator(table({ dimensions: ['site'], cells: [cell(['a'], 3), cell(['b'], 3)], totals: [{ period: '2026-11', value: 3 }] }), { suppressed: true });
    expect(t.totals[0]).toEqual({ period: '2026-11', value: null, flag: 'suppressed' });
  });

  it('two splits: rows × columns, each period on its own', () => {
    const t = presentIndicator(
      table({
        periods: ['2026-10', '2026-11'],
        dimensions: ['sex_at_birth', 'age_band'],
        cells: [cell(['F', '18_24'], 10, '2026-10'), cell(['M', '18_24'], 12, '2026-10'), cell(['F', '18_24'], 2), cell(['F', '25_34'], 10), cell(['M', '18_24'], 9), cell(['M', '25_34'], 11)],
        totals: [{ period: '2026-10', value: 22 }, { period: '2026-11', value: 32 }],
      }),
      { suppressed: true },
    );
    expect(shown(t)).toEqual([
      ['F/18_24', 10, null],
      ['M/18_24', 12, null],
      ['F/18_24', null, 'suppressed'],
      ['F/25_34', null, 'suppressed'],
      ['M/18_24', null, 'suppressed'],
      ['M/25_34', null, 'suppressed'],
    ]);
    expect(t.totals.map((x) => x.value)).toEqual([22, 32]);
  });

  it('three dimensions (screenings: instrument × band × a split) are flattened to rows of all but the last', () => {
    const t = presentIndicator(
      table({
        indicatorId: 'screenings_done',
        dimensions: ['instrument', 'band', 'sex_at_birth'],
        cells: [cell(['phq9', 'mild', 'F'], 7), cell(['phq9', 'mild', 'M'], 1), cell(['phq9', 'severe', 'F'], 8), cell(['phq9', 'severe', 'M'], 9)],
        totals: [{ period: '2026-11', value: 25 }],
      }),
      { suppressed: true },
    );
    const hidden = t.cells.filter((c) => c.flag === 'suppressed').map((c) => c.keys.join('/'));
    expect(hidden).toContain('phq9/mild/M');
    expect(hidden.length).toBeGreaterThanOrEqual(2);
  });

  it('suppresses counts of contacts too', () => {
    const t = presentIndicator(table({ indicatorId: 'contacts', dimensions: ['site'], cells: [cell(['a'], 2), cell(['b'], 30)], totals: [{ period: '2026-11', value: 32 }] }), { suppressed: true });
    expect(shown(t)).toEqual([
      ['a', null, 'suppressed'],
      ['b', null, 'suppressed'],
    ]);
    expect(t.totals[0]!.value).toBe(32);
  });

  it('leaves items (commodities) alone: things, not people', () => {
    const t = presentIndicator(table({ indicatorId: 'commodities_distributed', dimensions: ['item'], cells: [cell(['i1'], 2)], totals: [{ period: '2026-11', value: 2 }] }), { suppressed: true });
    expect(shown(t)).toEqual([['i1', 2, null]]);
    expect(t.totals[0]).toEqual({ period: '2026-11', value: 2, flag: null });
  });

  it('suppresses a rate over fewer than 5 and drops its numerator and denominator', () => {
    const t = presentIndicator(
      table({
        indicatorId: 'referral_completion_rate',
        periods: ['a', 'b', 'c', 'd'],
        totals: [
          { period: 'a', value: 0.5, numerator: 2, denominator: 4 },
          { period: 'b', value: null, numerator: 0, denominator: 0 },
          { period: 'c', value: 0.5, numerator: 5, denominator: 10 },
          { period: 'd', value: 0.9, numerator: 9, denominator: 10 },
        ],
      }),
      { suppressed: true },
    );
    expect(t.totals).toEqual([
      { period: 'a', value: null, flag: 'suppressed' },
      { period: 'b', value: null, flag: 'no_denominator' },
      { period: 'c', value: 0.5, numerator: 5, denominator: 10, flag: null },
      // 1 of 10 did not complete: the rate is shown, the counts that would point at the one are not.
      { period: 'd', value: 0.9, flag: null },
    ]);
  });

  it('suppresses a median over fewer than 5 attendances', () => {
    const t = presentIndicator(table({ indicatorId: 'referral_median_days_to_attendance', periods: ['a', 'b'], totals: [{ period: 'a', value: 3, denominator: 4 }, { period: 'b', value: 2, denominator: 7 }] }), { suppressed: true });
    expect(t.totals).toEqual([
      { period: 'a', value: null, flag: 'suppressed' },
      { period: 'b', value: 2, denominator: 7, flag: null },
    ]);
  });
});

describe('presentIndicator, properties of the suppressed view', () => {
  const KEYS = [['a', 'b', 'c', 'd'], ['x', 'y', 'z'], ['p', 'q']];
  /** A period's cells over 1–3 dimensions (additive: one value per cell, total = sum). */
  const arbTable = fc.integer({ min: 1, max: 3 }).chain((n) =>
    fc
      .tuple(...KEYS.slice(0, n).map((ks) => fc.subarray(ks, { minLength: 1 })))
      .chain((axes) => {
        const combos = axes.reduce<string[][]>((acc, ks) => acc.flatMap((prefix) => ks.map((k) => [...prefix, k])), [[]]);
        return fc.tuple(fc.constant(n), fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 40 })), { minLength: combos.length, maxLength: combos.length }), fc.constant(combos));
      }),
  );
  const build = ([n, values, combos]: [number, number[], string[][]], indicatorId: 'people_reached' | 'contacts'): IndicatorTable => {
    const cells = combos.map((keys, i) => cell(keys, values[i]!)).filter((c) => c.value! > 0);
    return table({ indicatorId, dimensions: ['sex_at_birth', 'age_band', 'site'].slice(0, n), cells, totals: [{ period: '2026-11', value: cells.reduce((a, c) => a + c.value!, 0) }] });
  };

  it('publishes no count of 1–4, cell or total', () => {
    fc.assert(
      fc.property(arbTable, fc.constantFrom('people_reached' as const, 'contacts' as const), (raw, id) => {
        const t = presentIndicator(build(raw, id), { suppressed: true });
        for (const f of [...t.cells, ...t.totals]) {
          expect(isSmall(f.value)).toBe(false);
          if (f.value === null) expect(f.flag).toBe('suppressed');
        }
      }),
    );
  });

  it('never leaves exactly one hidden cell beside a published total, counting cells left out as 0', () => {
    fc.assert(
      fc.property(arbTable, (raw) => {
        const t = presentIndicator(build(raw, 'people_reached'), { suppressed: true });
        const hidden = t.cells.filter((c) => c.value === null);
        if (t.totals[0]!.value !== null) expect(hidden.length).not.toBe(1);
        // Every hidden cell is a published cell: nothing was hidden by leaving it out.
        for (const c of hidden) expect(c.flag).toBe('suppressed');
      }),
    );
  });

  it('a manager sees exactly what the SQL computed', () => {
    fc.assert(
      fc.property(arbTable, (raw) => {
        const source = build(raw, 'people_reached');
        const t = presentIndicator(source, { suppressed: false });
        expect(t.cells.map((c) => c.value)).toEqual(source.cells.map((c) => c.value));
        expect(t.totals[0]!.value).toBe(source.totals[0]!.value);
      }),
    );
  });
});
