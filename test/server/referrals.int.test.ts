import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/server/audit/log.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { loggedIn, seedOrg, startTestApp, type Client, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { Device, seedFieldOrg, type FieldOrg } from '../helpers/field.ts';
import { PHQ9_MODERATE, recordScreening } from '../helpers/mental-health.ts';
import { addProvider, changeReferralStatus, createReferral } from '../helpers/referrals.ts';

const statuses = (res: { body: { results: { status: string }[] } }) => res.body.results.map((r) => r.status);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

describe.each(testDialects())('referrals: directory, sync, provider portal, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /** A community organisation, an in-network clinic with a clinician, and both kinds of provider. */
  async function network(): Promise<{ org: FieldOrg; clinic: SeededOrg; worker: Client; manager: Client; clinician: Client; device: Device; inNetwork: string; listed: string }> {
    const org = await seedFieldOrg(t);
    const clinic = await seedOrg(t, 'clinic', ['clinician']);
    const [worker, manager, clinician] = [await loggedIn(t, org, 'fieldworker'), await loggedIn(t, org, 'manager'), await loggedIn(t, clinic, 'clinician')];
    const inNetwork = await addProvider(manager, { orgId: clinic.orgId });
    const listed = await addProvider(manager, { kind: 'hiv', services: ['hiv_testing'] });
    return { org, clinic, worker, manager, clinician, device: new Device(org), inNetwork, listed };
  }

  it('closes the loop: referred offline, pushed, seen by the clinic with only the consented fields, accepted, attended, completed, pulled back', async () => {
    const { org, clinic, worker, clinician, device, inNetwork } = await network();
    const reg = device.registerClient('RFLOM91', {
      consents: [
        { kind: 'services', given: true },
        { kind: 'referral_sharing', given: true },
      ],
    });
    reg.m.args = { ...(reg.m.args as object), profile: { ...(reg.m.args as { profile: object }).profile, phone: '0000 555 666' } };
    const contact = device.recordContact(reg.clientId, { notes: 'Ghi chú riêng: ngủ ở gầm cầu' });
    const phq = recordScreening(device, reg.clientId, 'phq9', PHQ9_MODERATE);
    const ref = createReferral(device, reg.clientId, inNetwork, { share: ['reason', 'screenings'], contactId: contact.contactId });
    const pushed = await worker.post('/api/sync/push', device.push([reg.m, contact.m, phq.m, ref.m]));
    expect(statuses(pushed)).toEqual(['applied', 'applied', 'applied', 'applied']);

    const list = await clinician.get(`/api/organisations/${clinic.orgId}/referrals/received`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ id: ref.referralId, code: ref.code, fromOrgId: org.orgId, fromOrgName: expect.stringMatching(/^Tổ chức thử/), service: 'psychiatric_assessment', urgency: 'within_week', status: 'sent', share: ['reason', 'screenings'] });
    expect(list.body[0]).not.toHaveProperty('clientId');
    expect(JSON.stringify(list.body)).not.toContain('Nghe tiếng nói');

    const detail = await clinician.get(`/api/organisations/${clinic.orgId}/referrals/received/${ref.referralId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.shared.reason).toBe('Nghe tiếng nói lạ, mất ngủ nhiều đêm');
    expect(detail.body.shared.screenings).toEqual([expect.objectContaining({ instrumentId: 'phq9', total: 12, band: 'moderate' })]);
    expect(detail.body.shared).not.toHaveProperty('notes');
    const text = JSON.stringify(detail.body);
    for (const secret of ['RFLOM91', 'Bống', '0000 555 666', 'gầm cầu', reg.clientId]) expect(text).not.toContain(secret);

    const at = (mins: number) => new Date(Date.now() - mins * 60_000).toISOString();
    const post = (event: string, extra: Record<string, unknown> = {}) =>
      clinician.post(`/api/organisations/${clinic.orgId}/referrals/received/${ref.referralId}/events`, { eventId: crypto.randomUUID(), event, at: at(5), note: null, outcome: null, ...extra });
    expect((await post('accept', { note: 'Hẹn 9 giờ thứ Hai' })).body.status).toBe('accepted');
    expect((await post('attend', { outcome: 'seen' })).body.status).toBe('attended');
    const done = await post('complete', { outcome: 'treatment_started', note: 'Đã bắt đầu điều trị; tái khám sau 2 tuần' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');

    const pulled = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`);
    const r = pulled.body.referrals.find((x: { id: string }) => x.id === ref.referralId);
    expect(r).toMatchObject({ code: ref.code, clientId: reg.clientId, providerId: inNetwork, status: 'completed', share: ['reason', 'screenings'], reason: 'Nghe tiếng nói lạ, mất ngủ nhiều đêm' });
    expect(r.events.map((e: { event: string }) => e.event)).toEqual(['send', 'accept', 'attend', 'complete']);
    expect(r.events[3]).toMatchObject({ outcome: 'treatment_started', note: 'Đã bắt đầu điều trị; tái khám sau 2 tuần', byOrgId: clinic.orgId });
    expect(pulled.body.providers.map((p: { id: string }) => p.id)).toContain(inNetwork);

    // A later pull from the returned cookie carries the referral again only when something happens to it.
    const quiet = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=${pulled.body.cookie}`);
    expect(quiet.body.referrals).toEqual([]);

    const stored = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('referrals').selectAll().where('id', '=', ref.referralId).executeTakeFirstOrThrow());
    expect(stored.reason_enc).toMatch(/^v1:/);
    expect(stored.shared_enc).toMatch(/^v1:/);
    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'entity_id']).where('org_id', '=', clinic.orgId).execute());
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['referral.read_received', 'referral.accept', 'referral.attend', 'referral.complete']));
    expect((await asSystem(t.ctx.db.kysely, (tx) => verifyAudit(tx))).firstBreak).toBeNull();
  });

  it('refuses transitions the lifecycle does not allow, with the reason, on both sides', async () => {
    const { worker, clinic, clinician, device, inNetwork } = await network();
    const reg = device.registerClient('RFTRM82');
    const ref = createReferral(device, reg.clientId, inNetwork);
    const accept = changeReferralStatus(device, ref.referralId, 'accept');
    const cancelNoNote = changeReferralStatus(device, ref.referralId, 'cancel');
    const send = changeReferralStatus(device, ref.referralId, 'send');
    const res = await worker.post('/api/sync/push', device.push([reg.m, ref.m, accept.m, cancelNoNote.m, send.m]));
    const [, , r3, r4, r5] = res.body.results;
    expect(r3).toMatchObject({ status: 'rejected', code: 'REFERRAL_EVENT_NOT_YOURS', field: 'event' });
    expect(r4).toMatchObject({ status: 'rejected', code: 'NOTE_REQUIRED', field: 'note' });
    expect(r5).toMatchObject({ status: 'rejected', code: 'TRANSITION_NOT_ALLOWED', field: 'event' });
    expect(r5.message).toMatch(/current status/);

    const url = `/api/organisations/${clinic.orgId}/referrals/received/${ref.referralId}/events`;
    const event = (e: string, extra: Record<string, unknown> = {}) => ({ eventId: crypto.randomUUID(), event: e, at: new Date().toISOString(), note: null, outcome: null, ...extra });
    const tooEarly = await clinician.post(url, event('complete'));
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe('TRANSITION_NOT_ALLOWED');
    const noReason = await clinician.post(url, event('decline'));
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ code: 'NOTE_REQUIRED', field: 'note' });
    const outcome = await clinician.post(url, event('accept', { outcome: 'seen' }));
    expect(outcome.body).toMatchObject({ code: 'OUTCOME_NOT_ALLOWED', field: 'outcome' });
    const decline = event('decline', { note: 'Không còn nhận khách mới tháng này' });
    expect((await clinician.post(url, decline)).body.status).toBe('declined');
    // The same event again (a retry after a lost answer) changes nothing.
    const again = await clinician.post(url, decline);
    expect(again.status).toBe(200);
    expect(again.body.events.filter((e: { event: string }) => e.event === 'decline')).toHaveLength(1);

    // The worker's cancel now applies (declined → cancelled); after it nothing more is accepted.
    const cancel = changeReferralStatus(device, ref.referralId, 'cancel', { note: 'Giới thiệu lại nơi khác' });
    const attend = changeReferralStatus(device, ref.referralId, 'attend');
    const later = await worker.post('/api/sync/push', device.push([cancel.m, attend.m]));
    expect(later.body.results.map((r: { code?: string }) => r.code ?? 'applied')).toEqual(['applied', 'TRANSITION_NOT_ALLOWED']);
    expect((await clinician.post(url, event('attend'))).status).toBe(409);
  });

  it('shares nothing without consent, refuses a taken code, an inactive provider, another client’s contact, and an unknown referral', async () => {
    const { org, worker, manager, clinic, clinician, device, inNetwork } = await network();
    const reg = device.registerClient('RFCNF73');
    const shared = createReferral(device, reg.clientId, inNetwork, { share: ['reason'] });
    const codeOnly = createReferral(device, reg.clientId, inNetwork);
    const sameCode = createReferral(device, reg.clientId, inNetwork, { code: codeOnly.code });
    const retired = await addProvider(manager, { active: false });
    const toRetired = createReferral(device, reg.clientId, retired);
    const other = device.registerClient('RFOTM64');
    const otherContact = device.recordContact(other.clientId);
    const wrongContact = createReferral(device, reg.clientId, inNetwork, { contactId: otherContact.contactId });
    const unknown = changeReferralStatus(device, '01900000-0000-7000-8000-00000000beef', 'cancel', { note: 'x' });
    const res = await worker.post('/api/sync/push', device.push([reg.m, shared.m, codeOnly.m, sameCode.m, toRetired.m, other.m, otherContact.m, wrongContact.m, unknown.m]));
    expect(res.body.results.map((r: { code?: string; status: string }) => r.code ?? r.status)).toEqual([
      'applied',
      'SHARE_NOT_CONSENTED',
      'applied',
      'REFERRAL_CODE_TAKEN',
      'PROVIDER_NOT_FOUND',
      'applied',
      'applied',
      'CONTACT_NOT_FOUND',
      'REFERRAL_NOT_FOUND',
    ]);
    expect(res.body.results[1]).toMatchObject({ field: 'share' });

    // Code only: the clinic sees the code and nothing of the client.
    const detail = await clinician.get(`/api/organisations/${clinic.orgId}/referrals/received/${codeOnly.referralId}`);
    expect(detail.body).toMatchObject({ code: codeOnly.code, share: [], shared: {} });
    expect(JSON.stringify(detail.body)).not.toContain('Nghe tiếng nói');

    // After consent is recorded, the corrected resend shares the reason.
    const consent = device.mutation('recordConsent', { clientId: reg.clientId, kind: 'referral_sharing', given: true });
    const resend = createReferral(device, reg.clientId, inNetwork, { share: ['reason'] });
    expect(statuses(await worker.post('/api/sync/push', device.push([consent, resend.m])))).toEqual(['applied', 'applied']);
    const ok = await clinician.get(`/api/organisations/${clinic.orgId}/referrals/received/${resend.referralId}`);
    expect(ok.body.shared).toEqual({ reason: 'Nghe tiếng nói lạ, mất ngủ nhiều đêm' });
    void org;
  });

  it('for a listed provider the worker records what the provider said; the directory filters and rates', async () => {
    const { org, worker, manager, device, listed } = await network();
    const reg = device.registerClient('RFLSM55');
    const ref = createReferral(device, reg.clientId, listed, { service: 'hiv_testing', urgency: 'routine' });
    const steps = [
      changeReferralStatus(device, ref.referralId, 'accept'),
      changeReferralStatus(device, ref.referralId, 'attend', { outcome: 'seen' }),
      changeReferralStatus(device, ref.referralId, 'complete', { outcome: 'referred_on', note: 'Chuyển tiếp điều trị ARV' }),
    ];
    expect(statuses(await worker.post('/api/sync/push', device.push([reg.m, ref.m, ...steps.map((s) => s.m)])))).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    const one = await worker.get(`/api/organisations/${org.orgId}/referrals/${ref.referralId}`);
    expect(one.body).toMatchObject({ status: 'completed', needsAction: null });
    const numbers = await manager.get(`/api/organisations/${org.orgId}/referrals/indicators`);
    expect(numbers.status).toBe(200);
    expect(numbers.body.all).toMatchObject({ made: 1, attended: 1, completed: 1, completionRate: 1, medianDaysToAttendance: 0 });
    expect(numbers.body.byProvider[listed]).toMatchObject({ made: 1, completed: 1 });
    expect(numbers.body.byService.hiv_testing).toMatchObject({ made: 1 });
    expect(numbers.body.byUrgency.routine).toMatchObject({ made: 1 });
    expect(numbers.body.providerNames[listed]).toMatch(/^Phòng khám thử/);
    expect(JSON.stringify(numbers.body)).not.toContain(reg.clientId);
    const past = await manager.get(`/api/organisations/${org.orgId}/referrals/indicators?to=2024-01-01`);
    expect(past.body.all).toMatchObject({ made: 0, completionRate: null });

    const rated = await worker.post(`/api/providers/${listed}/feedback`, { orgId: org.orgId, referralId: ref.referralId, rating: 5 });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ friendliness: 5, ratings: 1 });
    const rerated = await worker.post(`/api/providers/${listed}/feedback`, { orgId: org.orgId, referralId: ref.referralId, rating: 4 });
    expect(rerated.body).toMatchObject({ friendliness: 4, ratings: 1 });

    const friendly = await worker.get('/api/providers?service=hiv_testing&provinceId=ha-noi&friendly=4');
    expect(friendly.body.map((p: { id: string }) => p.id)).toContain(listed);
    expect((await worker.get('/api/providers?friendly=4.5')).body.map((p: { id: string }) => p.id)).not.toContain(listed);
    expect((await worker.get('/api/providers?service=shelter')).body.map((p: { id: string }) => p.id)).not.toContain(listed);

    // A directory change reaches every organisation's next pull, not only the editor's.
    const first = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`);
    const unchanged = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=${first.body.cookie}`);
    expect(unchanged.body.providers).toEqual([]);
    const elsewhere = await seedFieldOrg(t);
    const otherManager = await loggedIn(t, elsewhere, 'manager');
    const edited = await otherManager.patch(`/api/providers/${listed}`, { openingHours: 'T2–T7 7:30–19:00' });
    expect(edited.status).toBe(200);
    const changed = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=${first.body.cookie}`);
    expect(changed.body.providers.find((p: { id: string }) => p.id === listed)).toMatchObject({ openingHours: 'T2–T7 7:30–19:00', friendliness: 4 });
    expect((await worker.patch(`/api/providers/${listed}`, { active: false })).status).toBe(403);
  });

  it('closes a referral past its due date and grace as lost to follow-up when the referrer reads, and lists those needing action by urgency', async () => {
    const { org, worker, clinic, clinician, device, inNetwork, listed } = await network();
    const reg = device.registerClient('RFLOF46');
    const old = createReferral(device, reg.clientId, inNetwork, { urgency: 'same_day', at: daysAgo(10).toISOString(), dueOn: daysAgo(10).toISOString().slice(0, 10) });
    const overdue = createReferral(device, reg.clientId, listed, { urgency: 'within_week', at: daysAgo(9).toISOString(), dueOn: daysAgo(2).toISOString().slice(0, 10) });
    const urgent = createReferral(device, reg.clientId, inNetwork, { urgency: 'emergency', at: daysAgo(2).toISOString(), dueOn: daysAgo(1).toISOString().slice(0, 10) });
    const fresh = createReferral(device, reg.clientId, inNetwork);
    expect(statuses(await worker.post('/api/sync/push', device.push([reg.m, old.m, overdue.m, urgent.m, fresh.m])))).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);

    const pulled = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`);
    const lost = pulled.body.referrals.find((r: { id: string }) => r.id === old.referralId);
    expect(lost.status).toBe('lost_to_follow_up');
    expect(lost.events.at(-1)).toMatchObject({ event: 'lose_to_follow_up', byOrgId: org.orgId });

    const action = await worker.get(`/api/organisations/${org.orgId}/referrals?needsAction=1`);
    expect(action.body.map((r: { id: string; needsAction: string }) => [r.id, r.needsAction])).toEqual([
      [urgent.referralId, 'overdue'],
      [overdue.referralId, 'overdue'],
    ]);
    // The clinic cannot revive it.
    const late = await clinician.post(`/api/organisations/${clinic.orgId}/referrals/received/${old.referralId}/events`, { eventId: crypto.randomUUID(), event: 'accept', at: new Date().toISOString(), note: null, outcome: null });
    expect(late.body.code).toBe('TRANSITION_NOT_ALLOWED');
    void fresh;
  });

  it('finds a referral by the code on a slip, typed loosely, only for the organisation it was sent to', async () => {
    const { worker, clinic, clinician, device, inNetwork } = await network();
    const reg = device.registerClient('RFCOM37');
    const ref = createReferral(device, reg.clientId, inNetwork);
    await worker.post('/api/sync/push', device.push([reg.m, ref.m]));
    const typed = ` ${ref.code.toLowerCase().replace('-', ' ')} `;
    const found = await clinician.get(`/api/referrals/by-code/${encodeURIComponent(typed)}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: ref.referralId, orgId: clinic.orgId, code: ref.code });
    const otherClinic = await seedOrg(t, 'clinic', ['clinician']);
    const stranger = await loggedIn(t, otherClinic, 'clinician');
    const refused = await stranger.get(`/api/referrals/by-code/${ref.code}`);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('REFERRAL_NOT_FOUND');
    expect((await stranger.get(`/api/organisations/${otherClinic.orgId}/referrals/received/${ref.referralId}`)).status).toBe(404);
  });
});
