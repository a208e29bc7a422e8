import type { ProviderInput, ReferralEventKind, ReferralOutcome, ReferralStatus } from '../../core/referrals/schema.ts';
import type { PullResponse } from '../../core/sync/protocol.ts';
import type { z } from 'zod';
import { request } from '../api/client.ts';

/** The referral routes of the server (issue #5) as the web pages use them online. */
export type Provider = PullResponse['providers'][number];

export interface ReceivedEvent {
  id: string;
  event: ReferralEventKind;
  at: string;
  note: string | null;
  outcome: string | null;
  byOrgId: string;
}

/** A referral as the receiving provider sees it: the code, service, urgency and only the consented fields. */
export interface ReceivedReferral {
  id: string;
  code: string;
  providerId: string;
  service: string;
  urgency: string;
  dueOn: string;
  at: string;
  status: ReferralStatus;
  fromOrgId?: string;
  fromOrgName?: string;
  share: string[];
  shared?: {
    reason?: string;
    screenings?: { instrumentId: string; at: string; total: number | null; band: string | null; flags: string[] }[];
    notes?: string[];
  };
  events: ReceivedEvent[];
}

/** One group's referral numbers, as the indicators route gives them (definitions in core/referrals/indicators.ts). */
export interface ReferralCounts {
  made: number;
  cancelled: number;
  attended: number;
  completed: number;
  lost: number;
  completionRate: number | null;
  medianDaysToAttendance: number | null;
}

export interface ReferralNumbers {
  from: string | null;
  to: string | null;
  all: ReferralCounts;
  byProvider: Record<string, ReferralCounts>;
  byService: Record<string, ReferralCounts>;
  byUrgency: Record<string, ReferralCounts>;
  byOrganisation: Record<string, ReferralCounts>;
  /** Provider id → name, for the providers in byProvider. */
  providerNames: Record<string, string>;
}

const org = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}`;
const q = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return s ? `?${s}` : '';
};

export const referralApi = {
  providers: (filter: { service?: string; provinceId?: string; friendly?: string } = {}) => request<Provider[]>('GET', `/api/providers${q(filter)}`),
  createProvider: (body: z.input<typeof ProviderInput>) => request<Provider>('POST', '/api/providers', body),
  editProvider: (providerId: string, body: Partial<z.input<typeof ProviderInput>>) => request<Provider>('PATCH', `/api/providers/${encodeURIComponent(providerId)}`, body),

  received: (orgId: string) => request<ReceivedReferral[]>('GET', `${org(orgId)}/referrals/received`),
  receivedOne: (orgId: string, referralId: string) => request<ReceivedReferral>('GET', `${org(orgId)}/referrals/received/${encodeURIComponent(referralId)}`),
  byCode: (code: string) => request<{ id: string; orgId?: string; toOrgId?: string }>('GET', `/api/referrals/by-code/${encodeURIComponent(code)}`),
  recordReceived: (orgId: string, referralId: string, body: { eventId: string; event: ReferralEventKind; at: string; note: string | null; outcome: ReferralOutcome | null }) =>
    request<ReceivedReferral>('POST', `${org(orgId)}/referrals/received/${encodeURIComponent(referralId)}/events`, body),

  indicators: (orgId: string, period: { from?: string; to?: string }) => request<ReferralNumbers>('GET', `${org(orgId)}/referrals/indicators${q(period)}`),
  rateProvider: (providerId: string, body: { orgId: string; referralId: string; rating: number }) => request<Provider & { ratings: number }>('POST', `/api/providers/${encodeURIComponent(providerId)}/feedback`, body),
};
