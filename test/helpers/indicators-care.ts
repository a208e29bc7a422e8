import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { CrisisLevel, CrisisOutcome } from '../../src/core/crisis/schema.ts';
import { deriveStatus } from '../../src/core/referrals/lifecycle.ts';
import type { ReferralEventKind } from '../../src/core/referrals/schema.ts';
import { scoreInstrument } from '../../src/core/screening/score.ts';
import { DEFAULT_SCREENING_SETTINGS, type ScreeningSettings } from '../../src/core/screening/settings.ts';
import type { InstrumentId } from '../../src/core/screening/types.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import type { TestApp } from './app.ts';
import type { ReportingOrg } from './indicators.ts';

/**
 * Hand-made mental-health and referral records for the care indicators' SQL (issue #6 tests),
 * written straight into the tables with chosen times, shaped as the app writes them: a screening
 * is scored by core's `scoreInstrument` and stored as recordScreening stores it; a crisis episode
 * as openCrisisEpisode then closeCrisisEpisode leave it; a referral with its events appended in
 * order and its status derived from them, as appendReferralEvent does.
 */

/** Stores a screening of `answers`, scored as the server scores them; returns its id. */
export async function addScreening(t: TestApp, org: ReportingOrg, clientId: string, spec: { instrument: InstrumentId; answers: unknown; at: string }): Promise<string> {
  const id = uuidv7();
  const result = scoreInstrument(spec.instrument, spec.answers);
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx
      .insertInto('screenings')
      .values({
        id,
        org_id: org.orgId,
        client_id: clientId,
        instrument_id: spec.instrument,
        instrument_version: '1',
        at: spec.at,
        answers_enc: t.ctx.crypto.encrypt(JSON.stringify(spec.answers)),
        substance: null,
        crisis_episode_id: null,
        complete: result.complete,
        total: result.total ?? null,
        band: result.band ?? null,
        subscores: result.subscores ? JSON.stringify(result.subscores) : null,
        flags: [...result.flags],
        recorded_by: org.userId,
        device_id: null,
        version: 1,
      })
      .execute(),
  );
  return id;
}

/** Gives the organisation its own screening settings (cut-offs), as the settings page saves them. */
export async function setScreeningCutOffs(t: TestApp, org: ReportingOrg, cutOffs: Partial<ScreeningSettings['cutOffs']>): Promise<void> {
  const screening: ScreeningSettings = { ...DEFAULT_SCREENING_SETTINGS, cutOffs: { ...DEFAULT_SCREENING_SETTINGS.cutOffs, ...cutOffs } };
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx.insertInto('org_settings').values({ org_id: org.orgId, screening: JSON.stringify(screening), version: 1, updated_by: org.userId }).execute(),
  );
}

/** ASSIST answers: every substance never used, except those given. */
export function assistAnswers(used: Record<string, object> = {}): Record<string, object> {
  const never = { q1: false };
  const all = ['tobacco', 'alcohol', 'cannabis', 'cocaine', 'ats', 'inhalants', 'sedatives', 'hallucinogens', 'opioids', 'other'];
  return Object.fromEntries(all.map((s) => [s, used[s] ?? never]));
}

export interface CrisisSpec {
  at: string;
  /** When the server recorded the close; null leaves the episode open. */
  closedAt: string | null;
  level?: CrisisLevel;
  outcome?: CrisisOutcome | null;
  /** When the worker recorded the outcome (device time); the opening time by default. */
  outcomeAt?: string;
  followUpOn?: string | null;
  /** Index into org.siteIds, or null for no site; 0 by default. */
  site?: 0 | 1 | null;
}

/** A crisis episode, opened and (unless closedAt is null) closed; returns its id. */
export async function addCrisisEpisode(t: TestApp, org: ReportingOrg, clientId: string | null, spec: CrisisSpec): Promise<string> {
  const id = uuidv7();
  const closed = spec.closedAt !== null;
  await asSystem(t.ctx.db.kysely, (tx) =>
    tx
      .insertInto('crisis_episodes')
      .values({
        id,
        org_id: org.orgId,
        client_id: clientId,
        site_id: spec.site === null ? null : org.siteIds[spec.site ?? 0],
        at: spec.at,
        red_flags: ['panic'],
        cssrs_band: null,
        level: spec.level ?? 'acute',
        device_level: spec.level ?? 'acute',
        guidance_version: '1',
        steps: '[]',
        outcome: closed ? (spec.outcome === undefined ? 'resolved_on_site' : spec.outcome) : null,
        outcome_at: closed ? (spec.outcomeAt ?? spec.at) : null,
        notes_enc: null,
        follow_up_on: closed ? (spec.followUpOn ?? null) : null,
        opened_by: org.userId,
        closed_by: closed ? org.userId : null,
        closed_at: spec.closedAt,
        device_id: null,
        version: 1,
      })
      .execute(),
  );
  return id;
}

/** A listed provider (no organisation of its own) in the network's directory; returns its id. */
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
        address: '1 Phố Thử, Hà Nội',
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

export interface ReferralSpec {
  /** When the referral was made. */
  at: string;
  providerId: string;
  /** Appended in this order, each with its own time. */
  events?: { event: ReferralEventKind; at: string }[];
}

/**
 * A referral and its events; the stored status is derived from the events (`deriveStatus`),
 * events the lifecycle refuses included as facts that change nothing. Returns the id and status.
 */
export async function addReferral(t: TestApp, org: ReportingOrg, clientId: string, spec: ReferralSpec): Promise<{ id: string; status: string }> {
  const id = uuidv7();
  const events = spec.events ?? [];
  const { status } = deriveStatus(events);
  await asSystem(t.ctx.db.kysely, async (tx) => {
    await tx
      .insertInto('referrals')
      .values({
        id,
        code: `T${randomBytes(5).toString('hex').toUpperCase()}`,
        from_org_id: org.orgId,
        client_id: clientId,
        provider_id: spec.providerId,
        to_org_id: null,
        service: 'psychiatric_assessment',
        reason_enc: t.ctx.crypto.encrypt('Cần khám tâm thần (thử)'),
        urgency: 'within_week',
        due_on: spec.at.slice(0, 10),
        share: [],
        shared_enc: null,
        at: spec.at,
        contact_id: null,
        crisis_episode_id: null,
        status,
        status_at: events.at(-1)?.at ?? spec.at,
        created_by: org.userId,
        device_id: null,
        version: 1,
      })
      .execute();
    for (const e of events) {
      await tx
        .insertInto('referral_events')
        .values({ id: uuidv7(), referral_id: id, from_org_id: org.orgId, to_org_id: null, event: e.event, at: e.at, note_enc: null, outcome: null, by_user: org.userId, by_org_id: org.orgId })
        .execute();
    }
  });
  return { id, status };
}
