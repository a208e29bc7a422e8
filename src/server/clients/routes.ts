import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../core/errors/outcome.ts';
import { appendAudit } from '../audit/log.ts';
import { inOrg } from '../db/scope.ts';
import { actingRole, requireAuth } from '../http/access.ts';
import { conflictRoutes } from './conflicts.ts';
import { listClients, matchUic, readClient } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const ClientParams = z.object({ orgId: z.uuid(), clientId: z.uuid() });

/**
 * Reading clients online (devices read them through sync). Every read of client records is
 * written to the audit log in the same transaction, so there is no read without its trace.
 */
export const clientRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;
  await app.register(conflictRoutes);

  app.get(
    '/api/organisations/:orgId/clients',
    {
      config: { access: 'client.read' },
      schema: { tags: ['clients'], summary: 'Clients seen or registered most recently.', params: OrgParams, querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const clients = await listClients(tx, crypto, orgId, req.query.limit);
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'client.list', entity: 'clients', entityId: null });
        return clients;
      });
    },
  );

  app.get(
    '/api/organisations/:orgId/clients/match',
    {
      config: { access: 'client.read' },
      schema: { tags: ['clients'], summary: 'Is this UIC registered already, or one a single part away?', params: OrgParams, querystring: z.strictObject({ uic: z.string().trim().toUpperCase().min(4).max(20) }) },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const match = await matchUic(tx, crypto, orgId, req.query.uic);
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'client.match', entity: 'clients', entityId: match.exact?.id ?? null });
        return match;
      });
    },
  );

  app.get(
    '/api/organisations/:orgId/clients/:clientId',
    { config: { access: 'client.read' }, schema: { tags: ['clients'], summary: 'A client’s profile, consents and contacts.', params: ClientParams } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, clientId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const client = await readClient(tx, crypto, orgId, clientId);
        if (!client) throw notFound();
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'client.read', entity: 'client', entityId: client.id });
        return client;
      });
    },
  );
};
