import { v7 as uuidv7 } from 'uuid';
import { asSystem } from '../../src/server/db/scope.ts';
import type { TestApp } from './app.ts';

/** A group of the organisation, written straight to the database (indicator and outcome tests). */
export async function addGroup(t: TestApp, org: { orgId: string; siteId: string; userId: string }, name = 'Nhóm cân nhắc'): Promise<string> {
  const id = uuidv7();
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx
      .insertInto('groups')
      .values({
        id,
        org_id: org.orgId,
        name,
        kind: 'contemplation',
        site_id: org.siteId,
        facilitator_ids: [org.userId],
        schedule: JSON.stringify({ repeat: 'weekly', weekday: 'tuesday', startsOn: '2026-01-06', endsOn: null, time: '18:00' }),
        created_by: org.userId,
        version: 1,
      })
      .execute(),
  );
  return id;
}

/** A session the group held at `at`, attended by `clientIds`. */
export async function addGroupSession(t: TestApp, org: { orgId: string; userId: string }, groupId: string, at: string, clientIds: readonly string[]): Promise<string> {
  const id = uuidv7();
  await asSystem(t.ctx.db.kysely, async (tx) => {
    await tx
      .insertInto('group_sessions')
      .values({ id, org_id: org.orgId, group_id: groupId, at, topic_enc: t.ctx.crypto.encrypt('Chủ đề'), facilitator_ids: [org.userId], anonymous_count: 0, materials: '[]', notes_enc: null, recorded_by: org.userId, device_id: null, mutation_id: null, version: 1 })
      .execute();
    if (clientIds.length) await tx.insertInto('group_attendance').values(clientIds.map((client_id) => ({ org_id: org.orgId, session_id: id, client_id, at }))).execute();
  });
  return id;
}
