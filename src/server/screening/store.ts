import type { Selectable } from 'kysely';
import type { PullResponse } from '../../core/sync/protocol.ts';
import type { Crypto } from '../db/crypto.ts';
import type { ScreeningsTable } from '../db/schema.ts';
import type { Tx } from '../db/scope.ts';

export type ScreeningOut = PullResponse['screenings'][number];

/** A screening row as devices and the web app see it: answers opened, the server's score. */
export function screeningOut(crypto: Crypto, r: Selectable<ScreeningsTable>): ScreeningOut {
  return {
    id: r.id,
    clientId: r.client_id,
    instrumentId: r.instrument_id,
    instrumentVersion: r.instrument_version,
    at: new Date(r.at).toISOString(),
    answers: JSON.parse(crypto.decrypt(r.answers_enc)) as unknown,
    substance: r.substance,
    crisisEpisodeId: r.crisis_episode_id,
    complete: r.complete,
    total: r.total,
    band: r.band,
    subscores: (r.subscores ?? null) as ScreeningOut['subscores'],
    flags: r.flags,
    recordedBy: r.recorded_by,
  };
}

/** Every screening of a client and of the ids merged into it, oldest first. */
export async function listClientScreenings(tx: Tx, crypto: Crypto, orgId: string, clientIds: readonly string[]): Promise<ScreeningOut[]> {
  const rows = await tx.selectFrom('screenings').selectAll().where('org_id', '=', orgId).where('client_id', 'in', clientIds).orderBy('at').orderBy('id').execute();
  return rows.map((r) => screeningOut(crypto, r));
}
