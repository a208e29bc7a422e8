import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { dayIn } from '../../core/dates.ts';
import { Problem } from '../../core/errors/outcome.ts';
import { FeedbackInput, feedbackProblem, type VisitFeedback } from '../../core/visits/feedback.ts';
import { editProblem, statusChangeProblem, type ExchangeVisit, type ProgrammeItem, type VisitInput, type VisitStatus } from '../../core/visits/schema.ts';
import type { FeedbackForSummary, VisitForSummary } from '../../core/visits/summary.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Tx } from '../db/scope.ts';

/** Days as 'YYYY-MM-DD' straight from SQL: a driver's Date would be read in the server's zone. */
const day = (column: 'first_day' | 'last_day') => sql<string>`to_char(${sql.ref(`v.${column}`)}, 'YYYY-MM-DD')`;

function visitsQuery(tx: Tx, orgId: string) {
  return tx
    .selectFrom('exchange_visits as v')
    .where('v.org_id', '=', orgId)
    .select(['v.id', 'v.org_id', 'v.status', 'v.visitor_name', 'v.visitor_kind', 'v.province_id', 'v.country', 'v.people', 'v.programme', 'v.version'])
    .select(day('first_day').as('from'))
    .select(day('last_day').as('to'))
    .select((eb) => eb.selectFrom('exchange_visit_feedback as f').whereRef('f.visit_id', '=', 'v.id').select(sql<number>`count(*)::int`.as('n')).as('feedback_count'));
}

type VisitRow = Awaited<ReturnType<ReturnType<typeof visitsQuery>['executeTakeFirstOrThrow']>>;

function visitOut(r: VisitRow): ExchangeVisit {
  return {
    id: r.id,
    orgId: r.org_id,
    status: r.status,
    visitorName: r.visitor_name,
    visitorKind: r.visitor_kind as ExchangeVisit['visitorKind'],
    ...(r.province_id ? { provinceId: r.province_id } : {}),
    ...(r.country ? { country: r.country } : {}),
    people: r.people,
    from: r.from,
    to: r.to,
    programme: r.programme as ProgrammeItem[],
    version: r.version,
    feedbackCount: r.feedback_count ?? 0,
  };
}

/** Today in the organisation's time zone: when a visit can be marked done, and what is upcoming. */
export async function orgToday(tx: Tx, orgId: string, now = new Date()): Promise<string> {
  const org = await tx.selectFrom('organisations').select('time_zone').where('id', '=', orgId).executeTakeFirst();
  return dayIn(now, org?.time_zone ?? 'Asia/Ho_Chi_Minh');
}

/** Every site a programme names must be one of the host's own. */
async function checkSites(tx: Tx, orgId: string, programme: readonly ProgrammeItem[]): Promise<void> {
  const ids = [...new Set(programme.flatMap((p) => (p.siteId ? [p.siteId] : [])))];
  if (!ids.length) return;
  const found = new Set((await tx.selectFrom('sites').select('id').where('org_id', '=', orgId).where('id', 'in', ids).execute()).map((r) => r.id));
  const index = programme.findIndex((p) => p.siteId && !found.has(p.siteId));
  if (index >= 0) throw new Problem('VISIT_SITE_UNKNOWN', { item: index + 1 }, `programme.${index}.siteId`);
}

const columns = (v: VisitInput) => ({
  visitor_name: v.visitorName,
  visitor_kind: v.visitorKind,
  province_id: v.provinceId ?? null,
  country: v.country ?? null,
  people: v.people,
  first_day: v.from,
  last_day: v.to,
  programme: JSON.stringify(v.programme),
});

export async function listVisits(tx: Tx, orgId: string): Promise<ExchangeVisit[]> {
  const rows = await visitsQuery(tx, orgId).orderBy('v.first_day', 'desc').orderBy('v.id').execute();
  return rows.map(visitOut);
}

export async function findVisit(tx: Tx, orgId: string, id: string, lock = false): Promise<ExchangeVisit | undefined> {
  let q = visitsQuery(tx, orgId).where('v.id', '=', id);
  if (lock) q = q.forUpdate('v');
  const row = await q.executeTakeFirst();
  return row && visitOut(row);
}

export async function insertVisit(tx: Tx, orgId: string, userId: string, input: VisitInput): Promise<ExchangeVisit> {
  await checkSites(tx, orgId, input.programme);
  const id = uuidv7();
  await tx
    .insertInto('exchange_visits')
    .values({ id, org_id: orgId, status: 'planned', ...columns(input), created_by: userId, updated_by: userId })
    .execute();
  return (await findVisit(tx, orgId, id))!;
}

/** Replaces the visit's details; refused when someone saved it since `version`. Undefined when there is no such visit. */
export async function updateVisit(tx: Tx, orgId: string, userId: string, id: string, version: number, input: VisitInput): Promise<ExchangeVisit | undefined> {
  const current = await findVisit(tx, orgId, id, true);
  if (!current) return undefined;
  if (current.version !== version) throw new Problem('VISIT_EDITED_ELSEWHERE');
  const problem = editProblem(current.status, input, await orgToday(tx, orgId));
  if (problem) throw new Problem(problem, {}, 'from');
  await checkSites(tx, orgId, input.programme);
  await tx
    .updateTable('exchange_visits')
    .set({ ...columns(input), updated_by: userId, updated_at: new Date(), version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .execute();
  return findVisit(tx, orgId, id);
}

export async function changeVisitStatus(tx: Tx, orgId: string, userId: string, id: string, next: VisitStatus): Promise<ExchangeVisit | undefined> {
  const current = await findVisit(tx, orgId, id, true);
  if (!current) return undefined;
  const problem = statusChangeProblem(current, next, await orgToday(tx, orgId));
  if (problem) throw new Problem(problem, {}, 'status');
  await tx
    .updateTable('exchange_visits')
    .set({ status: next, updated_by: userId, updated_at: new Date(), version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .execute();
  return findVisit(tx, orgId, id);
}

interface SealedText {
  takeHome?: string;
  suggestions?: string;
}

/** The visit's feedback forms, free text opened. */
export async function listFeedback(tx: Tx, crypto: Crypto, orgId: string, visitId: string): Promise<VisitFeedback[]> {
  const rows = await tx.selectFrom('exchange_visit_feedback').selectAll().where('org_id', '=', orgId).where('visit_id', '=', visitId).orderBy('at').orderBy('id').execute();
  return rows.map((r) => {
    const text: SealedText = r.text_enc ? (JSON.parse(crypto.decrypt(r.text_enc)) as SealedText) : {};
    return { id: r.id, at: new Date(r.at).toISOString(), respondent: r.respondent, ratings: r.ratings as VisitFeedback['ratings'], ...text };
  });
}

/** Records one form for a visit that took place (core's `feedbackProblem` decides); undefined when there is no such visit. */
export async function insertFeedback(tx: Tx, crypto: Crypto, orgId: string, userId: string, visitId: string, input: FeedbackInput): Promise<VisitFeedback | undefined> {
  // The visit's row lock makes two forms sent at once count each other.
  const visit = await findVisit(tx, orgId, visitId, true);
  if (!visit) return undefined;
  const existing = await tx.selectFrom('exchange_visit_feedback').select('respondent').where('visit_id', '=', visitId).execute();
  const problem = feedbackProblem(visit, existing, input.respondent);
  if (problem) throw new Problem(problem, { people: visit.people }, 'respondent');
  const text: SealedText = {};
  if (input.takeHome) text.takeHome = input.takeHome;
  if (input.suggestions) text.suggestions = input.suggestions;
  const id = uuidv7();
  const row = await tx
    .insertInto('exchange_visit_feedback')
    .values({ id, org_id: orgId, visit_id: visitId, respondent: input.respondent, ratings: JSON.stringify(input.ratings), text_enc: Object.keys(text).length ? crypto.encrypt(JSON.stringify(text)) : null, by_user: userId })
    .returning('at')
    .executeTakeFirstOrThrow();
  return { id, at: new Date(row.at).toISOString(), respondent: input.respondent, ratings: input.ratings, ...text };
}

/**
 * What the dashboard summarises: visits starting from `from` to before `end` (days) of the
 * organisations given, or all; and the ratings of their feedback. No name of a visiting
 * organisation leaves as such (the summary counts them), and no free text is read.
 */
export async function visitsForSummary(tx: Tx, orgIds: readonly string[] | 'all', from: string, end: string): Promise<{ visits: VisitForSummary[]; feedback: FeedbackForSummary[] }> {
  if (orgIds !== 'all' && orgIds.length === 0) return { visits: [], feedback: [] };
  let q = tx
    .selectFrom('exchange_visits as v')
    .select(['v.id', 'v.status', 'v.people', 'v.visitor_name', 'v.visitor_kind', 'v.province_id', 'v.country'])
    .select(day('first_day').as('from'))
    .where('v.status', '=', 'done')
    .where('v.first_day', '>=', from)
    .where('v.first_day', '<', end);
  if (orgIds !== 'all') q = q.where('v.org_id', 'in', [...orgIds]);
  const rows = await q.execute();
  const visits: VisitForSummary[] = rows.map((r) => ({ id: r.id, status: r.status, from: r.from, people: r.people, visitorName: r.visitor_name, visitorKind: r.visitor_kind as VisitForSummary['visitorKind'], provinceId: r.province_id, country: r.country }));
  const ids = visits.map((v) => v.id);
  const feedback = ids.length ? await tx.selectFrom('exchange_visit_feedback').select(['visit_id', 'ratings']).where('visit_id', 'in', ids).execute() : [];
  return { visits, feedback: feedback.map((f) => ({ visitId: f.visit_id, ratings: f.ratings as FeedbackForSummary['ratings'] })) };
}
