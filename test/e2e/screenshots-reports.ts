/**
 * Pictures of the indicator dashboard (issue #6 §2), in Vietnamese and English, on a 360×740 phone
 * and a 1280×800 desktop, and as printed on A4, for people to look at (diacritics, axis text,
 * clipped labels, tables as blocks on a phone, what paper keeps):
 *
 *   npx tsx test/e2e/screenshots-reports.ts   → screenshots/reports/<lang>-<width>/<nn>-<screen>.png (+ 03-print.pdf)
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with two invented
 * community organisations (a year of contacts, anonymous outreach, commodities) and a network hub,
 * and drives Debian's Chromium. Not a test.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Service } from '../../src/core/contacts/schema.ts';
import { periodOf, previousPeriod } from '../../src/core/indicators/periods.ts';
import { seedOrg, type TestApp } from '../helpers/app.ts';
import { addAnonymous, addClient, addContact, seedReportingOrg, type ReportingOrg } from '../helpers/indicators.ts';
import { go, login, openAs, type Pass, settle, shot, skipPinPrompt, takeScreenshots } from '../helpers/shots.ts';

/** A small fixed sequence instead of Math.random, so every run draws the same pictures. */
function sequence(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const SERVICE_MIX: Service[][] = [['commodities', 'safer_use_counselling'], ['information'], ['hiv_test', 'commodities'], ['brief_motivational'], ['mental_health_check', 'referral'], ['prep_information', 'commodities', 'hcv_test']];

/** A year of work: `clients` people, more of them reached month after month; the current month up to now. */
async function seedYear(t: TestApp, org: ReportingOrg, clients: number, seed: number) {
  const random = sequence(seed);
  const thisYear = Number(new Date().toISOString().slice(0, 4));
  const ids: string[] = [];
  for (let i = 0; i < clients; i++) {
    const female = random() < 0.35;
    ids.push(await addClient(t, org, { birthYear: thisYear - 17 - Math.floor(random() * 40), sexAtBirth: female ? 'F' : 'M', keyPopulations: female ? ['sex_worker'] : ['msm'], site: random() < 0.6 ? 0 : 1 }));
  }
  const months = [periodOf(new Date().toISOString(), 'month')];
  while (months.length < 12) months.unshift(previousPeriod(months[0]!));
  const now = Date.now();
  for (const [m, month] of months.entries()) {
    const share = 0.3 + (0.5 * m) / 11;
    for (const id of ids) {
      if (random() > share) continue;
      const day = 1 + Math.floor(random() * 27);
      let at = `${month.start.slice(0, 8)}${String(day).padStart(2, '0')}T03:00:00Z`;
      if (Date.parse(at) > now) at = new Date(now - Math.floor(random() * 6) * 3_600_000 - 60_000).toISOString();
      const services = SERVICE_MIX[Math.floor(random() * SERVICE_MIX.length)]!;
      await addContact(t, org, id, { at, services, site: random() < 0.6 ? 0 : 1, commodities: services.includes('commodities') ? [{ itemId: org.commodityIds[Math.floor(random() * 2)]!, quantity: 1 + Math.floor(random() * 10) }] : [] });
    }
    const at = Date.parse(`${month.start}T10:00:00Z`) > now ? new Date(now - 120_000).toISOString() : `${month.start}T10:00:00Z`;
    await addAnonymous(t, org, { at, counts: [{ sex: 'male', ageBand: '25_34', count: 5 + Math.floor(random() * 10) }, { sex: 'female', ageBand: '18_24', count: 2 + Math.floor(random() * 6) }], services: ['commodities'], commodities: [{ itemId: org.commodityIds[0], quantity: 20 }] });
  }
}

async function seed(t: TestApp) {
  const org = await seedReportingOrg(t, ['manager']);
  const other = await seedReportingOrg(t, ['manager']);
  const hub = await seedOrg(t, 'network_hub', ['network']);
  await seedYear(t, org, 48, 7);
  await seedYear(t, other, 9, 11);
  return { manager: org.users.manager!.username, network: hub.users.network!.username };
}
type World = Awaited<ReturnType<typeof seed>>;

async function openDashboard(pass: Pass, username: string, route = '/reports'): Promise<Page> {
  const page = await openAs(pass, await login(pass.t, username));
  await page.goto(pass.t.baseUrl + route);
  await settle(page);
  await skipPinPrompt(page);
  await page.locator('.headline-card, .report-explorer').first().waitFor();
  await settle(page);
  return page;
}

async function screens(pass: Pass, world: World) {
  const page = await openDashboard(pass, world.manager);
  await shot(pass, page, '01-dashboard');
  await page.locator('.headline-definition summary').first().click();
  await page.locator('.headline-card').first().screenshot({ path: path.join(pass.dir, '01b-headline-definition.png') });
  await go(page, '/reports?view=explorer&kind=month&indicator=people_reached&by=age_band,sex_at_birth');
  await page.locator('.report-table-long').waitFor();
  await shot(pass, page, '02-explorer');
  if (pass.viewport.width > 1000) {
    // Paper: A4 at 96 dpi, as Chromium lays out a printed page.
    await go(page, '/reports?kind=quarter');
    await page.locator('.headline-card').first().waitFor();
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
    await shot(pass, page, '03-print');
    await page.pdf({ path: path.join(pass.dir, '03-print.pdf'), format: 'A4', printBackground: true });
  }
  await page.context().close();

  const hub = await openDashboard(pass, world.network);
  await shot(pass, hub, '04-network');
  await hub.context().close();
}

await takeScreenshots({ out: 'screenshots/reports', seed, screens });
