import { sql } from 'kysely';
import type { Tx } from '../db/scope.ts';
import { auditHash, type AuditEntry } from './log.ts';

const GENESIS = '0'.repeat(64);

/**
 * Appends many entries of one organisation's chain in one statement (a sync push applies hundreds
 * of mutations at once). Same chain, same hashes as `appendAudit` one by one: the links are
 * computed here in order, under the same advisory lock, in the caller's transaction.
 */
export async function appendAuditBatch(tx: Tx, orgId: string, entries: readonly Omit<AuditEntry, 'orgId'>[]): Promise<void> {
  if (entries.length === 0) return;
  await sql`select pg_advisory_xact_lock(hashtext(${`fieldlab.audit:${orgId}`}))`.execute(tx);
  const last = await tx.selectFrom('audit_log').select('hash').where('org_id', '=', orgId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let prevHash = last?.hash ?? GENESIS;
  const at = new Date();
  const rows = entries.map((e) => {
    const entry: AuditEntry = { ...e, orgId };
    const hash = auditHash(prevHash, entry, at);
    const row = {
      org_id: orgId,
      at,
      actor_user_id: e.actorUserId,
      actor_role: e.actorRole,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  // 9 parameters a row; stay well under PostgreSQL's 65,535 bind parameters.
  for (let i = 0; i < rows.length; i += 1000) await tx.insertInto('audit_log').values(rows.slice(i, i + 1000)).execute();
}
