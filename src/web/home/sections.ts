import type { Permission, Role } from '../../core/auth/roles.ts';
import type { Me } from '../../core/users/schema.ts';

/**
 * What each role sees on its home page, per organisation. A card with `href` opens a page that
 * exists today (if the person holds `needs` there); the others describe work that later versions
 * add, as plain text — never a link to nowhere.
 */
export type CardId =
  | 'network'
  | 'organisation'
  | 'sites'
  | 'users'
  | 'contacts'
  | 'clients'
  | 'catalogue'
  | 'conflicts'
  | 'crisis'
  | 'referrals'
  | 'incoming'
  | 'referralNumbers'
  | 'groups'
  | 'stock'
  | 'training'
  | 'courses'
  | 'pathway'
  | 'myPathway'
  | 'visits'
  | 'indicators'
  | 'exports'
  | 'recordExports'
  | 'outcomes'
  | 'dhis2'
  | 'aggregates'
  | 'audit';

interface Card {
  href?: (orgId: string) => string;
  needs?: Permission;
  /** Where the card leads instead for people who hold this permission (managers set groups up; workers record sessions). */
  instead?: { href: (orgId: string) => string; needs: Permission };
  /** Only in organisations of these kinds (DHIS2 is configured at the network hub). */
  kinds?: readonly Me['organisations'][number]['kind'][];
}

/** In the order they appear: the day's field work first, administration last. */
const CARDS: Record<CardId, Card> = {
  // Field work lives on the phone (one organisation per phone): the same pages from every organisation's section.
  contacts: { href: () => '/field', needs: 'sync.use' },
  clients: { href: () => '/field/clients', needs: 'sync.use' },
  crisis: {},
  referrals: { href: () => '/field/referrals', needs: 'referral.make' },
  incoming: { href: (orgId) => `/organisations/${orgId}/referrals/received`, needs: 'referral.receive' },
  referralNumbers: { href: (orgId) => `/organisations/${orgId}/referrals/indicators`, needs: 'referral.make' },
  groups: { href: () => '/field/groups', needs: 'group.record', instead: { href: (orgId) => `/organisations/${orgId}/groups`, needs: 'group.manage' } },
  training: { href: (orgId) => `/organisations/${orgId}/events`, needs: 'training.manage' },
  courses: { href: (orgId) => `/organisations/${orgId}/courses`, needs: 'training.manage' },
  pathway: { href: (orgId) => `/organisations/${orgId}/pathway`, needs: 'pathway.assess' },
  // Everyone on an organisation's pathway reads their own progress there (any role but evaluator and network).
  myPathway: { href: (orgId) => `/organisations/${orgId}/pathway/me`, needs: 'organisation.read' },
  visits: { href: (orgId) => `/organisations/${orgId}/visits`, needs: 'visit.manage' },
  stock: {},
  indicators: { href: () => '/reports', needs: 'indicators.read' },
  aggregates: { href: () => '/reports', needs: 'indicators.read' },
  outcomes: { href: () => '/reports/outcomes', needs: 'outcomes.read' },
  exports: { href: () => '/reports/research', needs: 'export.research' },
  recordExports: { href: (orgId) => `/organisations/${orgId}/exports`, needs: 'export.records' },
  dhis2: { href: (orgId) => `/organisations/${orgId}/dhis2`, needs: 'dhis2.manage', kinds: ['network_hub'] },
  network: { href: () => '/organisations', needs: 'network.organisations.manage' },
  organisation: { href: (orgId) => `/organisations/${orgId}`, needs: 'organisation.read' },
  users: { href: (orgId) => `/organisations/${orgId}/users`, needs: 'user.read' },
  sites: { href: (orgId) => `/organisations/${orgId}/sites`, needs: 'site.read' },
  catalogue: { href: (orgId) => `/organisations/${orgId}/catalogue`, needs: 'catalogue.manage' },
  conflicts: { href: (orgId) => `/organisations/${orgId}/conflicts`, needs: 'conflict.resolve' },
  audit: {},
};

const BY_ROLE: Record<Role, readonly CardId[]> = {
  admin: ['network', 'dhis2', 'organisation', 'users', 'sites', 'audit', 'pathway'],
  manager: ['organisation', 'users', 'sites', 'contacts', 'clients', 'catalogue', 'conflicts', 'referrals', 'referralNumbers', 'groups', 'training', 'courses', 'stock', 'visits', 'indicators', 'outcomes', 'recordExports', 'myPathway'],
  fieldworker: ['contacts', 'clients', 'crisis', 'referrals', 'groups', 'stock', 'sites', 'myPathway'],
  clinician: ['incoming', 'sites'],
  trainer: ['training', 'courses', 'visits', 'groups', 'sites', 'pathway', 'myPathway'],
  evaluator: ['indicators', 'outcomes', 'exports'],
  network: ['aggregates'],
};

export interface HomeCards {
  /** Pages that exist now, with their address. */
  ready: Array<{ id: CardId; href: string }>;
  /** Work a later version brings. */
  later: CardId[];
}

export function cardsFor(org: Me['organisations'][number]): HomeCards {
  const wanted = new Set(org.roles.flatMap((role) => BY_ROLE[role]));
  const ready: HomeCards['ready'] = [];
  const later: CardId[] = [];
  for (const id of Object.keys(CARDS) as CardId[]) {
    if (!wanted.has(id)) continue;
    const card = CARDS[id];
    if (card.kinds && !card.kinds.includes(org.kind)) continue;
    if (!card.href) later.push(id);
    else if (card.instead && org.permissions.includes(card.instead.needs)) ready.push({ id, href: card.instead.href(org.id) });
    else if (!card.needs || org.permissions.includes(card.needs)) ready.push({ id, href: card.href(org.id) });
  }
  return { ready, later };
}
