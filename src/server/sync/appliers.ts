import type { MutationArgs, MutationName } from '../../core/sync/protocol.ts';
import { applyEditClientProfile, applyRecordConsent, applyRegisterClient } from '../clients/apply.ts';
import { applyRecordAnonymousContacts, applyRecordContact } from '../contacts/apply.ts';
import { applyCloseCrisisEpisode, applyOpenCrisisEpisode } from '../crisis/apply.ts';
import { applyRecordGroupSession, applyRecordStageOfChange } from '../groups/apply.ts';
import { applyChangeReferralStatus, applyCreateReferral } from '../referrals/apply.ts';
import { applyRecordScreening } from '../screening/apply.ts';
import type { Batch } from './batch.ts';

/** What a mutation carries besides its arguments. `at` is when it happened on the device. */
export interface MutationMeta {
  id: number;
  at: Date;
}

type Applier<N extends MutationName> = (b: Batch, args: MutationArgs<N>, meta: MutationMeta) => void | { mergedInto?: string } | Promise<void>;

/** Each mutation name and the function that applies it inside a push's transaction. */
export const APPLIERS: { [N in MutationName]: Applier<N> } = {
  registerClient: applyRegisterClient,
  recordConsent: applyRecordConsent,
  editClientProfile: applyEditClientProfile,
  recordContact: applyRecordContact,
  recordAnonymousContacts: applyRecordAnonymousContacts,
  recordScreening: applyRecordScreening,
  openCrisisEpisode: applyOpenCrisisEpisode,
  closeCrisisEpisode: applyCloseCrisisEpisode,
  createReferral: applyCreateReferral,
  changeReferralStatus: applyChangeReferralStatus,
  recordGroupSession: applyRecordGroupSession,
  recordStageOfChange: applyRecordStageOfChange,
};

/** The ids a batch refers to, so the batch can load what exists in a few queries. */
export function referencedIds(mutations: readonly { name: MutationName; args: unknown }[]): { clientIds: string[]; uics: string[]; recordIds: string[]; episodeIds: string[] } {
  const clientIds = new Set<string>();
  const uics = new Set<string>();
  const recordIds = new Set<string>();
  const episodeIds = new Set<string>();
  for (const m of mutations) {
    const a = m.args as Record<string, unknown>;
    if (typeof a.clientId === 'string') clientIds.add(a.clientId);
    if (m.name === 'registerClient' && typeof a.uic === 'string') uics.add(a.uic.toUpperCase());
    if (typeof a.contactId === 'string') recordIds.add(a.contactId);
    if (typeof a.tallyId === 'string') recordIds.add(a.tallyId);
    if (typeof a.screeningId === 'string') recordIds.add(a.screeningId);
    if (typeof a.episodeId === 'string') episodeIds.add(a.episodeId);
    if (typeof a.crisisEpisodeId === 'string') episodeIds.add(a.crisisEpisodeId);
  }
  return { clientIds: [...clientIds], uics: [...uics], recordIds: [...recordIds], episodeIds: [...episodeIds] };
}
