import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addDays } from '../../core/dates.ts';
import { Problem } from '../../core/errors/outcome.ts';
import { buildDataValueSet, Dhis2Mapping, Dhis2Settings, DHIS2_IMPORT_STATUSES, tablesNeeded, type Dhis2DataValueSet } from '../../core/exports/dhis2.ts';
import { parsePeriodKey, type Period } from '../../core/indicators/periods.ts';
import type { IndicatorTable } from '../../core/indicators/result.ts';
import { appendAudit } from '../audit/log.ts';
import type { Db } from '../db/connect.ts';
import { asSystem, inOrg, type Tx } from '../db/scope.ts';
import { actingRole, requireAuth } from '../http/access.ts';
import { computeIndicator, hasSql } from '../indicators/compute.ts';
import { postDataValueSet } from './client.ts';
import { connectionOf, DHIS2_SEND_REASONS, hasCleanDryRun, listSends, loadSettingsRow, mappingOf, recordSend, saveSettings, settingsOut } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const PeriodKey = z.string().trim().max(10);

const Place = z.object({ id: z.string(), name: z.string(), active: z.boolean() });
const SettingsOut = z.object({
  baseUrl: z.string().nullable(),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  mapping: z.object({
    dataElements: z.array(
      z.object({
        indicatorId: z.string(),
        categories: z.record(z.string(), z.string()).optional(),
        part: z.string().optional(),
        dataElement: z.string(),
        categoryOptionCombo: z.string().optional(),
        attributeOptionCombo: z.string().optional(),
      }),
    ),
    orgUnits: z.array(z.object({ orgId: z.string(), siteId: z.string().optional(), orgUnit: z.string() })),
    periodKind: z.string(),
  }),
  version: z.number(),
  updatedAt: z.string().nullable(),
  /** Every organisation of the network with its sites, to map them to org units. */
  organisations: z.array(Place.extend({ kind: z.string(), sites: z.array(Place) })),
});
const DataValueSet = z.object({
  dataValues: z.array(
    z.object({ dataElement: z.string(), period: z.string(), orgUnit: z.string(), categoryOptionCombo: z.string().optional(), attributeOptionCombo: z.string().optional(), value: z.string() }),
  ),
});
const ImportSummaryOut = z.object({
  status: z.enum(DHIS2_IMPORT_STATUSES),
  imported: z.number(),
  updated: z.number(),
  ignored: z.number(),
  deleted: z.number(),
  conflicts: z.array(z.object({ object: z.string(), value: z.string() })),
  description: z.string().nullable(),
});
const SendOut = z.object({
  id: z.string(),
  at: z.string(),
  period: z.string(),
  dryRun: z.boolean(),
  settingsVersion: z.number(),
  status: z.enum(['success', 'warning', 'error', 'unreachable']),
  httpStatus: z.number().nullable(),
  valuesSent: z.number(),
  reason: z.enum(DHIS2_SEND_REASONS).nullable(),
  import: ImportSummaryOut.nullable(),
  notComputed: z.array(z.string()),
});
const SendBody = z.strictObject({ period: PeriodKey, dryRun: z.boolean() });

const EXAMPLE_PERIOD = { month: '2026-11', quarter: '2026-Q4', year: '2026' } as const;

/**
 * DHIS2 lives at the network hub: its administrator (permission `dhis2.manage`, which only the
 * `admin` role holds) maps indicators to data elements and organisations to org units, looks at
 * the payload, dry-runs it and sends it. An administrator of any other organisation holds the same
 * permission there, so the kind is checked here, with a message that says where to go. Names of
 * organisations and sites are read as the system: they belong to the network, not to one member.
 */
async function requireHub(db: Db['kysely'], orgId: string): Promise<void> {
  const org = await asSystem(db, (tx) => tx.selectFrom('organisations').select('kind').where('id', '=', orgId).executeTakeFirst());
  if (!org) throw new Problem('NOT_FOUND');
  if (org.kind !== 'network_hub') throw new Problem('DHIS2_HUB_ONLY');
}

function periodOfKey(key: string, mapping: Dhis2Mapping): Period {
  const period = parsePeriodKey(key);
  if (!period) throw new Problem('VALIDATION', { field: 'period', detail: `write the period as ${EXAMPLE_PERIOD[mapping.periodKind]}` }, 'period');
  if (period.kind !== mapping.periodKind) throw new Problem('DHIS2_PERIOD_KIND', { example: EXAMPLE_PERIOD[mapping.periodKind] }, 'period');
  return period;
}

/**
 * The values DHIS2 would receive for one period. Exact counts, read as the system over the mapped
 * organisations: the statements aggregate, no record leaves them, and the result goes only to the
 * hub's administrator and the programme's own DHIS2 (see core/exports/dhis2.ts). Indicators whose
 * SQL does not exist yet are named in `notComputed` and left out.
 */
async function computePayload(db: Db['kysely'], mapping: Dhis2Mapping, period: Period): Promise<{ payload: Dhis2DataValueSet; notComputed: string[] }> {
  const orgIds = [...new Set(mapping.orgUnits.map((u) => u.orgId))];
  const requests = tablesNeeded(mapping);
  const notComputed = [...new Set(requests.filter((r) => !hasSql(r.indicatorId)).map((r) => r.indicatorId))];
  if (orgIds.length === 0) return { payload: { dataValues: [] }, notComputed };
  const tables: IndicatorTable[] = await asSystem(db, async (tx) => {
    const out: IndicatorTable[] = [];
    for (const r of requests) {
      if (!hasSql(r.indicatorId)) continue;
      out.push(await computeIndicator(tx, { indicatorId: r.indicatorId, periodKind: period.kind, from: period.start, to: addDays(period.end, -1), disaggregation: r.disaggregation, orgIds }));
    }
    return out;
  });
  return { payload: buildDataValueSet(tables, mapping, period), notComputed };
}

async function checkPlaces(tx: Tx, mapping: Dhis2Mapping): Promise<void> {
  const orgIds = [...new Set(mapping.orgUnits.map((u) => u.orgId))];
  if (orgIds.length === 0) return;
  const orgs = new Set((await tx.selectFrom('organisations').select('id').where('id', 'in', orgIds).execute()).map((o) => o.id));
  const siteIds = mapping.orgUnits.flatMap((u) => (u.siteId ? [u.siteId] : []));
  const siteOrg = new Map(siteIds.length ? (await tx.selectFrom('sites').select(['id', 'org_id']).where('id', 'in', siteIds).execute()).map((s) => [s.id, s.org_id]) : []);
  mapping.orgUnits.forEach((u, i) => {
    if (!orgs.has(u.orgId) || (u.siteId && siteOrg.get(u.siteId) !== u.orgId)) throw new Problem('DHIS2_PLACE_UNKNOWN', { row: i + 1 }, `mapping.orgUnits.${i}`);
  });
}

export const dhis2Routes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;

  async function organisationsOfNetwork() {
    // The network's list of organisations and sites: names only, no member's records.
    return asSystem(db.kysely, async (tx) => {
      const orgs = await tx.selectFrom('organisations').select(['id', 'name', 'kind', 'active']).orderBy('name').execute();
      const sites = await tx.selectFrom('sites').select(['id', 'org_id', 'name', 'active']).orderBy('name').execute();
      return orgs.map((o) => ({ ...o, sites: sites.filter((s) => s.org_id === o.id).map((s) => ({ id: s.id, name: s.name, active: s.active })) }));
    });
  }

  app.get(
    '/api/organisations/:orgId/dhis2/settings',
    {
      config: { access: 'dhis2.manage' },
      schema: { tags: ['dhis2'], summary: 'The hub’s DHIS2 connection and mapping (never the password: hasPassword), with the network’s organisations and sites.', params: OrgParams, response: { 200: SettingsOut } },
    },
    async (req) => {
      requireAuth(req);
      const { orgId } = req.params;
      await requireHub(db.kysely, orgId);
      const row = await inOrg(db.kysely, orgId, (tx) => loadSettingsRow(tx, orgId));
      return { ...settingsOut(row), organisations: await organisationsOfNetwork() };
    },
  );

  app.put(
    '/api/organisations/:orgId/dhis2/settings',
    {
      config: { access: 'dhis2.manage' },
      schema: {
        tags: ['dhis2'],
        summary: 'Saves the DHIS2 connection and mapping; an empty password keeps the saved one (unless the address changed). Each save is a new version: dry runs hold for one version. Audited.',
        params: OrgParams,
        body: Dhis2Settings,
        response: { 200: SettingsOut },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      await requireHub(db.kysely, orgId);
      await asSystem(db.kysely, (tx) => checkPlaces(tx, req.body.mapping));
      const row = await inOrg(db.kysely, orgId, async (tx) => {
        const saved = await saveSettings(tx, crypto, orgId, req.body, auth.userId);
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'dhis2.settings.update', entity: 'dhis2_settings', entityId: orgId });
        return saved;
      });
      return { ...settingsOut(row), organisations: await organisationsOfNetwork() };
    },
  );

  app.get(
    '/api/organisations/:orgId/dhis2/payload',
    {
      config: { access: 'dhis2.manage' },
      schema: {
        tags: ['dhis2'],
        summary: 'The dataValueSets JSON that would be sent for one period (2026-11, 2026-Q4 or 2026, as the mapping reports): exact counts. download=1 adds a file name. Audited.',
        params: OrgParams,
        querystring: z.strictObject({ period: PeriodKey, download: z.enum(['0', '1']).optional() }),
        response: { 200: DataValueSet },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      await requireHub(db.kysely, orgId);
      const mapping = mappingOf(await inOrg(db.kysely, orgId, (tx) => loadSettingsRow(tx, orgId)));
      const period = periodOfKey(req.query.period, mapping);
      const { payload } = await computePayload(db.kysely, mapping, period);
      await inOrg(db.kysely, orgId, (tx) => appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'dhis2.payload.read', entity: 'dhis2_payload', entityId: null }));
      if (req.query.download === '1') void reply.header('content-disposition', `attachment; filename="fieldlab-dhis2-${period.key}.json"`);
      return payload;
    },
  );

  app.post(
    '/api/organisations/:orgId/dhis2/send',
    {
      config: { access: 'dhis2.manage' },
      schema: {
        tags: ['dhis2'],
        summary:
          'Sends one period to DHIS2 (POST /api/dataValueSets, importStrategy CREATE_AND_UPDATE), as a dry run or for real; a real send needs a successful dry run of the same period and settings version. What DHIS2 answered (or that it could not be reached) is recorded and returned. Audited.',
        params: OrgParams,
        body: SendBody,
        response: { 200: SendOut },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      const { dryRun } = req.body;
      await requireHub(db.kysely, orgId);
      const row = await inOrg(db.kysely, orgId, (tx) => loadSettingsRow(tx, orgId));
      const mapping = mappingOf(row);
      const connection = connectionOf(crypto, row);
      if (!row || !connection || mapping.dataElements.length === 0 || mapping.orgUnits.length === 0) throw new Problem('DHIS2_NOT_CONFIGURED');
      const period = periodOfKey(req.body.period, mapping);
      if (!dryRun && !(await inOrg(db.kysely, orgId, (tx) => hasCleanDryRun(tx, orgId, period.key, row.version)))) {
        throw new Problem('DHIS2_DRY_RUN_FIRST', { period: period.key }, 'dryRun');
      }
      const { payload, notComputed } = await computePayload(db.kysely, mapping, period);
      const result = await postDataValueSet(connection, payload, dryRun);
      return inOrg(db.kysely, orgId, async (tx) => {
        const send = await recordSend(tx, orgId, auth.userId, {
          period: period.key,
          dryRun,
          settingsVersion: row.version,
          status: result.status,
          httpStatus: result.httpStatus,
          valuesSent: payload.dataValues.length,
          summary: { reason: result.reason, import: result.import, notComputed },
        });
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: dryRun ? 'dhis2.dry_run' : 'dhis2.send', entity: 'dhis2_send', entityId: send.id });
        return send;
      });
    },
  );

  app.get(
    '/api/organisations/:orgId/dhis2/sends',
    { config: { access: 'dhis2.manage' }, schema: { tags: ['dhis2'], summary: 'Dry runs and sends to DHIS2, newest first (the last 100).', params: OrgParams, response: { 200: z.array(SendOut) } } },
    async (req) => {
      requireAuth(req);
      const { orgId } = req.params;
      await requireHub(db.kysely, orgId);
      return inOrg(db.kysely, orgId, (tx) => listSends(tx, orgId));
    },
  );
};
