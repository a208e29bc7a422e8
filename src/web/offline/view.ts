import { compareUic } from '../../core/clients/uic.ts';
import { followUpDue, type ItemLine, type RecordAnonymousContactsArgs, type RecordContactArgs, type Service } from '../../core/contacts/schema.ts';
import { currentConsents, type ConsentKind, type RecordConsentArgs, type RegisterClientArgs } from '../../core/clients/schema.ts';
import type { CloseCrisisEpisodeArgs, OpenCrisisEpisodeArgs } from '../../core/crisis/schema.ts';
import { deriveStatus, needsAction, sortByUrgency, type ReferralActionReason } from '../../core/referrals/index.ts';
import type { ChangeReferralStatusArgs, CreateReferralArgs, ReferralEventKind, ReferralService, ReferralStatus, ReferralUrgency, ShareField } from '../../core/referrals/schema.ts';
import { DEFAULT_SCREENING_SETTINGS, nextScreeningDue, scoreInstrument, ScreeningSettings } from '../../core/screening/index.ts';
import type { Answers, InstrumentId, RecordScreeningArgs, ScoreResult, ScreeningFlag } from '../../core/screening/types.ts';
import type { OutboxEntry, ServerData } from './engine.ts';

/**
 * What the worker sees: the pulled data with the outbox laid over it, so a write shows the moment
 * it is made, marked as waiting (or as needing attention if the server refused it).
 */
export type SyncState = 'synced' | 'pending' | 'rejected';

export type ProfileView = ServerData['clients'][number]['profile'];

export interface ClientView {
  id: string;
  uic: string;
  nickname: string | null;
  state: SyncState;
  registeredAt: string;
  lastContactAt: string | null;
  nextFollowUpOn: string | null;
  profile: ProfileView;
  /** The latest decision per kind, the device's own decisions included. */
  consents: Record<ConsentKind, boolean>;
  contacts: ContactView[];
  /** Screenings, newest first. */
  screenings: ScreeningView[];
  /** Crisis episodes, newest first. */
  crisisEpisodes: CrisisEpisodeView[];
  /** When the next screening is due under the organisation's interval (after a positive screen), or null. */
  nextScreeningOn: string | null;
  /** Referrals made for this client, newest first. */
  referrals: ReferralView[];
}

/** One status event of a referral: pulled, or waiting on this phone. */
export interface ReferralEventView {
  id: string;
  event: ReferralEventKind;
  at: string;
  note: string | null;
  outcome: string | null;
  /** The organisation that recorded it; null for the phone's own waiting events. */
  byOrgId: string | null;
  state: SyncState;
}

/**
 * A referral with its events. Its status is the server's while nothing waits; with events waiting
 * on the phone, the core's lifecycle derives it again from all events not refused.
 */
export interface ReferralView {
  id: string;
  code: string;
  clientId: string;
  providerId: string;
  service: ReferralService;
  reason: string;
  urgency: ReferralUrgency;
  dueOn: string;
  share: ShareField[];
  at: string;
  contactId: string | null;
  crisisEpisodeId: string | null;
  status: ReferralStatus;
  /** Oldest first. */
  events: ReferralEventView[];
  createdBy: string | null;
  state: SyncState;
  /** Why it needs the worker today (lost, declined, no-show, overdue), or null. */
  action: ReferralActionReason | null;
}

export type ProviderView = ServerData['providers'][number];

/** A screening as the server scored it, or as this phone scored it while it waits to be sent. */
export interface ScreeningView {
  id: string;
  clientId: string;
  instrumentId: InstrumentId;
  instrumentVersion: string;
  at: string;
  answers: unknown;
  substance: string | null;
  crisisEpisodeId: string | null;
  complete: boolean;
  total: number | null;
  band: string | null;
  subscores: Record<string, { score: number; band: string }> | null;
  flags: string[];
  recordedBy: string | null;
  state: SyncState;
}

/** A crisis episode, pulled or waiting; a close waiting in the outbox is laid over its opening. */
export interface CrisisEpisodeView {
  id: string;
  clientId: string | null;
  siteId: string | null;
  at: string;
  redFlags: string[];
  cssrsBand: string | null;
  level: string;
  guidanceVersion: string;
  steps: { stepId: string; doneAt: string }[];
  outcome: string | null;
  outcomeAt: string | null;
  notes: string | null;
  followUpOn: string | null;
  referralNeed: { urgency: string; note: string | null } | null;
  openedBy: string | null;
  state: SyncState;
}

export interface ContactView {
  id: string;
  clientId: string;
  siteId: string;
  at: string;
  mode: string;
  services: string[];
  commodities: ItemLine[];
  iec: ItemLine[];
  notes: string | null;
  followUpOn: string | null;
  /** Who recorded it; null for the device's own writes when no user id is given. */
  recordedBy: string | null;
  state: SyncState;
}

/** A tally of anonymous contacts, pulled or waiting. */
export interface TallyView {
  id: string;
  siteId: string;
  at: string;
  mode: string;
  people: number;
  state: SyncState;
}

export interface FieldView {
  clients: ClientView[];
  byId: Map<string, ClientView>;
  /** Every contact, newest first. */
  contacts: ContactView[];
  tallies: TallyView[];
  /** Every screening, newest first. */
  screenings: ScreeningView[];
  /** Every crisis episode, of unregistered people too, newest first. */
  crisisEpisodes: CrisisEpisodeView[];
  /** The organisation's settings as last pulled (null until the server sent them). */
  orgSettings: ServerData['orgSettings'];
  /** Its screening cut-offs and interval; the international defaults until pulled (or if they no longer parse). */
  screeningSettings: ScreeningSettings;
  /** Clients whose next screening is due today or overdue, the longest waiting first. */
  screeningsDue: { client: ClientView; due: 'today' | 'overdue' }[];
  /** Clients whose follow-up date is today or past and who have not been seen since. */
  followUps: { client: ClientView; due: 'today' | 'overdue' }[];
  /** The network's directory as last pulled, inactive providers too. */
  providers: ProviderView[];
  /** Every referral the organisation made, newest first. */
  referrals: ReferralView[];
  /** Referrals overdue, missed or declined, the most urgent first. */
  referralsNeedingAction: ReferralView[];
}

const stateOf = (e: OutboxEntry): SyncState => (e.state === 'rejected' ? 'rejected' : 'pending');

/**
 * `deviceUserId` is the person whose outbox this is: their waiting contacts count as theirs
 * ("same as last time" looks for the worker's own latest contact).
 */
export function buildFieldView(data: ServerData, outbox: readonly OutboxEntry[], today: string, deviceUserId: string | null = null): FieldView {
  const alias = new Map<string, string>();
  for (const c of data.clients) if (c.mergedInto) alias.set(c.id, c.mergedInto);
  const canonical = (id: string) => alias.get(id) ?? id;

  const consentEvents = new Map<string, { kind: ConsentKind; given: boolean; at: string }[]>();
  const addConsent = (clientId: string, kind: string, given: boolean, at: string) => {
    const id = canonical(clientId);
    consentEvents.set(id, [...(consentEvents.get(id) ?? []), { kind: kind as ConsentKind, given, at }]);
  };
  for (const c of data.consents) addConsent(c.clientId, c.kind, c.given, c.at);

  const byId = new Map<string, ClientView>();
  const blank = { lastContactAt: null, nextFollowUpOn: null, nextScreeningOn: null };
  const lists = () => ({ contacts: [], screenings: [], crisisEpisodes: [], referrals: [] });
  for (const c of data.clients) {
    if (c.mergedInto) continue;
    byId.set(c.id, { id: c.id, uic: c.uic, nickname: c.profile.nickname, state: 'synced', registeredAt: c.registeredAt, profile: c.profile, consents: currentConsents([]), ...blank, ...lists() });
  }
  for (const e of outbox) {
    if (e.name === 'recordConsent') {
      const a = e.args as RecordConsentArgs;
      addConsent(a.clientId, a.kind, a.given, e.clientTime);
    }
    if (e.name !== 'registerClient') continue;
    const a = e.args as RegisterClientArgs;
    // Consents given at registration count as soon as the registration is written.
    for (const c of a.consents) addConsent(a.clientId, c.kind, c.given, e.clientTime);
    if (byId.has(canonical(a.clientId))) continue;
    byId.set(a.clientId, { id: a.clientId, uic: a.uic, nickname: a.profile.nickname, state: stateOf(e), registeredAt: e.clientTime, profile: a.profile, consents: currentConsents([]), ...blank, ...lists() });
  }
  for (const client of byId.values()) client.consents = currentConsents(consentEvents.get(client.id) ?? []);

  const contacts: ContactView[] = data.contacts.map((c) => ({ ...c, clientId: canonical(c.clientId), state: 'synced' as const }));
  const known = new Set(contacts.map((c) => c.id));
  for (const e of outbox) {
    if (e.name !== 'recordContact') continue;
    const a = e.args as RecordContactArgs;
    if (known.has(a.contactId)) continue;
    contacts.push({
      id: a.contactId,
      clientId: canonical(a.clientId),
      siteId: a.siteId,
      at: a.at,
      mode: a.mode,
      services: a.services,
      commodities: a.commodities,
      iec: a.iec,
      notes: a.notes,
      followUpOn: a.followUpOn,
      recordedBy: deviceUserId,
      state: stateOf(e),
    });
  }
  contacts.sort((x, y) => (x.at < y.at ? 1 : -1));
  for (const c of contacts) {
    const client = byId.get(c.clientId);
    if (!client) continue;
    client.contacts.push(c);
  }
  for (const client of byId.values()) client.lastContactAt = client.contacts[0]?.at ?? null;
  const clients = [...byId.values()].sort((a, b) => ((a.lastContactAt ?? a.registeredAt) < (b.lastContactAt ?? b.registeredAt) ? 1 : -1));

  const people = (counts: readonly { count: number }[]) => counts.reduce((sum, c) => sum + c.count, 0);
  const tallies: TallyView[] = data.anonymousContacts.map((a) => ({ id: a.id, siteId: a.siteId, at: a.at, mode: a.mode, people: people(a.counts), state: 'synced' as const }));
  const knownTallies = new Set(tallies.map((a) => a.id));
  for (const e of outbox) {
    if (e.name !== 'recordAnonymousContacts') continue;
    const a = e.args as RecordAnonymousContactsArgs;
    if (!knownTallies.has(a.tallyId)) tallies.push({ id: a.tallyId, siteId: a.siteId, at: a.at, mode: a.mode, people: people(a.counts), state: stateOf(e) });
  }
  tallies.sort((x, y) => (x.at < y.at ? 1 : -1));

  const screenings = screeningViews(data, outbox, canonical, deviceUserId);
  for (const s of screenings) byId.get(s.clientId)?.screenings.push(s);
  const crisisEpisodes = crisisEpisodeViews(data, outbox, canonical, deviceUserId);
  for (const c of crisisEpisodes) if (c.clientId) byId.get(c.clientId)?.crisisEpisodes.push(c);

  // The follow-up that counts is the one set at the latest contact or closed crisis episode (the
  // first-response flow schedules one by itself, issue #4): meeting the person again replaces it.
  const followUps: FieldView['followUps'] = [];
  for (const client of byId.values()) {
    const latestContact = client.contacts[0];
    const closedEpisodes = client.crisisEpisodes.filter((e) => e.outcome !== null).map((e) => ({ at: e.outcomeAt ?? e.at, followUpOn: e.followUpOn }));
    const latestEpisode = closedEpisodes.sort((x, y) => (x.at < y.at ? 1 : -1))[0];
    const latest = latestEpisode && (!latestContact || latestEpisode.at > latestContact.at) ? latestEpisode : latestContact;
    client.nextFollowUpOn = latest?.followUpOn ?? null;
    const due = followUpDue(client.nextFollowUpOn, today);
    if (due) followUps.push({ client, due });
  }
  followUps.sort((a, b) => (a.client.nextFollowUpOn! < b.client.nextFollowUpOn! ? -1 : 1));

  const parsed = ScreeningSettings.safeParse(data.orgSettings?.screening);
  const screeningSettings = parsed.success ? parsed.data : DEFAULT_SCREENING_SETTINGS;
  const screeningsDue: FieldView['screeningsDue'] = [];
  for (const client of clients) {
    // A refused screening is not on record until the worker fixes it.
    const onRecord = client.screenings.filter((s) => s.state !== 'rejected').map((s) => ({ instrumentId: s.instrumentId, at: s.at, result: scoreResultOf(s) }));
    client.nextScreeningOn = nextScreeningDue(onRecord, screeningSettings);
    const due = followUpDue(client.nextScreeningOn, today);
    if (due) screeningsDue.push({ client, due });
  }
  screeningsDue.sort((a, b) => (a.client.nextScreeningOn! < b.client.nextScreeningOn! ? -1 : 1));

  const referrals = referralViews(data, outbox, canonical, deviceUserId);
  for (const r of referrals) byId.get(r.clientId)?.referrals.push(r);
  for (const r of referrals) r.action = r.state === 'rejected' ? null : needsAction(r, today);
  const referralsNeedingAction = sortByUrgency(referrals.filter((r) => r.action !== null));

  return {
    clients,
    byId,
    contacts,
    tallies,
    screenings,
    crisisEpisodes,
    orgSettings: data.orgSettings,
    screeningSettings,
    followUps,
    screeningsDue,
    providers: data.providers,
    referrals,
    referralsNeedingAction,
  };
}

/** A stored screening as the score it came from, for `isPositiveScreen` and the follow-up rule. */
export function scoreResultOf(s: ScreeningView): ScoreResult {
  return {
    complete: s.complete,
    flags: s.flags as ScreeningFlag[],
    ...(s.total !== null ? { total: s.total } : {}),
    ...(s.band !== null ? { band: s.band } : {}),
    ...(s.subscores !== null ? { subscores: s.subscores } : {}),
  };
}

const newestFirst = (x: { at: string }, y: { at: string }) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0);

/** What this phone makes of answers it holds: the same scoring as the server's; answers it cannot score score nothing. */
function scoreLocally(instrumentId: InstrumentId, answers: unknown): ScoreResult {
  try {
    return scoreInstrument(instrumentId, answers as Answers);
  } catch {
    return { complete: false, flags: [] };
  }
}

function screeningViews(data: ServerData, outbox: readonly OutboxEntry[], canonical: (id: string) => string, deviceUserId: string | null): ScreeningView[] {
  const screenings: ScreeningView[] = data.screenings.map((s) => ({ ...s, instrumentId: s.instrumentId as InstrumentId, clientId: canonical(s.clientId), state: 'synced' as const }));
  const known = new Set(screenings.map((s) => s.id));
  for (const e of outbox) {
    if (e.name !== 'recordScreening') continue;
    const a = e.args as RecordScreeningArgs;
    if (known.has(a.screeningId)) continue;
    const score = scoreLocally(a.instrumentId, a.answers);
    screenings.push({
      id: a.screeningId,
      clientId: canonical(a.clientId),
      instrumentId: a.instrumentId,
      instrumentVersion: a.instrumentVersion,
      at: a.at,
      answers: a.answers,
      substance: a.substance ?? null,
      crisisEpisodeId: a.crisisEpisodeId ?? null,
      complete: score.complete,
      total: score.total ?? null,
      band: score.band ?? null,
      subscores: score.subscores ?? null,
      flags: [...score.flags],
      recordedBy: deviceUserId,
      state: stateOf(e),
    });
  }
  return screenings.sort(newestFirst);
}

function crisisEpisodeViews(data: ServerData, outbox: readonly OutboxEntry[], canonical: (id: string) => string, deviceUserId: string | null): CrisisEpisodeView[] {
  const byId = new Map<string, CrisisEpisodeView>(data.crisisEpisodes.map((c) => [c.id, { ...c, clientId: c.clientId && canonical(c.clientId), state: 'synced' as const }]));
  for (const e of outbox) {
    if (e.name === 'openCrisisEpisode') {
      const a = e.args as OpenCrisisEpisodeArgs;
      if (byId.has(a.episodeId)) continue;
      byId.set(a.episodeId, {
        id: a.episodeId,
        clientId: a.clientId && canonical(a.clientId),
        siteId: a.siteId,
        at: a.at,
        redFlags: a.redFlags,
        cssrsBand: a.cssrsBand,
        level: a.level,
        guidanceVersion: a.guidanceVersion,
        steps: [],
        outcome: null,
        outcomeAt: null,
        notes: null,
        followUpOn: null,
        referralNeed: null,
        openedBy: deviceUserId,
        state: stateOf(e),
      });
    }
    if (e.name === 'closeCrisisEpisode') {
      const a = e.args as CloseCrisisEpisodeArgs;
      const episode = byId.get(a.episodeId);
      if (!episode) continue;
      // Refused beats waiting: either part refused needs the worker.
      const state = episode.state === 'rejected' ? 'rejected' : stateOf(e);
      byId.set(a.episodeId, { ...episode, steps: a.steps, outcome: a.outcome, outcomeAt: a.outcomeAt, notes: a.notes, followUpOn: a.followUpOn, referralNeed: a.referralNeed, state });
    }
  }
  return [...byId.values()].sort(newestFirst);
}

function referralViews(data: ServerData, outbox: readonly OutboxEntry[], canonical: (id: string) => string, deviceUserId: string | null): ReferralView[] {
  const byId = new Map<string, ReferralView>(
    data.referrals.map((r) => [
      r.id,
      {
        ...r,
        clientId: canonical(r.clientId),
        service: r.service as ReferralService,
        urgency: r.urgency as ReferralUrgency,
        share: r.share as ShareField[],
        status: r.status as ReferralStatus,
        events: r.events.map((e) => ({ ...e, event: e.event as ReferralEventKind, state: 'synced' as const })),
        state: 'synced' as const,
        action: null,
      },
    ]),
  );
  const waitedOn = new Set<string>();
  for (const e of outbox) {
    if (e.name === 'createReferral') {
      const a = e.args as CreateReferralArgs;
      if (byId.has(a.referralId)) continue;
      const state = stateOf(e);
      byId.set(a.referralId, {
        id: a.referralId,
        code: a.code,
        clientId: canonical(a.clientId),
        providerId: a.providerId,
        service: a.service,
        reason: a.reason,
        urgency: a.urgency,
        dueOn: a.dueOn,
        share: a.share,
        at: a.at,
        contactId: a.contactId,
        crisisEpisodeId: a.crisisEpisodeId,
        status: 'created',
        events: a.send ? [{ id: `${a.referralId}:send`, event: 'send', at: a.at, note: null, outcome: null, byOrgId: null, state }] : [],
        createdBy: deviceUserId,
        state,
        action: null,
      });
      waitedOn.add(a.referralId);
    }
    if (e.name === 'changeReferralStatus') {
      const a = e.args as ChangeReferralStatusArgs;
      const referral = byId.get(a.referralId);
      if (!referral || referral.events.some((x) => x.id === a.eventId)) continue;
      referral.events = [...referral.events, { id: a.eventId, event: a.event, at: a.at, note: a.note, outcome: a.outcome, byOrgId: null, state: stateOf(e) }];
      waitedOn.add(a.referralId);
    }
  }
  for (const id of waitedOn) {
    const referral = byId.get(id)!;
    referral.events.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    // A refused event did not happen: the status comes from the others.
    referral.status = deriveStatus(referral.events.filter((x) => x.state !== 'rejected')).status;
  }
  return [...byId.values()].sort(newestFirst);
}

/** The worker's own latest contact: what "same as last time" copies, and where the site defaults from. */
export function lastContactBy(view: FieldView, userId: string): ContactView | null {
  return view.contacts.find((c) => c.recordedBy === userId && c.state !== 'rejected') ?? null;
}

/** Clients whose code or nickname contains the search (case and marks ignored). */
export function searchClients(clients: readonly ClientView[], query: string): ClientView[] {
  const bare = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{Mn}/gu, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .trim();
  const q = bare(query);
  if (!q) return [...clients];
  return clients.filter((c) => bare(c.uic).includes(q) || (c.nickname !== null && bare(c.nickname).includes(q)));
}

/** Clients with the same code, and with a code one part away (probably the same person). */
export function uicMatches(clients: readonly ClientView[], uic: string): { exact: ClientView | null; near: ClientView[] } {
  let exact: ClientView | null = null;
  const near: ClientView[] = [];
  for (const c of clients) {
    const r = compareUic(c.uic, uic);
    if (r === 'same') exact ??= c;
    else if (r === 'near') near.push(c);
  }
  return { exact, near };
}

/**
 * Services ordered by how often this worker chose them lately, so the usual ones come first;
 * ties keep the catalogue order.
 */
export function servicesByHabit(all: readonly Service[], recent: readonly { services: readonly string[] }[]): Service[] {
  const count = new Map<string, number>();
  for (const c of recent.slice(0, 30)) for (const s of c.services) count.set(s, (count.get(s) ?? 0) + 1);
  return [...all].sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || all.indexOf(a) - all.indexOf(b));
}
