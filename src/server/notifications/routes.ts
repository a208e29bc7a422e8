import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../core/auth/roles.ts';
import { notFound } from '../../core/errors/outcome.ts';
import { appendAudit } from '../audit/log.ts';
import { inOrg } from '../db/scope.ts';
import { actingRole, requireAuth, type AuthContext } from '../http/access.ts';
import { MAX_NOTIFICATIONS, NotificationList, type NotificationItem } from '../../core/notifications/schema.ts';
import { countUnread, listOrgNotifications, markAllRead, markRead } from './store.ts';

const Ok = z.object({ ok: z.literal(true) });

/** The organisations where the person is told of emergencies. */
const notifiedOrgs = (auth: AuthContext): string[] => [...new Set(auth.memberships.map((m) => m.orgId))].filter((orgId) => can(auth.memberships, 'notification.read', orgId));

/**
 * Emergencies, urgent episodes and suicide-risk flags for managers and clinicians, across every
 * organisation where they hold notification.read. Each organisation is read in its own
 * transaction under its row security; read marks are per person.
 */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;

  app.get(
    '/api/notifications',
    { config: { access: 'notification.read' }, schema: { tags: ['notifications'], summary: `My notifications, newest first (at most ${MAX_NOTIFICATIONS}), with the unread count.`, response: { 200: NotificationList } } },
    async (req) => {
      const auth = requireAuth(req);
      let unread = 0;
      const items: NotificationItem[] = [];
      for (const orgId of notifiedOrgs(auth)) {
        await inOrg(db.kysely, orgId, async (tx) => {
          const list = await listOrgNotifications(tx, crypto, orgId, auth.userId);
          unread += list.unread;
          items.push(...list.items);
          // The list shows clients' codes: that is a read of client data, and leaves its trace.
          if (list.items.some((n) => n.clientId !== null)) {
            await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'notification.list', entity: 'notifications', entityId: null });
          }
        });
      }
      items.sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt)));
      return { unread, items: items.slice(0, MAX_NOTIFICATIONS) };
    },
  );

  // The menu's badge asks this every minute: a count only, no codes, so no audit row per poll.
  app.get(
    '/api/notifications/unread',
    { config: { access: 'notification.read' }, schema: { tags: ['notifications'], summary: 'How many of my notifications are unread (for the menu badge; shows no client).', response: { 200: z.object({ unread: z.int() }) } } },
    async (req) => {
      const auth = requireAuth(req);
      let unread = 0;
      for (const orgId of notifiedOrgs(auth)) unread += await inOrg(db.kysely, orgId, (tx) => countUnread(tx, orgId, auth.userId));
      return { unread };
    },
  );

  app.post(
    '/api/notifications/:id/read',
    { config: { access: 'notification.read' }, schema: { tags: ['notifications'], summary: 'Mark one of my notifications read.', params: z.object({ id: z.uuid() }), response: { 200: Ok } } },
    async (req) => {
      const auth = requireAuth(req);
      for (const orgId of notifiedOrgs(auth)) {
        const done = await inOrg(db.kysely, orgId, async (tx) => {
          if (!(await markRead(tx, orgId, auth.userId, req.params.id))) return false;
          await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'notification.mark_read', entity: 'notification', entityId: req.params.id });
          return true;
        });
        if (done) return { ok: true as const };
      }
      throw notFound();
    },
  );

  app.post(
    '/api/notifications/read-all',
    { config: { access: 'notification.read' }, schema: { tags: ['notifications'], summary: 'Mark all my notifications read.', response: { 200: Ok } } },
    async (req) => {
      const auth = requireAuth(req);
      for (const orgId of notifiedOrgs(auth)) {
        await inOrg(db.kysely, orgId, async (tx) => {
          if ((await markAllRead(tx, orgId, auth.userId)) > 0) {
            await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'notification.mark_all_read', entity: 'notifications', entityId: null });
          }
        });
      }
      return { ok: true as const };
    },
  );
};
