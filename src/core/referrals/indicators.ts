import { dayIn } from './due.ts';
import { nextStatus } from './lifecycle.ts';
import { REFERRAL_URGENCIES, type ReferralEventKind, type ReferralService, type ReferralStatus, type ReferralUrgency } from './schema.ts';

/** What the indicators read of a referral: no client, no reason, no notes. */
export interface ReferralForIndicators {
  status: ReferralStatus;
  urgency: ReferralUrgency;
  providerId: string;
  service: ReferralService;
  /** The referring organisation. */
  orgId: string;
  /** ISO date-time with offset. */
  createdAt: string;
  /** In the order they were appended, each with its ISO time. */
  events: readonly { event: ReferralEventKind; at: string }[];
}

/**
 * - made: every referral recorded, drafts included;
 * - cancelled, completed, lost: referrals in that status now;
 * - attended: the person got there (attended or completed now);
 * - completionRate: completed / (made − cancelled), or null when that is 0. Cancelled referrals
 *   are left out because a cancellation is a decision (the person moved, was re-referred
 *   elsewhere, no longer needed it), not a failure of the loop; lost and declined ones stay in,
 *   and so do open ones, so a recent period reads low until its referrals close.
 * - medianDaysToAttendance: median of calendar days (in the organisation's time zone) from the day
 *   the referral was made to the day of its accepted `attend` event; 0 is the same day; the mean
 *   of the two middle values for an even count; null with no attendance.
 */
export interface ReferralCounts {
  made: number;
  cancelled: number;
  attended: number;
  completed: number;
  lost: number;
  completionRate: number | null;
  medianDaysToAttendance: number | null;
}

export interface ReferralIndicators {
  all: ReferralCounts;
  /** Keyed by provider id. */
  byProvider: Record<string, ReferralCounts>;
  /** Only services with referrals. */
  byService: Partial<Record<ReferralService, ReferralCounts>>;
  /** Every urgency, zero counts included, most urgent first. */
  byUrgency: Record<ReferralUrgency, ReferralCounts>;
  /** Keyed by the referring organisation's id. */
  byOrganisation: Record<string, ReferralCounts>;
}

class Tally {
  made = 0;
  cancelled = 0;
  attended = 0;
  completed = 0;
  lost = 0;
  days: number[] = [];

  add(r: ReferralForIndicators, days: number | null): void {
    this.made++;
    if (r.status === 'cancelled') this.cancelled++;
    if (r.status === 'completed') this.completed++;
    if (r.status === 'lost_to_follow_up') this.lost++;
    if (r.status === 'attended' || r.status === 'completed') this.attended++;
    if (days !== null) this.days.push(days);
  }

  counts(): ReferralCounts {
    const denominator = this.made - this.cancelled;
    return {
      made: this.made,
      cancelled: this.cancelled,
      attended: this.attended,
      completed: this.completed,
      lost: this.lost,
      completionRate: denominator === 0 ? null : this.completed / denominator,
      medianDaysToAttendance: median(this.days),
    };
  }
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

/** The time of the `attend` event the lifecycle accepted (replaying in order), or null. */
function attendedAt(events: ReferralForIndicators['events']): string | null {
  let status: ReferralStatus = 'created';
  for (const e of events) {
    const next = nextStatus(status, e.event);
    if (next === null) continue;
    if (e.event === 'attend') return e.at;
    status = next;
  }
  return null;
}

function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000);
}

/**
 * The programme's referral numbers (issue #5 §8), for everything given and grouped by provider,
 * service, urgency and referring organisation. Aggregates only: nothing about a person goes in
 * or comes out. The caller chooses the period (by `createdAt`) and the organisations.
 */
export function referralIndicators(referrals: readonly ReferralForIndicators[], options: { timeZone?: string } = {}): ReferralIndicators {
  const timeZone = options.timeZone ?? 'Asia/Ho_Chi_Minh';
  const all = new Tally();
  const byProvider = new Map<string, Tally>();
  const byService = new Map<ReferralService, Tally>();
  const byUrgency = new Map<ReferralUrgency, Tally>(REFERRAL_URGENCIES.map((u) => [u, new Tally()]));
  const byOrganisation = new Map<string, Tally>();
  const tally = <K>(m: Map<K, Tally>, k: K) => m.get(k) ?? m.set(k, new Tally()).get(k)!;

  for (const r of referrals) {
    const at = r.status === 'attended' || r.status === 'completed' ? attendedAt(r.events) : null;
    const days = at === null ? null : daysBetween(dayIn(r.createdAt, timeZone), dayIn(at, timeZone));
    for (const t of [all, tally(byProvider, r.providerId), tally(byService, r.service), tally(byUrgency, r.urgency), tally(byOrganisation, r.orgId)]) t.add(r, days);
  }

  const counts = <K extends string>(m: Map<K, Tally>) => Object.fromEntries([...m].map(([k, t]) => [k, t.counts()])) as Record<K, ReferralCounts>;
  return { all: all.counts(), byProvider: counts(byProvider), byService: counts(byService), byUrgency: counts(byUrgency), byOrganisation: counts(byOrganisation) };
}
