/**
 * Pictures of the FHIR export page (issue #6 §3), in Vietnamese and English, on a 360×740 phone and
 * a 1280×800 desktop:
 *
 *   npx tsx test/e2e/screenshots-fhir.ts   → screenshots/fhir/<lang>-<width>/<nn>-<screen>.png
 *
 * Builds the web app, starts the real server on an in-memory PGlite with an invented organisation
 * and two clients, and drives Debian's Chromium. Not a test.
 */
import { asSystem } from '../../src/server/db/scope.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { Device, seedFieldOrg } from '../helpers/field.ts';
import { call, login, openAs, type Pass, settle, shot, skipPinPrompt, takeScreenshots } from '../helpers/shots.ts';

async function seed(t: TestApp) {
  const org = await seedFieldOrg(t, ['admin', 'fieldworker']);
  const manager = 'quanly.fhir';
  await asSystem(t.ctx.db.kysely, (tx) => insertUser(tx, t.ctx.crypto, { username: manager, displayName: 'Chị Mây', password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.orgId, role: 'manager' }] }));
  const device = new Device(org);
  const a = device.registerClient('HOTUM95', { consents: [{ kind: 'services', given: true }, { kind: 'referral_sharing', given: true }] });
  const b = device.registerClient('HOTAM95');
  await call(t, 'POST', '/api/sync/push', device.push([a.m, b.m, device.recordContact(a.clientId).m]), await login(t, org.users.fieldworker!.username));
  return { orgId: org.orgId, manager };
}
type World = Awaited<ReturnType<typeof seed>>;

async function screens(pass: Pass, world: World) {
  const page = await openAs(pass, await login(pass.t, world.manager));
  await page.goto(`${pass.t.baseUrl}/organisations/${world.orgId}/exports/fhir`);
  await settle(page);
  await skipPinPrompt(page);
  await page.locator('#fhir-code').waitFor();
  await shot(pass, page, '01-fhir');
  await page.locator('#fhir-code').fill('hotum95');
  await page.locator('form button[type=submit]').click();
  await page.locator('a[href$="/fhir"]').first().waitFor();
  await shot(pass, page, '02-fhir-client-found');
  await page.locator('#fhir-to').fill('2020-01-01');
  await shot(pass, page, '03-fhir-range-invalid');
  await page.context().close();
}

await takeScreenshots({ out: 'screenshots/fhir', seed, screens });
