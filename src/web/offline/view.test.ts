import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../core/contacts/schema.ts';
import { DEFAULT_SCREENING_SETTINGS } from '../../core/screening/index.ts';
import type { OutboxEntry, ServerData } from './engine.ts';
import { buildFieldView, lastContactBy, searchClients, servicesByHabit, uicMatches } from './view.ts';

const profile = { nickname: 'Bống', phone: null, birthYear: 1995, sexAtBirth: 'M', genderIdentity: 'man', keyPopulations: [], substances: [], routes: [], provinceId: 'ha-noi', siteId: 's1', referralSource: 'outreach' };
const contact = (id: string, clientId: string, at: string, followUpOn: string | null = null) => ({ id, clientId, siteId: 's1', at, mode: 'drop_in', services: ['information'], commodities: [], iec: [], notes: null, followUpOn, recordedBy: 'u1' });

const data: ServerData = {
  sites: [],
  catalogue: [],
  clients: [
    { id: 'c1', uic: 'HOTUM95', mergedInto: null, profile, profileVersion: 1, registeredAt: '2026-10-01T00:00:00Z' },
    { id: 'c2', uic: 'HOTUM95', mergedInto: 'c1', profile, profileVersion: 1, registeredAt: '2026-10-02T00:00:00Z' },
    { id: 'c3', uic: 'LANAF01', mergedInto: null, profile: { ...profile, nickname: null }, profileVersion: 1, registeredAt: '2026-10-03T00:00:00Z' },
  ],
  consents: [],
  contacts: [contact('k1', 'c1', '2026-11-01T03:00:00Z', '2026-11-20'), contact('k2', 'c2', '2026-11-10T03:00:00Z', '2026-11-24'), contact('k3', 'c3', '2026-11-05T03:00:00Z', '2026-11-30')],
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
};

const entry = (id: number, name: OutboxEntry['name'], args: unknown, state: OutboxEntry['state'] = 'pending'): OutboxEntry => ({ id, name, args, clientTime: '2026-11-24T02:00:00Z', schemaVersion: 1, state });

describe('buildFieldView', () => {
  it('folds merged aliases into one person and takes the follow-up set at the latest contact', () => {
    const view = buildFieldView(data, [], '2026-11-24');
    expect(view.clients.map((c) => c.id)).toEqual(['c1', 'c3']);
    expect(view.byId.get('c1')!.contacts.map((c) => c.id)).toEqual(['k2', 'k1']);
    expect(view.followUps.map((f) => [f.client.id, f.due])).toEqual([['c1', 'today']]);
    expect(buildFieldView(data, [], '2026-12-01').followUps.map((f) => f.due)).toEqual(['overdue', 'overdue']);
  });

  it('shows writes waiting in the outbox at once, marked as such', () => {
    const outbox = [
      entry(1, 'registerClient', { clientId: 'c9', uic: 'MINHM99', profile, consents: [] }),
      entry(2, 'recordContact', { contactId: 'k9', clientId: 'c9', siteId: 's1', at: '2026-11-24T02:00:00Z', mode: 'drop_in', services: ['information'], commodities: [], iec: [], notes: null, followUpOn: null }),
      entry(3, 'recordContact', { contactId: 'k8', clientId: 'c2', siteId: 's1', at: '2026-11-24T01:00:00Z', mode: 'drop_in', services: ['information'], commodities: [], iec: [], notes: null, followUpOn: null }, 'rejected'),
    ];
    const view = buildFieldView(data, outbox, '2026-11-24');
    expect(view.clients[0]).toMatchObject({ id: 'c9', state: 'pending', lastContactAt: '2026-11-24T02:00:00Z' });
    expect(view.byId.get('c1')!.contacts[0]).toMatchObject({ id: 'k8', state: 'rejected' });
    // The rejected contact carried no follow-up, so c1's follow-up is no longer due.
    expect(view.followUps).toEqual([]);
  });
});

describe('uicMatches', () => {
  it('finds the same code and codes one part away', () => {
    const view = buildFieldView(data, [], '2026-11-24');
    expect(uicMatches(view.clients, 'HOTUM95').exact?.id).toBe('c1');
    expect(uicMatches(view.clients, 'HOTUM96').near.map((c) => c.id)).toEqual(['c1']);
    expect(uicMatches(view.clients, 'XXXXM96')).toEqual({ exact: null, near: [] });
  });
});

describe('servicesByHabit', () => {
  it('puts the services chosen most often lately first', () => {
    const order = servicesByHabit(SERVICES, [{ services: ['hiv_test', 'commodities'] }, { services: ['commodities'] }]);
    expect(order.slice(0, 3)).toEqual(['commodities', 'hiv_test', 'information']);
    expect(order).toHaveLength(SERVICES.length);
  });
});

describe('what the field pages read from the view', () => {
  const outbox = [
    entry(1, 'registerClient', { clientId: 'c9', uic: 'MINHM99', profile: { ...profile, nickname: 'Bống Bông' }, consents: [{ kind: 'services', given: true }, { kind: 'research', given: false }] }),
    entry(2, 'recordContact', { contactId: 'k9', clientId: 'c9', siteId: 's2', at: '2026-11-24T02:00:00Z', mode: 'online', services: ['hiv_test'], commodities: [], iec: [], notes: null, followUpOn: null }),
    entry(3, 'recordConsent', { clientId: 'c1', kind: 'research', given: true }),
    entry(4, 'recordAnonymousContacts', { tallyId: 't1', siteId: 's1', at: '2026-11-24T03:00:00Z', mode: 'event', counts: [{ sex: 'male', ageBand: '18_24', count: 4 }, { sex: 'female', ageBand: 'unknown', count: 2 }], services: ['information'], commodities: [], iec: [] }),
  ];
  const data2: ServerData = { ...data, consents: [{ id: 'x1', clientId: 'c2', kind: 'services', given: true, at: '2026-10-02T00:00:00Z' }] };
  const view = buildFieldView(data2, outbox, '2026-11-24', 'u9');

  it('takes consents from the pulled rows (merged aliases included) and from the outbox', () => {
    expect(view.byId.get('c1')!.consents).toMatchObject({ services: true, research: true, referral_sharing: false });
    expect(view.byId.get('c9')!.consents).toMatchObject({ services: true, research: false });
    expect(view.byId.get('c9')!.profile.nickname).toBe('Bống Bông');
  });

  it("finds the worker's own latest contact, the device's waiting ones included", () => {
    expect(lastContactBy(view, 'u9')?.id).toBe('k9');
    expect(lastContactBy(view, 'u1')?.id).toBe('k2');
    expect(lastContactBy(view, 'nobody')).toBeNull();
  });

  it('counts the people of anonymous tallies', () => {
    expect(view.tallies).toEqual([{ id: 't1', siteId: 's1', at: '2026-11-24T03:00:00Z', mode: 'event', people: 6, state: 'pending' }]);
  });

  it('searches codes and nicknames, ignoring case and marks', () => {
    expect(searchClients(view.clients, 'bong').map((c) => c.id)).toEqual(['c9', 'c1']);
    expect(searchClients(view.clients, 'lana').map((c) => c.id)).toEqual(['c3']);
    expect(searchClients(view.clients, '  ')).toHaveLength(3);
  });
});

describe('screenings and crisis episodes', () => {
  const pulledScreening = { id: 'q1', clientId: 'c2', instrumentId: 'phq9', instrumentVersion: '1', at: '2026-11-01T03:00:00Z', answers: [1, 1, 1, 1, 1, 0, 0, 0, 0], substance: null, crisisEpisodeId: null, complete: true, total: 5, band: 'mild', subscores: null, flags: [], recordedBy: 'u1' };
  const pulledEpisode = { id: 'e1', clientId: 'c2', siteId: 's1', at: '2026-11-02T03:00:00Z', redFlags: ['panic'], cssrsBand: null, level: 'acute', guidanceVersion: '1', steps: [], outcome: null, outcomeAt: null, notes: null, followUpOn: null, referralNeed: null, openedBy: 'u1' };
  const data3: ServerData = { ...data, screenings: [pulledScreening], crisisEpisodes: [pulledEpisode], orgSettings: { screening: { ...DEFAULT_SCREENING_SETTINGS, rescreenEveryDays: 30 }, guidanceOverrides: [] } };
  const outbox = [
    entry(1, 'recordScreening', { screeningId: 'q2', clientId: 'c1', instrumentId: 'phq9', instrumentVersion: '1', at: '2026-11-24T02:00:00Z', answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] }),
    entry(2, 'recordScreening', { screeningId: 'q3', clientId: 'c3', instrumentId: 'phq2', instrumentVersion: '1', at: '2026-11-24T02:30:00Z', answers: [9, 9] }, 'rejected'),
    entry(3, 'closeCrisisEpisode', { episodeId: 'e1', steps: [{ stepId: 'calm', doneAt: '2026-11-02T03:05:00Z' }], outcome: 'resolved_on_site', outcomeAt: '2026-11-02T03:30:00Z', notes: null, followUpOn: '2026-11-04', referralNeed: null }),
    entry(4, 'openCrisisEpisode', { episodeId: 'e2', clientId: null, siteId: 's1', at: '2026-11-24T04:00:00Z', redFlags: ['chest_pain'], cssrsBand: null, level: 'emergency', guidanceVersion: '1' }),
  ];
  const view = buildFieldView(data3, outbox, '2026-11-24', 'u9');

  it("puts pulled screenings with the client (merged aliases folded) and scores waiting ones on the phone, flags included", () => {
    const c1 = view.byId.get('c1')!;
    expect(c1.screenings.map((s) => [s.id, s.state])).toEqual([
      ['q2', 'pending'],
      ['q1', 'synced'],
    ]);
    expect(c1.screenings[0]).toMatchObject({ total: 1, band: 'minimal', complete: true, flags: ['suicide-risk'], recordedBy: 'u9', substance: null, crisisEpisodeId: null });
    expect(view.screenings.map((s) => s.id)).toEqual(['q3', 'q2', 'q1']);
  });

  it('scores nothing from answers out of range, and keeps the refusal visible', () => {
    expect(view.byId.get('c3')!.screenings[0]).toMatchObject({ id: 'q3', state: 'rejected', complete: false, total: null, band: null, flags: [] });
  });

  it('lays a waiting close over its episode, and keeps episodes of people not registered', () => {
    expect(view.byId.get('c1')!.crisisEpisodes).toEqual([expect.objectContaining({ id: 'e1', clientId: 'c1', outcome: 'resolved_on_site', followUpOn: '2026-11-04', state: 'pending' })]);
    expect(view.crisisEpisodes.map((e) => [e.id, e.clientId, e.state, e.openedBy])).toEqual([
      ['e2', null, 'pending', 'u9'],
      ['e1', 'c1', 'pending', 'u1'],
    ]);
    expect(buildFieldView(data3, [], '2026-11-24').crisisEpisodes[0]).toMatchObject({ id: 'e1', outcome: null, state: 'synced' });
  });

  it('takes the follow-up a crisis episode scheduled when it closed after the latest contact, and the contact\'s when the contact is later', () => {
    // e1 closed on 2 November, before the contact of 10 November: that contact's follow-up stands.
    expect(view.byId.get('c1')!.nextFollowUpOn).toBe('2026-11-24');
    const later = entry(3, 'closeCrisisEpisode', { episodeId: 'e1', steps: [], outcome: 'urgent_referral', outcomeAt: '2026-11-20T03:30:00Z', notes: null, followUpOn: '2026-11-21', referralNeed: { urgency: 'urgent', note: null } });
    const after = buildFieldView(data3, [later], '2026-11-24');
    expect(after.byId.get('c1')!.nextFollowUpOn).toBe('2026-11-21');
    expect(after.followUps.map((f) => [f.client.id, f.due])).toEqual([['c1', 'overdue']]);
    // An episode still open schedules nothing yet.
    expect(buildFieldView(data3, [], '2026-11-24').byId.get('c1')!.nextFollowUpOn).toBe('2026-11-24');
  });

  it("takes the organisation's settings as pulled, and the defaults until then", () => {
    expect(view.screeningSettings.rescreenEveryDays).toBe(30);
    expect(buildFieldView(data, [], '2026-11-24').screeningSettings).toEqual(DEFAULT_SCREENING_SETTINGS);
  });

  it("says when the next screening is due after a positive one, and lists those due", () => {
    // The waiting PHQ-9 with item 9 above 0 is positive; the refused PHQ-2 is not on record.
    expect(view.byId.get('c1')!.nextScreeningOn).toBe('2026-12-24');
    expect(view.byId.get('c3')!.nextScreeningOn).toBeNull();
    expect(view.screeningsDue).toEqual([]);
    expect(buildFieldView(data3, outbox, '2026-12-24').screeningsDue.map((d) => [d.client.id, d.due])).toEqual([['c1', 'today']]);
  });
});

describe('referrals', () => {
  const provider = { id: 'p1', name: 'Bệnh viện Tâm thần', kind: 'psychiatry', services: ['psychiatric_assessment'], orgId: 'o2', address: '1 Lý Thường Kiệt', provinceId: 'ha-noi', openingHours: '7:30–16:30', phone: '024 000', languages: ['vi'], cost: 'insurance', walkIn: true, active: true, friendliness: 4.2 };
  const pulled = (id: string, status: string, events: string[], over: Partial<ServerData['referrals'][number]> = {}) => ({
    id,
    code: 'ABCD-EFGH',
    clientId: 'c2',
    providerId: 'p1',
    service: 'psychiatric_assessment',
    reason: 'Mất ngủ, hoang tưởng',
    urgency: 'within_week',
    dueOn: '2026-11-30',
    share: [],
    at: '2026-11-20T03:00:00Z',
    contactId: null,
    crisisEpisodeId: null,
    status,
    events: events.map((event, i) => ({ id: `${id}-e${i}`, event, at: `2026-11-2${i}T04:00:00Z`, note: null, outcome: null, byOrgId: 'o2' })),
    createdBy: 'u1',
    ...over,
  });
  const create = (referralId: string, send = true) => ({
    referralId,
    code: '7KQ2-M9XD',
    clientId: 'c1',
    providerId: 'p1',
    service: 'crisis_care',
    reason: 'Sau khủng hoảng',
    urgency: 'same_day',
    dueOn: '2026-11-24',
    share: ['reason'],
    at: '2026-11-24T02:00:00Z',
    contactId: null,
    crisisEpisodeId: null,
    send,
  });
  const change = (referralId: string, eventId: string, event: string, at = '2026-11-24T05:00:00Z', note: string | null = null) => ({ referralId, eventId, event, at, note, outcome: null });

  it('shows a referral made on the phone at once, sent, on the client (merged alias too), with its status derived', () => {
    const view = buildFieldView({ ...data, providers: [provider] }, [entry(1, 'createReferral', create('r9')), entry(2, 'createReferral', { ...create('r8', false), clientId: 'c2' })], '2026-11-24');
    expect(view.referrals.find((r) => r.id === 'r9')).toMatchObject({ status: 'sent', state: 'pending', code: '7KQ2-M9XD', events: [{ event: 'send', state: 'pending' }] });
    expect(view.referrals.find((r) => r.id === 'r8')).toMatchObject({ status: 'created', clientId: 'c1', events: [] });
    expect(view.byId.get('c1')!.referrals.map((r) => r.id).sort()).toEqual(['r8', 'r9']);
    expect(view.providers).toEqual([provider]);
  });

  it("lays waiting status events over a pulled referral; a refused one shows but does not count", () => {
    const d = { ...data, referrals: [pulled('r1', 'accepted', ['send', 'accept'])] };
    const view = buildFieldView(d, [entry(1, 'changeReferralStatus', change('r1', 'x1', 'attend')), entry(2, 'changeReferralStatus', change('r1', 'x2', 'complete', '2026-11-24T06:00:00Z'), 'rejected')], '2026-11-24');
    const r = view.referrals[0]!;
    expect(r.status).toBe('attended');
    expect(r.events.map((e) => [e.event, e.state])).toEqual([
      ['send', 'synced'],
      ['accept', 'synced'],
      ['attend', 'pending'],
      ['complete', 'rejected'],
    ]);
    // An event already pulled is not laid twice.
    expect(buildFieldView(d, [entry(1, 'changeReferralStatus', { ...change('r1', 'r1-e1', 'accept') })], '2026-11-24').referrals[0]!.events).toHaveLength(2);
    // Nothing waiting: the server's status stands (it may say lost to follow-up).
    expect(buildFieldView({ ...data, referrals: [pulled('r2', 'lost_to_follow_up', ['send', 'lose_to_follow_up'])] }, [], '2026-11-24').referrals[0]!.status).toBe('lost_to_follow_up');
  });

  it('lists referrals needing action (declined, no-show, overdue) the most urgent first, and drops one once cancelled', () => {
    const d = {
      ...data,
      referrals: [
        pulled('routine-declined', 'declined', ['send', 'decline'], { urgency: 'routine', dueOn: '2026-12-20' }),
        pulled('sameday-overdue', 'sent', ['send'], { urgency: 'same_day', dueOn: '2026-11-23' }),
        pulled('week-fine', 'accepted', ['send', 'accept'], { dueOn: '2026-11-30' }),
        pulled('week-noshow', 'no_show', ['send', 'accept', 'no_show'], { dueOn: '2026-11-22' }),
      ],
    };
    const view = buildFieldView(d, [], '2026-11-24');
    expect(view.referralsNeedingAction.map((r) => [r.id, r.action])).toEqual([
      ['sameday-overdue', 'overdue'],
      ['week-noshow', 'no_show'],
      ['routine-declined', 'declined'],
    ]);
    const after = buildFieldView(d, [entry(1, 'changeReferralStatus', change('routine-declined', 'c1', 'cancel', '2026-11-24T05:00:00Z', 'Chuyển nơi khác'))], '2026-11-24');
    expect(after.referralsNeedingAction.map((r) => r.id)).toEqual(['sameday-overdue', 'week-noshow']);
  });
});
