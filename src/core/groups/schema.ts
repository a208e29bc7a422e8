import { z } from 'zod';
import { ItemLines } from '../contacts/schema.ts';
import type { LocalText } from '../screening/types.ts';
import { Schedule } from './schedule.ts';
import { Stage, type StageObservation } from './stage.ts';

/**
 * The contract of groups and psychosocial sessions (issue #7 §1): a group, and the session record
 * a facilitator makes on the phone, offline. When a group meets is in `schedule.ts`; stages of
 * change in `stage.ts`; a client's attendance in `attendance.ts`.
 */

export const GROUP_KINDS = ['contemplation', 'motivational_interviewing', 'psychoeducation', 'peer_support', 'family_session'] as const;
export const GroupKind = z.enum(GROUP_KINDS, { error: 'Choose the kind of group' });
export type GroupKind = z.infer<typeof GroupKind>;

export const GROUP_KIND_LABELS: Readonly<Record<GroupKind, LocalText>> = {
  contemplation: { vi: 'Nhóm cân nhắc thay đổi', en: 'Contemplation group' },
  motivational_interviewing: { vi: 'Nhóm phỏng vấn tạo động lực', en: 'Motivational interviewing group' },
  psychoeducation: { vi: 'Giáo dục tâm lý', en: 'Psychoeducation' },
  peer_support: { vi: 'Nhóm hỗ trợ đồng đẳng', en: 'Peer support group' },
  family_session: { vi: 'Buổi làm việc với gia đình', en: 'Family session' },
};

const facilitatorIds = z
  .array(z.uuid())
  .min(1, { message: 'Choose at least one facilitator' })
  .max(20)
  .refine((xs) => new Set(xs).size === xs.length, { message: 'Each facilitator may appear only once' });

/**
 * A group of an organisation: who runs it, where, and when it meets. Facilitators are the
 * organisation's users (staff or peer workers); a session may be run by others (a stand-in), so
 * a session lists its own.
 */
export const Group = z.strictObject({
  id: z.uuid(),
  orgId: z.uuid(),
  name: z.string().trim().min(1, { message: 'Give the group a name' }).max(80, { message: 'Keep the name under 80 characters' }),
  kind: GroupKind,
  facilitatorIds,
  siteId: z.uuid(),
  schedule: Schedule,
});
export type Group = z.infer<typeof Group>;

/** More than this many unnamed people at one session is a mistyped number, not a group. */
export const MAX_ANONYMOUS_COUNT = 500;
export const MAX_ATTENDEES = 200;

const wholeCount = 'Count people in whole numbers';

/**
 * `recordGroupSession`: appends one session a group held, with who came (by client id, for
 * those registered), how many more came without giving a code, the materials handed out, notes,
 * and the stage of change seen for some attendees. Never conflicts (DESIGN §4: a session held is
 * an append-only fact).
 *
 * The schema is ready for the sync protocol; it joins `MUTATIONS` in core/sync/protocol.ts with
 * the server's applier, which also checks what a schema cannot: the group is the organisation's,
 * facilitators are its users, attendees its clients, materials in its catalogue, the time
 * plausible (`contactTimeProblem`, core/contacts), and seals the notes before storing them.
 */
export const RecordGroupSessionArgs = z
  .strictObject({
    sessionId: z.uuid(),
    groupId: z.uuid(),
    at: z.iso.datetime({ offset: true }),
    topic: z.string().trim().min(1, { message: 'Write the topic in a few words' }).max(200, { message: 'Keep the topic under 200 characters' }),
    facilitatorIds,
    attendees: z
      .array(z.uuid())
      .max(MAX_ATTENDEES)
      .refine((xs) => new Set(xs).size === xs.length, { message: 'Each client may be listed only once' }),
    anonymousCount: z
      .int({ error: wholeCount })
      .min(0, { message: 'The anonymous count is 0 or more' })
      .max(MAX_ANONYMOUS_COUNT, { message: `The anonymous count is at most ${MAX_ANONYMOUS_COUNT}` }),
    /** Catalogue items used or handed out (leaflets, workbooks, commodities), as a contact's lines. */
    materials: ItemLines,
    notes: z.string().trim().max(2000, { message: 'Keep the notes under 2000 characters' }).nullable(),
    /** Stages of change seen at this session, for attendees; optional, and none when left out. */
    stages: z
      .array(z.strictObject({ clientId: z.uuid(), stage: Stage }))
      .max(MAX_ATTENDEES)
      .refine((xs) => new Set(xs.map((x) => x.clientId)).size === xs.length, { message: 'One stage per client' })
      .default([]),
  })
  .refine((s) => s.attendees.length > 0 || s.anonymousCount > 0, { message: 'Add who came, or count them in the anonymous count', path: ['attendees'] })
  .refine((s) => s.stages.every((x) => s.attendees.includes(x.clientId)), { message: 'Record a stage only for a client listed as attending', path: ['stages'] });
export type RecordGroupSessionArgs = z.infer<typeof RecordGroupSessionArgs>;

/** The stage observations a session record carries, for `stageTimeline` beside those of contacts. */
export function sessionStageObservations(session: Pick<RecordGroupSessionArgs, 'sessionId' | 'at' | 'stages'>): StageObservation[] {
  return session.stages.map((x) => ({ clientId: x.clientId, stage: x.stage, at: session.at, source: 'session', sourceId: session.sessionId }));
}
