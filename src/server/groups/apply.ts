import { v7 as uuidv7 } from 'uuid';
import { contactTimeProblem } from '../../core/contacts/schema.ts';
import type { RecordGroupSessionArgs } from '../../core/groups/schema.ts';
import type { RecordStageOfChangeArgs } from '../../core/groups/stage.ts';
import { requireClientContact } from '../contacts/store.ts';
import type { MutationMeta } from '../sync/appliers.ts';
import { Rejection, type Batch } from '../sync/batch.ts';
import { canonicalClients } from './store.ts';

/**
 * recordGroupSession: appends a session one of the organisation's active groups held. Checks what
 * the schema cannot: the group (GROUP_NOT_FOUND), that each facilitator holds a role in the
 * organisation (FACILITATOR_NOT_FOUND; a former colleague who ran it still counts, an outsider
 * never), that each attendee is its client (CLIENT_NOT_FOUND; an alias counts as the client it was
 * merged into), the materials (ITEM_NOT_FOUND) and the time (CONTACT_TIME_INVALID). Writes the
 * session with its topic and notes sealed, one attendance row per client, and the stages seen,
 * under one version. Written at once, not buffered, after the rows buffered before it (a client
 * registered earlier in the same push may attend).
 */
export async function applyRecordGroupSession(b: Batch, args: RecordGroupSessionArgs, meta: MutationMeta): Promise<void> {
  b.require('group.record');
  if (contactTimeProblem(args.at, b.now)) throw new Rejection('CONTACT_TIME_INVALID', 'at');
  args.materials.forEach((line, i) => {
    if (!b.items.has(line.itemId)) throw new Rejection('ITEM_NOT_FOUND', `materials.${i}.itemId`);
  });
  await b.flush();
  const { tx, orgId } = b;
  if (await tx.selectFrom('group_sessions').select('id').where('id', '=', args.sessionId).executeTakeFirst()) throw new Rejection('ALREADY_RECORDED', 'sessionId');
  const group = await tx.selectFrom('groups').select(['id', 'active']).where('org_id', '=', orgId).where('id', '=', args.groupId).executeTakeFirst();
  if (!group?.active) throw new Rejection('GROUP_NOT_FOUND', 'groupId');

  const staff = new Set((await tx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', 'in', args.facilitatorIds).execute()).map((m) => m.user_id));
  const missingFacilitator = args.facilitatorIds.findIndex((id) => !staff.has(id));
  if (missingFacilitator >= 0) throw new Rejection('FACILITATOR_NOT_FOUND', `facilitatorIds.${missingFacilitator}`);

  const canonical = await canonicalClients(tx, orgId, args.attendees);
  const missingClient = args.attendees.findIndex((id) => !canonical.has(id));
  if (missingClient >= 0) throw new Rejection('CLIENT_NOT_FOUND', `attendees.${missingClient}`);

  const version = b.nextVersion();
  await tx
    .insertInto('group_sessions')
    .values({
      id: args.sessionId,
      org_id: orgId,
      group_id: group.id,
      at: args.at,
      topic_enc: args.topic ? b.crypto.encrypt(args.topic) : null,
      facilitator_ids: args.facilitatorIds,
      anonymous_count: args.anonymousCount,
      materials: JSON.stringify(args.materials),
      notes_enc: args.notes ? b.crypto.encrypt(args.notes) : null,
      recorded_by: b.actor.userId,
      device_id: b.deviceId,
      mutation_id: meta.id || null,
      version,
    })
    .execute();
  // Two listed ids may be one person (an alias and the client it was merged into): one row each.
  const attendees = [...new Set(args.attendees.map((id) => canonical.get(id)!))];
  if (attendees.length > 0) {
    await tx
      .insertInto('group_attendance')
      .values(attendees.map((clientId) => ({ org_id: orgId, session_id: args.sessionId, client_id: clientId, at: args.at })))
      .execute();
  }
  const stages = new Map(args.stages.map((s) => [canonical.get(s.clientId)!, s.stage]));
  if (stages.size > 0) {
    await tx
      .insertInto('stage_observations')
      .values(
        [...stages].map(([clientId, stage]) => ({
          id: uuidv7(),
          org_id: orgId,
          client_id: clientId,
          stage,
          at: args.at,
          source: 'session' as const,
          source_id: args.sessionId,
          recorded_by: b.actor.userId,
          device_id: b.deviceId,
          mutation_id: meta.id || null,
          version,
        })),
      )
      .execute();
  }
  b.record('group_session.record', 'group_session', args.sessionId);
}

/**
 * recordStageOfChange: appends a client's stage of change, seen at one of the client's contacts
 * (CONTACT_NOT_FOUND otherwise) or on its own.
 */
export async function applyRecordStageOfChange(b: Batch, args: RecordStageOfChangeArgs, meta: MutationMeta): Promise<void> {
  b.require('group.record');
  const clientId = b.canonicalClient(args.clientId);
  if (contactTimeProblem(args.at, b.now)) throw new Rejection('CONTACT_TIME_INVALID', 'at');
  await b.flush();
  const { tx, orgId } = b;
  if (await tx.selectFrom('stage_observations').select('id').where('id', '=', args.observationId).executeTakeFirst()) throw new Rejection('ALREADY_RECORDED', 'observationId');
  if (args.contactId !== null) await requireClientContact(tx, orgId, args.contactId, clientId);
  await tx
    .insertInto('stage_observations')
    .values({
      id: args.observationId,
      org_id: orgId,
      client_id: clientId,
      stage: args.stage,
      at: args.at,
      source: 'contact',
      source_id: args.contactId,
      recorded_by: b.actor.userId,
      device_id: b.deviceId,
      mutation_id: meta.id || null,
      version: b.nextVersion(),
    })
    .execute();
  b.record('stage.record', 'stage_observation', args.observationId);
}
