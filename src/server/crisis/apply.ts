import { contactTimeProblem } from '../../core/contacts/schema.ts';
import { classifyCrisis, isNotifiable } from '../../core/crisis/index.ts';
import type { CloseCrisisEpisodeArgs, CrisisLevel, CssrsBand, OpenCrisisEpisodeArgs } from '../../core/crisis/schema.ts';
import type { NotificationKind } from '../../core/notifications/schema.ts';
import { raiseNotification } from '../notifications/raise.ts';
import type { MutationMeta } from '../sync/appliers.ts';
import { Rejection, type Batch } from '../sync/batch.ts';

/**
 * What managers and clinicians are told first: an emergency stays an emergency; a suicide risk the
 * C-SSRS found (moderate or high) is named as such, since its response differs (remove means, do not
 * leave alone); any other notifiable episode is urgent. The level travels with it.
 */
function notificationKind(level: CrisisLevel, cssrsBand: CssrsBand | null): NotificationKind {
  if (level === 'emergency') return 'emergency';
  if (cssrsBand === 'moderate' || cssrsBand === 'high') return 'suicide_risk';
  return 'urgent';
}

/**
 * openCrisisEpisode: starts an episode once the red-flag check is done, for a registered client or
 * for someone who is not. The server classifies the situation again with the core rule and keeps
 * both levels (the device's, for the record of what the worker was told). An emergency, an urgent
 * situation or a suicide risk tells the managers and clinicians in this same transaction, so an
 * episode opened offline notifies as soon as it syncs.
 * Written at once (not buffered), after the batch's earlier rows, since its close may follow in
 * the same push.
 */
export async function applyOpenCrisisEpisode(b: Batch, args: OpenCrisisEpisodeArgs, meta: MutationMeta): Promise<void> {
  b.require('mentalhealth.record');
  const clientId = args.clientId === null ? null : b.canonicalClient(args.clientId);
  if (args.siteId !== null && !b.sites.has(args.siteId)) throw new Rejection('SITE_NOT_FOUND', 'siteId');
  if (contactTimeProblem(args.at, b.now)) throw new Rejection('CONTACT_TIME_INVALID', 'at');
  if (b.episodes.has(args.episodeId)) throw new Rejection('ALREADY_RECORDED', 'episodeId');

  const level = classifyCrisis({ redFlags: args.redFlags, cssrsBand: args.cssrsBand });
  await b.flush();
  await b.tx
    .insertInto('crisis_episodes')
    .values({
      id: args.episodeId,
      org_id: b.orgId,
      client_id: clientId,
      site_id: args.siteId,
      at: args.at,
      red_flags: [...args.redFlags],
      cssrs_band: args.cssrsBand,
      level,
      device_level: args.level,
      guidance_version: args.guidanceVersion,
      opened_by: b.actor.userId,
      device_id: b.deviceId,
      mutation_id: meta.id || null,
      version: b.nextVersion(),
    })
    .execute();
  b.episodes.set(args.episodeId, { clientId, closed: false });
  b.record('crisis.open', 'crisis_episode', args.episodeId);
  if (isNotifiable({ level, cssrsBand: args.cssrsBand })) {
    raiseNotification(b, { kind: notificationKind(level, args.cssrsBand), clientId, episodeId: args.episodeId, level, redFlags: args.redFlags, at: args.at });
  }
}

/**
 * closeCrisisEpisode: records the steps done, the outcome, notes, follow-up and referral need.
 * An episode closes once: a second close (another worker's device, offline) is rejected with
 * EPISODE_ALREADY_CLOSED, so the first account of what happened is never overwritten unseen; the
 * worker sees the recorded close after the next pull.
 */
export async function applyCloseCrisisEpisode(b: Batch, args: CloseCrisisEpisodeArgs, meta: MutationMeta): Promise<void> {
  b.require('mentalhealth.record');
  const episode = b.episodes.get(args.episodeId);
  if (!episode) throw new Rejection('EPISODE_NOT_FOUND', 'episodeId');
  if (episode.closed) throw new Rejection('EPISODE_ALREADY_CLOSED', 'episodeId');
  if (contactTimeProblem(args.outcomeAt, b.now)) throw new Rejection('CONTACT_TIME_INVALID', 'outcomeAt');

  await b.flush();
  await b.tx
    .updateTable('crisis_episodes')
    .set({
      steps: JSON.stringify(args.steps),
      outcome: args.outcome,
      outcome_at: args.outcomeAt,
      notes_enc: args.notes ? b.crypto.encrypt(args.notes) : null,
      follow_up_on: args.followUpOn,
      referral_urgency: args.referralNeed?.urgency ?? null,
      referral_note_enc: args.referralNeed?.note ? b.crypto.encrypt(args.referralNeed.note) : null,
      closed_by: b.actor.userId,
      closed_at: b.now,
      version: b.nextVersion(),
    })
    .where('id', '=', args.episodeId)
    .where('org_id', '=', b.orgId)
    .execute();
  episode.closed = true;
  void meta;
  b.record('crisis.close', 'crisis_episode', args.episodeId);
}
