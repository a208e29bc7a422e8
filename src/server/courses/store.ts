import { sql, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { dayIn } from '../../core/dates.ts';
import { Problem } from '../../core/errors/outcome.ts';
import type { CourseOut, CourseTestOut } from '../../core/training/course-api.ts';
import { TestQuestion, type CourseInput, type CourseModule, type TestInput, type TestPhase, type TestScore } from '../../core/training/index.ts';
import type { CoursesTable, CourseTestsTable, EventsTable } from '../db/schema.ts';
import type { Tx } from '../db/scope.ts';
import { checkEventCourse } from '../events/store.ts';

/** A course as the store reads it: orgName is null for another organisation's course until the caller names it (row security hides other organisations). */
export type StoredCourse = Omit<CourseOut, 'orgName'> & { orgName: string | null };

const questionsOf = (value: unknown): TestQuestion[] => TestQuestion.array().parse(value);

export function testOut(row: Selectable<CourseTestsTable>, inUse: boolean): CourseTestOut {
  return { id: row.id, title: row.title, questions: questionsOf(row.questions), passPercent: row.pass_percent, version: row.version, inUse };
}

async function testInUse(tx: Tx, testId: string): Promise<boolean> {
  // Attempts live in each event's organisation, out of the course owner's sight: the migration's
  // definer function answers yes or no, never whose attempt.
  const row = await sql<{ used: boolean }>`select fieldlab_course_test_in_use(${testId}::uuid) as used`.execute(tx);
  return row.rows[0]?.used ?? false;
}

/** Every course of the network (row security lets each organisation read them all), by title. */
export async function listCourses(tx: Tx): Promise<StoredCourse[]> {
  const rows = await tx
    .selectFrom('courses')
    .leftJoin('organisations', 'organisations.id', 'courses.org_id')
    .leftJoin('course_tests', 'course_tests.course_id', 'courses.id')
    .select(['courses.id', 'courses.org_id', 'organisations.name as org_name', 'courses.title', 'courses.details', 'courses.modules', 'courses.version', 'courses.updated_at'])
    .select(['course_tests.id as test_id', 'course_tests.title as test_title', 'course_tests.pass_percent', 'course_tests.version as test_version', 'course_tests.questions'])
    .orderBy('courses.title')
    .orderBy('courses.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    title: r.title,
    description: r.details.description ?? null,
    modules: r.modules as CourseModule[],
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
    // The list carries no questions: a count is enough to choose a course.
    test: r.test_id ? { id: r.test_id, title: r.test_title!, questions: [], passPercent: r.pass_percent!, version: r.test_version!, inUse: false } : null,
  }));
}

export async function findCourse(tx: Tx, id: string): Promise<StoredCourse | undefined> {
  const row = await tx
    .selectFrom('courses')
    .leftJoin('organisations', 'organisations.id', 'courses.org_id')
    .selectAll('courses')
    .select('organisations.name as org_name')
    .where('courses.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const test = await tx.selectFrom('course_tests').selectAll().where('course_id', '=', id).executeTakeFirst();
  return courseOut(row, row.org_name, test ? testOut(test, await testInUse(tx, test.id)) : null);
}

function courseOut(row: Selectable<CoursesTable>, orgName: string | null, test: CourseTestOut | null): StoredCourse {
  return {
    id: row.id,
    orgId: row.org_id,
    orgName,
    title: row.title,
    description: row.details.description ?? null,
    modules: row.modules as CourseModule[],
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
    test,
  };
}

export async function insertCourse(tx: Tx, orgId: string, userId: string, input: CourseInput): Promise<string> {
  const id = uuidv7();
  await tx
    .insertInto('courses')
    .values({ id, org_id: orgId, title: input.title, modules: [...input.modules], details: JSON.stringify({ description: input.description }), created_by: userId, updated_by: userId })
    .execute();
  return id;
}

/** Changes the organisation's own course; refuses another organisation's (readable, not writable). */
export async function updateCourse(tx: Tx, orgId: string, userId: string, id: string, input: CourseInput): Promise<void> {
  // No FOR UPDATE here: under row security it would hide another organisation's course (the update policy), which must answer "not yours".
  const owner = await tx.selectFrom('courses').select('org_id').where('id', '=', id).executeTakeFirst();
  if (!owner) throw new Problem('COURSE_NOT_FOUND');
  if (owner.org_id !== orgId) throw new Problem('COURSE_NOT_YOURS');
  await tx
    .updateTable('courses')
    .set({ title: input.title, modules: [...input.modules], details: JSON.stringify({ description: input.description }), updated_by: userId, updated_at: new Date(), version: sql`version + 1` } as never)
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .execute();
}

/** Writes the course's one test; refused once anyone has sat it (the scores would stop comparing). */
export async function setCourseTest(tx: Tx, orgId: string, userId: string, courseId: string, input: TestInput): Promise<string> {
  const owner = await tx.selectFrom('courses').select('org_id').where('id', '=', courseId).executeTakeFirst();
  if (!owner) throw new Problem('COURSE_NOT_FOUND');
  if (owner.org_id !== orgId) throw new Problem('COURSE_NOT_YOURS');
  // Locks the course, so two trainers saving its test at once write one after the other.
  await tx.selectFrom('courses').select('id').where('id', '=', courseId).forUpdate().execute();
  const existing = await tx.selectFrom('course_tests').select('id').where('course_id', '=', courseId).executeTakeFirst();
  const values = { title: input.title, questions: JSON.stringify(input.questions), pass_percent: input.passPercent, updated_by: userId, updated_at: new Date() };
  if (!existing) {
    const id = uuidv7();
    await tx.insertInto('course_tests').values({ id, org_id: orgId, course_id: courseId, ...values }).execute();
    return id;
  }
  if (await testInUse(tx, existing.id)) throw new Problem('COURSE_TEST_IN_USE');
  await tx.updateTable('course_tests').set({ ...values, version: sql`version + 1` } as never).where('id', '=', existing.id).execute();
  return existing.id;
}

export type EventRow = Pick<Selectable<EventsTable>, 'id' | 'org_id' | 'title' | 'status' | 'course_id' | 'details' | 'first_day' | 'last_day'>;

export const dateOnly = (d: string | Date): string => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** The organisation's own event (not another's published one). */
export async function findOwnEvent(tx: Tx, orgId: string, eventId: string): Promise<EventRow | undefined> {
  return tx
    .selectFrom('events')
    .select(['id', 'org_id', 'title', 'status', 'course_id', 'details', 'first_day', 'last_day'])
    .where('id', '=', eventId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

export function eventDays(e: EventRow): string[] {
  const days = (e.details as { days?: unknown }).days;
  return Array.isArray(days) ? days.filter((d): d is string => typeof d === 'string') : [dateOnly(e.first_day)];
}

export function eventOrganisers(e: EventRow): string[] {
  const organisers = (e.details as { organisers?: { name?: unknown }[] }).organisers;
  return Array.isArray(organisers) ? organisers.map((o) => o.name).filter((n): n is string => typeof n === 'string') : [];
}

/** Links the organisation's event to a course of the network (or unlinks it), in the column and in the event's details. */
export async function linkEventCourse(tx: Tx, orgId: string, userId: string, eventId: string, courseId: string | null): Promise<void> {
  const event = await tx.selectFrom('events').select('course_id').where('id', '=', eventId).where('org_id', '=', orgId).forUpdate().executeTakeFirst();
  if (!event) throw new Problem('NOT_FOUND');
  await checkEventCourse(tx, eventId, event.course_id, courseId, 'courseId');
  const details = courseId === null ? sql`details - 'courseId'` : sql`jsonb_set(details, '{courseId}', to_jsonb(${courseId}::text))`;
  const done = await tx
    .updateTable('events')
    .set({ course_id: courseId, details, updated_by: userId, updated_at: new Date(), version: sql`version + 1` } as never)
    .where('id', '=', eventId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) throw new Problem('NOT_FOUND');
}

export async function orgToday(tx: Tx, orgId: string): Promise<string> {
  const org = await tx.selectFrom('organisations').select('time_zone').where('id', '=', orgId).executeTakeFirst();
  return dayIn(new Date(), org?.time_zone ?? 'Asia/Ho_Chi_Minh');
}

/** The course test an event's participants sit, with its key; null when the event teaches no course or the course has no test. */
export async function eventTest(tx: Tx, event: EventRow): Promise<Selectable<CourseTestsTable> | null> {
  if (!event.course_id) return null;
  return (await tx.selectFrom('course_tests').selectAll().where('course_id', '=', event.course_id).executeTakeFirst()) ?? null;
}

export async function insertAttempt(
  tx: Tx,
  a: { orgId: string; eventId: string; registrationId: string; testId: string; testVersion: number; phase: TestPhase; answers: unknown; score: TestScore },
): Promise<void> {
  await tx
    .insertInto('test_attempts')
    .values({
      id: uuidv7(),
      org_id: a.orgId,
      event_id: a.eventId,
      registration_id: a.registrationId,
      test_id: a.testId,
      test_version: a.testVersion,
      phase: a.phase,
      answers: JSON.stringify(a.answers),
      score: a.score.correct,
      max_score: a.score.total,
    })
    .execute();
}

export const percentOf = (score: number, max: number): number => (max > 0 ? Math.round((100 * score) / max) : 0);

/**
 * Names the organisations that wrote the courses. Row security shows a transaction its own
 * organisation only; the network's list of organisation names is not confidential (the
 * organisations page lists them), so the system reads the names, and nothing else.
 */
export async function nameOrganisations<T extends { orgId: string; orgName: string | null }>(system: (work: (tx: Tx) => Promise<Map<string, string>>) => Promise<Map<string, string>>, courses: T[]): Promise<(T & { orgName: string })[]> {
  const missing = [...new Set(courses.filter((c) => c.orgName === null).map((c) => c.orgId))];
  const names = missing.length ? await system(async (tx) => new Map((await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', missing).execute()).map((o) => [o.id, o.name]))) : new Map<string, string>();
  return courses.map((c) => ({ ...c, orgName: c.orgName ?? names.get(c.orgId) ?? '' }));
}
