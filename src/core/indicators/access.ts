import { z } from 'zod';
import type { Membership } from '../auth/roles.ts';

/**
 * Who sees which figures (issue #6 §2, DESIGN §5). A manager sees their own organisation in full:
 * the small numbers are their own clients. Evaluators see the organisations they evaluate, and the
 * network role sees every organisation, always with small cells suppressed and never a record.
 * An evaluator or network member of the network hub sees the whole network.
 */
export const ReportScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('organisation'), orgId: z.uuid() }),
  z.strictObject({ kind: z.literal('network') }),
]);
export type ReportScope = z.infer<typeof ReportScope>;

/** The scope a request names: the word `network`, or an organisation's id. */
export function scopeOf(scope: string): ReportScope {
  return scope === 'network' ? { kind: 'network' } : { kind: 'organisation', orgId: scope };
}

export interface ReportAccess {
  /** The organisations whose records are counted; 'all' for every organisation of the network. */
  orgIds: string[] | 'all';
  /** Whether cells under 5 people are suppressed (SMALL_CELL_THRESHOLD). */
  suppressed: boolean;
}

const atHub = (ms: readonly Membership[], role: 'evaluator' | 'network') => ms.some((x) => x.role === role && x.orgKind === 'network_hub');
const orgsWith = (ms: readonly Membership[], role: 'evaluator' | 'manager') => [...new Set(ms.filter((x) => x.role === role && x.orgKind !== 'network_hub').map((x) => x.orgId))];

/** What a person may see of a scope, or null when nothing. */
export function reportAccess(memberships: readonly Membership[], scope: ReportScope): ReportAccess | null {
  const hubWide = atHub(memberships, 'evaluator') || atHub(memberships, 'network');
  if (scope.kind === 'network') {
    if (hubWide) return { orgIds: 'all', suppressed: true };
    const evaluated = orgsWith(memberships, 'evaluator');
    return evaluated.length > 0 ? { orgIds: evaluated, suppressed: true } : null;
  }
  if (orgsWith(memberships, 'manager').includes(scope.orgId)) return { orgIds: [scope.orgId], suppressed: false };
  if (hubWide || orgsWith(memberships, 'evaluator').includes(scope.orgId)) return { orgIds: [scope.orgId], suppressed: true };
  return null;
}

/** The scopes a person can pick on the dashboard: the network view (if any), then their organisations. */
export function reportScopes(memberships: readonly Membership[]): ReportScope[] {
  const scopes: ReportScope[] = [];
  if (reportAccess(memberships, { kind: 'network' })) scopes.push({ kind: 'network' });
  const orgs = [...new Set([...orgsWith(memberships, 'evaluator'), ...orgsWith(memberships, 'manager')])];
  for (const orgId of memberships.map((x) => x.orgId).filter((id, i, all) => orgs.includes(id) && all.indexOf(id) === i)) scopes.push({ kind: 'organisation', orgId });
  return scopes;
}
