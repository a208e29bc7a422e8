import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { notFound } from '../../core/errors/outcome.ts';
import { appendAudit } from '../audit/log.ts';
import { inOrg } from '../db/scope.ts';
import { actingRole, requireAuth } from '../http/access.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const ConflictParams = z.object({ orgId: z.uuid(), conflictId: z.uuid() });

const Conflict = z.object({
  id: z.string(),
  clientId: z.string(),
  field: z.string(),
  keptValue: z.unknown(),
  lostValue: z.unknown(),
  editedBy: z.string(),
  createdAt: z.string(),
});

/**
 * Profile edits that collided (DESIGN §4): the later edit was applied, the value it replaced is
 * kept here until a manager looks. Resolving either confirms what is there or restores the other
 * value (as a normal edit, so devices pull it).
 */
export const conflictRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;

  app.get(
    '/api/organisations/:orgId/conflicts',
    { config: { access: 'conflict.resolve' }, schema: { tags: ['clients'], summary: 'Profile edits that collided and wait for review.', params: OrgParams, response: { 200: z.array(Conflict) } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const rows = await tx.selectFrom('profile_conflicts').selectAll().where('org_id', '=', orgId).where('resolved_at', 'is', null).orderBy('created_at').limit(200).execute();
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'conflict.list', entity: 'clients', entityId: null });
        return rows.map((r) => ({
          id: r.id,
          clientId: r.client_id,
          field: r.field,
          keptValue: JSON.parse(crypto.decrypt(r.kept_value_enc)) as unknown,
          lostValue: JSON.parse(crypto.decrypt(r.lost_value_enc)) as unknown,
          editedBy: r.edited_by,
          createdAt: new Date(r.created_at).toISOString(),
        }));
      });
    },
  );

  app.post(
    '/api/organisations/:orgId/conflicts/:conflictId/resolve',
    {
      config: { access: 'conflict.resolve' },
      schema: { tags: ['clients'], summary: 'Close a conflict, keeping the value now in the profile (the other is restored by an edit).', params: ConflictParams, body: z.strictObject({}), response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, conflictId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const updated = await tx
          .updateTable('profile_conflicts')
          .set({ resolved_at: sql<Date>`now()` })
          .where('org_id', '=', orgId)
          .where('id', '=', conflictId)
          .where('resolved_at', 'is', null)
          .returning('client_id')
          .executeTakeFirst();
        if (!updated) throw notFound();
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'conflict.resolve', entity: 'client', entityId: updated.client_id });
        return { ok: true as const };
      });
    },
  );
};
