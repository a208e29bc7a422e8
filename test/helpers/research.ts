import { v7 as uuidv7 } from 'uuid';
import { INSTRUMENTS } from '../../src/core/screening/instruments/index.ts';
import type { ScaleInstrumentId } from '../../src/core/screening/types.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import type { TestApp } from './app.ts';
import type { ReportingOrg } from './indicators.ts';

/**
 * Rows for the research extract and outcomes tests (issue #6 §3–4), written straight into the
 * tables with chosen times. Invented, pseudonymous data only. Providers, referrals and crisis
 * episodes come from indicators-care.ts.
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

/** Seals a known invented note onto a contact or crisis episode, to prove it never leaves. */
export async function setNote(t: TestApp, table: 'contacts' | 'crisis_episodes', id: string, note: string): Promise<void> {
  await asSystem(t.ctx.db.kysely, (tx) => tx.updateTable(table).set({ notes_enc: t.ctx.crypto.encrypt(note) }).where('id', '=', id).execute());
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
