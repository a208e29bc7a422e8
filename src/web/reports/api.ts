import type { Lang } from '../../core/i18n/index.ts';
import type { IndicatorId } from '../../core/indicators/definitions.ts';
import type { DisaggregationId } from '../../core/indicators/disaggregations.ts';
import type { Dashboard, ScopeOption } from '../../core/indicators/dashboard.ts';
import type { PeriodKind } from '../../core/indicators/periods.ts';
import type { PresentedTable } from '../../core/indicators/result.ts';
import { request } from '../api/client.ts';

/** The reporting routes of the server (issue #6 §2–3, src/server/reports/routes.ts) as the dashboard uses them. */
export type { Dashboard, Headline, ScopeOption } from '../../core/indicators/dashboard.ts';

export interface TableQuery {
  scope: string;
  indicatorId: IndicatorId;
  periodKind: PeriodKind;
  /** First day, 'YYYY-MM-DD'. */
  from: string;
  /** Last day, included. */
  to: string;
  by: readonly DisaggregationId[];
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

function tableParams(q: TableQuery): Record<string, string> {
  const params: Record<string, string> = { scope: q.scope, periodKind: q.periodKind, from: q.from, to: q.to };
  if (q.by.length) params.by = q.by.join(',');
  return params;
}

const tablePath = (q: TableQuery) => `/api/reports/indicators/${encodeURIComponent(q.indicatorId)}`;

export const reportsApi = {
  scopes: () => request<{ scopes: ScopeOption[] }>('GET', '/api/reports/scopes'),
  dashboard: (scope: string, periodKind: PeriodKind, period: string) => request<Dashboard>('GET', `/api/reports/dashboard?${query({ scope, periodKind, period })}`),
  table: (q: TableQuery) => request<PresentedTable>('GET', `${tablePath(q)}?${query({ ...tableParams(q), format: 'json' })}`),
};

/** The same table as a CSV download (UTF-8 with BOM, headers in `lang`), for an `<a href download>`. */
export function csvHref(q: TableQuery, lang: Lang): string {
  return `${tablePath(q)}?${query({ ...tableParams(q), format: 'csv', lang })}`;
}
