import type { CourseInput, CourseModule, EligibilityGap, IssueCertificates, TestInput, TestPhase, TestQuestion } from '../../core/training/index.ts';
import type { z } from 'zod';
import { request } from '../api/client.ts';

/**
 * The courses routes (issue #7 §2) as the web pages use them. The answer shapes mirror
 * src/server/courses/routes.ts and public-routes.ts (the web app imports core, never the server).
 */
export interface CourseTest {
  id: string;
  title: string;
  questions: TestQuestion[];
  passPercent: number;
  version: number;
  inUse: boolean;
}

export interface CourseOut {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  description: string | null;
  modules: CourseModule[];
  version: number;
  updatedAt: string;
  test: CourseTest | null;
}

export interface Score {
  score: number;
  maxScore: number;
  percent: number;
}

export interface CertificateSummary {
  id: string;
  code: string;
  lang: 'vi' | 'en';
  issuedOn: string;
  byHandReason: string | null;
  revoked: boolean;
}

export interface ParticipantResult {
  registrationId: string;
  name: string;
  presentDays: string[];
  pre: Score | null;
  post: Score | null;
  eligible: boolean;
  gaps: EligibilityGap[];
  certificate: CertificateSummary | null;
}

export interface EventResults {
  eventId: string;
  title: string;
  days: string[];
  course: { id: string; title: string } | null;
  test: { id: string; title: string; passPercent: number; questions: number } | null;
  participants: ParticipantResult[];
  improvement: { paired: number; preOnly: number; postOnly: number; meanChange: number | null; medianChange: number | null; shareImproved: number | null };
}

export interface CertificateDocument {
  id: string;
  code: string;
  nameOnCertificate: string;
  title: string;
  eventTitle: string;
  days: string[];
  organisers: string[];
  issuedOn: string;
  lang: 'vi' | 'en';
  revoked: boolean;
}

export interface PublicTest {
  eventTitle: string;
  testTitle: string;
  phase: TestPhase;
  questions: { id: string; text: string; options: string[]; multiple: boolean }[];
  taken: Score | null;
  closed: 'TEST_ALREADY_TAKEN' | 'TEST_PRE_AFTER_POST' | 'TEST_POST_NOT_OPEN' | null;
  firstDay: string;
}

export interface TrainingStatus {
  eventTitle: string;
  test: { pre: Score | null; post: Score | null } | null;
  certificate: boolean;
}

export type Verification = { status: 'valid'; nameOnCertificate: string; course: string; date: string } | { status: 'revoked' };

const org = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}`;
const code = (c: string) => `/api/public/registrations/${encodeURIComponent(c)}`;
const anonymous = { anonymousOk: true };

export const coursesApi = {
  list: (orgId: string) => request<CourseOut[]>('GET', `${org(orgId)}/courses`),
  get: (orgId: string, courseId: string) => request<CourseOut>('GET', `${org(orgId)}/courses/${encodeURIComponent(courseId)}`),
  create: (orgId: string, body: CourseInput) => request<CourseOut>('POST', `${org(orgId)}/courses`, body),
  save: (orgId: string, courseId: string, body: CourseInput) => request<CourseOut>('PUT', `${org(orgId)}/courses/${encodeURIComponent(courseId)}`, body),
  saveTest: (orgId: string, courseId: string, body: z.input<typeof TestInput>) => request<CourseOut>('PUT', `${org(orgId)}/courses/${encodeURIComponent(courseId)}/test`, body),
  linkEvent: (orgId: string, eventId: string, courseId: string | null) => request<null>('PUT', `${org(orgId)}/events/${encodeURIComponent(eventId)}/course`, { courseId }),
  results: (orgId: string, eventId: string) => request<EventResults>('GET', `${org(orgId)}/events/${encodeURIComponent(eventId)}/results`),
  issue: (orgId: string, eventId: string, body: IssueCertificates) => request<EventResults>('POST', `${org(orgId)}/events/${encodeURIComponent(eventId)}/certificates`, body),
  revoke: (orgId: string, certificateId: string, reason: string) => request<null>('POST', `${org(orgId)}/certificates/${encodeURIComponent(certificateId)}/revoke`, { reason }),
  certificate: (orgId: string, certificateId: string) => request<CertificateDocument>('GET', `${org(orgId)}/certificates/${encodeURIComponent(certificateId)}`),
};

export const participantApi = {
  training: (c: string) => request<TrainingStatus>('GET', `${code(c)}/training`, undefined, anonymous),
  test: (c: string, phase: TestPhase) => request<PublicTest>('GET', `${code(c)}/test/${phase}`, undefined, anonymous),
  submit: (c: string, phase: TestPhase, answers: Record<string, number[]>) => request<Score>('POST', `${code(c)}/test/${phase}`, { answers }, anonymous),
  certificate: (c: string) => request<CertificateDocument>('GET', `${code(c)}/certificate`, undefined, anonymous),
  verify: (c: string) => request<Verification>('GET', `/api/public/certificates/${encodeURIComponent(c)}`, undefined, anonymous),
};
