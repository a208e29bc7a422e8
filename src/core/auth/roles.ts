import { z } from 'zod';

/**
 * Roles are held per organisation (DESIGN §5). A person may hold several roles in several
 * organisations; what they may do is the union of their roles' permissions in the organisation
 * a request concerns.
 */
export const ROLES = ['admin', 'manager', 'fieldworker', 'clinician', 'trainer', 'evaluator', 'network'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * Every permission a route can declare. Later capabilities add theirs here, so the table below
 * stays the one place where least privilege is decided.
 */
export const PERMISSIONS = [
  'organisation.read', // see the organisation's own profile
  'organisation.edit', // change the organisation's own profile
  'site.read',
  'site.manage',
  'user.read', // list the organisation's users and their roles
  'user.manage', // add users, grant and revoke roles, deactivate, reset passwords
  'audit.read',
  'network.organisations.manage', // create and edit every organisation of the network
  'client.read', // see the organisation's clients and their contacts (each read is audited)
  'client.record', // register clients, record consents, contacts and anonymous tallies
  'sync.use', // push and pull with an offline device
  'catalogue.manage', // keep the commodity and IEC catalogues
  'conflict.resolve', // review edits of a client profile that collided
  'mentalhealth.record', // record screenings and crisis episodes (issue #4)
  'mentalhealth.read', // see screenings and crisis episodes of the organisation's clients (audited)
  'notification.read', // be told of emergency and urgent episodes and suicide-risk flags
  'guidance.manage', // adapt the first-response guidance texts per language
  'screening.configure', // choose screening cut-offs and the re-screening interval
  'provider.read', // search the network's directory of providers (issue #5)
  'provider.manage', // add and edit providers of the directory
  'referral.make', // refer the organisation's clients and follow their referrals
  'referral.receive', // see referrals sent to this organisation (consented fields only) and record what happened (audited)
  'indicators.read', // the indicator dashboards: a manager's own organisation in full; evaluators and the network suppressed (issue #6)
  'export.records', // line lists and FHIR bundles of the organisation's own records (audited)
  'export.research', // the de-identified research extract of consenting clients (audited)
  'outcomes.read', // baseline-versus-latest screening outcomes by exposure, descriptive
  'dhis2.manage', // map indicators to a DHIS2 server and send them (the network hub only)
  'group.manage', // set up the organisation's groups: kind, facilitators, site, schedule (issue #7)
  'group.record', // record group sessions and stages of change, see attendance (offline, synced)
  'training.manage', // events, courses, tests, registrations, check-in and certificates of the organisation
  'pathway.manage', // set what each train-the-trainer stage requires
  'pathway.assess', // see people's pathway progress, record observed sessions, approve promotions
  'visit.manage', // record exchange visits to the organisation and their feedback
] as const;
export const Permission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof Permission>;

/** Role → permissions, within one organisation. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
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
  // Clinicians are told of emergencies (code, level, time, who is with the person) but see client
  // records only through referrals sent to them (issue #5).
  clinician: ['organisation.read', 'site.read', 'notification.read', 'provider.read', 'referral.receive'],
  trainer: ['organisation.read', 'site.read', 'training.manage', 'pathway.assess', 'visit.manage'],
  // Evaluators see aggregates with small cells suppressed, outcomes, and the de-identified extract.
  evaluator: ['organisation.read', 'site.read', 'indicators.read', 'outcomes.read', 'export.research'],
  // The hub sees the network's aggregates, suppressed, and never a record.
  network: ['organisation.read', 'site.read', 'indicators.read'],
};

/**
 * The network hub's administrators govern the whole network: they create member organisations and
 * their first administrators. They gain these permissions in every organisation, but never the
 * permissions that reveal clients (none of the below does).
 */
export const HUB_ADMIN_PERMISSIONS: readonly Permission[] = [
  'network.organisations.manage',
  'organisation.read',
  'organisation.edit',
  'site.read',
  'site.manage',
  'user.read',
  'user.manage',
];

export interface Membership {
  orgId: string;
  orgKind: string;
  role: Role;
}

export function isHubAdmin(memberships: readonly Membership[]): boolean {
  return memberships.some((m) => m.role === 'admin' && m.orgKind === 'network_hub');
}

/** The permissions a person holds in one organisation. */
export function permissionsIn(memberships: readonly Membership[], orgId: string): Set<Permission> {
  const result = new Set<Permission>();
  for (const m of memberships) {
    if (m.orgId !== orgId) continue;
    for (const p of ROLE_PERMISSIONS[m.role]) result.add(p);
  }
  if (isHubAdmin(memberships)) for (const p of HUB_ADMIN_PERMISSIONS) result.add(p);
  return result;
}

export function can(memberships: readonly Membership[], permission: Permission, orgId: string): boolean {
  return permissionsIn(memberships, orgId).has(permission);
}

/** Permissions per organisation the person belongs to, for `GET /api/me` and the web app's menus. */
export function permissionsByOrg(memberships: readonly Membership[]): Record<string, Permission[]> {
  const out: Record<string, Permission[]> = {};
  for (const m of memberships) out[m.orgId] ??= [...permissionsIn(memberships, m.orgId)].sort();
  return out;
}
