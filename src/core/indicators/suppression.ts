/**
 * Small-cell suppression for what the network hub and evaluators see (issue #6 §2): in a place
 * where everyone knows everyone, "2 transgender women under 18 at this site" names people.
 *
 * The rule, on a table of counts of people with its row totals, column totals and grand total:
 * 1. Primary: a cell (or total) counting more than 0 and fewer than `threshold` (5) people is
 *    suppressed. Zeros are shown: a zero tells nothing about anyone.
 * 2. Complementary: every row and every column, read with its total, is a sum (cells = total). If
 *    exactly one of its entries is suppressed, the others give it away, so the smallest other
 *    entry is suppressed too (a non-zero cell before a zero cell, cells before the total; ties go
 *    to the first). Repeat until no row or column has exactly one suppressed entry.
 * After this, no suppressed value can be computed back from one row or column and its total. It
 * does not stop every attack (bounds from several tables can narrow a value), which is why the
 * network and evaluators see aggregates only and never line lists.
 *
 * Totals are the sums of the cells. For a multi-valued split (key population) the published
 * "all" figure is a distinct count, not the sum; the sums are still used here, which only
 * suppresses more, never less.
 */

export interface CountTable {
  rows: readonly string[];
  columns: readonly string[];
  /** `counts[r][c]`: people in row r and column c; whole numbers ≥ 0. */
  counts: readonly (readonly number[])[];
}

export type SuppressionReason = 'small_cell' | 'complementary';

/** What was hidden and why; `row`/`column` null mark a total ('column' null: the row's total). */
export interface Suppression {
  row: string | null;
  column: string | null;
  value: number;
  reason: SuppressionReason;
}

export interface SuppressedTable {
  rows: readonly string[];
  columns: readonly string[];
  values: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  grandTotal: number | null;
  /** Every hidden entry, primary ones first, in the order they were chosen. */
  suppressed: Suppression[];
}

export interface SuppressionOptions {
  threshold: number;
}

export const SMALL_CELL_THRESHOLD = 5;

/** Suppresses small cells and their complements; see the rule above. The input is not changed. */
export function suppressSmallCells(table: CountTable, options: SuppressionOptions = { threshold: SMALL_CELL_THRESHOLD }): SuppressedTable {
  const { rows, columns, counts } = table;
  const R = rows.length;
  const C = columns.length;
  if (counts.length !== R || counts.some((line) => line.length !== C)) throw new RangeError('counts must have one line per row and one value per column');
  for (const line of counts) for (const v of line) if (!Number.isInteger(v) || v < 0) throw new RangeError(`A count must be a whole number ≥ 0, not ${v}`);

  // The table with its totals: row R holds the column totals, column C the row totals.
  const grid: number[][] = counts.map((line) => [...line, line.reduce((a, b) => a + b, 0)]);
  grid.push(Array.from({ length: C + 1 }, (_, c) => grid.reduce((a, line) => a + line[c]!, 0)));
  const hidden = grid.map((line) => line.map(() => false));
  const suppressed: Suppression[] = [];
  const hide = (r: number, c: number, reason: SuppressionReason) => {
    hidden[r]![c] = true;
    suppressed.push({ row: r < R ? rows[r]! : null, column: c < C ? columns[c]! : null, value: grid[r]![c]!, reason });
  };

  for (let r = 0; r <= R; r++) for (let c = 0; c <= C; c++) if (grid[r]![c]! > 0 && grid[r]![c]! < options.threshold) hide(r, c, 'small_cell');

  // Each line is a list of [r, c] positions whose last entry is the total.
  const lines: [number, number][][] = [
    ...Array.from({ length: R + 1 }, (_, r) => Array.from({ length: C + 1 }, (_, c) => [r, c] as [number, number])),
    ...Array.from({ length: C + 1 }, (_, c) => Array.from({ length: R + 1 }, (_, r) => [r, c] as [number, number])),
  ];
  // Rank of a candidate complement: non-zero cells by size, then zero cells, then the total.
  const rank = (r: number, c: number, isTotal: boolean) => (isTotal ? 2 : grid[r]![c] === 0 ? 1 : 0) * 1e12 + grid[r]![c]!;
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter(([r, c]) => hidden[r]![c]).length !== 1) continue;
      let best: [number, number] | null = null;
      let bestRank = Infinity;
      for (const [i, [r, c]] of line.entries()) {
        if (hidden[r]![c]) continue;
        const k = rank(r, c, i === line.length - 1);
        if (k < bestRank) [best, bestRank] = [[r, c], k];
      }
      // Null only for a line of one entry (the grand total of an empty table): nothing to pair with.
      if (best !== null) {
        hide(best[0], best[1], 'complementary');
        changed = true;
      }
    }
  }

  const shown = (r: number, c: number) => (hidden[r]![c] ? null : grid[r]![c]!);
  return {
    rows,
    columns,
    values: counts.map((line, r) => line.map((_, c) => shown(r, c))),
    rowTotals: rows.map((_, r) => shown(r, C)),
    columnTotals: columns.map((_, c) => shown(R, c)),
    grandTotal: shown(R, C),
    suppressed,
  };
}

export interface SuppressedRate {
  /** numerator / denominator, or null when suppressed or the denominator is 0. */
  value: number | null;
  flag: 'suppressed' | 'no_denominator' | null;
}

/**
 * A rate for the network or evaluators: suppressed when its denominator counts fewer than
 * `threshold` people (1 of 3 is a person); null with 'no_denominator' when nobody is in it. The
 * numerator's own count, where published, goes through `suppressSmallCells` like any count.
 */
export function suppressRate(numerator: number, denominator: number, options: SuppressionOptions = { threshold: SMALL_CELL_THRESHOLD }): SuppressedRate {
  if (denominator === 0) return { value: null, flag: 'no_denominator' };
  if (denominator < options.threshold) return { value: null, flag: 'suppressed' };
  return { value: numerator / denominator, flag: null };
}
