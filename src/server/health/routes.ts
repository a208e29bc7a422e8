import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { currentMigration } from '../db/connect.ts';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, version } = app.ctx;
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness and readiness: answers 200 once the database answers.',
        response: {
          200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string(), migration: z.string().nullable() }),
        },
      },
    },
    async () => {
      await sql`select 1`.execute(db.kysely);
      return { status: 'ok' as const, db: db.kind, version, migration: await currentMigration(db) };
    },
  );
};
