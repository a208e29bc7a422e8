/**
 * Pictures of the train-the-trainer pathway (issue #7 §3), in Vietnamese and English, on a
 * 360×740 phone and a 1280×800 desktop, for people to look at (clarity, diacritics, thumb-sized
 * targets):
 *
 *   npx tsx test/e2e/screenshots-pathway.ts   → screenshots/pathway/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * community organisation (pseudonymous people, courses, events, certificates and group sessions
 * written straight into the tables; requirements, observations and promotions through the API),
 * and drives Debian's Chromium. Not a test.
 */
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { RUBRIC } from '../../src/core/training/pathway.ts';
import { asSystem, type Tx } from '../../src/server/db/scope.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { seedOrg, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { call, go, login, openAs, type Pass, settle, shot, skipPinPrompt, takeScreenshots } from '../helpers/shots.ts';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
const day = (n: number) => daysAgo(n).toISOString().slice(0, 10);

async function seed(t: TestApp) {
  const org = await seedOrg(t, 'community_organisation', ['admin']);
  await asSystem(t.ctx.db.kysely, (tx) => tx.updateTable('organisations').set({ name: 'Nhóm Đồng Đẳng Bình Minh' }).where('id', '=', org.orgId).execute());
  await asSystem(t.ctx.db.kysely, (tx) => tx.updateTable('users').set({ display_name_enc: t.ctx.crypto.encrypt('Anh Khoa') }).where('id', '=', org.users.admin!.userId).execute());
  const names = { admin: 'quantri.lan', trainer: 'giangvien.minh', hoa: 'dongdang.hoa', tung: 'dongdang.tung', mai: 'quanly.mai' };
  const ids = await asSystem(t.ctx.db.kysely, async (tx) => {
    const add = (username: string, displayName: string, role: 'admin' | 'trainer' | 'fieldworker' | 'manager') => insertUser(tx, t.ctx.crypto, { username, displayName, password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role }] });
    return { admin: await add(names.admin, 'Chị Lan', 'admin'), trainer: await add(names.trainer, 'Anh Minh', 'trainer'), hoa: await add(names.hoa, 'Bạn Hoa', 'fieldworker'), tung: await add(names.tung, 'Bạn Tùng', 'fieldworker'), mai: await add(names.mai, 'Chị Mai', 'manager') };
  });
  const by = ids.admin;
  const hasColumn = async (tx: Tx, table: string, column: string) => (await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_name = ${table} and column_name = ${column}`.execute(tx)).rows[0]!.n > 0;

  const world = await asSystem(t.ctx.db.kysely, async (tx) => {
    const course = async (title: string) => {
      const id = uuidv7();
      await sql`insert into courses (id, org_id, title, modules, details, created_by, updated_by) values (${id}, ${org.orgId}, ${title}, ${['motivational_interviewing']}, ${JSON.stringify({})}::jsonb, ${by}, ${by})`.execute(tx);
      return id;
    };
    const mi = await course('Phỏng vấn tạo động lực (MI) cơ bản');
    const mhfa = await course('Sơ cứu sức khỏe tâm thần');
    const facilitation = await course('Kỹ năng điều phối nhóm đồng đẳng');
    const tz = (await hasColumn(tx, 'events', 'time_zone')) ? sql`, time_zone` : sql``;
    const tzValue = (await hasColumn(tx, 'events', 'time_zone')) ? sql`, 'Asia/Ho_Chi_Minh'` : sql``;
    const event = async (title: string, first: number) => {
      const id = uuidv7();
      await sql`insert into events (id, org_id, status, title, kind, mode, first_day, last_day, details, created_by, updated_by${tz})
                values (${id}, ${org.orgId}, 'published', ${title}, 'training_course', 'in_person', ${day(first)}, ${day(first - 1)}, ${JSON.stringify({})}::jsonb, ${by}, ${by}${tzValue})`.execute(tx);
      return id;
    };
    const workshop = await event('Hội thảo giảm hại cho người dùng ma túy đá', 20);
    const training = await event('Tập huấn MI cho nhân viên tiếp cận', 40);
    const consent = (await hasColumn(tx, 'event_registrations', 'consent_version')) ? { names: sql`, consent_version`, value: sql`, '1'` } : { names: sql``, value: sql`` };
    const certificate = async (userId: string, courseId: string, eventId: string) => {
      const reg = uuidv7();
      await sql`insert into event_registrations (id, org_id, event_id, code, name_enc, details_enc, user_id, via${consent.names})
                values (${reg}, ${org.orgId}, ${eventId}, ${uuidv7().slice(-8).toUpperCase()}, ${t.ctx.crypto.encrypt('Học viên')}, ${t.ctx.crypto.encrypt('{}')}, ${userId}, 'desk'${consent.value})`.execute(tx);
      await sql`insert into certificates (id, org_id, code, event_id, registration_id, course_id, title, name_enc, lang, issued_on, issued_by)
                values (${uuidv7()}, ${org.orgId}, ${uuidv7().slice(-10)}, ${eventId}, ${reg}, ${courseId}, 'Chứng nhận', ${t.ctx.crypto.encrypt('Học viên')}, 'vi', ${day(38)}, ${by})`.execute(tx);
    };
    for (const u of [ids.hoa, ids.mai, ids.trainer]) await certificate(u, mi, training);
    await certificate(ids.hoa, mhfa, training);
    await certificate(ids.mai, mhfa, training);
    await certificate(ids.tung, mi, training);

    const site = uuidv7();
    const group = uuidv7();
    await sql`insert into sites (id, org_id, name, kind, province_id) values (${site}, ${org.orgId}, 'Điểm hỗ trợ Long Biên', 'drop_in_centre', 'ha-noi')`.execute(tx);
    await sql`insert into groups (id, org_id, name, kind, site_id, facilitator_ids, schedule, created_by, version)
              values (${group}, ${org.orgId}, 'Nhóm cân nhắc thứ Năm', 'contemplation', ${site}, ${sql.raw(`array['${ids.trainer}'::uuid, '${ids.hoa}'::uuid, '${ids.mai}'::uuid]`)}, ${JSON.stringify({ kind: 'once' })}::jsonb, ${by}, 1)`.execute(tx);
    const session = async (n: number, facilitators: string[]) =>
      sql`insert into group_sessions (id, org_id, group_id, at, topic_enc, facilitator_ids, anonymous_count, materials, recorded_by, version)
          values (${uuidv7()}, ${org.orgId}, ${group}, ${daysAgo(n)}, ${t.ctx.crypto.encrypt('Cân nhắc thay đổi')}, ${sql.raw(`array[${facilitators.map((f) => `'${f}'::uuid`).join(',')}]`)}, 0, ${JSON.stringify([])}::jsonb, ${by}, 1)`.execute(tx);
    for (const n of [30, 23, 16, 9]) await session(n, [ids.trainer, ids.hoa]);
    await session(2, [ids.hoa]);
    for (const n of [28, 21]) await session(n, [ids.trainer, ids.mai]);
    // The first certified trainer of the organisation (bootstrapping: docs/pathway.md).
    await tx.insertInto('pathway_stages').values({ org_id: org.orgId, user_id: ids.trainer, stage: 'certified_trainer', since: daysAgo(200) }).execute();
    return { mi, mhfa, facilitation, workshop, training };
  });

  const admin = await login(t, names.admin);
  const base = `/api/organisations/${org.orgId}/pathway`;
  await call(t, 'PUT', `${base}/requirements`, {
    version: null,
    requirements: {
      trainer_candidate: { coursesRequired: [world.mi], minCoFacilitatedSessions: 0, observedSession: null },
      co_facilitator: { coursesRequired: [world.mi, world.mhfa], minCoFacilitatedSessions: 2, observedSession: null },
      certified_trainer: { coursesRequired: [world.mi, world.mhfa, world.facilitation], minCoFacilitatedSessions: 6, observedSession: { minMeanScore: 4 } },
    },
  }, admin);
  const trainer = await login(t, names.trainer);
  const promote = (userId: string, from: string, to: string, cookie: string) => call(t, 'POST', `${base}/people/${userId}/promotions`, { from, to }, cookie);
  await promote(ids.hoa, 'participant', 'trainer_candidate', admin);
  await promote(ids.hoa, 'trainer_candidate', 'co_facilitator', trainer);
  await promote(ids.mai, 'participant', 'trainer_candidate', trainer);
  await call(t, 'POST', `${base}/people/${ids.hoa}/co-facilitations`, { eventId: world.workshop, note: null }, trainer);
  const scores = (xs: number[]) => Object.fromEntries(RUBRIC.map((r, i) => [r.id, xs[i]]));
  await call(t, 'POST', `${base}/people/${ids.hoa}/observations`, { scores: scores([4, 4, 3, 3, 4]), at: daysAgo(9).toISOString(), sessionDescription: 'Buổi nhóm cân nhắc ở Long Biên', note: 'Đặt câu hỏi mở tốt; cần để học viên thực hành nhiều hơn.' }, trainer);
  // A trainer's observation before anyone certified them would not count; here the admin, who is no certified trainer, observes.
  await call(t, 'POST', `${base}/people/${ids.hoa}/observations`, { scores: scores([5, 4, 4, 4, 4]), at: daysAgo(5).toISOString(), eventId: world.workshop }, admin);
  return { org, names, ids };
}
type World = Awaited<ReturnType<typeof seed>>;

async function trainerScreens(pass: Pass, world: World) {
  const { t, lang } = pass;
  const page = await openAs(pass, await login(t, world.names.trainer));
  const base = `/organisations/${world.org.orgId}/pathway`;
  await page.goto(t.baseUrl + '/');
  await settle(page);
  await skipPinPrompt(page);
  await shot(pass, page, '01-trainer-home');
  await go(page, base);
  await page.locator('.list-item').first().waitFor();
  await shot(pass, page, '02-people');
  await go(page, `${base}/${world.ids.hoa}`);
  await page.locator('#pathway-progress').waitFor();
  await shot(pass, page, '03-person-not-yet');
  // The observation form filled in, not saved: every pass sees the same world.
  await page.locator('input[name=observe-where][value=other]').check();
  await page.locator('#field-sessionDescription').fill(lang === 'vi' ? 'Buổi tập huấn cho nhóm đồng đẳng mới' : 'Training for a new peer group');
  for (const [i, item] of RUBRIC.entries()) await page.locator(`label.answer:has(input[name=score-${item.id}][value="${i % 2 ? 4 : 5}"])`).click();
  await page.locator('#pathway-observe').scrollIntoViewIfNeeded();
  await shot(pass, page, '04-observation-form');
  await go(page, `${base}/${world.ids.mai}`);
  await page.locator('#pathway-promote').waitFor();
  await page.getByRole('button', { name: lang === 'vi' ? /Chuyển lên/ : /Promote to/ }).first().click();
  await shot(pass, page, '05-person-ready-confirm');
  await page.context().close();
}

async function adminScreens(pass: Pass, world: World) {
  const page = await openAs(pass, await login(pass.t, world.names.admin));
  await page.goto(`${pass.t.baseUrl}/organisations/${world.org.orgId}/pathway/settings`);
  await settle(page);
  await page.locator('form').waitFor();
  await shot(pass, page, '10-settings');
  await page.locator('#field-sessions-co_facilitator').fill('hai');
  await page.locator('input[name=observed-trainer_candidate]').check();
  await shot(pass, page, '11-settings-editing');
  await page.context().close();
}

async function workerScreens(pass: Pass, world: World) {
  const page = await openAs(pass, await login(pass.t, world.names.hoa));
  await page.goto(`${pass.t.baseUrl}/`);
  await settle(page);
  await skipPinPrompt(page);
  await shot(pass, page, '20-worker-home');
  await go(page, `/organisations/${world.org.orgId}/pathway/me`);
  await page.locator('#pathway-progress').waitFor();
  await shot(pass, page, '21-my-pathway');
  await page.context().close();
}

await takeScreenshots({
  out: 'screenshots/pathway',
  seed,
  screens: async (pass, world) => {
    await trainerScreens(pass, world);
    await adminScreens(pass, world);
    await workerScreens(pass, world);
  },
});
