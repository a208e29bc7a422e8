import type { Role } from '../../core/auth/roles.ts';
import type { OrganisationKind, SiteKind } from '../../core/organisations/schema.ts';
import { appendAudit } from '../audit/log.ts';
import { temporaryPassword } from '../auth/passwords.ts';
import type { AppContext } from '../context.ts';
import { asSystem } from '../db/scope.ts';
import { insertOrganisation, insertSite } from '../organisations/store.ts';
import { insertUser } from '../users/store.ts';
import { seedDemoActivity, seedDemoProviders } from './activity.ts';
import { seedDemoVisits } from '../visits/demo.ts';

/**
 * An invented network to try every screen with. Every organisation, place and account here is
 * made up; no real person is described. Community organisations get invented clients and three
 * months of contacts (./activity.ts); later capabilities add their own activity.
 */
interface DemoOrg {
  key: string;
  name: string;
  kind: OrganisationKind;
  provinceId: string;
  sites: { name: string; kind: SiteKind; provinceId: string }[];
}

const ORGS: DemoOrg[] = [
  { key: 'hub', name: 'Ban điều phối Mạng lưới Fieldlab', kind: 'network_hub', provinceId: 'ha-noi', sites: [] },
  {
    key: 'hn',
    name: 'Nhóm Cầu Vồng Xanh Hà Nội',
    kind: 'community_organisation',
    provinceId: 'ha-noi',
    sites: [
      { name: 'Điểm hỗ trợ Long Biên', kind: 'drop_in_centre', provinceId: 'ha-noi' },
      { name: 'Khu tiếp cận Hoàn Kiếm', kind: 'outreach_area', provinceId: 'ha-noi' },
      { name: 'Nhóm hỗ trợ trực tuyến', kind: 'online', provinceId: 'ha-noi' },
    ],
  },
  {
    key: 'hcm',
    name: 'Nhóm Hoa Sen Trắng TP. Hồ Chí Minh',
    kind: 'community_organisation',
    provinceId: 'ho-chi-minh',
    sites: [
      { name: 'Điểm hỗ trợ Quận 3', kind: 'drop_in_centre', provinceId: 'ho-chi-minh' },
      { name: 'Khu tiếp cận Bình Thạnh', kind: 'outreach_area', provinceId: 'ho-chi-minh' },
    ],
  },
  {
    key: 'hp',
    name: 'Nhóm Ánh Dương Hải Phòng',
    kind: 'community_organisation',
    provinceId: 'hai-phong',
    sites: [{ name: 'Điểm hỗ trợ Lê Chân', kind: 'drop_in_centre', provinceId: 'hai-phong' }],
  },
  {
    key: 'clinic',
    name: 'Phòng khám Tâm An (demo)',
    kind: 'clinic',
    provinceId: 'ha-noi',
    sites: [{ name: 'Phòng khám Đống Đa', kind: 'clinic', provinceId: 'ha-noi' }],
  },
];

const USERS: { username: string; roles: [string, Role][] }[] = [
  { username: 'admin', roles: [['hub', 'admin']] },
  { username: 'network', roles: [['hub', 'network']] },
  { username: 'trainer', roles: [['hub', 'trainer']] },
  { username: 'evaluator', roles: [['hn', 'evaluator'], ['hcm', 'evaluator'], ['hp', 'evaluator']] },
  { username: 'hn.admin', roles: [['hn', 'admin']] },
  { username: 'hn.manager', roles: [['hn', 'manager']] },
  { username: 'hn.peer1', roles: [['hn', 'fieldworker']] },
  { username: 'hn.peer2', roles: [['hn', 'fieldworker']] },
  { username: 'hcm.admin', roles: [['hcm', 'admin'], ['hcm', 'manager']] },
  { username: 'hcm.peer1', roles: [['hcm', 'fieldworker']] },
  { username: 'hp.peer1', roles: [['hp', 'fieldworker']] },
  { username: 'clinic.doctor', roles: [['clinic', 'clinician']] },
];

export interface DemoResult {
  organisations: { id: string; name: string; kind: OrganisationKind }[];
  users: { username: string; password: string; roles: { orgId: string; role: Role }[] }[];
}

export class DemoRefused extends Error {}

export async function seedDemo(ctx: AppContext, env: NodeJS.ProcessEnv = process.env): Promise<DemoResult> {
  if (env.NODE_ENV === 'production') {
    throw new DemoRefused('refused with NODE_ENV=production: the demo would mix invented people into real data.');
  }
  // The demo writes across organisations in one transaction, so nothing half-made is left behind.
  return asSystem(ctx.db.kysely, async (tx) => {
    const anyOrg = await tx.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    const anyUser = await tx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (anyOrg || anyUser) {
      throw new DemoRefused('the database is not empty; the demo only fills an empty one (use a fresh FIELDLAB_DATA_DIR or database).');
    }
    await tx.insertInto('network').values({ name: 'Mạng lưới Fieldlab (demo)' }).execute();
    const ids = new Map<string, string>();
    const organisations: DemoResult['organisations'] = [];
    for (const o of ORGS) {
      const org = await insertOrganisation(tx, { name: o.name, kind: o.kind, provinceId: o.provinceId, timeZone: 'Asia/Ho_Chi_Minh' });
      ids.set(o.key, org.id);
      organisations.push({ id: org.id, name: org.name, kind: org.kind });
      for (const s of o.sites) {
        const site = await insertSite(tx, org.id, s);
        await appendAudit(tx, { orgId: org.id, actorUserId: null, actorRole: 'demo', action: 'site.create', entity: 'site', entityId: site.id });
      }
      await appendAudit(tx, { orgId: null, actorUserId: null, actorRole: 'demo', action: 'organisation.create', entity: 'organisation', entityId: org.id });
    }
    const users: DemoResult['users'] = [];
    const userIds = new Map<string, string>();
    for (const u of USERS) {
      const password = temporaryPassword();
      const roles = u.roles.map(([key, role]) => ({ orgId: ids.get(key)!, role }));
      const id = await insertUser(tx, ctx.crypto, { username: u.username, displayName: null, password, lang: 'vi', roles });
      userIds.set(u.username, id);
      users.push({ username: u.username, password, roles });
      await appendAudit(tx, { orgId: null, actorUserId: null, actorRole: 'demo', action: 'user.create', entity: 'user', entityId: id });
    }
    // The directory, with the demo clinic in-network (its doctor receives referrals in the app).
    await seedDemoProviders(tx, ids.get('clinic')!);
    // Clients and three months of contacts, recorded by each community organisation's first peer worker.
    for (const [n, o] of ORGS.filter((org) => org.kind === 'community_organisation').entries()) {
      const worker = USERS.find((u) => u.roles.some(([key, role]) => key === o.key && role === 'fieldworker'))!;
      const memberships = worker.roles.map(([key, role]) => ({ orgId: ids.get(key)!, orgKind: ORGS.find((x) => x.key === key)!.kind, role }));
      await seedDemoActivity(tx, ctx, ids.get(o.key)!, { userId: userIds.get(worker.username)!, memberships }, 1000 + n);
    }
    // Exchange visits to the Hà Nội organisation (issue #7 §4).
    await seedDemoVisits(tx, ctx.crypto, ids.get('hn')!, userIds.get('hn.manager')!);
    return { organisations, users };
  });
}
