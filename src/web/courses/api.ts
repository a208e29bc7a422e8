import type { AttemptScore, CertificateDocument, CourseOut, EventResults, PublicTest, TrainingStatus, Verification } from '../../core/training/course-api.ts';
import type { CourseInput, IssueCertificates, TestInput, TestPhase } from '../../core/training/index.ts';
import type { z } from 'zod';
import { request } from '../api/client.ts';

const org = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}`;
const code = (c: string) => `/api/public/registrations/${encodeURIComponent(c)}`;
const anonymous = { anonymousOk: true };

/** The courses routes (issue #7 §2) as the web pages use them; the answers' shapes are core's (course-api.ts). */
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
  submit: (c: string, phase: TestPhase, answers: Record<string, number[]>) => request<AttemptScore>('POST', `${code(c)}/test/${phase}`, { answers }, anonymous),
  certificate: (c: string) => request<CertificateDocument>('GET', `${code(c)}/certificate`, undefined, anonymous),
  verify: (c: string) => request<Verification>('GET', `/api/public/certificates/${encodeURIComponent(c)}`, undefined, anonymous),
};
