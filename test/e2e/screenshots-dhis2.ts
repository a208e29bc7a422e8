/**
 * Pictures of the DHIS2 page (issue #6 §3), in Vietnamese and English, on a 360×740 phone and a
 * 1280×800 desktop:
 *
 *   npx tsx test/e2e/screenshots-dhis2.ts   → screenshots/dhis2/<lang>-<width>/<nn>-<screen>.png
 *
 * A network hub with its administrator, two invented member organisations with a few contacts in
 * the last month, and a stand-in DHIS2 on this machine that answers dry runs with an import
 * summary. Not a test.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { periodOf, previousPeriod } from '../../src/core/indicators/periods.ts';
import { seedOrg, type TestApp } from '../helpers/app.ts';
import { addClient, addContact, seedReportingOrg } from '../helpers/indicators.ts';
import { call, login, openAs, type Pass, settle, shot, skipPinPrompt, takeScreenshots } from '../helpers/shots.ts';

const fakeDhis2 = createServer((req, res) => {
  let size = 0;
  req.on('data', (c: Buffer) => (size += c.length));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ httpStatus: 'OK', httpStatusCode: 200, status: 'OK', response: { responseType: 'ImportSummary', status: 'SUCCESS', importCount: { imported: 5, updated: 1, ignored: 0, deleted: 0 }, conflicts: [] } }),
    );
  });
});
await new Promise<void>((resolve) => fakeDhis2.listen(0, '127.0.0.1', resolve));
const fakeUrl = `http://127.0.0.1:${(fakeDhis2.address() as AddressInfo).port}`;

async function seed(t: TestApp) {
  const hub = await seedOrg(t, 'network_hub', ['admin']);
  const [a, b] = [await seedReportingOrg(t), await seedReportingOrg(t)];
  const month = previousPeriod(periodOf(new Date().toISOString(), 'month'));
  const day = (d: number) => `${month.start.slice(0, 8)}${String(d).padStart(2, '0')}T03:00:00Z`;
  for (const [org, n] of [[a, 4], [b, 3]] as const) {
    for (let i = 0; i < n; i++) {
      const client = await addClient(t, org, { sexAtBirth: i % 2 ? 'F' : 'M', site: (i % 2) as 0 | 1 });
      await addContact(t, org, client, { at: day(3 + i), site: (i % 2) as 0 | 1, services: ['hiv_test', 'commodities'] });
    }
  }
  const admin = await login(t, hub.users.admin!.username);
  await call(t, 'PUT', `/api/organisations/${hub.orgId}/dhis2/settings`, {
    baseUrl: fakeUrl,
    username: 'fieldlab-sync',
    password: 'quiet-lantern-orchard-57',
    mapping: {
      periodKind: 'month',
      dataElements: [
        { indicatorId: 'people_reached', dataElement: 'deReached01' },
        { indicatorId: 'people_reached', categories: { sex_at_birth: 'M' }, dataElement: 'deReachSex1', categoryOptionCombo: 'cocMale0001' },
        { indicatorId: 'services_by_type', categories: { service: 'hiv_test', age_band: '18_24' }, dataElement: 'deHivTest01', categoryOptionCombo: 'coc18to2401' },
      ],
      orgUnits: [
        { orgId: a.orgId, orgUnit: 'ouOrgA00001' },
        { orgId: b.orgId, siteId: b.siteIds[0], orgUnit: 'ouSiteB0001' },
      ],
    },
  }, admin);
  await call(t, 'POST', `/api/organisations/${hub.orgId}/dhis2/send`, { period: month.key, dryRun: true }, admin);
  return { hub };
}
type World = Awaited<ReturnType<typeof seed>>;

async function screens(pass: Pass, world: World) {
  const page = await openAs(pass, await login(pass.t, world.hub.users.admin!.username));
  await page.goto(`${pass.t.baseUrl}/organisations/${world.hub.orgId}/dhis2`);
  await settle(page);
  await skipPinPrompt(page);
  await page.locator('.dhis2-row').first().waitFor();
  await shot(pass, page, '01-dhis2-settings');
  await page.getByRole('button', { name: pass.lang === 'vi' ? 'Chạy thử (dry run)' : 'Dry run' }).click();
  await page.locator('.alert, .notice, [role=status]').last().waitFor();
  await shot(pass, page, '02-dhis2-dry-run');
  await page.context().close();
}

try {
  await takeScreenshots({ out: 'screenshots/dhis2', seed, screens });
} finally {
  fakeDhis2.close();
}
