import type { CrisisLevel, CrisisOutcome, CssrsBand, RedFlag } from '../../core/crisis/schema.ts';
import type { CssrsAnswers } from '../../core/screening/types.ts';
import type { DeviceStore } from '../offline/device-store.ts';

/**
 * A crisis being handled, kept sealed in the phone's store after every tap, so that a reload, a
 * dead battery or the idle lock never loses where the worker was: the PIN opens it again at the
 * same step. One at a time (a worker handles one crisis at once); it is forgotten when the
 * outcome is saved.
 *
 * `openedAt` is set once `openCrisisEpisode` is in the outbox: from then on the episode exists and
 * must be closed with an outcome, so the check can no longer be cancelled.
 */
export interface CrisisDraft {
  episodeId: string;
  clientId: string | null;
  siteId: string | null;
  startedAt: string;
  stage: 'check' | 'respond' | 'outcome';
  redFlags: RedFlag[];
  cssrs: CssrsAnswers;
  openedAt: string | null;
  level: CrisisLevel | null;
  cssrsBand: CssrsBand | null;
  /** Step id → when it was ticked. */
  steps: Record<string, string>;
  outcome: CrisisOutcome | null;
  notes: string;
  /** The follow-up day the worker chose; null keeps the one the rule suggests. */
  followUpOn: string | null;
  followUpEdited: boolean;
  referralNote: string;
}

export const EMPTY_CSSRS: CssrsAnswers = { q1: null, q2: null, q6: null };

export function newDraft(episodeId: string, clientId: string | null, siteId: string | null, now = new Date()): CrisisDraft {
  return {
    episodeId,
    clientId,
    siteId,
    startedAt: now.toISOString(),
    stage: 'check',
    redFlags: [],
    cssrs: EMPTY_CSSRS,
    openedAt: null,
    level: null,
    cssrsBand: null,
    steps: {},
    outcome: null,
    notes: '',
    followUpOn: null,
    followUpEdited: false,
    referralNote: '',
  };
}

export function currentCrisis(store: DeviceStore): CrisisDraft | null {
  return store.draft<CrisisDraft>('crisis');
}

export function keepCrisis(store: DeviceStore, draft: CrisisDraft | null): Promise<void> {
  return store.saveDraft('crisis', draft);
}

/** Where the crisis in progress is handled. */
export function crisisPath(draft: Pick<CrisisDraft, 'clientId'> | null, clientId: string | null = draft?.clientId ?? null): string {
  return clientId ? `/field/clients/${clientId}/crisis` : '/field/crisis';
}
