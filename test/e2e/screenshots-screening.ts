/**
 * Pictures of the screening and mental-health screens (issue #4 §2–3), in Vietnamese and English,
 * on a 360×740 phone and a 1280×800 desktop, for people to look at (safety messages first,
 * diacritics, thumb-sized answers, the chart):
 *
 *   npx tsx test/e2e/screenshots-screening.ts   → screenshots/screening/<lang>-<width>/<nn>-<screen>.png
 *
 * Builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * organisation and clients, and drives Debian's Chromium. Not a test: it asserts nothing beyond
 * "the page came up".
 */
import type { Page } from 'playwright-core';
import { INSTRUMENTS } from '../../src/core/screening/index.ts';
import { TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { Device, type FieldOrg } from '../helpers/field.ts';
import { call, go, login, openAs, openField, type Pass, settle, shot, takeScreenshots } from '../helpers/shots.ts';

const daysAgo = (n: number, hour = 10) => {
  const d = new Date();
  d.setDate(d.getDate() - n);
  d.setHours(hour, 20, 0, 0);
  return d.toISOString();
};

/** An organisation with a worker (also a manager), its admin, and three clients with months of screenings. */
async function seed(t: TestApp) {
  const setup = await call(t, 'POST', '/api/setup', { networkName: 'Mạng lưới giảm hại thử nghiệm', organisationName: 'Văn phòng điều phối', provinceId: 'ha-noi', username: 'dieuphoi.bac', password: TEST_PASSWORD, lang: 'vi' });
  const hub = setup.cookie!;
  const org = (await call(t, 'POST', '/api/organisations', { name: 'Nhóm Bạn Đồng Hành Hải Phòng', kind: 'community_organisation', provinceId: 'hai-phong' }, hub)).body;
  const site = (await call(t, 'POST', `/api/organisations/${org.id}/sites`, { name: 'Điểm hỗ trợ Lê Chân', kind: 'drop_in_centre', provinceId: 'hai-phong' }, hub)).body;
  for (const [username, roles] of [
    ['tiepcan.sao', ['fieldworker', 'manager']],
    ['quantri.haiphong', ['admin']],
  ] as const) {
    await call(t, 'POST', `/api/organisations/${org.id}/users`, { username, displayName: null, roles, password: TEST_PASSWORD, lang: 'vi' }, hub);
    const first = await login(t, username);
    await call(t, 'POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: `${TEST_PASSWORD}-x` }, first);
  }
  const worker = await login(t, 'tiepcan.sao', `${TEST_PASSWORD}-x`);
  const admin = await login(t, 'quantri.haiphong', `${TEST_PASSWORD}-x`);

  const fieldOrg: FieldOrg = { orgId: org.id, users: {}, siteId: site.id, commodityId: '', iecId: '' };
  const device = new Device(fieldOrg);
  const people = [
    { uic: 'HOTUM95', nickname: 'Bống' },
    { uic: 'LANAF01', nickname: 'Mây' },
    { uic: 'MIHUM88', nickname: 'Sóc' },
  ];
  const ids: string[] = [];
  const mutations = [];
  for (const [i, p] of people.entries()) {
    const reg = device.registerClient(p.uic, {
      profile: { nickname: p.nickname, phone: null, birthYear: 1990 + i * 4, sexAtBirth: p.uic[4], genderIdentity: p.uic[4] === 'F' ? 'woman' : 'man', keyPopulations: [], substances: ['methamphetamine'], routes: ['smoke'], provinceId: 'hai-phong', siteId: site.id, referralSource: 'outreach' },
      consents: [{ kind: 'services', given: true }],
    });
    ids.push(reg.clientId);
    mutations.push(reg.m);
  }
  const screening = (clientId: string, instrumentId: keyof typeof INSTRUMENTS, answers: unknown, ago: number, substance: string | null = null) =>
    device.mutation('recordScreening', { screeningId: crypto.randomUUID(), clientId, instrumentId, instrumentVersion: INSTRUMENTS[instrumentId].version, at: daysAgo(ago), answers, substance, crisisEpisodeId: null });
  // Bống: depression improving over five months, anxiety, one crisis with a C-SSRS.
  mutations.push(screening(ids[0]!, 'phq9', [3, 2, 3, 2, 2, 2, 1, 1, 1], 150));
  mutations.push(screening(ids[0]!, 'cssrs', { q1: true, q2: false, q6: false }, 150));
  mutations.push(screening(ids[0]!, 'phq9', [2, 2, 2, 2, 1, 1, 1, 1, 0], 100));
  mutations.push(screening(ids[0]!, 'gad7', [2, 2, 1, 1, 1, 2, 1], 100));
  mutations.push(screening(ids[0]!, 'phq9', [1, 1, 2, 1, 1, 1, 0, 0, 0], 50));
  mutations.push(screening(ids[0]!, 'gad7', [1, 1, 1, 0, 1, 1, 0], 50));
  mutations.push(screening(ids[0]!, 'phq9', [1, 0, 1, 1, 0, 1, 0, 0, 0], 12));
  const episodeId = crypto.randomUUID();
  mutations.push(device.mutation('openCrisisEpisode', { episodeId, clientId: ids[0], siteId: site.id, at: daysAgo(70, 22), redFlags: ['panic', 'exhaustion'], cssrsBand: null, level: 'acute', guidanceVersion: '1' }));
  mutations.push(
    device.mutation('closeCrisisEpisode', { episodeId, steps: [], outcome: 'resolved_on_site', outcomeAt: daysAgo(70, 23), notes: null, followUpOn: daysAgo(68).slice(0, 10), referralNeed: null }),
  );
  // Mây: positive a long time ago, due for screening again.
  mutations.push(screening(ids[1]!, 'phq9', [2, 2, 1, 2, 1, 1, 1, 1, 0], 120));
  await call(t, 'POST', '/api/sync/push', device.push(mutations), worker);
  return { orgId: org.id as string, ids, worker, admin };
}

/**
 * A full-page picture cannot show a bar that sticks to the bottom while scrolling: this one puts
 * the screen's action bar back in its place first, so the answers above it are not hidden.
 */
async function shotWithActionsInPlace(pass: Pass, page: Page, name: string) {
  await settle(page);
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('.sticky-actions').forEach((e) => (e.style.position = 'static')));
  await shot(pass, page, name);
}

async function screens(pass: Pass, world: Awaited<ReturnType<typeof seed>>) {
  const { t } = pass;
  const [bong, may, soc] = world.ids as [string, string, string];
  const page = await openField(pass, world.worker);
  await shotWithActionsInPlace(pass, page, '01-field-home-screening-due');
  await go(page, `/field/clients/${may}`);
  await shotWithActionsInPlace(pass, page, '02-client-due');
  await go(page, `/field/clients/${soc}/screen`);
  await shotWithActionsInPlace(pass, page, '03-choose');
  await go(page, `/field/clients/${soc}/screen/phq2`);
  await page.locator('fieldset.question').nth(0).locator('input').nth(1).check();
  await shotWithActionsInPlace(pass, page, '04-phq2-form');
  await go(page, `/field/clients/${soc}/screen/phq9`);
  const answers = [1, 2, 1, 1, 0, 2, 1, 0, 1];
  for (const [i, v] of answers.slice(0, 4).entries()) await page.locator('fieldset.question').nth(i).locator('input').nth(v).check();
  await page.locator('.screening-actions button[type=submit]').click();
  await shotWithActionsInPlace(pass, page, '05-phq9-missing');
  for (const [i, v] of answers.entries()) await page.locator('fieldset.question').nth(i).locator('input').nth(v).check();
  await page.locator('.screening-actions button[type=submit]').click();
  await page.locator('.safety-flag').waitFor();
  await shotWithActionsInPlace(pass, page, '06-phq9-result-flag-cssrs');
  const cssrs = page.locator('.panel-urgent fieldset.question');
  await cssrs.nth(0).locator('input').nth(0).check();
  await cssrs.nth(1).locator('input').nth(0).check();
  for (const [i, yes] of [
    [2, true],
    [3, true],
    [4, false],
    [5, false],
  ] as const)
    await cssrs.nth(i).locator('input').nth(yes ? 0 : 1).check();
  await page.locator('.panel-urgent button[type=submit]').click();
  await page.locator('.safety-urgent').waitFor();
  await shotWithActionsInPlace(pass, page, '07-cssrs-urgent');
  await go(page, `/field/clients/${soc}/screen/assist`);
  const q1 = page.locator('.question-group').first().locator('fieldset.question');
  for (let i = 0; i < 10; i++) await q1.nth(i).locator('input').nth(i === 0 || i === 4 ? 0 : 1).check();
  await page.locator('.question-group').nth(2).locator('fieldset.question').first().locator('input').nth(3).check();
  await shotWithActionsInPlace(pass, page, '08-assist-form');
  await go(page, `/field/clients/${soc}/screen/sds`);
  await shotWithActionsInPlace(pass, page, '09-sds-form');
  await go(page, `/field/clients/${soc}/screen/gad2`);
  for (const i of [0, 1]) await page.locator('fieldset.question').nth(i).locator('input').nth(0).check();
  await page.locator('.screening-actions button[type=submit]').click();
  await page.locator('.score-panel').waitFor();
  await shotWithActionsInPlace(pass, page, '10-gad2-result-negative');
  await go(page, `/field/clients/${bong}/mental-health`);
  await shotWithActionsInPlace(pass, page, '11-mental-health');
  await page.locator('.chart-table summary').first().click();
  await shotWithActionsInPlace(pass, page, '12-mental-health-table');
  await go(page, `/field/clients/${bong}`);
  await shotWithActionsInPlace(pass, page, '13-client');
  await page.context().close();

  const admin = await openAs(pass, world.admin);
  await admin.goto(`${t.baseUrl}/organisations/${world.orgId}`);
  await shotWithActionsInPlace(pass, admin, '14-organisation');
  await admin.goto(`${t.baseUrl}/organisations/${world.orgId}/screening`);
  await settle(admin);
  await admin.locator('input[name=cutoff-phq9][value=vn-methadone-hanoi]').check();
  await admin.locator('form button[type=submit]').click();
  await admin.locator('.alert-success').waitFor();
  await shotWithActionsInPlace(pass, admin, '15-settings-saved');
  // Back to the defaults for the next pass.
  await call(t, 'PUT', `/api/organisations/${world.orgId}/settings/screening`, { cutOffs: { phq9: 'international', phq2: 'international', gad7: 'international', gad2: 'international', k10: 'international', k6: 'international', assist: 'international', sds: 'amphetamine' }, rescreenEveryDays: 90 }, world.admin);
  await admin.context().close();
}

await takeScreenshots({ out: 'screenshots/screening', seed, screens });
