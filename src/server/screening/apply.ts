import { contactTimeProblem } from '../../core/contacts/schema.ts';
import { scoreInstrument } from '../../core/screening/index.ts';
import { ScreeningInputError, type RecordScreeningArgs } from '../../core/screening/types.ts';
import { raiseNotification } from '../notifications/raise.ts';
import type { MutationMeta } from '../sync/appliers.ts';
import { Rejection, type Batch } from '../sync/batch.ts';
import { loadScreeningSettings } from './settings.ts';

/** The answer a scoring error names, as a field path of the mutation: `answers[3]` → `answers.3`. */
function answerField(path: string): string {
  const dotted = path.replace(/\[(\d+)\]/g, '.$1').replace(/^\.+/, '');
  if (dotted === 'answers' || dotted.startsWith('answers.')) return dotted;
  return dotted ? `answers.${dotted}` : 'answers';
}

/**
 * recordScreening: appends one screening of a registered client (under its merged identity). The
 * server scores the answers again with the organisation's cut-offs and keeps its own result, so a
 * device with an old or broken scorer cannot put a wrong band or a missed safety flag on record.
 * A suicide-risk flag tells the organisation's managers and clinicians at once.
 */
export async function applyRecordScreening(b: Batch, args: RecordScreeningArgs, meta: MutationMeta): Promise<void> {
  b.require('mentalhealth.record');
  const clientId = b.canonicalClient(args.clientId);
  if (contactTimeProblem(args.at, b.now)) throw new Rejection('CONTACT_TIME_INVALID', 'at');
  if (args.crisisEpisodeId && !b.episodes.has(args.crisisEpisodeId)) throw new Rejection('EPISODE_NOT_FOUND', 'crisisEpisodeId');
  if (b.existingIds.has(args.screeningId)) throw new Rejection('ALREADY_RECORDED', 'screeningId');

  b.screeningSettings ??= await loadScreeningSettings(b.tx, b.orgId);
  let result;
  try {
    result = scoreInstrument(args.instrumentId, args.answers as never, b.screeningSettings);
  } catch (err) {
    if (err instanceof ScreeningInputError) throw new Rejection('MUTATION_INVALID', answerField(err.path));
    throw err;
  }

  b.existingIds.add(args.screeningId);
  b.rows.screenings.push({
    id: args.screeningId,
    org_id: b.orgId,
    client_id: clientId,
    instrument_id: args.instrumentId,
    instrument_version: args.instrumentVersion,
    at: args.at,
    answers_enc: b.crypto.encrypt(JSON.stringify(args.answers)),
    substance: args.substance ?? null,
    crisis_episode_id: args.crisisEpisodeId ?? null,
    complete: result.complete,
    total: result.total ?? null,
    band: result.band ?? null,
    subscores: result.subscores ? JSON.stringify(result.subscores) : null,
    flags: [...result.flags],
    recorded_by: b.actor.userId,
    device_id: b.deviceId,
    mutation_id: meta.id || null,
    version: b.nextVersion(),
  });
  b.record('screening.record', 'screening', args.screeningId);
  if (result.flags.includes('suicide-risk')) {
    raiseNotification(b, { kind: 'suicide_risk', clientId, screeningId: args.screeningId, level: null, redFlags: [], at: args.at });
  }
}
