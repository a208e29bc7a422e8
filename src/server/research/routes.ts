import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ROLE_PERMISSIONS, type Membership, type Permission } from '../../core/auth/roles.ts';
import { addDays, dayIn } from '../../core/dates.ts';
import { Problem } from '../../core/errors/outcome.ts';
import { csvBytes } from '../../core/exports/csv.ts';
import { deidentify, type ResearchExtract } from '../../core/exports/deidentify.ts';
import { reportAccess, scopeOf, type ReportAccess } from '../../core/indicators/access.ts';
import { computeOutcomes, DEFAULT_MIN_MOTIVATIONAL, EXPOSURES, OUTCOME_INSTRUMENTS, presentOutcomes } from '../../core/indicators/outcomes.ts';
import { appendAudit } from '../audit/log.ts';
import type { Database } from '../db/schema.ts';
import { requireAuth, type AuthContext } from '../http/access.ts';
import { withScope } from '../reports/dashboard.ts';
import { outcomeSources, researchSources, type DayRange } from './store.ts';

/** Ranges up to three years: enough for a programme evaluation, and a bound on what one request reads. */
export const MAX_RANGE_YEARS = 3;
/** The export's k (issue #6: k ≥ 5). */
export const RESEARCH_K = 5;
const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

const ScopeParam = z.union([z.literal('network'), z.uuid()]);

const ExtractQuery = z.strictObject({
  scope: ScopeParam,
  from: z.iso.date(),
  to: z.iso.date(),
  format: z.enum(['json', 'csv']).default('json'),
});
const ResearchRowOut = z.object({
  studyId: z.string(),
  ageBand: z.string(),
  sexAtBirth: z.string(),
  genderIdentity: z.string(),
  keyPopulations: z.string(),
  place: z.string(),
  facts: z.array(z.object({ kind: z.string(), month: z.string() })),
});
const ReportOut = z.object({
  consented: z.number(),
  excludedNoConsent: z.number(),
  generalised: z.object({ place: z.number(), keyPopulations: z.number(), genderIdentity: z.number() }),
  suppressed: z.number(),
  k: z.number(),
  classes: z.number(),
});
const ExtractOut = z.object({ from: z.string(), to: z.string(), exportDay: z.string(), rows: z.array(ResearchRowOut), report: ReportOut });

const OutcomesQuery = z.strictObject({
  scope: ScopeParam,
  instrument: z.enum(OUTCOME_INSTRUMENTS),
  from: z.iso.date(),
  to: z.iso.date(),
  minMotivational: z.coerce.number().int().min(1).max(50).default(DEFAULT_MIN_MOTIVATIONAL),
});
const FiguresOut = z.object({
  n: z.number().nullable(),
  hidden: z.enum(['small', 'complementary']).nullable(),
  baselineMean: z.number().nullable(),
  latestMean: z.number().nullable(),
  meanChange: z.number().nullable(),
  improvedShare: z.number().nullable(),
  worsenedShare: z.number().nullable(),
});
const OutcomesOut = z.object({
  instrumentId: z.string(),
  minMotivational: z.number(),
  suppressed: z.boolean(),
  from: z.string(),
  to: z.string(),
  all: FiguresOut,
  exposures: z.array(z.object({ exposure: z.enum(EXPOSURES), available: z.boolean(), exposed: FiguresOut, notExposed: FiguresOut })),
});

/** The long CSV's columns: one row per fact. Codes, not words: the file is for analysis software. */
export const EXTRACT_CSV_HEADER = ['study_id', 'age_band', 'sex_at_birth', 'gender_identity', 'key_populations', 'place', 'month', 'fact'] as const;

export function extractCsv(extract: ResearchExtract): Uint8Array {
  const rows = extract.rows.flatMap((r) => r.facts.map((f) => [r.studyId, r.ageBand, r.sexAtBirth, r.genderIdentity, r.keyPopulations, r.place, f.month, f.kind]));
  return csvBytes(EXTRACT_CSV_HEADER, rows);
}

/**
 * What the person may see of the scope through the roles that hold `permission`: the research
 * extract is for evaluators only, so someone who manages one organisation and evaluates another
 * gets no extract of the one they manage; outcomes are for managers and evaluators, never the
 * network role.
 */
function accessFor(auth: AuthContext, permission: Permission, scope: string): ReportAccess {
  const roles: readonly Membership[] = auth.memberships.filter((m) => ROLE_PERMISSIONS[m.role].includes(permission));
  const access = reportAccess(roles, scopeOf(scope));
  if (!access) throw new Problem('RESEARCH_SCOPE_FORBIDDEN', {}, 'scope');
  return access;
}

function checkRange(from: string, to: string): DayRange {
  if (from > to || addDays(from, 366 * MAX_RANGE_YEARS) < to) throw new Problem('RESEARCH_RANGE_INVALID', { maxYears: MAX_RANGE_YEARS }, 'from');
  return { from, to };
}

/** The de-identified research extract and the outcomes for evaluators (issue #6 §3–4). */
export const researchRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/api/reports/research-extract',
    {
      config: { access: 'export.research' },
      schema: {
        tags: ['reports'],
        summary:
          'The de-identified research extract (evaluators only): clients of the scope with a fact in the range whose latest research decision is "given"; no UIC, nickname, phone or free text; a fresh study id per export; months, age bands; k-anonymity (k = 5) by generalising then suppressing, with a report. format=csv: one row per fact, UTF-8 with BOM (the report is in the JSON). Audited.',
        querystring: ExtractQuery,
        response: { 200: ExtractOut },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { scope, format } = req.query;
      const access = accessFor(auth, 'export.research', scope);
      const range = checkRange(req.query.from, req.query.to);
      const exportDay = dayIn(new Date(), DEFAULT_ZONE);
      const extract = await withScope(db.kysely, access.orgIds, async (tx) => {
        const { clients, excludedNoConsent } = await researchSources(tx, access.orgIds, range);
        const result = deidentify(clients, { exportDay, k: RESEARCH_K, randomBytes: (n) => new Uint8Array(randomBytes(n)) });
        const report = { ...result.report, excludedNoConsent };
        // The counts of what left, never an id: enough to see later who took how much and what was withheld.
        const counts = `format=${format};from=${range.from};to=${range.to};rows=${result.rows.length};excluded=${excludedNoConsent};suppressed=${report.suppressed};generalised=${report.generalised.place}/${report.generalised.keyPopulations}/${report.generalised.genderIdentity};k=${report.k}`;
        // As an evaluator whatever else the person is: only that role opened the extract (accessFor).
        const audited = access.orgIds === 'all' ? [null] : access.orgIds;
        for (const orgId of audited) {
          await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: 'evaluator', action: 'research.extract', entity: 'research_extract', entityId: counts });
        }
        return { rows: result.rows, report };
      });
      if (format === 'csv') {
        const scopeName = scope === 'network' ? 'network' : 'organisation';
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="fieldlab-research-${scopeName}-${range.from}-${range.to}.csv"`)
          .header('cache-control', 'no-store')
          .send(Buffer.from(extractCsv({ rows: extract.rows, report: extract.report })) as never); // bytes go out as they are, past the JSON serializer
      }
      reply.header('cache-control', 'no-store');
      return { from: range.from, to: range.to, exportDay, ...extract };
    },
  );

  app.get(
    '/api/reports/outcomes',
    {
      config: { access: 'outcomes.read' },
      schema: {
        tags: ['reports'],
        summary:
          'Baseline against latest screening of one scale instrument, for clients screened at least twice in the range: n, mean baseline and latest totals, mean change, share improved and worsened by at least one band; overall and split by exposure (≥ N motivational conversations, referred, attended a group session). Descriptive, not causal. Aggregates only; groups of 1–4 hidden for evaluators.',
        querystring: OutcomesQuery,
        response: { 200: OutcomesOut },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { scope, instrument, minMotivational } = req.query;
      const access = accessFor(auth, 'outcomes.read', scope);
      const range = checkRange(req.query.from, req.query.to);
      const clients = await withScope(db.kysely, access.orgIds, (tx) => outcomeSources(tx, access.orgIds, instrument, range));
      const presented = presentOutcomes(computeOutcomes(instrument, clients, { minMotivational, groupAvailable: true }), { suppressed: access.suppressed });
      return { ...presented, from: range.from, to: range.to };
    },
  );
};
