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
  providers: [],
  referrals: [],
  groups: [],
  groupSessions: [],
  stageObservations: [],
  staff: [],
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

const provider = (id: string, name: string) => ({ id, name, kind: 'psychiatry', services: ['psychiatric_assessment'], orgId: null, address: '1 Lý Thường Kiệt', provinceId: 'ha-noi', openingHours: '7:30–16:30', phone: '024 000', languages: ['vi'], cost: 'insurance', walkIn: true, active: true, friendliness: null });

const referral = (id: string, status: string, events: string[]) => ({
  id,
  code: '7KQ2-M9XD',
  clientId: 'c1',
  providerId: 'p1',
  service: 'psychiatric_assessment',
  reason: 'Hoang tưởng kéo dài',
  urgency: 'within_week',
  dueOn: '2026-11-27',
  share: [],
  at: '2026-11-20T03:00:00Z',
  contactId: null,
  crisisEpisodeId: null,
  status,
  events: events.map((event, i) => ({ id: `${id}-e${i}`, event, at: '2026-11-20T03:00:00Z', note: null, outcome: null, byOrgId: 'o1' })),
  createdBy: 'u1',
});

const settings = (interval: number) => ({ screening: { rescreenDays: interval }, guidanceOverrides: [] });

describe('mergePulled', () => {
  it('adds screenings and crisis episodes, and replaces a row that comes again by its id', () => {
    const first = mergePulled(emptyData(), pull({ screenings: [screening('s1', 1)], crisisEpisodes: [episode('e1', null)] }));
    const second = mergePulled(first, pull({ screenings: [screening('s2', 0)], crisisEpisodes: [episode('e1', 'resolved_on_site')] }));
    expect(second.screenings.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(second.crisisEpisodes).toEqual([episode('e1', 'resolved_on_site')]);
  });

  it('adds providers and referrals; a referral that comes again with a new event replaces the old', () => {
    const first = mergePulled(emptyData(), pull({ providers: [provider('p1', 'Bệnh viện Tâm thần')], referrals: [referral('r1', 'sent', ['send'])] }));
    const second = mergePulled(first, pull({ providers: [provider('p1', 'Bệnh viện Tâm thần Hà Nội'), provider('p2', 'Phòng khám')], referrals: [referral('r1', 'accepted', ['send', 'accept'])] }));
    expect(second.providers.map((p) => p.name)).toEqual(['Bệnh viện Tâm thần Hà Nội', 'Phòng khám']);
    expect(second.referrals).toEqual([referral('r1', 'accepted', ['send', 'accept'])]);
  });

  it('takes a pull from a server that sends no providers or referrals', () => {
    const old = pull() as Partial<PullResponse>;
    delete old.providers;
    delete old.referrals;
    const merged = mergePulled(mergePulled(emptyData(), pull({ referrals: [referral('r1', 'sent', ['send'])] })), old as PullResponse);
    expect(merged.referrals).toHaveLength(1);
    expect(merged.providers).toEqual([]);
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
