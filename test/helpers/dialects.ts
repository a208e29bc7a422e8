import type { DbKind } from '../../src/server/db/connect.ts';

/** The databases every integration test runs on: TEST_DIALECTS=pglite,postgres by default. */
export function testDialects(): DbKind[] {
  const raw = process.env.TEST_DIALECTS ?? 'pglite,postgres';
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const d of list) if (d !== 'pglite' && d !== 'postgres') throw new Error(`TEST_DIALECTS: unknown "${d}"`);
  return list as DbKind[];
}
