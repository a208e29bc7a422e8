import type { PathwayRequirements, PathwayStage, RubricScores } from '../../core/training/pathway.ts';
import { request } from '../api/client.ts';

/** The pathway routes of the server (issue #7 §3, src/server/pathway/routes.ts) as the pages use them. */
export interface CourseChoice {
  id: string;
  title: string;
  orgId: string;
  orgName: string;
}

export interface RequirementsSettings {
  requirements: PathwayRequirements;
  version: number | null;
  updatedAt: string | null;
  updatedByName: string | null;
  courses: CourseChoice[];
}

export interface RequirementView {
  kind: 'course' | 'co_facilitated_sessions' | 'observed_session';
  met: boolean;
  courseId?: string;
  courseTitle?: string;
  required?: number;
  have?: number;
  minMeanScore?: number;
  best?: number | null;
}

export interface PersonSummary {
  userId: string;
  name: string;
  username: string;
  roles: string[];
  active: boolean;
  stage: PathwayStage;
  since: string | null;
  nextStage: PathwayStage | null;
  requirements: RequirementView[];
  missingCount: number;
}

export interface ObservationView {
  id: string;
  at: string;
  observerId: string;
  observerName: string;
  observerWasCertified: boolean;
  counts: boolean;
  meanScore: number | null;
  scores: Record<string, number>;
  eventId: string | null;
  eventTitle: string | null;
  groupSessionId: string | null;
  sessionDescription: string | null;
  note: string | null;
}

export interface Reason {
  code: string;
  message: string;
}

export interface PersonDetail extends PersonSummary {
  /** Counted courses, each with the organisation that issued its certificate. */
  coursesCompleted: { courseId: string; title: string; issuedAt: string; issuedByOrgId: string; issuedByOrgName: string }[];
  coFacilitations: { kind: 'group_session' | 'event'; id: string; at: string; title: string | null }[];
  observations: ObservationView[];
  promotions: { id: string; from: PathwayStage; to: PathwayStage; approvedBy: string; approvedByName: string; approvedAt: string }[];
  promotion: { to: PathwayStage | null; allowed: boolean; reasons: Reason[] } | null;
}

export interface EventChoice {
  id: string;
  title: string;
  firstDay: string;
  lastDay: string;
  orgName: string;
}

export interface ObservationBody {
  scores: RubricScores;
  at: string;
  eventId: string | null;
  groupSessionId: string | null;
  sessionDescription: string | null;
  note: string | null;
}

const base = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}/pathway`;
const person = (orgId: string, userId: string) => `${base(orgId)}/people/${encodeURIComponent(userId)}`;

export const pathwayApi = {
  requirements: (orgId: string) => request<RequirementsSettings>('GET', `${base(orgId)}/requirements`),
  saveRequirements: (orgId: string, requirements: PathwayRequirements, version: number | null) => request<RequirementsSettings>('PUT', `${base(orgId)}/requirements`, { requirements, version }),
  people: (orgId: string) => request<PersonSummary[]>('GET', `${base(orgId)}/people`),
  person: (orgId: string, userId: string) => request<PersonDetail>('GET', person(orgId, userId)),
  mine: (orgId: string) => request<PersonDetail>('GET', `${base(orgId)}/me`),
  events: (orgId: string) => request<EventChoice[]>('GET', `${base(orgId)}/events`),
  observe: (orgId: string, userId: string, body: ObservationBody) => request<{ id: string }>('POST', `${person(orgId, userId)}/observations`, body),
  coFacilitated: (orgId: string, userId: string, eventId: string, note: string | null) => request<{ id: string }>('POST', `${person(orgId, userId)}/co-facilitations`, { eventId, note }),
  promote: (orgId: string, userId: string, from: PathwayStage, to: PathwayStage) => request<PersonDetail>('POST', `${person(orgId, userId)}/promotions`, { from, to }),
};
