import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressRate, suppressSmallCells, type CountTable, type SuppressedTable } from './suppression.ts';

const table = (counts: number[][]): CountTable => ({
  rows: counts.map((_, r) => `r${r}`),
  columns: (counts[0] ?? []).map((_, c) => `c${c}`),
  counts,
});

/** The published table as a grid with totals (last row and column), null where hidden. */
function published(s: SuppressedTable): (number | null)[][] {
  return [...s.values.map((line, r) => [...line, s.rowTotals[r]!]), [...s.columnTotals, s.grandTotal]];
}

describe('suppressSmallCells', () => {
  it('shows a table with no small cell as it is', () => {
    const s = suppressSmallCells(table([[10, 20], [0, 7]]));
    expect(s.values).toEqual([[10, 20], [0, 7]]);
    expect(s.rowTotals).toEqual([30, 7]);
    expect(s.columnTotals).toEqual([10, 27]);
    expect(s.grandTotal).toBe(37);
    expect(s.suppressed).toEqual([]);
  });

  it('hides a small cell and, so that totals cannot give it back, the smallest cell beside it in its row and column', () => {
    const s = suppressSmallCells(table([[3, 20, 8], [12, 9, 30], [40, 15, 11]]));
    // 3 is small: its row takes 8 and its column 12; 8's column then takes 11, 12's row takes 9,
    // and 11's row takes 15. Every row and column now has 0 or ≥ 2 hidden entries.
    expect(s.values).toEqual([[null, 20, null], [null, null, 30], [40, null, null]]);
    expect(s.suppressed[0]).toEqual({ row: 'r0', column: 'c0', value: 3, reason: 'small_cell' });
    expect(s.suppressed.slice(1).every((x) => x.reason === 'complementary')).toBe(true);
    expect(s.rowTotals).toEqual([31, 51, 66]);
  });

  it.each([
    ['1 to 4 are hidden', [[1, 2, 3, 4]], [[null, null, null, null]]],
    ['0 and 5 are shown', [[0, 5], [5, 0]], [[0, 5], [5, 0]]],
    ['a non-zero cell is a complement before a zero', [[2, 0, 7]], [[null, 0, null]]],
  ])('%s', (_, counts, values) => {
    expect(suppressSmallCells(table(counts)).values).toEqual(values);
  });

  it('hides a small total, and in a one-column table the complement and its total too', () => {
    const s = suppressSmallCells(table([[2], [30]]));
    // 2 and its row total 2 are small; the column (2, 30 | 32) then has one hidden cell, so 30
    // goes, and the row (30 | 30) has one hidden entry, so its total goes. 32 says only 2 + 30.
    expect(s.values).toEqual([[null], [null]]);
    expect(s.rowTotals).toEqual([null, null]);
    expect(s.columnTotals).toEqual([32]);
    expect(s.grandTotal).toBe(32);
  });

  it('uses the threshold given', () => {
    expect(suppressSmallCells(table([[9, 10], [10, 10]]), { threshold: 10 }).values).toEqual([[null, null], [null, null]]);
  });

  it('refuses counts that are not whole numbers or do not fit the rows and columns', () => {
    expect(() => suppressSmallCells(table([[1.5]]))).toThrow(RangeError);
    expect(() => suppressSmallCells(table([[-1]]))).toThrow(RangeError);
    expect(() => suppressSmallCells({ rows: ['a'], columns: ['x', 'y'], counts: [[1]] })).toThrow(RangeError);
  });

  it('on any small table: small cells are hidden, shown values are true, and no row or column gives back a hidden entry', () => {
    const small = fc.integer({ min: 1, max: 4 }).chain((rows) => fc.integer({ min: 1, max: 4 }).chain((cols) => fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows })));
    fc.assert(
      fc.property(small, (counts) => {
        const s = suppressSmallCells(table(counts));
        const grid = published(s);
        const truth = [...counts.map((line) => [...line, line.reduce((a, b) => a + b, 0)]), [...counts[0]!.map((_, c) => counts.reduce((a, l) => a + l[c]!, 0)), counts.flat().reduce((a, b) => a + b, 0)]];
        grid.forEach((line, r) =>
          line.forEach((v, c) => {
            if (v !== null) expect(v).toBe(truth[r]![c]);
            if (truth[r]![c]! > 0 && truth[r]![c]! < 5) expect(v).toBeNull();
          }),
        );
        const lines = [...grid, ...grid[0]!.map((_, c) => grid.map((line) => line[c]!))];
        for (const line of lines) {
          // A line with exactly one hidden entry would give it back: total − the others.
          const hidden = line.filter((v) => v === null).length;
          if (line.length > 1) expect(hidden).not.toBe(1);
        }
        expect(s.suppressed.length).toBe(grid.flat().filter((v) => v === null).length);
      }),
    );
  });
});

describe('suppressRate', () => {
  it.each([
    [3, 10, 0.3, null],
    [0, 5, 0, null],
    [2, 4, null, 'suppressed'],
    [0, 1, null, 'suppressed'],
    [0, 0, null, 'no_denominator'],
  ] as const)('%s / %s → %s (%s)', (n, d, value, flag) => {
    expect(suppressRate(n, d)).toEqual({ value, flag });
  });
});
