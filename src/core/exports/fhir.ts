import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Coding,
  Consent,
  Encounter,
  Group,
  Observation,
  ObservationComponent,
  Organization,
  Patient,
  Questionnaire,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type { ConsentKind, SexAtBirth } from '../clients/schema.ts';
import type { ContactMode } from '../contacts/schema.ts';
import { GROUP_KIND_LABELS, type GroupKind } from '../groups/schema.ts';
import type { SiteKind } from '../organisations/schema.ts';
import { fhirStatusOf } from '../referrals/fhir.ts';
import type { ReferralStatus, ReferralUrgency } from '../referrals/schema.ts';
import { getInstrument } from '../screening/instruments/index.ts';
import { assistAsks, cssrsVisibleQuestions } from '../screening/score.ts';
import type { AssistAnswers, CssrsAnswers, InstrumentId, ScaleAnswers } from '../screening/types.ts';
import { attendanceId, derivedId } from './fhir-ids.ts';
import { QUESTIONNAIRE_URL_BASE, questionnaireCanonical, questionnaireFor } from './fhir-questionnaire.ts';

export { attendanceId, derivedId, questionnaireCanonical };

/**
 * FHIR R4 (4.0.1) Bundles of a client's record or of an organisation's records (issue #6 §3,
 * DESIGN §7). Pure functions from plain records whose sealed fields the caller has decrypted.
 * The @medplum/fhirtypes import is for types only: nothing of it exists at run time.
 *
 * What leaves, and what never does:
 * - Patient: the UIC as its only identifier, sex at birth as administrative gender, the birth year.
 *   No name, telecom, address, nickname or phone exist in Fieldlab's model of a person to begin
 *   with; gender identity, key populations, substances and routes of use are left out on purpose:
 *   Decree 13/2023/NĐ-CP counts sex life and sexual orientation as sensitive data, drug use is
 *   criminalised, and a receiving health system does not need them to continue care.
 * - Encounter per contact, QuestionnaireResponse + Observation per screening (and once per
 *   instrument and version used, its Questionnaire: `fhir-questionnaire.ts`), ServiceRequest + Task
 *   per referral, Consent per consent decision, Organization for the organisation and the providers
 *   referred to (names only), and for an organisation's export a Group of the exported Patients.
 * - Psychosocial groups (issue #7): a Group per group an exported Patient came to (members: the
 *   exported Patients who came, each with the period of their first to last session), an Encounter
 *   per session (subject the Group, as R4 has it for group therapy) and an Encounter per attendance
 *   (subject the Patient, partOf the session's). Never a session's topic, notes, facilitators,
 *   materials or anonymous count, nor anyone who came but is not exported.
 * - Never: contact notes, referral reasons and notes, what a referral shared, crisis notes, commodity
 *   lines, session topics and notes. The input types below have no field for them, so none can slip
 *   through.
 * - Crisis episodes are left out: their red flags and steps are the most sensitive record we hold and
 *   have no agreed FHIR shape; a C-SSRS asked during a crisis still goes out as a screening.
 *
 * Bundle.type is `collection`: a set of resources gathered for exchange with no processing asked
 * of the receiver (`transaction` would ask it to store them; `searchset` is a search's answer;
 * `document` needs a Composition). Every fullUrl is `urn:uuid:<id>` and references point to those,
 * so the bundle resolves on its own, as Synthea's exports do.
 *
 * Ids are our own UUIDs (made on the device, not guessable). A record that becomes two resources
 * (a screening's QuestionnaireResponse and Observation; a referral's ServiceRequest and Task) gives
 * the second a UUIDv8 (RFC 9562 §5.8, "custom") derived from the first, so it is stable across
 * exports and unique in the bundle; a Questionnaire's is derived from its canonical URL and version
 * (`fhir-ids.ts`).
 *
 * Our own codes live under `urn:fieldlab:` (FIELDLAB_SYSTEM): no domain is owned by the project, and
 * a URN never pretends to resolve. The UIC is unique within one network, so its identifier names the
 * organisation that assigned it.
 */

export const FIELDLAB_SYSTEM = {
  uic: 'urn:fieldlab:uic',
  referralCode: 'urn:fieldlab:referral-code',
  contactMode: 'urn:fieldlab:contact-mode',
  contactService: 'urn:fieldlab:contact-service',
  referralService: 'urn:fieldlab:referral-service',
  referralStatus: 'urn:fieldlab:referral-status',
  consentKind: 'urn:fieldlab:consent-kind',
  screeningScore: 'urn:fieldlab:screening-score',
  screeningBand: 'urn:fieldlab:screening-band',
  screeningFlag: 'urn:fieldlab:screening-flag',
  questionnaire: QUESTIONNAIRE_URL_BASE,
  groupKind: 'urn:fieldlab:group-kind',
} as const;

const LOINC = 'http://loinc.org';
const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';

/**
 * LOINC codes of a total score, only where checked on loinc.org (version 2.78):
 * - 44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]" (loinc.org/44261-6)
 * - 55758-7 "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]" (panel loinc.org/55757-9)
 * - 70274-6 "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]" (panel loinc.org/69729-2)
 * The other instruments' totals are coded in our own system only.
 */
export const LOINC_TOTALS: Partial<Record<InstrumentId, { code: string; display: string }>> = {
  phq9: { code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' },
  phq2: { code: '55758-7', display: 'Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]' },
  gad7: { code: '70274-6', display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]' },
};

/**
 * Encounter.class from HL7 v3 ActCode (ActEncounterCode, the R4 binding of Encounter.class:
 * hl7.org/fhir/R4/v3/ActEncounterCode/vs.html): FLD "field" (outreach in the street or at an event),
 * AMB "ambulatory" (a drop-in centre), HH "home health" (a home visit), VR "virtual" (online, phone).
 * The exact mode goes along as a type coding of ours.
 */
export const ENCOUNTER_CLASS: Readonly<Record<ContactMode, { code: string; display: string }>> = {
  street_outreach: { code: 'FLD', display: 'field' },
  event: { code: 'FLD', display: 'field' },
  drop_in: { code: 'AMB', display: 'ambulatory' },
  home_visit: { code: 'HH', display: 'home health' },
  online: { code: 'VR', display: 'virtual' },
  phone: { code: 'VR', display: 'virtual' },
};

/**
 * Encounter.class of a group session, from the kind of the group's site (v3 ActEncounterCode has no
 * code for a group): a drop-in centre or a clinic is AMB, an outreach area FLD, online VR.
 */
export const GROUP_SESSION_CLASS: Readonly<Record<SiteKind, { code: string; display: string }>> = {
  drop_in_centre: { code: 'AMB', display: 'ambulatory' },
  clinic: { code: 'AMB', display: 'ambulatory' },
  outreach_area: { code: 'FLD', display: 'field' },
  online: { code: 'VR', display: 'virtual' },
};

/** ServiceRequest.priority (hl7.org/fhir/R4/valueset-request-priority.html: routine < urgent < asap < stat). */
export const REFERRAL_PRIORITY: Readonly<Record<ReferralUrgency, 'routine' | 'urgent' | 'asap' | 'stat'>> = {
  emergency: 'stat',
  same_day: 'asap',
  within_week: 'urgent',
  routine: 'routine',
};

/** Consent.scope (hl7.org/fhir/R4/codesystem-consentscope.html) of each kind of consent. */
export const CONSENT_SCOPE_OF: Readonly<Record<ConsentKind, 'treatment' | 'research' | 'patient-privacy'>> = {
  services: 'treatment',
  research: 'research',
  referral_sharing: 'patient-privacy',
  contact_phone: 'patient-privacy',
  contact_chat: 'patient-privacy',
};

// --- inputs: plain records, decrypted; no place for free text ---------------------------------------

export interface FhirOrganisationInput {
  id: string;
  name: string;
}
export interface FhirClientInput {
  id: string;
  uic: string;
  birthYear: number | null;
  sexAtBirth: SexAtBirth | null;
}
export interface FhirContactInput {
  id: string;
  clientId: string;
  at: string;
  mode: ContactMode;
  services: readonly string[];
}
export interface FhirScreeningInput {
  id: string;
  clientId: string;
  instrumentId: InstrumentId;
  instrumentVersion: string;
  at: string;
  answers: unknown;
  complete: boolean;
  total: number | null;
  band: string | null;
  /** ASSIST: per substance. */
  subscores: Record<string, { score: number; band: string }> | null;
  flags: readonly string[];
}
export interface FhirReferralInput {
  id: string;
  code: string;
  clientId: string;
  providerId: string;
  service: string;
  urgency: ReferralUrgency;
  dueOn: string;
  at: string;
  status: ReferralStatus;
  statusAt: string;
  contactId: string | null;
}
export interface FhirConsentInput {
  id: string;
  clientId: string;
  kind: ConsentKind;
  given: boolean;
  at: string;
}

/** A psychosocial group: its name is the organisation's label for it (a manager types it; not sealed). */
export interface FhirGroupInput {
  id: string;
  name: string;
  kind: GroupKind;
  /** The kind of the group's site, for the sessions' Encounter.class. */
  siteKind: SiteKind;
}
/** A session a group held: when, nothing else (no topic, notes, facilitators, materials or anonymous count). */
export interface FhirGroupSessionInput {
  id: string;
  groupId: string;
  at: string;
}
/** A registered client who came to a session (under the exported person's id). */
export interface FhirAttendanceInput {
  sessionId: string;
  clientId: string;
}

export interface FhirExportInput {
  /** A fresh UUID for this export. */
  bundleId: string;
  generatedAt: string;
  organisation: FhirOrganisationInput;
  /** The providers the referrals go to. */
  providers: readonly FhirOrganisationInput[];
  clients: readonly FhirClientInput[];
  contacts: readonly FhirContactInput[];
  screenings: readonly FhirScreeningInput[];
  referrals: readonly FhirReferralInput[];
  consents: readonly FhirConsentInput[];
  /** The groups of the sessions below; a group nobody exported came to is left out. */
  groups: readonly FhirGroupInput[];
  groupSessions: readonly FhirGroupSessionInput[];
  attendance: readonly FhirAttendanceInput[];
  /** An organisation's export also lists its Patients in a Group. */
  group: boolean;
}

// --- ids and references ------------------------------------------------------------------------------

/** A reference to an entry of this bundle; `type` names its resource type, since a urn:uuid cannot. */
const ref = <T extends Resource>(type: T['resourceType'], id: string): Reference<T> => ({ reference: `urn:uuid:${id}`, type });
const coding = (system: string, code: string, display?: string): Coding => (display === undefined ? { system, code } : { system, code, display });
const concept = (...codings: Coding[]): CodeableConcept => ({ coding: codings });
/** FHIR instants need a zone; ours are ISO strings from the database, in UTC. */
const instant = (at: string): string => new Date(at).toISOString();

// --- resources ----------------------------------------------------------------------------------------

export function organizationResource(o: FhirOrganisationInput): Organization {
  return { resourceType: 'Organization', id: o.id, active: true, name: o.name };
}

export function patientResource(c: FhirClientInput, orgId: string): Patient {
  const patient: Patient = {
    resourceType: 'Patient',
    id: c.id,
    identifier: [{ use: 'usual', system: FIELDLAB_SYSTEM.uic, value: c.uic, assigner: ref('Organization', orgId) }],
    active: true,
    gender: c.sexAtBirth === 'M' ? 'male' : c.sexAtBirth === 'F' ? 'female' : 'unknown',
    managingOrganization: ref('Organization', orgId),
  };
  // A year alone is a valid FHIR date ("1995"); we never record the day.
  if (c.birthYear !== null) patient.birthDate = String(c.birthYear).padStart(4, '0');
  return patient;
}

/** A finished Encounter at `at`, of the class given, for its subject, provided by the organisation. */
function finishedEncounter(id: string, cls: { code: string; display: string }, type: CodeableConcept[], subject: NonNullable<Encounter['subject']>, at: string, orgId: string): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: coding(V3_ACT_CODE, cls.code, cls.display),
    type,
    subject,
    period: { start: instant(at) },
    serviceProvider: ref('Organization', orgId),
  };
}

export function encounterResource(k: FhirContactInput, orgId: string): Encounter {
  const type = [concept(coding(FIELDLAB_SYSTEM.contactMode, k.mode)), ...k.services.map((s) => concept(coding(FIELDLAB_SYSTEM.contactService, s)))];
  return finishedEncounter(k.id, ENCOUNTER_CLASS[k.mode], type, ref('Patient', k.clientId), k.at, orgId);
}

function answerItems(s: FhirScreeningInput): QuestionnaireResponseItem[] {
  const instrument = getInstrument(s.instrumentId);
  if (instrument.kind === 'scale') {
    const answers = Array.isArray(s.answers) ? (s.answers as ScaleAnswers) : [];
    return instrument.items.map((item, i) => {
      const v = answers[i];
      return typeof v === 'number' ? { linkId: item.id, answer: [{ valueInteger: v }] } : { linkId: item.id };
    });
  }
  if (instrument.kind === 'cssrs') {
    const answers = (s.answers ?? {}) as CssrsAnswers;
    const asked = new Set<string>(cssrsVisibleQuestions(answers));
    return instrument.items.flatMap((item): QuestionnaireResponseItem[] => {
      const v = (answers as unknown as Record<string, unknown>)[item.id];
      // A question not asked (its "no" or nothing recorded) is not answered: its Questionnaire item is disabled.
      if (v === undefined || !asked.has(item.id)) return [];
      return typeof v === 'boolean' ? [{ linkId: item.id, answer: [{ valueBoolean: v }] }] : [{ linkId: item.id }];
    });
  }
  const answers = (s.answers ?? {}) as AssistAnswers;
  return instrument.substances.flatMap((substance) => {
    const a = answers[substance.id];
    if (!a) return [];
    const items = instrument.items.flatMap((item): QuestionnaireResponseItem[] => {
      const v = (a as unknown as Record<string, unknown>)[item.id];
      const linkId = `${substance.id}.${item.id}`;
      // Skipped (the "no/never" value or nothing recorded): not answered, as the Questionnaire's enableWhen has it.
      if (!assistAsks(item.id, substance.id, a as unknown as Record<string, unknown>)) return [];
      if (typeof v === 'boolean') return [{ linkId, answer: [{ valueBoolean: v }] }];
      if (typeof v === 'number') return [{ linkId, answer: [{ valueInteger: v }] }];
      return [];
    });
    return [{ linkId: substance.id, item: items }];
  });
}

export function questionnaireResponseResource(s: FhirScreeningInput): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    id: s.id,
    questionnaire: questionnaireCanonical(s.instrumentId, s.instrumentVersion),
    status: s.complete ? 'completed' : 'in-progress',
    subject: ref('Patient', s.clientId),
    authored: instant(s.at),
    item: answerItems(s),
  };
}

/**
 * The score of a screening as an Observation derived from its QuestionnaireResponse: the total
 * (LOINC where there is a checked code, and always our own code), or, for C-SSRS, the risk band as
 * the value; for ASSIST, one component per substance scored. The band and safety flags are
 * interpretations in our own systems. None for a screening left incomplete (ASSIST: none scored).
 */
export function scoreObservation(s: FhirScreeningInput): Observation | null {
  // ASSIST scores each substance on its own: the substances answered so far are scored even when others are not (preliminary).
  if (!s.complete && s.instrumentId !== 'assist') return null;
  const loinc = LOINC_TOTALS[s.instrumentId];
  const ours = coding(FIELDLAB_SYSTEM.screeningScore, `${s.instrumentId}-${s.instrumentId === 'cssrs' ? 'band' : 'total'}`);
  const interpretation: CodeableConcept[] = [];
  if (s.band !== null && s.instrumentId !== 'cssrs') interpretation.push(concept(coding(`${FIELDLAB_SYSTEM.screeningBand}:${s.instrumentId}`, s.band)));
  for (const flag of s.flags) interpretation.push(concept(coding(FIELDLAB_SYSTEM.screeningFlag, flag)));
  const obs: Observation = {
    resourceType: 'Observation',
    id: derivedId(s.id, 'observation'),
    status: s.complete ? 'final' : 'preliminary',
    category: [concept(coding(OBSERVATION_CATEGORY, 'survey', 'Survey'))],
    code: loinc ? concept(coding(LOINC, loinc.code, loinc.display), ours) : concept(ours),
    subject: ref('Patient', s.clientId),
    effectiveDateTime: instant(s.at),
    derivedFrom: [ref('QuestionnaireResponse', s.id)],
  };
  if (s.instrumentId === 'cssrs') {
    if (s.band === null) return null;
    obs.valueCodeableConcept = concept(coding(`${FIELDLAB_SYSTEM.screeningBand}:cssrs`, s.band));
  } else if (s.instrumentId === 'assist') {
    const components: ObservationComponent[] = Object.entries(s.subscores ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([substance, sub]) => ({
        code: concept(coding(FIELDLAB_SYSTEM.screeningScore, `assist-${substance}`)),
        valueInteger: sub.score,
        interpretation: [concept(coding(`${FIELDLAB_SYSTEM.screeningBand}:assist`, sub.band))],
      }));
    if (components.length === 0) return null;
    obs.component = components;
  } else {
    if (s.total === null) return null;
    obs.valueInteger = s.total;
  }
  if (interpretation.length > 0) obs.interpretation = interpretation;
  return obs;
}

/**
 * A referral as a ServiceRequest (the organisation's request to the provider) and a Task (the
 * provider's fulfilment, Task.basedOn → the request), statuses from fhirStatusOf. The reason the
 * worker wrote is sealed, free text and often sensitive: it is never exported, so the request has
 * no reasonCode/note; the service asked for says what it is for.
 */
export function referralResources(r: FhirReferralInput, orgId: string, contactIds: ReadonlySet<string>): [ServiceRequest, Task] {
  const status = fhirStatusOf(r.status);
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: r.id,
    identifier: [{ system: FIELDLAB_SYSTEM.referralCode, value: r.code }],
    status: status.serviceRequest,
    intent: 'order',
    priority: REFERRAL_PRIORITY[r.urgency],
    code: concept(coding(FIELDLAB_SYSTEM.referralService, r.service)),
    subject: ref('Patient', r.clientId),
    occurrencePeriod: { end: r.dueOn },
    authoredOn: instant(r.at),
    requester: ref('Organization', orgId),
    performer: [ref('Organization', r.providerId)],
  };
  if (r.contactId !== null && contactIds.has(r.contactId)) request.encounter = ref('Encounter', r.contactId);
  const task: Task = {
    resourceType: 'Task',
    id: derivedId(r.id, 'task'),
    basedOn: [ref('ServiceRequest', r.id)],
    status: status.task,
    businessStatus: concept(coding(FIELDLAB_SYSTEM.referralStatus, status.businessStatus)),
    intent: 'order',
    priority: REFERRAL_PRIORITY[r.urgency],
    focus: ref('ServiceRequest', r.id),
    for: ref('Patient', r.clientId),
    authoredOn: instant(r.at),
    lastModified: instant(r.statusAt),
    requester: ref('Organization', orgId),
    owner: ref('Organization', r.providerId),
  };
  return [request, task];
}

/**
 * A consent decision. The latest decision of a kind is in force: given → `active` and a permit,
 * refused or withdrawn → `rejected` and a deny; earlier decisions of the same kind are `inactive`.
 * Category is LOINC 59284-0 "Patient Consent" (the R4 consent-category example set) and our kind;
 * policyRule (R4 requires a policy or a rule, invariant ppc-1) is v3-ActCode OPTIN or OPTOUT.
 */
export function consentResource(c: FhirConsentInput, latest: boolean, orgId: string): Consent {
  return {
    resourceType: 'Consent',
    id: c.id,
    status: !latest ? 'inactive' : c.given ? 'active' : 'rejected',
    scope: concept(coding(CONSENT_SCOPE, CONSENT_SCOPE_OF[c.kind])),
    category: [concept(coding(LOINC, '59284-0', 'Patient Consent'), coding(FIELDLAB_SYSTEM.consentKind, c.kind))],
    patient: ref('Patient', c.clientId),
    dateTime: instant(c.at),
    organization: [ref('Organization', orgId)],
    policyRule: concept(coding(V3_ACT_CODE, c.given ? 'OPTIN' : 'OPTOUT')),
    provision: { type: c.given ? 'permit' : 'deny' },
  };
}

/**
 * The organisation's exported people as a Group (type person, actual: real people, listed). Its
 * psychosocial groups are Groups of their own (`groupResource`).
 */
export function exportGroup(bundleId: string, org: FhirOrganisationInput, clientIds: readonly string[]): Group {
  return {
    resourceType: 'Group',
    id: derivedId(bundleId, 'group'),
    type: 'person',
    actual: true,
    name: `${org.name}: clients in this export`,
    managingEntity: ref('Organization', org.id),
    quantity: clientIds.length,
    member: clientIds.map((id) => ({ entity: ref('Patient', id) })),
  };
}

/** An exported Patient's place in a group: their first and last session attended (of those exported). */
export interface FhirGroupMember {
  clientId: string;
  first: string;
  last: string;
}

const groupKindCoding = (kind: GroupKind): Coding => coding(FIELDLAB_SYSTEM.groupKind, kind, GROUP_KIND_LABELS[kind].en);

/**
 * A psychosocial group (issue #7) as a Group: persons, actual, coded by its kind, named as the
 * organisation named it, managed by the organisation. Members are only the exported Patients who
 * came, each with the period from their first to their last session and `inactive` false. No
 * `quantity`: people who came without a code, and those not exported, came too.
 */
export function groupResource(g: FhirGroupInput, members: readonly FhirGroupMember[], orgId: string): Group {
  return {
    resourceType: 'Group',
    id: g.id,
    type: 'person',
    actual: true,
    code: concept(groupKindCoding(g.kind)),
    name: g.name,
    managingEntity: ref('Organization', orgId),
    member: members.map((m) => ({ entity: ref('Patient', m.clientId), period: { start: instant(m.first), end: instant(m.last) }, inactive: false })),
  };
}

/** A session a group held, as a finished Encounter whose subject is the Group (R4's group therapy). */
export function groupSessionEncounter(s: FhirGroupSessionInput, g: FhirGroupInput, orgId: string): Encounter {
  return finishedEncounter(s.id, GROUP_SESSION_CLASS[g.siteKind], [concept(groupKindCoding(g.kind))], ref('Group', g.id), s.at, orgId);
}

/** One Patient's attendance at a session: their own finished Encounter, part of the session's. */
export function attendanceEncounter(s: FhirGroupSessionInput, clientId: string, g: FhirGroupInput, orgId: string): Encounter {
  return { ...groupSessionEncounter(s, g, orgId), id: attendanceId(s.id, clientId), subject: ref('Patient', clientId), partOf: ref('Encounter', s.id) };
}

/**
 * The group resources of a bundle: attendance of exported clients only (once per session and
 * client), the sessions they came to, the groups of those sessions. Groups by id, sessions and
 * attendances by time.
 */
function groupResources(input: FhirExportInput, clientIds: ReadonlySet<string>): Resource[] {
  const orgId = input.organisation.id;
  const groups = new Map(input.groups.map((g) => [g.id, g]));
  const sessions = new Map(input.groupSessions.filter((s) => groups.has(s.groupId)).map((s) => [s.id, s]));
  const seen = new Set<string>();
  const came = input.attendance
    .filter((a) => clientIds.has(a.clientId) && sessions.has(a.sessionId))
    .filter((a) => !seen.has(`${a.sessionId}|${a.clientId}`) && seen.add(`${a.sessionId}|${a.clientId}`))
    .map((a) => ({ session: sessions.get(a.sessionId)!, clientId: a.clientId }));
  const byTime = (x: FhirGroupSessionInput, y: FhirGroupSessionInput) => new Date(x.at).getTime() - new Date(y.at).getTime() || x.id.localeCompare(y.id);
  came.sort((x, y) => byTime(x.session, y.session) || x.clientId.localeCompare(y.clientId));

  const resources: Resource[] = [];
  for (const g of [...groups.values()].sort((x, y) => x.id.localeCompare(y.id))) {
    const mine = came.filter((a) => a.session.groupId === g.id);
    if (mine.length === 0) continue;
    const members = new Map<string, FhirGroupMember>();
    for (const a of mine) {
      const m = members.get(a.clientId);
      if (m) m.last = a.session.at;
      else members.set(a.clientId, { clientId: a.clientId, first: a.session.at, last: a.session.at });
    }
    resources.push(groupResource(g, [...members.values()].sort((x, y) => x.clientId.localeCompare(y.clientId)), orgId));
  }
  const held = [...new Map(came.map((a) => [a.session.id, a.session])).values()];
  for (const s of held) resources.push(groupSessionEncounter(s, groups.get(s.groupId)!, orgId));
  for (const a of came) resources.push(attendanceEncounter(a.session, a.clientId, groups.get(a.session.groupId)!, orgId));
  return resources;
}

/**
 * The Questionnaire of each instrument and version the screenings were recorded under, once each,
 * in the order first used; none for a version Fieldlab does not define (`questionnaireFor`).
 * Responses name theirs by canonical (`questionnaire` is a canonical in R4, not a reference).
 */
function questionnairesOf(screenings: readonly FhirScreeningInput[]): Questionnaire[] {
  const seen = new Map<string, Questionnaire | null>();
  for (const s of screenings) {
    const key = questionnaireCanonical(s.instrumentId, s.instrumentVersion);
    if (!seen.has(key)) seen.set(key, questionnaireFor(s.instrumentId, s.instrumentVersion) as Questionnaire | null);
  }
  return [...seen.values()].filter((q): q is Questionnaire => q !== null);
}

/** Which consent records are the latest of their client and kind (later `at` wins; ties: the later in the list). */
function latestConsentIds(consents: readonly FhirConsentInput[]): Set<string> {
  const latest = new Map<string, FhirConsentInput>();
  for (const c of consents) {
    const key = `${c.clientId}|${c.kind}`;
    const prev = latest.get(key);
    if (!prev || new Date(prev.at).getTime() <= new Date(c.at).getTime()) latest.set(key, c);
  }
  return new Set([...latest.values()].map((c) => c.id));
}

/** The whole export as one `collection` Bundle. Records of clients not in `clients` are left out. */
export function fhirBundle(input: FhirExportInput): Bundle {
  const orgId = input.organisation.id;
  const clientIds = new Set(input.clients.map((c) => c.id));
  const mine = <T extends { clientId: string }>(xs: readonly T[]) => xs.filter((x) => clientIds.has(x.clientId));
  const contacts = mine(input.contacts);
  const referrals = mine(input.referrals);
  const consents = mine(input.consents);
  const contactIds = new Set(contacts.map((k) => k.id));
  const providerIds = new Set(referrals.map((r) => r.providerId));
  const latest = latestConsentIds(consents);

  const resources: Resource[] = [organizationResource(input.organisation), ...input.providers.filter((p) => providerIds.has(p.id)).map(organizationResource)];
  for (const c of input.clients) resources.push(patientResource(c, orgId));
  for (const c of consents) resources.push(consentResource(c, latest.has(c.id), orgId));
  for (const k of contacts) resources.push(encounterResource(k, orgId));
  const screenings = mine(input.screenings);
  resources.push(...questionnairesOf(screenings));
  for (const s of screenings) {
    resources.push(questionnaireResponseResource(s));
    const obs = scoreObservation(s);
    if (obs) resources.push(obs);
  }
  for (const r of referrals) resources.push(...referralResources(r, orgId, contactIds));
  resources.push(...groupResources(input, clientIds));
  if (input.group) resources.push(exportGroup(input.bundleId, input.organisation, input.clients.map((c) => c.id)));

  const entry: BundleEntry[] = resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id!}`, resource }));
  return { resourceType: 'Bundle', id: input.bundleId, type: 'collection', timestamp: instant(input.generatedAt), entry };
}
