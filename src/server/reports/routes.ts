import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Indicator dashboards, indicator tables (JSON and CSV) and managers' line lists (issue #6 §2–3). */
export const reportRoutes: FastifyPluginAsyncZod = async () => {};
