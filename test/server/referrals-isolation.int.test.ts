import type { RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { inOrg } from '../../src/server/db/scope.ts';
import { loggedIn, seedOrg, startTestApp, type Client, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { Device, seedFieldOrg, type FieldOrg } from '../helpers/field.ts';
import { openCrisisEpisode, closeCrisisEpisode, PHQ9_MODERATE, recordScreening } from '../helpers/mental-health.ts';
import { addProvider, createReferral } from '../helpers/referrals.ts';

/** Every route of the real app, as registered (the route-access test's way of walking them). */
async function routeTable(t: TestApp): Promise<{ method: string; url: string }[]> {
  const seen: { method: string; url: string }[] = [];
  const app = await buildApp(t.ctx, { logger: false, serveWeb: false, onRoute: (r: RouteOptions) => [r.method].flat().forEach((method) => seen.push({ method, url: r.url })) });
  await app.ready();
  await app.close();
  return seen.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && !r.url.startsWith('/api/docs'));
}

/**
 * Issue #5: the receiving organisation sees the referral and the fields the client consented to
 * share, and nothing else of the client. Every route of the API is tried, with every id we know
 * put in every path parameter and each of the three organisations named, by a clinician of the
 * receiving clinic, a field worker of a third organisation and an evaluator of the referring
 * organisation. No answer may carry the client's UIC, id, nickname or phone, a contact's or crisis
 * episode's notes, a screening that was not shared, or another referral's reason; only the
 * clinician finds the referral, and only with its consented reason.
 */
describe.each(testDialects())('what the receiving organisation can learn of a referred client, on %s', (dialect) => {
  let t: TestApp;
  let referrer: FieldOrg;
  let clinic: SeededOrg;
  let third: FieldOrg;
  let routes: { method: string; url: string }[];
  const ids: Record<string, string> = {};
  const SHARED_REASON = 'Lý do chia sẻ: mất ngủ, hoảng sợ về đêm';
  const PRIVATE = {
    uic: 'ISBOM92',
    nickname: 'Bí-Ẩn-Nickname',
    phone: '0000 333 444',
    contactNote: 'Ghi-chú-riêng ở nhà trọ số 7',
    crisisNote: 'Ghi-chú-khủng-hoảng riêng',
    otherReason: 'Lý-do-riêng của giới thiệu khác',
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    routes = await routeTable(t);
    referrer = await seedFieldOrg(t, ['admin', 'manager', 'fieldworker', 'evaluator']);
    clinic = await seedOrg(t, 'clinic', ['clinician']);
    third = await seedFieldOrg(t, ['manager', 'fieldworker']);
    const manager = await loggedIn(t, referrer, 'manager');
    const worker = await loggedIn(t, referrer, 'fieldworker');
    ids.inNetwork = await addProvider(manager, { orgId: clinic.orgId });
    ids.listed = await addProvider(manager, { kind: 'shelter', services: ['shelter'] });

    const device = new Device(referrer);
    const reg = device.registerClient(PRIVATE.uic, {
      consents: [
        { kind: 'services', given: true },
        { kind: 'referral_sharing', given: true },
      ],
    });
    const args = reg.m.args as { profile: Record<string, unknown> };
    args.profile = { ...args.profile, nickname: PRIVATE.nickname, phone: PRIVATE.phone };
    const contact = device.recordContact(reg.clientId, { notes: PRIVATE.contactNote });
    const screening = recordScreening(device, reg.clientId, 'phq9', PHQ9_MODERATE);
    const episode = openCrisisEpisode(device, reg.clientId);
    const closed = closeCrisisEpisode(device, episode.episodeId, { notes: PRIVATE.crisisNote });
    const shared = createReferral(device, reg.clientId, ids.inNetwork, { share: ['reason'], reason: SHARED_REASON, contactId: contact.contactId, crisisEpisodeId: episode.episodeId });
    const other = createReferral(device, reg.clientId, ids.listed, { reason: PRIVATE.otherReason, service: 'shelter' });
    const res = await worker.post('/api/sync/push', device.push([reg.m, contact.m, screening.m, episode.m, closed, shared.m, other.m]));
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(Array(7).fill('applied'));
    Object.assign(ids, {
      clientId: reg.clientId,
      contactId: contact.contactId,
      screeningId: screening.screeningId,
      episodeId: episode.episodeId,
      referralId: shared.referralId,
      code: shared.code,
      otherReferralId: other.referralId,
      otherCode: other.code,
    });
  });
  afterAll(async () => t?.close());

  /** Every answer of every route to `person`, with each known id in each path parameter. */
  async function everyAnswer(person: Client, ownOrgId: string): Promise<{ call: string; status: number; text: string }[]> {
    const answers: { call: string; status: number; text: string }[] = [];
    const idsFor = (name: string): string[] =>
      name === 'code' ? [ids.code!, ids.otherCode!] : name === 'presentation' ? ['panic'] : name === 'lang' ? ['vi'] : [ids.referralId!, ids.otherReferralId!, ids.clientId!, ids.contactId!, ids.screeningId!, ids.episodeId!, ids.inNetwork!];
    const orgIds = [...new Set([ownOrgId, referrer.orgId, clinic.orgId, third.orgId])];
    for (const route of routes) {
      // Logging out would end the walk; the setup page is the first administrator's.
      if (route.url.startsWith('/api/auth/') || route.url === '/api/setup') continue;
      const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!).filter((n) => n !== 'orgId');
      const urls = new Set<string>();
      for (const orgId of route.url.includes(':orgId') ? orgIds : [ownOrgId]) {
        for (const value of names.length ? names.flatMap(idsFor) : ['-']) {
          urls.add(route.url.replace(/:(\w+)/g, (_, n: string) => (n === 'orgId' ? orgId : n === names[0] ? value : idsFor(n)[0]!)));
        }
      }
      for (const url of urls) {
        const query = route.url === '/api/sync/pull' ? `?deviceId=01900000-0000-7000-8000-00000000d1e0&orgId=${ownOrgId}&cookie=0` : '';
        const res = await person.request(route.method, url + query, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
        answers.push({ call: `${route.method} ${url}${query}`, status: res.status, text: JSON.stringify(res.body) });
      }
    }
    return answers;
  }

  function leaks(answers: { call: string; text: string }[], secrets: string[]): string[] {
    return answers.flatMap((a) => secrets.filter((s) => a.text.includes(s)).map((s) => `${a.call} → ${s}`));
  }

  const clientSecrets = () => [PRIVATE.uic, PRIVATE.nickname, PRIVATE.phone, PRIVATE.contactNote, PRIVATE.crisisNote, PRIVATE.otherReason, ids.clientId!, ids.contactId!, ids.screeningId!, ids.episodeId!];

  it('a clinician of the receiving clinic finds the referral and its consented reason, and nothing else of the client, on any route', async () => {
    const clinician = await loggedIn(t, clinic, 'clinician');
    const answers = await everyAnswer(clinician, clinic.orgId);
    expect(answers.length).toBeGreaterThan(routes.length);
    expect(leaks(answers, [...clientSecrets(), ids.otherCode!, ids.otherReferralId!])).toEqual([]);
    const seen = answers.filter((a) => a.status === 200 && a.text.includes(ids.code!)).map((a) => a.call.split(' ')[0] + ' ' + a.call.split(' ')[1]!.replace(ids.referralId!, ':id').replace(ids.code!, ':code').replace(clinic.orgId, ':orgId'));
    expect(new Set(seen)).toEqual(
      new Set([
        'GET /api/organisations/:orgId/referrals/received',
        'GET /api/organisations/:orgId/referrals/received/:id',
        'GET /api/referrals/by-code/:code',
      ]),
    );
    const reasonAt = answers.filter((a) => a.text.includes(SHARED_REASON)).map((a) => a.call);
    expect(reasonAt).toEqual([`GET /api/organisations/${clinic.orgId}/referrals/received/${ids.referralId}`]);

    // Row security, beneath the routes: in the clinic's transaction the client's tables are empty.
    const seenInDb = await inOrg(t.ctx.db.kysely, clinic.orgId, async (tx) => ({
      clients: (await tx.selectFrom('clients').select('id').execute()).length,
      contacts: (await tx.selectFrom('contacts').select('id').execute()).length,
      screenings: (await tx.selectFrom('screenings').select('id').execute()).length,
      episodes: (await tx.selectFrom('crisis_episodes').select('id').execute()).length,
      consents: (await tx.selectFrom('client_consents').select('id').execute()).length,
      referrals: (await tx.selectFrom('referrals').select('id').execute()).map((r) => r.id),
      events: new Set((await tx.selectFrom('referral_events').select('referral_id').execute()).map((e) => e.referral_id)),
    }));
    expect(seenInDb).toEqual({ clients: 0, contacts: 0, screenings: 0, episodes: 0, consents: 0, referrals: [ids.referralId], events: new Set([ids.referralId]) });
  });

  it('a field worker of a third organisation learns nothing of the client or of either referral', async () => {
    const worker = await loggedIn(t, third, 'fieldworker');
    const answers = await everyAnswer(worker, third.orgId);
    expect(leaks(answers, [...clientSecrets(), SHARED_REASON, ids.code!, ids.otherCode!, ids.referralId!, ids.otherReferralId!])).toEqual([]);
    // The directory is the network's: the third organisation finds the providers.
    expect(answers.some((a) => a.call === 'GET /api/providers' && a.text.includes(ids.inNetwork!))).toBe(true);
  });

  it('row security is on for every referral table; events are append-only; codes and the directory are not the app’s to write', async () => {
    const tables = ['providers', 'provider_feedback', 'referrals', 'referral_events', 'referral_codes'];
    const rls = await sql<{ relname: string; relrowsecurity: boolean }>`select relname, relrowsecurity from pg_class where relkind = 'r' and relname in (${sql.join(tables)})`.execute(t.ctx.db.kysely);
    expect(Object.fromEntries(rls.rows.map((r) => [r.relname, r.relrowsecurity]))).toEqual(Object.fromEntries(tables.map((x) => [x, true])));
    const grants = await sql<{ table_name: string; privilege_type: string }>`
      select table_name, privilege_type from information_schema.role_table_grants
      where grantee = 'fieldlab_app' and table_name in (${sql.join(tables)})`.execute(t.ctx.db.kysely);
    const held = (table: string) => grants.rows.filter((g) => g.table_name === table).map((g) => g.privilege_type).sort();
    expect(held('providers')).toEqual(['SELECT']);
    expect(held('referral_codes')).toEqual([]);
    expect(held('referral_events')).toEqual(['INSERT', 'SELECT']);
    expect(held('referrals')).toEqual(['INSERT', 'SELECT', 'UPDATE']);
    // And the clinic cannot rewrite the referral it received, even as fieldlab_app with a crafted query.
    const changed = await inOrg(t.ctx.db.kysely, clinic.orgId, (tx) => tx.updateTable('referrals').set({ status: 'completed' }).where('id', '=', ids.referralId!).executeTakeFirst());
    expect(Number(changed.numUpdatedRows)).toBe(0);
  });

  it('the probe finds what it looks for: walked by the referring organisation’s own worker, the answers carry every secret', async () => {
    const worker = await loggedIn(t, referrer, 'fieldworker');
    const answers = await everyAnswer(worker, referrer.orgId);
    const found = (s: string) => answers.some((a) => a.text.includes(s));
    expect([PRIVATE.uic, PRIVATE.nickname, PRIVATE.phone, PRIVATE.contactNote, PRIVATE.crisisNote, PRIVATE.otherReason, SHARED_REASON, ids.code!].filter((s) => !found(s))).toEqual([]);
  });

  it('an evaluator of the referring organisation sees no referral and no client data', async () => {
    const evaluator = await loggedIn(t, referrer, 'evaluator');
    const answers = await everyAnswer(evaluator, referrer.orgId);
    expect(leaks(answers, [...clientSecrets(), SHARED_REASON, ids.code!, ids.otherCode!, ids.referralId!, ids.otherReferralId!])).toEqual([]);
  });
});
