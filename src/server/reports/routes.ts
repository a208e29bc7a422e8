import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * Indicator dashboards, indicator tables (JSON and CSV) and managers' line lists (issue #6 §2–3).
 *
 * THE CONTRACT (the web dashboard and the bench are built against it in parallel; keep it exactly):
 * All under `src/server/reports/`. `scope` is the string `network` or an organisation id; the server resolves it with `reportAccess(memberships, ReportScope)` from src/core/indicators/access.ts (403 `REPORT_SCOPE_FORBIDDEN`-style Problem with an actionable message when null). Queries for one organisation run in `inOrg`, several/all in `asSystem` (aggregates only leave the SQL). Presentation (suppression when `access.suppressed`, labels of sites/organisations/catalogue items) is the pure core function `presentIndicator(table: IndicatorTable, options: { suppressed: boolean; labels: PresentedTable['labels'] }): PresentedTable` in `src/core/indicators/present.ts`.
 * 
 * 1. `GET /api/reports/scopes` (access `indicators.read`) → `{ scopes: Array<{ scope: string; name: string; suppressed: boolean }> }` — network view first (name = the network's name), then each organisation (its name).
 * 2. `GET /api/reports/dashboard?scope=<scope>&periodKind=month|quarter|year&period=<key: 2026-11 | 2026-Q4 | 2026>` (access `indicators.read`) →
 *    ```
 *    { scope: string; name: string; suppressed: boolean;
 *      period: Period; previous: Period;            // Period from src/core/indicators/periods.ts
 *      headlines: Array<{ indicatorId: IndicatorId; current: PresentedTotal; previous: PresentedTotal }>;  // every indicator that has SQL (hasSql), in INDICATORS order
 *      series: PresentedTable[];  // the 12 periods ending with `period`, no disaggregation: people_reached, new_clients, contacts, anonymous_contacts, prevention_coverage, referrals_made
 *      bars: PresentedTable[] }   // `period` only: people_reached by [age_band, sex_at_birth]; services_by_type; screenings_positive; crisis_episodes; commodities_distributed; and, for a multi-organisation scope, people_reached by [organisation]
 *    ```
 *    Indicators without SQL yet are left out (the SQL for all 16 lands in parallel). The function behind it is `dashboardData(db: Kysely<Database>, input: { orgIds: readonly string[] | 'all'; suppressed: boolean; periodKind: PeriodKind; period: string }): Promise<Omit<Dashboard, 'scope' | 'name'>>` exported from `src/server/reports/dashboard.ts` (the bench times exactly this), with the `Dashboard` type exported from `src/core/indicators/dashboard.ts` (pure types shared with the web app).
 * 3. `GET /api/reports/indicators/:indicatorId?scope=&periodKind=&from=YYYY-MM-DD&to=YYYY-MM-DD&by=<0–2 comma-separated disaggregations>&format=json|csv` (access `indicators.read`) → `PresentedTable` (JSON), or with `format=csv`: `text/csv; charset=utf-8`, UTF-8 BOM, `Content-Disposition: attachment; filename="fieldlab-<indicatorId>-<from>-<to>.csv"`; header row in the request's language (Accept-Language vi|en, or `lang=vi|en`): period label, one column per dimension (labels: codes through core labels, ids through `labels`), value, numerator and denominator for rates/medians, and a note column saying "suppressed (< 5)" / "đã ẩn (< 5)" where hidden. A disaggregation the indicator does not support → 400 with the message "This indicator cannot be split that way" (vi too); more than 60 periods → 400. CSV downloads are audited (`indicators.export`).
 * 4. `GET /api/organisations/:orgId/exports/:list?from=&to=` (access `export.records`, the manager's own organisation only, `inOrg`) with `list` ∈ `clients | contacts | screenings | crisis_episodes | referrals` → CSV line list of the organisation's own records in the date range (BOM; vi/en headers). Columns: the client's code (UIC, the pseudonymous code managers already see in the app) and coded fields only — never nickname, phone, notes, referral reasons or any free text. Audited (`export.linelist`, with the list name and row count).
 */
import { z } from 'zod';
import { csvBytes } from '../../core/exports/csv.ts';
import { indicatorCsvBytes, indicatorCsvFilename } from '../../core/exports/indicator-csv.ts';
import { LINE_LISTS, lineListFilename, lineListRows } from '../../core/exports/line-lists.ts';
import { Problem } from '../../core/errors/outcome.ts';
import { reportAccess, reportScopes, scopeOf, type ReportAccess } from '../../core/indicators/access.ts';
import { IndicatorIdSchema, IndicatorQuery, type IndicatorId } from '../../core/indicators/definitions.ts';
import { DISAGGREGATION_IDS, type DisaggregationId } from '../../core/indicators/disaggregations.ts';
import { PERIOD_KINDS, periodsBetween } from '../../core/indicators/periods.ts';
import type { PresentedTable } from '../../core/indicators/result.ts';
import { addDays } from '../../core/dates.ts';
import { appendAudit } from '../audit/log.ts';
import { asSystem, inOrg } from '../db/scope.ts';
import { requestLang } from '../http/errors.ts';
import { actingRole, requireAuth, type AuthContext } from '../http/access.ts';
import { hasSql } from '../indicators/compute.ts';
import { dashboardData, presentedTables } from './dashboard.ts';
import { readLineList } from './line-lists.ts';

/** Statements of one dashboard run at once: PGlite has one connection; PostgreSQL's pool has ten. */
const DASHBOARD_CONCURRENCY = { pglite: 1, postgres: 4 } as const;

/** More periods than this in one table is a mistake (five years of months): refused with a message. */
export const MAX_PERIODS = 60;

/** The longest range, in days, of one line list. */
export const MAX_LINE_LIST_DAYS = 366;

const Figure = { value: z.number().nullable(), numerator: z.number().optional(), denominator: z.number().optional(), flag: z.enum(['suppressed', 'no_denominator']).nullable() };
const PresentedTotalSchema = z.object({ period: z.string(), ...Figure });
const PresentedTableSchema = z.object({
  indicatorId: IndicatorIdSchema,
  periodKind: z.enum(PERIOD_KINDS),
  periods: z.array(z.string()),
  dimensions: z.array(z.string()),
  cells: z.array(z.object({ period: z.string(), keys: z.array(z.string()), ...Figure })),
  totals: z.array(PresentedTotalSchema),
  suppressed: z.boolean(),
  labels: z.record(z.string(), z.record(z.string(), z.object({ vi: z.string(), en: z.string() }))),
});
const PeriodSchema = z.object({ kind: z.enum(PERIOD_KINDS), key: z.string(), start: z.string(), end: z.string() });
const DashboardSchema = z.object({
  scope: z.string(),
  name: z.string(),
  suppressed: z.boolean(),
  period: PeriodSchema,
  previous: PeriodSchema,
  headlines: z.array(z.object({ indicatorId: IndicatorIdSchema, current: PresentedTotalSchema, previous: PresentedTotalSchema })),
  series: z.array(PresentedTableSchema),
  bars: z.array(PresentedTableSchema),
});
const ScopesSchema = z.object({ scopes: z.array(z.object({ scope: z.string(), name: z.string(), suppressed: z.boolean() })) });

/** `network` or an organisation id. */
const ScopeParam = z.union([z.literal('network'), z.uuid()]);
const DashboardQuery = z.strictObject({ scope: ScopeParam, periodKind: z.enum(PERIOD_KINDS), period: z.string().max(10) });
const TableQuery = z.strictObject({
  scope: ScopeParam,
  periodKind: z.enum(PERIOD_KINDS),
  from: z.iso.date(),
  to: z.iso.date(),
  /** 0–2 comma-separated disaggregations. */
  by: z.string().max(200).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  lang: z.enum(['vi', 'en']).optional(),
});

const LineListParams = z.object({ orgId: z.uuid(), list: z.enum(LINE_LISTS) });
const LineListQuery = z
  .strictObject({ from: z.iso.date(), to: z.iso.date(), lang: z.enum(['vi', 'en']).optional() })
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`', path: ['to'] });

/** What this person may see of the scope, or a 403 that says what they can do instead. */
function accessTo(auth: AuthContext, scope: string): ReportAccess {
  const access = reportAccess(auth.memberships, scopeOf(scope));
  if (!access) throw new Problem('REPORT_SCOPE_FORBIDDEN');
  return access;
}

/**
 * The role to audit a report download under: the role held in the organisation, else the hub role
 * (evaluator or network) that gave access; for the network view, that hub role, or 'evaluator' for
 * an evaluator of several organisations.
 */
function reportRole(auth: AuthContext, orgId: string | null): string | null {
  const hub = auth.memberships.find((m) => m.orgKind === 'network_hub' && (m.role === 'evaluator' || m.role === 'network'))?.role;
  if (orgId === null) return hub ?? 'evaluator';
  return actingRole(auth, orgId) ?? hub ?? null;
}

/** The network's or the organisations' names, read as the system: an evaluator's or the hub's session sees no other organisation's row. */
async function scopeNames(db: Parameters<typeof asSystem>[0], orgIds: readonly string[]): Promise<{ network: string; orgs: Map<string, string> }> {
  return asSystem(db, async (tx) => {
    const network = (await tx.selectFrom('network').select('name').executeTakeFirst())?.name ?? '';
    const rows = orgIds.length ? await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [...orgIds]).execute() : [];
    return { network, orgs: new Map(rows.map((r) => [r.id, r.name])) };
  });
}

/**
 * The disaggregations of `by`, checked with the core query schema: an unknown name or one the
 * indicator cannot be split by is REPORT_SPLIT_UNSUPPORTED, whatever else is wrong a VALIDATION.
 */
function checkedRequest(indicatorId: IndicatorId, q: z.infer<typeof TableQuery>): { disaggregation: DisaggregationId[] } {
  const by = (q.by ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (by.some((d) => !(DISAGGREGATION_IDS as readonly string[]).includes(d))) throw new Problem('REPORT_SPLIT_UNSUPPORTED', {}, 'by');
  const parsed = IndicatorQuery.safeParse({ indicatorId, periodKind: q.periodKind, from: q.from, to: q.to, disaggregation: by, orgScope: q.scope === 'network' ? 'network' : [q.scope] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.path[0] === 'disaggregation') throw new Problem('REPORT_SPLIT_UNSUPPORTED', {}, 'by');
    const field = issue.path.join('.') || 'query';
    throw new Problem('VALIDATION', { field, detail: issue.message }, field);
  }
  const count = periodsBetween(q.from, q.to, q.periodKind).length;
  if (count > MAX_PERIODS) throw new Problem('REPORT_TOO_MANY_PERIODS', { count, limit: MAX_PERIODS }, 'from');
  return { disaggregation: parsed.data.disaggregation };
}

/**
 * Indicators for the dashboards and their tables (issue #6 §2–3). Access is `indicators.read` in
 * some organisation; which figures, and whether suppressed, is `reportAccess` of the scope asked
 * for. Only aggregates leave these routes; CSV downloads are audited.
 */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;

  app.get(
    '/api/reports/scopes',
    {
      config: { access: 'indicators.read' },
      schema: { tags: ['reports'], summary: 'The scopes this person may pick on the dashboard: the network view first (if any), then each organisation, and whether small cells are suppressed there.', response: { 200: ScopesSchema } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const scopes = reportScopes(auth.memberships);
      const names = await scopeNames(db.kysely, scopes.flatMap((s) => (s.kind === 'organisation' ? [s.orgId] : [])));
      return {
        scopes: scopes.map((s) => ({
          scope: s.kind === 'network' ? 'network' : s.orgId,
          name: s.kind === 'network' ? names.network : (names.orgs.get(s.orgId) ?? ''),
          suppressed: reportAccess(auth.memberships, s)!.suppressed,
        })),
      };
    },
  );

  app.get(
    '/api/reports/dashboard',
    {
      config: { access: 'indicators.read' },
      schema: {
        tags: ['reports'],
        summary: 'The dashboard of one scope and period: headline figures against the previous period, 12-period series and bar tables, suppressed (cells under 5) for the network and evaluators.',
        querystring: DashboardQuery,
        response: { 200: DashboardSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { scope, periodKind, period } = req.query;
      const access = accessTo(auth, scope);
      const key = period.trim();
      const kindOk = periodKind === 'month' ? /^\d{4}-(0[1-9]|1[0-2])$/ : periodKind === 'quarter' ? /^\d{4}-Q[1-4]$/ : /^\d{4}$/;
      if (!kindOk.test(key)) throw new Problem('VALIDATION', { field: 'querystring.period', detail: `not a ${periodKind}` }, 'querystring.period');
      const data = await dashboardData(db.kysely, { orgIds: access.orgIds, suppressed: access.suppressed, periodKind, period: key, concurrency: DASHBOARD_CONCURRENCY[db.kind] });
      const names = await scopeNames(db.kysely, scope === 'network' ? [] : [scope]);
      return { scope, name: scope === 'network' ? names.network : (names.orgs.get(scope) ?? ''), ...data };
    },
  );

  app.get(
    '/api/reports/indicators/:indicatorId',
    {
      config: { access: 'indicators.read' },
      schema: {
        tags: ['reports'],
        summary: 'One indicator over whole periods from `from` to `to`, split by up to two disaggregations (`by`), as JSON or as CSV (UTF-8 with BOM, audited). Suppressed for the network and evaluators.',
        params: z.object({ indicatorId: IndicatorIdSchema }),
        querystring: TableQuery,
        response: { 200: PresentedTableSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { indicatorId } = req.params;
      const q = req.query;
      const access = accessTo(auth, q.scope);
      const { disaggregation } = checkedRequest(indicatorId, q);
      if (!hasSql(indicatorId)) throw new Problem('INDICATOR_NOT_READY', { indicator: indicatorId });
      const [table] = await presentedTables(db.kysely, access, [{ indicatorId, periodKind: q.periodKind, from: q.from, to: q.to, disaggregation }]);
      if (q.format === 'json') return table as PresentedTable;
      const lang = q.lang ?? requestLang(req);
      const orgId = q.scope === 'network' ? null : q.scope;
      // The download is recorded on the organisation's chain, or the network's for the network view.
      await asSystem(db.kysely, (tx) => appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: reportRole(auth, orgId), action: 'indicators.export', entity: 'indicator', entityId: indicatorId }));
      // Fastify sends a Buffer as it is, past the JSON response schema (which documents format=json).
      const bytes = Buffer.from(indicatorCsvBytes(table!, lang)) as unknown as PresentedTable;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${indicatorCsvFilename(indicatorId, q.from, q.to)}"`).send(bytes);
    },
  );

  app.get(
    '/api/organisations/:orgId/exports/:list',
    {
      config: { access: 'export.records' },
      schema: {
        tags: ['reports'],
        summary: 'A line list of the organisation’s own records in a date range (local days, both included), as CSV with BOM: client codes and coded fields only, never nicknames, phones, notes, reasons or answers (columns in src/core/exports/line-lists.ts). Managers only; audited with the list and row count.',
        params: LineListParams,
        querystring: LineListQuery,
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId, list } = req.params;
      const { from, to } = req.query;
      // A line list is built in memory: a year of one organisation's records is the most one file holds.
      if (addDays(from, MAX_LINE_LIST_DAYS - 1) < to) throw new Problem('LINE_LIST_RANGE_TOO_LONG', { maxDays: MAX_LINE_LIST_DAYS });
      const lang = req.query.lang ?? requestLang(req);
      const records = await inOrg(db.kysely, orgId, async (tx) => {
        const rows = await readLineList(tx, crypto, orgId, list, from, to);
        // Who downloaded which list of how many records; never the records themselves.
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'export.linelist', entity: 'line_list', entityId: `${list}:${rows.length}` });
        return rows;
      });
      const { header, rows } = lineListRows(list, records, lang);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${lineListFilename(list, from, to)}"`).send(Buffer.from(csvBytes(header, rows)));
    },
  );
};
