import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/server/app.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { Client, loggedIn, seedOrg, startTestApp, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { createCourseWithTest, markPresent, QUESTIONS, seedEvent, today } from '../helpers/courses.ts';
import { testDialects } from '../helpers/dialects.ts';

const RIGHT = { q1: [0], q2: [3, 1, 0], q3: [0], q4: [0] };
const HALF = { q1: [0], q2: [0], q3: [0], q4: [1] };

describe.each(testDialects())('courses, tests and certificates, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  async function trainerOrg(): Promise<{ org: SeededOrg; trainer: Client }> {
    const org = await seedOrg(t, 'community_organisation', ['trainer', 'fieldworker']);
    return { org, trainer: await loggedIn(t, org, 'trainer') };
  }
  const publicClient = () => new Client(t.baseUrl, 'vi');
  const audit = (orgId: string) => asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'actor_role']).where('org_id', '=', orgId).orderBy('seq').execute());

  it('trainers add, list and change courses; bad input is refused with the field; other organisations read but never change them', async () => {
    const { org, trainer } = await trainerOrg();
    const base = `/api/organisations/${org.orgId}/courses`;
    const made = await trainer.post(base, { title: 'Ứng phó ban đầu', modules: ['mental_health_first_response'], description: 'Một ngày.' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ title: 'Ứng phó ban đầu', modules: ['mental_health_first_response'], description: 'Một ngày.', orgId: org.orgId, test: null, version: 1 });

    const bad = await trainer.post(base, { title: 'X', modules: ['juggling'] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION');
    expect((await trainer.post(base, { title: 'Khoá', modules: ['outreach', 'outreach'] })).status).toBe(400);

    const edited = await trainer.request('PUT', `${base}/${made.body.id}`, { title: 'Ứng phó ban đầu về sức khỏe tâm thần', modules: ['mental_health_first_response', 'outreach'] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Ứng phó ban đầu về sức khỏe tâm thần', version: 2, description: null });

    const badTest = await trainer.request('PUT', `${base}/${made.body.id}/test`, { title: 'Kiểm tra', questions: [{ id: 'a', text: 'Câu?', options: ['Có', 'Không'], correct: [0, 1] }] });
    expect(badTest.status).toBe(400);

    const other = await trainerOrg();
    const seen = await other.trainer.get(`/api/organisations/${other.org.orgId}/courses`);
    expect(seen.body.map((c: { id: string }) => c.id)).toContain(made.body.id);
    const theirs = await other.trainer.request('PUT', `/api/organisations/${other.org.orgId}/courses/${made.body.id}`, { title: 'Chiếm lấy', modules: ['outreach'] });
    expect(theirs.status).toBe(403);
    expect(theirs.body.code).toBe('COURSE_NOT_YOURS');
    // Through the first organisation's path: not their organisation.
    expect((await other.trainer.request('PUT', `${base}/${made.body.id}`, { title: 'Chiếm lấy', modules: ['outreach'] })).body.code).toBe('FORBIDDEN');
    expect((await other.trainer.get(`/api/organisations/${org.orgId}/events/${made.body.id}/results`)).status).toBe(403);
    const worker = await loggedIn(t, org, 'fieldworker');
    expect((await worker.get(base)).status).toBe(403);
    expect((await trainer.get(`${base}/019b0000-0000-7000-8000-0000000000aa`)).body.code).toBe('COURSE_NOT_FOUND');

    expect((await audit(org.orgId)).map((a) => a.action)).toEqual(['course.create', 'course.edit']);
  });

  it('participants sit the pre- and post-test by their code, once each, scored by the server; the test then freezes', async () => {
    const { org, trainer } = await trainerOrg();
    const courseId = await createCourseWithTest(trainer, org.orgId);
    const { eventId, registrations } = await seedEvent(t, { orgId: org.orgId, userId: org.users.trainer!.userId }, { days: [today()], courseId, names: ['Sóc Nâu'] });
    const code = registrations[0]!.code;
    const anyone = publicClient();

    const shown = await anyone.get(`/api/public/registrations/${code}/test/pre`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ testTitle: 'Kiểm tra MI', phase: 'pre', taken: null, closed: null });
    expect(shown.body.questions).toHaveLength(4);
    expect(shown.body.questions[1]).toEqual({ id: 'q2', text: QUESTIONS[1]!.text, options: QUESTIONS[1]!.options, multiple: true });
    expect(JSON.stringify(shown.body)).not.toMatch(/correct|Sóc Nâu/);

    // The code may be typed in lower case with a space.
    const pre = await anyone.post(`/api/public/registrations/${code.toLowerCase().replace('-', ' ')}/test/pre`, { answers: HALF });
    expect(pre.status).toBe(201);
    expect(pre.body).toEqual({ score: 2, maxScore: 4, percent: 50 });
    const again = await anyone.post(`/api/public/registrations/${code}/test/pre`, { answers: RIGHT });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TEST_ALREADY_TAKEN');
    // A score sent by the client is not a thing the server takes.
    expect((await anyone.post(`/api/public/registrations/${code}/test/post`, { answers: HALF, score: 4 })).status).toBe(400);
    const post = await anyone.post(`/api/public/registrations/${code}/test/post`, { answers: RIGHT });
    expect(post.body).toEqual({ score: 4, maxScore: 4, percent: 100 });
    expect((await anyone.get(`/api/public/registrations/${code}/test/post`)).body).toMatchObject({ taken: { percent: 100 }, closed: 'TEST_ALREADY_TAKEN' });
    expect((await anyone.get(`/api/public/registrations/${code}/training`)).body).toEqual({ eventTitle: 'Tập huấn phỏng vấn tạo động lực', test: { pre: { score: 2, maxScore: 4, percent: 50 }, post: { score: 4, maxScore: 4, percent: 100 } }, certificate: false });

    const frozen = await trainer.request('PUT', `/api/organisations/${org.orgId}/courses/${courseId}/test`, { title: 'Kiểm tra MI', questions: QUESTIONS.slice(0, 2), passPercent: 75 });
    expect(frozen.status).toBe(409);
    expect(frozen.body.code).toBe('COURSE_TEST_IN_USE');
    expect((await trainer.get(`/api/organisations/${org.orgId}/courses/${courseId}`)).body.test).toMatchObject({ inUse: true, passPercent: 75 });

    const rows = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('test_attempts').select(['phase', 'score', 'max_score']).where('event_id', '=', eventId).orderBy('phase').execute());
    expect(rows).toEqual([
      { phase: 'post', score: 4, max_score: 4 },
      { phase: 'pre', score: 2, max_score: 4 },
    ]);
    expect((await audit(org.orgId)).filter((a) => a.actor_role === 'public').map((a) => a.action)).toEqual(['test_attempt.pre', 'test_attempt.post']);
  });

  it('keeps an event’s course once its test was sat; refuses a course that does not exist; the answer key only for the course’s organisation', async () => {
    const { org, trainer } = await trainerOrg();
    const courseId = await createCourseWithTest(trainer, org.orgId);
    const otherCourse = await createCourseWithTest(trainer, org.orgId, 'Khoá khác');
    const { eventId, registrations } = await seedEvent(t, { orgId: org.orgId, userId: org.users.trainer!.userId }, { days: [today()], courseId, names: ['Sóc Nâu'] });
    const link = (id: string | null) => trainer.request('PUT', `/api/organisations/${org.orgId}/events/${eventId}/course`, { courseId: id });
    const nowhere = '019b0000-0000-7000-8000-0000000000ab';
    expect((await link(nowhere)).body).toMatchObject({ code: 'COURSE_NOT_FOUND', field: 'courseId' });
    // Before anyone sits the test, the course may change.
    expect((await link(otherCourse)).status).toBe(204);
    expect((await link(courseId)).status).toBe(204);
    expect((await publicClient().post(`/api/public/registrations/${registrations[0]!.code}/test/pre`, { answers: HALF })).status).toBe(201);
    const locked = await link(otherCourse);
    expect(locked.status).toBe(409);
    expect(locked.body).toMatchObject({ code: 'EVENT_COURSE_LOCKED', field: 'courseId' });
    expect(locked.body.message).toMatch(/sat its test/);
    expect((await link(null)).body.code).toBe('EVENT_COURSE_LOCKED');
    expect((await link(courseId)).status).toBe(204);

    // The event's own form: same rules.
    const base = `/api/organisations/${org.orgId}/events/${eventId}`;
    const got = await trainer.get(base);
    expect(got.status).toBe(200);
    const save = (courseIdNow: string | undefined) => trainer.request('PUT', base, { event: { ...got.body.event, courseId: courseIdNow }, version: got.body.version });
    expect((await save(otherCourse)).body).toMatchObject({ code: 'EVENT_COURSE_LOCKED', field: 'event.courseId' });
    expect((await save(nowhere)).body).toMatchObject({ code: 'COURSE_NOT_FOUND', field: 'event.courseId' });
    expect((await save(courseId)).status).toBe(200);
    const fresh = await trainer.post(`/api/organisations/${org.orgId}/events`, { event: { ...got.body.event, courseId: nowhere } });
    expect(fresh.body).toMatchObject({ code: 'COURSE_NOT_FOUND', field: 'event.courseId' });

    // Another organisation's trainer may teach or sit the course, but never reads its answer key.
    const other = await trainerOrg();
    const theirs = await other.trainer.get(`/api/organisations/${other.org.orgId}/courses/${courseId}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.test.questions).toHaveLength(4);
    expect(theirs.body.test.questions[0]).toEqual({ id: 'q1', text: QUESTIONS[0]!.text, options: QUESTIONS[0]!.options });
    expect(JSON.stringify(theirs.body)).not.toContain('correct');
    const ours = await trainer.get(`/api/organisations/${org.orgId}/courses/${courseId}`);
    expect(ours.body.test.questions[1].correct).toEqual([0, 1, 3]);
  });

  it('a cancelled training takes no test and issues no certificate; a certificate of a registration cancelled later stays shown, valid and revocable', async () => {
    const { org, trainer } = await trainerOrg();
    const courseId = await createCourseWithTest(trainer, org.orgId);
    const day = today();
    const { eventId, registrations } = await seedEvent(t, { orgId: org.orgId, userId: org.users.trainer!.userId }, { days: [day], courseId, names: ['Sóc Nâu', 'Mây Xám'] });
    const [a, b] = registrations as [(typeof registrations)[0], (typeof registrations)[0]];
    const anyone = publicClient();
    for (const r of [a, b]) {
      await markPresent(t, org.orgId, eventId, r.id, [day]);
      expect((await anyone.post(`/api/public/registrations/${r.code}/test/post`, { answers: RIGHT })).status).toBe(201);
    }
    const base = `/api/organisations/${org.orgId}/events/${eventId}`;
    const issued = await trainer.post(`${base}/certificates`, { kind: 'eligible', lang: 'vi' });
    expect(issued.body.participants.filter((p: { certificate: unknown }) => p.certificate)).toHaveLength(2);

    // The registration is cancelled after the certificate: the certificate stays valid and on the results page.
    expect((await trainer.post(`${base}/registrations/${b.id}/cancel`, {})).status).toBe(200);
    const results = await trainer.get(`${base}/results`);
    const bRow = results.body.participants.find((p: { registrationId: string }) => p.registrationId === b.id);
    expect(bRow).toMatchObject({ name: 'Mây Xám', registrationCancelled: true, certificate: { revoked: false } });
    expect(results.body.participants.find((p: { registrationId: string }) => p.registrationId === a.id)).toMatchObject({ registrationCancelled: false });
    expect((await anyone.get(`/api/public/certificates/${bRow.certificate.code}`)).body.status).toBe('valid');
    expect((await trainer.post(`/api/organisations/${org.orgId}/certificates/${bRow.certificate.id}/revoke`, { reason: 'Đăng ký đã huỷ' })).status).toBe(204);
    expect((await trainer.get(`${base}/results`)).body.participants.map((p: { registrationId: string }) => p.registrationId)).toEqual([a.id]);

    // The event is cancelled: no test, no certificate; revoking still works.
    const { eventId: gone, registrations: goneRegs } = await seedEvent(t, { orgId: org.orgId, userId: org.users.trainer!.userId }, { days: [day], courseId, names: ['Cò Trắng'] });
    const ev = await trainer.get(`/api/organisations/${org.orgId}/events/${gone}`);
    expect((await trainer.post(`/api/organisations/${org.orgId}/events/${gone}/cancel`, { version: ev.body.version })).status).toBe(200);
    const sit = await anyone.post(`/api/public/registrations/${goneRegs[0]!.code}/test/pre`, { answers: HALF });
    expect(sit.status).toBe(409);
    expect(sit.body.code).toBe('TEST_EVENT_CANCELLED');
    expect((await anyone.get(`/api/public/registrations/${goneRegs[0]!.code}/test/pre`)).body.code).toBe('TEST_EVENT_CANCELLED');
    const cert = await trainer.post(`/api/organisations/${org.orgId}/events/${gone}/certificates`, { kind: 'by_hand', registrationId: goneRegs[0]!.id, lang: 'vi', reason: 'Đã học bù đầy đủ' });
    expect(cert.status).toBe(409);
    expect(cert.body.code).toBe('CERTIFICATE_EVENT_CANCELLED');
  });

  it('answers the same 404 to an unknown and a malformed code, and keeps the post-test closed before the first day', async () => {
    const { org, trainer } = await trainerOrg();
    const courseId = await createCourseWithTest(trainer, org.orgId);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const { registrations } = await seedEvent(t, { orgId: org.orgId, userId: org.users.trainer!.userId }, { days: [tomorrow], courseId, names: ['Mây Xám'] });
    const anyone = publicClient();
    const unknown = await anyone.get('/api/public/registrations/ZZZZ-ZZZZ/test/pre');
    const malformed = await anyone.get('/api/public/registrations/not%20a%20code/test/pre');
    expect(unknown.status).toBe(404);
    expect(malformed.body).toEqual(unknown.body);
    expect(unknown.body.code).toBe('TEST_CODE_NOT_FOUND');
    const early = await anyone.post(`/api/public/registrations/${registrations[0]!.code}/test/post`, { answers: RIGHT });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('TEST_POST_NOT_OPEN');
    expect(early.body.message).toContain(tomorrow);
    expect((await anyone.post(`/api/public/registrations/${registrations[0]!.code}/test/pre`, { answers: RIGHT })).status).toBe(201);
  });

  it('shows each training’s improvement, issues certificates by the rule and by hand, revokes, and verification shows only name, course and date', async () => {
    const { org, trainer } = await trainerOrg();
    const courseId = await createCourseWithTest(trainer, org.orgId);
    const day1 = today();
    const { eventId, registrations } = await seedEvent(t, { orgId: org.orgId, userId: org.users.trainer!.userId }, { days: [day1], names: ['Sóc Nâu', 'Mây Xám', 'Cò Trắng'] });
    const [a, b, c] = registrations as [(typeof registrations)[0], (typeof registrations)[0], (typeof registrations)[0]];
    const base = `/api/organisations/${org.orgId}/events/${eventId}`;
    // Linked after the event was made, as a trainer would.
    expect((await trainer.request('PUT', `${base}/course`, { courseId })).status).toBe(204);

    const anyone = publicClient();
    await anyone.post(`/api/public/registrations/${a.code}/test/pre`, { answers: HALF });
    await anyone.post(`/api/public/registrations/${a.code}/test/post`, { answers: RIGHT });
    await anyone.post(`/api/public/registrations/${b.code}/test/pre`, { answers: RIGHT });
    await anyone.post(`/api/public/registrations/${b.code}/test/post`, { answers: HALF });
    await anyone.post(`/api/public/registrations/${c.code}/test/post`, { answers: RIGHT });
    await markPresent(t, org.orgId, eventId, a.id, [day1]);
    await markPresent(t, org.orgId, eventId, b.id, [day1]);

    const results = await trainer.get(`${base}/results`);
    expect(results.status).toBe(200);
    expect(results.body.course).toEqual({ id: courseId, title: 'Phỏng vấn tạo động lực cơ bản' });
    expect(results.body.improvement).toEqual({ paired: 2, preOnly: 0, postOnly: 1, meanChange: 0, medianChange: 0, shareImproved: 0.5 });
    const byName = Object.fromEntries(results.body.participants.map((p: { name: string }) => [p.name, p]));
    expect(byName['Sóc Nâu']).toMatchObject({ eligible: true, gaps: [], pre: { percent: 50 }, post: { percent: 100 }, certificate: null });
    expect(byName['Mây Xám']).toMatchObject({ eligible: false, gaps: [{ kind: 'post_test_below_pass', percent: 50, passPercent: 75 }] });
    expect(byName['Cò Trắng']).toMatchObject({ eligible: false, gaps: [{ kind: 'absent', day: day1 }] });

    const issued = await trainer.post(`${base}/certificates`, { kind: 'eligible', lang: 'vi' });
    expect(issued.status).toBe(200);
    const holders = issued.body.participants.filter((p: { certificate: unknown }) => p.certificate);
    expect(holders.map((p: { name: string }) => p.name)).toEqual(['Sóc Nâu']);
    // Issuing again gives nobody a second certificate.
    const twice = await trainer.post(`${base}/certificates`, { kind: 'eligible', lang: 'vi' });
    expect(twice.body.participants.filter((p: { certificate: unknown }) => p.certificate)).toHaveLength(1);

    expect((await trainer.post(`${base}/certificates`, { kind: 'by_hand', registrationId: c.id, lang: 'en' })).status).toBe(400);
    const byHand = await trainer.post(`${base}/certificates`, { kind: 'by_hand', registrationId: c.id, lang: 'en', reason: 'Vắng vì đi khám, đã học bù' });
    expect(byHand.status).toBe(200);
    const cCert = byHand.body.participants.find((p: { registrationId: string }) => p.registrationId === c.id).certificate;
    expect(cCert).toMatchObject({ lang: 'en', byHandReason: 'Vắng vì đi khám, đã học bù', revoked: false });
    expect((await trainer.post(`${base}/certificates`, { kind: 'by_hand', registrationId: c.id, lang: 'en', reason: 'Lần nữa cho chắc' })).body.code).toBe('CERTIFICATE_ALREADY_ISSUED');

    const aCert = holders[0].certificate;
    expect(aCert.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    const verified = await anyone.get(`/api/public/certificates/${aCert.code}`);
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ status: 'valid', nameOnCertificate: 'Sóc Nâu', course: 'Phỏng vấn tạo động lực cơ bản', date: day1 });
    // Typed as people type it.
    expect((await anyone.get(`/api/public/certificates/${encodeURIComponent(aCert.code.toLowerCase().replace(/-/g, ' '))}`)).body.status).toBe('valid');

    // A slip of one character is caught by the check character; an unknown valid code is not found.
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const first = aCert.code[0];
    const slipped = alphabet[(alphabet.indexOf(first) + 1) % 32] + aCert.code.slice(1);
    const typo = await anyone.get(`/api/public/certificates/${slipped}`);
    expect(typo.status).toBe(400);
    expect(typo.body.code).toBe('CERTIFICATE_CODE_TYPO');
    expect((await anyone.get('/api/public/certificates/0000-0000-0')).body.code).toBe('CERTIFICATE_NOT_FOUND');
    expect((await anyone.get('/api/public/certificates/hello')).body.code).toBe('CERTIFICATE_NOT_A_CODE');

    // The holder fetches their certificate by registration code; the trainer by its id.
    const own = await anyone.get(`/api/public/registrations/${a.code}/certificate`);
    expect(own.body).toMatchObject({ code: aCert.code, nameOnCertificate: 'Sóc Nâu', title: 'Phỏng vấn tạo động lực cơ bản', days: [day1], organisers: ['Nhóm Thử Nghiệm'], lang: 'vi', revoked: false });
    expect((await anyone.get(`/api/public/registrations/${b.code}/certificate`)).body.code).toBe('CERTIFICATE_NOT_ISSUED');
    expect((await trainer.get(`/api/organisations/${org.orgId}/certificates/${aCert.id}`)).body.code).toBe(aCert.code);

    expect((await trainer.post(`/api/organisations/${org.orgId}/certificates/${aCert.id}/revoke`, { reason: 'Cấp nhầm người' })).status).toBe(204);
    expect((await trainer.post(`/api/organisations/${org.orgId}/certificates/${aCert.id}/revoke`, { reason: 'Cấp nhầm người' })).body.code).toBe('CERTIFICATE_ALREADY_REVOKED');
    expect((await anyone.get(`/api/public/certificates/${aCert.code}`)).body).toEqual({ status: 'revoked' });
    // The reasons are free text about a person: sealed at rest like the name.
    const reasons = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('certificates').select(['id', 'by_hand_reason', 'revoke_reason']).where('id', 'in', [aCert.id, cCert.id]).execute());
    const sealed = Object.fromEntries(reasons.map((r) => [r.id, r]));
    expect(sealed[cCert.id]!.by_hand_reason).toMatch(/^v1:/);
    expect(sealed[aCert.id]!.revoke_reason).toMatch(/^v1:/);
    expect(JSON.stringify(reasons)).not.toMatch(/khám|nhầm/);
    expect(t.ctx.crypto.decrypt(sealed[aCert.id]!.revoke_reason!)).toBe('Cấp nhầm người');

    // Another organisation's trainer can neither issue, revoke nor read them.
    const other = await trainerOrg();
    expect((await other.trainer.post(`/api/organisations/${other.org.orgId}/certificates/${cCert.id}/revoke`, { reason: 'Không phải của tôi' })).status).toBe(404);
    expect((await other.trainer.get(`/api/organisations/${other.org.orgId}/events/${eventId}/results`)).status).toBe(404);
    expect((await other.trainer.post(`/api/organisations/${other.org.orgId}/events/${eventId}/certificates`, { kind: 'eligible', lang: 'vi' })).status).toBe(404);

    // Sealed at rest: the name never sits in the table in clear.
    const stored = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('certificates').selectAll().where('event_id', '=', eventId).execute());
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      expect(row.name_enc).toMatch(/^v1:/);
      expect(JSON.stringify(row)).not.toMatch(/Sóc Nâu|Cò Trắng/);
    }

    const actions = (await audit(org.orgId)).map((x) => x.action);
    for (const action of ['event.course_link', 'event_results.read', 'certificate.issue', 'certificate.issue_by_hand', 'certificate.verify', 'certificate.read_by_holder', 'certificate.read', 'certificate.revoke']) expect(actions).toContain(action);
  });

  it('limits a connection that keeps guessing codes', async () => {
    const anyone = publicClient();
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await anyone.get(`/api/public/certificates/0000-000${i % 10}-Z`)).status;
    expect(last).toBe(429);
    const blocked = await anyone.get('/api/public/certificates/0000-0000-0');
    expect(blocked.body.code).toBe('COURSES_TOO_MANY_TRIES');
  });
});

describe.each(testDialects())('courses logs on %s', (dialect) => {
  const lines: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  let t: TestApp;
  beforeAll(async () => {
    // The most talkative level: no code and no name may appear at any level.
    t = await startTestApp(dialect, {}, { logger: { ...(loggerOptions('trace') as object), stream: capture } });
  });
  afterAll(async () => t?.close());

  it('never carry a registration code, a certificate code or the name on a certificate', async () => {
    const org = await seedOrg(t, 'community_organisation', ['trainer']);
    const trainer = await loggedIn(t, org, 'trainer');
    const courseId = await createCourseWithTest(trainer, org.orgId);
    const { eventId, registrations } = await seedEvent(t, { orgId: org.orgId, userId: org.users.trainer!.userId }, { days: [today()], courseId, names: ['Sóc Nâu Lông Xù'] });
    const code = registrations[0]!.code;
    const anyone = new Client(t.baseUrl, 'vi');
    await anyone.get(`/api/public/registrations/${code}/test/post`);
    await anyone.post(`/api/public/registrations/${code}/test/post`, { answers: RIGHT });
    await anyone.post(`/api/public/registrations/${code}/test/post`, { answers: RIGHT });
    await markPresent(t, org.orgId, eventId, registrations[0]!.id, [today()]);
    const issued = await trainer.post(`/api/organisations/${org.orgId}/events/${eventId}/certificates`, { kind: 'eligible', lang: 'vi' });
    const cert = issued.body.participants[0].certificate.code as string;
    await anyone.get(`/api/public/registrations/${code}/certificate`);
    await anyone.get(`/api/public/certificates/${cert}`);
    await anyone.get(`/api/public/certificates/${cert.slice(0, -1)}${cert.at(-1) === 'A' ? 'B' : 'A'}`);
    await anyone.get('/api/public/registrations/QQQQ-QQQQ/test/pre');
    const text = lines.join('');
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [code, code.replace('-', ''), cert, 'QQQQ-QQQQ', 'Sóc Nâu Lông Xù', encodeURIComponent('Sóc Nâu Lông Xù')]) expect(text).not.toContain(secret);
  });
});
