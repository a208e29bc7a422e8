import { describe, expect, it } from 'vitest';
import type { PullResponse } from '../../core/sync/protocol.ts';
import { emptyData, MemoryStore, mergePulled } from './engine.ts';

const pull = (rows: Partial<PullResponse> = {}): PullResponse => ({
  cookie: 1,
  more: false,
  reset: false,
  lastMutationId: 0,
  rejections: [],
  sites: [],
  catalogue: [],
  clients: [],
  consents: [],
  contacts: [],
  anonymousContacts: [],
  screenings: [],
  crisisEpisodes: [],
  orgSettings: null,
  ...rows,
});

const screening = (id: string, total: number) => ({
  id,
  clientId: 'c1',
  instrumentId: 'phq9',
  instrumentVersion: '1',
  at: '2026-11-20T03:00:00Z',
  answers: [0, 0, 0, 0, 0, 0, 0, 0, total > 0 ? 1 : 0],
  substance: null,
  crisisEpisodeId: null,
  complete: true,
  total,
  band: 'minimal',
  subscores: null,
  flags: total > 0 ? ['suicide-risk'] : [],
  recordedBy: 'u1',
});

const episode = (id: string, outcome: string | null) => ({
  id,
  clientId: 'c1',
  siteId: 's1',
  at: '2026-11-20T04:00:00Z',
  redFlags: ['panic'],
  cssrsBand: null,
  level: 'acute',
  guidanceVersion: '1',
  steps: [],
  outcome,
  outcomeAt: outcome ? '2026-11-20T05:00:00Z' : null,
  notes: null,
  followUpOn: null,
  referralNeed: null,
  openedBy: 'u1',
});

const settings = (interval: number) => ({ screening: { rescreenDays: interval }, guidanceOverrides: [] });

describe('mergePulled', () => {
  it('adds screenings and crisis episodes, and replaces a row that comes again by its id', () => {
    const first = mergePulled(emptyData(), pull({ screenings: [screening('s1', 1)], crisisEpisodes: [episode('e1', null)] }));
    const second = mergePulled(first, pull({ screenings: [screening('s2', 0)], crisisEpisodes: [episode('e1', 'resolved_on_site')] }));
    expect(second.screenings.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(second.crisisEpisodes).toEqual([episode('e1', 'resolved_on_site')]);
  });

  it("keeps the organisation's settings until new ones come whole", () => {
    const first = mergePulled(emptyData(), pull({ orgSettings: settings(90) }));
    expect(mergePulled(first, pull()).orgSettings).toEqual(settings(90));
    expect(mergePulled(first, pull({ orgSettings: settings(30) })).orgSettings).toEqual(settings(30));
  });

  it('takes a pull from a server that sends no screenings, episodes or settings', () => {
    const old = pull() as Partial<PullResponse>;
    delete old.screenings;
    delete old.crisisEpisodes;
    delete old.orgSettings;
    const merged = mergePulled(mergePulled(emptyData(), pull({ screenings: [screening('s1', 0)] })), old as PullResponse);
    expect(merged.screenings).toHaveLength(1);
    expect(merged.crisisEpisodes).toEqual([]);
    expect(merged.orgSettings).toBeNull();
  });

  it('starts again from nothing on a reset', async () => {
    const store = new MemoryStore({ deviceId: 'd', orgId: 'o', userId: 'u' });
    await store.applyPull(pull({ screenings: [screening('s1', 0)], orgSettings: settings(90) }), false);
    await store.applyPull(pull({ screenings: [screening('s2', 0)] }), true);
    expect(store.data().screenings.map((s) => s.id)).toEqual(['s2']);
    expect(store.data().orgSettings).toBeNull();
  });
});
