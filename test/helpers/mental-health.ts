import { v7 as uuidv7 } from 'uuid';
import { INSTRUMENTS } from '../../src/core/screening/instruments/index.ts';
import type { Device } from './field.ts';

/** Mutations of issue #4 as a device's outbox builds them (a screening carries its instrument's version, as the forms record it). */
export function recordScreening(device: Device, clientId: string, instrumentId: string, answers: unknown, overrides: Record<string, unknown> = {}) {
  const screeningId = uuidv7();
  return {
    screeningId,
    m: device.mutation('recordScreening', { screeningId, clientId, instrumentId, instrumentVersion: INSTRUMENTS[instrumentId as keyof typeof INSTRUMENTS]?.version ?? 'unknown', at: new Date(Date.now() - 120_000).toISOString(), answers, ...overrides }),
  };
}

export function openCrisisEpisode(device: Device, clientId: string | null, overrides: Record<string, unknown> = {}) {
  const episodeId = uuidv7();
  return {
    episodeId,
    m: device.mutation('openCrisisEpisode', {
      episodeId,
      clientId,
      siteId: device.org.siteId,
      at: new Date(Date.now() - 600_000).toISOString(),
      redFlags: ['panic'],
      cssrsBand: null,
      level: 'acute',
      guidanceVersion: '1',
      ...overrides,
    }),
  };
}

export function closeCrisisEpisode(device: Device, episodeId: string, overrides: Record<string, unknown> = {}) {
  return device.mutation('closeCrisisEpisode', {
    episodeId,
    steps: [{ stepId: 'stay_with_person', doneAt: new Date(Date.now() - 300_000).toISOString() }],
    outcome: 'resolved_on_site',
    outcomeAt: new Date(Date.now() - 60_000).toISOString(),
    notes: null,
    followUpOn: null,
    referralNeed: null,
    ...overrides,
  });
}

/** PHQ-9 with every item at 1: total 9 (mild), item 9 above 0 (suicide-risk). */
export const PHQ9_MILD_WITH_ITEM9 = [1, 1, 1, 1, 1, 1, 1, 1, 1];
/** PHQ-9 totalling 12 (moderate) with item 9 at 0. */
export const PHQ9_MODERATE = [2, 2, 2, 2, 2, 1, 1, 0, 0];
