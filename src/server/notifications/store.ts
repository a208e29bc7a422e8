import { sql } from 'kysely';
import { MAX_NOTIFICATIONS, type NotificationItem, type NotificationList } from '../../core/notifications/schema.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Tx } from '../db/scope.ts';

/**
 * One organisation's notifications as `userId` sees them (read or not), newest arrival first.
 * Arrival, not the time of the event: an emergency recorded offline yesterday and synced now is
 * news now. The client's code is shown (clinicians need it to recognise the person) but nothing
 * else of the client's record.
 */
export async function listOrgNotifications(tx: Tx, crypto: Crypto, orgId: string, userId: string): Promise<NotificationList> {
  const rows = await tx
    .selectFrom('notifications as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .leftJoin('notification_reads as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', userId))
    .leftJoin('clients as c', 'c.id', 'n.client_id')
    .leftJoin('users as u', 'u.id', 'n.raised_by')
    .select([
      'n.id',
      'n.org_id',
      'o.name as org_name',
      'n.kind',
      'n.client_id',
      'c.uic_enc',
      'n.level',
      'n.red_flags',
      'n.at',
      'n.created_at',
      'n.episode_id',
      'n.screening_id',
      'u.display_name_enc',
      'u.username',
      'r.read_at',
    ])
    .where('n.org_id', '=', orgId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(MAX_NOTIFICATIONS)
    .execute();
  return {
    unread: await countUnread(tx, orgId, userId),
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      kind: r.kind as NotificationItem['kind'],
      clientId: r.client_id,
      uic: r.uic_enc ? crypto.decrypt(r.uic_enc) : null,
      level: r.level,
      redFlags: r.red_flags,
      at: new Date(r.at).toISOString(),
      openedByName: r.display_name_enc ? crypto.decrypt(r.display_name_enc) : (r.username ?? null),
      read: r.read_at !== null,
      episodeId: r.episode_id,
      screeningId: r.screening_id,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}

/** How many of the organisation's notifications `userId` has not read; shows no one's code, so it needs no audit. */
export async function countUnread(tx: Tx, orgId: string, userId: string): Promise<number> {
  const unread = await tx
    .selectFrom('notifications as n')
    .select(sql<string>`count(*)`.as('count'))
    .where('n.org_id', '=', orgId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('notification_reads as r').select('r.user_id').whereRef('r.notification_id', '=', 'n.id').where('r.user_id', '=', userId))))
    .executeTakeFirstOrThrow();
  return Number(unread.count);
}

/** Marks one notification read for `userId`; false when the organisation has no such notification. */
export async function markRead(tx: Tx, orgId: string, userId: string, notificationId: string): Promise<boolean> {
  const found = await tx.selectFrom('notifications').select('id').where('org_id', '=', orgId).where('id', '=', notificationId).executeTakeFirst();
  if (!found) return false;
  await tx
    .insertInto('notification_reads')
    .values({ org_id: orgId, notification_id: notificationId, user_id: userId })
    .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
    .execute();
  return true;
}

/** Marks every notification of the organisation read for `userId`; returns how many were unread. */
export async function markAllRead(tx: Tx, orgId: string, userId: string): Promise<number> {
  const res = await tx
    .insertInto('notification_reads')
    .columns(['org_id', 'notification_id', 'user_id'])
    .expression((eb) =>
      eb
        .selectFrom('notifications as n')
        .select(['n.org_id', 'n.id', sql<string>`cast(${userId} as uuid)`.as('user_id')])
        .where('n.org_id', '=', orgId)
        .where((w) => w.not(w.exists(w.selectFrom('notification_reads as r').select('r.user_id').whereRef('r.notification_id', '=', 'n.id').where('r.user_id', '=', userId)))),
    )
    .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}
