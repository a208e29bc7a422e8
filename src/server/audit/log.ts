import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../db/scope.ts';
import { actingRole, type AuthContext } from '../http/access.ts';

/**
 * The audit log: one hash chain per organisation (and one for the network, org_id null).
 * Each row's hash covers the previous row's hash and the row's own fields, so editing or deleting
 * a row breaks the chain at that point, and `fieldlab audit verify` names it. Rows hold who did
 * what to which record, never the record's contents.
 */
export interface AuditEntry {
  orgId: string | null;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  entity: string;
  entityId: string | null;
}

const GENESIS = '0'.repeat(64);

export function auditHash(prevHash: string, e: AuditEntry, at: Date): string {
  const fields = [e.orgId, at.toISOString(), e.actorUserId, e.actorRole, e.action, e.entity, e.entityId];
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

/** Appends in the caller's transaction, so the audit row and the change it records commit together. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const chain = `fieldlab.audit:${entry.orgId ?? 'network'}`;
  await sql`select pg_advisory_xact_lock(hashtext(${chain}))`.execute(tx);
  let last = tx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1);
  last = entry.orgId === null ? last.where('org_id', 'is', null) : last.where('org_id', '=', entry.orgId);
  const prevHash = (await last.executeTakeFirst())?.hash ?? GENESIS;
  // Millisecond precision, so the time read back hashes exactly as the time written.
  const at = new Date();
  await tx
    .insertInto('audit_log')
    .values({
      org_id: entry.orgId,
      at,
      actor_user_id: entry.actorUserId,
      actor_role: entry.actorRole,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      prev_hash: prevHash,
      hash: auditHash(prevHash, entry, at),
    })
    .execute();
}

/** A logged-in person's act in an organisation, written with the role they hold there. */
export function auditAct(tx: Tx, auth: AuthContext, orgId: string, action: string, entity: string, entityId: string | null): Promise<void> {
  return appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action, entity, entityId });
}

export interface AuditBreak {
  chain: string;
  seq: number;
  problem: 'hash_mismatch' | 'broken_link';
}

export interface AuditVerification {
  rows: number;
  chains: number;
  firstBreak: AuditBreak | null;
}

/**
 * Walks every chain in order; reports the first row whose link or hash does not hold. Rows are
 * read `pageSize` at a time, so verifying a long log does not hold all of it in memory.
 */
export async function verifyAudit(tx: Tx, pageSize = 5000): Promise<AuditVerification> {
  const heads = new Map<string, string>();
  let firstBreak: AuditBreak | null = null;
  let count = 0;
  let after = 0;
  for (;;) {
    const rows = await tx.selectFrom('audit_log').selectAll().where('seq', '>', String(after)).orderBy('seq').limit(pageSize).execute();
    for (const row of rows) {
      const chain = row.org_id ?? 'network';
      const expectedPrev = heads.get(chain) ?? GENESIS;
      const entry: AuditEntry = {
        orgId: row.org_id,
        actorUserId: row.actor_user_id,
        actorRole: row.actor_role,
        action: row.action,
        entity: row.entity,
        entityId: row.entity_id,
      };
      const seq = Number(row.seq);
      if (row.prev_hash !== expectedPrev) firstBreak ??= { chain, seq, problem: 'broken_link' };
      else if (auditHash(row.prev_hash, entry, new Date(row.at)) !== row.hash) firstBreak ??= { chain, seq, problem: 'hash_mismatch' };
      heads.set(chain, row.hash);
      after = seq;
    }
    count += rows.length;
    if (rows.length < pageSize) break;
  }
  return { rows: count, chains: heads.size, firstBreak };
}
