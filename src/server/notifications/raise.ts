import { newId } from '../../core/ids.ts';
import type { NotificationKind } from '../../core/notifications/schema.ts';
import type { Batch } from '../sync/batch.ts';

/**
 * Buffers a notification for the managers and clinicians of the batch's organisation. It is one
 * row per event for the organisation; each person's read state is kept apart (notification_reads),
 * so someone who joins later sees the open alarms too.
 */
export function raiseNotification(
  b: Batch,
  n: { kind: NotificationKind; clientId: string | null; episodeId?: string; screeningId?: string; level: string | null; redFlags: readonly string[]; at: string | Date },
): void {
  const id = newId();
  b.rows.notifications.push({
    id,
    org_id: b.orgId,
    kind: n.kind,
    client_id: n.clientId,
    episode_id: n.episodeId ?? null,
    screening_id: n.screeningId ?? null,
    level: n.level,
    red_flags: [...n.redFlags],
    raised_by: b.actor.userId,
    at: n.at,
  });
  b.record(`notification.raise_${n.kind}`, 'notification', id);
}
