import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { contactTimeProblem } from '../../core/contacts/schema.ts';
import { checkTransition, deriveStatus, mayRecord, type ReferralRuleProblem } from '../../core/referrals/index.ts';
import type { ChangeReferralStatusArgs, CreateReferralArgs, ReferralEventKind } from '../../core/referrals/schema.ts';
import { requireClientContact } from '../contacts/store.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Tx } from '../db/scope.ts';
import type { MutationMeta } from '../sync/appliers.ts';
import { Rejection, type Batch } from '../sync/batch.ts';
import { appendReferralEvent, type SharedSnapshot } from './store.ts';

/** The field a rule's refusal points at, so the device opens the form where the fix is. */
export function ruleField(problem: ReferralRuleProblem): string {
  return problem.code === 'NOTE_REQUIRED' ? 'note' : problem.code === 'OUTCOME_NOT_ALLOWED' ? 'outcome' : 'event';
}

/** Whether the client's latest referral-sharing decision is a yes. */
async function sharingConsented(tx: Tx, orgId: string, clientId: string): Promise<boolean> {
  const latest = await tx
    .selectFrom('client_consents')
    .select('given')
    .where('org_id', '=', orgId)
    .where('client_id', '=', clientId)
    .where('kind', '=', 'referral_sharing')
    .orderBy('at', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest?.given === true;
}

/** The consented part of the client's record, as the receiver will see it (see SharedSnapshot). */
async function snapshot(tx: Tx, crypto: Crypto, orgId: string, clientId: string, args: CreateReferralArgs): Promise<SharedSnapshot> {
  const out: SharedSnapshot = {};
  if (args.share.includes('reason')) out.reason = args.reason;
  if (args.share.includes('screenings')) {
    const rows = await tx
      .selectFrom('screenings')
      .select(['instrument_id', 'at', 'total', 'band', 'flags'])
      .where('org_id', '=', orgId)
      .where('client_id', '=', clientId)
      .where('complete', '=', true)
      .orderBy('at', 'desc')
      .execute();
    const latest = new Map<string, NonNullable<SharedSnapshot['screenings']>[number]>();
    for (const r of rows) if (!latest.has(r.instrument_id)) latest.set(r.instrument_id, { instrumentId: r.instrument_id, at: new Date(r.at).toISOString(), total: r.total, band: r.band, flags: r.flags });
    out.screenings = [...latest.values()];
  }
  if (args.share.includes('notes')) {
    const notes: string[] = [];
    if (args.contactId) {
      const c = await tx.selectFrom('contacts').select('notes_enc').where('org_id', '=', orgId).where('id', '=', args.contactId).executeTakeFirst();
      if (c?.notes_enc) notes.push(crypto.decrypt(c.notes_enc));
    }
    if (args.crisisEpisodeId) {
      const e = await tx.selectFrom('crisis_episodes').select(['notes_enc', 'referral_note_enc']).where('org_id', '=', orgId).where('id', '=', args.crisisEpisodeId).executeTakeFirst();
      if (e?.notes_enc) notes.push(crypto.decrypt(e.notes_enc));
      if (e?.referral_note_enc) notes.push(crypto.decrypt(e.referral_note_enc));
    }
    out.notes = notes;
  }
  return out;
}

/**
 * createReferral: refers a client of this organisation to a provider of the directory. The
 * provider must be active; the code must be new to the whole network (REFERRAL_CODE_TAKEN); `share`
 * may name fields only when the client's latest referral-sharing consent is a yes
 * (SHARE_NOT_CONSENTED), and what it names is sealed then, as it stands, for the receiver. With
 * `send`, the `send` event is appended at once. Written at once (not buffered): a status change
 * may follow in the same push.
 */
export async function applyCreateReferral(b: Batch, args: CreateReferralArgs, meta: MutationMeta): Promise<void> {
  b.require('referral.make');
  const clientId = b.canonicalClient(args.clientId);
  if (contactTimeProblem(args.at, b.now)) throw new Rejection('CONTACT_TIME_INVALID', 'at');
  if (args.crisisEpisodeId !== null && !b.episodes.has(args.crisisEpisodeId)) throw new Rejection('EPISODE_NOT_FOUND', 'crisisEpisodeId');
  await b.flush();
  const { tx, orgId } = b;
  if (await tx.selectFrom('referrals').select('id').where('id', '=', args.referralId).executeTakeFirst()) throw new Rejection('ALREADY_RECORDED', 'referralId');
  const provider = await tx.selectFrom('providers').select(['id', 'org_id', 'active']).where('id', '=', args.providerId).executeTakeFirst();
  if (!provider?.active) throw new Rejection('PROVIDER_NOT_FOUND', 'providerId');
  if (args.contactId !== null) await requireClientContact(tx, orgId, args.contactId, clientId);
  if (args.share.length > 0 && !(await sharingConsented(tx, orgId, clientId))) throw new Rejection('SHARE_NOT_CONSENTED', 'share');
  const shared = args.share.length > 0 ? await snapshot(tx, b.crypto, orgId, clientId, args) : null;

  // Last, so a refusal above leaves the code free for the worker's corrected resend.
  const { rows } = await sql<{ free: boolean }>`select fieldlab_claim_referral_code(${args.code}) as free`.execute(tx);
  if (!rows[0]?.free) throw new Rejection('REFERRAL_CODE_TAKEN', 'code');

  const version = b.nextVersion();
  const referral = { id: args.referralId, from_org_id: orgId, to_org_id: provider.org_id };
  await tx
    .insertInto('referrals')
    .values({
      ...referral,
      code: args.code,
      client_id: clientId,
      provider_id: provider.id,
      service: args.service,
      reason_enc: b.crypto.encrypt(args.reason),
      urgency: args.urgency,
      due_on: args.dueOn,
      share: [...args.share],
      shared_enc: shared ? b.crypto.encrypt(JSON.stringify(shared)) : null,
      at: args.at,
      contact_id: args.contactId,
      crisis_episode_id: args.crisisEpisodeId,
      status: 'created',
      status_at: args.at,
      created_by: b.actor.userId,
      device_id: b.deviceId,
      mutation_id: meta.id || null,
      version,
    })
    .execute();
  b.record('referral.create', 'referral', args.referralId);
  if (args.send) {
    await appendReferralEvent(tx, b.crypto, referral, { id: uuidv7(), event: 'send', at: args.at, note: null, outcome: null, byUser: b.actor.userId, byOrgId: orgId }, version);
  }
}

/**
 * changeReferralStatus from the referring organisation: send, cancel, attendance and completion
 * it heard of, and, for a listed provider, what the provider said (`mayRecord`). An in-network
 * provider accepts or declines itself (REFERRAL_EVENT_NOT_YOURS). The transition is checked
 * against the status derived from the events so far, including any a clinician recorded since
 * the worker's device last pulled (TRANSITION_NOT_ALLOWED, NOTE_REQUIRED, OUTCOME_NOT_ALLOWED).
 */
export async function applyChangeReferralStatus(b: Batch, args: ChangeReferralStatusArgs, meta: MutationMeta): Promise<void> {
  b.require('referral.make');
  if (contactTimeProblem(args.at, b.now)) throw new Rejection('CONTACT_TIME_INVALID', 'at');
  await b.flush();
  const { tx, orgId } = b;
  const referral = await tx.selectFrom('referrals').select(['id', 'from_org_id', 'to_org_id']).where('id', '=', args.referralId).where('from_org_id', '=', orgId).executeTakeFirst();
  if (!referral) throw new Rejection('REFERRAL_NOT_FOUND', 'referralId');
  if (await tx.selectFrom('referral_events').select('id').where('id', '=', args.eventId).executeTakeFirst()) throw new Rejection('ALREADY_RECORDED', 'eventId');
  if (!mayRecord(args.event, { actor: 'referrer', providerInNetwork: referral.to_org_id !== null })) throw new Rejection('REFERRAL_EVENT_NOT_YOURS', 'event');
  const events = await tx.selectFrom('referral_events').select('event').where('referral_id', '=', referral.id).orderBy('seq').execute();
  const { status } = deriveStatus(events.map((e) => ({ event: e.event as ReferralEventKind })));
  const problem = checkTransition(status, args.event, { note: args.note, outcome: args.outcome });
  if (problem) throw new Rejection(problem.code, ruleField(problem));

  await appendReferralEvent(tx, b.crypto, referral, { id: args.eventId, event: args.event, at: args.at, note: args.note, outcome: args.outcome, byUser: b.actor.userId, byOrgId: orgId }, b.nextVersion());
  void meta;
  b.record(`referral.${args.event}`, 'referral', referral.id);
}
