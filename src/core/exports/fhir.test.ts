import type { Bundle, Consent, Encounter, Group, Observation, Patient, Questionnaire, QuestionnaireResponse, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { bundleIssues, danglingReferences, fhirIssues } from '../../../test/helpers/fhir.ts';
import { REFERRAL_STATUSES } from '../referrals/schema.ts';
import { INSTRUMENTS } from '../screening/instruments/index.ts';
import { scoreInstrument } from '../screening/score.ts';
import type { InstrumentId } from '../screening/types.ts';
import {
  attendanceEncounter,
  attendanceId,
  consentResource,
  derivedId,
  encounterResource,
  exportGroup,
  fhirBundle,
  FIELDLAB_SYSTEM,
  groupResource,
  groupSessionEncounter,
  patientResource,
  questionnaireResponseResource,
  referralResources,
  scoreObservation,
  type FhirExportInput,
  type FhirGroupInput,
  type FhirGroupSessionInput,
  type FhirScreeningInput,
} from './fhir.ts';
import { questionnaireId } from './fhir-questionnaire.ts';

const ORG = { id: '01930000-0000-7000-8000-000000000001', name: 'Tổ chức thử' };
const PROVIDER = { id: '01930000-0000-7000-8000-000000000002', name: 'Phòng khám thử' };
const CLIENT = '01930000-0000-7000-8000-0000000000c1';
const OTHER = '01930000-0000-7000-8000-0000000000c2';
const AT = '2026-03-04T05:06:07.000Z';

let n = 0x100;
const id = () => `01930000-0000-7000-8000-${(n++).toString(16).padStart(12, '0')}`;

function screening(instrumentId: InstrumentId, answers: unknown, clientId = CLIENT, instrumentVersion = '1'): FhirScreeningInput {
  const score = scoreInstrument(instrumentId, answers);
  return {
    id: id(),
    clientId,
    instrumentId,
    instrumentVersion,
    at: AT,
    answers,
    complete: score.complete,
    total: score.total ?? null,
    band: score.band ?? null,
    subscores: score.subscores ?? null,
    flags: score.flags,
  };
}

function referral(status: (typeof REFERRAL_STATUSES)[number] = 'sent', clientId = CLIENT) {
  return { id: id(), code: 'K7MX2P', clientId, providerId: PROVIDER.id, service: 'psychiatric_assessment', urgency: 'same_day' as const, dueOn: '2026-03-05', at: AT, status, statusAt: AT, contactId: null };
}

const ref = (type: string, id: string) => ({ reference: `urn:uuid:${id}`, type });
const valid = (r: Parameters<typeof fhirIssues>[0]) => expect(fhirIssues(r)).toEqual([]);

describe('Patient', () => {
  it('has the UIC as its only identifier, no name, telecom or address, the birth year and sex at birth', () => {
    const p = patientResource({ id: CLIENT, uic: 'NTHM9501', birthYear: 1995, sexAtBirth: 'F' }, ORG.id);
    expect(p).toEqual({
      resourceType: 'Patient',
      id: CLIENT,
      identifier: [{ use: 'usual', system: 'urn:fieldlab:uic', value: 'NTHM9501', assigner: { reference: `urn:uuid:${ORG.id}`, type: 'Organization' } }],
      active: true,
      gender: 'female',
      birthDate: '1995',
      managingOrganization: { reference: `urn:uuid:${ORG.id}`, type: 'Organization' },
    } satisfies Patient);
    valid(p);
  });

  it('maps sex at birth to administrative gender, unknown when not recorded, and leaves out an unknown birth year', () => {
    expect(patientResource({ id: CLIENT, uic: 'X1', birthYear: null, sexAtBirth: 'M' }, ORG.id).gender).toBe('male');
    const p = patientResource({ id: CLIENT, uic: 'X1', birthYear: null, sexAtBirth: null }, ORG.id);
    expect(p.gender).toBe('unknown');
    expect(p).not.toHaveProperty('birthDate');
    valid(p);
  });
});

describe('Encounter', () => {
  it('is a finished encounter of the v3 ActCode class for the mode, with the mode and services as types', () => {
    const e = encounterResource({ id: id(), clientId: CLIENT, at: AT, mode: 'street_outreach', services: ['information', 'hiv_test'] }, ORG.id);
    expect(e.status).toBe('finished');
    expect(e.class).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'FLD', display: 'field' });
    expect(e.type!.map((t) => t.coding![0]!.code)).toEqual(['street_outreach', 'information', 'hiv_test']);
    expect(e.type![1]!.coding![0]!.system).toBe(FIELDLAB_SYSTEM.contactService);
    expect(e.period).toEqual({ start: AT });
    expect(e.serviceProvider).toEqual(ref('Organization', ORG.id));
    valid(e);
  });

  it.each([
    ['drop_in', 'AMB'],
    ['home_visit', 'HH'],
    ['online', 'VR'],
    ['phone', 'VR'],
    ['event', 'FLD'],
  ] as const)('%s is class %s', (mode, code) => {
    expect(encounterResource({ id: id(), clientId: CLIENT, at: AT, mode, services: ['information'] }, ORG.id).class.code).toBe(code);
  });
});

describe('screenings', () => {
  it('PHQ-9: a completed response with integer answers by item, and its total coded LOINC 44261-6, derived from the response', () => {
    const s = screening('phq9', [2, 2, 2, 2, 2, 1, 1, 0, 0]);
    const qr = questionnaireResponseResource(s);
    expect(qr.status).toBe('completed');
    expect(qr.questionnaire).toBe('urn:fieldlab:questionnaire:phq9|1');
    expect(qr.item![0]).toEqual({ linkId: 'phq9_1', answer: [{ valueInteger: 2 }] });
    expect(qr.item).toHaveLength(9);
    const obs = scoreObservation(s)!;
    expect(obs.code.coding![0]).toMatchObject({ system: 'http://loinc.org', code: '44261-6' });
    expect(obs.valueInteger).toBe(12);
    expect(obs.derivedFrom).toEqual([ref('QuestionnaireResponse', s.id)]);
    expect(obs.interpretation![0]!.coding![0]).toEqual({ system: 'urn:fieldlab:screening-band:phq9', code: 'moderate' });
    expect(obs.category![0]!.coding![0]!.code).toBe('survey');
    expect(obs.id).not.toBe(s.id);
    valid(qr);
    valid(obs);
  });

  it('GAD-7 is LOINC 70274-6, PHQ-2 55758-7; instruments without a checked LOINC code carry only ours', () => {
    expect(scoreObservation(screening('gad7', [1, 1, 1, 1, 1, 1, 1]))!.code.coding![0]!.code).toBe('70274-6');
    expect(scoreObservation(screening('phq2', [1, 2]))!.code.coding![0]!.code).toBe('55758-7');
    const k10 = scoreObservation(screening('k10', [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]))!;
    expect(k10.code.coding).toEqual([{ system: FIELDLAB_SYSTEM.screeningScore, code: 'k10-total' }]);
    valid(k10);
  });

  it('a safety flag goes along as an interpretation', () => {
    const obs = scoreObservation(screening('phq9', [1, 1, 1, 1, 1, 1, 1, 1, 1]))!;
    expect(obs.interpretation!.map((i) => i.coding![0]!.code)).toEqual(['mild', 'suicide-risk']);
  });

  it('an incomplete screening is an in-progress response with its unanswered items empty, and no score', () => {
    const s = screening('phq9', [1, null, 1, 1, 1, 1, 1, 1, 0]);
    const qr = questionnaireResponseResource(s);
    expect(qr.status).toBe('in-progress');
    expect(qr.item![1]).toEqual({ linkId: 'phq9_2' });
    expect(scoreObservation(s)).toBeNull();
    valid(qr);
  });

  it('C-SSRS: yes/no answers as booleans, the risk band as the value', () => {
    const s = screening('cssrs', { q1: true, q2: false, q6: false });
    const qr = questionnaireResponseResource(s);
    expect(qr.item).toEqual([
      { linkId: 'q1', answer: [{ valueBoolean: true }] },
      { linkId: 'q2', answer: [{ valueBoolean: false }] },
      { linkId: 'q6', answer: [{ valueBoolean: false }] },
    ]);
    const obs = scoreObservation(s)!;
    expect(obs.valueCodeableConcept!.coding![0]!.system).toBe('urn:fieldlab:screening-band:cssrs');
    valid(qr);
    valid(obs);
  });

  it('ASSIST: a group of answers per substance, one component per substance score', () => {
    const s = screening('assist', { alcohol: { q1: true, q2: 3, q3: 4, q4: 5, q5: 6, q6: 0, q7: 0, q8: 0 }, ats: { q1: true, q2: 6, q3: 6, q4: 7, q5: 8, q6: 6, q7: 6, q8: 0 }, tobacco: { q1: false } });
    const qr = questionnaireResponseResource(s);
    const alcohol = qr.item!.find((i) => i.linkId === 'alcohol')!;
    expect(alcohol.item![0]).toEqual({ linkId: 'alcohol.q1', answer: [{ valueBoolean: true }] });
    expect(alcohol.item![1]).toEqual({ linkId: 'alcohol.q2', answer: [{ valueInteger: 3 }] });
    const obs = scoreObservation(s)!;
    expect(obs.component!.map((c) => c.code.coding![0]!.code)).toEqual(expect.arrayContaining(['assist-alcohol', 'assist-ats']));
    expect(obs).not.toHaveProperty('valueInteger');
    expect(obs.status).toBe('preliminary'); // seven substances unanswered
    valid(qr);
    valid(obs);
  });

  it('a question not asked is not answered, as its Questionnaire item is disabled: the "no/never" the form stored for it is left out', () => {
    const assist = questionnaireResponseResource(
      screening('assist', { tobacco: { q1: true, q2: 2, q3: 3, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0 }, cannabis: { q1: false, q2: 0, q6: null }, opioids: { q1: true, q2: 0, q3: 0, q4: null, q6: 3, q7: 0, q8: 2 } }),
    );
    const linkIds = (substance: string) => assist.item!.find((i) => i.linkId === substance)!.item!.map((i) => i.linkId.split('.')[1]);
    expect(linkIds('tobacco')).toEqual(['q1', 'q2', 'q3', 'q4', 'q6', 'q7', 'q8']); // Q5 is never asked about tobacco
    expect(linkIds('cannabis')).toEqual(['q1']);
    expect(linkIds('opioids')).toEqual(['q1', 'q2', 'q6', 'q7', 'q8']); // no use in the past 3 months: Q3–Q5 skipped
    const cssrs = questionnaireResponseResource(screening('cssrs', { q1: false, q2: false, q3: false, q4: null, q6: true, q6Recent: false }));
    expect(cssrs.item!.map((i) => i.linkId)).toEqual(['q1', 'q2', 'q6', 'q6Recent']);
    valid(assist);
    valid(cssrs);
  });
});

describe('referrals', () => {
  it.each(REFERRAL_STATUSES)('%s: a ServiceRequest and a Task based on it, statuses from fhirStatusOf, both valid', (status) => {
    const r = referral(status);
    const [req, task] = referralResources(r, ORG.id, new Set());
    expect(task.basedOn).toEqual([ref('ServiceRequest', r.id)]);
    expect(task.businessStatus!.coding![0]!.code).toBe(status);
    expect(req.priority).toBe('asap');
    valid(req);
    valid(task);
  });

  it('carries the slip code, the service, the due date and the provider, never a reason', () => {
    const r = referral('accepted');
    const [req, task] = referralResources(r, ORG.id, new Set());
    expect(req).toMatchObject({ status: 'active', intent: 'order', identifier: [{ system: 'urn:fieldlab:referral-code', value: 'K7MX2P' }], occurrencePeriod: { end: '2026-03-05' }, performer: [ref('Organization', PROVIDER.id)] });
    expect(task).toMatchObject({ status: 'accepted', owner: ref('Organization', PROVIDER.id) });
    for (const key of ['reasonCode', 'reasonReference', 'note', 'supportingInfo']) expect(req).not.toHaveProperty(key);
    expect(req).not.toHaveProperty('encounter');
  });

  it('links the contact it was made at when that contact is in the bundle', () => {
    const contactId = id();
    const [req] = referralResources({ ...referral(), contactId }, ORG.id, new Set([contactId]));
    expect(req.encounter).toEqual(ref('Encounter', contactId));
  });
});

describe('Consent', () => {
  it('the latest decision given is active and permits; refused is rejected and denies; an earlier one is inactive', () => {
    const given = consentResource({ id: id(), clientId: CLIENT, kind: 'referral_sharing', given: true, at: AT }, true, ORG.id);
    expect(given).toMatchObject({ status: 'active', provision: { type: 'permit' }, scope: { coding: [{ code: 'patient-privacy' }] } } satisfies Partial<Consent>);
    expect(given.category![0]!.coding).toEqual([
      { system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' },
      { system: 'urn:fieldlab:consent-kind', code: 'referral_sharing' },
    ]);
    const refused = consentResource({ id: id(), clientId: CLIENT, kind: 'research', given: false, at: AT }, true, ORG.id);
    expect(refused).toMatchObject({ status: 'rejected', provision: { type: 'deny' }, scope: { coding: [{ code: 'research' }] } } satisfies Partial<Consent>);
    const old = consentResource({ id: id(), clientId: CLIENT, kind: 'services', given: true, at: AT }, false, ORG.id);
    expect(old.status).toBe('inactive');
    expect(old.scope.coding![0]!.code).toBe('treatment');
    for (const c of [given, refused, old]) valid(c);
  });
});

describe('derivedId', () => {
  it('is a stable UUIDv8, different per kind and from its source', () => {
    const a = derivedId(CLIENT, 'task');
    expect(a).toBe(derivedId(CLIENT, 'task'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set([CLIENT, a, derivedId(CLIENT, 'observation'), derivedId(CLIENT, 'group')]).size).toBe(4);
    expect(() => derivedId('not-a-uuid', 'task')).toThrow(RangeError);
  });
});

describe('the bundle', () => {
  const consentAt = (m: number) => `2026-03-0${m}T00:00:00.000Z`;
  function input(): FhirExportInput {
    const contactId = id();
    return {
      bundleId: id(),
      generatedAt: AT,
      organisation: ORG,
      providers: [PROVIDER, { id: id(), name: 'Không được chuyển gửi' }],
      clients: [
        { id: CLIENT, uic: 'NTHM9501', birthYear: 1995, sexAtBirth: 'M' },
        { id: OTHER, uic: 'PQRS8802', birthYear: 1988, sexAtBirth: 'F' },
      ],
      contacts: [
        { id: contactId, clientId: CLIENT, at: AT, mode: 'drop_in', services: ['commodities'] },
        { id: id(), clientId: '01930000-0000-7000-8000-0000000000ff', at: AT, mode: 'drop_in', services: ['commodities'] },
      ],
      screenings: [screening('phq9', [2, 2, 2, 2, 2, 1, 1, 0, 0]), screening('gad7', [3, 3, 3, 3, 3, 3, 3], OTHER), screening('phq9', [1, null, 1, 1, 1, 1, 1, 1, 0])],
      referrals: [{ ...referral('completed'), contactId }],
      consents: [
        { id: id(), clientId: CLIENT, kind: 'services', given: true, at: consentAt(1) },
        { id: id(), clientId: CLIENT, kind: 'research', given: true, at: consentAt(1) },
        { id: id(), clientId: CLIENT, kind: 'research', given: false, at: consentAt(2) },
      ],
      groups: [],
      groupSessions: [],
      attendance: [],
      group: true,
    };
  }

  it('is a valid collection: every resource valid, fullUrls unique, every reference resolves in the bundle', () => {
    const b = fhirBundle(input());
    expect(b.type).toBe('collection');
    expect(bundleIssues(b)).toEqual([]);
    const urls = b.entry!.map((e) => e.fullUrl);
    expect(new Set(urls).size).toBe(urls.length);
    expect(danglingReferences(b)).toEqual([]);
    for (const e of b.entry!) expect(e.fullUrl).toBe(`urn:uuid:${e.resource!.id}`);
  });

  it('holds what it should, once each, and leaves out the records of other clients and unused providers', () => {
    const b = fhirBundle(input());
    const count = (type: string) => b.entry!.filter((e) => e.resource!.resourceType === type).length;
    expect(count('Organization')).toBe(2);
    expect(count('Patient')).toBe(2);
    expect(count('Encounter')).toBe(1);
    expect(count('QuestionnaireResponse')).toBe(3);
    expect(count('Observation')).toBe(2);
    expect(count('ServiceRequest')).toBe(1);
    expect(count('Task')).toBe(1);
    expect(count('Consent')).toBe(3);
    expect(count('Group')).toBe(1);
    const consents = b.entry!.map((e) => e.resource!).filter((r): r is Consent => r.resourceType === 'Consent');
    expect(consents.map((c) => c.status)).toEqual(['active', 'inactive', 'rejected']);
    const codes = b.entry!.map((e) => e.resource!).filter((r): r is Observation => r.resourceType === 'Observation').map((o) => o.code.coding![0]!.code);
    expect(codes).toEqual(['44261-6', '70274-6']);
    const group = b.entry!.find((e) => e.resource!.resourceType === 'Group')!.resource!;
    expect(group).toMatchObject({ type: 'person', actual: true, quantity: 2 });
  });

  it('carries the Questionnaire of each instrument and version its screenings used, once each, matching their canonical', () => {
    const current = (i: InstrumentId) => INSTRUMENTS[i].version;
    const screenings = [
      screening('phq9', [2, 2, 2, 2, 2, 1, 1, 0, 0], CLIENT, current('phq9')),
      screening('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0], OTHER, current('phq9')),
      screening('cssrs', { q1: true, q2: false, q6: false }, CLIENT, current('cssrs')),
      screening('assist', { alcohol: { q1: true, q2: 3, q3: 4, q4: 5, q5: 6, q6: 0, q7: 0, q8: 0 } }, OTHER, current('assist')),
      // A version Fieldlab does not define: its response still names it, but no Questionnaire claims it.
      screening('gad7', [3, 3, 3, 3, 3, 3, 3], OTHER, '1'),
      // A client not exported brings no Questionnaire.
      screening('k10', [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], '01930000-0000-7000-8000-0000000000ff', current('k10')),
    ];
    for (const group of [true, false]) {
      const b = fhirBundle({ ...input(), screenings, group });
      expect(bundleIssues(b)).toEqual([]);
      expect(danglingReferences(b)).toEqual([]);
      const questionnaires = b.entry!.map((e) => e.resource!).filter((r): r is Questionnaire => r.resourceType === 'Questionnaire');
      expect(questionnaires.map((q) => q.url)).toEqual(['urn:fieldlab:questionnaire:phq9', 'urn:fieldlab:questionnaire:cssrs', 'urn:fieldlab:questionnaire:assist']);
      expect(questionnaires.map((q) => q.id)).toEqual([questionnaireId('phq9', current('phq9')), questionnaireId('cssrs', current('cssrs')), questionnaireId('assist', current('assist'))]);
      const canonicals = new Set(questionnaires.map((q) => `${q.url}|${q.version}`));
      const responses = b.entry!.map((e) => e.resource!).filter((r): r is QuestionnaireResponse => r.resourceType === 'QuestionnaireResponse');
      expect(responses.map((r) => canonicals.has(r.questionnaire!))).toEqual([true, true, true, true, false]);
      expect(responses[4]!.questionnaire).toBe('urn:fieldlab:questionnaire:gad7|1');
    }
  });

  it('one client’s export has no Group', () => {
    const b = fhirBundle({ ...input(), group: false });
    expect(b.entry!.some((e) => e.resource!.resourceType === 'Group')).toBe(false);
  });

  it('the validator rejects a broken resource (it is really checking)', () => {
    const b = fhirBundle(input());
    const qr = b.entry!.find((e) => e.resource!.resourceType === 'QuestionnaireResponse')!.resource as QuestionnaireResponse;
    expect(fhirIssues({ ...qr, status: undefined } as unknown as QuestionnaireResponse).some((i) => i.severity === 'error')).toBe(true);
    const patient = b.entry!.find((e) => e.resource!.resourceType === 'Patient')!.resource as Patient;
    expect(fhirIssues({ ...patient, birthDate: '95' }).some((i) => i.severity === 'error')).toBe(true);
    const broken: Bundle = { ...b, entry: [...b.entry!, { fullUrl: 'urn:uuid:x', resource: { resourceType: 'Patient', nickname: 'Bống' } as unknown as Patient }] };
    expect(bundleIssues(broken).length).toBeGreaterThan(0);
    const task = b.entry!.find((e) => e.resource!.resourceType === 'Task')!.resource as Task;
    task.for = { reference: task.for!.reference, type: 'Group' };
    expect(danglingReferences(b)).toEqual([`Group ${task.for.reference}`]);
    const consent = b.entry!.find((e) => e.resource!.resourceType === 'Consent')!.resource as Consent;
    expect(fhirIssues({ ...consent, policyRule: undefined }).some((i) => i.severity === 'error')).toBe(true);
  });

  it('exportGroup lists the Patients', () => {
    const g = exportGroup(id(), ORG, [CLIENT, OTHER]);
    expect(g.member).toEqual([{ entity: ref('Patient', CLIENT) }, { entity: ref('Patient', OTHER) }]);
    valid(g);
  });
});

describe('psychosocial groups', () => {
  const GROUP: FhirGroupInput = { id: '01930000-0000-7000-8000-0000000000a1', name: 'Nhóm cân nhắc thứ Ba', kind: 'contemplation', siteKind: 'drop_in_centre' };
  const session = (at: string, groupId = GROUP.id): FhirGroupSessionInput => ({ id: id(), groupId, at });
  const S1 = session('2026-03-03T11:00:00.000Z');
  const S2 = session('2026-03-17T11:00:00.000Z');

  it('a group is a Group of persons, actual, coded by its kind, managed by the organisation, its members with the period they came', () => {
    const g = groupResource(GROUP, [{ clientId: CLIENT, first: S1.at, last: S2.at }], ORG.id);
    expect(g).toEqual({
      resourceType: 'Group',
      id: GROUP.id,
      type: 'person',
      actual: true,
      code: { coding: [{ system: 'urn:fieldlab:group-kind', code: 'contemplation', display: 'Contemplation group' }] },
      name: 'Nhóm cân nhắc thứ Ba',
      managingEntity: ref('Organization', ORG.id),
      member: [{ entity: ref('Patient', CLIENT), period: { start: S1.at, end: S2.at }, inactive: false }],
    });
    // The anonymous and the unexported came too: a quantity would claim to count them all.
    expect(g).not.toHaveProperty('quantity');
    valid(g);
  });

  it('a session is a finished Encounter of the Group, its class from the kind of site, the kind of group as its type', () => {
    const e = groupSessionEncounter(S1, GROUP, ORG.id);
    expect(e).toEqual({
      resourceType: 'Encounter',
      id: S1.id,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
      type: [{ coding: [{ system: FIELDLAB_SYSTEM.groupKind, code: 'contemplation', display: 'Contemplation group' }] }],
      subject: ref('Group', GROUP.id),
      period: { start: S1.at },
      serviceProvider: ref('Organization', ORG.id),
    });
    valid(e);
    expect(groupSessionEncounter(S1, { ...GROUP, siteKind: 'outreach_area' }, ORG.id).class.code).toBe('FLD');
    expect(groupSessionEncounter(S1, { ...GROUP, siteKind: 'online' }, ORG.id).class.code).toBe('VR');
    expect(groupSessionEncounter(S1, { ...GROUP, siteKind: 'clinic' }, ORG.id).class.code).toBe('AMB');
  });

  it('an attendance is the Patient’s own finished Encounter, part of the session’s, with a stable id of its own', () => {
    const e = attendanceEncounter(S1, CLIENT, GROUP, ORG.id);
    expect(e).toMatchObject({ status: 'finished', subject: ref('Patient', CLIENT), partOf: ref('Encounter', S1.id), period: { start: S1.at }, serviceProvider: ref('Organization', ORG.id), class: { code: 'AMB' } });
    expect(e.id).toBe(attendanceId(S1.id, CLIENT));
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set([S1.id, CLIENT, attendanceId(S1.id, CLIENT), attendanceId(S1.id, OTHER), attendanceId(S2.id, CLIENT)]).size).toBe(5);
    valid(e);
  });

  function input(over: Partial<FhirExportInput> = {}): FhirExportInput {
    const otherGroup: FhirGroupInput = { id: '01930000-0000-7000-8000-0000000000a2', name: 'Nhóm gia đình', kind: 'family_session', siteKind: 'clinic' };
    const S3 = session('2026-03-10T02:00:00.000Z', otherGroup.id);
    const orphan = session('2026-03-10T02:00:00.000Z', '01930000-0000-7000-8000-0000000000a3');
    return {
      bundleId: id(),
      generatedAt: AT,
      organisation: ORG,
      providers: [],
      clients: [{ id: CLIENT, uic: 'HOTUM95', birthYear: 1995, sexAtBirth: 'M' }],
      contacts: [],
      screenings: [],
      referrals: [],
      consents: [],
      groups: [GROUP, otherGroup],
      // Given out of order; OTHER is not exported, and only OTHER came to S3; `orphan`'s group is not in the input.
      groupSessions: [S2, S1, S3, orphan],
      attendance: [
        { sessionId: S2.id, clientId: CLIENT },
        { sessionId: S1.id, clientId: CLIENT },
        { sessionId: S1.id, clientId: CLIENT },
        { sessionId: S1.id, clientId: OTHER },
        { sessionId: S3.id, clientId: OTHER },
        { sessionId: orphan.id, clientId: CLIENT },
      ],
      group: true,
      ...over,
    };
  }
  const of = <T extends { resourceType: string }>(b: Bundle, type: T['resourceType']) => b.entry!.map((e) => e.resource!).filter((r): r is never => r.resourceType === type) as unknown as T[];

  it('in a bundle: a Group per group an exported Patient came to, members only of the Patients exported, with their first and last session', () => {
    const b = fhirBundle(input());
    expect(bundleIssues(b)).toEqual([]);
    expect(danglingReferences(b)).toEqual([]);
    const groups = of<Group>(b, 'Group');
    expect(groups.map((g) => g.id)).toEqual([GROUP.id, expect.not.stringMatching(GROUP.id)]); // this group, then the export's own
    expect(groups[0]!.member).toEqual([{ entity: ref('Patient', CLIENT), period: { start: S1.at, end: S2.at }, inactive: false }]);
    expect(groups[1]!.member).toEqual([{ entity: ref('Patient', CLIENT) }]);
    const encounters = of<Encounter>(b, 'Encounter');
    expect(encounters.map((e) => e.id)).toEqual([S1.id, S2.id, attendanceId(S1.id, CLIENT), attendanceId(S2.id, CLIENT)]);
    const text = JSON.stringify(b);
    expect(text).not.toContain(OTHER);
    expect(text).not.toContain('Nhóm gia đình');
  });

  it('the Group’s id is the group’s, in one client’s export as in the organisation’s', () => {
    const single = fhirBundle(input({ group: false }));
    const whole = fhirBundle(input());
    expect(of<Group>(single, 'Group').map((g) => g.id)).toEqual([GROUP.id]);
    expect(of<Group>(whole, 'Group')[0]!.id).toBe(GROUP.id);
    expect(of<Encounter>(single, 'Encounter').map((e) => e.id)).toEqual(of<Encounter>(whole, 'Encounter').map((e) => e.id));
    expect(bundleIssues(single)).toEqual([]);
    expect(danglingReferences(single)).toEqual([]);
  });

  it('nobody exported came: no Group and no session Encounter', () => {
    const b = fhirBundle(input({ clients: [] }));
    expect(b.entry!.map((e) => e.resource!.resourceType)).toEqual(['Organization', 'Group']);
  });
});
