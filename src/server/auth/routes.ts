import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decideLogin, DEFAULT_THROTTLE } from '../../core/auth/login-throttle.ts';
import { permissionsByOrg, isHubAdmin } from '../../core/auth/roles.ts';
import { Problem } from '../../core/errors/outcome.ts';
import { ChangePassword, Lang, LoginRequest, Me } from '../../core/users/schema.ts';
import { appendAudit } from '../audit/log.ts';
import type { AppContext } from '../context.ts';
import { asSystem } from '../db/scope.ts';
import { actingRole, requireAuth } from '../http/access.ts';
import { listOrganisations, networkName } from '../organisations/store.ts';
import { assertStrongPassword, findUser, updateUser } from '../users/store.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import {
  clearFailures,
  createSession,
  deleteSession,
  lockLoginAttempts,
  membershipsOf,
  recentFailures,
  recordFailure,
} from './store.ts';
import { enrolmentFor, matchTotp, newTotpSecret } from './totp.ts';

export const SESSION_COOKIE = 'fieldlab_session';

const Ok = z.object({ ok: z.literal(true) });

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto, config } = app.ctx;

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets an HttpOnly session cookie. Admins with two-factor send `totp` too.',
        body: LoginRequest,
        response: { 200: Me },
      },
    },
    async (req, reply) => {
      const { username, password, totp } = req.body;
      const addressHash = crypto.blindIndex(req.ip, 'login-address');
      // Login belongs to no organisation yet: it runs as the system, keyed by the username.
      const result = await asSystem(db.kysely, async (tx) => {
        await lockLoginAttempts(tx, username, addressHash);
        const failures = await recentFailures(tx, username, addressHash, DEFAULT_THROTTLE.windowMs);
        const decision = decideLogin(failures.byUser, failures.byAddress, Date.now());
        if (!decision.allowed) return { problem: new Problem('TOO_MANY_ATTEMPTS', { minutes: Math.max(1, Math.ceil(decision.retryAfterMs / 60_000)) }) };
        const user = await tx
          .selectFrom('users')
          .select(['id', 'password_hash', 'active', 'totp_secret_enc', 'totp_last_step'])
          .where('username', '=', username)
          .executeTakeFirst();
        const passwordOk = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
        if (!user || !passwordOk) {
          await recordFailure(tx, username, addressHash);
          await appendAudit(tx, { orgId: null, actorUserId: user?.id ?? null, actorRole: null, action: 'login.failed', entity: 'user', entityId: user?.id ?? null });
          return { problem: new Problem('LOGIN_FAILED') };
        }
        if (!user.active) return { problem: new Problem('ACCOUNT_INACTIVE') };
        if (user.totp_secret_enc) {
          if (!totp) return { problem: new Problem('TOTP_REQUIRED', {}, 'totp') };
          const step = matchTotp(crypto.decrypt(user.totp_secret_enc), totp);
          if (step === null || (user.totp_last_step !== null && step <= Number(user.totp_last_step))) {
            await recordFailure(tx, username, addressHash);
            return { problem: new Problem('TOTP_INVALID', {}, 'totp') };
          }
          await tx.updateTable('users').set({ totp_last_step: String(step) }).where('id', '=', user.id).execute();
        }
        await clearFailures(tx, username);
        await appendAudit(tx, { orgId: null, actorUserId: user.id, actorRole: null, action: 'login', entity: 'user', entityId: user.id });
        return { userId: user.id, token: await createSession(tx, user.id) };
      });
      if ('problem' in result) throw result.problem;
      // Rotation: whatever session the browser held before is ended; the new one starts clean.
      const previous = req.cookies[SESSION_COOKIE];
      if (previous) await deleteSession(db.kysely, previous);
      setSessionCookie(req, reply, result.token, config.session.absoluteMs);
      return describeMe(app.ctx, result.userId);
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Log out: ends the session and clears its cookie.', response: { 200: Ok } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await deleteSession(db.kysely, token);
      if (req.auth) {
        const auth = req.auth;
        await asSystem(db.kysely, (tx) => appendAudit(tx, { orgId: null, actorUserId: auth.userId, actorRole: actingRole(auth, null), action: 'logout', entity: 'session', entityId: null }));
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'The logged-in person, their organisations, roles and permissions.', response: { 200: Me } } },
    async (req) => describeMe(app.ctx, requireAuth(req).userId),
  );

  app.patch(
    '/api/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Change one’s own language.', body: z.strictObject({ lang: Lang }), response: { 200: Me } },
    },
    async (req) => {
      const auth = requireAuth(req);
      await asSystem(db.kysely, async (tx) => {
        await updateUser(tx, crypto, auth.userId, { lang: req.body.lang });
        await appendAudit(tx, { orgId: null, actorUserId: auth.userId, actorRole: actingRole(auth, null), action: 'user.language', entity: 'user', entityId: auth.userId });
      });
      return describeMe(app.ctx, auth.userId);
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Change one’s own password; other sessions are ended.', body: ChangePassword, response: { 200: Ok } },
    },
    async (req) => {
      const auth = requireAuth(req);
      await asSystem(db.kysely, async (tx) => {
        const row = await tx.selectFrom('users').select('password_hash').where('id', '=', auth.userId).executeTakeFirstOrThrow();
        if (!(await verifyPassword(req.body.currentPassword, row.password_hash))) throw new Problem('PASSWORD_WRONG', {}, 'currentPassword');
        // Keeping a temporary password would keep it known to whoever handed it out.
        if (req.body.newPassword.normalize('NFC') === req.body.currentPassword.normalize('NFC')) throw new Problem('PASSWORD_UNCHANGED', {}, 'newPassword');
        assertStrongPassword(req.body.newPassword, [auth.username], 'newPassword');
        await updateUser(tx, crypto, auth.userId, { passwordHash: await hashPassword(req.body.newPassword), mustChangePassword: false });
        await tx.deleteFrom('sessions').where('user_id', '=', auth.userId).where('id', '!=', auth.sessionId).execute();
        await appendAudit(tx, { orgId: null, actorUserId: auth.userId, actorRole: null, action: 'password.change', entity: 'user', entityId: auth.userId });
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/totp/enrol',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Start two-factor enrolment: a new secret, as an otpauth URI and a QR code (SVG). Confirm with a code.',
        response: { 200: z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const secret = newTotpSecret();
      await asSystem(db.kysely, (tx) =>
        tx.updateTable('users').set({ totp_pending_enc: crypto.encrypt(secret) }).where('id', '=', auth.userId).execute(),
      );
      return { secret, ...(await enrolmentFor(secret, auth.username)) };
    },
  );

  app.post(
    '/api/auth/totp/confirm',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Finish two-factor enrolment with a current code; from then on login asks for a code. Replacing a working second factor (a new phone) also needs the current password.',
        body: z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, '6 digits'), currentPassword: z.string().max(1000).optional() }),
        response: { 200: Ok },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      await asSystem(db.kysely, async (tx) => {
        const row = await tx.selectFrom('users').select(['totp_pending_enc', 'totp_secret_enc', 'password_hash']).where('id', '=', auth.userId).executeTakeFirstOrThrow();
        if (!row.totp_pending_enc) throw new Problem('TOTP_NOT_PENDING');
        // A session alone must not swap the second factor for one an intruder holds: replacing a
        // working one asks for the password as well (the old phone may be lost, so not its code).
        if (row.totp_secret_enc && !(req.body.currentPassword && (await verifyPassword(req.body.currentPassword, row.password_hash)))) {
          throw new Problem('PASSWORD_WRONG', {}, 'currentPassword');
        }
        const secret = crypto.decrypt(row.totp_pending_enc);
        const step = matchTotp(secret, req.body.code);
        if (step === null) throw new Problem('TOTP_INVALID', {}, 'code');
        await tx
          .updateTable('users')
          .set({ totp_secret_enc: row.totp_pending_enc, totp_pending_enc: null, totp_last_step: String(step), updated_at: new Date() })
          .where('id', '=', auth.userId)
          .execute();
        // Sessions opened before two-factor was on end; this one stays.
        await tx.deleteFrom('sessions').where('user_id', '=', auth.userId).where('id', '!=', auth.sessionId).execute();
        await appendAudit(tx, { orgId: null, actorUserId: auth.userId, actorRole: actingRole(auth, null), action: 'totp.enable', entity: 'user', entityId: auth.userId });
      });
      return { ok: true as const };
    },
  );
};

export async function describeMe(ctx: AppContext, userId: string): Promise<Me> {
  // The person's own record, across their organisations: the system reads it on their behalf.
  return asSystem(ctx.db.kysely, async (tx) => {
    const user = await findUser(tx, ctx.crypto, userId);
    if (!user) throw new Problem('UNAUTHENTICATED');
    const memberships = await membershipsOf(tx, userId);
    const perms = permissionsByOrg(memberships);
    const orgs = await listOrganisations(tx, [...new Set(memberships.map((m) => m.orgId))]);
    return {
      user,
      organisations: orgs.map((o) => ({
        id: o.id,
        name: o.name,
        kind: o.kind,
        roles: memberships.filter((m) => m.orgId === o.id).map((m) => m.role),
        permissions: perms[o.id] ?? [],
      })),
      isHubAdmin: isHubAdmin(memberships),
      totpSetupRequired: ctx.config.requireAdminTotp && !user.totpEnabled && memberships.some((m) => m.role === 'admin'),
      network: { name: (await networkName(tx)) ?? '' },
    };
  });
}
