import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { dayIn, deriveStatus, isLostToFollowUp, REFERRAL_TRANSITIONS } from '../../core/referrals/index.ts';
import type { ChangeReferralStatusArgs, ReferralEventKind, ReferralStatus, ReferralUrgency } from '../../core/referrals/schema.ts';
import { appendAuditBatch } from '../audit/batch.ts';
import type { PullResponse } from '../../core/sync/protocol.ts';
import type { Crypto } from '../db/crypto.ts';
import type { ReferralEventsTable, ReferralsTable } from '../db/schema.ts';
import type { Tx } from '../db/scope.ts';
import { lockVersion, setVersion } from '../sync/versions.ts';

export type ReferralOut = PullResponse['referrals'][number];
export type ReferralEventOut = ReferralOut['events'][number];

/**
 * What the receiving provider may know of the client, sealed at creation: only the fields the
 * referral's `share` names, and only when the client had consented to referral sharing.
 * - reason: the referral's reason, as the worker wrote it;
 * - screenings: the latest complete result of each instrument (score, band, flags; no answers);
 * - notes: the notes of the contact or crisis episode the referral was made from (nothing else).
 */
export interface SharedSnapshot {
  reason?: string;
  screenings?: { instrumentId: string; at: string; total: number | null; band: string | null; flags: string[] }[];
  notes?: string[];
}

export const dateOnly = (d: string | Date): string => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));
const iso = (d: string | Date): string => new Date(d).toISOString();

export function eventOut(crypto: Crypto, e: Selectable<ReferralEventsTable>): ReferralEventOut {
  return { id: e.id, event: e.event, at: iso(e.at), note: e.note_enc ? crypto.decrypt(e.note_enc) : null, outcome: e.outcome, byOrgId: e.by_org_id };
}

/** A referral as the referring organisation sees it (its devices, its web pages). */
export function referralOut(crypto: Crypto, r: Selectable<ReferralsTable>, events: readonly Selectable<ReferralEventsTable>[]): ReferralOut {
  return {
    id: r.id,
    code: r.code,
    clientId: r.client_id,
    providerId: r.provider_id,
    service: r.service,
    reason: crypto.decrypt(r.reason_enc),
    urgency: r.urgency,
    dueOn: dateOnly(r.due_on),
    share: r.share,
    at: iso(r.at),
    contactId: r.contact_id,
    crisisEpisodeId: r.crisis_episode_id,
    status: r.status,
    events: events.map((e) => eventOut(crypto, e)),
    createdBy: r.created_by,
  };
}

/** Each referral's events in the order they were appended. */
export async function loadEvents(tx: Tx, referralIds: readonly string[]): Promise<Map<string, Selectable<ReferralEventsTable>[]>> {
  const byReferral = new Map<string, Selectable<ReferralEventsTable>[]>();
  if (referralIds.length === 0) return byReferral;
  const rows = await tx.selectFrom('referral_events').selectAll().where('referral_id', 'in', referralIds).orderBy('seq').execute();
  for (const e of rows) {
    const list = byReferral.get(e.referral_id) ?? [];
    list.push(e);
    byReferral.set(e.referral_id, list);
  }
  return byReferral;
}

export interface NewEvent {
  id: string;
  event: ReferralEventKind;
  at: Date | string;
  note: string | null;
  outcome: ChangeReferralStatusArgs['outcome'];
  byUser: string | null;
  byOrgId: string;
}

/**
 * Appends one event and stores the status derived from all of them (kept on the referral only so
 * lists can filter by it; the events are the truth). `version` is the referring organisation's,
 * since its devices pull the referral. The caller has checked the transition.
 */
export async function appendReferralEvent(tx: Tx, crypto: Crypto, referral: Pick<Selectable<ReferralsTable>, 'id' | 'from_org_id' | 'to_org_id'>, e: NewEvent, version: number): Promise<ReferralStatus> {
  await tx
    .insertInto('referral_events')
    .values({
      id: e.id,
      referral_id: referral.id,
      from_org_id: referral.from_org_id,
      to_org_id: referral.to_org_id,
      event: e.event,
      at: e.at,
      note_enc: e.note ? crypto.encrypt(e.note) : null,
      outcome: e.outcome,
      by_user: e.byUser,
      by_org_id: e.byOrgId,
    })
    .execute();
  const events = await tx.selectFrom('referral_events').select('event').where('referral_id', '=', referral.id).orderBy('seq').execute();
  const { status } = deriveStatus(events.map((x) => ({ event: x.event as ReferralEventKind })));
  await tx.updateTable('referrals').set({ status, status_at: e.at, version }).where('id', '=', referral.id).execute();
  return status;
}

export function openSnapshot(crypto: Crypto, sealed: string | null): SharedSnapshot {
  return sealed ? (JSON.parse(crypto.decrypt(sealed)) as SharedSnapshot) : {};
}

/** The calendar day in the organisation's time zone (the due dates are days there). */
export async function orgToday(tx: Tx, orgId: string, now: Date = new Date()): Promise<string> {
  const org = await tx.selectFrom('organisations').select('time_zone').where('id', '=', orgId).executeTakeFirst();
  return dayIn(now, org?.time_zone ?? 'Asia/Ho_Chi_Minh');
}

/**
 * The automatic `lose_to_follow_up` (issue #5 §4), appended lazily rather than by a timer: when
 * the referring organisation reads its referrals (a pull, the list, one referral), every open
 * referral of that organisation past its due date and grace (`isLostToFollowUp`) gets the event,
 * dated now, recorded by no one (`by_user` null), under one new version of the organisation. So
 * nobody sees a referral as open that the rules call lost, and no scheduler is needed. The receiver
 * does not sweep (it cannot move the referrer's counter); it sees the status the referrer's next
 * read stores. Returns how many were closed.
 */
export async function sweepLostReferrals(tx: Tx, crypto: Crypto, orgId: string, now: Date = new Date()): Promise<number> {
  const today = await orgToday(tx, orgId, now);
  const candidates = await tx
    .selectFrom('referrals')
    .select(['id', 'from_org_id', 'to_org_id', 'status', 'urgency', 'due_on'])
    .where('from_org_id', '=', orgId)
    .where('status', 'in', [...REFERRAL_TRANSITIONS.lose_to_follow_up.from])
    .where('due_on', '<', today)
    .execute();
  const lost = candidates.filter((r) => isLostToFollowUp({ status: r.status as ReferralStatus, urgency: r.urgency as ReferralUrgency, dueOn: dateOnly(r.due_on) }, today));
  if (lost.length === 0) return 0;
  const version = (await lockVersion(tx, orgId)) + 1;
  for (const r of lost) {
    await appendReferralEvent(tx, crypto, r, { id: uuidv7(), event: 'lose_to_follow_up', at: now, note: null, outcome: null, byUser: null, byOrgId: orgId }, version);
  }
  await setVersion(tx, orgId, version);
  await appendAuditBatch(
    tx,
    orgId,
    lost.map((r) => ({ actorUserId: null, actorRole: 'system', action: 'referral.lose_to_follow_up', entity: 'referral', entityId: r.id })),
  );
  return lost.length;
}
