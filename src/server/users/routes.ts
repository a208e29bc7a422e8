import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, type Role } from '../../core/auth/roles.ts';
import { notFound, Problem } from '../../core/errors/outcome.ts';
import { AddMember, CreateUser, EditUser, User } from '../../core/users/schema.ts';
import { appendAudit } from '../audit/log.ts';
import { hashPassword, temporaryPassword } from '../auth/passwords.ts';
import type { AppContext } from '../context.ts';
import { asSystem, inOrg, type Tx } from '../db/scope.ts';
import { actingRole, requireAuth, type AuthContext } from '../http/access.ts';
import { requireOrganisation } from '../organisations/store.ts';
import { findUser, findUserIdByUsername, insertUser, listUsersInOrg, orgsLeftWithoutAdmin, orgsOfUser, setRolesInOrg, updateUser } from './store.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const UserParams = z.object({ orgId: z.uuid(), userId: z.uuid() });

/**
 * Deactivating a person or resetting their password touches every organisation they work for,
 * so it needs `user.manage` in all of them (the hub's administrators have it everywhere). The
 * person must belong to the organisation of the route first: a stranger is "not found", so the
 * answer says nothing about people elsewhere. Deactivation must also leave each of their other
 * organisations an active administrator (the route's own is checked in the writing transaction).
 * These checks read across organisations, so they run as the system, before the write.
 */
async function assertMayActOnAccount(app: { ctx: AppContext }, auth: AuthContext, orgId: string, userId: string, deactivating: boolean): Promise<void> {
  await asSystem(app.ctx.db.kysely, async (tx) => {
    const orgIds = await orgsOfUser(tx, userId);
    if (!orgIds.includes(orgId)) throw notFound();
    if (!orgIds.every((id) => can(auth.memberships, 'user.manage', id))) throw new Problem('NOT_ALL_ORGS');
    if (deactivating && (await orgsLeftWithoutAdmin(tx, userId)).some((id) => id !== orgId)) throw new Problem('LAST_ADMIN', {}, 'roles');
  });
}

/** Refuses to leave an organisation with no active administrator. */
async function assertKeepsAnAdmin(tx: Tx, orgId: string): Promise<void> {
  const admins = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.id')
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', 'admin')
    .where('u.active', '=', true)
    .execute();
  if (admins.length === 0) throw new Problem('LAST_ADMIN', {}, 'roles');
}

async function userInOrg(tx: Tx, orgId: string, userId: string): Promise<boolean> {
  const row = await tx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', '=', userId).limit(1).executeTakeFirst();
  return !!row;
}

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.ctx;

  app.get(
    '/api/organisations/:orgId/users',
    { config: { access: 'user.read' }, schema: { tags: ['users'], summary: 'Everyone with a role in the organisation, with those roles.', params: OrgParams, response: { 200: z.array(User) } } },
    async (req) =>
      inOrg(db.kysely, req.params.orgId, async (tx) => {
        await requireOrganisation(tx, req.params.orgId);
        return listUsersInOrg(tx, crypto, req.params.orgId);
      }),
  );

  app.post(
    '/api/organisations/:orgId/users',
    {
      config: { access: 'user.manage' },
      schema: { tags: ['users'], summary: 'Add a person with roles in the organisation; they choose a new password at first login.', params: OrgParams, body: CreateUser, response: { 201: User } },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      const user = await inOrg(db.kysely, orgId, async (tx) => {
        await requireOrganisation(tx, orgId);
        const id = await insertUser(tx, crypto, {
          ...req.body,
          roles: req.body.roles.map((role) => ({ orgId, role })),
          mustChangePassword: true,
        });
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'user.create', entity: 'user', entityId: id });
        return findUser(tx, crypto, id);
      });
      return reply.code(201).send(user!);
    },
  );

  app.post(
    '/api/organisations/:orgId/members',
    {
      config: { access: 'user.manage' },
      schema: { tags: ['users'], summary: 'Give a person who already has an account roles in this organisation too.', params: OrgParams, body: AddMember, response: { 200: User } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId } = req.params;
      // Usernames are unique across the network, and people of other organisations are hidden
      // inside this one's transaction (row-level security), so the name is looked up as the system.
      const userId = await asSystem(db.kysely, (tx) => findUserIdByUsername(tx, req.body.username));
      if (!userId) throw notFound();
      return inOrg(db.kysely, orgId, async (tx) => {
        await requireOrganisation(tx, orgId);
        await setRolesInOrg(tx, userId, orgId, req.body.roles);
        await assertKeepsAnAdmin(tx, orgId);
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'user.roles', entity: 'user', entityId: userId });
        return (await findUser(tx, crypto, userId))!;
      });
    },
  );

  app.patch(
    '/api/organisations/:orgId/users/:userId',
    {
      config: { access: 'user.manage' },
      schema: { tags: ['users'], summary: 'Change a person’s roles here, display name, language, or deactivate them.', params: UserParams, body: EditUser, response: { 200: User } },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, userId } = req.params;
      const { roles, ...profile } = req.body;
      if (profile.active !== undefined) await assertMayActOnAccount(app, auth, orgId, userId, profile.active === false);
      return inOrg(db.kysely, orgId, async (tx) => {
        if (!(await userInOrg(tx, orgId, userId))) throw notFound();
        await updateUser(tx, crypto, userId, profile);
        if (profile.active === false) await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        // Read before the roles change: with `roles: []` the person leaves this organisation and
        // its transaction can no longer see them.
        const user = (await findUser(tx, crypto, userId))!;
        if (roles) {
          await setRolesInOrg(tx, userId, orgId, roles as Role[]);
          user.roles = [...new Set(roles)].map((role) => ({ orgId, role }));
        }
        if (roles || profile.active === false) await assertKeepsAnAdmin(tx, orgId);
        const action = profile.active === false ? 'user.deactivate' : profile.active === true ? 'user.reactivate' : roles ? 'user.roles' : 'user.edit';
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action, entity: 'user', entityId: userId });
        return user;
      });
    },
  );

  app.post(
    '/api/organisations/:orgId/users/:userId/reset-password',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Give a person a temporary password (shown once); they must choose a new one at login. Their sessions end.',
        params: UserParams,
        response: { 200: z.object({ temporaryPassword: z.string() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, userId } = req.params;
      await assertMayActOnAccount(app, auth, orgId, userId, false);
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      await inOrg(db.kysely, orgId, async (tx) => {
        if (!(await userInOrg(tx, orgId, userId))) throw notFound();
        await updateUser(tx, crypto, userId, { passwordHash, mustChangePassword: true });
        await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'user.password_reset', entity: 'user', entityId: userId });
      });
      return { temporaryPassword: password };
    },
  );
};
