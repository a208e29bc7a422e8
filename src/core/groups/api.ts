import { z } from 'zod';
import { Group, GroupKind } from './schema.ts';
import { Schedule } from './schedule.ts';
import { Stage } from './stage.ts';

/**
 * The online routes of groups (issue #7 §1), for managers' and workers' web pages. Recording a
 * session is not here: it is the `recordGroupSession` sync mutation (offline first). Paths:
 *
 * - `GET    /api/organisations/:orgId/groups`                    GroupList           (group.record)
 * - `POST   /api/organisations/:orgId/groups`                    CreateGroupBody → GroupListItem (group.manage)
 * - `PATCH  /api/organisations/:orgId/groups/:groupId`           EditGroupBody → GroupListItem   (group.manage)
 * - `GET    /api/organisations/:orgId/groups/:groupId/sessions`  GroupSessions       (group.record; audited)
 * - `GET    /api/organisations/:orgId/clients/:clientId/groups`  ClientGroupHistory  (client.read; audited)
 *
 * Another organisation's group or client answers 404, as one that does not exist.
 */

/** A new group: core's `Group` without the ids the server gives it. */
export const CreateGroupBody = Group.omit({ id: true, orgId: true });
export type CreateGroupBody = z.infer<typeof CreateGroupBody>;

/**
 * A change to a group: any of its fields, and `active` (false deactivates it: it is no longer
 * offered on phones and refuses new sessions; its past sessions stay). At least one field.
 */
export const EditGroupBody = CreateGroupBody.partial()
  .extend({ active: z.boolean().optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Change at least one field' });
export type EditGroupBody = z.infer<typeof EditGroupBody>;

/** A person of the organisation who may facilitate: what a picker shows, nothing more. */
export const StaffMember = z.object({ id: z.string(), displayName: z.string() });
export type StaffMember = z.infer<typeof StaffMember>;

/** How many of a group's planned meetings the list shows, and how far ahead it looks. */
export const NEXT_MEETINGS_SHOWN = 3;
export const NEXT_MEETINGS_HORIZON_DAYS = 92;

export const GroupListItem = z.object({
  id: z.string(),
  name: z.string(),
  kind: GroupKind,
  siteId: z.string(),
  facilitatorIds: z.array(z.string()),
  schedule: Schedule,
  active: z.boolean(),
  /** The next planned meeting days ('YYYY-MM-DD', the organisation's calendar, from today), at `schedule.time`; none for an inactive group. */
  nextMeetings: z.array(z.iso.date()),
  sessionCount: z.number(),
  lastSessionAt: z.string().nullable(),
});
export type GroupListItem = z.infer<typeof GroupListItem>;

/** The organisation's groups (active first, then by name), and the staff to name facilitators with. */
export const GroupList = z.object({
  groups: z.array(GroupListItem),
  staff: z.array(StaffMember),
  /** The organisation's today ('YYYY-MM-DD', its time zone), from which `nextMeetings` count. */
  today: z.iso.date(),
});
export type GroupList = z.infer<typeof GroupList>;

export const GroupSession = z.object({
  id: z.string(),
  groupId: z.string(),
  at: z.string(),
  topic: z.string(),
  facilitatorIds: z.array(z.string()),
  /** Registered attendees with their display code (UIC), as the client list shows them. */
  attendees: z.array(z.object({ clientId: z.string(), uic: z.string() })),
  anonymousCount: z.number(),
  materials: z.array(z.object({ itemId: z.string(), quantity: z.number() })),
  notes: z.string().nullable(),
  /** Stages seen at this session. */
  stages: z.array(z.object({ clientId: z.string(), stage: Stage })),
  recordedBy: z.string(),
});
export type GroupSession = z.infer<typeof GroupSession>;

/** A group's sessions, newest first (at most `MAX_GROUP_SESSIONS`). */
export const GroupSessions = z.object({
  group: GroupListItem,
  sessions: z.array(GroupSession),
  staff: z.array(StaffMember),
});
export type GroupSessions = z.infer<typeof GroupSessions>;
export const MAX_GROUP_SESSIONS = 200;

/** A client's groups: the sessions they came to, oldest first, and their stage of change over time. */
export const ClientGroupHistory = z.object({
  clientId: z.string(),
  attendance: z.array(
    z.object({
      sessionId: z.string(),
      groupId: z.string(),
      groupName: z.string(),
      groupKind: GroupKind,
      at: z.string(),
      topic: z.string(),
    }),
  ),
  /** core `stageTimeline` in the organisation's time zone; `sourceId` null for a stage recorded on its own. */
  stages: z.array(
    z.object({
      day: z.iso.date(),
      stage: Stage,
      at: z.string(),
      source: z.enum(['contact', 'session']),
      sourceId: z.string().nullable(),
    }),
  ),
  /** core `stageMovement` from the first to the latest entry. */
  movement: z.enum(['forward', 'backward', 'relapse', 'same']),
});
export type ClientGroupHistory = z.infer<typeof ClientGroupHistory>;
