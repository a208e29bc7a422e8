import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addDays } from '../../core/dates.ts';
import { notFound, Problem } from '../../core/errors/outcome.ts';
import { fhirBundle } from '../../core/exports/fhir.ts';
import { questionnaireFor } from '../../core/exports/fhir-questionnaire.ts';
import { InstrumentId } from '../../core/screening/types.ts';
import { appendAudit } from '../audit/log.ts';
import { inOrg } from '../db/scope.ts';
import { actingRole, requireAuth } from '../http/access.ts';
import { sweepLostReferrals } from '../referrals/store.ts';
import { exportRecords, orgOf, peopleActiveIn, peopleWithConsent, personOf } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const ClientParams = z.object({ orgId: z.uuid(), clientId: z.uuid() });
const RangeQuery = z.strictObject({ from: z.iso.date(), to: z.iso.date() });
const QuestionnaireParams = z.object({ instrument: InstrumentId, version: z.string().min(1).max(40) });

/** An organisation's export covers at most a year of days… */
export const FHIR_MAX_DAYS = 366;
/** …and at most this many people, so one request stays within memory and a few seconds. */
export const FHIR_MAX_CLIENTS = 2000;

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function sendBundle(reply: FastifyReply, filename: string, bundle: unknown) {
  return reply.header('content-type', FHIR_JSON).header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(JSON.stringify(bundle));
}

/**
 * FHIR R4 exports (issue #6 §3), for managers (`export.records`) of their own organisation only.
 *
 * - One client's record: what Vietnam's Decree 13/2023 gives a person the right to ask for
 *   (a copy of their data, or its transfer to a clinic of their choosing). It is done at the
 *   client's request, so it needs no consent beyond that request; the bundle carries their consent
 *   decisions as Consent resources. All of their records, any date.
 * - The organisation's records in a range of days: a transfer of many people's records to another
 *   system, which the people did not each ask for. So it holds only people whose latest decision on
 *   `referral_sharing` ("when referred to a doctor or another organisation, they learn what they
 *   need to know") is "given": the one consent of ours that covers handing a record to another
 *   health service. `services` covers our own work only, and `research` covers de-identified data
 *   only (a FHIR record carries the UIC). The others are counted, not exported.
 *
 * Both reads are audited (`fhir.export`); the audit row holds ids and counts, never a UIC. The
 * organisation's row puts the range and the counts in entity_id ("from..to clients=n withoutConsent=m
 * resources=r"): the audit log has no other place for them, and none of it is personal.
 */
export const fhirRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;

  // An instrument's Questionnaire, which the exports' responses name by canonical: the instrument's
  // published definition, no client's data, so anyone logged in may read it (not audited).
  app.get(
    '/api/fhir/Questionnaire/:instrument/:version',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['exports'],
        summary: 'A screening instrument’s FHIR R4 Questionnaire by instrument id and version (the canonical urn:fieldlab:questionnaire:<instrument>|<version>); 404 for a version Fieldlab does not define.',
        params: QuestionnaireParams,
      },
    },
    async (req, reply) => {
      requireAuth(req);
      const questionnaire = questionnaireFor(req.params.instrument, req.params.version);
      if (!questionnaire) throw notFound();
      return reply.header('content-type', FHIR_JSON).send(JSON.stringify(questionnaire));
    },
  );

  app.get(
    '/api/organisations/:orgId/clients/:clientId/fhir',
    {
      config: { access: 'export.records' },
      schema: {
        tags: ['exports'],
        summary: 'One client’s whole record as a FHIR R4 Bundle (collection; application/fhir+json download), at the client’s request. Audited.',
        params: ClientParams,
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId, clientId } = req.params;
      const bundle = await inOrg(db.kysely, orgId, async (tx) => {
        const person = await personOf(tx, orgId, clientId);
        if (!person) throw notFound();
        await sweepLostReferrals(tx, crypto, orgId);
        const org = await orgOf(tx, orgId);
        const records = await exportRecords(tx, crypto, org, [person], null);
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'fhir.export', entity: 'client', entityId: person });
        return fhirBundle({ ...records, bundleId: randomUUID(), generatedAt: new Date().toISOString(), group: false });
      });
      return sendBundle(reply, `fieldlab-fhir-client-${bundle.timestamp!.slice(0, 10)}.json`, bundle);
    },
  );

  app.get(
    '/api/organisations/:orgId/fhir',
    {
      config: { access: 'export.records' },
      schema: {
        tags: ['exports'],
        summary: `The organisation’s records dated from..to (its local days, both included; at most ${FHIR_MAX_DAYS} days and ${FHIR_MAX_CLIENTS} people) as a FHIR R4 Bundle with a Group of the Patients; only people who agreed to sharing with other services (referral_sharing). Audited.`,
        params: OrgParams,
        querystring: RangeQuery,
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      const range = req.query;
      if (range.from > range.to || addDays(range.from, FHIR_MAX_DAYS - 1) < range.to) throw new Problem('FHIR_RANGE_INVALID', { maxDays: FHIR_MAX_DAYS }, 'to');
      const bundle = await inOrg(db.kysely, orgId, async (tx) => {
        await sweepLostReferrals(tx, crypto, orgId);
        const org = await orgOf(tx, orgId);
        const active = await peopleActiveIn(tx, orgId, org.timeZone, range);
        const consented = await peopleWithConsent(tx, orgId, active, 'referral_sharing');
        const people = active.filter((p) => consented.has(p));
        if (people.length > FHIR_MAX_CLIENTS) throw new Problem('FHIR_TOO_MANY_CLIENTS', { count: people.length, limit: FHIR_MAX_CLIENTS });
        const records = await exportRecords(tx, crypto, org, people, range);
        const bundle = fhirBundle({ ...records, bundleId: randomUUID(), generatedAt: new Date().toISOString(), group: true });
        const counts = `${range.from}..${range.to} clients=${people.length} withoutConsent=${active.length - people.length} resources=${bundle.entry?.length ?? 0}`;
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'fhir.export', entity: 'organisation', entityId: counts });
        return bundle;
      });
      return sendBundle(reply, `fieldlab-fhir-${range.from}-${range.to}.json`, bundle);
    },
  );
};
