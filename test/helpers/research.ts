import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { INSTRUMENTS } from '../../src/core/screening/instruments/index.ts';
import type { ScaleInstrumentId } from '../../src/core/screening/types.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import type { TestApp } from './app.ts';
import type { ReportingOrg } from './indicators.ts';

/**
 * Rows for the research extract and outcomes tests (issue #6 §3–4), written straight into the
 * tables with chosen times. Invented, pseudonymous data only.
 */

/** A research-use decision (or another consent kind) at a chosen time. */
export async function addConsent(t: TestApp, org: ReportingOrg, clientId: string, given: boolean, at: string, kind = 'research'): Promise<void> {
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx.insertInto('client_consents').values({ id: uuidv7(), org_id: org.orgId, client_id: clientId, kind, given, at, recorded_by: org.userId, version: 1 }).execute(),
  );
}

/** A complete screening of a scale instrument with a chosen total (its band from the instrument's bands). */
export async function addScreening(t: TestApp, org: ReportingOrg, clientId: string, instrumentId: ScaleInstrumentId, at: string, total: number): Promise<void> {
  const band = INSTRUMENTS[instrumentId].bands.find((b) => b.min <= total && total <= b.max)!.id;
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx
      .insertInto('screenings')
      .values({
        id: uuidv7(),
        org_id: org.orgId,
        client_id: clientId,
        instrument_id: instrumentId,
        instrument_version: '1',
        at,
        answers_enc: t.ctx.crypto.encrypt('[]'),
        substance: null,
        crisis_episode_id: null,
        complete: true,
        total,
        band,
        subscores: null,
        flags: [],
        recorded_by: org.userId,
        device_id: null,
        version: 1,
      })
      .execute(),
  );
}

/** A listed provider of the directory, for referrals. */
export async function addListedProvider(t: TestApp, org: ReportingOrg): Promise<string> {
  const id = uuidv7();
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx
      .insertInto('providers')
      .values({
        id,
        org_id: null,
        name: `Phòng khám thử ${id.slice(-6)}`,
        kind: 'psychiatry',
        services: ['psychiatric_assessment'],
        address: 'Số 0 phố Thử',
        province_id: 'ha-noi',
        opening_hours: '8–17',
        phone: '024 3000 0199',
        languages: ['vi'],
        cost: 'free',
        walk_in: true,
        active: true,
        created_by: org.userId,
        updated_by: org.userId,
      })
      .execute(),
  );
  return id;
}

/** A referral made at `at`, with an optional later event (attend, complete…) recorded on it. */
export async function addReferral(t: TestApp, org: ReportingOrg, clientId: string, providerId: string, at: string, events: { event: string; at: string }[] = [], reason = 'Lý do riêng tư'): Promise<string> {
  const id = uuidv7();
  await asSystem(t.ctx.db.kysely, async (tx) => {
    await tx
      .insertInto('referrals')
      .values({
        id,
        code: `T${randomBytes(4).toString('hex').toUpperCase()}`,
        from_org_id: org.orgId,
        client_id: clientId,
        provider_id: providerId,
        to_org_id: null,
        service: 'psychiatric_assessment',
        reason_enc: t.ctx.crypto.encrypt(reason),
        urgency: 'routine',
        due_on: at.slice(0, 10),
        share: [],
        shared_enc: null,
        at,
        contact_id: null,
        crisis_episode_id: null,
        status: 'sent',
        status_at: at,
        created_by: org.userId,
        device_id: null,
        version: 1,
      })
      .execute();
    for (const e of [{ event: 'send', at }, ...events]) {
      await tx.insertInto('referral_events').values({ id: uuidv7(), referral_id: id, from_org_id: org.orgId, to_org_id: null, event: e.event, at: e.at, note_enc: null, outcome: null, by_user: org.userId, by_org_id: org.orgId }).execute();
    }
  });
  return id;
}

/** A crisis episode of a client at `at`. */
export async function addCrisis(t: TestApp, org: ReportingOrg, clientId: string, at: string, level = 'acute', notes = 'Ghi chú khủng hoảng riêng'): Promise<void> {
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx
      .insertInto('crisis_episodes')
      .values({
        id: uuidv7(),
        org_id: org.orgId,
        client_id: clientId,
        site_id: org.siteIds[0],
        at,
        red_flags: ['panic'],
        cssrs_band: null,
        level,
        device_level: level,
        guidance_version: '1',
        notes_enc: t.ctx.crypto.encrypt(notes),
        follow_up_on: null,
        referral_urgency: null,
        referral_note_enc: null,
        opened_by: org.userId,
        version: 1,
      })
      .execute(),
  );
}

/** Sets a client's nickname, phone and UIC to known invented values, sealed as the app seals them. */
export async function setIdentifiers(t: TestApp, clientId: string, ids: { uic: string; nickname: string; phone: string }): Promise<void> {
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx
      .updateTable('clients')
      .set({ uic_enc: t.ctx.crypto.encrypt(ids.uic), nickname_enc: t.ctx.crypto.encrypt(ids.nickname), phone_enc: t.ctx.crypto.encrypt(ids.phone) })
      .where('id', '=', clientId)
      .execute(),
  );
}
