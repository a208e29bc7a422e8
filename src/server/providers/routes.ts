import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, type Permission } from '../../core/auth/roles.ts';
import { notFound, Problem } from '../../core/errors/outcome.ts';
import { ProviderInput, ProviderKind, ReferralService } from '../../core/referrals/schema.ts';
import { ProvinceId } from '../../core/geo/provinces.ts';
import { PullResponse } from '../../core/sync/protocol.ts';
import { appendAudit } from '../audit/log.ts';
import { asSystem, inOrg } from '../db/scope.ts';
import { actingRole, requireAuth, type AuthContext } from '../http/access.ts';
import { findProvider, insertProvider, listProviders, providerOut, rateProvider, updateProvider } from './store.ts';

export const Provider = PullResponse.shape.providers.unwrap().element.extend({ ratings: z.number() });
const ProviderParams = z.object({ id: z.uuid() });
const DirectoryQuery = z.strictObject({
  service: ReferralService.optional(),
  provinceId: ProvinceId.optional(),
  kind: ProviderKind.optional(),
  /** Lowest average friendliness rating (1–5); unrated providers are left out when given. */
  friendly: z.coerce.number().min(1).max(5).optional(),
  q: z.string().trim().max(100).optional(),
  /** 1: also providers no longer active (for managers keeping the directory). */
  inactive: z.enum(['0', '1']).optional(),
});
const Feedback = z.strictObject({ orgId: z.uuid(), referralId: z.uuid(), rating: z.int().min(1).max(5) });

/** The organisation whose audit chain records an act on the network's directory: one where the person holds the permission. */
function actingOrg(auth: AuthContext, permission: Permission): string {
  const m = auth.memberships.find((x) => can(auth.memberships, permission, x.orgId));
  if (!m) throw new Problem('FORBIDDEN');
  return m.orgId;
}

/**
 * The network's directory of providers (issue #5 §1). Everyone who refers or receives searches it;
 * managers of any member organisation keep it (one shared directory: a clinic found by the Hà Nội
 * team is there for Hải Phòng's too), each change audited in the manager's organisation. Writes run
 * as the system because a change moves every organisation's sync counter (providers/store.ts).
 */
export const providerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/api/providers',
    {
      config: { access: 'provider.read' },
      schema: { tags: ['referrals'], summary: 'Search the directory by service, province, kind, friendliness (lowest average rating) and name.', querystring: DirectoryQuery, response: { 200: z.array(Provider) } },
    },
    async (req) => {
      const orgId = actingOrg(requireAuth(req), 'provider.read');
      const { inactive, ...filter } = req.query;
      return inOrg(db.kysely, orgId, (tx) => listProviders(tx, { ...filter, includeInactive: inactive === '1' }));
    },
  );

  app.get(
    '/api/providers/:id',
    { config: { access: 'provider.read' }, schema: { tags: ['referrals'], summary: 'One directory entry.', params: ProviderParams, response: { 200: Provider } } },
    async (req) => {
      const orgId = actingOrg(requireAuth(req), 'provider.read');
      const found = await inOrg(db.kysely, orgId, (tx) => findProvider(tx, req.params.id));
      if (!found) throw notFound();
      return providerOut(found);
    },
  );

  app.post(
    '/api/providers',
    { config: { access: 'provider.manage' }, schema: { tags: ['referrals'], summary: 'Add a provider to the network’s directory (orgId: the member organisation whose clinicians receive its referrals, or null).', body: ProviderInput, response: { 201: Provider } } },
    async (req, reply) => {
      const auth = requireAuth(req);
      const orgId = actingOrg(auth, 'provider.manage');
      const created = await asSystem(db.kysely, async (tx) => {
        const p = await insertProvider(tx, auth.userId, req.body);
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'provider.create', entity: 'provider', entityId: p.id });
        return p;
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/providers/:id',
    { config: { access: 'provider.manage' }, schema: { tags: ['referrals'], summary: 'Change a directory entry, or retire it (active: false). Referrals already made keep the organisation they were sent to.', params: ProviderParams, body: ProviderInput.partial(), response: { 200: Provider } } },
    async (req) => {
      const auth = requireAuth(req);
      const orgId = actingOrg(auth, 'provider.manage');
      return asSystem(db.kysely, async (tx) => {
        const p = await updateProvider(tx, auth.userId, req.params.id, req.body);
        if (!p) throw notFound();
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'provider.edit', entity: 'provider', entityId: p.id });
        return p;
      });
    },
  );

  app.post(
    '/api/providers/:id/feedback',
    {
      config: { access: 'referral.make' },
      schema: {
        tags: ['referrals'],
        summary: 'Rate how friendly the provider was to the person referred (1–5), once per referral of your organisation (again replaces it).',
        params: ProviderParams,
        body: Feedback,
        response: { 200: Provider },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, referralId, rating } = req.body;
      if (!can(auth.memberships, 'referral.make', orgId)) throw new Problem('FORBIDDEN');
      // The referral is checked under the organisation's row security; the rating, which moves the
      // shared directory and every organisation's counter, is written as the system.
      const referral = await inOrg(db.kysely, orgId, (tx) =>
        tx.selectFrom('referrals').select(['id', 'provider_id']).where('id', '=', referralId).where('from_org_id', '=', orgId).executeTakeFirst(),
      );
      if (!referral || referral.provider_id !== req.params.id) throw new Problem('REFERRAL_NOT_FOUND', {}, 'referralId');
      return asSystem(db.kysely, async (tx) => {
        const p = await rateProvider(tx, { orgId, referralId, providerId: req.params.id, userId: auth.userId, rating });
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'provider.rate', entity: 'referral', entityId: referralId });
        return p;
      });
    },
  );
};
