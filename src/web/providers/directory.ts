import type { ReferralService } from '../../core/referrals/schema.ts';
import type { ProviderView } from '../offline/view.ts';

export interface DirectoryFilter {
  service?: ReferralService | '';
  /** Only providers in this province. */
  provinceId?: string;
  /** Providers in this province first (the client's). */
  near?: string;
  /** Only providers rated at least this friendly (1–5) by workers. */
  minFriendliness?: number;
  query?: string;
}

const bare = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .trim();

/**
 * Active providers matching the filter, best first: in the client's province, then in-network
 * (the loop closes by itself there), then friendliest, then by name.
 */
export function providersFor(all: readonly ProviderView[], filter: DirectoryFilter): ProviderView[] {
  const q = bare(filter.query ?? '');
  return all
    .filter((p) => p.active)
    .filter((p) => !filter.service || (p.services as string[]).includes(filter.service))
    .filter((p) => !filter.provinceId || p.provinceId === filter.provinceId)
    .filter((p) => !filter.minFriendliness || (p.friendliness ?? 0) >= filter.minFriendliness)
    .filter((p) => !q || bare(`${p.name} ${p.address}`).includes(q))
    .sort(
      (a, b) =>
        Number(b.provinceId === filter.near) - Number(a.provinceId === filter.near) ||
        Number(b.orgId !== null) - Number(a.orgId !== null) ||
        (b.friendliness ?? 0) - (a.friendliness ?? 0) ||
        a.name.localeCompare(b.name),
    );
}
