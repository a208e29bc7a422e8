import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/server/auth/totp.ts';
import { Client, seedOrg, startTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

describe.each(testDialects())('two-factor required for administrators on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { requireAdminTotp: true });
  });
  afterAll(async () => t?.close());

  it('holds back admin work until the administrator enrols, then allows it', async () => {
    const org = await seedOrg(t, 'community_organisation', ['admin', 'manager']);
    const admin = new Client(t.baseUrl);
    const me = await admin.login(org.users.admin!.username, org.users.admin!.password);
    expect(me.totpSetupRequired).toBe(true);

    const blocked = await admin.get(`/api/organisations/${org.orgId}/users`);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('TOTP_SETUP_REQUIRED');

    const enrol = await admin.post('/api/auth/totp/enrol');
    expect(enrol.status).toBe(200);
    const confirm = await admin.post('/api/auth/totp/confirm', { code: totpCodeAt(enrol.body.secret, Date.now()) });
    expect(confirm.status).toBe(200);

    expect((await admin.get('/api/me')).body.totpSetupRequired).toBe(false);
    expect((await admin.get(`/api/organisations/${org.orgId}/users`)).status).toBe(200);
  });

  it('does not ask it of people who are not administrators', async () => {
    const org = await seedOrg(t, 'community_organisation', ['admin', 'manager']);
    const manager = new Client(t.baseUrl);
    const me = await manager.login(org.users.manager!.username, org.users.manager!.password);
    expect(me.totpSetupRequired).toBe(false);
    expect((await manager.get(`/api/organisations/${org.orgId}/users`)).status).toBe(200);
  });
});
