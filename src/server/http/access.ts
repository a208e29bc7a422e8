import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { can, PERMISSIONS, type Membership, type Permission } from '../../core/auth/roles.ts';
import { Problem } from '../../core/errors/outcome.ts';

/**
 * What a route needs, declared in its `config.access`:
 * - 'public': anyone, logged in or not (health, login, setup);
 * - 'authenticated': any logged-in person; the handler narrows further if it must;
 * - a Permission: held in the organisation named by the `:orgId` path parameter, or, for routes
 *   without one, in some organisation (network-wide permissions of the hub's administrators).
 * A route under /api that declares nothing makes the server refuse to start.
 * Someone still on a temporary password, or an administrator who must enrol two-factor, reaches
 * only the 'authenticated' routes (their own account) until they have done so.
 */
export type Access = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface AuthContext {
  userId: string;
  username: string;
  sessionId: string;
  memberships: Membership[];
  totpEnabled: boolean;
  /** A temporary password (new account, or reset by an administrator) is still in use. */
  mustChangePassword: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export function requireAuth(req: FastifyRequest): AuthContext {
  if (!req.auth) throw new Problem('UNAUTHENTICATED');
  return req.auth;
}

/** The role to write in the audit log for an act in `orgId` (the strongest role held there). */
export function actingRole(auth: AuthContext, orgId: string | null): string | null {
  const order = ['admin', 'manager', 'clinician', 'trainer', 'fieldworker', 'evaluator', 'network'];
  const held = auth.memberships.filter((m) => orgId === null || m.orgId === orgId).map((m) => m.role);
  if (held.length === 0 && auth.memberships.some((m) => m.role === 'admin' && m.orgKind === 'network_hub')) return 'hub_admin';
  return order.find((r) => held.includes(r as never)) ?? null;
}

/**
 * The gates every permission route passes before its permission is checked: someone still on a
 * temporary password (PASSWORD_CHANGE_REQUIRED), or an administrator who must enrol two-factor
 * (TOTP_SETUP_REQUIRED, when `requireAdminTotp`), does no work yet. An 'authenticated' route that
 * does work in an organisation, rather than on the person's own account, calls it itself.
 */
export function requireReadyForWork(auth: AuthContext, requireAdminTotp: boolean): void {
  // Whoever handed out the temporary password knows it: no work until the person picks their own.
  if (auth.mustChangePassword) throw new Problem('PASSWORD_CHANGE_REQUIRED');
  if (requireAdminTotp && !auth.totpEnabled && auth.memberships.some((m) => m.role === 'admin')) throw new Problem('TOTP_SETUP_REQUIRED');
}

/**
 * DESIGN §5: two-factor is required for administrators. With `requireAdminTotp` on (the default in
 * production), an administrator who has not enrolled can log in, read their own account and enrol,
 * but every route that needs a permission answers TOTP_SETUP_REQUIRED until they do.
 */
export function installAccessControl(app: FastifyInstance, options: { requireAdminTotp: boolean } = { requireAdminTotp: false }): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/')) return;
    // The API's documentation comes from a plugin that takes no per-route options; it is public.
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, access: route.config?.access ?? 'public' };
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
    // A misspelt permission would lock the route for everyone, silently: refuse to start instead.
    if (access !== 'public' && access !== 'authenticated' && !(PERMISSIONS as readonly string[]).includes(access)) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares an unknown access rule "${String(access)}"`);
    }
  });

  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config.access;
    if (!access || access === 'public') return;
    const auth = requireAuth(req);
    if (access === 'authenticated') return;
    requireReadyForWork(auth, options.requireAdminTotp);
    const orgId = (req.params as Record<string, string> | undefined)?.orgId;
    const allowed = orgId
      ? can(auth.memberships, access, orgId)
      : auth.memberships.some((m) => can(auth.memberships, access, m.orgId));
    if (!allowed) throw new Problem('FORBIDDEN');
  });
}
