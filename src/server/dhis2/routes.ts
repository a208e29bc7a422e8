import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** DHIS2: the hub's mapping and connection, dataValueSets payloads, dry runs and sends (issue #6 §3). */
export const dhis2Routes: FastifyPluginAsyncZod = async () => {};
