import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDANCE, GUIDANCE_VERSION } from '../../src/core/crisis/index.ts';
import { DEFAULT_SCREENING_SETTINGS } from '../../src/core/screening/index.ts';
import { verifyAudit } from '../../src/server/audit/log.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { loggedIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { Device, seedFieldOrg } from '../helpers/field.ts';
import { closeCrisisEpisode, openCrisisEpisode, PHQ9_MILD_WITH_ITEM9, PHQ9_MODERATE, recordScreening } from '../helpers/mental-health.ts';

const statuses = (res: { body: { results: { status: string }[] } }) => res.body.results.map((r) => r.status);

describe.each(testDialects())('screenings and crisis episodes through sync, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('scores a pushed screening on the server, keeps answers sealed, and a second device pulls the server’s result', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient('MHSCM91');
    const moderate = recordScreening(device, reg.clientId, 'phq9', PHQ9_MODERATE);
    const partial = recordScreening(device, reg.clientId, 'gad7', [1, 2, null, 0, 0, 1, 0]);
    const res = await worker.post('/api/sync/push', device.push([reg.m, moderate.m, partial.m]));
    expect(res.status).toBe(200);
    expect(statuses(res)).toEqual(['applied', 'applied', 'applied']);

    // A device cannot hand the server its own score: the arguments have no place for one.
    const liar = recordScreening(device, reg.clientId, 'phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0], { total: 27, band: 'severe' });
    const refused = await worker.post('/api/sync/push', device.push([liar.m]));
    expect(refused.body.results[0]).toMatchObject({ status: 'rejected', code: 'MUTATION_INVALID' });

    const manager = await loggedIn(t, org, 'manager');
    const second = new Device(org);
    const pulled = await manager.get(`/api/sync/pull?deviceId=${second.id}&orgId=${org.orgId}&cookie=0`);
    expect(pulled.status).toBe(200);
    const byId = new Map(pulled.body.screenings.map((s: { id: string }) => [s.id, s]));
    expect(byId.get(moderate.screeningId)).toMatchObject({ clientId: reg.clientId, instrumentId: 'phq9', complete: true, total: 12, band: 'moderate', flags: [], answers: PHQ9_MODERATE });
    expect(byId.get(partial.screeningId)).toMatchObject({ instrumentId: 'gad7', complete: false, total: null, band: null });
    expect(byId.has(liar.screeningId)).toBe(false);
    expect(pulled.body.orgSettings).toMatchObject({ guidanceOverrides: [] });
    expect(pulled.body.orgSettings.screening).toBeTruthy();

    const again = await manager.get(`/api/sync/pull?deviceId=${second.id}&orgId=${org.orgId}&cookie=${pulled.body.cookie}`);
    expect(again.body.screenings).toEqual([]);
    expect(again.body.orgSettings).toBeNull();

    const stored = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('screenings').selectAll().where('id', '=', moderate.screeningId).executeTakeFirstOrThrow());
    expect(stored.answers_enc).toMatch(/^v1:/);
    expect(stored.answers_enc).not.toContain('2,2');
    expect(stored.total).toBe(12);
  });

  it('rejects a screening with an out-of-range answer alone, naming the answer, and the rest of the batch applies', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient('MHINF88');
    const bad = recordScreening(device, reg.clientId, 'phq9', [0, 0, 0, 7, 0, 0, 0, 0, 0]);
    const unknownClient = recordScreening(device, '01900000-0000-7000-8000-00000000dead', 'phq2', [1, 1]);
    const good = recordScreening(device, reg.clientId, 'phq2', [2, 1]);
    const res = await worker.post('/api/sync/push', device.push([reg.m, bad.m, unknownClient.m, good.m]));
    expect(res.status).toBe(200);
    const [, r2, r3, r4] = res.body.results;
    expect(r2).toMatchObject({ status: 'rejected', code: 'MUTATION_INVALID' });
    expect(r2.field).toMatch(/^answers(\.|$)/);
    expect(r2.message).toContain(r2.field);
    expect(r3).toMatchObject({ status: 'rejected', code: 'CLIENT_NOT_FOUND', field: 'clientId' });
    expect(r4.status).toBe('applied');
    const pulled = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`);
    expect(pulled.body.screenings.map((s: { id: string }) => s.id)).toEqual([good.screeningId]);
    expect(pulled.body.rejections.map((r: { id: number }) => r.id).sort()).toEqual([2, 3]);
  });

  it('files a screening of a merged alias under the client it was merged into', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const a = new Device(org);
    const b = new Device(org);
    const regA = a.registerClient('MHMRM77');
    const regB = b.registerClient('MHMRM77');
    expect(statuses(await worker.post('/api/sync/push', a.push([regA.m])))).toEqual(['applied']);
    const s = recordScreening(b, regB.clientId, 'phq2', [0, 1]);
    const res = await worker.post('/api/sync/push', b.push([regB.m, s.m]));
    expect(res.body.results[0]).toMatchObject({ mergedInto: regA.clientId });
    const record = await worker.get(`/api/organisations/${org.orgId}/clients/${regB.clientId}/mental-health`);
    expect(record.status).toBe(200);
    expect(record.body.screenings).toEqual([expect.objectContaining({ id: s.screeningId, clientId: regA.clientId, total: 1, band: 'negative' })]);
  });

  it('classifies an episode opened offline again (the device’s level is overruled), closes it once, and a second device pulls the close', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient('MHCRF85');
    const open = openCrisisEpisode(device, reg.clientId, { redFlags: ['chest_pain', 'panic'], level: 'not_acute' });
    const cssrs = recordScreening(device, reg.clientId, 'cssrs', { q1: true, q2: false, q6: false }, { crisisEpisodeId: open.episodeId });
    const close = closeCrisisEpisode(device, open.episodeId, {
      outcome: 'taken_to_hospital',
      notes: 'Đau ngực, đưa vào viện Bạch Mai',
      followUpOn: '2026-12-02',
      referralNeed: { urgency: 'emergency', note: 'Cần khám tim mạch' },
      steps: [{ stepId: 'call_115', doneAt: new Date(Date.now() - 500_000).toISOString() }],
    });
    const res = await worker.post('/api/sync/push', device.push([reg.m, open.m, cssrs.m, close]));
    expect(statuses(res)).toEqual(['applied', 'applied', 'applied', 'applied']);

    // A colleague's phone closed it too, offline: the first close stands.
    const other = new Device(org);
    const late = await worker.post('/api/sync/push', other.push([closeCrisisEpisode(other, open.episodeId, { outcome: 'person_left' })]));
    expect(late.body.results[0]).toMatchObject({ status: 'rejected', code: 'EPISODE_ALREADY_CLOSED', field: 'episodeId' });
    const missing = await worker.post('/api/sync/push', other.push([closeCrisisEpisode(other, '01900000-0000-7000-8000-0000000beef0')]));
    expect(missing.body.results[0]).toMatchObject({ status: 'rejected', code: 'EPISODE_NOT_FOUND', field: 'episodeId' });

    const manager = await loggedIn(t, org, 'manager');
    const second = new Device(org);
    const pulled = await manager.get(`/api/sync/pull?deviceId=${second.id}&orgId=${org.orgId}&cookie=0`);
    expect(pulled.body.crisisEpisodes).toEqual([
      expect.objectContaining({
        id: open.episodeId,
        clientId: reg.clientId,
        level: 'emergency',
        redFlags: ['chest_pain', 'panic'],
        outcome: 'taken_to_hospital',
        notes: 'Đau ngực, đưa vào viện Bạch Mai',
        followUpOn: '2026-12-02',
        referralNeed: { urgency: 'emergency', note: 'Cần khám tim mạch' },
        steps: [expect.objectContaining({ stepId: 'call_115' })],
      }),
    ]);
    expect(pulled.body.screenings).toEqual([expect.objectContaining({ id: cssrs.screeningId, crisisEpisodeId: open.episodeId })]);

    const row = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('crisis_episodes').selectAll().where('id', '=', open.episodeId).executeTakeFirstOrThrow());
    expect(row).toMatchObject({ level: 'emergency', device_level: 'not_acute', outcome: 'taken_to_hospital', closed_by: org.users.fieldworker!.userId });
    expect(row.notes_enc).toMatch(/^v1:/);
    expect(row.referral_note_enc).toMatch(/^v1:/);

    // The client's page online shows the same, and the read is in the audit chain.
    const online = await manager.get(`/api/organisations/${org.orgId}/clients/${reg.clientId}/mental-health`);
    expect(online.status).toBe(200);
    expect(online.body.episodes.map((e: { id: string }) => e.id)).toEqual([open.episodeId]);
    expect(online.body.screenings.map((s: { id: string }) => s.id)).toEqual([cssrs.screeningId]);
    const audit = await asSystem(t.ctx.db.kysely, async (tx) => ({
      rows: await tx.selectFrom('audit_log').select(['action', 'entity_id']).where('org_id', '=', org.orgId).execute(),
      verify: await verifyAudit(tx),
    }));
    const actions = audit.rows.map((r) => `${r.action} ${r.entity_id ?? ''}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        `crisis.open ${open.episodeId}`,
        `crisis.close ${open.episodeId}`,
        `screening.record ${cssrs.screeningId}`,
        `mentalhealth.read ${reg.clientId}`,
        expect.stringMatching(/^notification\.raise_emergency /),
      ]),
    );
    expect(audit.rows.some((r) => r.action === 'sync.pull' && r.entity_id !== null)).toBe(true);
    expect(audit.verify.firstBreak).toBeNull();
  });

  it('keeps an episode of someone not registered with the server, and refuses a screening tied to an unknown episode', async () => {
    const org = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient('MHANM80');
    const open = openCrisisEpisode(device, null, { redFlags: ['psychosis'], level: 'urgent' });
    const stray = recordScreening(device, reg.clientId, 'phq2', [0, 0], { crisisEpisodeId: '01900000-0000-7000-8000-0000000beef1' });
    const res = await worker.post('/api/sync/push', device.push([reg.m, open.m, stray.m, closeCrisisEpisode(device, open.episodeId)]));
    expect(statuses(res)).toEqual(['applied', 'applied', 'rejected', 'applied']);
    expect(res.body.results[2]).toMatchObject({ code: 'EPISODE_NOT_FOUND', field: 'crisisEpisodeId' });
    const pulled = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`);
    expect(pulled.body.crisisEpisodes).toEqual([]);
    const row = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('crisis_episodes').select(['client_id', 'level', 'outcome']).where('id', '=', open.episodeId).executeTakeFirstOrThrow());
    expect(row).toEqual({ client_id: null, level: 'urgent', outcome: 'resolved_on_site' });
  });

  it('refuses another organisation’s clients, pushes and reads', async () => {
    const org = await seedFieldOrg(t);
    const other = await seedFieldOrg(t);
    const worker = await loggedIn(t, org, 'fieldworker');
    const device = new Device(org);
    const reg = device.registerClient('MHISF79');
    expect(statuses(await worker.post('/api/sync/push', device.push([reg.m])))).toEqual(['applied']);

    // A worker of another organisation pushes for this organisation's client into their own.
    const stranger = await loggedIn(t, other, 'fieldworker');
    const theirs = new Device(other);
    const res = await stranger.post('/api/sync/push', theirs.push([recordScreening(theirs, reg.clientId, 'phq2', [1, 1]).m, openCrisisEpisode(theirs, reg.clientId).m]));
    expect(res.body.results).toMatchObject([
      { status: 'rejected', code: 'CLIENT_NOT_FOUND' },
      { status: 'rejected', code: 'CLIENT_NOT_FOUND' },
    ]);
    // … nor can they push into this organisation, nor read its client's record.
    expect((await stranger.post('/api/sync/push', device.push([recordScreening(device, reg.clientId, 'phq2', [1, 1]).m]))).status).toBe(403);
    expect((await stranger.get(`/api/organisations/${org.orgId}/clients/${reg.clientId}/mental-health`)).status).toBe(403);
    const theirManager = await loggedIn(t, other, 'manager');
    expect((await theirManager.get(`/api/organisations/${other.orgId}/clients/${reg.clientId}/mental-health`)).status).toBe(404);
  });

  it('round-trips screening settings and adapted guidance, refuses unknown steps by id, and devices pull them when they change', async () => {
    const org = await seedFieldOrg(t, ['admin', 'manager', 'fieldworker', 'clinician']);
    const admin = await loggedIn(t, org, 'admin');
    const manager = await loggedIn(t, org, 'manager');
    const worker = await loggedIn(t, org, 'fieldworker');
    const settingsUrl = `/api/organisations/${org.orgId}/settings/screening`;
    const defaults = (await worker.get(settingsUrl)).body;
    expect(defaults).toEqual(DEFAULT_SCREENING_SETTINGS);
    expect((await (await loggedIn(t, org, 'clinician')).get(settingsUrl)).status).toBe(403);

    const device = new Device(org);
    const first = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=0`);
    expect(first.body.orgSettings).toEqual({ screening: DEFAULT_SCREENING_SETTINGS, guidanceOverrides: [], timeZone: 'Asia/Ho_Chi_Minh' });

    const vietnam = { ...DEFAULT_SCREENING_SETTINGS, cutOffs: { ...DEFAULT_SCREENING_SETTINGS.cutOffs, phq9: 'vn-methadone-hanoi', gad7: 'vn-methadone-hanoi' }, rescreenEveryDays: 60 };
    expect((await worker.request('PUT', settingsUrl, vietnam)).status).toBe(403);
    const put = await manager.request('PUT', settingsUrl, vietnam);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(vietnam);
    expect((await admin.get(settingsUrl)).body).toEqual(vietnam);
    const bad = await manager.request('PUT', settingsUrl, { ...vietnam, cutOffs: { ...vietnam.cutOffs, phq9: 'whatever' } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('cutOffs.phq9');

    const changed = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=${first.body.cookie}`);
    expect(changed.body.orgSettings).toEqual({ screening: vietnam, guidanceOverrides: [], timeZone: 'Asia/Ho_Chi_Minh' });
    const quiet = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=${changed.body.cookie}`);
    expect(quiet.body.orgSettings).toBeNull();

    const presentation = 'panic';
    const stepId = GUIDANCE.presentations[presentation].steps[0]!.id;
    const guidanceUrl = `/api/organisations/${org.orgId}/guidance/${presentation}/vi`;
    expect((await manager.request('PUT', guidanceUrl, { steps: [{ id: stepId, text: 'Nói nhỏ nhẹ' }] })).status).toBe(403);
    const unknown = await admin.request('PUT', guidanceUrl, { steps: [{ id: stepId, text: 'Nói nhỏ nhẹ' }, { id: 'panic.dance', text: 'Nhảy' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'GUIDANCE_STEP_UNKNOWN', field: 'steps.1.id' });
    expect(unknown.body.message).toContain('panic.dance');
    expect((await admin.request('PUT', `/api/organisations/${org.orgId}/guidance/dancing/vi`, { steps: [{ id: stepId, text: 'x' }] })).status).toBe(404);
    const saved = await admin.request('PUT', guidanceUrl, { steps: [{ id: stepId, text: '  Nói nhỏ nhẹ, ngồi ngang tầm mắt  ' }] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ presentation, lang: 'vi', steps: [{ id: stepId, text: 'Nói nhỏ nhẹ, ngồi ngang tầm mắt' }] });
    const listed = await worker.get(`/api/organisations/${org.orgId}/guidance`);
    expect(listed.body).toEqual({ version: GUIDANCE_VERSION, overrides: [saved.body] });

    const withText = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=${quiet.body.cookie}`);
    expect(withText.body.orgSettings).toEqual({ screening: vietnam, guidanceOverrides: [saved.body], timeZone: 'Asia/Ho_Chi_Minh' });
    expect((await admin.request('DELETE', guidanceUrl)).body).toEqual({ ok: true });
    expect((await admin.request('DELETE', guidanceUrl)).status).toBe(404);
    const restored = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=${withText.body.cookie}`);
    expect(restored.body.orgSettings).toEqual({ screening: vietnam, guidanceOverrides: [], timeZone: 'Asia/Ho_Chi_Minh' });

    // The organisation's time zone rides with its settings: a change reaches the phone on its next pull.
    expect((await admin.request('PATCH', `/api/organisations/${org.orgId}`, { timeZone: 'Asia/Bangkok' })).status).toBe(200);
    const moved = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=${restored.body.cookie}`);
    expect(moved.body.orgSettings).toEqual({ screening: vietnam, guidanceOverrides: [], timeZone: 'Asia/Bangkok' });
    expect((await admin.request('PATCH', `/api/organisations/${org.orgId}`, { provinceId: 'hai-phong' })).status).toBe(200);
    const still = await worker.get(`/api/sync/pull?deviceId=${device.id}&orgId=${org.orgId}&cookie=${moved.body.cookie}`);
    expect(still.body.orgSettings).toBeNull();

    // The server scores with the organisation's cut-offs (bands stay the published ones).
    const reg = device.registerClient('MHSEM84');
    const s = recordScreening(device, reg.clientId, 'phq9', [1, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(statuses(await worker.post('/api/sync/push', device.push([reg.m, s.m])))).toEqual(['applied', 'applied']);
    const mh = await worker.get(`/api/organisations/${org.orgId}/clients/${reg.clientId}/mental-health`);
    expect(mh.body.screenings[0]).toMatchObject({ total: 6, band: 'mild' });

    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select('action').where('org_id', '=', org.orgId).execute());
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['screening_settings.edit', 'guidance.edit', 'guidance.restore']));
  });
});
