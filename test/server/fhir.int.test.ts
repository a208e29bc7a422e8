import type { Bundle, Encounter, Group, Observation, Patient, Questionnaire, QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/scope.ts';
import { Client, loggedIn, type TestApp, startTestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { Device, seedFieldOrg, type FieldOrg } from '../helpers/field.ts';
import { attendanceId } from '../../src/core/exports/fhir.ts';
import { questionnaireId } from '../../src/core/exports/fhir-questionnaire.ts';
import { INSTRUMENTS } from '../../src/core/screening/instruments/index.ts';
import { bundleIssues, danglingReferences, fhirIssues } from '../helpers/fhir.ts';
import { PHQ9_MODERATE, recordScreening } from '../helpers/mental-health.ts';
import { addProvider, changeReferralStatus, createReferral } from '../helpers/referrals.ts';

const SECRETS = { nickname: 'Bống Xù', phone: '0000 555 777', notes: 'Ghi chú riêng: ngủ ở gầm cầu', reason: 'Nghe tiếng nói lạ, mất ngủ nhiều đêm' };
const today = () => new Date().toISOString().slice(0, 10);
const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const resources = (b: Bundle): Resource[] => (b.entry ?? []).map((e) => e.resource!);
const ofType = <T extends Resource>(b: Bundle, type: T['resourceType']) => resources(b).filter((r): r is T => r.resourceType === type);
const daysAgoAt = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const GROUP_SECRETS = { topic: 'Chuyện ngủ gầm cầu và nợ tiền', notes: 'Anh kia kể chuyện bị công an giữ' };

describe.each(testDialects())('FHIR R4 exports, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /** Three clients through the real push: A agreed to sharing, B never did, C withdrew it. */
  async function seeded(): Promise<{ org: FieldOrg; manager: Client; worker: Client; a: string; b: string; c: string; uics: string[] }> {
    const org = await seedFieldOrg(t);
    const [manager, worker] = [await loggedIn(t, org, 'manager'), await loggedIn(t, org, 'fieldworker')];
    const provider = await addProvider(manager);
    const device = new Device(org);
    // Invented codes of the default recipe (2 + 2 letters, sex, year), two parts apart from each other.
    const uics = ['ANBIM95', 'COXUM95', 'DEQOM95'];
    const withProfile = (reg: ReturnType<Device['registerClient']>) => {
      const args = reg.m.args as { profile: Record<string, unknown> };
      args.profile = { ...args.profile, nickname: SECRETS.nickname, phone: SECRETS.phone };
      return reg;
    };
    const a = withProfile(device.registerClient(uics[0]!, { consents: [{ kind: 'services', given: true }, { kind: 'referral_sharing', given: true }] }));
    const b = withProfile(device.registerClient(uics[1]!));
    const c = withProfile(device.registerClient(uics[2]!, { consents: [{ kind: 'services', given: true }, { kind: 'referral_sharing', given: true }] }));
    const contact = device.recordContact(a.clientId, { notes: SECRETS.notes });
    const phq = recordScreening(device, a.clientId, 'phq9', PHQ9_MODERATE);
    const gad = recordScreening(device, a.clientId, 'gad7', [1, 1, 1, 1, 1, 1, 1]);
    const cssrs = recordScreening(device, a.clientId, 'cssrs', { q1: true, q2: false, q6: false });
    const ref = createReferral(device, a.clientId, provider, { reason: SECRETS.reason, contactId: contact.contactId });
    const attend = changeReferralStatus(device, ref.referralId, 'attend', { note: 'Đến khám lúc 9 giờ' });
    const bContact = device.recordContact(b.clientId, { notes: SECRETS.notes });
    const bPhq = recordScreening(device, b.clientId, 'phq9', PHQ9_MODERATE);
    const withdraw = device.mutation('recordConsent', { clientId: c.clientId, kind: 'referral_sharing', given: false });
    const cContact = device.recordContact(c.clientId);
    const pushed = await worker.post('/api/sync/push', device.push([a.m, b.m, c.m, contact.m, phq.m, gad.m, cssrs.m, ref.m, attend.m, bContact.m, bPhq.m, withdraw, cContact.m]));
    expect(pushed.status).toBe(200);
    expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(Array(13).fill('applied'));
    return { org, manager, worker, a: a.clientId, b: b.clientId, c: c.clientId, uics };
  }

  function expectValidAndClean(bundle: Bundle, uicsElsewhere: string[]) {
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    // Every resource, and the bundle itself, through Medplum's validator against the R4 definitions.
    expect(bundleIssues(bundle)).toEqual([]);
    expect(danglingReferences(bundle)).toEqual([]);
    const text = JSON.stringify(bundle);
    for (const secret of [...Object.values(SECRETS), 'Đến khám lúc 9 giờ', ...uicsElsewhere]) expect(text).not.toContain(secret);
    for (const p of ofType<Patient>(bundle, 'Patient')) {
      for (const key of ['name', 'telecom', 'address', 'photo', 'contact']) expect(p).not.toHaveProperty(key);
    }
  }

  async function auditRows(orgId: string) {
    return asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'actor_role']).where('org_id', '=', orgId).orderBy('seq').execute());
  }

  it('exports one client’s whole record: valid R4, the UIC as identifier, LOINC totals, nothing private, audited without the UIC', async () => {
    const { org, manager, a, uics } = await seeded();
    const res = await manager.get(`/api/organisations/${org.orgId}/clients/${a}/fhir`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="fieldlab-fhir-client-\d{4}-\d{2}-\d{2}\.json"$/);
    const bundle = res.body as Bundle;
    expectValidAndClean(bundle, [uics[1]!, uics[2]!]);

    const [patient] = ofType<Patient>(bundle, 'Patient');
    expect(patient).toMatchObject({ id: a, identifier: [{ system: 'urn:fieldlab:uic', value: uics[0] }], gender: 'male', birthDate: '1995' });
    const codes = ofType<Observation>(bundle, 'Observation').flatMap((o) => o.code.coding!.filter((c) => c.system === 'http://loinc.org').map((c) => c.code));
    expect(codes.sort()).toEqual(['44261-6', '70274-6']);
    const phq = ofType<Observation>(bundle, 'Observation').find((o) => o.code.coding![0]!.code === '44261-6')!;
    expect(phq.valueInteger).toBe(12);
    const count = (type: string) => resources(bundle).filter((r) => r.resourceType === type).length;
    expect([count('Encounter'), count('QuestionnaireResponse'), count('Observation'), count('ServiceRequest'), count('Task'), count('Consent'), count('Group')]).toEqual([1, 3, 3, 1, 1, 2, 0]);
    expect(resources(bundle).find((r) => r.resourceType === 'Task')).toMatchObject({ status: 'in-progress', businessStatus: { coding: [{ code: 'attended' }] } });
    expect(resources(bundle).find((r) => r.resourceType === 'ServiceRequest')).toMatchObject({ encounter: { type: 'Encounter' } });

    const audit = (await auditRows(org.orgId)).filter((r) => r.action === 'fhir.export');
    expect(audit).toEqual([{ action: 'fhir.export', entity: 'client', entity_id: a, actor_role: 'manager' }]);
    const everything = JSON.stringify(await auditRows(org.orgId));
    for (const uic of uics) expect(everything).not.toContain(uic);
  });

  it('a client who never agreed to sharing can still have their own record on request', async () => {
    const { org, manager, b, uics } = await seeded();
    const res = await manager.get(`/api/organisations/${org.orgId}/clients/${b}/fhir`);
    expect(res.status).toBe(200);
    expectValidAndClean(res.body, [uics[0]!, uics[2]!]);
    expect(ofType<Patient>(res.body, 'Patient')[0]!.identifier![0]!.value).toBe(uics[1]);
  });

  it('exports the organisation’s records in a range with a Group, only of people whose latest referral_sharing decision is given', async () => {
    const { org, manager, a, uics } = await seeded();
    const res = await manager.get(`/api/organisations/${org.orgId}/fhir?from=${daysFromToday(-30)}&to=${daysFromToday(1)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="fieldlab-fhir-${daysFromToday(-30)}-${daysFromToday(1)}.json"`);
    const bundle = res.body as Bundle;
    expectValidAndClean(bundle, [uics[1]!, uics[2]!]);
    expect(ofType<Patient>(bundle, 'Patient').map((p) => p.id)).toEqual([a]);
    const [group] = resources(bundle).filter((r) => r.resourceType === 'Group');
    expect(group).toMatchObject({ type: 'person', actual: true, quantity: 1, member: [{ entity: { reference: `urn:uuid:${a}`, type: 'Patient' } }] });
    expect(resources(bundle).filter((r) => r.resourceType === 'QuestionnaireResponse')).toHaveLength(3);

    const audit = (await auditRows(org.orgId)).filter((r) => r.action === 'fhir.export');
    expect(audit).toEqual([{ action: 'fhir.export', entity: 'organisation', entity_id: `${daysFromToday(-30)}..${daysFromToday(1)} clients=1 withoutConsent=2 resources=${bundle.entry!.length}`, actor_role: 'manager' }]);
  });

  it('a range with nothing in it is an empty Group, still valid', async () => {
    const { org, manager } = await seeded();
    const res = await manager.get(`/api/organisations/${org.orgId}/fhir?from=2021-01-01&to=2021-12-31`);
    expect(res.status).toBe(200);
    expect(bundleIssues(res.body)).toEqual([]);
    expect(resources(res.body).map((r) => r.resourceType)).toEqual(['Organization', 'Group']);
  });

  it('refuses ranges that run backwards or beyond a year, and a missing range', async () => {
    const { org, manager } = await seeded();
    const backwards = await manager.get(`/api/organisations/${org.orgId}/fhir?from=${today()}&to=${daysFromToday(-1)}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.code).toBe('FHIR_RANGE_INVALID');
    const long = await manager.get(`/api/organisations/${org.orgId}/fhir?from=2025-01-01&to=2026-01-02`);
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('FHIR_RANGE_INVALID');
    expect((await manager.get(`/api/organisations/${org.orgId}/fhir?from=2025-01-01&to=2025-12-31`)).status).toBe(200);
    expect((await manager.get(`/api/organisations/${org.orgId}/fhir`)).status).toBe(400);
  });

  it('only the organisation’s managers may export: a fieldworker gets 403, another organisation’s manager 403 or 404', async () => {
    const { org, worker, a } = await seeded();
    expect((await worker.get(`/api/organisations/${org.orgId}/clients/${a}/fhir`)).status).toBe(403);
    expect((await worker.get(`/api/organisations/${org.orgId}/fhir?from=${today()}&to=${today()}`)).status).toBe(403);
    const other = await seedFieldOrg(t);
    const stranger = await loggedIn(t, other, 'manager');
    expect((await stranger.get(`/api/organisations/${org.orgId}/clients/${a}/fhir`)).status).toBe(403);
    expect((await stranger.get(`/api/organisations/${org.orgId}/fhir?from=${today()}&to=${today()}`)).status).toBe(403);
    const own = await stranger.get(`/api/organisations/${other.orgId}/clients/${a}/fhir`);
    expect(own.status).toBe(404);
    const ownRange = await stranger.get(`/api/organisations/${other.orgId}/fhir?from=${daysFromToday(-1)}&to=${daysFromToday(1)}`);
    expect(ownRange.status).toBe(200);
    expect(ofType<Patient>(ownRange.body, 'Patient')).toEqual([]);
    expect((await auditRows(org.orgId)).filter((r) => r.action === 'fhir.export')).toEqual([]);
  });

  /**
   * A group through the manager's route and sessions through the real push: HOTUM95 (agreed to
   * sharing) came ten days ago and an hour ago, LANAF98 (never agreed) came ten days ago with
   * three people who gave no code. Another organisation's group meets too.
   */
  async function withGroups() {
    const org = await seedFieldOrg(t);
    const [manager, worker] = [await loggedIn(t, org, 'manager'), await loggedIn(t, org, 'fieldworker')];
    const device = new Device(org);
    const schedule = { repeat: 'weekly', weekday: 'tuesday', startsOn: '2026-01-06', endsOn: null, time: '18:00' };
    const made = await manager.post(`/api/organisations/${org.orgId}/groups`, { name: 'Nhóm cân nhắc tối thứ Ba', kind: 'contemplation', siteId: org.siteId, facilitatorIds: [org.users.fieldworker!.userId], schedule });
    expect(made.status).toBe(201);
    const groupId = made.body.id as string;
    const a = device.registerClient('HOTUM95', { consents: [{ kind: 'services', given: true }, { kind: 'referral_sharing', given: true }] });
    const b = device.registerClient('LANAF98');
    const session = (at: string, attendees: string[], anonymousCount = 0) => {
      const sessionId = uuidv7();
      const m = device.mutation('recordGroupSession', {
        sessionId,
        groupId,
        at,
        topic: GROUP_SECRETS.topic,
        facilitatorIds: [org.users.fieldworker!.userId],
        attendees,
        anonymousCount,
        materials: [],
        notes: GROUP_SECRETS.notes,
        stages: [{ clientId: attendees[0]!, stage: 'contemplation' }],
      });
      return { sessionId, at, m };
    };
    const s1 = session(daysAgoAt(10), [a.clientId, b.clientId], 3);
    const s2 = session(daysAgoAt(1 / 24), [a.clientId]);
    const pushed = await worker.post('/api/sync/push', device.push([a.m, b.m, s1.m, s2.m]));
    expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(Array(4).fill('applied'));

    const other = await seedFieldOrg(t);
    const [otherManager, otherWorker] = [await loggedIn(t, other, 'manager'), await loggedIn(t, other, 'fieldworker')];
    const otherDevice = new Device(other);
    const theirs = await otherManager.post(`/api/organisations/${other.orgId}/groups`, { name: 'Nhóm đồng đẳng nơi khác', kind: 'peer_support', siteId: other.siteId, facilitatorIds: [other.users.fieldworker!.userId], schedule });
    expect(theirs.status).toBe(201);
    const c = otherDevice.registerClient('VUXEM90', { consents: [{ kind: 'services', given: true }, { kind: 'referral_sharing', given: true }] });
    const theirSession = otherDevice.mutation('recordGroupSession', { sessionId: uuidv7(), groupId: theirs.body.id, at: daysAgoAt(2), topic: 'Chủ đề khác', facilitatorIds: [other.users.fieldworker!.userId], attendees: [c.clientId], anonymousCount: 0, materials: [], notes: null, stages: [] });
    const otherPushed = await otherWorker.post('/api/sync/push', otherDevice.push([c.m, theirSession]));
    expect(otherPushed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const elsewhere = [other.orgId, theirs.body.id as string, 'Nhóm đồng đẳng nơi khác', c.clientId, 'VUXEM90'];
    return { org, manager, groupId, a: a.clientId, b: b.clientId, s1, s2, elsewhere };
  }

  /** The bundle is valid, clean of group secrets and of the other organisation, and every reference names the type of an entry. */
  function expectGroupsClean(bundle: Bundle, absent: string[]) {
    expectValidAndClean(bundle, []);
    const text = JSON.stringify(bundle);
    for (const secret of [...Object.values(GROUP_SECRETS), ...absent]) expect(text).not.toContain(secret);
    expect(text).not.toContain('anonymous');
  }

  it('the organisation’s export: a Group per psychosocial group, members only the exported Patients, each with their first and last session', async () => {
    const { org, manager, groupId, a, b, s1, s2, elsewhere } = await withGroups();
    const res = await manager.get(`/api/organisations/${org.orgId}/fhir?from=${daysFromToday(-30)}&to=${daysFromToday(1)}`);
    expect(res.status).toBe(200);
    const bundle = res.body as Bundle;
    expectGroupsClean(bundle, [b, 'LANAF98', ...elsewhere]);
    expect(ofType<Patient>(bundle, 'Patient').map((p) => p.id)).toEqual([a]);

    const [group, exportGroup] = ofType<Group>(bundle, 'Group');
    expect(group).toEqual({
      resourceType: 'Group',
      id: groupId,
      type: 'person',
      actual: true,
      code: { coding: [{ system: 'urn:fieldlab:group-kind', code: 'contemplation', display: 'Contemplation group' }] },
      name: 'Nhóm cân nhắc tối thứ Ba',
      managingEntity: { reference: `urn:uuid:${org.orgId}`, type: 'Organization' },
      member: [{ entity: { reference: `urn:uuid:${a}`, type: 'Patient' }, period: { start: new Date(s1.at).toISOString(), end: new Date(s2.at).toISOString() }, inactive: false }],
    });
    // The export's own Group of all its Patients stays.
    expect(exportGroup).toMatchObject({ quantity: 1, member: [{ entity: { reference: `urn:uuid:${a}` } }] });

    const encounters = ofType<Encounter>(bundle, 'Encounter');
    expect(encounters.map((e) => [e.id, e.subject!.type, e.partOf?.reference ?? null])).toEqual([
      [s1.sessionId, 'Group', null],
      [s2.sessionId, 'Group', null],
      [attendanceId(s1.sessionId, a), 'Patient', `urn:uuid:${s1.sessionId}`],
      [attendanceId(s2.sessionId, a), 'Patient', `urn:uuid:${s2.sessionId}`],
    ]);
    for (const e of encounters) expect(e).toMatchObject({ status: 'finished', class: { code: 'AMB' }, serviceProvider: { reference: `urn:uuid:${org.orgId}`, type: 'Organization' } });

    // A range holding only the session ten days ago: the attendance alone brings the person in.
    const early = (await manager.get(`/api/organisations/${org.orgId}/fhir?from=${daysFromToday(-11)}&to=${daysFromToday(-9)}`)).body as Bundle;
    expectGroupsClean(early, [b, ...elsewhere]);
    expect(ofType<Patient>(early, 'Patient').map((p) => p.id)).toEqual([a]);
    expect(ofType<Group>(early, 'Group')[0]!.member).toEqual([{ entity: { reference: `urn:uuid:${a}`, type: 'Patient' }, period: { start: new Date(s1.at).toISOString(), end: new Date(s1.at).toISOString() }, inactive: false }]);
    expect(ofType<Encounter>(early, 'Encounter').map((e) => e.id)).toEqual([s1.sessionId, attendanceId(s1.sessionId, a)]);

    const audit = (await auditRows(org.orgId)).filter((r) => r.action === 'fhir.export');
    expect(audit.map((r) => r.entity_id)).toEqual([
      `${daysFromToday(-30)}..${daysFromToday(1)} clients=1 withoutConsent=1 resources=${bundle.entry!.length}`,
      `${daysFromToday(-11)}..${daysFromToday(-9)} clients=1 withoutConsent=1 resources=${early.entry!.length}`,
    ]);
  });

  it('one client’s export names the same Group by the same id; a client without sharing consent gets only their own membership', async () => {
    const { org, manager, groupId, a, b, s1, s2, elsewhere } = await withGroups();
    const whole = (await manager.get(`/api/organisations/${org.orgId}/fhir?from=${daysFromToday(-30)}&to=${daysFromToday(1)}`)).body as Bundle;
    const mine = (await manager.get(`/api/organisations/${org.orgId}/clients/${a}/fhir`)).body as Bundle;
    expectGroupsClean(mine, [b, ...elsewhere]);
    expect(ofType<Group>(mine, 'Group')).toEqual([ofType<Group>(whole, 'Group')[0]]);
    expect(ofType<Group>(mine, 'Group')[0]!.id).toBe(groupId);
    expect(ofType<Encounter>(mine, 'Encounter').map((e) => e.id)).toEqual([s1.sessionId, s2.sessionId, attendanceId(s1.sessionId, a), attendanceId(s2.sessionId, a)]);

    // B asked for their own record: it holds their one session, and nobody else.
    const theirs = (await manager.get(`/api/organisations/${org.orgId}/clients/${b}/fhir`)).body as Bundle;
    expectGroupsClean(theirs, [a, 'HOTUM95', s2.sessionId, ...elsewhere]);
    expect(ofType<Group>(theirs, 'Group')).toEqual([
      expect.objectContaining({ id: groupId, member: [{ entity: { reference: `urn:uuid:${b}`, type: 'Patient' }, period: { start: new Date(s1.at).toISOString(), end: new Date(s1.at).toISOString() }, inactive: false }] }),
    ]);
  });

  it('carries the Questionnaire of every instrument and version its screenings used, once each, in both exports, matching the responses’ canonicals', async () => {
    const org = await seedFieldOrg(t);
    const [manager, worker] = [await loggedIn(t, org, 'manager'), await loggedIn(t, org, 'fieldworker')];
    const device = new Device(org);
    const a = device.registerClient('ANBIM95', { consents: [{ kind: 'services', given: true }, { kind: 'referral_sharing', given: true }] });
    // Recorded as the forms record them (the instrument's own version); GAD-7 under a version Fieldlab does not define.
    const current = (instrumentId: keyof typeof INSTRUMENTS) => ({ instrumentVersion: INSTRUMENTS[instrumentId].version });
    const screenings = [
      recordScreening(device, a.clientId, 'phq9', PHQ9_MODERATE, current('phq9')),
      recordScreening(device, a.clientId, 'phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0], current('phq9')),
      recordScreening(device, a.clientId, 'cssrs', { q1: true, q2: true, q3: false, q4: false, q5: false, q6: true, q6Recent: false }, current('cssrs')),
      recordScreening(device, a.clientId, 'assist', { tobacco: { q1: true, q2: 6, q3: 6, q4: 7, q5: 0, q6: 6, q7: 3, q8: 0 }, ats: { q1: true, q2: 4, q3: 5, q4: 6, q5: 7, q6: 6, q7: 6, q8: 1 } }, current('assist')),
      recordScreening(device, a.clientId, 'gad7', [1, 1, 1, 1, 1, 1, 1], { instrumentVersion: '1' }),
    ];
    const pushed = await worker.post('/api/sync/push', device.push([a.m, ...screenings.map((x) => x.m)]));
    expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(Array(6).fill('applied'));

    const single = (await manager.get(`/api/organisations/${org.orgId}/clients/${a.clientId}/fhir`)).body as Bundle;
    const whole = (await manager.get(`/api/organisations/${org.orgId}/fhir?from=${daysFromToday(-30)}&to=${daysFromToday(1)}`)).body as Bundle;
    for (const bundle of [single, whole]) {
      expect(bundleIssues(bundle)).toEqual([]);
      expect(danglingReferences(bundle)).toEqual([]);
      const questionnaires = ofType<Questionnaire>(bundle, 'Questionnaire');
      expect(questionnaires.map((q) => [q.url, q.version, q.id])).toEqual(
        (['phq9', 'cssrs', 'assist'] as const).map((i) => [`urn:fieldlab:questionnaire:${i}`, INSTRUMENTS[i].version, questionnaireId(i, INSTRUMENTS[i].version)]),
      );
      const canonicals = new Set(questionnaires.map((q) => `${q.url}|${q.version}`));
      const responses = ofType<QuestionnaireResponse>(bundle, 'QuestionnaireResponse');
      expect(responses).toHaveLength(5);
      expect(responses.filter((r) => !canonicals.has(r.questionnaire!)).map((r) => r.questionnaire)).toEqual(['urn:fieldlab:questionnaire:gad7|1']);
      // Every answer's linkId is an item of its Questionnaire.
      for (const r of responses.filter((x) => canonicals.has(x.questionnaire!))) {
        const q = questionnaires.find((x) => `${x.url}|${x.version}` === r.questionnaire)!;
        const linkIds = new Set<string>();
        const collect = (items: { linkId: string; item?: unknown[] }[] | undefined) => items?.forEach((i) => (linkIds.add(i.linkId), collect(i.item as never)));
        collect(q.item);
        const answered: string[] = [];
        const walk = (items: { linkId: string; item?: unknown[] }[] | undefined) => items?.forEach((i) => (answered.push(i.linkId), walk(i.item as never)));
        walk(r.item);
        expect(answered.filter((l) => !linkIds.has(l))).toEqual([]);
      }
    }
    expect(ofType<Questionnaire>(single, 'Questionnaire')).toEqual(ofType<Questionnaire>(whole, 'Questionnaire'));
  });

  it('anyone logged in can fetch one instrument’s Questionnaire by instrument and version, as the exports carry it; nobody else', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const version = INSTRUMENTS.cssrs.version;
    const res = await worker.get(`/api/fhir/Questionnaire/cssrs/${encodeURIComponent(version)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(fhirIssues(res.body as Questionnaire)).toEqual([]);
    expect(res.body).toMatchObject({ resourceType: 'Questionnaire', id: questionnaireId('cssrs', version), url: 'urn:fieldlab:questionnaire:cssrs', version });
    expect((await worker.get('/api/fhir/Questionnaire/cssrs/1')).status).toBe(404);
    expect((await worker.get('/api/fhir/Questionnaire/audit-c/1')).status).toBe(400);
    expect((await new Client(t.baseUrl).get(`/api/fhir/Questionnaire/cssrs/${version}`)).status).toBe(401);
  });

  it('the validator used above does reject a broken resource from a real export', async () => {
    const { org, manager, a } = await seeded();
    const bundle = (await manager.get(`/api/organisations/${org.orgId}/clients/${a}/fhir`)).body as Bundle;
    const patient = ofType<Patient>(bundle, 'Patient')[0]!;
    expect(fhirIssues({ ...patient, gender: undefined, birthDate: '1995-13' }).some((i) => i.severity === 'error')).toBe(true);
    const obs = ofType<Observation>(bundle, 'Observation')[0]!;
    expect(fhirIssues({ ...obs, code: undefined } as unknown as Observation).some((i) => i.severity === 'error')).toBe(true);
    const broken = structuredClone(bundle);
    (broken.entry![0]!.resource as unknown as Record<string, unknown>).nickname = 'x';
    expect(bundleIssues(broken).length).toBeGreaterThan(0);
  });
});
