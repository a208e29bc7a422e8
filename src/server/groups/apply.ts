import type { RecordGroupSessionArgs } from '../../core/groups/schema.ts';
import type { RecordStageOfChangeArgs } from '../../core/groups/stage.ts';
import type { MutationMeta } from '../sync/appliers.ts';
import { Rejection, type Batch } from '../sync/batch.ts';

/** recordGroupSession: not applied yet (its tables come with migration 0007). */
export function applyRecordGroupSession(b: Batch, _args: RecordGroupSessionArgs, _meta: MutationMeta): void {
  b.require('group.record');
  throw new Rejection('MUTATION_UNKNOWN');
}

/** recordStageOfChange: not applied yet (its tables come with migration 0007). */
export function applyRecordStageOfChange(b: Batch, _args: RecordStageOfChangeArgs, _meta: MutationMeta): void {
  b.require('group.record');
  throw new Rejection('MUTATION_UNKNOWN');
}
