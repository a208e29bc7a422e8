import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { Problem } from '../../core/errors/outcome.ts';
import { Me, SetupRequest } from '../../core/users/schema.ts';
import { appendAudit } from '../audit/log.ts';
import { describeMe, setSessionCookie } from '../auth/routes.ts';
import { createSession } from '../auth/store.ts';
import { asSystem, type Tx } from '../db/scope.ts';
import { insertOrganisation } from '../organisations/store.ts';
import { insertUser } from '../users/store.ts';

async function setupNeeded(tx: Tx): Promise<boolean> {
  const row = await tx.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !row;
}

/**
 * First start: name the network, create its hub organisation and the first administrator. Open
 * only while no user exists; the check and the writes share one transaction under a lock, so two
 * browsers racing to set up cannot both succeed.
 */
export const setupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto, config } = app.ctx;

  app.get(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: { tags: ['setup'], summary: 'Whether first-time setup is still open.', response: { 200: z.object({ needed: z.boolean() }) } },
    },
    async () => ({ needed: await asSystem(db.kysely, setupNeeded) }),
  );

  app.post(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['setup'],
        summary: 'Create the network, its hub organisation and the first administrator; logs them in.',
        body: SetupRequest,
        response: { 201: Me },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const created = await asSystem(db.kysely, async (tx) => {
        await sql`select pg_advisory_xact_lock(hashtext('fieldlab.setup'))`.execute(tx);
        if (!(await setupNeeded(tx))) throw new Problem('SETUP_DONE');
        await tx.insertInto('network').values({ name: body.networkName }).onConflict((oc) => oc.column('id').doUpdateSet({ name: body.networkName })).execute();
        const org = await insertOrganisation(tx, {
          name: body.organisationName,
          kind: 'network_hub',
          provinceId: body.provinceId,
          timeZone: 'Asia/Ho_Chi_Minh',
        });
        const userId = await insertUser(tx, crypto, {
          username: body.username,
          displayName: null,
          password: body.password,
          lang: body.lang,
          roles: [{ orgId: org.id, role: 'admin' }],
        });
        await appendAudit(tx, { orgId: null, actorUserId: userId, actorRole: 'admin', action: 'setup', entity: 'organisation', entityId: org.id });
        return { userId, token: await createSession(tx, userId) };
      });
      setSessionCookie(req, reply, created.token, config.session.absoluteMs);
      return reply.code(201).send(await describeMe(app.ctx, created.userId));
    },
  );
};
