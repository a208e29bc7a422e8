import type { z } from 'zod';
import type { PeriodKind } from '../../core/indicators/periods.ts';
import type { FeedbackInput, VisitFeedback } from '../../core/visits/feedback.ts';
import type { ExchangeVisit, VisitInput, VisitStatus } from '../../core/visits/schema.ts';
import type { VisitPeriodSummary } from '../../core/visits/summary.ts';
import { request } from '../api/client.ts';

/** The exchange-visit routes of the server (src/server/visits/routes.ts) as the pages use them. */
export type { ExchangeVisit, VisitFeedback, VisitPeriodSummary };

const base = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}/visits`;
const one = (orgId: string, visitId: string) => `${base(orgId)}/${encodeURIComponent(visitId)}`;

export interface VisitSummaries {
  scope: string;
  periodKind: PeriodKind;
  /** The chosen period last, the eleven before it first. */
  periods: VisitPeriodSummary[];
}

export const visitsApi = {
  list: (orgId: string) => request<{ today: string; visits: ExchangeVisit[] }>('GET', base(orgId)),
  get: (orgId: string, visitId: string) => request<{ today: string; visit: ExchangeVisit; feedback: VisitFeedback[] }>('GET', one(orgId, visitId)),
  create: (orgId: string, body: z.input<typeof VisitInput>) => request<ExchangeVisit>('POST', base(orgId), body),
  edit: (orgId: string, visitId: string, version: number, visit: z.input<typeof VisitInput>) => request<ExchangeVisit>('PUT', one(orgId, visitId), { version, visit }),
  setStatus: (orgId: string, visitId: string, status: VisitStatus) => request<ExchangeVisit>('POST', `${one(orgId, visitId)}/status`, { status }),
  addFeedback: (orgId: string, visitId: string, body: FeedbackInput) => request<VisitFeedback>('POST', `${one(orgId, visitId)}/feedback`, body),
  summaries: (scope: string, periodKind: PeriodKind, period: string) => request<VisitSummaries>('GET', `/api/reports/visits?${new URLSearchParams({ scope, periodKind, period }).toString()}`),
};
