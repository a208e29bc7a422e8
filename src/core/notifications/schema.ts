import { z } from 'zod';

/**
 * What managers and clinicians are told (issue #4): every emergency or urgent crisis episode and
 * every suicide-risk flag, per organisation, with a read mark per person. The client's code is
 * shown (a clinician must recognise the person) but nothing else of the client's record.
 */
export const NOTIFICATION_KINDS = ['emergency', 'urgent', 'suicide_risk'] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const NotificationItem = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  kind: NotificationKind,
  clientId: z.string().nullable(),
  uic: z.string().nullable(),
  level: z.string().nullable(),
  redFlags: z.array(z.string()),
  /** When it happened (on the device). */
  at: z.string(),
  /** Who opened the episode or recorded the screening. */
  openedByName: z.string().nullable(),
  read: z.boolean(),
  episodeId: z.string().nullable(),
  screeningId: z.string().nullable(),
  /** When the server learned of it: lists are newest arrival first (an offline emergency is news when it syncs). */
  createdAt: z.string(),
});
export type NotificationItem = z.infer<typeof NotificationItem>;

/** `GET /api/notifications`: at most MAX_NOTIFICATIONS items; `unread` counts all unread ones. */
export const NotificationList = z.object({ unread: z.number(), items: z.array(NotificationItem) });
export type NotificationList = z.infer<typeof NotificationList>;

export const MAX_NOTIFICATIONS = 100;
