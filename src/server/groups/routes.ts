import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { Problem } from '../../core/errors/outcome.ts';
import { can } from '../../core/auth/roles.ts';
import { ClientGroupHistory, CreateGroupBody, EditGroupBody, GroupList, GroupListItem, GroupSessions } from '../../core/groups/api.ts';
import { auditAct } from '../audit/log.ts';
import { inOrg } from '../db/scope.ts';
import { requireAuth } from '../http/access.ts';
import { clientGroupHistory, createGroup, editGroup, findGroup, listGroups, listGroupSessions, listStaff, orgTimeZone, todayIn } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const GroupParams = z.object({ orgId: z.uuid(), groupId: z.uuid() });
const ClientParams = z.object({ orgId: z.uuid(), clientId: z.uuid() });

const groupNotFound = () => new Problem('NOT_FOUND');

/**
 * Groups online (issue #7 §1; the contract is core/groups/api.ts): managers set groups up, and
 * everyone who records sessions sees them with their next meetings. Sessions themselves are
 * recorded offline (`recordGroupSession`, sync). Another organisation's group or client answers
 * 404 like one that does not exist. Reads that show clients (a group's sessions, a client's
 * history) are audited in the same transaction.
 */
export const groupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;

  app.get(
    '/api/organisations/:orgId/groups',
    {
      config: { access: 'group.record' },
      schema: { tags: ['groups'], summary: 'The organisation’s groups (active first) with their next meetings, and the staff who may facilitate.', params: OrgParams, response: { 200: GroupList } },
    },
    async (req) => {
      const { orgId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const today = todayIn(await orgTimeZone(tx, orgId));
        return { groups: await listGroups(tx, orgId, today), staff: await listStaff(tx, crypto, orgId), today };
      });
    },
  );

  app.post(
    '/api/organisations/:orgId/groups',
    {
      config: { access: 'group.manage' },
      schema: { tags: ['groups'], summary: 'Set up a group: kind, site, facilitators, schedule. Phones get it at their next pull.', params: OrgParams, body: CreateGroupBody, response: { 201: GroupListItem } },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      const group = await inOrg(db.kysely, orgId, async (tx) => {
        const id = uuidv7();
        await createGroup(tx, orgId, auth.userId, id, req.body);
        await auditAct(tx, auth, orgId, 'group.create', 'group', id);
        return findGroup(tx, orgId, id, todayIn(await orgTimeZone(tx, orgId)));
      });
      return reply.code(201).send(group!);
    },
  );

  app.patch(
    '/api/organisations/:orgId/groups/:groupId',
    {
      config: { access: 'group.manage' },
      schema: { tags: ['groups'], summary: 'Change a group, or deactivate it (active: false); its sessions stay.', params: GroupParams, body: EditGroupBody, response: { 200: GroupListItem } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, groupId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        if (!(await editGroup(tx, orgId, groupId, req.body))) throw groupNotFound();
        const action = req.body.active === false ? 'group.deactivate' : 'group.edit';
        await auditAct(tx, auth, orgId, action, 'group', groupId);
        return (await findGroup(tx, orgId, groupId, todayIn(await orgTimeZone(tx, orgId))))!;
      });
    },
  );

  app.get(
    '/api/organisations/:orgId/groups/:groupId/sessions',
    {
      config: { access: 'group.record' },
      schema: { tags: ['groups'], summary: 'A group’s sessions, newest first: attendees by code, notes, stages seen (the read is audited).', params: GroupParams, response: { 200: GroupSessions } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, groupId } = req.params;
      // Sessions name clients (codes, notes, stages): as for the pull, recording groups is not enough.
      if (!can(auth.memberships, 'client.read', orgId)) throw new Problem('FORBIDDEN');
      return inOrg(db.kysely, orgId, async (tx) => {
        const group = await findGroup(tx, orgId, groupId, todayIn(await orgTimeZone(tx, orgId)));
        if (!group) throw groupNotFound();
        const sessions = await listGroupSessions(tx, crypto, orgId, groupId);
        await auditAct(tx, auth, orgId, 'group.sessions.read', 'group', groupId);
        return { group, sessions, staff: await listStaff(tx, crypto, orgId) };
      });
    },
  );

  app.get(
    '/api/organisations/:orgId/clients/:clientId/groups',
    {
      config: { access: 'client.read' },
      schema: { tags: ['groups'], summary: 'A client’s group sessions attended and stage of change over time (the read is audited).', params: ClientParams, response: { 200: ClientGroupHistory } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, clientId } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        const client = await tx.selectFrom('clients').select(['id', 'merged_into']).where('org_id', '=', orgId).where('id', '=', clientId).executeTakeFirst();
        if (!client) throw new Problem('NOT_FOUND');
        const canonical = client.merged_into ?? client.id;
        const history = await clientGroupHistory(tx, crypto, orgId, canonical, await orgTimeZone(tx, orgId));
        await auditAct(tx, auth, orgId, 'client.groups.read', 'client', canonical);
        return history;
      });
    },
  );
};
