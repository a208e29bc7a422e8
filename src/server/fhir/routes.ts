import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** FHIR R4 exports of one client's record or an organisation's records (issue #6 §3). */
export const fhirRoutes: FastifyPluginAsyncZod = async () => {};
