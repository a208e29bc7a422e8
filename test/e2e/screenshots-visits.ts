/**
 * Pictures of exchange visits (issue #7 §4), in Vietnamese and English, on a 360×740 phone and a
 * 1280×800 desktop, for people to look at (diacritics, thumb-sized targets, the programme rows, the
 * 1–5 choices, the dashboard's section as the network sees it):
 *
 *   npx tsx test/e2e/screenshots-visits.ts   → screenshots/visits/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with one invented
 * community organisation (two sites, a manager), a network hub, and four invented visits: one that
 * took place this month with feedback, one last month from a Vietnamese province, one coming and
 * one cancelled. Not a test.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { addDays, dayIn } from '../../src/core/dates.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertSite } from '../../src/server/organisations/store.ts';
import { seedOrg, type TestApp } from '../helpers/app.ts';
import { call, go, login, openAs, type Pass, settle, shot, skipPinPrompt, takeScreenshots } from '../helpers/shots.ts';

async function seed(t: TestApp) {
  const org = await seedOrg(t, 'community_organisation', ['manager']);
  const hub = await seedOrg(t, 'network_hub', ['network']);
  const [dropIn, outreach] = await asSystem(t.ctx.db.kysely, async (tx) => [
    await insertSite(tx, org.orgId, { name: 'Điểm tiếp cận Hoa Sen', kind: 'drop_in_centre', provinceId: 'ha-noi' }),
    await insertSite(tx, org.orgId, { name: 'Địa bàn Long Biên', kind: 'outreach_area', provinceId: 'ha-noi' }),
  ]);
  const cookie = await login(t, org.users.manager!.username);
  const base = `/api/organisations/${org.orgId}/visits`;
  const today = dayIn(new Date(), 'Asia/Ho_Chi_Minh');
  const create = async (body: Record<string, unknown>) => (await call(t, 'POST', base, body, cookie)).body.id as string;
  const status = (id: string, s: string) => call(t, 'POST', `${base}/${id}/status`, { status: s }, cookie);

  const done = await create({
    visitorName: 'Mạng lưới Giảm hại Phnom Penh',
    visitorKind: 'ngo',
    country: 'KH',
    people: 9,
    from: today,
    to: addDays(today, 1),
    programme: [
      { day: today, start: '08:30', end: '10:00', activity: 'drop_in', title: 'Giới thiệu điểm tiếp cận và cách đón người mới', siteId: dropIn!.id, staff: 'Chị Hương' },
      { day: today, start: '14:00', end: '15:30', activity: 'contemplation_group', siteId: dropIn!.id, staff: 'Anh Tùng' },
      { day: addDays(today, 1), start: '19:00', activity: 'outreach', title: 'Đi cùng nhóm tiếp cận buổi tối', siteId: outreach!.id, staff: 'Anh Minh, chị Lan' },
    ],
  });
  await status(done, 'done');
  const feedback = (body: Record<string, unknown>) => call(t, 'POST', `${base}/${done}/feedback`, body, cookie);
  await feedback({ respondent: 'group', ratings: { programme: 5, services: 4, hosts: 5, usefulness: 4 }, takeHome: 'Cách mời người mới vào nhóm cân nhắc thay đổi.', suggestions: 'Thêm thời gian trao đổi với nhân viên tiếp cận cộng đồng.' });
  await feedback({ respondent: 'person', ratings: { programme: 4, usefulness: 5 }, takeHome: 'Bảng theo dõi chuyển gửi.' });

  const lastMonth = addDays(`${today.slice(0, 8)}01`, -20);
  const earlier = await create({ visitorName: 'Sở Y tế Cần Thơ', visitorKind: 'ministry', provinceId: 'can-tho', people: 4, from: lastMonth, to: lastMonth, programme: [{ day: lastMonth, start: '09:00', activity: 'clinic', staff: 'Bác sĩ Hà' }] });
  await status(earlier, 'done');
  await call(t, 'POST', `${base}/${earlier}/feedback`, { respondent: 'group', ratings: { programme: 4, hosts: 5 } }, cookie);

  await create({ visitorName: 'Trường Đại học Y tế công cộng', visitorKind: 'university', provinceId: 'ha-noi', people: 15, from: addDays(today, 14), to: addDays(today, 15), programme: [] });
  const cancelled = await create({ visitorName: 'UNODC Bangkok', visitorKind: 'un_agency', country: 'TH', people: 3, from: addDays(today, 7), to: addDays(today, 7), programme: [] });
  await status(cancelled, 'cancelled');
  return { orgId: org.orgId, manager: org.users.manager!.username, network: hub.users.network!.username, done };
}
type World = Awaited<ReturnType<typeof seed>>;

async function openAsUser(pass: Pass, username: string, route: string): Promise<Page> {
  const page = await openAs(pass, await login(pass.t, username));
  await page.goto(pass.t.baseUrl + route);
  await settle(page);
  await skipPinPrompt(page);
  await settle(page);
  return page;
}

async function screens(pass: Pass, world: World) {
  const page = await openAsUser(pass, world.manager, '/');
  await page.locator('.card-link').first().waitFor();
  await shot(pass, page, '00-home');
  const visits = `/organisations/${world.orgId}/visits`;
  await go(page, visits);
  await page.locator('.visit-row').first().waitFor();
  await shot(pass, page, '01-list');

  await go(page, `${visits}/new`);
  await shot(pass, page, '02-new');
  await page.locator('form button[type=submit]').click();
  await page.locator('.field-error').first().waitFor();
  await shot(pass, page, '03-new-errors');
  // A programme item being added: the day list follows the dates.
  await page.locator('#field-visitorName').fill(pass.lang === 'vi' ? 'Trung tâm Y tế quận Hoàng Mai' : 'Hoàng Mai District Health Centre');
  await page.locator('#field-from').fill(dayIn(new Date(), 'Asia/Ho_Chi_Minh'));
  await page.locator('.visit-programme > button.button-block').click();
  await page.locator('.visit-item').first().waitFor();
  await shot(pass, page, '04-new-programme');

  await go(page, `${visits}/${world.done}`);
  await page.locator('.visit-feedback-list').waitFor();
  await shot(pass, page, '05-visit-done');
  await page.locator('.visit-feedback-form').screenshot({ path: path.join(pass.dir, '05b-feedback-form.png') });

  await go(page, `${visits}/${world.done}/edit`);
  await page.locator('.visit-item').first().waitFor();
  await shot(pass, page, '06-edit');

  await go(page, visits);
  await page.locator('.visit-row').first().click();
  await settle(page);
  await shot(pass, page, '07-visit-planned');
  await page.context().close();

  const hub = await openAsUser(pass, world.network, '/reports');
  await hub.locator('.visits-section .headline-card').first().waitFor();
  await settle(hub);
  await hub.locator('.visits-trend summary').click();
  await hub.locator('.visits-section').screenshot({ path: path.join(pass.dir, '08-dashboard-visits.png') });
  await hub.context().close();
}

await takeScreenshots({ out: 'screenshots/visits', seed, screens });
