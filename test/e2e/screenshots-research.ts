/**
 * Pictures of the research extract and outcomes pages (issue #6 §3–4), in Vietnamese and English,
 * on a 360×740 phone and a 1280×800 desktop, for people to look at:
 *
 *   npx tsx test/e2e/screenshots-research.ts   → screenshots/research/<lang>-<width>/<nn>-<screen>.png
 *
 * It builds the web app, starts the real server on a fresh in-memory PGlite with an invented
 * organisation (a manager and an evaluator) and invented clients, and drives Debian's Chromium. Not a test.
 */
import type { TestApp } from '../helpers/app.ts';
import { addClient, addContact, seedReportingOrg, type ClientSpec } from '../helpers/indicators.ts';
import { addCrisisEpisode, addListedProvider, addReferral } from '../helpers/indicators-care.ts';
import { addConsent, addScreening } from '../helpers/research.ts';
import { go, login, openAs, type Pass, settle, shot, skipPinPrompt, takeScreenshots } from '../helpers/shots.ts';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/**
 * 14 clients screened twice with PHQ-9 (8 with three motivational conversations in between, 3 of
 * them referred), all but 2 consenting to research: enough for the extract to generalise 5 and
 * suppress 1, and for the evaluator's outcomes to hide the small referred group.
 */
async function seed(t: TestApp) {
  const org = await seedReportingOrg(t, ['manager', 'evaluator']);
  const provider = await addListedProvider(t, org);
  const alike: ClientSpec = { birthYear: 1996, sexAtBirth: 'M', genderIdentity: 'man', keyPopulations: ['msm'], provinceId: 'ha-noi' };
  const specs: ClientSpec[] = [
    ...Array.from({ length: 8 }, () => alike),
    ...['hai-phong', 'lao-cai', 'son-la', 'quang-ninh', 'bac-ninh'].map((provinceId) => ({ ...alike, provinceId })),
    { birthYear: 1962, sexAtBirth: 'F', genderIdentity: 'woman', keyPopulations: ['sex_worker'], provinceId: 'hai-phong' },
  ];
  for (const [i, spec] of specs.entries()) {
    const id = await addClient(t, org, spec);
    if (i !== 6 && i !== 7) await addConsent(t, org, id, true, daysAgo(300));
    const exposed = i < 8;
    await addScreening(t, org, id, 'phq9', daysAgo(280), exposed ? 15 + (i % 3) : 12);
    await addScreening(t, org, id, 'phq9', daysAgo(40), exposed ? 7 + (i % 4) : 11 + (i % 2));
    const talks = exposed ? [250, 200, 150] : [220];
    for (const d of talks) await addContact(t, org, id, { at: daysAgo(d), services: ['brief_motivational', 'commodities'] });
    if (i < 3) await addReferral(t, org, id, { providerId: provider, at: daysAgo(180), events: [{ event: 'send', at: daysAgo(180) }, { event: 'attend', at: daysAgo(170) }] });
    if (i === 0) await addCrisisEpisode(t, org, id, { at: daysAgo(100), closedAt: null, level: 'urgent' });
  }
  return { evaluator: org.users.evaluator!.username, manager: org.users.manager!.username };
}
type World = Awaited<ReturnType<typeof seed>>;

async function evaluatorScreens(pass: Pass, world: World) {
  const page = await openAs(pass, await login(pass.t, world.evaluator));
  await page.goto(`${pass.t.baseUrl}/reports/research`);
  await settle(page);
  await skipPinPrompt(page);
  await shot(pass, page, '01-extract');
  await page.locator('.research-controls ~ p .button-primary').click();
  await page.locator('.research-report').waitFor();
  await page.locator('#research-preview').scrollIntoViewIfNeeded();
  await shot(pass, page, '02-extract-preview');
  await go(page, '/reports/outcomes');
  await page.locator('.number-tiles').waitFor();
  await shot(pass, page, '03-outcomes-evaluator');
  await page.context().close();
}

async function managerScreens(pass: Pass, world: World) {
  const page = await openAs(pass, await login(pass.t, world.manager));
  await page.goto(`${pass.t.baseUrl}/reports/outcomes`);
  await settle(page);
  await skipPinPrompt(page);
  await page.locator('.number-tiles').waitFor();
  await shot(pass, page, '04-outcomes-manager');
  await page.locator('#field-instrument').selectOption('gad7');
  await page.locator('.numbers .alert, .loading').first().waitFor();
  await shot(pass, page, '05-outcomes-none');
  await page.context().close();
}

await takeScreenshots({
  out: 'screenshots/research',
  seed,
  screens: async (pass, world) => {
    await evaluatorScreens(pass, world);
    await managerScreens(pass, world);
  },
});
