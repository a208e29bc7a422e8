import { findIndicator } from './definitions.ts';
import type { IndicatorFigure, IndicatorTable, PresentedCell, PresentedFigure, PresentedTable, PresentedTotal } from './result.ts';
import { SMALL_CELL_THRESHOLD, suppressRate, suppressSmallCells } from './suppression.ts';

export interface PresentOptions {
  /** ReportAccess.suppressed: the network and evaluators. */
  suppressed: boolean;
  labels?: PresentedTable['labels'];
}

/**
 * An indicator table as a person receives it (issue #6 §2).
 *
 * Not suppressed (a manager, their own organisation): every figure as computed, flag null, or
 * 'no_denominator' for a rate or median with nothing under it.
 *
 * Suppressed (the network, evaluators), by unit:
 * - people and contacts: per period, the cells go through `suppressSmallCells` — one dimension as a
 *   one-column table, two as rows × columns, more (screenings: instrument × band × a split) with
 *   rows = every dimension but the last, joined — and the period's total is hidden when that table's
 *   grand total is, or when it counts 1–4 itself (a distinct count can be smaller than the cells'
 *   sum: a person reached at two sites). Contacts are suppressed too: "3 contacts by transgender
 *   women under 18 at this site" can point at one person as surely as a count of people.
 * - rates and medians: `suppressRate` on their denominator (fewer than 5 cases: hidden). A shown
 *   rate keeps its numerator and denominator only when neither they nor their difference counts
 *   1–4 (value × denominator would give the numerator away: "1 of 10 did not attend" is a person).
 * - items (commodities, leaflets): counts of things handed out, not of people, and not suppressed.
 *   They are also read by the site and organisation only, never by who received them.
 * A hidden figure has value null, flag 'suppressed', and no numerator or denominator.
 *
 * A cell of 0 chosen as a complement is published as a hidden cell: cells without records are
 * otherwise left out, and a reader would take its absence for the 0 it is.
 *
 * Marginal totals are not published (only cells and the period's total); treating them as
 * published in `suppressSmallCells` only hides more. Tables are suppressed one by one: two
 * different splits of the same indicator can still narrow a value, which is why these viewers get
 * aggregates only, never records.
 */
export function presentIndicator(table: IndicatorTable, options: PresentOptions): PresentedTable {
  const unit = findIndicator(table.indicatorId)?.unit;
  if (unit === undefined) throw new RangeError(`Unknown indicator ${table.indicatorId}`);
  const base = { indicatorId: table.indicatorId, periodKind: table.periodKind, periods: table.periods, dimensions: table.dimensions, suppressed: options.suppressed, labels: options.labels ?? {} };
  const isRate = unit === 'rate' || unit === 'days';

  if (!options.suppressed || unit === 'items') {
    // `samples` (a median's cases, server-internal) never leaves: only the figure's own fields.
    const pass = ({ value, numerator, denominator }: IndicatorFigure): PresentedFigure => ({
      value,
      ...(numerator !== undefined ? { numerator } : {}),
      ...(denominator !== undefined ? { denominator } : {}),
      flag: isRate && value === null && !denominator ? 'no_denominator' : null,
    });
    return { ...base, cells: table.cells.map((c) => ({ period: c.period, keys: [...c.keys], ...pass(c) })), totals: table.totals.map((t) => ({ period: t.period, ...pass(t) })) };
  }

  if (isRate) {
    return { ...base, cells: table.cells.map((c) => ({ period: c.period, keys: [...c.keys], ...rateFigure(c) })), totals: table.totals.map((t) => ({ period: t.period, ...rateFigure(t) })) };
  }

  const cells: PresentedCell[] = [];
  const totals: PresentedTotal[] = [];
  for (const period of table.periods) {
    const inPeriod = table.cells.filter((c) => c.period === period);
    const total = table.totals.find((t) => t.period === period)?.value ?? 0;
    const { shown, hiddenZeros, grandShown } = suppressPeriod(inPeriod.map((c) => ({ keys: c.keys, value: c.value ?? 0 })));
    const out: PresentedCell[] = inPeriod.map((c, i) => ({ period, keys: [...c.keys], ...countFigure(shown[i]!) }));
    for (const keys of hiddenZeros) out.push({ period, keys, ...countFigure(null) });
    cells.push(...out.sort((a, b) => compareKeys(a.keys, b.keys)));
    const hideTotal = (table.dimensions.length > 0 && !grandShown) || isSmall(total);
    totals.push({ period, ...countFigure(hideTotal ? null : total) });
  }
  return { ...base, cells, totals };
}

const compareKeys = (a: readonly string[], b: readonly string[]) => {
  const x = a.join('\u0000');
  const y = b.join('\u0000');
  return x < y ? -1 : x > y ? 1 : 0;
};
const isSmall = (n: number | null | undefined) => typeof n === 'number' && n > 0 && n < SMALL_CELL_THRESHOLD;
const countFigure = (value: number | null): PresentedFigure => (value === null ? { value: null, flag: 'suppressed' } : { value, flag: null });

function rateFigure(f: IndicatorFigure): PresentedFigure {
  const denominator = f.denominator ?? 0;
  const numerator = f.numerator ?? 0;
  // suppressRate decides on the denominator alone; the value is the SQL's (a median has no numerator).
  const { flag } = suppressRate(numerator, denominator);
  if (flag !== null) return { value: null, flag };
  const out: PresentedFigure = { value: f.value, flag: null };
  const safe = [numerator, denominator, denominator - numerator].every((n) => !isSmall(n));
  if (safe) {
    if (f.numerator !== undefined) out.numerator = f.numerator;
    out.denominator = denominator;
  }
  return out;
}

/**
 * One period's cells through `suppressSmallCells`: rows are every key but the last (joined),
 * columns the last key; a cell missing from the grid is 0. Returns each cell's published value
 * (null when hidden) in input order, the cells absent from the table (0) that were hidden as a
 * complement — published as hidden cells, since a missing cell reads as 0 — and whether the grand
 * total survived.
 */
function suppressPeriod(cells: readonly { keys: readonly string[]; value: number }[]): { shown: (number | null)[]; hiddenZeros: string[][]; grandShown: boolean } {
  if (cells.length === 0) return { shown: [], hiddenZeros: [], grandShown: true };
  const rowOf = (keys: readonly string[]) => (keys.length <= 1 ? '' : JSON.stringify(keys.slice(0, -1)));
  const colOf = (keys: readonly string[]) => (keys.length === 0 ? '' : keys.at(-1)!);
  const rows = [...new Set(cells.map((c) => rowOf(c.keys)))];
  const columns = [...new Set(cells.map((c) => colOf(c.keys)))];
  // One dimension: a one-column table (rows = the values), so the column is the sum to protect.
  const oneColumn = cells[0]!.keys.length <= 1;
  const R = oneColumn ? columns : rows;
  const C = oneColumn ? [''] : columns;
  const at = (keys: readonly string[]): [number, number] => (oneColumn ? [R.indexOf(colOf(keys)), 0] : [R.indexOf(rowOf(keys)), C.indexOf(colOf(keys))]);
  const counts = R.map(() => C.map(() => 0));
  for (const c of cells) {
    const [r, k] = at(c.keys);
    counts[r]![k]! += c.value;
  }
  const result = suppressSmallCells({ rows: R, columns: C, counts });
  const hiddenZeros: string[][] = [];
  R.forEach((row, r) =>
    C.forEach((column, k) => {
      if (counts[r]![k] === 0 && result.values[r]![k] === null) hiddenZeros.push(oneColumn ? [row] : [...(JSON.parse(row) as string[]), column]);
    }),
  );
  return {
    hiddenZeros,
    shown: cells.map((c) => {
      const [r, k] = at(c.keys);
      return result.values[r]![k]!;
    }),
    grandShown: result.grandTotal !== null,
  };
}
