import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isHubAdmin } from '../../core/auth/roles.ts';
import { forbidden, notFound, Problem } from '../../core/errors/outcome.ts';
import { PROVINCES } from '../../core/geo/provinces.ts';
import { CreateOrganisation, CreateSite, EditOrganisation, EditSite, Organisation, Site } from '../../core/organisations/schema.ts';
import { appendAudit } from '../audit/log.ts';
import { touchOrgSettings } from '../screening/settings.ts';
import { asSystem, inOrg } from '../db/scope.ts';
import { actingRole, requireAuth } from '../http/access.ts';
import { findOrganisation, insertOrganisation, insertSite, isOnlyActiveHub, listOrganisations, listSites, requireOrganisation, updateOrganisation, updateSite } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const SiteParams = z.object({ orgId: z.uuid(), siteId: z.uuid() });

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/api/provinces',
    {
      config: { access: 'public' },
      schema: {
        tags: ['organisations'],
        summary: 'Vietnam’s 34 provincial units since 1 July 2025, with the former units each absorbed.',
        response: { 200: z.array(z.object({ id: z.string(), name: z.object({ vi: z.string(), en: z.string() }), kind: z.string(), formerUnits: z.array(z.string()) })) },
      },
    },
    async () => [...PROVINCES],
  );

  app.get(
    '/api/organisations',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['organisations'], summary: 'Organisations: all of them for the hub’s administrators, else one’s own.', response: { 200: z.array(Organisation) } },
    },
    async (req) => {
      const auth = requireAuth(req);
      // The list of organisations is network-level information, read by the system for the person.
      return asSystem(db.kysely, (tx) =>
        listOrganisations(tx, isHubAdmin(auth.memberships) ? undefined : [...new Set(auth.memberships.map((m) => m.orgId))]),
      );
    },
  );

  app.post(
    '/api/organisations',
    {
      config: { access: 'network.organisations.manage' },
      schema: { tags: ['organisations'], summary: 'Add an organisation to the network (hub administrators).', body: CreateOrganisation, response: { 201: Organisation } },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      // A new organisation has no scope of its own yet; its creation is recorded in the network's chain.
      const org = await asSystem(db.kysely, async (tx) => {
        const created = await insertOrganisation(tx, req.body);
        await appendAudit(tx, { orgId: null, actorUserId: auth.userId, actorRole: 'hub_admin', action: 'organisation.create', entity: 'organisation', entityId: created.id });
        return created;
      });
      return reply.code(201).send(org);
    },
  );

  app.get(
    '/api/organisations/:orgId',
    { config: { access: 'organisation.read' }, schema: { tags: ['organisations'], summary: 'One organisation.', params: OrgParams, response: { 200: Organisation } } },
    async (req) => {
      const org = await inOrg(db.kysely, req.params.orgId, (tx) => findOrganisation(tx, req.params.orgId));
      if (!org) throw notFound();
      return org;
    },
  );

  app.patch(
    '/api/organisations/:orgId',
    {
      config: { access: 'organisation.edit' },
      schema: { tags: ['organisations'], summary: 'Edit an organisation. Its kind and active state are the hub’s to change.', params: OrgParams, body: EditOrganisation, response: { 200: Organisation } },
    },
    async (req) => {
      const auth = requireAuth(req);
      if ((req.body.kind !== undefined || req.body.active !== undefined) && !isHubAdmin(auth.memberships)) throw forbidden();
      // Without an active hub nobody holds the network's permissions, and no one could undo it.
      // Whether the hub is the only one is network-level information, read by the system.
      const stepsDown = req.body.active === false || (req.body.kind !== undefined && req.body.kind !== 'network_hub');
      if (stepsDown && (await asSystem(db.kysely, (tx) => isOnlyActiveHub(tx, req.params.orgId)))) throw new Problem('LAST_HUB', {}, req.body.active === false ? 'active' : 'kind');
      const org = await inOrg(db.kysely, req.params.orgId, async (tx) => {
        const before = req.body.timeZone !== undefined ? await findOrganisation(tx, req.params.orgId) : null;
        const updated = await updateOrganisation(tx, req.params.orgId, req.body);
        // Phones keep the time zone with the organisation's settings: a new one reaches them on the next pull.
        if (updated && before && before.timeZone !== updated.timeZone) await touchOrgSettings(tx, req.params.orgId, auth.userId);
        if (updated) await appendAudit(tx, { orgId: req.params.orgId, actorUserId: auth.userId, actorRole: actingRole(auth, req.params.orgId), action: 'organisation.edit', entity: 'organisation', entityId: req.params.orgId });
        return updated;
      });
      if (!org) throw notFound();
      return org;
    },
  );

  app.get(
    '/api/organisations/:orgId/sites',
    { config: { access: 'site.read' }, schema: { tags: ['sites'], summary: 'The organisation’s sites.', params: OrgParams, response: { 200: z.array(Site) } } },
    async (req) =>
      inOrg(db.kysely, req.params.orgId, async (tx) => {
        await requireOrganisation(tx, req.params.orgId);
        return listSites(tx, req.params.orgId);
      }),
  );

  app.post(
    '/api/organisations/:orgId/sites',
    {
      config: { access: 'site.manage' },
      schema: { tags: ['sites'], summary: 'Add a site (drop-in centre, outreach area, clinic, online).', params: OrgParams, body: CreateSite, response: { 201: Site } },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const site = await inOrg(db.kysely, req.params.orgId, async (tx) => {
        await requireOrganisation(tx, req.params.orgId);
        const created = await insertSite(tx, req.params.orgId, req.body);
        await appendAudit(tx, { orgId: req.params.orgId, actorUserId: auth.userId, actorRole: actingRole(auth, req.params.orgId), action: 'site.create', entity: 'site', entityId: created.id });
        return created;
      });
      return reply.code(201).send(site);
    },
  );

  app.patch(
    '/api/organisations/:orgId/sites/:siteId',
    { config: { access: 'site.manage' }, schema: { tags: ['sites'], summary: 'Edit or deactivate a site.', params: SiteParams, body: EditSite, response: { 200: Site } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, siteId } = req.params;
      const site = await inOrg(db.kysely, orgId, async (tx) => {
        const updated = await updateSite(tx, orgId, siteId, req.body);
        if (updated) await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'site.edit', entity: 'site', entityId: siteId });
        return updated;
      });
      if (!site) throw notFound();
      return site;
    },
  );
};
