import { sql, type Selectable } from 'kysely';
import { Problem } from '../../core/errors/outcome.ts';
import { Dhis2Mapping, type Dhis2ImportSummary, type Dhis2Settings } from '../../core/exports/dhis2.ts';
import { newId } from '../../core/ids.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Dhis2SendsTable, Dhis2SettingsTable } from '../db/schema.ts';
import type { Tx } from '../db/scope.ts';

/**
 * The hub's DHIS2 settings and its history of dry runs and sends (tables of migration 0006). Every
 * function runs in the hub's `inOrg` transaction; the sealed password leaves this file only as
 * `connectionOf` for the one request that sends.
 */

const EMPTY_MAPPING: Dhis2Mapping = { dataElements: [], orgUnits: [], periodKind: 'month' };

/** The settings as the page sees them: never the password, only whether one is saved. */
export interface Dhis2SettingsOut {
  baseUrl: string | null;
  username: string | null;
  hasPassword: boolean;
  mapping: Dhis2Mapping;
  /** 0 until first saved; each save adds one (a dry run holds for one version). */
  version: number;
  updatedAt: string | null;
}

type SettingsRow = Selectable<Dhis2SettingsTable>;

export function mappingOf(row: SettingsRow | undefined): Dhis2Mapping {
  if (!row) return EMPTY_MAPPING;
  const raw = typeof row.mapping === 'string' ? JSON.parse(row.mapping) : row.mapping;
  return Dhis2Mapping.parse(raw);
}

export async function loadSettingsRow(tx: Tx, orgId: string): Promise<SettingsRow | undefined> {
  return tx.selectFrom('dhis2_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export function settingsOut(row: SettingsRow | undefined): Dhis2SettingsOut {
  return {
    baseUrl: row?.base_url ?? null,
    username: row?.username ?? null,
    hasPassword: Boolean(row?.password_enc),
    mapping: mappingOf(row),
    version: row?.version ?? 0,
    updatedAt: row ? new Date(row.updated_at).toISOString() : null,
  };
}

/**
 * Saves the settings and moves the version on. An empty or absent password keeps the saved one,
 * except when the server's address changes: then it must be typed again, so a stored password is
 * never sent to a server it was not typed for.
 */
export async function saveSettings(tx: Tx, crypto: Crypto, orgId: string, input: Dhis2Settings, userId: string): Promise<SettingsRow> {
  const current = await loadSettingsRow(tx, orgId);
  const newPassword = input.password ? crypto.encrypt(input.password) : null;
  const addressChanged = current?.base_url != null && input.baseUrl !== current.base_url;
  if (!newPassword && addressChanged && current?.password_enc) throw new Problem('DHIS2_PASSWORD_REQUIRED', {}, 'password');
  const password_enc = newPassword ?? current?.password_enc ?? null;
  const values = { base_url: input.baseUrl, username: input.username || null, password_enc, mapping: JSON.stringify(input.mapping), updated_at: new Date(), updated_by: userId };
  if (!current) {
    return tx.insertInto('dhis2_settings').values({ org_id: orgId, ...values, version: 1 }).returningAll().executeTakeFirstOrThrow();
  }
  return tx
    .updateTable('dhis2_settings')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('org_id', '=', orgId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface Dhis2Connection {
  baseUrl: string;
  username: string;
  password: string;
}

/** The connection to send with, or null when part of it is missing. */
export function connectionOf(crypto: Crypto, row: SettingsRow | undefined): Dhis2Connection | null {
  if (!row?.base_url || !row.username || !row.password_enc) return null;
  return { baseUrl: row.base_url, username: row.username, password: crypto.decrypt(row.password_enc) };
}

/** Why a send did not give an import summary, or what was odd about it. */
export const DHIS2_SEND_REASONS = ['unreachable', 'timeout', 'auth_failed', 'redirected', 'not_dhis2', 'server_error'] as const;
export type Dhis2SendReason = (typeof DHIS2_SEND_REASONS)[number];

export interface Dhis2SendOut {
  id: string;
  at: string;
  period: string;
  dryRun: boolean;
  settingsVersion: number;
  status: 'success' | 'warning' | 'error' | 'unreachable';
  httpStatus: number | null;
  valuesSent: number;
  reason: Dhis2SendReason | null;
  import: Dhis2ImportSummary | null;
  /** Mapped indicators that could not be computed yet (left out of the values). */
  notComputed: string[];
}

interface StoredSummary {
  reason: Dhis2SendReason | null;
  import: Dhis2ImportSummary | null;
  notComputed: string[];
}

function sendOut(row: Selectable<Dhis2SendsTable>): Dhis2SendOut {
  const summary = (typeof row.summary === 'string' ? JSON.parse(row.summary) : row.summary) as StoredSummary | null;
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    period: row.periods[0] ?? '',
    dryRun: row.dry_run,
    settingsVersion: row.settings_version,
    status: row.status as Dhis2SendOut['status'],
    httpStatus: row.http_status,
    valuesSent: row.values_sent,
    reason: summary?.reason ?? null,
    import: summary?.import ?? null,
    notComputed: summary?.notComputed ?? [],
  };
}

export interface NewSend {
  period: string;
  dryRun: boolean;
  settingsVersion: number;
  status: Dhis2SendOut['status'];
  httpStatus: number | null;
  valuesSent: number;
  summary: StoredSummary;
}

export async function recordSend(tx: Tx, orgId: string, userId: string, send: NewSend): Promise<Dhis2SendOut> {
  const row = await tx
    .insertInto('dhis2_sends')
    .values({
      id: newId(),
      org_id: orgId,
      at: new Date(),
      periods: [send.period],
      dry_run: send.dryRun,
      settings_version: send.settingsVersion,
      status: send.status,
      http_status: send.httpStatus,
      values_sent: send.valuesSent,
      summary: JSON.stringify(send.summary),
      by_user: userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return sendOut(row);
}

export async function listSends(tx: Tx, orgId: string, limit = 100): Promise<Dhis2SendOut[]> {
  const rows = await tx.selectFrom('dhis2_sends').selectAll().where('org_id', '=', orgId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(sendOut);
}

/** Whether DHIS2 accepted a dry run of this period built with this settings version, without objection. */
export async function hasCleanDryRun(tx: Tx, orgId: string, period: string, settingsVersion: number): Promise<boolean> {
  const row = await tx
    .selectFrom('dhis2_sends')
    .select('id')
    .where('org_id', '=', orgId)
    .where('dry_run', '=', true)
    .where('status', '=', 'success')
    .where('settings_version', '=', settingsVersion)
    .where(sql<boolean>`periods = array[${period}]::text[]`)
    .executeTakeFirst();
  return row !== undefined;
}
