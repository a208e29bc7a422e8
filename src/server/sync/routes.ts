import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { can } from '../../core/auth/roles.ts';
import { Problem } from '../../core/errors/outcome.ts';
import { MAX_PUSH_MUTATIONS, PullQuery, PullResponse, PushRequest, PushResponse } from '../../core/sync/protocol.ts';
import { requestLang } from '../http/errors.ts';
import { actingRole, requireAuth } from '../http/access.ts';
import { pullChanges } from './pull.ts';
import { pushMutations } from './push.ts';

/** Offline devices' push and pull (DESIGN §4; docs/sync-protocol.md). */
export const syncRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/sync/push',
    {
      config: { access: 'sync.use' },
      schema: {
        tags: ['sync'],
        summary: `Apply a device's mutations in order, each exactly once (at most ${MAX_PUSH_MUTATIONS} a push).`,
        body: PushRequest,
        response: { 200: PushResponse },
      },
      // Too many mutations is a size problem (413, with the limit), not a validation one.
      preValidation: async (req) => {
        const mutations = (req.body as { mutations?: unknown } | null)?.mutations;
        if (Array.isArray(mutations) && mutations.length > MAX_PUSH_MUTATIONS) throw new Problem('SYNC_BATCH_TOO_LARGE', { limit: MAX_PUSH_MUTATIONS });
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      if (!can(auth.memberships, 'sync.use', req.body.orgId)) throw new Problem('FORBIDDEN');
      return pushMutations(app.ctx, { userId: auth.userId, memberships: auth.memberships, role: actingRole(auth, req.body.orgId) }, req.body, requestLang(req), req.log);
    },
  );

  app.get(
    '/api/sync/pull',
    {
      config: { access: 'sync.use' },
      schema: {
        tags: ['sync'],
        summary: 'What changed in the organisation after the cookie that this person may see.',
        querystring: PullQuery,
        response: { 200: PullResponse },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      if (!can(auth.memberships, 'sync.use', req.query.orgId)) throw new Problem('FORBIDDEN');
      return pullChanges(app.ctx, { userId: auth.userId, memberships: auth.memberships, role: actingRole(auth, req.query.orgId) }, req.query, requestLang(req));
    },
  );
};
