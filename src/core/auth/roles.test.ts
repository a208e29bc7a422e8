import { describe, expect, it } from 'vitest';
import {
  can,
  HUB_ADMIN_PERMISSIONS,
  isHubAdmin,
  PERMISSIONS,
  permissionsByOrg,
  permissionsIn,
  ROLE_PERMISSIONS,
  ROLES,
  type Membership,
  type Permission,
  type Role,
} from './roles.ts';

const ORG_A = '01900000-0000-7000-8000-00000000000a';
const ORG_B = '01900000-0000-7000-8000-00000000000b';
const HUB = '01900000-0000-7000-8000-0000000000ff';

const member = (role: Role, orgId = ORG_A, orgKind = 'community_organisation'): Membership => ({ orgId, orgKind, role });

/**
 * The table written out a second time on purpose: granting a role a permission must be a
 * decision made twice, here and in roles.ts, never a side effect of an edit.
 */
const EXPECTED: Record<Role, Permission[]> = {
  admin: ['organisation.read', 'organisation.edit', 'site.read', 'site.manage', 'user.read', 'user.manage', 'audit.read', 'guidance.manage', 'screening.configure', 'dhis2.manage', 'pathway.manage', 'pathway.assess'],
  manager: [
    'organisation.read',
    'site.read',
    'user.read',
    'client.read',
    'client.record',
    'sync.use',
    'catalogue.manage',
    'conflict.resolve',
    'mentalhealth.record',
    'mentalhealth.read',
    'notification.read',
    'screening.configure',
    'provider.read',
    'provider.manage',
    'referral.make',
    'indicators.read',
    'export.records',
    'outcomes.read',
    'group.manage',
    'group.record',
    'training.manage',
    'visit.manage',
  ],
  fieldworker: ['organisation.read', 'site.read', 'client.read', 'client.record', 'sync.use', 'mentalhealth.record', 'mentalhealth.read', 'provider.read', 'referral.make', 'group.record'],
  clinician: ['organisation.read', 'site.read', 'notification.read', 'provider.read', 'referral.receive'],
  trainer: ['organisation.read', 'site.read', 'training.manage', 'pathway.assess', 'visit.manage'],
  evaluator: ['organisation.read', 'site.read', 'indicators.read', 'outcomes.read', 'export.research'],
  network: ['organisation.read', 'site.read', 'indicators.read'],
};

const CLIENT_PERMISSIONS: Permission[] = ['client.read', 'client.record', 'sync.use', 'conflict.resolve', 'mentalhealth.record', 'mentalhealth.read', 'referral.make', 'export.records'];

describe('the role → permission table', () => {
  it('covers every role, and only known permissions', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    for (const perms of Object.values(ROLE_PERMISSIONS)) for (const p of perms) expect(PERMISSIONS).toContain(p);
    for (const p of HUB_ADMIN_PERMISSIONS) expect(PERMISSIONS).toContain(p);
  });

  it.each(ROLES)('gives %s exactly its permissions in its own organisation', (role) => {
    expect([...permissionsIn([member(role)], ORG_A)].sort()).toEqual([...EXPECTED[role]].sort());
    for (const p of PERMISSIONS) expect(can([member(role)], p, ORG_A)).toBe(EXPECTED[role].includes(p));
  });

  it.each(ROLES)('gives %s nothing in an organisation it does not belong to', (role) => {
    expect(permissionsIn([member(role, ORG_A)], ORG_B).size).toBe(0);
    for (const p of PERMISSIONS) expect(can([member(role, ORG_A)], p, ORG_B)).toBe(false);
  });

  it('lets only administrators manage people and read the audit log', () => {
    for (const role of ROLES) {
      expect(can([member(role)], 'user.manage', ORG_A)).toBe(role === 'admin');
      expect(can([member(role)], 'audit.read', ORG_A)).toBe(role === 'admin');
    }
  });

  it('keeps clients away from the roles that must only see de-identified or aggregate data', () => {
    for (const role of ['evaluator', 'network', 'trainer', 'clinician', 'admin'] as const) {
      for (const p of CLIENT_PERMISSIONS) expect(can([member(role)], p, ORG_A)).toBe(false);
    }
  });

  it('lets only evaluators take the research extract, and only managers export records', () => {
    for (const role of ROLES) {
      expect(can([member(role)], 'export.research', ORG_A)).toBe(role === 'evaluator');
      expect(can([member(role)], 'export.records', ORG_A)).toBe(role === 'manager');
    }
  });

  it('gives no role the network-wide permission on its own', () => {
    for (const role of ROLES) {
      expect(can([member(role, HUB, 'network_hub')], 'network.organisations.manage', HUB)).toBe(role === 'admin');
      expect(can([member(role)], 'network.organisations.manage', ORG_A)).toBe(false);
    }
  });

  it('unions the permissions of several roles in one organisation', () => {
    const both = permissionsIn([member('admin'), member('fieldworker')], ORG_A);
    expect([...both].sort()).toEqual([...new Set([...EXPECTED.admin, ...EXPECTED.fieldworker])].sort());
  });
});

describe('the network hub’s administrators', () => {
  const hubAdmin = [member('admin', HUB, 'network_hub')];

  it('are recognised only by the admin role in a network hub', () => {
    expect(isHubAdmin(hubAdmin)).toBe(true);
    expect(isHubAdmin([member('admin', ORG_A, 'community_organisation')])).toBe(false);
    expect(isHubAdmin([member('admin', ORG_A, 'clinic')])).toBe(false);
    for (const role of ROLES.filter((r) => r !== 'admin')) expect(isHubAdmin([member(role, HUB, 'network_hub')])).toBe(false);
    expect(isHubAdmin([])).toBe(false);
  });

  it('hold the network permissions in every organisation, even one they do not belong to', () => {
    for (const orgId of [HUB, ORG_A, ORG_B]) {
      for (const p of HUB_ADMIN_PERMISSIONS) expect(can(hubAdmin, p, orgId)).toBe(true);
    }
  });

  it('gain nothing else in other organisations: no clients, no audit log', () => {
    expect([...permissionsIn(hubAdmin, ORG_A)].sort()).toEqual([...HUB_ADMIN_PERMISSIONS].sort());
    for (const p of [...CLIENT_PERMISSIONS, 'audit.read', 'catalogue.manage'] as Permission[]) expect(can(hubAdmin, p, ORG_A)).toBe(false);
  });

  it('keep the roles they really hold elsewhere, and no more', () => {
    const alsoFieldworker = [...hubAdmin, member('fieldworker', ORG_A)];
    expect(can(alsoFieldworker, 'client.read', ORG_A)).toBe(true);
    expect(can(alsoFieldworker, 'client.read', ORG_B)).toBe(false);
  });
});

describe('permissionsByOrg', () => {
  it('lists, sorted, the permissions in each organisation the person belongs to and no other', () => {
    const result = permissionsByOrg([member('fieldworker', ORG_A), member('manager', ORG_A), member('evaluator', ORG_B)]);
    expect(Object.keys(result).sort()).toEqual([ORG_A, ORG_B].sort());
    expect(result[ORG_A]).toEqual([...new Set([...EXPECTED.fieldworker, ...EXPECTED.manager])].sort());
    expect(result[ORG_B]).toEqual([...EXPECTED.evaluator].sort());
  });

  it('adds the hub administrator’s network permissions to each of their organisations', () => {
    const result = permissionsByOrg([member('admin', HUB, 'network_hub'), member('trainer', ORG_A)]);
    expect(result[ORG_A]).toEqual([...new Set([...EXPECTED.trainer, ...HUB_ADMIN_PERMISSIONS])].sort());
    expect(result[HUB]).toEqual([...new Set([...EXPECTED.admin, ...HUB_ADMIN_PERMISSIONS])].sort());
  });

  it('is empty for a person without roles', () => {
    expect(permissionsByOrg([])).toEqual({});
  });
});

describe('group sessions name clients', () => {
  it('so every role that records groups may also read clients (the pull and the sessions route check both)', () => {
    for (const role of ROLES) {
      if (ROLE_PERMISSIONS[role].includes('group.record')) expect(ROLE_PERMISSIONS[role]).toContain('client.read');
    }
  });
});
