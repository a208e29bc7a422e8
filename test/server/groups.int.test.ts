import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/server/audit/log.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { runSealSteps } from '../../src/server/db/seal-steps.ts';
import { sealGroupSessionTopics } from '../../src/server/groups/seal-free-text.ts';
import { pushMutations } from '../../src/server/sync/push.ts';
import { loggedIn, seedOrg, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { Device, seedFieldOrg, type FieldOrg } from '../helpers/field.ts';

const statuses = (res: { body: { results: { status: string }[] } }) => res.body.results.map((r) => r.status);
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const WEEKLY = { repeat: 'weekly', weekday: 'tuesday', startsOn: '2026-01-06', endsOn: null, time: '18:00' } as const;
const NOTES = 'Anh B kể chuyện mất ngủ, hẹn gặp riêng';

describe.each(testDialects())('groups and psychosocial sessions, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  interface Setup {
    org: FieldOrg;
    manager: Client;
    worker: Client;
    device: Device;
    groupId: string;
  }

  async function setup(roles?: Parameters<typeof seedFieldOrg>[1]): Promise<Setup> {
    const org = await seedFieldOrg(t, roles);
    const [manager, worker] = [await loggedIn(t, org, 'manager'), await loggedIn(t, org, 'fieldworker')];
    const created = await manager.post(`/api/organisations/${org.orgId}/groups`, {
      name: 'Nhóm cân nhắc thứ Ba',
      kind: 'contemplation',
      siteId: org.siteId,
      facilitatorIds: [org.users.fieldworker!.userId],
      schedule: WEEKLY,
    });
    expect(created.status).toBe(201);
    return { org, manager, worker, device: new Device(org), groupId: created.body.id };
  }

  function session(s: Setup, overrides: Record<string, unknown> = {}) {
    const sessionId = uuidv7();
    return {
      sessionId,
      m: s.device.mutation('recordGroupSession', {
        sessionId,
        groupId: s.groupId,
        at: minutesAgo(90),
        topic: 'Điều gì giúp tôi ngủ ngon hơn',
        facilitatorIds: [s.org.users.fieldworker!.userId],
        attendees: [],
        anonymousCount: 2,
        materials: [{ itemId: s.org.iecId, quantity: 5 }],
        notes: NOTES,
        stages: [],
        ...overrides,
      }),
    };
  }

  const pull = (c: Client, s: Setup, cookie = 0) => c.get(`/api/sync/pull?deviceId=${s.device.id}&orgId=${s.org.orgId}&cookie=${cookie}`);
  const sessionRows = (orgId: string) => asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('group_sessions').selectAll().where('org_id', '=', orgId).execute());

  it('applies a session recorded offline, pulls it back with its notes opened, and keeps the notes sealed at rest', async () => {
    const s = await setup();
    const a = s.device.registerClient('RFLOM91');
    const b = s.device.registerClient('NGHAF88');
    const held = session(s, { attendees: [a.clientId, b.clientId], stages: [{ clientId: a.clientId, stage: 'contemplation' }] });
    const pushed = await s.worker.post('/api/sync/push', s.device.push([a.m, b.m, held.m]));
    expect(pushed.status).toBe(200);
    expect(statuses(pushed)).toEqual(['applied', 'applied', 'applied']);

    const pulled = await pull(s.worker, s);
    expect(pulled.status).toBe(200);
    expect(pulled.body.groups).toEqual([
      { id: s.groupId, name: 'Nhóm cân nhắc thứ Ba', kind: 'contemplation', siteId: s.org.siteId, facilitatorIds: [s.org.users.fieldworker!.userId], schedule: WEEKLY, active: true },
    ]);
    expect(pulled.body.groupSessions).toHaveLength(1);
    const got = pulled.body.groupSessions[0];
    expect(got).toMatchObject({ id: held.sessionId, groupId: s.groupId, topic: 'Điều gì giúp tôi ngủ ngon hơn', anonymousCount: 2, materials: [{ itemId: s.org.iecId, quantity: 5 }], notes: NOTES, recordedBy: s.org.users.fieldworker!.userId });
    expect([...got.attendees].sort()).toEqual([a.clientId, b.clientId].sort());
    expect(pulled.body.stageObservations).toEqual([expect.objectContaining({ clientId: a.clientId, stage: 'contemplation', source: 'session', sourceId: held.sessionId })]);
    expect(pulled.body.staff.map((x: { id: string }) => x.id).sort()).toEqual(Object.values(s.org.users).map((u) => u.userId).sort());
    for (const member of pulled.body.staff) expect(Object.keys(member).sort()).toEqual(['displayName', 'id']);

    const [row] = await sessionRows(s.org.orgId);
    expect(row!.notes_enc).toBeTruthy();
    expect(row!.notes_enc).not.toContain('mất ngủ');
    expect(row!.notes_enc).not.toBe(NOTES);
    expect(t.ctx.crypto.decrypt(row!.notes_enc!)).toBe(NOTES);
    expect(Number(row!.mutation_id)).toBe(3);

    // Nothing new after the returned cookie.
    const quiet = await pull(s.worker, s, pulled.body.cookie);
    expect(quiet.body.groupSessions).toEqual([]);
    expect(quiet.body.groups).toEqual([]);

    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'entity', 'entity_id']).where('org_id', '=', s.org.orgId).execute());
    expect(audit).toContainEqual({ action: 'group_session.record', entity: 'group_session', entity_id: held.sessionId });
    expect(audit).toContainEqual({ action: 'group.create', entity: 'group', entity_id: s.groupId });
    expect(audit).toContainEqual(expect.objectContaining({ action: 'sync.pull', entity: 'groups' }));
    expect((await asSystem(t.ctx.db.kysely, (tx) => verifyAudit(tx))).firstBreak).toBeNull();
  });

  it('refuses each broken rule with its code and field, writes nothing for it, and lets the queue move on', async () => {
    const s = await setup();
    const other = await setup();
    const a = s.device.registerClient('RFLOM91');
    const stranger = other.device.registerClient('XALOM77');
    expect(statuses(await other.worker.post('/api/sync/push', other.device.push([stranger.m])))).toEqual(['applied']);
    const first = session(s, { attendees: [a.clientId] });
    const cases = [
      session(s, { groupId: other.groupId }),
      session(s, { attendees: [stranger.clientId] }),
      session(s, { facilitatorIds: [other.org.users.fieldworker!.userId] }),
      session(s, { materials: [{ itemId: other.org.iecId, quantity: 1 }] }),
      session(s, { at: new Date(Date.now() + 3_600_000).toISOString() }),
      session(s, { sessionId: first.sessionId }),
      session(s, { attendees: [], stages: [{ clientId: a.clientId, stage: 'action' }] }),
      session(s, { attendees: [], anonymousCount: 0 }),
    ];
    // The duplicate carries the first session's id under a new mutation number.
    (cases[5]!.m.args as { sessionId: string }).sessionId = first.sessionId;
    const res = await s.worker.post('/api/sync/push', s.device.push([a.m, first.m, ...cases.map((c) => c.m)]));
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string; code?: string; field?: string }) => [r.status, r.code, r.field])).toEqual([
      ['applied', undefined, undefined],
      ['applied', undefined, undefined],
      ['rejected', 'GROUP_NOT_FOUND', 'groupId'],
      ['rejected', 'CLIENT_NOT_FOUND', 'attendees.0'],
      ['rejected', 'FACILITATOR_NOT_FOUND', 'facilitatorIds.0'],
      ['rejected', 'ITEM_NOT_FOUND', 'materials.0.itemId'],
      ['rejected', 'CONTACT_TIME_INVALID', 'at'],
      ['rejected', 'ALREADY_RECORDED', 'sessionId'],
      ['rejected', 'MUTATION_INVALID', 'stages'],
      ['rejected', 'MUTATION_INVALID', 'attendees'],
    ]);
    expect(res.body.lastMutationId).toBe(10);
    for (const r of res.body.results.slice(2)) expect(r.message).toMatch(/\w/);
    expect((await sessionRows(s.org.orgId)).map((r) => r.id)).toEqual([first.sessionId]);
    const attendance = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('group_attendance').select('client_id').where('org_id', '=', s.org.orgId).execute());
    expect(attendance).toEqual([{ client_id: a.clientId }]);
    const pulled = await pull(s.worker, s);
    expect(pulled.body.rejections.map((r: { code: string }) => r.code)).toContain('GROUP_NOT_FOUND');

    // A deactivated group takes no new session.
    expect((await s.manager.patch(`/api/organisations/${s.org.orgId}/groups/${s.groupId}`, { active: false })).status).toBe(200);
    const late = session(s);
    const refused = await s.worker.post('/api/sync/push', s.device.push([late.m]));
    expect(refused.body.results[0]).toMatchObject({ status: 'rejected', code: 'GROUP_NOT_FOUND', field: 'groupId' });
  });

  it('applies a resent push once', async () => {
    const s = await setup();
    const a = s.device.registerClient('RFLOM91');
    const held = session(s, { attendees: [a.clientId], stages: [{ clientId: a.clientId, stage: 'preparation' }] });
    const body = s.device.push([a.m, held.m]);
    expect(statuses(await s.worker.post('/api/sync/push', body))).toEqual(['applied', 'applied']);
    expect(statuses(await s.worker.post('/api/sync/push', body))).toEqual(['already_processed', 'already_processed']);
    expect(await sessionRows(s.org.orgId)).toHaveLength(1);
    const stages = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('stage_observations').select('stage').where('org_id', '=', s.org.orgId).execute());
    expect(stages).toEqual([{ stage: 'preparation' }]);
  });

  it('refuses the mutations to a role without group.record', async () => {
    const s = await setup(['admin', 'manager', 'fieldworker', 'trainer']);
    const trainer = s.org.users.trainer!;
    const held = session(s);
    const stage = s.device.mutation('recordStageOfChange', { observationId: uuidv7(), clientId: uuidv7(), stage: 'action', at: minutesAgo(5), contactId: null });
    const res = await pushMutations(
      t.ctx,
      { userId: trainer.userId, role: 'trainer', memberships: [{ orgId: s.org.orgId, orgKind: 'community_organisation', role: 'trainer' }] },
      { deviceId: s.device.id, orgId: s.org.orgId, mutations: [held.m, stage] },
      'en',
      t.app.log,
    );
    expect(res.results.map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'MUTATION_FORBIDDEN'],
      ['rejected', 'MUTATION_FORBIDDEN'],
    ]);
    expect(await sessionRows(s.org.orgId)).toEqual([]);
    // Over HTTP the trainer cannot sync at all.
    const trainerClient = await loggedIn(t, s.org, 'trainer');
    expect((await trainerClient.post('/api/sync/push', new Device(s.org).push([session(s).m]))).status).toBe(403);
  });

  it('records a stage of change at a contact or on its own, and refuses a contact of another client', async () => {
    const s = await setup();
    const a = s.device.registerClient('RFLOM91');
    const b = s.device.registerClient('NGHAF88');
    const contact = s.device.recordContact(a.clientId);
    const stage = (clientId: string, contactId: string | null, extra: Record<string, unknown> = {}) => {
      const observationId = uuidv7();
      return { observationId, m: s.device.mutation('recordStageOfChange', { observationId, clientId, stage: 'preparation', at: minutesAgo(30), contactId, ...extra }) };
    };
    const atContact = stage(a.clientId, contact.contactId);
    const alone = stage(a.clientId, null, { stage: 'action', at: minutesAgo(10) });
    const wrongContact = stage(b.clientId, contact.contactId);
    const unknownClient = stage(uuidv7(), null);
    const res = await s.worker.post('/api/sync/push', s.device.push([a.m, b.m, contact.m, atContact.m, alone.m, wrongContact.m, unknownClient.m]));
    expect(res.body.results.map((r: { status: string; code?: string; field?: string }) => [r.status, r.code, r.field])).toEqual([
      ['applied', undefined, undefined],
      ['applied', undefined, undefined],
      ['applied', undefined, undefined],
      ['applied', undefined, undefined],
      ['applied', undefined, undefined],
      ['rejected', 'CONTACT_NOT_FOUND', 'contactId'],
      ['rejected', 'CLIENT_NOT_FOUND', 'clientId'],
    ]);
    const pulled = await pull(s.worker, s);
    expect(pulled.body.stageObservations).toEqual([
      { id: atContact.observationId, clientId: a.clientId, stage: 'preparation', at: expect.any(String), source: 'contact', sourceId: contact.contactId },
      { id: alone.observationId, clientId: a.clientId, stage: 'action', at: expect.any(String), source: 'contact', sourceId: null },
    ]);
  });

  it('files an alias’s attendance and stages under the client it was merged into', async () => {
    const s = await setup();
    const first = s.device.registerClient('RFLOM91');
    const again = s.device.registerClient('RFLOM91');
    // Listed twice, under both ids: one person, one row.
    const held = session(s, { attendees: [again.clientId, first.clientId], stages: [{ clientId: again.clientId, stage: 'action' }] });
    const res = await s.worker.post('/api/sync/push', s.device.push([first.m, again.m, held.m]));
    expect(statuses(res)).toEqual(['applied', 'applied', 'applied']);
    expect(res.body.results[1].mergedInto).toBe(first.clientId);
    const attendance = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('group_attendance').select('client_id').where('org_id', '=', s.org.orgId).execute());
    expect(attendance).toEqual([{ client_id: first.clientId }]);
    // Asked by the alias, the history is the person's.
    const history = await s.manager.get(`/api/organisations/${s.org.orgId}/clients/${again.clientId}/groups`);
    expect(history.status).toBe(200);
    expect(history.body.clientId).toBe(first.clientId);
    expect(history.body.attendance.map((x: { sessionId: string }) => x.sessionId)).toEqual([held.sessionId]);
    expect(history.body.stages.map((x: { stage: string }) => x.stage)).toEqual(['action']);
  });

  it('pages stage observations and sessions with the rest of a pull, cut at a version boundary', async () => {
    const s = await setup();
    const a = s.device.registerClient('RFLOM91');
    const held = session(s, { attendees: [a.clientId] });
    expect(statuses(await s.worker.post('/api/sync/push', s.device.push([a.m, held.m])))).toEqual(['applied', 'applied']);
    const many = 2100;
    await asSystem(t.ctx.db.kysely, async (tx) => {
      const base = Number((await tx.selectFrom('org_versions').select('version').where('org_id', '=', s.org.orgId).executeTakeFirstOrThrow()).version);
      const rows = Array.from({ length: many }, (_, i) => ({
        id: uuidv7(),
        org_id: s.org.orgId,
        client_id: a.clientId,
        stage: i % 2 ? 'action' : 'preparation',
        at: minutesAgo(many - i),
        source: 'contact' as const,
        source_id: null,
        recorded_by: s.org.users.fieldworker!.userId,
        device_id: null,
        mutation_id: null,
        version: base + 1 + i,
      }));
      for (let i = 0; i < rows.length; i += 500) await tx.insertInto('stage_observations').values(rows.slice(i, i + 500)).execute();
      await tx.updateTable('org_versions').set({ version: String(base + many) } as never).where('org_id', '=', s.org.orgId).execute();
    });
    const seen = new Set<string>();
    let sessions = 0;
    let cookie = 0;
    let pulls = 0;
    for (;;) {
      const res = await pull(s.worker, s, cookie);
      expect(res.status).toBe(200);
      pulls += 1;
      for (const o of res.body.stageObservations) {
        expect(seen.has(o.id)).toBe(false);
        seen.add(o.id);
      }
      sessions += res.body.groupSessions.length;
      cookie = res.body.cookie;
      if (!res.body.more) break;
    }
    expect(pulls).toBe(2);
    expect(seen.size).toBe(many);
    expect(sessions).toBe(1);
  });

  it('lets managers set groups up with messages a person can act on, and keeps other organisations out', async () => {
    const s = await setup();
    const other = await setup();
    const base = { name: 'Nhóm gia đình', kind: 'family_session', siteId: s.org.siteId, facilitatorIds: [s.org.users.manager!.userId], schedule: { repeat: 'monthly', dayOfMonth: 31, startsOn: '2026-01-01', endsOn: null, time: '09:00' } };
    const url = `/api/organisations/${s.org.orgId}/groups`;

    const empty = await s.manager.post(url, { ...base, name: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'VALIDATION', field: 'name' });
    expect(empty.body.message).toContain('Give the group a name');
    const noTime = await s.manager.post(url, { ...base, schedule: { ...base.schedule, time: '9h' } });
    expect(noTime.status).toBe(400);
    expect(noTime.body.message).toContain('18:30');
    expect((await s.manager.post(url, { ...base, facilitatorIds: [other.org.users.manager!.userId] })).body).toMatchObject({ code: 'FACILITATOR_NOT_FOUND', field: 'facilitatorIds.0' });
    expect((await s.manager.post(url, { ...base, siteId: other.org.siteId })).body).toMatchObject({ code: 'SITE_NOT_FOUND', field: 'siteId' });
    const taken = await s.manager.post(url, { ...base, name: 'nhóm cân nhắc THỨ BA' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('GROUP_NAME_TAKEN');
    expect((await s.worker.post(url, base)).status).toBe(403);
    expect((await other.manager.post(url, base)).status).toBe(403);

    const made = await s.manager.post(url, base);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'Nhóm gia đình', kind: 'family_session', active: true, sessionCount: 0, lastSessionAt: null });
    expect(made.body.nextMeetings).toHaveLength(3);

    const list = await s.worker.get(url);
    expect(list.status).toBe(200);
    expect(list.body.groups.map((g: { name: string }) => g.name)).toEqual(['Nhóm cân nhắc thứ Ba', 'Nhóm gia đình']);
    const weekly = list.body.groups[0];
    expect(weekly.nextMeetings).toHaveLength(3);
    for (const day of weekly.nextMeetings) {
      expect(day >= list.body.today).toBe(true);
      expect(new Date(`${day}T00:00:00Z`).getUTCDay()).toBe(2);
    }
    expect(list.body.staff).toHaveLength(3);

    // Another organisation's manager neither sees nor edits these groups.
    expect((await other.manager.patch(`/api/organisations/${s.org.orgId}/groups/${made.body.id}`, { name: 'Đổi' })).status).toBe(403);
    expect((await other.manager.patch(`/api/organisations/${other.org.orgId}/groups/${made.body.id}`, { name: 'Đổi' })).status).toBe(404);
    expect((await other.manager.get(`/api/organisations/${other.org.orgId}/groups/${made.body.id}/sessions`)).status).toBe(404);
    expect((await other.manager.get(`/api/organisations/${s.org.orgId}/groups`)).status).toBe(403);

    // An edit reaches the phones at their next pull; deactivating keeps the group with no meetings ahead.
    const before = await pull(s.worker, s);
    const edited = await s.manager.patch(`${url}/${made.body.id}`, { name: 'Nhóm gia đình cuối tháng', active: false });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Nhóm gia đình cuối tháng', active: false, nextMeetings: [] });
    expect((await s.manager.patch(`${url}/${made.body.id}`, {})).status).toBe(400);
    const after = await pull(s.worker, s, before.body.cookie);
    expect(after.body.groups).toEqual([expect.objectContaining({ id: made.body.id, name: 'Nhóm gia đình cuối tháng', active: false })]);
    // Its name is free again for an active group; reactivating the old one then clashes.
    expect((await s.manager.post(url, { ...base, name: 'Nhóm gia đình cuối tháng' })).status).toBe(201);
    expect((await s.manager.patch(`${url}/${made.body.id}`, { active: true })).body.code).toBe('GROUP_NAME_TAKEN');
  });

  it('shows a group’s sessions and a client’s attendance and stages over time, auditing each read', async () => {
    const s = await setup();
    const other = await setup();
    const a = s.device.registerClient('RFLOM91');
    const contact = s.device.recordContact(a.clientId, { at: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    const early = s.device.mutation('recordStageOfChange', { observationId: uuidv7(), clientId: a.clientId, stage: 'precontemplation', at: new Date(Date.now() - 3 * 86_400_000).toISOString(), contactId: contact.contactId });
    const held = session(s, { attendees: [a.clientId], stages: [{ clientId: a.clientId, stage: 'preparation' }] });
    expect(statuses(await s.worker.post('/api/sync/push', s.device.push([a.m, contact.m, early, held.m])))).toEqual(['applied', 'applied', 'applied', 'applied']);

    const sessions = await s.worker.get(`/api/organisations/${s.org.orgId}/groups/${s.groupId}/sessions`);
    expect(sessions.status).toBe(200);
    expect(sessions.body.group).toMatchObject({ id: s.groupId, sessionCount: 1 });
    expect(sessions.body.sessions).toEqual([
      expect.objectContaining({ id: held.sessionId, attendees: [{ clientId: a.clientId, uic: 'RFLOM91' }], notes: NOTES, anonymousCount: 2, stages: [{ clientId: a.clientId, stage: 'preparation' }] }),
    ]);

    const history = await s.manager.get(`/api/organisations/${s.org.orgId}/clients/${a.clientId}/groups`);
    expect(history.status).toBe(200);
    expect(history.body.attendance).toEqual([{ sessionId: held.sessionId, groupId: s.groupId, groupName: 'Nhóm cân nhắc thứ Ba', groupKind: 'contemplation', at: expect.any(String), topic: 'Điều gì giúp tôi ngủ ngon hơn' }]);
    expect(history.body.stages.map((x: { stage: string; source: string }) => [x.stage, x.source])).toEqual([
      ['precontemplation', 'contact'],
      ['preparation', 'session'],
    ]);
    expect(history.body.movement).toBe('forward');
    expect((await other.manager.get(`/api/organisations/${other.org.orgId}/clients/${a.clientId}/groups`)).status).toBe(404);
    expect((await other.manager.get(`/api/organisations/${s.org.orgId}/clients/${a.clientId}/groups`)).status).toBe(403);

    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'actor_user_id']).where('org_id', '=', s.org.orgId).execute());
    expect(audit).toContainEqual({ action: 'group.sessions.read', entity: 'group', entity_id: s.groupId, actor_user_id: s.org.users.fieldworker!.userId });
    expect(audit).toContainEqual({ action: 'client.groups.read', entity: 'client', entity_id: a.clientId, actor_user_id: s.org.users.manager!.userId });
  });

  it('keeps the topic sealed at rest and answers it opened in the pull, the group’s sessions and a client’s history', async () => {
    const s = await setup();
    const topic = 'Nói chuyện với T.H. về tái sử dụng';
    const a = s.device.registerClient('RFLOM91');
    const held = session(s, { topic, attendees: [a.clientId] });
    expect(statuses(await s.worker.post('/api/sync/push', s.device.push([a.m, held.m])))).toEqual(['applied', 'applied']);

    const [row] = await sessionRows(s.org.orgId);
    expect(row!.topic).toBeNull();
    expect(row!.topic_enc).toMatch(/^v1:/);
    expect(row!.topic_enc).not.toContain('T.H.');
    expect(t.ctx.crypto.decrypt(row!.topic_enc!)).toBe(topic);

    expect((await pull(s.worker, s)).body.groupSessions[0].topic).toBe(topic);
    expect((await s.worker.get(`/api/organisations/${s.org.orgId}/groups/${s.groupId}/sessions`)).body.sessions[0].topic).toBe(topic);
    expect((await s.manager.get(`/api/organisations/${s.org.orgId}/clients/${a.clientId}/groups`)).body.attendance[0].topic).toBe(topic);
  });

  it('seals topics written in clear before migration 0014 at the next start, in batches, once; an empty topic stays absent', async () => {
    const s = await setup();
    const other = await setup();
    const a = s.device.registerClient('NGHAF88');
    expect(statuses(await s.worker.post('/api/sync/push', s.device.push([a.m])))).toEqual(['applied']);
    const topic = 'Anh T.H. kể lại lần tái sử dụng';
    const [clearId, emptyId] = [uuidv7(), uuidv7()];
    const old = (id: string, orgId: string, groupId: string, at: string, text: string) => ({
      id,
      org_id: orgId,
      group_id: groupId,
      at,
      topic: text,
      facilitator_ids: [s.org.users.fieldworker!.userId],
      anonymous_count: 0,
      materials: '[]',
      recorded_by: s.org.users.fieldworker!.userId,
      version: 1,
    });
    // More rows than one batch, in another organisation's group, so the step must go round again.
    const bulk = Array.from({ length: 501 }, (_, i) => ({ ...old(uuidv7(), other.org.orgId, other.groupId, minutesAgo(1000 + i), `Chủ đề ${i}`), facilitator_ids: [other.org.users.fieldworker!.userId], recorded_by: other.org.users.fieldworker!.userId }));
    await asSystem(t.ctx.db.kysely, async (tx) => {
      await tx.insertInto('group_sessions').values([old(clearId, s.org.orgId, s.groupId, minutesAgo(60), topic), old(emptyId, s.org.orgId, s.groupId, minutesAgo(120), '')]).execute();
      await tx.insertInto('group_attendance').values({ org_id: s.org.orgId, session_id: clearId, client_id: a.clientId, at: minutesAgo(60) }).execute();
      await tx.insertInto('group_sessions').values(bulk).execute();
    });

    const done = await runSealSteps(t.ctx.db.kysely, t.ctx.crypto, [sealGroupSessionTopics]);
    expect(done).toEqual([{ name: 'group_sessions.topic', rows: 503 }]);
    const rows = new Map((await sessionRows(s.org.orgId)).map((r) => [r.id, r]));
    expect(rows.get(clearId)).toMatchObject({ topic: null, topic_enc: expect.stringMatching(/^v1:/) });
    expect(rows.get(clearId)!.topic_enc).not.toContain('T.H.');
    expect(rows.get(emptyId)).toMatchObject({ topic: null, topic_enc: null });
    const bulkRows = await sessionRows(other.org.orgId);
    expect(bulkRows.filter((r) => r.topic !== null || r.topic_enc === null)).toEqual([]);
    expect(new Set(bulkRows.map((r) => t.ctx.crypto.decrypt(r.topic_enc!)))).toEqual(new Set(bulk.map((r) => r.topic)));

    const sessions = (await s.worker.get(`/api/organisations/${s.org.orgId}/groups/${s.groupId}/sessions`)).body.sessions;
    expect(sessions.map((x: { id: string; topic: string }) => [x.id, x.topic])).toEqual([
      [clearId, topic],
      [emptyId, ''],
    ]);
    expect((await s.manager.get(`/api/organisations/${s.org.orgId}/clients/${a.clientId}/groups`)).body.attendance.map((x: { topic: string }) => x.topic)).toEqual([topic]);

    expect(await runSealSteps(t.ctx.db.kysely, t.ctx.crypto, [sealGroupSessionTopics])).toEqual([]);
    expect(await sealGroupSessionTopics.run(t.ctx.db.kysely, t.ctx.crypto)).toBe(0);
  });

  it('seals each row once when two servers start at the same time', async () => {
    const s = await setup();
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      id: uuidv7(),
      org_id: s.org.orgId,
      group_id: s.groupId,
      at: minutesAgo(2000 + i),
      topic: `Buổi ${i}`,
      facilitator_ids: [s.org.users.fieldworker!.userId],
      anonymous_count: 0,
      materials: '[]',
      recorded_by: s.org.users.fieldworker!.userId,
      version: 1,
    }));
    await asSystem(t.ctx.db.kysely, async (tx) => {
      for (let i = 0; i < rows.length; i += 600) await tx.insertInto('group_sessions').values(rows.slice(i, i + 600)).execute();
    });
    const counts = await Promise.all([sealGroupSessionTopics.run(t.ctx.db.kysely, t.ctx.crypto), sealGroupSessionTopics.run(t.ctx.db.kysely, t.ctx.crypto)]);
    expect(counts[0] + counts[1]).toBe(rows.length);
    const stored = await sessionRows(s.org.orgId);
    expect(stored.filter((r) => r.topic !== null)).toEqual([]);
    expect(stored.map((r) => t.ctx.crypto.decrypt(r.topic_enc!)).sort()).toEqual(rows.map((r) => r.topic).sort());
  });

  it('answers a fieldworker that may not manage groups, and a bad id, with 4xx', async () => {
    const s = await setup();
    const evaluatorOrg = await seedOrg(t, 'community_organisation', ['evaluator']);
    const evaluator = await loggedIn(t, evaluatorOrg, 'evaluator');
    expect((await evaluator.get(`/api/organisations/${evaluatorOrg.orgId}/groups`)).status).toBe(403);
    expect((await s.worker.patch(`/api/organisations/${s.org.orgId}/groups/${s.groupId}`, { active: false })).status).toBe(403);
    expect((await s.manager.get(`/api/organisations/${s.org.orgId}/groups/not-a-uuid/sessions`)).status).toBe(400);
    expect((await s.manager.get(`/api/organisations/${s.org.orgId}/groups/${uuidv7()}/sessions`)).status).toBe(404);
  });
});
