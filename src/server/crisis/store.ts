import type { Selectable } from 'kysely';
import type { PullResponse } from '../../core/sync/protocol.ts';
import type { Crypto } from '../db/crypto.ts';
import type { CrisisEpisodesTable } from '../db/schema.ts';
import type { Tx } from '../db/scope.ts';

export type EpisodeOut = PullResponse['crisisEpisodes'][number];

const dateOnly = (d: string | Date | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** A crisis episode as devices and the web app see it: notes opened, the server's level. */
export function episodeOut(crypto: Crypto, e: Selectable<CrisisEpisodesTable>): EpisodeOut {
  return {
    id: e.id,
    clientId: e.client_id,
    siteId: e.site_id,
    at: new Date(e.at).toISOString(),
    redFlags: e.red_flags,
    cssrsBand: e.cssrs_band,
    level: e.level,
    guidanceVersion: e.guidance_version,
    steps: e.steps as EpisodeOut['steps'],
    outcome: e.outcome,
    outcomeAt: e.outcome_at ? new Date(e.outcome_at).toISOString() : null,
    notes: e.notes_enc ? crypto.decrypt(e.notes_enc) : null,
    followUpOn: dateOnly(e.follow_up_on),
    referralNeed: e.referral_urgency ? { urgency: e.referral_urgency, note: e.referral_note_enc ? crypto.decrypt(e.referral_note_enc) : null } : null,
    openedBy: e.opened_by,
  };
}

/** Every crisis episode of a client and of the ids merged into it, oldest first. */
export async function listClientEpisodes(tx: Tx, crypto: Crypto, orgId: string, clientIds: readonly string[]): Promise<EpisodeOut[]> {
  const rows = await tx.selectFrom('crisis_episodes').selectAll().where('org_id', '=', orgId).where('client_id', 'in', clientIds).orderBy('at').orderBy('id').execute();
  return rows.map((e) => episodeOut(crypto, e));
}
