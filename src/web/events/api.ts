import type { z } from 'zod';
import type {
  AttendanceOut,
  CheckInOut,
  Confirmation,
  EventSummary,
  NetworkOrganisation,
  OrganiserEvent,
  PublicEvent,
  PublicEventSummary,
  PublicEventsQuery,
  RegistrationOut,
  RegistrationWithCode,
} from '../../core/training/event-api.ts';
import type { Event, PublicRegistration, Registration } from '../../core/training/events.ts';
import { request } from '../api/client.ts';

/** The events routes (issue #7 §2) as the web pages use them; types from the same core schemas the server validates with. */
const org = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}/events`;
const one = (orgId: string, eventId: string) => `${org(orgId)}/${encodeURIComponent(eventId)}`;

export type RegistrationInput = z.input<typeof Registration>;
export type PublicRegistrationInput = z.input<typeof PublicRegistration>;

export const eventsApi = {
  list: (orgId: string) => request<EventSummary[]>('GET', org(orgId)),
  networkOrganisations: (orgId: string) => request<NetworkOrganisation[]>('GET', `${org(orgId)}/network-organisations`),
  get: (orgId: string, eventId: string) => request<OrganiserEvent>('GET', one(orgId, eventId)),
  create: (orgId: string, event: Event) => request<OrganiserEvent>('POST', org(orgId), { event }),
  save: (orgId: string, eventId: string, event: Event, version: number) => request<OrganiserEvent>('PUT', one(orgId, eventId), { event, version }),
  publish: (orgId: string, eventId: string, version: number) => request<OrganiserEvent>('POST', `${one(orgId, eventId)}/publish`, { version }),
  cancel: (orgId: string, eventId: string, version: number) => request<OrganiserEvent>('POST', `${one(orgId, eventId)}/cancel`, { version }),
  registrations: (orgId: string, eventId: string) => request<RegistrationOut[]>('GET', `${one(orgId, eventId)}/registrations`),
  registerAtDesk: (orgId: string, eventId: string, body: RegistrationInput) => request<RegistrationWithCode>('POST', `${one(orgId, eventId)}/registrations`, body),
  /** A new code for a registrant who lost theirs; the old one stops working. Shown once: the server keeps only its hash. */
  reissueCode: (orgId: string, eventId: string, registrationId: string) =>
    request<RegistrationWithCode>('POST', `${one(orgId, eventId)}/registrations/${encodeURIComponent(registrationId)}/code`, {}),
  cancelRegistration: (orgId: string, eventId: string, registrationId: string) =>
    request<RegistrationOut>('POST', `${one(orgId, eventId)}/registrations/${encodeURIComponent(registrationId)}/cancel`, {}),
  linkRegistration: (orgId: string, eventId: string, registrationId: string, username: string | null) =>
    request<RegistrationOut>('PUT', `${one(orgId, eventId)}/registrations/${encodeURIComponent(registrationId)}/user`, { username }),
  checkIn: (orgId: string, eventId: string, code: string, day: string) => request<CheckInOut>('POST', `${one(orgId, eventId)}/check-in`, { code, day }),
  attendance: (orgId: string, eventId: string) => request<AttendanceOut>('GET', `${one(orgId, eventId)}/attendance`),
};

export const publicEventsApi = {
  list: (query: PublicEventsQuery) => {
    const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]).toString();
    return request<PublicEventSummary[]>('GET', `/api/public/events${q ? `?${q}` : ''}`, undefined, { anonymousOk: true });
  },
  get: (eventId: string) => request<PublicEvent>('GET', `/api/public/events/${encodeURIComponent(eventId)}`, undefined, { anonymousOk: true }),
  register: (eventId: string, body: PublicRegistrationInput) => request<{ code: string }>('POST', `/api/public/events/${encodeURIComponent(eventId)}/registrations`, body, { anonymousOk: true }),
  confirmation: (code: string) => request<Confirmation>('GET', `/api/public/registrations/${encodeURIComponent(code)}`, undefined, { anonymousOk: true }),
  cancelMine: (code: string) => request<Confirmation>('POST', `/api/public/registrations/${encodeURIComponent(code)}/cancel`, {}, { anonymousOk: true }),
};
