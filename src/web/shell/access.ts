import { can, type Membership, type Permission } from '../../core/auth/roles.ts';
import type { Me } from '../../core/users/schema.ts';

/**
 * What the person may do in an organisation, decided by the same table the server uses
 * (core/auth/roles.ts). The web app only hides what would be refused; the server still decides.
 */
function membershipsOf(me: Me): Membership[] {
  return me.organisations.flatMap((org) => org.roles.map((role) => ({ orgId: org.id, orgKind: org.kind, role })));
}

export function canIn(me: Me, permission: Permission, orgId: string): boolean {
  // Until an administrator who must use two-factor enrols, the server refuses all permission-bound work.
  return !me.totpSetupRequired && can(membershipsOf(me), permission, orgId);
}

/** Held in at least one organisation (network-wide permissions such as creating organisations). */
export function canSomewhere(me: Me, permission: Permission): boolean {
  if (me.totpSetupRequired) return false;
  const memberships = membershipsOf(me);
  return memberships.some((m) => can(memberships, permission, m.orgId));
}
