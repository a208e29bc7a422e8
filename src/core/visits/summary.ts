import { periodContains, type Period } from '../indicators/periods.ts';
import { FEEDBACK_ASPECTS, type FeedbackAspect, type Ratings } from './feedback.ts';
import { VISITOR_KINDS, type VisitorKind, type VisitStatus } from './schema.ts';

/**
 * What the dashboard shows of exchange visits (issue #7 §4), per period: visits, visitors, where
 * they came from, how many organisations, and the mean ratings of their feedback. Only visits
 * that took place (done) count. A visit counts in the period of its first day; its dates are
 * already days in the host organisation's time zone, so no instant is converted here.
 *
 * These are counts of visiting professionals, not of clients, so no cell is suppressed; and no
 * free text leaves: the visiting organisations are counted, never named, and feedback is reduced
 * to its ratings.
 */
export interface VisitForSummary {
  id: string;
  status: VisitStatus;
  from: string;
  people: number;
  visitorName: string;
  visitorKind: VisitorKind;
  provinceId?: string | null | undefined;
  country?: string | null | undefined;
}

export interface FeedbackForSummary {
  visitId: string;
  ratings: Ratings;
}

export interface OriginCount {
  /** A province id of core/geo, or an ISO 3166-1 alpha-2 country code. */
  kind: 'province' | 'country';
  code: string;
  visits: number;
  visitors: number;
}

export interface AspectMean {
  aspect: FeedbackAspect;
  /** To one decimal; null when no form rated this aspect. */
  mean: number | null;
  responses: number;
}

export interface VisitPeriodSummary {
  /** The period's key: '2026-11', '2026-Q4', '2026'. */
  period: string;
  visits: number;
  visitors: number;
  /** Distinct visiting organisations (by name, ignoring case, spacing and Unicode form). */
  organisations: number;
  /** Visits by the visiting organisation's kind, every kind listed. */
  byKind: Array<{ kind: VisitorKind; visits: number }>;
  /** Most visitors first, then by code. */
  origins: OriginCount[];
  feedbackForms: number;
  ratings: AspectMean[];
}

/** One name for one organisation however it was typed: "UNODC", " unodc ", a decomposed "Đ". */
export function organisationKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The summaries of `periods`, in their order, from the visits and feedback of the scope. */
export function summariseVisits(visits: readonly VisitForSummary[], feedback: readonly FeedbackForSummary[], periods: readonly Period[]): VisitPeriodSummary[] {
  const done = visits.filter((v) => v.status === 'done');
  const feedbackOf = new Map<string, FeedbackForSummary[]>();
  for (const f of feedback) feedbackOf.set(f.visitId, [...(feedbackOf.get(f.visitId) ?? []), f]);
  return periods.map((period) => {
    const inPeriod = done.filter((v) => periodContains(period, v.from));
    const origins = new Map<string, OriginCount>();
    for (const v of inPeriod) {
      const origin: Pick<OriginCount, 'kind' | 'code'> = v.provinceId ? { kind: 'province', code: v.provinceId } : { kind: 'country', code: v.country ?? '' };
      const key = `${origin.kind}:${origin.code}`;
      const o = origins.get(key) ?? { ...origin, visits: 0, visitors: 0 };
      o.visits += 1;
      o.visitors += v.people;
      origins.set(key, o);
    }
    const forms = inPeriod.flatMap((v) => feedbackOf.get(v.id) ?? []);
    return {
      period: period.key,
      visits: inPeriod.length,
      visitors: inPeriod.reduce((n, v) => n + v.people, 0),
      organisations: new Set(inPeriod.map((v) => organisationKey(v.visitorName))).size,
      byKind: VISITOR_KINDS.map((kind) => ({ kind, visits: inPeriod.filter((v) => v.visitorKind === kind).length })),
      origins: [...origins.values()].sort((a, b) => b.visitors - a.visitors || a.code.localeCompare(b.code)),
      feedbackForms: forms.length,
      ratings: FEEDBACK_ASPECTS.map((aspect) => {
        const given = forms.map((f) => f.ratings[aspect]).filter((r): r is number => r !== undefined);
        return { aspect, mean: given.length ? round1(given.reduce((a, b) => a + b, 0) / given.length) : null, responses: given.length };
      }),
    };
  });
}
