import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Problem } from '../../core/errors/outcome.ts';
import { AttemptScore, CertificateDocument, PublicTest, TrainingStatus, Verification } from '../../core/training/course-api.ts';
import {
  normaliseRegistrationCode,
  participantQuestions,
  publicCertificateView,
  scoreTest,
  TestPhase,
  testTakingProblem,
  TestQuestion,
  TestSubmission,
  verifyCertificateCode,
  type TestPhase as Phase,
} from '../../core/training/index.ts';
import { appendAudit } from '../audit/log.ts';
import { asSystem, inOrg, type Tx } from '../db/scope.ts';
import { certificateDocument } from './certificates.ts';
import { PublicLimits } from '../events/limits.ts';
import { registrationCodeHash } from '../events/store.ts';
import { dateOnly, eventTest, insertAttempt, orgToday, percentOf, type EventRow } from './store.ts';

const CodeParams = z.object({ code: z.string() });
const TestParams = z.object({ code: z.string(), phase: TestPhase });

interface Registration {
  id: string;
  orgId: string;
  event: EventRow;
}

const PUBLIC = { actorUserId: null, actorRole: 'public' } as const;

/**
 * The participant's doors (issue #7 §2), no login: the registration code on their confirmation is
 * the key, a bearer secret. Unknown and malformed codes get the same 404; misses are limited per
 * address (the events' limits); the code never reaches a log (logs carry the route pattern only, app.ts)
 * nor an error message. And the public verification of a certificate by its code, which answers
 * only the name on it, the course and the date, or that it was revoked.
 */
export const coursePublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;
  const tags = ['training'];
  // The events' public limits (events/limits.ts, kept in the database): a code not found, be it a
  // registration code here or on the confirmation page, or a certificate code, counts as a miss.
  const limits = new PublicLimits(db.kysely, crypto);
  // Each lookup is counted as a miss inside the check (so lookups sent at once cannot all pass it),
  // and taken back once its code is found.
  const guard = async (req: FastifyRequest): Promise<string | null> => {
    try {
      return await limits.check('lookupMiss', req.ip, { record: true });
    } catch (err) {
      if (err instanceof Problem && err.code === 'PUBLIC_TOO_MANY_REQUESTS') throw new Problem('COURSES_TOO_MANY_TRIES', err.params);
      throw err;
    }
  };

  /** The registration behind a code, then `work` inside its organisation; a miss counts against the connection. */
  async function withRegistration<T>(req: FastifyRequest, rawCode: string, work: (tx: Tx, r: Registration) => Promise<T>): Promise<T> {
    const attempt = await guard(req);
    const code = rawCode.length <= 20 ? normaliseRegistrationCode(rawCode) : null;
    // Only the code's hash is stored (0013); the code presented is hashed and looked up by it.
    const hash = code ? registrationCodeHash(crypto, code) : null;
    // The visitor has no organisation; a code is unique across the network, so the system reads
    // which organisation holds it (one column of one row), and all else runs in that organisation.
    const found = hash ? await asSystem(db.kysely, (tx) => tx.selectFrom('event_registrations').select(['org_id']).where('code_hash', '=', hash).executeTakeFirst()) : undefined;
    // A code found is a hit, even when `work` then refuses (no test yet, a phase closed...).
    let hit = false;
    const lookup = () =>
      found
      ? inOrg(db.kysely, found.org_id, async (tx) => {
          const r = await tx
            .selectFrom('event_registrations')
            .innerJoin('events', 'events.id', 'event_registrations.event_id')
            .select(['event_registrations.id', 'event_registrations.org_id'])
            .select(['events.id as event_id', 'events.title', 'events.status', 'events.course_id', 'events.details', 'events.first_day', 'events.last_day'])
            .where('event_registrations.code_hash', '=', hash!)
            .where('event_registrations.org_id', '=', found.org_id)
            .where('event_registrations.cancelled_at', 'is', null)
            .executeTakeFirst();
          if (!r) return { missing: true as const };
          hit = true;
          const event: EventRow = { id: r.event_id, org_id: r.org_id, title: r.title, status: r.status, course_id: r.course_id, details: r.details, first_day: r.first_day, last_day: r.last_day };
          return { missing: false as const, value: await work(tx, { id: r.id, orgId: r.org_id, event }) };
        })
      : Promise.resolve({ missing: true as const });
    let result;
    try {
      result = await lookup();
    } finally {
      if (hit) await limits.release(attempt);
    }
    if (result.missing) throw new Problem('TEST_CODE_NOT_FOUND');
    return result.value;
  }

  async function attemptsOf(tx: Tx, registrationId: string) {
    const rows = await tx.selectFrom('test_attempts').select(['phase', 'score', 'max_score']).where('registration_id', '=', registrationId).execute();
    const of = (p: Phase) => {
      const a = rows.find((x) => x.phase === p);
      return a ? { score: a.score, maxScore: a.max_score, percent: percentOf(a.score, a.max_score) } : null;
    };
    return { pre: of('pre'), post: of('post'), taken: rows.map((r) => r.phase) };
  }

  app.get(
    '/api/public/registrations/:code/training',
    { config: { access: 'public' }, schema: { tags, summary: 'For the confirmation page: whether the event has a test, the scores so far, whether a certificate was issued.', params: CodeParams, response: { 200: TrainingStatus } } },
    async (req) =>
      withRegistration(req, req.params.code, async (tx, r) => {
        const test = await eventTest(tx, r.event);
        const attempts = await attemptsOf(tx, r.id);
        const certificate = await tx.selectFrom('certificates').select('id').where('registration_id', '=', r.id).where('revoked_at', 'is', null).executeTakeFirst();
        return { eventTitle: r.event.title, test: test ? { pre: attempts.pre, post: attempts.post } : null, certificate: certificate !== undefined };
      }),
  );

  app.get(
    '/api/public/registrations/:code/test/:phase',
    { config: { access: 'public' }, schema: { tags, summary: 'The pre- or post-test’s questions, without the answer key; the score if already sat.', params: TestParams, response: { 200: PublicTest } } },
    async (req) =>
      withRegistration(req, req.params.code, async (tx, r) => {
        if (r.event.status === 'cancelled') throw new Problem('TEST_EVENT_CANCELLED');
        const test = await eventTest(tx, r.event);
        if (!test) throw new Problem('COURSE_HAS_NO_TEST');
        const attempts = await attemptsOf(tx, r.id);
        const firstDay = dateOnly(r.event.first_day);
        const closed = testTakingProblem(req.params.phase, { today: await orgToday(tx, r.orgId), firstDay, taken: attempts.taken });
        return {
          eventTitle: r.event.title,
          testTitle: test.title,
          phase: req.params.phase,
          questions: participantQuestions({ questions: TestQuestion.array().parse(test.questions) }),
          taken: attempts[req.params.phase],
          closed,
          firstDay,
        };
      }),
  );

  app.post(
    '/api/public/registrations/:code/test/:phase',
    { config: { access: 'public' }, schema: { tags, summary: 'Hand in the answers, once per phase; the server scores them.', params: TestParams, body: TestSubmission, response: { 201: AttemptScore } } },
    async (req, reply) => {
      const score = await withRegistration(req, req.params.code, async (tx, r) => {
        // One hand-in at a time per registration: two taps on "submit" make one attempt.
        await tx.selectFrom('event_registrations').select('id').where('id', '=', r.id).forUpdate().execute();
        // The event's course and status, read again under a share lock: a course change or a
        // cancellation (both take the event row) waits for this attempt, or this sees it.
        const now = await tx.selectFrom('events').select(['course_id', 'status']).where('id', '=', r.event.id).forShare().executeTakeFirstOrThrow();
        if (now.status === 'cancelled') throw new Problem('TEST_EVENT_CANCELLED');
        const test = await eventTest(tx, { ...r.event, course_id: now.course_id });
        if (!test) throw new Problem('COURSE_HAS_NO_TEST');
        const attempts = await attemptsOf(tx, r.id);
        const firstDay = dateOnly(r.event.first_day);
        const problem = testTakingProblem(req.params.phase, { today: await orgToday(tx, r.orgId), firstDay, taken: attempts.taken });
        if (problem) throw new Problem(problem, { day: firstDay });
        const questions = TestQuestion.array().parse(test.questions);
        const s = scoreTest({ questions }, req.body.answers);
        await insertAttempt(tx, { orgId: r.orgId, eventId: r.event.id, registrationId: r.id, testId: test.id, testVersion: test.version, phase: req.params.phase, answers: req.body.answers, score: s });
        await appendAudit(tx, { orgId: r.orgId, ...PUBLIC, action: `test_attempt.${req.params.phase}`, entity: 'event_registration', entityId: r.id });
        return { score: s.correct, maxScore: s.total, percent: s.percent };
      });
      return reply.code(201).send(score);
    },
  );

  app.get(
    '/api/public/registrations/:code/certificate',
    { config: { access: 'public' }, schema: { tags, summary: 'The holder’s certificate, for its PDF (the registration code is the key).', params: CodeParams, response: { 200: CertificateDocument } } },
    async (req) =>
      withRegistration(req, req.params.code, async (tx, r) => {
        const doc = await certificateDocument(tx, crypto, r.orgId, { registrationId: r.id });
        if (!doc) throw new Problem('CERTIFICATE_NOT_ISSUED');
        await appendAudit(tx, { orgId: r.orgId, ...PUBLIC, action: 'certificate.read_by_holder', entity: 'certificate', entityId: doc.id });
        return doc;
      }),
  );

  app.get(
    '/api/public/certificates/:code',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Verify a certificate by its code: the name on it, the course and the date; or revoked; or not found; or a typing slip (the check character).', params: CodeParams, response: { 200: Verification } },
    },
    async (req) => {
      const attempt = await guard(req);
      const check = req.params.code.length <= 40 ? verifyCertificateCode(req.params.code) : { ok: false as const, reason: 'NOT_A_CODE' as const };
      if (!check.ok) throw new Problem(check.reason === 'TYPO' ? 'CERTIFICATE_CODE_TYPO' : 'CERTIFICATE_NOT_A_CODE');
      // A stranger verifies: no organisation. The code is unique across the network; the system
      // reads the one certificate that carries it, and only the fields the public view picks.
      const row = await asSystem(db.kysely, async (tx) => {
        const c = await tx.selectFrom('certificates').select(['id', 'org_id', 'title', 'name_enc', 'issued_on', 'revoked_at']).where('code', '=', check.code).executeTakeFirst();
        if (c) await appendAudit(tx, { orgId: c.org_id, ...PUBLIC, action: 'certificate.verify', entity: 'certificate', entityId: c.id });
        return c;
      });
      if (!row) throw new Problem('CERTIFICATE_NOT_FOUND');
      await limits.release(attempt);
      if (row.revoked_at) return { status: 'revoked' as const };
      const view = publicCertificateView({ nameOnCertificate: crypto.decrypt(row.name_enc), course: { title: row.title }, issuedOn: dateOnly(row.issued_on) });
      return { status: 'valid' as const, ...view };
    },
  );
};
