import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Membership, Role } from '../../core/auth/roles.ts';
import type { SessionPolicy } from '../../core/auth/session-policy.ts';
import { sessionState } from '../../core/auth/session-policy.ts';
import type { Database } from '../db/schema.ts';
import { asSystem, type Tx } from '../db/scope.ts';

// Sessions, login failures and memberships belong to people, not to one organisation, so these
// queries run as the system (see asSystem); each is keyed by the user or session it concerns.

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(tx: Tx, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.insertInto('sessions').values({ id: hashToken(token), user_id: userId }).execute();
  return token;
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
}

export async function deleteSessionsOfUser(tx: Tx, userId: string): Promise<void> {
  await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function membershipsOf(tx: Tx | Kysely<Database>, userId: string): Promise<Membership[]> {
  const rows = await tx
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['m.org_id', 'm.role', 'o.kind'])
    .where('m.user_id', '=', userId)
    .where('o.active', '=', true)
    .orderBy('m.created_at')
    .execute();
  return rows.map((r) => ({ orgId: r.org_id, role: r.role as Role, orgKind: r.kind }));
}

export interface SessionLookup {
  userId: string;
  username: string;
  sessionId: string;
  memberships: Membership[];
  totpEnabled: boolean;
  mustChangePassword: boolean;
}

/**
 * The person behind a session token, or null when the token is unknown, the session has expired
 * (idle or absolute), or the account was deactivated. Touches `last_seen_at` at most once a minute,
 * or every tenth of the idle timeout when that is shorter, so a steady user of a short timeout stays in.
 */
export async function lookupSession(db: Kysely<Database>, token: string, policy: SessionPolicy): Promise<SessionLookup | null> {
  const id = hashToken(token);
  return asSystem(db, async (tx) => {
    const row = await tx
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.created_at', 's.last_seen_at', 'u.id as user_id', 'u.username', 'u.active', 'u.totp_secret_enc', 'u.must_change_password'])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    const now = Date.now();
    const state = sessionState(row.created_at.getTime(), row.last_seen_at.getTime(), now, policy);
    if (state !== 'active' || !row.active) {
      await tx.deleteFrom('sessions').where('id', '=', id).execute();
      return null;
    }
    if (now - row.last_seen_at.getTime() > Math.min(60_000, policy.idleMs / 10)) {
      await tx.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('id', '=', id).execute();
    }
    return {
      userId: row.user_id,
      username: row.username,
      sessionId: id,
      memberships: await membershipsOf(tx, row.user_id),
      totpEnabled: row.totp_secret_enc !== null,
      mustChangePassword: row.must_change_password,
    };
  });
}

/**
 * Makes logins of one username, and from one address, take their turn until the transaction ends:
 * otherwise a dozen guesses sent at once would all count the failures before any was recorded,
 * and all be let through. Usernames and addresses lock in separate key spaces, always in this order.
 */
export async function lockLoginAttempts(tx: Tx, username: string, addressHash: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(1, hashtext(${username}))`.execute(tx);
  await sql`select pg_advisory_xact_lock(2, hashtext(${addressHash}))`.execute(tx);
}

export async function recentFailures(tx: Tx, username: string, addressHash: string, sinceMs: number) {
  const since = new Date(Date.now() - sinceMs);
  const byUser = await tx.selectFrom('login_failures').select('at').where('username', '=', username).where('at', '>', since).execute();
  const byAddress = await tx
    .selectFrom('login_failures')
    .select('at')
    .where('address_hash', '=', addressHash)
    .where('at', '>', since)
    .execute();
  return { byUser: byUser.map((r) => r.at.getTime()), byAddress: byAddress.map((r) => r.at.getTime()) };
}

export async function recordFailure(tx: Tx, username: string, addressHash: string): Promise<void> {
  await tx.insertInto('login_failures').values({ username, address_hash: addressHash }).execute();
  // Old failures say nothing useful and would only grow the table.
  await tx.deleteFrom('login_failures').where('at', '<', new Date(Date.now() - 24 * 3_600_000)).execute();
}

export async function clearFailures(tx: Tx, username: string): Promise<void> {
  await tx.deleteFrom('login_failures').where('username', '=', username).execute();
}
