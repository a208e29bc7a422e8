import { INSTRUMENTS } from '../screening/instruments/index.ts';
import { SCALE_INSTRUMENTS, type ScaleInstrumentId } from '../screening/types.ts';
import { SMALL_CELL_THRESHOLD } from './suppression.ts';

/**
 * Outcomes for evaluators (issue #6 §4): among clients screened at least twice with one
 * instrument, how the latest screening compares with the first (the baseline), split by what
 * happened to them in between.
 *
 * DESCRIPTIVE, NOT CAUSAL. Who gets an exposure differs from who does not: people who come to
 * several motivational conversations, or whom a worker refers, are already different (more
 * engaged, more distressed, easier to find) from those who do not, and scores also drift back
 * towards the average on their own (regression to the mean). A difference between the columns is
 * a question for an evaluation design, not an effect of the service.
 *
 * Only the scale instruments (PHQ-9, PHQ-2, GAD-7, GAD-2, K10, K6, SDS) are covered: they have a
 * total whose mean means something and bands ordered by it. ASSIST is scored per substance with no
 * overall total, and the C-SSRS has no total.
 *
 * The band order: `ScaleInstrument.bands` (src/core/screening/types.ts) "cover every possible
 * total, in increasing order", each as published by the instrument's source (the `source` field of
 * each file in src/core/screening/instruments/, e.g. Kroenke, Spitzer & Williams 2001 for PHQ-9),
 * and on every one of these scales a higher total is more severe. So a band's position in that
 * list is its severity: "improved" is a latest band earlier in the list than the baseline band.
 */

export const OUTCOME_INSTRUMENTS = SCALE_INSTRUMENTS;
export type OutcomeInstrumentId = ScaleInstrumentId;

export const EXPOSURES = ['motivational', 'referred', 'group'] as const;
export type Exposure = (typeof EXPOSURES)[number];

/** N of "at least N motivational conversations" when the request does not say. */
export const DEFAULT_MIN_MOTIVATIONAL = 3;

/** One complete screening: ISO date-time, its total and band as scored. */
export interface OutcomeScreening {
  at: string;
  total: number;
  band: string;
}

/** What outcomes read of one client for one instrument. Nothing that identifies them. */
export interface OutcomeClient {
  /** Complete screenings of the instrument, in any order. */
  screenings: readonly OutcomeScreening[];
  /** ISO times of the client's contacts that included a brief motivational conversation. */
  motivationalContacts: readonly string[];
  /** ISO times of the referrals made for the client. */
  referrals: readonly string[];
  /** ISO times of the group sessions the client attended (issue #7: group_attendance). */
  groupSessions: readonly string[];
}

export interface OutcomeOptions {
  /** At least this many motivational conversations between baseline and latest count as exposed. Default 3. */
  minMotivational?: number;
  /** Whether group attendance is recorded on this server (issue #7); when false the group split is marked unavailable. */
  groupAvailable?: boolean;
}

/** The figures of one group of clients, unrounded. Means and shares are null for an empty group. */
export interface OutcomeFigures {
  n: number;
  baselineMean: number | null;
  latestMean: number | null;
  meanChange: number | null;
  /** Share (0–1) whose latest band is less severe than their baseline band. */
  improvedShare: number | null;
  /** Share (0–1) whose latest band is more severe than their baseline band. */
  worsenedShare: number | null;
}

export interface ExposureSplit {
  exposure: Exposure;
  available: boolean;
  exposed: OutcomeFigures;
  notExposed: OutcomeFigures;
}

export interface Outcomes {
  instrumentId: OutcomeInstrumentId;
  minMotivational: number;
  /** Every client with at least two screenings. */
  all: OutcomeFigures;
  exposures: ExposureSplit[];
}

interface Pair {
  baseline: OutcomeScreening;
  latest: OutcomeScreening;
  client: OutcomeClient;
}

/** The band's position in the instrument's list (0 = least severe); by total if the band is not in the list. */
export function bandSeverity(instrumentId: OutcomeInstrumentId, band: string, total: number): number {
  const bands = INSTRUMENTS[instrumentId].bands;
  const i = bands.findIndex((b) => b.id === band);
  return i >= 0 ? i : bands.findIndex((b) => b.min <= total && total <= b.max);
}

function pairOf(client: OutcomeClient): Pair | null {
  if (client.screenings.length < 2) return null;
  const sorted = [...client.screenings].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { baseline: sorted[0]!, latest: sorted.at(-1)!, client };
}

const between = (pair: Pair, at: string) => {
  const t = Date.parse(at);
  return t >= Date.parse(pair.baseline.at) && t <= Date.parse(pair.latest.at);
};

function isExposed(exposure: Exposure, pair: Pair, minMotivational: number): boolean {
  switch (exposure) {
    case 'motivational':
      return pair.client.motivationalContacts.filter((at) => between(pair, at)).length >= minMotivational;
    case 'referred':
      return pair.client.referrals.some((at) => between(pair, at));
    case 'group':
      return pair.client.groupSessions.some((at) => between(pair, at));
  }
}

function figures(instrumentId: OutcomeInstrumentId, pairs: readonly Pair[]): OutcomeFigures {
  const n = pairs.length;
  if (n === 0) return { n, baselineMean: null, latestMean: null, meanChange: null, improvedShare: null, worsenedShare: null };
  const mean = (f: (p: Pair) => number) => pairs.reduce((s, p) => s + f(p), 0) / n;
  const severity = (s: OutcomeScreening) => bandSeverity(instrumentId, s.band, s.total);
  return {
    n,
    baselineMean: mean((p) => p.baseline.total),
    latestMean: mean((p) => p.latest.total),
    meanChange: mean((p) => p.latest.total - p.baseline.total),
    improvedShare: pairs.filter((p) => severity(p.latest) < severity(p.baseline)).length / n,
    worsenedShare: pairs.filter((p) => severity(p.latest) > severity(p.baseline)).length / n,
  };
}

/** Baseline against latest for every client with ≥ 2 screenings, overall and split by each exposure. */
export function computeOutcomes(instrumentId: OutcomeInstrumentId, clients: readonly OutcomeClient[], options: OutcomeOptions = {}): Outcomes {
  const minMotivational = options.minMotivational ?? DEFAULT_MIN_MOTIVATIONAL;
  if (!Number.isInteger(minMotivational) || minMotivational < 1) throw new RangeError(`minMotivational must be a whole number of at least 1, not ${minMotivational}`);
  const pairs = clients.map(pairOf).filter((p): p is Pair => p !== null);
  return {
    instrumentId,
    minMotivational,
    all: figures(instrumentId, pairs),
    exposures: EXPOSURES.map((exposure) => {
      const available = exposure !== 'group' || options.groupAvailable === true;
      const exposed = available ? pairs.filter((p) => isExposed(exposure, p, minMotivational)) : [];
      return {
        exposure,
        available,
        exposed: figures(instrumentId, exposed),
        notExposed: figures(instrumentId, available ? pairs.filter((p) => !exposed.includes(p)) : []),
      };
    }),
  };
}

/** A group as shown: rounded, or hidden. */
export interface PresentedOutcomeFigures {
  /** null when hidden. */
  n: number | null;
  /** 'small': fewer than 5 people (shown as "< 5"); 'complementary': hidden so the small group beside it cannot be worked out from the total. */
  hidden: 'small' | 'complementary' | null;
  baselineMean: number | null;
  latestMean: number | null;
  meanChange: number | null;
  improvedShare: number | null;
  worsenedShare: number | null;
}

export interface PresentedExposureSplit {
  exposure: Exposure;
  available: boolean;
  exposed: PresentedOutcomeFigures;
  notExposed: PresentedOutcomeFigures;
}

export interface PresentedOutcomes {
  instrumentId: OutcomeInstrumentId;
  minMotivational: number;
  suppressed: boolean;
  all: PresentedOutcomeFigures;
  exposures: PresentedExposureSplit[];
}

const round = (x: number | null, places: number) => (x === null ? null : Math.round(x * 10 ** places) / 10 ** places);

function shown(f: OutcomeFigures): PresentedOutcomeFigures {
  return {
    n: f.n,
    hidden: null,
    baselineMean: round(f.baselineMean, 1),
    latestMean: round(f.latestMean, 1),
    meanChange: round(f.meanChange, 1),
    improvedShare: round(f.improvedShare, 3),
    worsenedShare: round(f.worsenedShare, 3),
  };
}

const hiddenAs = (hidden: 'small' | 'complementary'): PresentedOutcomeFigures => ({ n: null, hidden, baselineMean: null, latestMean: null, meanChange: null, improvedShare: null, worsenedShare: null });

const isSmall = (f: OutcomeFigures) => f.n > 0 && f.n < SMALL_CELL_THRESHOLD;

/**
 * Rounds means to one decimal and shares to three. With `suppressed` (evaluators, the network), a
 * group of 1–4 people shows neither its size nor its figures, as src/core/indicators/suppression.ts
 * does for counts. Exposed and not exposed add up to "all", so when one side is hidden the other
 * side is hidden too (complementary suppression): otherwise the small group's size and means could
 * be worked back from the total and the other side.
 */
export function presentOutcomes(outcomes: Outcomes, options: { suppressed: boolean }): PresentedOutcomes {
  const { suppressed } = options;
  const all = suppressed && isSmall(outcomes.all) ? hiddenAs('small') : shown(outcomes.all);
  return {
    instrumentId: outcomes.instrumentId,
    minMotivational: outcomes.minMotivational,
    suppressed,
    all,
    exposures: outcomes.exposures.map((split) => {
      if (!suppressed || !split.available) return { exposure: split.exposure, available: split.available, exposed: shown(split.exposed), notExposed: shown(split.notExposed) };
      const [smallExposed, smallNot] = [isSmall(split.exposed), isSmall(split.notExposed)];
      const side = (f: OutcomeFigures, small: boolean, otherSmall: boolean) => (small ? hiddenAs('small') : otherSmall || all.hidden ? hiddenAs('complementary') : shown(f));
      return {
        exposure: split.exposure,
        available: true,
        exposed: side(split.exposed, smallExposed, smallNot),
        notExposed: side(split.notExposed, smallNot, smallExposed),
      };
    }),
  };
}
