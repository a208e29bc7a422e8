import type { IndicatorId } from './definitions.ts';
import type { PeriodKind } from './periods.ts';

/**
 * What the indicator SQL returns (src/server/indicators), before anyone sees it: exact counts.
 *
 * `dimensions` are the indicator's breakdowns (in definition order) then the requested
 * disaggregations (in request order). Each cell carries one value per dimension in that order:
 * a code ('M', '18_24', 'pwud', a service, an instrument…), a database id (site, organisation,
 * catalogue item) or 'unknown' where the record has none. Only cells with records are listed.
 *
 * `totals` are per period over everything in scope, computed by the SQL itself (a distinct count
 * for people), not summed from the cells: a person of two key populations is one person.
 *
 * Per unit, `value` is: people/contacts/items → the count; rate → numerator / denominator (null
 * when the denominator is 0); days → the median (null when no case). Rates and medians also carry
 * `numerator` and `denominator` (for days, denominator = the cases the median is taken over).
 */
export interface IndicatorFigure {
  value: number | null;
  numerator?: number;
  denominator?: number;
  /**
   * Server-internal, medians only: the sorted values the median was taken over, kept in the
   * pre-computed tables so a median of several organisations can be taken over all their cases.
   * Never presented (`presentIndicator` drops it).
   */
  samples?: number[];
}

export interface IndicatorCell extends IndicatorFigure {
  period: string;
  keys: string[];
}

export interface IndicatorTotal extends IndicatorFigure {
  period: string;
}

export interface IndicatorTable {
  indicatorId: IndicatorId;
  periodKind: PeriodKind;
  /** Every period key from `from` to `to`, in order, including periods with no records. */
  periods: string[];
  dimensions: string[];
  cells: IndicatorCell[];
  /** One per period, in `periods` order (zero counts included). */
  totals: IndicatorTotal[];
}

/**
 * What a person receives: the same table after small-cell suppression where the viewer's access
 * asks for it (ReportAccess.suppressed), with labels resolved for database ids. A suppressed
 * figure has `value` null and `flag` 'suppressed'; numerators and denominators are then dropped
 * too. `labels[dimension][key]` names sites, organisations and catalogue items in vi and en;
 * codes are labelled by the web app from core (DISAGGREGATIONS, SERVICES…).
 */
export type FigureFlag = 'suppressed' | 'no_denominator' | null;

export interface PresentedFigure extends IndicatorFigure {
  flag: FigureFlag;
}

export interface PresentedCell extends PresentedFigure {
  period: string;
  keys: string[];
}

export interface PresentedTotal extends PresentedFigure {
  period: string;
}

export interface PresentedTable {
  indicatorId: IndicatorId;
  periodKind: PeriodKind;
  periods: string[];
  dimensions: string[];
  cells: PresentedCell[];
  totals: PresentedTotal[];
  suppressed: boolean;
  labels: Record<string, Record<string, { vi: string; en: string }>>;
}
