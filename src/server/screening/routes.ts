import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, type Permission } from '../../core/auth/roles.ts';
import { notFound, Problem } from '../../core/errors/outcome.ts';
import { ScreeningSettings } from '../../core/screening/index.ts';
import { PullResponse } from '../../core/sync/protocol.ts';
import { appendAudit } from '../audit/log.ts';
import { listClientEpisodes } from '../crisis/store.ts';
import { inOrg } from '../db/scope.ts';
import { actingRole, requireAuth, type AuthContext } from '../http/access.ts';
import { loadScreeningSettings, touchOrgSettings } from './settings.ts';
import { listClientScreenings } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const ClientParams = z.object({ orgId: z.uuid(), clientId: z.uuid() });
const MentalHealth = z.object({ screenings: PullResponse.shape.screenings, episodes: PullResponse.shape.crisisEpisodes });

/**
 * A route open to holders of any of several permissions declares 'authenticated' (the access hook
 * knows one permission per route) and checks here, with the same gates the hook applies.
 */
function requireAnyOf(auth: AuthContext, orgId: string, permissions: readonly Permission[], requireAdminTotp: boolean): void {
  if (auth.mustChangePassword) throw new Problem('PASSWORD_CHANGE_REQUIRED');
  if (requireAdminTotp && !auth.totpEnabled && auth.memberships.some((m) => m.role === 'admin')) throw new Problem('TOTP_SETUP_REQUIRED');
  if (!permissions.some((p) => can(auth.memberships, p, orgId))) throw new Problem('FORBIDDEN');
}

/** Screening settings of an organisation, and a client's mental-health record online. */
export const screeningRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto, config } = app.ctx;

  app.get(
    '/api/organisations/:orgId/settings/screening',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['screening'], summary: 'Screening cut-offs and re-screening interval (the defaults when none were chosen). For mentalhealth.record or screening.configure.', params: OrgParams, response: { 200: ScreeningSettings } },
    },
    async (req) => {
      requireAnyOf(requireAuth(req), req.params.orgId, ['mentalhealth.record', 'screening.configure'], config.requireAdminTotp);
      return inOrg(db.kysely, req.params.orgId, (tx) => loadScreeningSettings(tx, req.params.orgId));
    },
  );

  app.put(
    '/api/organisations/:orgId/settings/screening',
    { config: { access: 'screening.configure' }, schema: { tags: ['screening'], summary: 'Choose screening cut-offs and the re-screening interval; devices get them at their next pull.', params: OrgParams, body: ScreeningSettings, response: { 200: ScreeningSettings } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        await touchOrgSettings(tx, orgId, auth.userId, req.body);
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'screening_settings.edit', entity: 'org_settings', entityId: orgId });
        return req.body;
      });
    },
  );

  app.get(
    '/api/organisations/:orgId/clients/:clientId/mental-health',
    { config: { access: 'mentalhealth.read' }, schema: { tags: ['screening'], summary: 'A client’s screenings and crisis episodes, oldest first (the read is audited).', params: ClientParams, response: { 200: MentalHealth } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, clientId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const client = await tx.selectFrom('clients').select(['id', 'merged_into']).where('org_id', '=', orgId).where('id', '=', clientId).executeTakeFirst();
        if (!client) throw notFound();
        const canonical = client.merged_into ?? client.id;
        const [screenings, episodes] = [await listClientScreenings(tx, crypto, orgId, [canonical]), await listClientEpisodes(tx, crypto, orgId, [canonical])];
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'mentalhealth.read', entity: 'client', entityId: canonical });
        return { screenings, episodes };
      });
    },
  );
};
