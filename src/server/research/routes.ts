import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** The de-identified research extract and the outcomes for evaluators (issue #6 §3–4). */
export const researchRoutes: FastifyPluginAsyncZod = async () => {};
