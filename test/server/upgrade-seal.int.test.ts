import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { connect } from '../../src/server/db/connect.ts';
import { createCrypto } from '../../src/server/db/crypto.ts';
import { migrationProvider } from '../../src/server/db/migrations/index.ts';
import { registrationCodeHash } from '../../src/server/events/store.ts';
import { openContext } from '../../src/server/runtime.ts';
import { createPostgresDatabase } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

/**
 * An upgrade as it happens in the field: a database at 0012 (before registration codes were hashed
 * and group topics sealed) holds rows written in clear; the new version starts (`openContext`, as
 * `npm start` does), applies 0013 and 0014, and its seal steps convert those rows before anything
 * is served. A second start converts nothing.
 */
describe.each(testDialects())('upgrading a database that kept codes and topics in clear (%s)', (kind) => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('seals them at the first start of the new version, once', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldlab-upgrade-'));
    dirs.push(dataDir);
    const databaseUrl = kind === 'postgres' ? await createPostgresDatabase() : undefined;
    const secretKey = randomBytes(32).toString('hex');
    const config = loadConfig({ FIELDLAB_DATA_DIR: dataDir, FIELDLAB_SECRET_KEY: secretKey, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });

    // The old version: schema up to 0012, and rows as 0007 and 0008 wrote them (foreign keys off:
    // only these two tables matter here).
    const old = await connect({ databaseUrl, dataDir });
    const migrated = await new Migrator({ db: old.kysely, provider: migrationProvider }).migrateTo('0012_indicator_cache');
    expect(migrated.error).toBeUndefined();
    const [orgId, eventId, groupId, userId, registrationId, sessionId] = Array.from({ length: 6 }, () => randomUUID());
    await old.kysely.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`insert into event_registrations (id, org_id, event_id, code, name_enc, details_enc, via, consent_version)
        values (${registrationId}, ${orgId}, ${eventId}, 'K7QM-3XPA', 'v1:sealed-name', 'v1:sealed-details', 'public', '2026-1')`.execute(tx);
      await sql`insert into group_sessions (id, org_id, group_id, at, topic, facilitator_ids, anonymous_count, materials, recorded_by, version)
        values (${sessionId}, ${orgId}, ${groupId}, now(), 'Nói chuyện với T.H. về tái sử dụng', ${sql.raw(`'{${userId}}'`)}::uuid[], 0, '[]'::jsonb, ${userId}, 1)`.execute(tx);
    });
    await old.close();

    // The new version starts.
    const ctx = await openContext(config);
    try {
      expect(ctx.sealed).toEqual(expect.arrayContaining([{ name: 'events.registration_codes', rows: 1 }, { name: 'group_sessions.topic', rows: 1 }]));
      const reg = await sql<{ code: string | null; code_hash: string }>`select code, code_hash from event_registrations where id = ${registrationId}`.execute(ctx.db.kysely);
      expect(reg.rows[0]).toEqual({ code: null, code_hash: registrationCodeHash(ctx.crypto, 'K7QM-3XPA') });
      const session = await sql<{ topic: string | null; topic_enc: string }>`select topic, topic_enc from group_sessions where id = ${sessionId}`.execute(ctx.db.kysely);
      expect(session.rows[0]!.topic).toBeNull();
      expect(session.rows[0]!.topic_enc).not.toContain('T.H.');
      expect(ctx.crypto.decrypt(session.rows[0]!.topic_enc)).toBe('Nói chuyện với T.H. về tái sử dụng');
      // Sealed with the key of this installation, not any other.
      expect(() => createCrypto(randomBytes(32)).decrypt(session.rows[0]!.topic_enc)).toThrow();
    } finally {
      await ctx.db.close();
    }

    const again = await openContext(config);
    try {
      expect(again.sealed).toEqual([]);
    } finally {
      await again.db.close();
    }
  });
});
