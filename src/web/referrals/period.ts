import { addDays } from '../../core/referrals/due.ts';

/** The periods a manager picks the referral numbers for. */
export const PERIODS = ['days30', 'days90', 'year', 'all'] as const;
export type Period = (typeof PERIODS)[number];

/**
 * The days ('YYYY-MM-DD', both included) of a period ending `today` in the organisation's time
 * zone: the last 30 or 90 days counting today, this calendar year so far, or everything (no bounds).
 */
export function periodRange(period: Period, today: string): { from?: string; to?: string } {
  switch (period) {
    case 'days30':
      return { from: addDays(today, -29), to: today };
    case 'days90':
      return { from: addDays(today, -89), to: today };
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'all':
      return {};
  }
}
