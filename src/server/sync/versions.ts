import { sql } from 'kysely';
import type { Tx } from '../db/scope.ts';

/**
 * The organisation's version counter (DESIGN §4). `lockVersion` takes the counter's row lock for
 * the rest of the transaction and returns its value; the writer then numbers its rows above it
 * and stores the new value with `setVersion`. Because writers of one organisation queue on this
 * lock, versions become visible in order, and a pull that saw version V has seen all rows ≤ V.
 */
export async function lockVersion(tx: Tx, orgId: string): Promise<number> {
  const { rows } = await sql<{ version: string }>`
    insert into org_versions (org_id, version) values (${orgId}, 0)
    on conflict (org_id) do update set version = org_versions.version
    returning version`.execute(tx);
  return Number(rows[0]!.version);
}

export async function setVersion(tx: Tx, orgId: string, version: number): Promise<void> {
  await tx.updateTable('org_versions').set({ version: String(version) } as never).where('org_id', '=', orgId).execute();
}

/** The committed version, for a pull. */
export async function currentVersion(tx: Tx, orgId: string): Promise<number> {
  const row = await tx.selectFrom('org_versions').select('version').where('org_id', '=', orgId).executeTakeFirst();
  return row ? Number(row.version) : 0;
}

/** One version for a single write made outside sync (a manager editing the catalogue). */
export async function nextVersion(tx: Tx, orgId: string): Promise<number> {
  const v = (await lockVersion(tx, orgId)) + 1;
  await setVersion(tx, orgId, v);
  return v;
}
