import type { IndicatorId } from './definitions.ts';
import type { Period } from './periods.ts';
import type { PresentedTable, PresentedTotal } from './result.ts';

/**
 * What `GET /api/reports/dashboard` answers (issue #6 §2; the contract is written out in
 * src/server/reports/routes.ts): one scope, one period, already suppressed where the viewer's
 * access asks for it.
 */
export interface Dashboard {
  /** 'network' or an organisation id. */
  scope: string;
  /** The network's or the organisation's name. */
  name: string;
  suppressed: boolean;
  period: Period;
  previous: Period;
  /** Every indicator that has SQL, in INDICATORS order: `period` against the one before it. */
  headlines: Headline[];
  /** The 12 periods ending with `period`, no disaggregation (DASHBOARD_SERIES). */
  series: PresentedTable[];
  /** `period` only, split for bar charts (DASHBOARD_BARS, plus people by organisation for several organisations). */
  bars: PresentedTable[];
}

export interface Headline {
  indicatorId: IndicatorId;
  current: PresentedTotal;
  previous: PresentedTotal;
}

/** One line of `GET /api/reports/scopes`. */
export interface ScopeOption {
  scope: string;
  name: string;
  suppressed: boolean;
}

/** The indicators drawn as time series, in order. */
export const DASHBOARD_SERIES = ['people_reached', 'new_clients', 'contacts', 'anonymous_contacts', 'prevention_coverage', 'referrals_made'] as const satisfies readonly IndicatorId[];
/** How many periods a series shows, ending with the dashboard's period. */
export const SERIES_LENGTH = 12;

/** The bar charts of the dashboard's period: an indicator and its disaggregations (its own breakdowns come with it). */
export const DASHBOARD_BARS = [
  { indicatorId: 'people_reached', by: ['age_band', 'sex_at_birth'] },
  { indicatorId: 'services_by_type', by: [] },
  { indicatorId: 'screenings_positive', by: [] },
  { indicatorId: 'crisis_episodes', by: [] },
  { indicatorId: 'commodities_distributed', by: [] },
] as const satisfies readonly { indicatorId: IndicatorId; by: readonly string[] }[];
/** Added for a scope of several organisations: people reached per organisation. */
export const NETWORK_BAR = { indicatorId: 'people_reached', by: ['organisation'] } as const;
