import { addDays } from '../../core/dates.ts';
import { DISAGGREGATION_IDS, type DisaggregationId } from '../../core/indicators/disaggregations.ts';
import { INDICATOR_IDS, type IndicatorId } from '../../core/indicators/definitions.ts';
import { nextPeriod, parsePeriodKey, periodOf, PERIOD_KINDS, periodsEndingWith, type Period, type PeriodKind } from '../../core/indicators/periods.ts';

/**
 * What the dashboard shows, kept in the address (/reports?scope=…&kind=quarter&period=2026-Q4…),
 * so a link or a bookmark reproduces the view and the back button goes where people expect.
 * Anything missing or wrong in the address falls back to a sensible default. Pure: the page's
 * hook (dashboard-page.tsx) reads and writes the address.
 */
export type ReportView = 'overview' | 'explorer';

export interface ReportQuery {
  view: ReportView;
  scope: string | null;
  kind: PeriodKind;
  /** The dashboard's period: the current one in Vietnam by default. */
  period: Period;
  /** The explorer's choices. */
  indicator: IndicatorId | null;
  by: DisaggregationId[];
  from: Period;
  to: Period;
}

/** The period running now in Vietnam. */
export function currentPeriod(kind: PeriodKind, now = new Date()): Period {
  return periodOf(now.toISOString(), kind);
}

function periodIn(value: string | null, kind: PeriodKind): Period | null {
  const period = value ? parsePeriodKey(value) : null;
  return period && period.kind === kind ? period : null;
}

export function readQuery(query: URLSearchParams, now = new Date()): ReportQuery {
  const kind = (PERIOD_KINDS as readonly string[]).includes(query.get('kind') ?? '') ? (query.get('kind') as PeriodKind) : 'month';
  const current = currentPeriod(kind, now);
  const notFuture = (p: Period | null) => (p && p.start <= current.start ? p : null);
  const period = notFuture(periodIn(query.get('period'), kind)) ?? current;
  const indicator = (INDICATOR_IDS as readonly string[]).includes(query.get('indicator') ?? '') ? (query.get('indicator') as IndicatorId) : null;
  const by = [...new Set((query.get('by') ?? '').split(',').filter((d): d is DisaggregationId => (DISAGGREGATION_IDS as readonly string[]).includes(d)))].slice(0, 2);
  const to = notFuture(periodIn(query.get('to'), kind)) ?? period;
  const fromAsked = periodIn(query.get('from'), kind);
  const from = fromAsked && fromAsked.start <= to.start ? fromAsked : periodsEndingWith(to, kind === 'year' ? 3 : 6)[0]!;
  return { view: query.get('view') === 'explorer' ? 'explorer' : 'overview', scope: query.get('scope') || null, kind, period, indicator, by, from, to };
}

export function queryString(q: ReportQuery, scope: string | null): string {
  const params = new URLSearchParams();
  if (q.view === 'explorer') params.set('view', 'explorer');
  if (scope) params.set('scope', scope);
  params.set('kind', q.kind);
  params.set('period', q.period.key);
  if (q.view === 'explorer') {
    if (q.indicator) params.set('indicator', q.indicator);
    if (q.by.length) params.set('by', q.by.join(','));
    params.set('from', q.from.key);
    params.set('to', q.to.key);
  }
  return params.toString();
}

/** Changes part of the view (replacing the history entry unless `push`: picking a month is not a new page). */
export type SetReportQuery = (patch: Partial<ReportQuery>, options?: { push?: boolean }) => void;

/** The periods a picker offers: back from now (three years of months, three of quarters, six years). */
export function periodChoices(kind: PeriodKind, chosen: Period, now = new Date()): Period[] {
  const count = kind === 'month' ? 36 : kind === 'quarter' ? 12 : 6;
  const choices = periodsEndingWith(currentPeriod(kind, now), count).reverse();
  if (!choices.some((p) => p.key === chosen.key)) choices.push(chosen);
  return choices;
}

/** The period after `period`, unless that is still to come. */
export function laterPeriod(period: Period, now = new Date()): Period | null {
  const next = nextPeriod(period);
  return next.start <= currentPeriod(period.kind, now).start ? next : null;
}

/** The days whole periods cover, for a CSV of them: the first one's first day to the last one's last day. */
export function rangeOf(periodKeys: readonly string[]): { from: string; to: string } {
  const first = parsePeriodKey(periodKeys[0]!)!;
  const last = parsePeriodKey(periodKeys[periodKeys.length - 1]!)!;
  return { from: first.start, to: addDays(last.end, -1) };
}
