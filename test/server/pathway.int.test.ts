import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.ts';
import { RUBRIC } from '../../src/core/training/pathway.ts';
import { verifyAudit } from '../../src/server/audit/log.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { runSealSteps } from '../../src/server/db/seal-steps.ts';
import { sealObservedSessionDescriptions } from '../../src/server/groups/seal-free-text.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { Client, loggedIn, seedOrg, startTestApp, TEST_PASSWORD, uniqueName, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

const scores = (n: number) => Object.fromEntries(RUBRIC.map((r) => [r.id, n]));
const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
const none = { coursesRequired: [] as string[], minCoFacilitatedSessions: 0, observedSession: null };

describe.each(testDialects())('the train-the-trainer pathway, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const system = <T>(work: Parameters<typeof asSystem<T>>[1]) => asSystem(t.ctx.db.kysely, work);

  /** An organisation with an admin, a trainer, a manager and two field workers (peer educators). */
  async function team(): Promise<{ org: SeededOrg; admin: Client; trainer: Client; manager: Client; worker: Client; peerId: string; peer: Client }> {
    const org = await seedOrg(t, 'community_organisation', ['admin', 'trainer', 'manager', 'fieldworker']);
    const peerName = uniqueName('peer').toLowerCase();
    const peerId = await system((tx) => insertUser(tx, t.ctx.crypto, { username: peerName, displayName: 'Bạn Đồng Đẳng Hoa', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'fieldworker' }] }));
    const peer = new Client(t.baseUrl);
    await peer.login(peerName, TEST_PASSWORD);
    return { org, admin: await loggedIn(t, org, 'admin'), trainer: await loggedIn(t, org, 'trainer'), manager: await loggedIn(t, org, 'manager'), worker: await loggedIn(t, org, 'fieldworker'), peerId, peer };
  }

  const certify = (orgId: string, userId: string) =>
    system((tx) => tx.insertInto('pathway_stages').values({ org_id: orgId, user_id: userId, stage: 'certified_trainer', since: new Date() }).onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet({ stage: 'certified_trainer' })).execute());

  async function course(orgId: string, by: string, title: string): Promise<string> {
    const id = newId();
    await system((tx) => sql`insert into courses (id, org_id, title, modules, details, created_by, updated_by) values (${id}, ${orgId}, ${title}, ${['motivational_interviewing']}, ${JSON.stringify({})}::jsonb, ${by}, ${by})`.execute(tx));
    return id;
  }

  /** Columns the events capability may have added while being written (0008), filled when present. */
  async function extraColumns(table: string, values: Record<string, string>) {
    const { rows } = await system((tx) => sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = ${table}`.execute(tx));
    const present = Object.entries(values).filter(([c]) => rows.some((r) => r.column_name === c));
    return { names: sql.raw(present.map(([c]) => `, ${c}`).join('')), values: present.length ? sql`, ${sql.join(present.map(([, v]) => v))}` : sql`` };
  }

  async function event(orgId: string, by: string, title: string, status: 'draft' | 'published' = 'published'): Promise<string> {
    const id = newId();
    const extra = await extraColumns('events', { time_zone: 'Asia/Ho_Chi_Minh' });
    await system((tx) =>
      sql`insert into events (id, org_id, status, title, kind, mode, first_day, last_day, details, created_by, updated_by${extra.names})
          values (${id}, ${orgId}, ${status}, ${title}, 'training_course', 'in_person', '2026-10-05', '2026-10-06', ${JSON.stringify({})}::jsonb, ${by}, ${by}${extra.values})`.execute(tx),
    );
    return id;
  }

  /** A certificate of `courseId` for the person, issued by `orgId` after an event of its own (by the rule, or by hand with a reason). */
  async function certificate(orgId: string, by: string, userId: string, courseId: string, revoked = false, byHandReason: string | null = null): Promise<void> {
    const eventId = await event(orgId, by, 'Khóa học');
    const registrationId = newId();
    const extra = await extraColumns('event_registrations', { consent_version: '1' });
    await system(async (tx) => {
      await sql`insert into event_registrations (id, org_id, event_id, code, name_enc, details_enc, user_id, via${extra.names})
                values (${registrationId}, ${orgId}, ${eventId}, ${newId().slice(-8).toUpperCase()}, ${t.ctx.crypto.encrypt('Hoa')}, ${t.ctx.crypto.encrypt('{}')}, ${userId}, 'desk'${extra.values})`.execute(tx);
      await sql`insert into certificates (id, org_id, code, event_id, registration_id, course_id, title, name_enc, lang, issued_on, issued_by, by_hand_reason, revoked_at, revoked_by, revoke_reason)
                values (${newId()}, ${orgId}, ${newId().slice(-10)}, ${eventId}, ${registrationId}, ${courseId}, 'Khóa học', ${t.ctx.crypto.encrypt('Hoa')}, 'vi', '2026-10-06', ${by}, ${byHandReason},
                        ${revoked ? new Date() : null}, ${revoked ? by : null}, ${revoked ? 'Cấp nhầm' : null})`.execute(tx);
    });
  }

  const uuidArray = (ids: readonly string[]) => sql.raw(`array[${ids.map((f) => `'${f}'::uuid`).join(',')}]::uuid[]`);

  /**
   * A group session of the organisation facilitated by these people, in a group of its own whose
   * listed facilitators are `groupFacilitators` (by default the session's).
   */
  async function groupSession(orgId: string, by: string, facilitators: string[], groupFacilitators: string[] = facilitators): Promise<string> {
    const id = newId();
    await system(async (tx) => {
      const site = newId();
      const group = newId();
      await sql`insert into sites (id, org_id, name, kind, province_id) values (${site}, ${orgId}, ${uniqueName('Điểm')}, 'drop_in_centre', 'ha-noi')`.execute(tx);
      await sql`insert into groups (id, org_id, name, kind, site_id, facilitator_ids, schedule, created_by, version)
                values (${group}, ${orgId}, ${uniqueName('Nhóm')}, 'contemplation', ${site}, ${uuidArray(groupFacilitators)}, ${JSON.stringify({ kind: 'once' })}::jsonb, ${by}, 1)`.execute(tx);
      const ids = uuidArray(facilitators);
      await sql`insert into group_sessions (id, org_id, group_id, at, topic_enc, facilitator_ids, anonymous_count, materials, recorded_by, version)
                values (${id}, ${orgId}, ${group}, ${at(3)}, ${t.ctx.crypto.encrypt('Cân nhắc thay đổi')}, ${ids}, 0, ${JSON.stringify([])}::jsonb, ${by}, 1)`.execute(tx);
    });
    return id;
  }

  const audit = (orgId: string) => system((tx) => tx.selectFrom('audit_log').select(['action', 'entity', 'actor_user_id']).where('org_id', '=', orgId).where('action', 'like', 'pathway.%').orderBy('seq').execute());

  it('admins read the defaults and set requirements; out-of-range values and unknown courses are refused with the pathway’s messages', async () => {
    const { org, admin, trainer } = await team();
    const base = `/api/organisations/${org.orgId}/pathway/requirements`;
    const first = await admin.get(base);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: null, requirements: { certified_trainer: { observedSession: { minMeanScore: 4 } } } });
    expect((await trainer.get(base)).status).toBe(403);

    const mi = await course(org.orgId, org.users.admin!.userId, 'Phỏng vấn tạo động lực');
    const good = { trainer_candidate: { ...none, coursesRequired: [mi] }, co_facilitator: { ...none, minCoFacilitatedSessions: 2 }, certified_trainer: { ...none, minCoFacilitatedSessions: 3, observedSession: { minMeanScore: 3.5 } } };

    const vi = new Client(t.baseUrl, 'vi');
    await vi.login(org.users.admin!.username, TEST_PASSWORD);
    const tooHigh = await vi.request('PUT', base, { version: null, requirements: { ...good, certified_trainer: { ...good.certified_trainer, observedSession: { minMeanScore: 6 } } } });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body).toMatchObject({ code: 'PATHWAY_SCORE_RANGE', field: 'requirements.certified_trainer.observedSession.minMeanScore' });
    expect(tooHigh.body.message).toBe('Điểm trung bình tối thiểu phải từ 1 đến 5, theo thang của bảng tiêu chí.');
    const negative = await admin.request('PUT', base, { version: null, requirements: { ...good, co_facilitator: { ...none, minCoFacilitatedSessions: -1 } } });
    expect(negative.body).toMatchObject({ code: 'PATHWAY_SESSIONS_RANGE', field: 'requirements.co_facilitator.minCoFacilitatedSessions' });
    expect(negative.body.message).toMatch(/whole number from 0 to 1000/);
    const twice = await admin.request('PUT', base, { version: null, requirements: { ...good, trainer_candidate: { ...none, coursesRequired: [mi, mi] } } });
    expect(twice.body).toMatchObject({ code: 'PATHWAY_COURSES_INVALID', field: 'requirements.trainer_candidate.coursesRequired' });
    const unknown = await admin.request('PUT', base, { version: null, requirements: { ...good, co_facilitator: { ...none, coursesRequired: [newId()] } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'PATHWAY_COURSE_UNKNOWN', field: 'requirements.co_facilitator.coursesRequired' });
    const stray = await admin.request('PUT', base, { version: null, requirements: good, extra: 1 });
    expect(stray.body.code).toBe('VALIDATION');

    const saved = await admin.request('PUT', base, { version: null, requirements: good });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, requirements: good, updatedByName: org.users.admin!.username });
    expect(saved.body.courses).toEqual(expect.arrayContaining([expect.objectContaining({ id: mi, title: 'Phỏng vấn tạo động lực' })]));
    // Someone else's save in between (this one was based on "never saved") is refused, nothing half-written.
    const stale = await admin.request('PUT', base, { version: null, requirements: { ...good, co_facilitator: none } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('PATHWAY_REQUIREMENTS_CHANGED');
    expect((await admin.request('PUT', base, { version: 1, requirements: { ...good, co_facilitator: none } })).body.version).toBe(2);
    expect((await admin.get(base)).body.requirements.co_facilitator).toEqual(none);
    expect((await audit(org.orgId)).map((a) => a.action)).toEqual(['pathway.requirements.set', 'pathway.requirements.set']);
  });

  it('counts courses from certificates that are not revoked, co-facilitated group sessions (not one facilitated alone), and recorded co-facilitations at events', async () => {
    const { org, admin, trainer, peerId } = await team();
    const adminId = org.users.admin!.userId;
    const hub = await seedOrg(t, 'network_hub', ['admin']);
    const mi = await course(hub.orgId, hub.users.admin!.userId, 'Phỏng vấn tạo động lực');
    const mhfa = await course(org.orgId, adminId, 'Sơ cứu sức khỏe tâm thần');
    const requirements = { trainer_candidate: { ...none, coursesRequired: [mi, mhfa], minCoFacilitatedSessions: 3 }, co_facilitator: none, certified_trainer: none };
    const put = await admin.request('PUT', `/api/organisations/${org.orgId}/pathway/requirements`, { version: null, requirements });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    // A course held by the network hub counts for a member organisation's worker; a revoked certificate does not.
    await certificate(hub.orgId, hub.users.admin!.userId, peerId, mi);
    await certificate(org.orgId, adminId, peerId, mhfa, true);
    await groupSession(org.orgId, adminId, [peerId, org.users.trainer!.userId]);
    await groupSession(org.orgId, adminId, [peerId]);
    await groupSession(org.orgId, adminId, [peerId, peerId]);
    const workshop = await event(org.orgId, adminId, 'Hội thảo giảm hại');
    const rec = await trainer.post(`/api/organisations/${org.orgId}/pathway/people/${peerId}/co-facilitations`, { eventId: workshop, note: 'Dẫn phần đóng vai' });
    expect(rec.status).toBe(201);
    const again = await trainer.post(`/api/organisations/${org.orgId}/pathway/people/${peerId}/co-facilitations`, { eventId: workshop });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PATHWAY_CO_FACILITATION_RECORDED');
    const self = await trainer.post(`/api/organisations/${org.orgId}/pathway/people/${org.users.trainer!.userId}/co-facilitations`, { eventId: workshop });
    expect(self.body.code).toBe('PATHWAY_SELF_RECORD');
    const nowhere = await trainer.post(`/api/organisations/${org.orgId}/pathway/people/${peerId}/co-facilitations`, { eventId: newId() });
    expect(nowhere.body).toMatchObject({ code: 'PATHWAY_EVENT_NOT_FOUND', field: 'eventId' });

    const list = await trainer.get(`/api/organisations/${org.orgId}/pathway/people`);
    expect(list.status).toBe(200);
    const peer = list.body.find((p: { userId: string }) => p.userId === peerId);
    expect(peer).toMatchObject({ name: 'Bạn Đồng Đẳng Hoa', stage: 'participant', nextStage: 'trainer_candidate', missingCount: 2 });
    expect(peer.requirements).toEqual([
      { kind: 'course', met: true, courseId: mi, courseTitle: 'Phỏng vấn tạo động lực' },
      { kind: 'course', met: false, courseId: mhfa, courseTitle: 'Sơ cứu sức khỏe tâm thần' },
      { kind: 'co_facilitated_sessions', met: false, required: 3, have: 2 },
    ]);
    const detail = await trainer.get(`/api/organisations/${org.orgId}/pathway/people/${peerId}`);
    expect(detail.body.coursesCompleted).toEqual([expect.objectContaining({ courseId: mi, title: 'Phỏng vấn tạo động lực' })]);
    expect(detail.body.coFacilitations.map((c: { kind: string }) => c.kind).sort()).toEqual(['event', 'group_session']);
    expect(detail.body.promotion).toMatchObject({ to: 'trainer_candidate', allowed: false });
    expect(detail.body.promotion.reasons.map((r: { code: string }) => r.code)).toEqual(['PATHWAY_APPROVER_NOT_ALLOWED', 'PATHWAY_COURSE_MISSING', 'PATHWAY_SESSIONS_MISSING']);
    expect(detail.body.promotion.reasons[1].message).toBe(
      'The course "Sơ cứu sức khỏe tâm thần" is not completed yet (a certificate is needed that is not revoked, was issued by the rule rather than by hand, and comes from this organisation, the course’s organisation or the network hub).',
    );

    // Evaluators are not on the team's pathway; the manager and everyone else is.
    expect(list.body.map((p: { userId: string }) => p.userId).sort()).toEqual([peerId, ...['admin', 'trainer', 'manager', 'fieldworker'].map((r) => org.users[r]!.userId)].sort());
    expect((await audit(org.orgId)).map((a) => a.action)).toContain('pathway.co_facilitation');
  });

  it('counts an observation only when the observer was a certified trainer; refuses a promotion with every reason, self-approval and skipping, then allows it', async () => {
    const { org, admin, trainer, manager, peerId, peer } = await team();
    const trainerId = org.users.trainer!.userId;
    const requirements = { trainer_candidate: none, co_facilitator: none, certified_trainer: { ...none, minCoFacilitatedSessions: 1, observedSession: { minMeanScore: 4 } } };
    await admin.request('PUT', `/api/organisations/${org.orgId}/pathway/requirements`, { version: null, requirements });
    const base = `/api/organisations/${org.orgId}/pathway/people/${peerId}`;

    // The trainer role alone does not make one a certified trainer: their observation is kept but does not count.
    const early = await trainer.post(`${base}/observations`, { scores: scores(5), at: at(2), sessionDescription: 'Buổi nhóm cân nhắc ở Long Biên', note: 'Đặt câu hỏi mở tốt' });
    expect(early.status).toBe(201);
    await certify(org.orgId, trainerId);
    const low = await trainer.post(`${base}/observations`, { scores: scores(3), at: at(1), sessionDescription: 'Buổi thứ hai' });
    expect(low.status).toBe(201);
    const noSession = await trainer.post(`${base}/observations`, { scores: scores(4), at: at(1) });
    expect(noSession.status).toBe(400);
    const later = await trainer.post(`${base}/observations`, { scores: scores(4), at: at(-3), sessionDescription: 'Buổi tuần sau' });
    expect(later.body).toMatchObject({ code: 'PATHWAY_OBSERVED_LATER', field: 'at' });
    const ghostEvent = await trainer.post(`${base}/observations`, { scores: scores(4), at: at(1), eventId: newId() });
    expect(ghostEvent.body.code).toBe('PATHWAY_EVENT_NOT_FOUND');
    expect((await trainer.post(`/api/organisations/${org.orgId}/pathway/people/${trainerId}/observations`, { scores: scores(5), at: at(1), sessionDescription: 'x' })).body.code).toBe('PATHWAY_SELF_RECORD');

    const promote = (c: Client, from: string, to: string) => c.post(`${base}/promotions`, { from, to });
    // Skipping a stage, and an approver who is neither certified nor an admin (the manager has no pathway.assess at all).
    const skip = await promote(admin, 'participant', 'co_facilitator');
    expect(skip.status).toBe(409);
    expect(skip.body.reasons.map((r: { code: string }) => r.code)).toEqual(['PATHWAY_SKIPS_A_STAGE']);
    expect((await promote(manager, 'participant', 'trainer_candidate')).status).toBe(403);
    expect((await promote(admin, 'participant', 'trainer_candidate')).status).toBe(200);
    const second = await promote(trainer, 'trainer_candidate', 'co_facilitator');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ stage: 'co_facilitator', nextStage: 'certified_trainer' });

    // Now everything stands in the way at once: no co-facilitated session, the best counting observation is 3.
    const refused = await promote(trainer, 'co_facilitator', 'certified_trainer');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PATHWAY_PROMOTION_REFUSED');
    expect(refused.body.reasons).toEqual([
      { code: 'PATHWAY_SESSIONS_MISSING', message: '1 co-facilitated sessions are needed; there are 0 so far.' },
      { code: 'PATHWAY_OBSERVATION_TOO_LOW', message: 'The best observed session has a mean score of 3; at least 4 is needed.' },
    ]);
    expect(refused.body.message).toContain('1 co-facilitated sessions are needed');
    const detail = await trainer.get(base);
    expect(detail.body.observations.map((o: { counts: boolean; meanScore: number; observerWasCertified: boolean }) => [o.counts, o.meanScore, o.observerWasCertified])).toEqual([
      [true, 3, true],
      [false, 5, false],
    ]);
    expect(detail.body.observations[1].note).toBe('Đặt câu hỏi mở tốt');

    // The person cannot approve themselves even once they could assess (a certified admin elsewhere would still be refused).
    await system((tx) => tx.insertInto('memberships').values({ user_id: peerId, org_id: org.orgId, role: 'trainer' }).execute());
    await peer.login((await system((tx) => tx.selectFrom('users').select('username').where('id', '=', peerId).executeTakeFirstOrThrow())).username, TEST_PASSWORD);
    const selfApproval = await peer.post(`${base}/promotions`, { from: 'co_facilitator', to: 'certified_trainer' });
    expect(selfApproval.body.reasons.map((r: { code: string }) => r.code)).toEqual(['PATHWAY_APPROVER_NOT_ALLOWED', 'PATHWAY_SELF_APPROVAL', 'PATHWAY_SESSIONS_MISSING', 'PATHWAY_OBSERVATION_TOO_LOW']);

    await groupSession(org.orgId, trainerId, [peerId, trainerId]);
    await trainer.post(`${base}/observations`, { scores: { ...scores(4), [RUBRIC[0].id]: 5 }, at: at(0), sessionDescription: 'Buổi tập huấn cho nhóm mới' });
    const allowed = await promote(trainer, 'co_facilitator', 'certified_trainer');
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ stage: 'certified_trainer', nextStage: null, promotion: { to: null, allowed: false } });
    expect(allowed.body.promotions.map((p: { from: string; to: string; approvedBy: string }) => [p.from, p.to, p.approvedBy])).toEqual([
      ['co_facilitator', 'certified_trainer', trainerId],
      ['trainer_candidate', 'co_facilitator', trainerId],
      ['participant', 'trainer_candidate', org.users.admin!.userId],
    ]);
    const top = await promote(admin, 'certified_trainer', 'certified_trainer');
    expect(top.body.reasons.map((r: { code: string }) => r.code)).toEqual(['PATHWAY_ALREADY_AT_TOP']);
    const stale = await promote(admin, 'co_facilitator', 'certified_trainer');
    expect(stale.body.code).toBe('PATHWAY_STAGE_CHANGED');

    // The person reads their own page, with no promotion button.
    const mine = await peer.get(`/api/organisations/${org.orgId}/pathway/me`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ userId: peerId, stage: 'certified_trainer', promotion: null });
    expect(mine.body.promotions).toHaveLength(3);

    const rows = await audit(org.orgId);
    expect(rows.filter((a) => a.action === 'pathway.promote').map((a) => a.actor_user_id)).toEqual([org.users.admin!.userId, trainerId, trainerId]);
    expect(rows.filter((a) => a.action === 'pathway.observe')).toHaveLength(3);
    const stored = await system((tx) => tx.selectFrom('pathway_observations').select('note_enc').where('user_id', '=', peerId).where('note_enc', 'is not', null).executeTakeFirstOrThrow());
    expect(stored.note_enc).toMatch(/^v1:/);
    expect((await system((tx) => verifyAudit(tx))).firstBreak).toBeNull();
  });

  it('lets only one of two racing promotions through', async () => {
    const { org, admin, trainer, peerId } = await team();
    await certify(org.orgId, org.users.trainer!.userId);
    await admin.request('PUT', `/api/organisations/${org.orgId}/pathway/requirements`, { version: null, requirements: { trainer_candidate: none, co_facilitator: none, certified_trainer: none } });
    const url = `/api/organisations/${org.orgId}/pathway/people/${peerId}/promotions`;
    const results = await Promise.all([admin.post(url, { from: 'participant', to: 'trainer_candidate' }), trainer.post(url, { from: 'participant', to: 'trainer_candidate' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('PATHWAY_STAGE_CHANGED');
    const promotions = await system((tx) => tx.selectFrom('pathway_promotions').selectAll().where('user_id', '=', peerId).execute());
    expect(promotions).toHaveLength(1);
    expect((await audit(org.orgId)).filter((a) => a.action === 'pathway.promote')).toHaveLength(1);
  });

  it('keeps organisations apart: another organisation’s trainer and strangers are refused', async () => {
    const { org, peerId } = await team();
    const other = await seedOrg(t, 'community_organisation', ['trainer', 'admin', 'evaluator']);
    const outsider = await loggedIn(t, other, 'trainer');
    await certify(other.orgId, other.users.trainer!.userId);
    const base = `/api/organisations/${org.orgId}/pathway`;
    expect((await outsider.get(`${base}/people`)).status).toBe(403);
    expect((await outsider.get(`${base}/people/${peerId}`)).status).toBe(403);
    expect((await outsider.post(`${base}/people/${peerId}/promotions`, { from: 'participant', to: 'trainer_candidate' })).status).toBe(403);
    expect((await outsider.post(`${base}/people/${peerId}/observations`, { scores: scores(5), at: at(0), sessionDescription: 'x' })).status).toBe(403);
    expect((await outsider.get(`${base}/me`)).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    // Someone of the other organisation is not on this one's pathway, even asked for by its own trainer.
    const own = await loggedIn(t, other, 'trainer');
    expect((await own.get(`/api/organisations/${other.orgId}/pathway/people/${peerId}`)).body.code).toBe('PATHWAY_PERSON_NOT_FOUND');
    // An evaluator looks at figures from outside the team: not on the pathway.
    const evaluator = await loggedIn(t, other, 'evaluator');
    expect((await evaluator.get(`/api/organisations/${other.orgId}/pathway/me`)).status).toBe(404);
    expect((await audit(org.orgId))).toEqual([]);
  });

  /** An account of `org` also given `role` in `orgId`, logged in. */
  async function alsoIn(org: SeededOrg, role: string, orgId: string, as: 'trainer' | 'admin' = 'trainer'): Promise<Client> {
    await system((tx) => tx.insertInto('memberships').values({ user_id: org.users[role]!.userId, org_id: orgId, role: as }).execute());
    return loggedIn(t, org, role);
  }

  const orgName = (orgId: string) => system((tx) => tx.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow()).then((r) => r.name);

  it('counts an observer or approver as certified only when certified in the same organisation or in the network hub', async () => {
    const { org, admin, peerId } = await team();
    await admin.request('PUT', `/api/organisations/${org.orgId}/pathway/requirements`, {
      version: null,
      requirements: { trainer_candidate: { ...none, observedSession: { minMeanScore: 4 } }, co_facilitator: none, certified_trainer: none },
    });
    const base = `/api/organisations/${org.orgId}/pathway/people/${peerId}`;

    // A small organisation's admin empties its requirements and certifies a colleague through the API.
    const small = await seedOrg(t, 'community_organisation', ['admin', 'trainer']);
    const smallAdmin = await loggedIn(t, small, 'admin');
    expect((await smallAdmin.request('PUT', `/api/organisations/${small.orgId}/pathway/requirements`, { version: null, requirements: { trainer_candidate: none, co_facilitator: none, certified_trainer: none } })).status).toBe(200);
    const colleague = `/api/organisations/${small.orgId}/pathway/people/${small.users.trainer!.userId}/promotions`;
    for (const [from, to] of [['participant', 'trainer_candidate'], ['trainer_candidate', 'co_facilitator'], ['co_facilitator', 'certified_trainer']]) {
      expect((await smallAdmin.post(colleague, { from, to })).status).toBe(200);
    }
    // That colleague, given a trainer's role here, is not a certified trainer here.
    const elsewhere = await alsoIn(small, 'trainer', org.orgId);
    expect((await elsewhere.post(`${base}/observations`, { scores: scores(5), at: at(1), sessionDescription: 'Buổi nhóm ở Cầu Giấy' })).status).toBe(201);
    const seen = await elsewhere.get(base);
    expect(seen.body.observations.map((o: { counts: boolean; observerWasCertified: boolean }) => [o.counts, o.observerWasCertified])).toEqual([[false, false]]);
    expect(seen.body.promotion).toMatchObject({ to: 'trainer_candidate', allowed: false });
    expect(seen.body.promotion.reasons.map((r: { code: string }) => r.code)).toEqual(['PATHWAY_APPROVER_NOT_ALLOWED', 'PATHWAY_OBSERVATION_MISSING']);
    const refused = await elsewhere.post(`${base}/promotions`, { from: 'participant', to: 'trainer_candidate' });
    expect(refused.status).toBe(409);
    expect(refused.body.reasons.map((r: { code: string }) => r.code)).toEqual(['PATHWAY_APPROVER_NOT_ALLOWED', 'PATHWAY_OBSERVATION_MISSING']);

    // A certified trainer of the hub, given a trainer's role here, observes and approves.
    const hub = await seedOrg(t, 'network_hub', ['trainer']);
    await certify(hub.orgId, hub.users.trainer!.userId);
    const master = await alsoIn(hub, 'trainer', org.orgId);
    expect((await master.post(`${base}/observations`, { scores: scores(4), at: at(0), sessionDescription: 'Buổi tập huấn ở Đống Đa' })).status).toBe(201);
    const promoted = await master.post(`${base}/promotions`, { from: 'participant', to: 'trainer_candidate' });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
    expect(promoted.body.observations.map((o: { counts: boolean; observerId: string }) => [o.observerId, o.counts])).toEqual([
      [hub.users.trainer!.userId, true],
      [small.users.trainer!.userId, false],
    ]);
  });

  it('counts only certificates issued by the rule, and by this organisation, the course’s organisation or the hub; names the issuer', async () => {
    const { org, admin, trainer, peerId } = await team();
    const adminId = org.users.admin!.userId;
    const hub = await seedOrg(t, 'network_hub', ['admin']);
    const stranger = await seedOrg(t, 'community_organisation', ['trainer']);
    const owner = await seedOrg(t, 'community_organisation', ['trainer']);
    const hubBy = hub.users.admin!.userId;
    const strangerBy = stranger.users.trainer!.userId;
    const ownerBy = owner.users.trainer!.userId;
    const hubCourse = await course(hub.orgId, hubBy, 'Phỏng vấn tạo động lực');
    const ownCourse = await course(org.orgId, adminId, 'Sơ cứu sức khỏe tâm thần');
    const ownersCourse = await course(owner.orgId, ownerBy, 'Điều phối nhóm cân nhắc');
    const another = await course(owner.orgId, ownerBy, 'Tài liệu truyền thông');
    const fromHere = await course(hub.orgId, hubBy, 'Tiếp cận cộng đồng');
    const wanted = [hubCourse, ownCourse, ownersCourse, another, fromHere];
    expect((await admin.request('PUT', `/api/organisations/${org.orgId}/pathway/requirements`, { version: null, requirements: { trainer_candidate: { ...none, coursesRequired: wanted }, co_facilitator: none, certified_trainer: none } })).status).toBe(200);

    // Not counted: a stranger organisation's certificate of the hub's course (it registered the
    // person and linked the account itself), and this organisation's own certificate given by hand.
    await certificate(stranger.orgId, strangerBy, peerId, hubCourse);
    await certificate(org.orgId, adminId, peerId, ownCourse, false, 'Học bù ngoài lớp');
    // Counted: the course's own organisation, the hub for someone else's course, this organisation for the hub's course.
    await certificate(owner.orgId, ownerBy, peerId, ownersCourse);
    await certificate(hub.orgId, hubBy, peerId, another);
    await certificate(org.orgId, adminId, peerId, fromHere);
    // By hand by the course's owner does not count either.
    await certificate(owner.orgId, ownerBy, peerId, ownersCourse, false, 'Cấp bù');

    const detail = await trainer.get(`/api/organisations/${org.orgId}/pathway/people/${peerId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.requirements.map((r: { courseId: string; met: boolean }) => [r.courseId, r.met]).sort()).toEqual(
      [
        [hubCourse, false],
        [ownCourse, false],
        [ownersCourse, true],
        [another, true],
        [fromHere, true],
      ].sort(),
    );
    const issued = detail.body.coursesCompleted.map((c: { courseId: string; issuedByOrgId: string; issuedByOrgName: string }) => [c.courseId, c.issuedByOrgId, c.issuedByOrgName]);
    expect(issued.sort()).toEqual(
      [
        [ownersCourse, owner.orgId, await orgName(owner.orgId)],
        [another, hub.orgId, await orgName(hub.orgId)],
        [fromHere, org.orgId, await orgName(org.orgId)],
      ].sort(),
    );
    const refused = await admin.post(`/api/organisations/${org.orgId}/pathway/people/${peerId}/promotions`, { from: 'participant', to: 'trainer_candidate' });
    expect(refused.status).toBe(409);
    expect(refused.body.reasons.map((r: { code: string }) => r.code)).toEqual(['PATHWAY_COURSE_MISSING', 'PATHWAY_COURSE_MISSING']);
  });

  it('counts a co-facilitated group session only in a group that lists the person among its facilitators', async () => {
    const { org, admin, peerId } = await team();
    const adminId = org.users.admin!.userId;
    const trainerId = org.users.trainer!.userId;
    const workerId = org.users.fieldworker!.userId;
    await admin.request('PUT', `/api/organisations/${org.orgId}/pathway/requirements`, { version: null, requirements: { trainer_candidate: { ...none, minCoFacilitatedSessions: 5 }, co_facilitator: none, certified_trainer: none } });

    // The peer facilitates a group with the trainer, who is not one of that group's facilitators.
    await groupSession(org.orgId, peerId, [peerId, trainerId], [peerId]);
    // A field worker syncs a session naming themselves and a colleague in a group that lists neither.
    await groupSession(org.orgId, workerId, [workerId, peerId], [adminId]);
    // Facilitated alone in their own group: not co-facilitated.
    await groupSession(org.orgId, peerId, [peerId], [peerId, trainerId]);

    const have = async (userId: string) => {
      const d = await admin.get(`/api/organisations/${org.orgId}/pathway/people/${userId}`);
      expect(d.status).toBe(200);
      return [d.body.coFacilitations.length, d.body.requirements.find((r: { kind: string }) => r.kind === 'co_facilitated_sessions').have];
    };
    expect(await have(peerId)).toEqual([1, 1]);
    expect(await have(trainerId)).toEqual([0, 0]);
    expect(await have(workerId)).toEqual([0, 0]);
  });

  it('keeps a described session sealed at rest, seals descriptions written in clear before migration 0014 once, and leaves other sessions without one', async () => {
    const { org, trainer, peerId } = await team();
    const trainerId = org.users.trainer!.userId;
    await certify(org.orgId, trainerId);
    const base = `/api/organisations/${org.orgId}/pathway/people/${peerId}`;
    const described = 'Buổi nhóm với anh T.H. ở Long Biên';
    expect((await trainer.post(`${base}/observations`, { scores: scores(4), at: at(2), sessionDescription: described })).status).toBe(201);
    const groupSessionId = await groupSession(org.orgId, trainerId, [peerId, trainerId]);
    expect((await trainer.post(`${base}/observations`, { scores: scores(4), at: at(1), groupSessionId })).status).toBe(201);

    const stored = () => system((tx) => tx.selectFrom('pathway_observations').select(['id', 'group_session_id', 'session_description', 'session_description_enc']).where('user_id', '=', peerId).orderBy('at').execute());
    const [first, second] = await stored();
    expect(first).toMatchObject({ session_description: null, session_description_enc: expect.stringMatching(/^v1:/) });
    expect(first!.session_description_enc).not.toContain('T.H.');
    expect(t.ctx.crypto.decrypt(first!.session_description_enc!)).toBe(described);
    expect(second).toMatchObject({ group_session_id: groupSessionId, session_description: null, session_description_enc: null });

    // A row as migration 0010 wrote it, in clear.
    const before = 'Buổi ở Cầu Giấy, chị T.H. giúp đỡ';
    const oldId = newId();
    await system((tx) =>
      tx
        .insertInto('pathway_observations')
        .values({ id: oldId, org_id: org.orgId, user_id: peerId, observer_id: trainerId, observer_was_certified: true, scores: JSON.stringify(scores(3)), event_id: null, group_session_id: null, session_description: before, at: at(3), note_enc: null })
        .execute(),
    );
    expect(await runSealSteps(t.ctx.db.kysely, t.ctx.crypto, [sealObservedSessionDescriptions])).toEqual([{ name: 'pathway_observations.session_description', rows: 1 }]);
    const old = (await stored()).find((r) => r.id === oldId)!;
    expect(old.session_description).toBeNull();
    expect(old.session_description_enc).not.toContain('T.H.');
    expect(t.ctx.crypto.decrypt(old.session_description_enc!)).toBe(before);
    expect(await runSealSteps(t.ctx.db.kysely, t.ctx.crypto, [sealObservedSessionDescriptions])).toEqual([]);

    const detail = await trainer.get(base);
    expect(detail.body.observations.map((o: { id: string; sessionDescription: string | null; groupSessionId: string | null }) => [o.sessionDescription, o.groupSessionId])).toEqual([
      [null, groupSessionId],
      [described, null],
      [before, null],
    ]);
  });

  it('holds back one’s own page, like every permission route, from a temporary password and from an administrator without two-factor', async () => {
    const { org, peerId, peer } = await team();
    const mine = `/api/organisations/${org.orgId}/pathway/me`;
    expect((await peer.get(mine)).status).toBe(200);
    await system((tx) => tx.updateTable('users').set({ must_change_password: true }).where('id', '=', peerId).execute());
    const temporary = await peer.get(mine);
    expect(temporary.status).toBe(403);
    expect(temporary.body.code).toBe('PASSWORD_CHANGE_REQUIRED');

    const strict = await startTestApp(dialect, { requireAdminTotp: true });
    try {
      const other = await seedOrg(strict, 'community_organisation', ['admin', 'trainer']);
      const adminClient = new Client(strict.baseUrl);
      await adminClient.login(other.users.admin!.username, TEST_PASSWORD);
      const blocked = await adminClient.get(`/api/organisations/${other.orgId}/pathway/me`);
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('TOTP_SETUP_REQUIRED');
      const trainerClient = new Client(strict.baseUrl);
      await trainerClient.login(other.users.trainer!.username, TEST_PASSWORD);
      expect((await trainerClient.get(`/api/organisations/${other.orgId}/pathway/me`)).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
