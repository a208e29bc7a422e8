import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../core/errors/outcome.ts';
import { CertificateDocument, CourseOut, EventResults } from '../../core/training/course-api.ts';
import { CourseInput, IssueCertificates, RevokeCertificate, TestInput } from '../../core/training/index.ts';
import { auditAct } from '../audit/log.ts';
import { asSystem, inOrg, type Tx } from '../db/scope.ts';
import { requireAuth, type AuthContext } from '../http/access.ts';
import { certificateDocument, eventResults, issueByHand, issueEligible, revokeCertificate } from './certificates.ts';
import { findCourse, findOwnEvent, insertCourse, linkEventCourse, listCourses, nameOrganisations, setCourseTest, updateCourse, type EventRow, type StoredCourse } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const CourseParams = z.object({ orgId: z.uuid(), courseId: z.uuid() });
const EventParams = z.object({ orgId: z.uuid(), eventId: z.uuid() });
const CertificateParams = z.object({ orgId: z.uuid(), certificateId: z.uuid() });

/**
 * Courses, their test, and each training's results and certificates (issue #7 §2), for trainers
 * (`training.manage`) of the organisation in the path. Courses of the whole network are readable
 * (migration 0009); only the owner changes one. Reading results unseals names: audited.
 */
export const courseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;
  const tags = ['training'];
  const named = async (courses: StoredCourse[]) => nameOrganisations((work) => asSystem(db.kysely, work), courses);
  const one = async (course: StoredCourse | undefined) => {
    if (!course) throw new Problem('COURSE_NOT_FOUND');
    return (await named([course]))[0]!;
  };
  const ownEvent = async (tx: Tx, orgId: string, eventId: string) => {
    const event = await findOwnEvent(tx, orgId, eventId);
    if (!event) throw new Problem('NOT_FOUND');
    return event;
  };
  /** A training's results unseal the names people gave: every read is audited. */
  const readResults = async (tx: Tx, auth: AuthContext, event: EventRow) => {
    const results = await eventResults(tx, crypto, event);
    await auditAct(tx, auth, event.org_id, 'event_results.read', 'event', event.id);
    return results;
  };

  app.get(
    '/api/organisations/:orgId/courses',
    { config: { access: 'training.manage' }, schema: { tags, summary: 'Every course of the network (titles, modules, whether it has a test), by title; the organisation’s own and others’.', params: OrgParams, response: { 200: z.array(CourseOut) } } },
    async (req) => named(await inOrg(db.kysely, req.params.orgId, (tx) => listCourses(tx))),
  );

  app.post(
    '/api/organisations/:orgId/courses',
    { config: { access: 'training.manage' }, schema: { tags, summary: 'Add a course: title, modules, description.', params: OrgParams, body: CourseInput, response: { 201: CourseOut } } },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      const course = await inOrg(db.kysely, orgId, async (tx) => {
        const id = await insertCourse(tx, orgId, auth.userId, req.body);
        await auditAct(tx, auth, orgId, 'course.create', 'course', id);
        return findCourse(tx, id);
      });
      return reply.code(201).send(await one(course));
    },
  );

  app.get(
    '/api/organisations/:orgId/courses/:courseId',
    {
      config: { access: 'training.manage' },
      schema: { tags, summary: 'A course with its test; the answer key only to the organisation that wrote it (another organisation’s trainer may be sitting it).', params: CourseParams, response: { 200: CourseOut } },
    },
    async (req) => {
      const course = await one(await inOrg(db.kysely, req.params.orgId, (tx) => findCourse(tx, req.params.courseId)));
      if (course.orgId === req.params.orgId || !course.test) return course;
      return { ...course, test: { ...course.test, questions: course.test.questions.map(({ correct: _key, ...q }) => q) } };
    },
  );

  app.put(
    '/api/organisations/:orgId/courses/:courseId',
    { config: { access: 'training.manage' }, schema: { tags, summary: 'Change the organisation’s own course.', params: CourseParams, body: CourseInput, response: { 200: CourseOut } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, courseId } = req.params;
      return one(
        await inOrg(db.kysely, orgId, async (tx) => {
          await updateCourse(tx, orgId, auth.userId, courseId, req.body);
          await auditAct(tx, auth, orgId, 'course.edit', 'course', courseId);
          return findCourse(tx, courseId);
        }),
      );
    },
  );

  app.put(
    '/api/organisations/:orgId/courses/:courseId/test',
    {
      config: { access: 'training.manage' },
      schema: { tags, summary: 'Write the course’s test (its questions serve as pre- and post-test). Refused once anyone has sat it.', params: CourseParams, body: TestInput, response: { 200: CourseOut } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, courseId } = req.params;
      return one(
        await inOrg(db.kysely, orgId, async (tx) => {
          const testId = await setCourseTest(tx, orgId, auth.userId, courseId, req.body);
          await auditAct(tx, auth, orgId, 'course_test.set', 'course_test', testId);
          return findCourse(tx, courseId);
        }),
      );
    },
  );

  app.put(
    '/api/organisations/:orgId/events/:eventId/course',
    {
      config: { access: 'training.manage' },
      schema: { tags, summary: 'Say which course of the network the organisation’s event teaches (null: none).', params: EventParams, body: z.strictObject({ courseId: z.uuid().nullable() }), response: { 204: z.null() } },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId, eventId } = req.params;
      await inOrg(db.kysely, orgId, async (tx) => {
        await linkEventCourse(tx, orgId, auth.userId, eventId, req.body.courseId);
        await auditAct(tx, auth, orgId, 'event.course_link', 'event', eventId);
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/organisations/:orgId/events/:eventId/results',
    {
      config: { access: 'training.manage' },
      schema: { tags, summary: 'A training’s participants (the names they gave), days present, pre and post scores, the certificate rule and certificates; the paired improvement.', params: EventParams, response: { 200: EventResults } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, eventId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => readResults(tx, auth, await ownEvent(tx, orgId, eventId)));
    },
  );

  app.post(
    '/api/organisations/:orgId/events/:eventId/certificates',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: 'Issue certificates: to everyone the rule makes eligible who holds none (kind eligible), or to one person by hand with the reason (kind by_hand). Answers the training’s results.',
        params: EventParams,
        body: IssueCertificates,
        response: { 200: EventResults },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, eventId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const event = await ownEvent(tx, orgId, eventId);
        // A cancelled training certifies nobody; certificates issued before stay revocable.
        if (event.status === 'cancelled') throw new Problem('CERTIFICATE_EVENT_CANCELLED');
        const body = req.body;
        const ids = body.kind === 'eligible' ? await issueEligible(tx, crypto, event, auth.userId, body.lang) : [await issueByHand(tx, crypto, event, auth.userId, body)];
        for (const id of ids) await auditAct(tx, auth, orgId, body.kind === 'eligible' ? 'certificate.issue' : 'certificate.issue_by_hand', 'certificate', id);
        return readResults(tx, auth, event);
      });
    },
  );

  app.post(
    '/api/organisations/:orgId/certificates/:certificateId/revoke',
    { config: { access: 'training.manage' }, schema: { tags, summary: 'Revoke a certificate, with the reason; verification then says it was revoked.', params: CertificateParams, body: RevokeCertificate, response: { 204: z.null() } } },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId, certificateId } = req.params;
      await inOrg(db.kysely, orgId, async (tx) => {
        await revokeCertificate(tx, crypto, orgId, auth.userId, certificateId, req.body.reason);
        await auditAct(tx, auth, orgId, 'certificate.revoke', 'certificate', certificateId);
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/organisations/:orgId/certificates/:certificateId',
    { config: { access: 'training.manage' }, schema: { tags, summary: 'What a certificate prints (for its PDF).', params: CertificateParams, response: { 200: CertificateDocument } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, certificateId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const doc = await certificateDocument(tx, crypto, orgId, { id: certificateId });
        if (!doc) throw new Problem('NOT_FOUND');
        await auditAct(tx, auth, orgId, 'certificate.read', 'certificate', certificateId);
        return doc;
      });
    },
  );
};
