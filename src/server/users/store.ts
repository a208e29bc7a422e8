import type { Kysely, Selectable, Updateable } from 'kysely';
import { checkPasswordStrength, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../core/auth/password-policy.ts';
import type { Role } from '../../core/auth/roles.ts';
import { Problem } from '../../core/errors/outcome.ts';
import { newId } from '../../core/ids.ts';
import type { RoleGrant, User } from '../../core/users/schema.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Database, UsersTable } from '../db/schema.ts';
import type { Tx } from '../db/scope.ts';
import { hashPassword } from '../auth/passwords.ts';

type Queryable = Tx | Kysely<Database>;

/** `field` names the request's field that holds the password, for the form to point at. */
export function assertStrongPassword(password: string, context: readonly string[], field = 'password'): void {
  const verdict = checkPasswordStrength(password, context);
  if (verdict.ok) return;
  if (verdict.reason === 'too_short') throw new Problem('PASSWORD_TOO_SHORT', { min: MIN_PASSWORD_LENGTH }, field);
  if (verdict.reason === 'too_long') throw new Problem('PASSWORD_TOO_LONG', { max: MAX_PASSWORD_LENGTH }, field);
  throw new Problem('PASSWORD_TOO_WEAK', {}, field);
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

export interface NewUser {
  username: string;
  displayName: string | null;
  password: string;
  lang: 'vi' | 'en';
  roles: RoleGrant[];
  mustChangePassword?: boolean;
}

/** Adds a person with their roles. Checks the password's strength; refuses a username in use. */
export async function insertUser(tx: Tx, crypto: Crypto, input: NewUser): Promise<string> {
  assertStrongPassword(input.password, [input.username]);
  const taken = await tx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw new Problem('USERNAME_TAKEN', { username: input.username }, 'username');
  const id = newId();
  try {
    await tx
      .insertInto('users')
      .values({
        id,
        username: input.username,
        display_name_enc: input.displayName ? crypto.encrypt(input.displayName) : null,
        password_hash: await hashPassword(input.password),
        lang: input.lang,
        must_change_password: input.mustChangePassword ?? false,
      })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new Problem('USERNAME_TAKEN', { username: input.username }, 'username');
    throw err;
  }
  await grantRoles(tx, id, input.roles);
  return id;
}

export async function grantRoles(tx: Tx, userId: string, roles: readonly RoleGrant[]): Promise<void> {
  const unique = new Map(roles.map((r) => [`${r.orgId}:${r.role}`, r]));
  if (unique.size === 0) return;
  await tx
    .insertInto('memberships')
    .values([...unique.values()].map((r) => ({ user_id: userId, org_id: r.orgId, role: r.role })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Makes the person's roles in `orgId` exactly `roles`; their roles elsewhere are untouched. */
export async function setRolesInOrg(tx: Tx, userId: string, orgId: string, roles: readonly Role[]): Promise<void> {
  await tx.deleteFrom('memberships').where('user_id', '=', userId).where('org_id', '=', orgId).execute();
  await grantRoles(
    tx,
    userId,
    roles.map((role) => ({ orgId, role })),
  );
}

function toUser(row: Pick<Selectable<UsersTable>, 'id' | 'username' | 'display_name_enc' | 'lang' | 'active' | 'totp_secret_enc' | 'must_change_password'> & { created_at: Date }, crypto: Crypto, roles: RoleGrant[]): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name_enc ? crypto.decrypt(row.display_name_enc) : null,
    lang: row.lang === 'en' ? 'en' : 'vi',
    active: row.active,
    totpEnabled: row.totp_secret_enc !== null,
    mustChangePassword: row.must_change_password,
    roles,
    createdAt: row.created_at.toISOString(),
  };
}

const USER_COLUMNS = ['id', 'username', 'display_name_enc', 'lang', 'active', 'totp_secret_enc', 'must_change_password', 'created_at'] as const;

/** One person with the roles visible in this transaction's scope (all of them, as the system). */
export async function findUser(q: Queryable, crypto: Crypto, userId: string): Promise<User | null> {
  const row = await q.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).executeTakeFirst();
  if (!row) return null;
  const roles = await q.selectFrom('memberships').select(['org_id', 'role']).where('user_id', '=', userId).orderBy('created_at').execute();
  return toUser(row, crypto, roles.map((r) => ({ orgId: r.org_id, role: r.role as Role })));
}

export async function findUserIdByUsername(q: Queryable, username: string): Promise<string | null> {
  const row = await q.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return row?.id ?? null;
}

/** Everyone who holds a role in the organisation, with their roles there. */
export async function listUsersInOrg(tx: Tx, crypto: Crypto, orgId: string): Promise<User[]> {
  const rows = await tx
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.username', 'u.display_name_enc', 'u.lang', 'u.active', 'u.totp_secret_enc', 'u.must_change_password', 'u.created_at', 'm.role'])
    .where('m.org_id', '=', orgId)
    .orderBy('u.username')
    .execute();
  const byId = new Map<string, User>();
  for (const row of rows) {
    const user = byId.get(row.id) ?? toUser(row, crypto, []);
    user.roles.push({ orgId, role: row.role as Role });
    byId.set(row.id, user);
  }
  return [...byId.values()];
}

export async function orgsOfUser(q: Queryable, userId: string): Promise<string[]> {
  const rows = await q.selectFrom('memberships').select('org_id').distinct().where('user_id', '=', userId).execute();
  return rows.map((r) => r.org_id);
}

/** The organisations where this person is the only active administrator. */
export async function orgsLeftWithoutAdmin(q: Queryable, userId: string): Promise<string[]> {
  const rows = await q
    .selectFrom('memberships as m')
    .select('m.org_id')
    .where('m.user_id', '=', userId)
    .where('m.role', '=', 'admin')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('memberships as other')
            .innerJoin('users as u', 'u.id', 'other.user_id')
            .select('other.user_id')
            .whereRef('other.org_id', '=', 'm.org_id')
            .where('other.role', '=', 'admin')
            .where('other.user_id', '!=', userId)
            .where('u.active', '=', true),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.org_id);
}

export async function updateUser(
  tx: Tx,
  crypto: Crypto,
  userId: string,
  patch: { displayName?: string | null; lang?: 'vi' | 'en'; active?: boolean; passwordHash?: string; mustChangePassword?: boolean },
): Promise<void> {
  const set: Updateable<UsersTable> = { updated_at: new Date() };
  if (patch.displayName !== undefined) set.display_name_enc = patch.displayName ? crypto.encrypt(patch.displayName) : null;
  if (patch.lang !== undefined) set.lang = patch.lang;
  if (patch.active !== undefined) set.active = patch.active;
  if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
  if (patch.mustChangePassword !== undefined) set.must_change_password = patch.mustChangePassword;
  await tx.updateTable('users').set(set).where('id', '=', userId).execute();
}
