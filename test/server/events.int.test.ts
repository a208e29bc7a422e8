import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayIn } from '../../src/core/dates.ts';
import { PUBLIC_LIMITS } from '../../src/core/training/public-limits.ts';
import { loggerOptions } from '../../src/server/app.ts';
import { verifyAudit } from '../../src/server/audit/log.ts';
import { newRegistrationCode } from '../../src/core/training/events.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { sealRegistrationCodes } from '../../src/server/events/seal-codes.ts';
import { inPublic, registrationCodeHash } from '../../src/server/events/store.ts';
import { Client, loggedIn, seedOrg, startTestApp, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { createCourseWithTest, QUESTIONS } from '../helpers/courses.ts';
import { testDialects } from '../helpers/dialects.ts';

/** Whatever the server logs, as it would reach stdout. */
class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString('utf8');
    done();
  }
}

/** A visitor without login behind the proxy, with an address of its own (the per-address limits stay per test). */
class Visitor extends Client {
  constructor(
    baseUrl: string,
    readonly address: string = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${(randomBytes(1)[0]! % 250) + 1}`,
  ) {
    super(baseUrl);
  }
  override request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return super.request(method, path, body, { 'x-forwarded-for': this.address, ...headers });
  }
}

const today = () => dayIn(new Date(), 'Asia/Ho_Chi_Minh');

/** An invented two-day workshop in Hà Nội, starting `inDays` from today. */
function workshop(inDays = 10, extra: Record<string, unknown> = {}) {
  const d1 = addDays(today(), inDays);
  const d2 = addDays(d1, 1);
  return {
    title: 'Hội thảo phỏng vấn tạo động lực (thử)',
    kind: 'workshop',
    mode: 'in_person',
    cost: { kind: 'free' },
    days: [d1, d2],
    venue: 'Phòng họp tầng 2, nhà thử nghiệm',
    provinceId: 'ha-noi',
    organisers: [{ name: 'Tổ chức thử A', kind: 'ngo' }],
    partners: [{ name: 'Trường đại học thử', kind: 'university' }],
    chairs: [{ name: 'Chủ toạ Một' }],
    speakers: [{ name: 'Diễn giả Hai', affiliation: 'Viện thử' }],
    agenda: [
      { day: d1, start: '08:30', end: '09:00', title: 'Khai mạc' },
      { day: d1, start: '09:00', title: 'Lắng nghe phản hồi', speakerIndex: 0 },
      { day: d2, start: '08:30', title: 'Thực hành theo cặp' },
    ],
    capacity: 25,
    materials: [{ title: 'Sổ tay (thử)', url: 'https://example.org/so-tay.pdf' }],
    ...extra,
  };
}

const person = (extra: Record<string, unknown> = {}) => ({
  displayName: 'Bạn Mây',
  organisation: 'Nhóm đồng đẳng thử',
  role: 'Tiếp cận viên',
  provinceId: 'ha-noi',
  email: 'may@example.org',
  consent: true,
  ...extra,
});

describe.each(testDialects())('events, public registration and check-in, on %s', (dialect) => {
  const logs = new LogCapture();
  let t: TestApp;
  const codesSeen: string[] = [];
  beforeAll(async () => {
    t = await startTestApp(dialect, { trustProxy: 1 }, { logger: { ...(loggerOptions('info') as object), stream: logs } });
  });
  afterAll(async () => t?.close());

  async function trainerOrg(): Promise<{ org: SeededOrg; trainer: Client }> {
    const org = await seedOrg(t, 'community_organisation', ['trainer', 'fieldworker', 'manager']);
    return { org, trainer: await loggedIn(t, org, 'trainer') };
  }

  async function publishedEvent(trainer: Client, orgId: string, event: Record<string, unknown> = workshop()): Promise<{ id: string; version: number }> {
    const made = await trainer.post(`/api/organisations/${orgId}/events`, { event });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const pub = await trainer.post(`/api/organisations/${orgId}/events/${made.body.id}/publish`, { version: made.body.version });
    expect(pub.status).toBe(200);
    return { id: made.body.id, version: pub.body.version };
  }

  async function register(eventId: string, body: Record<string, unknown> = person(), visitor = new Visitor(t.baseUrl)) {
    const res = await visitor.post(`/api/public/events/${eventId}/registrations`, body);
    if (res.status === 201) codesSeen.push(res.body.code);
    return res;
  }

  it('creates, validates and edits a draft; a stale edit is refused; partners in the network must be in it', async () => {
    const { org, trainer } = await trainerOrg();
    const base = `/api/organisations/${org.orgId}/events`;
    const made = await trainer.post(base, { event: workshop() });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'draft', title: 'Hội thảo phỏng vấn tạo động lực (thử)', registered: 0, present: 0, upcoming: true, version: 1 });

    const { venue: _v, ...noVenue } = workshop();
    const invalid = await trainer.post(base, { event: noVenue });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'VALIDATION', field: 'event.venue' });
    expect(invalid.body.message).toMatch(/venue and province/);

    const stranger = await trainer.post(base, { event: workshop(10, { partners: [{ name: 'Không có', kind: 'network_org', orgId: '019b0000-0000-7000-8000-0000000000ff' }] }) });
    expect(stranger.status).toBe(400);
    expect(stranger.body.code).toBe('EVENT_PARTY_ORG_NOT_FOUND');
    const other = await seedOrg(t);
    const names = await trainer.get(`${base}/network-organisations`);
    expect(names.body.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([org.orgId, other.orgId]));
    const partnered = await trainer.post(base, { event: workshop(10, { partners: [{ name: 'Tổ chức bạn', kind: 'network_org', orgId: other.orgId }] }) });
    expect(partnered.status).toBe(201);

    const edited = await trainer.request('PUT', `${base}/${made.body.id}`, { event: workshop(10, { title: 'Hội thảo đã sửa', capacity: null }), version: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Hội thảo đã sửa', capacity: null, version: 2 });
    const stale = await trainer.request('PUT', `${base}/${made.body.id}`, { event: workshop(), version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('EVENT_EDITED_ELSEWHERE');

    const one = await trainer.get(`${base}/${made.body.id}`);
    expect(one.body.event.title).toBe('Hội thảo đã sửa');
    const list = await trainer.get(base);
    expect(list.body.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([made.body.id, partnered.body.id]));
  });

  it('lists only published events that are not over, with filters; drafts, cancelled and past ones never', async () => {
    const { org, trainer } = await trainerOrg();
    const tag = randomBytes(3).toString('hex');
    const base = `/api/organisations/${org.orgId}/events`;
    const draft = await trainer.post(base, { event: workshop(5, { title: `Bản nháp ${tag}` }) });
    const live = await publishedEvent(trainer, org.orgId, workshop(5, { title: `Đang mở ${tag}` }));
    const online = await publishedEvent(trainer, org.orgId, workshop(6, { title: `Trực tuyến ${tag}`, kind: 'webinar', mode: 'online', venue: undefined, provinceId: undefined, link: 'https://meet.example.org/thu', cost: { kind: 'paid', amount: 200000, currency: 'VND' } }));
    const past = await publishedEvent(trainer, org.orgId, workshop(-10, { title: `Đã qua ${tag}` }));
    const ongoing = await publishedEvent(trainer, org.orgId, workshop(-1, { title: `Đang diễn ra ${tag}` }));
    const cancelled = await publishedEvent(trainer, org.orgId, workshop(7, { title: `Đã huỷ ${tag}` }));
    const c = await trainer.post(`${base}/${cancelled.id}/cancel`, { version: cancelled.version });
    expect(c.body.status).toBe('cancelled');

    const anon = new Visitor(t.baseUrl);
    const titles = async (query = '') => ((await anon.get(`/api/public/events${query}`)).body as { title: string }[]).map((e) => e.title).filter((x) => x.endsWith(tag));
    expect(await titles()).toEqual([`Đang diễn ra ${tag}`, `Đang mở ${tag}`, `Trực tuyến ${tag}`]);
    expect(await titles('?mode=online')).toEqual([`Trực tuyến ${tag}`]);
    expect(await titles('?kind=webinar&cost=paid')).toEqual([`Trực tuyến ${tag}`]);
    expect(await titles('?cost=free&provinceId=ha-noi')).toEqual([`Đang diễn ra ${tag}`, `Đang mở ${tag}`]);
    expect((await anon.get('/api/public/events?provinceId=atlantis')).status).toBe(400);

    const page = await anon.get(`/api/public/events/${live.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ status: 'published', open: true, over: false, seatsLeft: 25, capacity: 25, venue: 'Phòng họp tầng 2, nhà thử nghiệm' });
    expect(page.body.agenda).toHaveLength(3);
    expect(page.body.speakers[0].name).toBe('Diễn giả Hai');
    const onlinePage = await anon.get(`/api/public/events/${online.id}`);
    expect(JSON.stringify(onlinePage.body)).not.toContain('meet.example.org');
    expect((await anon.get(`/api/public/events/${draft.body.id}`)).body.code).toBe('EVENT_NOT_FOUND');
    expect((await anon.get(`/api/public/events/${cancelled.id}`)).body).toMatchObject({ status: 'cancelled', open: false });
    expect((await anon.get(`/api/public/events/${past.id}`)).body).toMatchObject({ over: true, open: false });

    // The public doors read as no organisation: row security shows events that are not drafts, and no registration at all.
    await register(live.id);
    const seen = await inPublic(t.ctx.db.kysely, async (tx) => ({
      drafts: await tx.selectFrom('events').select('id').where('status', '=', 'draft').execute(),
      registrations: await tx.selectFrom('event_registrations').select('id').execute(),
      attendance: await tx.selectFrom('event_attendance').select('registration_id').execute(),
    }));
    expect(seen).toEqual({ drafts: [], registrations: [], attendance: [] });
  });

  it('registers without login: sealed at rest, the code confirms it; full, cancelled, past and draft events are refused; the form is strict', async () => {
    const { org, trainer } = await trainerOrg();
    const ev = await publishedEvent(trainer, org.orgId, workshop(3, { capacity: 2, mode: 'hybrid', link: 'https://meet.example.org/lai' }));
    const first = await register(ev.id);
    expect(first.status).toBe(201);
    expect(first.body.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const stored = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('event_registrations').selectAll().where('event_id', '=', ev.id).executeTakeFirstOrThrow());
    expect(stored).toMatchObject({ org_id: org.orgId, event_id: ev.id, via: 'public', province_id: 'ha-noi', user_id: null, consent_version: '2026-11' });
    // The code is a bearer secret: the row keeps only its keyed hash, and nothing in it is the code.
    expect(stored.code).toBeNull();
    expect(stored.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.code_hash).not.toBe(first.body.code);
    expect(stored.code_hash).toBe(registrationCodeHash(t.ctx.crypto, first.body.code));
    expect(JSON.stringify(stored)).not.toContain(first.body.code);
    expect(stored.name_enc).toMatch(/^v1:/);
    expect(stored.name_enc).not.toContain('Mây');
    expect(stored.details_enc).not.toContain('may@example.org');

    const visitor = new Visitor(t.baseUrl);
    const conf = await visitor.get(`/api/public/registrations/${first.body.code.toLowerCase().replace('-', ' ')}`);
    expect(conf.status).toBe(200);
    expect(conf.body).toMatchObject({ code: first.body.code, status: 'registered', displayName: 'Bạn Mây', presentDays: [], event: { id: ev.id, mode: 'hybrid', link: 'https://meet.example.org/lai', provinceId: 'ha-noi' } });
    expect(conf.body).not.toHaveProperty('email');

    const unknown = await visitor.get('/api/public/registrations/ZZZZ-ZZZZ');
    const malformed = await visitor.get('/api/public/registrations/%3Cscript%3E');
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(malformed.body).toEqual(unknown.body);
    expect(unknown.body.code).toBe('EVENT_REGISTRATION_NOT_FOUND');

    // The holder cancels their own registration: the seat is freed, the confirmation says so, again changes nothing.
    const mine = await register(ev.id, person({ displayName: 'Bạn Đổi Ý' }));
    const cancelled = await visitor.post(`/api/public/registrations/${mine.body.code}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', displayName: 'Bạn Đổi Ý', event: { link: null } });
    expect((await visitor.post(`/api/public/registrations/${mine.body.code}/cancel`, {})).body.status).toBe('cancelled');
    expect((await visitor.post('/api/public/registrations/ZZZZ-ZZZZ/cancel', {})).status).toBe(404);

    const extra = await register(ev.id, person({ dateOfBirth: '1990-01-01' }));
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ code: 'VALIDATION', field: 'dateOfBirth' });
    const noConsent = await register(ev.id, person({ consent: false }));
    expect(noConsent.body).toMatchObject({ code: 'VALIDATION', field: 'consent' });
    expect(noConsent.body.message).toMatch(/consent/);

    expect((await register(ev.id, person({ displayName: 'Bạn Gió', provinceId: undefined, country: 'TH', email: undefined, phone: '+66 81 000 0000' }))).status).toBe(201);
    const full = await register(ev.id, person({ displayName: 'Bạn Mưa' }));
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('EVENT_FULL');
    expect((await new Visitor(t.baseUrl).get(`/api/public/events/${ev.id}`)).body).toMatchObject({ seatsLeft: 0, open: false });

    const past = await publishedEvent(trainer, org.orgId, workshop(-5));
    expect((await register(past.id)).body.code).toBe('EVENT_OVER');
    const gone = await publishedEvent(trainer, org.orgId, workshop(4));
    await trainer.post(`/api/organisations/${org.orgId}/events/${gone.id}/cancel`, { version: gone.version });
    expect((await register(gone.id)).body.code).toBe('EVENT_CANCELLED');
    const draft = await trainer.post(`/api/organisations/${org.orgId}/events`, { event: workshop() });
    const toDraft = await register(draft.body.id);
    expect(toDraft.status).toBe(404);
    expect(toDraft.body.code).toBe('EVENT_NOT_FOUND');
  });

  it('checks people in by code, per day and idempotently; refuses what is not a code, not registered, cancelled or not a day', async () => {
    const { org, trainer } = await trainerOrg();
    const ev = await publishedEvent(trainer, org.orgId);
    const { days } = workshop();
    const [d1, d2] = days as [string, string];
    const code: string = (await register(ev.id)).body.code;
    const url = `/api/organisations/${org.orgId}/events/${ev.id}/check-in`;

    const first = await trainer.post(url, { code: code.toLowerCase(), day: d1 });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ result: 'present', code, day: d1, displayName: 'Bạn Mây', presentDays: [d1] });
    const again = await trainer.post(url, { code, day: d1 });
    expect(again.body).toMatchObject({ result: 'already_present', presentDays: [d1] });
    expect((await trainer.post(url, { code, day: d2 })).body).toMatchObject({ result: 'present', presentDays: [d1, d2] });

    const notADay = await trainer.post(url, { code, day: addDays(d2, 1) });
    expect(notADay.status).toBe(400);
    expect(notADay.body).toMatchObject({ code: 'CHECKIN_DAY_NOT_IN_EVENT', field: 'day' });
    expect((await trainer.post(url, { code: 'hello', day: d1 })).body.code).toBe('CHECKIN_NOT_A_CODE');
    const stranger = await trainer.post(url, { code: 'ZZZZ-ZZZZ', day: d1 });
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('CHECKIN_NOT_REGISTERED');
    // A code of another event of the same organisation is not registered here.
    const other = await publishedEvent(trainer, org.orgId);
    const otherCode: string = (await register(other.id)).body.code;
    expect((await trainer.post(url, { code: otherCode, day: d1 })).body.code).toBe('CHECKIN_NOT_REGISTERED');

    // At the desk, then cancelled: the seat is freed and the code no longer checks in.
    const desk = await trainer.post(`/api/organisations/${org.orgId}/events/${ev.id}/registrations`, person({ displayName: 'Bạn Sương', email: undefined }));
    expect(desk.status).toBe(201);
    // The desk answer carries the code once, for the person standing there.
    expect(desk.body).toMatchObject({ via: 'desk', displayName: 'Bạn Sương', code: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/) });
    codesSeen.push(desk.body.code);
    expect((await new Visitor(t.baseUrl).get(`/api/public/registrations/${desk.body.code}`)).body).toMatchObject({ status: 'registered', displayName: 'Bạn Sương' });
    const cancel = await trainer.post(`/api/organisations/${org.orgId}/events/${ev.id}/registrations/${desk.body.id}/cancel`, {});
    expect(cancel.body.cancelledAt).not.toBeNull();
    const cancelled = await trainer.post(url, { code: desk.body.code, day: d1 });
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.code).toBe('CHECKIN_REGISTRATION_CANCELLED');
    expect((await new Visitor(t.baseUrl).get(`/api/public/registrations/${desk.body.code}`)).body.status).toBe('cancelled');

    const sheet = await trainer.get(`/api/organisations/${org.orgId}/events/${ev.id}/attendance`);
    expect(sheet.status).toBe(200);
    expect(sheet.body.registered).toBe(1);
    expect(sheet.body.days.map((d: { day: string; present: unknown[] }) => [d.day, d.present.length])).toEqual([
      [d1, 1],
      [d2, 1],
    ]);
    expect(sheet.body.days[0].present[0]).toMatchObject({ displayName: 'Bạn Mây', organisation: 'Nhóm đồng đẳng thử' });
    expect(sheet.body.days[0].present[0]).not.toHaveProperty('code');

    // The trainer's list has no codes: the server does not keep them.
    const regs = await trainer.get(`/api/organisations/${org.orgId}/events/${ev.id}/registrations`);
    for (const r of regs.body) expect(r).not.toHaveProperty('code');
    expect(regs.body.map((r: { displayName: string; presentDays: string[] }) => [r.displayName, r.presentDays])).toEqual([
      ['Bạn Mây', [d1, d2]],
      ['Bạn Sương', []],
    ]);
    const list = await trainer.get(`/api/organisations/${org.orgId}/events`);
    expect(list.body.find((e: { id: string }) => e.id === ev.id)).toMatchObject({ registered: 1, present: 1 });

    // A day that has attendance cannot be dropped; a draft is not checked in to.
    const dropped = await trainer.request('PUT', `/api/organisations/${org.orgId}/events/${ev.id}`, { event: workshop(10, { days: [d1], agenda: [] }), version: ev.version });
    expect(dropped.status).toBe(409);
    expect(dropped.body).toMatchObject({ code: 'EVENT_DAY_HAS_ATTENDANCE', field: 'days' });
    const draft = await trainer.post(`/api/organisations/${org.orgId}/events`, { event: workshop() });
    expect((await trainer.post(`/api/organisations/${org.orgId}/events/${draft.body.id}/check-in`, { code, day: d1 })).body.code).toBe('EVENT_NOT_PUBLISHED');
  });

  it('checks a code in once when two desks scan it at the same moment: one present, one audit row', async () => {
    const { org, trainer } = await trainerOrg();
    const ev = await publishedEvent(trainer, org.orgId);
    const day = workshop().days[0]!;
    const code: string = (await register(ev.id)).body.code;
    const desks = [trainer, await loggedIn(t, org, 'manager'), trainer, trainer, trainer, trainer];
    const answers = await Promise.all(desks.map((d) => d.post(`/api/organisations/${org.orgId}/events/${ev.id}/check-in`, { code, day })));
    expect(answers.map((a) => a.status)).toEqual(desks.map(() => 200));
    expect(answers.filter((a) => a.body.result === 'present')).toHaveLength(1);
    expect(answers.filter((a) => a.body.result === 'already_present')).toHaveLength(desks.length - 1);
    for (const a of answers) expect(a.body.presentDays).toEqual([day]);
    const rows = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select('action').where('org_id', '=', org.orgId).where('action', '=', 'event_attendance.check_in').execute());
    expect(rows).toHaveLength(1);

    if (dialect === 'postgres') {
      // Deterministically: another desk's check-in is not yet committed when this one reads the
      // sheet; this one's insert waits for it, then finds the row. It must say already present.
      const second: string = (await register(ev.id, person({ displayName: 'Bạn Thứ Hai' }))).body.code;
      const regs = (await trainer.get(`/api/organisations/${org.orgId}/events/${ev.id}/registrations`)).body as { id: string; displayName: string }[];
      const regId = regs.find((r) => r.displayName === 'Bạn Thứ Hai')!.id;
      let answer: Promise<{ status: number; body: { result: string } }> | undefined;
      await asSystem(t.ctx.db.kysely, async (tx) => {
        await tx.insertInto('event_attendance').values({ org_id: org.orgId, event_id: ev.id, registration_id: regId, day, by_user: null }).execute();
        answer = trainer.post(`/api/organisations/${org.orgId}/events/${ev.id}/check-in`, { code: second, day });
        await new Promise((r) => setTimeout(r, 700));
      });
      expect((await answer!).body.result).toBe('already_present');
      const after = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select('action').where('org_id', '=', org.orgId).where('action', '=', 'event_attendance.check_in').execute());
      expect(after).toHaveLength(1);
    }
  });

  it('links a registration to an account: a logged-in person who says it is for them, or a trainer by username', async () => {
    const { org, trainer } = await trainerOrg();
    const ev = await publishedEvent(trainer, org.orgId);
    const worker = await loggedIn(t, org, 'fieldworker');
    const own = await worker.post(`/api/public/events/${ev.id}/registrations`, person({ displayName: 'Tôi', forMe: true }));
    expect(own.status).toBe(201);
    codesSeen.push(own.body.code);
    // Logged in, registering someone else (the box left unticked): not linked to the one logged in.
    const forOther = await worker.post(`/api/public/events/${ev.id}/registrations`, person({ displayName: 'Bạn Được Đăng Ký Hộ' }));
    expect(forOther.status).toBe(201);
    codesSeen.push(forOther.body.code);
    const explicitNo = await worker.post(`/api/public/events/${ev.id}/registrations`, person({ displayName: 'Bạn Khác', forMe: false }));
    codesSeen.push(explicitNo.body.code);
    // Ticked without logging in: nothing to link.
    const nobodyLoggedIn = await register(ev.id, person({ displayName: 'Bạn Vô Danh', forMe: true }));
    expect(nobodyLoggedIn.status).toBe(201);
    const anonymous = await register(ev.id, person({ displayName: 'Bạn Sao' }));
    expect(anonymous.status).toBe(201);
    const regs = (await trainer.get(`/api/organisations/${org.orgId}/events/${ev.id}/registrations`)).body as { id: string; displayName: string; userId: string | null; linkedUsername: string | null }[];
    const named = (name: string) => regs.find((r) => r.displayName === name);
    expect(named('Tôi')).toMatchObject({ userId: org.users.fieldworker!.userId, linkedUsername: org.users.fieldworker!.username });
    for (const other of ['Bạn Được Đăng Ký Hộ', 'Bạn Khác', 'Bạn Vô Danh']) expect(named(other)).toMatchObject({ userId: null, linkedUsername: null });
    // The desk form takes no such box.
    expect((await trainer.post(`/api/organisations/${org.orgId}/events/${ev.id}/registrations`, person({ forMe: true }))).body).toMatchObject({ code: 'VALIDATION', field: 'forMe' });
    const target = named('Bạn Sao')!;
    expect(target.userId).toBeNull();

    const other = await seedOrg(t, 'community_organisation', ['fieldworker']);
    const url = `/api/organisations/${org.orgId}/events/${ev.id}/registrations/${target.id}/user`;
    const linked = await trainer.request('PUT', url, { username: other.users.fieldworker!.username });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ userId: other.users.fieldworker!.userId, linkedUsername: other.users.fieldworker!.username });
    const nobody = await trainer.request('PUT', url, { username: 'khong-ai-ca' });
    expect(nobody.status).toBe(404);
    expect(nobody.body).toMatchObject({ code: 'EVENT_USER_NOT_FOUND', field: 'username' });
    expect((await trainer.request('PUT', url, { username: null })).body.userId).toBeNull();
  });

  it('refuses another organisation’s trainer and a fieldworker; a manager may', async () => {
    const { org, trainer } = await trainerOrg();
    const ev = await publishedEvent(trainer, org.orgId);
    const code: string = (await register(ev.id)).body.code;
    const outsider = await trainerOrg();
    const worker = await loggedIn(t, org, 'fieldworker');
    const base = `/api/organisations/${org.orgId}/events`;
    for (const c of [outsider.trainer, worker]) {
      expect((await c.get(base)).status).toBe(403);
      expect((await c.get(`${base}/${ev.id}/registrations`)).status).toBe(403);
      expect((await c.post(`${base}/${ev.id}/check-in`, { code, day: workshop().days[0] })).status).toBe(403);
      expect((await c.post(base, { event: workshop() })).status).toBe(403);
    }
    // The outsider's own organisation does not hold the event either.
    expect((await outsider.trainer.get(`/api/organisations/${outsider.org.orgId}/events/${ev.id}`)).body.code).toBe('EVENT_NOT_FOUND');
    expect((await outsider.trainer.post(`/api/organisations/${outsider.org.orgId}/events/${ev.id}/check-in`, { code, day: workshop().days[0] })).body.code).toBe('EVENT_NOT_FOUND');
    const manager = await loggedIn(t, org, 'manager');
    expect((await manager.get(`${base}/${ev.id}/registrations`)).status).toBe(200);
    expect((await new Client(t.baseUrl).get(base)).status).toBe(401);
  });

  it('finds a registration by the hash of the code presented at every door: confirmation, test, check-in, cancelling', async () => {
    const { org, trainer } = await trainerOrg();
    const courseId = await createCourseWithTest(trainer, org.orgId);
    const ev = await publishedEvent(trainer, org.orgId, workshop(3, { courseId }));
    const day = workshop(3).days[0]!;
    const code: string = (await register(ev.id, person({ displayName: 'Bạn Sóc' }))).body.code;
    const typed = code.toLowerCase().replace('-', ' ');
    const visitor = new Visitor(t.baseUrl);
    expect((await visitor.get(`/api/public/registrations/${typed}`)).body).toMatchObject({ code, status: 'registered', displayName: 'Bạn Sóc' });
    const test = await visitor.get(`/api/public/registrations/${typed}/test/pre`);
    expect(test.status).toBe(200);
    expect(test.body.questions).toHaveLength(QUESTIONS.length);
    expect((await visitor.get(`/api/public/registrations/${code}/training`)).status).toBe(200);
    expect((await trainer.post(`/api/organisations/${org.orgId}/events/${ev.id}/check-in`, { code: typed, day })).body).toMatchObject({ result: 'present', code, displayName: 'Bạn Sóc' });
    expect((await visitor.post(`/api/public/registrations/${typed}/cancel`, {})).body).toMatchObject({ code, status: 'cancelled' });
    // A cancelled registration sits no test.
    expect((await visitor.get(`/api/public/registrations/${code}/test/pre`)).body.code).toBe('TEST_CODE_NOT_FOUND');
  });

  it('issues a new code to a registrant who lost theirs: the old one stops working everywhere; only the organisation’s trainers and managers may', async () => {
    const { org, trainer } = await trainerOrg();
    const ev = await publishedEvent(trainer, org.orgId);
    const day = workshop().days[0]!;
    const old: string = (await register(ev.id, person({ displayName: 'Bạn Quên Mã' }))).body.code;
    const [reg] = (await trainer.get(`/api/organisations/${org.orgId}/events/${ev.id}/registrations`)).body as { id: string }[];
    const url = `/api/organisations/${org.orgId}/events/${ev.id}/registrations/${reg!.id}/code`;

    // Another organisation's trainer and a fieldworker are refused like every organiser route; nothing changes.
    const outsider = await trainerOrg();
    const worker = await loggedIn(t, org, 'fieldworker');
    for (const c of [outsider.trainer, worker]) expect((await c.post(url, {})).status).toBe(403);
    const viaOwnOrg = await outsider.trainer.post(`/api/organisations/${outsider.org.orgId}/events/${ev.id}/registrations/${reg!.id}/code`, {});
    expect(viaOwnOrg.status).toBe(404);
    expect((await new Visitor(t.baseUrl).get(`/api/public/registrations/${old}`)).status).toBe(200);

    const fresh = await trainer.post(url, {});
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ id: reg!.id, displayName: 'Bạn Quên Mã', code: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/) });
    const code: string = fresh.body.code;
    codesSeen.push(code);
    expect(code).not.toBe(old);
    const row = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('event_registrations').select(['code', 'code_hash']).where('id', '=', reg!.id).executeTakeFirstOrThrow());
    expect(row).toEqual({ code: null, code_hash: registrationCodeHash(t.ctx.crypto, code) });

    // The old code: not found at any door, as an unknown code is.
    const visitor = new Visitor(t.baseUrl);
    const gone = await visitor.get(`/api/public/registrations/${old}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual((await visitor.get('/api/public/registrations/ZZZZ-ZZZZ')).body);
    expect((await visitor.post(`/api/public/registrations/${old}/cancel`, {})).status).toBe(404);
    expect((await visitor.get(`/api/public/registrations/${old}/training`)).body.code).toBe('TEST_CODE_NOT_FOUND');
    expect((await trainer.post(`/api/organisations/${org.orgId}/events/${ev.id}/check-in`, { code: old, day })).body.code).toBe('CHECKIN_NOT_REGISTERED');
    // The new one opens them.
    expect((await visitor.get(`/api/public/registrations/${code}`)).body).toMatchObject({ code, status: 'registered', displayName: 'Bạn Quên Mã' });
    expect((await trainer.post(`/api/organisations/${org.orgId}/events/${ev.id}/check-in`, { code, day })).body).toMatchObject({ result: 'present', code });

    // A manager may too; an unknown registration is not found.
    const manager = await loggedIn(t, org, 'manager');
    const again = await manager.post(url, {});
    expect(again.status).toBe(200);
    codesSeen.push(again.body.code);
    expect((await new Visitor(t.baseUrl).get(`/api/public/registrations/${code}`)).status).toBe(404);
    expect((await trainer.post(`/api/organisations/${org.orgId}/events/${ev.id}/registrations/019b0000-0000-7000-8000-0000000000aa/code`, {})).body.code).toBe('EVENT_REGISTRATION_NOT_FOUND');

    const audit = await asSystem(t.ctx.db.kysely, (tx) =>
      tx.selectFrom('audit_log').select(['actor_user_id', 'entity_id']).where('org_id', '=', org.orgId).where('action', '=', 'event_registration.reissue_code').orderBy('seq').execute(),
    );
    expect(audit).toEqual([
      { actor_user_id: org.users.trainer!.userId, entity_id: reg!.id },
      { actor_user_id: org.users.manager!.userId, entity_id: reg!.id },
    ]);
  });

  it('the seal step hashes codes written in clear before 0013, which then still open every door; a second run converts nothing', async () => {
    const { org, trainer } = await trainerOrg();
    const courseId = await createCourseWithTest(trainer, org.orgId);
    const ev = await publishedEvent(trainer, org.orgId, workshop(5, { courseId }));
    const day = workshop(5).days[0]!;
    // Rows as 0008 wrote them: the code in clear, no hash. One as typed, in lower case without its dash.
    const plain = newRegistrationCode((n) => randomBytes(n));
    const sloppy = newRegistrationCode((n) => randomBytes(n));
    const ids = [randomUUID(), randomUUID()];
    await asSystem(t.ctx.db.kysely, (tx) =>
      tx
        .insertInto('event_registrations')
        .values(
          [plain, sloppy.toLowerCase().replace('-', '')].map((code, i) => ({
            id: ids[i]!,
            org_id: org.orgId,
            event_id: ev.id,
            code,
            name_enc: t.ctx.crypto.encrypt(`Bạn Cũ ${i + 1}`),
            details_enc: t.ctx.crypto.encrypt('{}'),
            province_id: 'ha-noi',
            country: null,
            user_id: null,
            via: 'public' as const,
            consent_version: '2026-11',
          })),
        )
        .execute(),
    );
    codesSeen.push(plain, sloppy);

    expect(await sealRegistrationCodes.run(t.ctx.db.kysely, t.ctx.crypto)).toBeGreaterThanOrEqual(2);
    const rows = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('event_registrations').select(['id', 'code', 'code_hash']).where('id', 'in', ids).orderBy('id').execute());
    expect(new Map(rows.map((r) => [r.id, [r.code, r.code_hash]]))).toEqual(
      new Map([
        [ids[0]!, [null, registrationCodeHash(t.ctx.crypto, plain)]],
        [ids[1]!, [null, registrationCodeHash(t.ctx.crypto, sloppy)]],
      ]),
    );
    expect(await sealRegistrationCodes.run(t.ctx.db.kysely, t.ctx.crypto)).toBe(0);

    // The codes their holders kept still work at every door.
    const visitor = new Visitor(t.baseUrl);
    for (const [i, code] of [plain, sloppy].entries()) {
      expect((await visitor.get(`/api/public/registrations/${code}`)).body).toMatchObject({ code, status: 'registered', displayName: `Bạn Cũ ${i + 1}` });
      expect((await visitor.get(`/api/public/registrations/${code.toLowerCase()}/test/pre`)).status).toBe(200);
      expect((await trainer.post(`/api/organisations/${org.orgId}/events/${ev.id}/check-in`, { code, day })).body).toMatchObject({ result: 'present', code });
    }
    expect((await visitor.post(`/api/public/registrations/${plain}/cancel`, {})).body.status).toBe('cancelled');
  });

  it('audits writes and reads of registrations, in an unbroken chain', async () => {
    const { org, trainer } = await trainerOrg();
    const ev = await publishedEvent(trainer, org.orgId);
    const code: string = (await register(ev.id)).body.code;
    await new Visitor(t.baseUrl).get(`/api/public/registrations/${code}`);
    await trainer.get(`/api/organisations/${org.orgId}/events/${ev.id}/registrations`);
    await trainer.post(`/api/organisations/${org.orgId}/events/${ev.id}/check-in`, { code, day: workshop().days[0] });
    await trainer.get(`/api/organisations/${org.orgId}/events/${ev.id}/attendance`);
    const rows = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'actor_role', 'actor_user_id']).where('org_id', '=', org.orgId).orderBy('seq').execute());
    expect(rows.map((r) => r.action)).toEqual([
      'event.create',
      'event.publish',
      'event_registration.create',
      'event_registration.read_confirmation',
      'event_registration.list',
      'event_attendance.check_in',
      'event_attendance.read',
    ]);
    expect(rows[2]).toMatchObject({ actor_role: 'public', actor_user_id: null });
    expect(rows[4]).toMatchObject({ actor_role: 'trainer', actor_user_id: org.users.trainer!.userId });
    expect((await asSystem(t.ctx.db.kysely, (tx) => verifyAudit(tx))).firstBreak).toBeNull();
  });

  it('limits registrations per event and per address, with Retry-After; code misses per address; a limited address cannot even confirm a good code', async () => {
    const { org, trainer } = await trainerOrg();
    const events = [];
    for (let i = 0; i < Math.ceil(PUBLIC_LIMITS.register.max / PUBLIC_LIMITS.registerEvent.max) + 1; i++) events.push(await publishedEvent(trainer, org.orgId, workshop(8, { capacity: null })));
    const ev = events[0]!;
    const script = new Visitor(t.baseUrl);
    // One address registers a few people per event, not the whole room.
    for (let i = 0; i < PUBLIC_LIMITS.registerEvent.max; i++) expect((await register(ev.id, person({ displayName: `Khách ${i}` }), script)).status).toBe(201);
    const perEvent = await register(ev.id, person(), script);
    expect(perEvent.status).toBe(429);
    expect(perEvent.body.code).toBe('PUBLIC_TOO_MANY_REQUESTS');
    expect(Number(perEvent.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other events still take its registrations, up to the global limit.
    let made = PUBLIC_LIMITS.registerEvent.max;
    for (const other of events.slice(1)) {
      for (let i = 0; i < PUBLIC_LIMITS.registerEvent.max && made < PUBLIC_LIMITS.register.max; i++, made++) expect((await register(other.id, person({ displayName: `Khách ${made}` }), script)).status).toBe(201);
    }
    const refused = await register(events[events.length - 1]!.id, person(), script);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('PUBLIC_TOO_MANY_REQUESTS');
    // Another address is not held back.
    const good: string = (await register(ev.id)).body.code;

    const guesser = new Visitor(t.baseUrl);
    expect((await guesser.get(`/api/public/registrations/${good}`)).status).toBe(200);
    for (let i = 0; i < PUBLIC_LIMITS.lookupMiss.max; i++) expect((await guesser.get(`/api/public/registrations/ZZZZ-ZZ${String(i).padStart(2, '0').replace(/[01]/g, 'A')}`)).status).toBe(404);
    const limited = await guesser.get(`/api/public/registrations/${good}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect((await new Visitor(t.baseUrl).get(`/api/public/registrations/${good}`)).status).toBe(200);
  });

  it('counts guesses sent at once: no more misses pass than the limit allows; hits do not count', async () => {
    const { org, trainer } = await trainerOrg();
    const ev = await publishedEvent(trainer, org.orgId);
    const good: string = (await register(ev.id)).body.code;
    const guesser = new Visitor(t.baseUrl);
    // Hits, many of them, leave the whole allowance for misses.
    for (let i = 0; i < PUBLIC_LIMITS.lookupMiss.max + 2; i++) expect((await guesser.get(`/api/public/registrations/${good}`)).status).toBe(200);
    const burst = await Promise.all(Array.from({ length: PUBLIC_LIMITS.lookupMiss.max + 10 }, (_, i) => guesser.get(`/api/public/registrations/ZZZZ-Z${String(i).padStart(3, '0').replace(/[01]/g, 'A')}`)));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(PUBLIC_LIMITS.lookupMiss.max);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    // The training doors and certificate verification share the count.
    expect((await guesser.get(`/api/public/registrations/${good}/training`)).status).toBe(429);
    expect((await guesser.get('/api/public/certificates/ABCD-EFGH-J')).status).toBe(429);
  });

  it('counts IPv6 addresses by their /64: a fresh address in the same /64 is the same guesser', async () => {
    const { org, trainer } = await trainerOrg();
    const ev = await publishedEvent(trainer, org.orgId);
    const good: string = (await register(ev.id)).body.code;
    const prefix = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
    for (let i = 0; i < PUBLIC_LIMITS.lookupMiss.max; i++) {
      const hopper = new Visitor(t.baseUrl, `${prefix}:${randomBytes(2).toString('hex')}::${i + 1}`);
      expect((await hopper.get(`/api/public/registrations/ZZZZ-ZZ${String(i).padStart(2, '0').replace(/[01]/g, 'A')}`)).status).toBe(404);
    }
    expect((await new Visitor(t.baseUrl, `${prefix}:ffff:ffff:ffff:fff0`).get(`/api/public/registrations/${good}`)).status).toBe(429);
    const neighbour = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`;
    expect((await new Visitor(t.baseUrl, neighbour).get(`/api/public/registrations/${good}`)).status).toBe(200);
  });

  it('never logs a registration code or a registrant’s name', () => {
    expect(codesSeen.length).toBeGreaterThan(5);
    expect(logs.text).toContain('/api/public/registrations/:code');
    for (const code of codesSeen) {
      expect(logs.text).not.toContain(code);
      expect(logs.text).not.toContain(code.toLowerCase());
    }
    expect(logs.text).not.toContain('Bạn Mây');
    expect(logs.text).not.toContain('may@example.org');
  });
});
