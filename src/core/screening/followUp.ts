import { addDays, dayIn } from '../dates.ts';
import { isPositiveScreen, type ScreeningSettings } from './settings.ts';
import type { InstrumentId, ScoreResult } from './types.ts';

/** A short form answers the same question as its long form, so the latest of either decides. */
const FAMILY: Record<InstrumentId, string> = {
  phq9: 'depression',
  phq2: 'depression',
  gad7: 'anxiety',
  gad2: 'anxiety',
  k10: 'distress',
  k6: 'distress',
  assist: 'assist',
  sds: 'sds',
  cssrs: 'cssrs',
};

export interface ScreeningOnRecord {
  instrumentId: InstrumentId;
  /** ISO date-time with offset. */
  at: string;
  result: ScoreResult;
}

/**
 * When the client's next screening is due, or `null` when nothing calls for one.
 * Rule: group the screenings by what they measure (PHQ-9 with PHQ-2, GAD-7 with GAD-2, K10 with K6,
 * ASSIST, SDS, C-SSRS); in each group take the latest screening that decided something (complete, or
 * positive from a safety flag alone). Each group whose latest decisive screening is positive under the
 * organisation's cut-offs is due `rescreenEveryDays` after that screening's day in `timeZone`; the
 * answer is the earliest of these. A later negative screen of the same kind clears an earlier positive;
 * a negative screen of another kind does not.
 */
export function nextScreeningDue(screenings: readonly ScreeningOnRecord[], settings: ScreeningSettings, timeZone = 'Asia/Ho_Chi_Minh'): string | null {
  const latest = new Map<string, { at: number; s: ScreeningOnRecord; positive: boolean }>();
  for (const s of screenings) {
    const positive = isPositiveScreen(s.instrumentId, s.result, settings);
    if (!s.result.complete && !positive) continue;
    const at = Date.parse(s.at);
    const family = FAMILY[s.instrumentId];
    const seen = latest.get(family);
    if (!seen || at > seen.at) latest.set(family, { at, s, positive });
  }
  const due = [...latest.values()].filter((l) => l.positive).map((l) => addDays(dayIn(l.s.at, timeZone), settings.rescreenEveryDays));
  return due.length === 0 ? null : due.sort()[0]!;
}

export interface ScoreOnRecord {
  at: string;
  total: number;
}

/**
 * Change from the first (baseline) score to the latest, by time; `null` with fewer than two scores.
 * Entries without a total (incomplete screenings) are ignored.
 */
export function changeFromBaseline(
  scores: readonly { at: string; total?: number | null }[],
): { baseline: ScoreOnRecord; latest: ScoreOnRecord; change: number } | null {
  const scored = scores
    .filter((s): s is ScoreOnRecord => typeof s.total === 'number')
    .map((s) => ({ at: s.at, total: s.total }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (scored.length < 2) return null;
  const baseline = scored[0]!;
  const latest = scored[scored.length - 1]!;
  return { baseline, latest, change: latest.total - baseline.total };
}
