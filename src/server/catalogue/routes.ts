import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CatalogueItem, CatalogueItemEdit, CatalogueItemInput } from '../../core/catalogue/schema.ts';
import { notFound } from '../../core/errors/outcome.ts';
import { appendAudit } from '../audit/log.ts';
import { inOrg } from '../db/scope.ts';
import { actingRole, requireAuth } from '../http/access.ts';
import { addStarterCatalogue, insertCatalogueItem, listCatalogue, updateCatalogueItem } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const ItemParams = z.object({ orgId: z.uuid(), itemId: z.uuid() });

/** The organisation's commodity and IEC catalogues: everyone in it reads, managers keep them. */
export const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/api/organisations/:orgId/catalogue',
    { config: { access: 'organisation.read' }, schema: { tags: ['catalogue'], summary: 'Commodities and IEC materials, active and not.', params: OrgParams, response: { 200: z.array(CatalogueItem) } } },
    async (req) => inOrg(db.kysely, req.params.orgId, (tx) => listCatalogue(tx, req.params.orgId)),
  );

  app.post(
    '/api/organisations/:orgId/catalogue',
    { config: { access: 'catalogue.manage' }, schema: { tags: ['catalogue'], summary: 'Add an item.', params: OrgParams, body: CatalogueItemInput, response: { 201: CatalogueItem } } },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      const item = await inOrg(db.kysely, orgId, async (tx) => {
        const created = await insertCatalogueItem(tx, orgId, req.body);
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'catalogue.create', entity: 'catalogue_item', entityId: created.id });
        return created;
      });
      return reply.code(201).send(item);
    },
  );

  app.patch(
    '/api/organisations/:orgId/catalogue/:itemId',
    { config: { access: 'catalogue.manage' }, schema: { tags: ['catalogue'], summary: 'Change an item, or retire it (active: false).', params: ItemParams, body: CatalogueItemEdit, response: { 200: CatalogueItem } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, itemId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const item = await updateCatalogueItem(tx, orgId, itemId, req.body);
        if (!item) throw notFound();
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'catalogue.edit', entity: 'catalogue_item', entityId: itemId });
        return item;
      });
    },
  );

  app.post(
    '/api/organisations/:orgId/catalogue/starter',
    {
      config: { access: 'catalogue.manage' },
      schema: { tags: ['catalogue'], summary: 'Add the starter items (pipes, foil, condoms, leaflets…) the organisation does not have yet.', params: OrgParams, response: { 200: z.object({ added: z.number() }) } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const added = await addStarterCatalogue(tx, orgId);
        if (added) await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'catalogue.add_starter', entity: 'catalogue_item', entityId: null });
        return { added };
      });
    },
  );
};
