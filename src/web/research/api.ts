import { ROLE_PERMISSIONS, type Permission } from '../../core/auth/roles.ts';
import { addDays } from '../../core/dates.ts';
import type { ResearchReport, ResearchRow } from '../../core/exports/deidentify.ts';
import { reportScopes } from '../../core/indicators/access.ts';
import type { OutcomeInstrumentId, PresentedOutcomes } from '../../core/indicators/outcomes.ts';
import { parsePeriodKey, periodOf, periodsEndingWith, type Period } from '../../core/indicators/periods.ts';
import type { Me } from '../../core/users/schema.ts';
import { request } from '../api/client.ts';

/** The research routes of the server (issue #6 §3–4, src/server/research/routes.ts) as the pages use them. */

export interface ResearchExtractResponse {
  from: string;
  to: string;
  exportDay: string;
  rows: ResearchRow[];
  report: ResearchReport;
}

export type OutcomesResponse = PresentedOutcomes & { from: string; to: string };

export interface DayRange {
  from: string;
  to: string;
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

export const researchApi = {
  extract: (scope: string, range: DayRange) => request<ResearchExtractResponse>('GET', `/api/reports/research-extract?${query({ scope, ...range, format: 'json' })}`),
  outcomes: (scope: string, instrument: OutcomeInstrumentId, range: DayRange, minMotivational: number) =>
    request<OutcomesResponse>('GET', `/api/reports/outcomes?${query({ scope, instrument, ...range, minMotivational: String(minMotivational) })}`),
};

/** The extract as a CSV download: a new export (fresh study ids), audited like the preview. */
export const extractCsvHref = (scope: string, range: DayRange) => `/api/reports/research-extract?${query({ scope, ...range, format: 'csv' })}`;

export interface ScopeOption {
  scope: string;
  name: string;
}

/**
 * The scopes the person can ask for with `permission`, decided as the server does (accessFor in
 * src/server/research/routes.ts): only through the roles that hold the permission, so someone who
 * manages one organisation and evaluates another is offered the extract of the second only. The
 * network scope is every organisation the person evaluates (all of them for the hub's evaluators).
 */
export function scopesFor(me: Me, permission: Permission, networkLabel: string): ScopeOption[] {
  const memberships = me.organisations.flatMap((o) => o.roles.filter((role) => ROLE_PERMISSIONS[role].includes(permission)).map((role) => ({ orgId: o.id, orgKind: o.kind, role })));
  return reportScopes(memberships).map((s) =>
    s.kind === 'network' ? { scope: 'network', name: me.network.name ? `${networkLabel}: ${me.network.name}` : networkLabel } : { scope: s.orgId, name: me.organisations.find((o) => o.id === s.orgId)?.name ?? s.orgId },
  );
}

/** The last `count` months up to the one holding `today`, newest first. */
export function recentMonths(today: string, count = 36): Period[] {
  return periodsEndingWith(periodOf(today, 'month'), count).reverse();
}

/** The days from the first month's first day to the last month's last day; the months may come in either order. */
export function monthsRange(fromKey: string, toKey: string): DayRange {
  const [a, b] = [parsePeriodKey(fromKey)!, parsePeriodKey(toKey)!];
  const [first, last] = a.start <= b.start ? [a, b] : [b, a];
  return { from: first.start, to: addDays(last.end, -1) };
}
