import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { ClientProfile, type EditClientProfileArgs, type RecordConsentArgs, type RegisterClientArgs } from '../../core/clients/schema.ts';
import { parseUic, uicMaskedVariants } from '../../core/clients/uic.ts';
import type { MutationMeta } from '../sync/appliers.ts';
import { Rejection, type Batch } from '../sync/batch.ts';

/** Blind index of a UIC; the purpose string keeps it apart from every other HMAC the server makes. */
export function uicIndex(b: { crypto: Batch['crypto'] }, uic: string): string {
  return b.crypto.blindIndex(uic, 'uic');
}

export function uicNearIndexes(b: { crypto: Batch['crypto']; recipe: Batch['recipe'] }, uic: string): string[] {
  return uicMaskedVariants(uic, b.recipe).map((v) => b.crypto.blindIndex(v, 'uic-near'));
}

function checkSite(b: Batch, siteId: string | undefined, field: string): void {
  if (siteId !== undefined && !b.sites.has(siteId)) throw new Rejection('SITE_NOT_FOUND', field);
}

/**
 * registerClient: creates the client. If the organisation already has a client with this UIC
 * (two workers offline met the same person), the new id is kept as an alias merged into that
 * client, so contacts recorded against either id land on one person and nothing is lost.
 */
export function applyRegisterClient(b: Batch, args: RegisterClientArgs, meta: MutationMeta): { mergedInto?: string } {
  b.require('client.record');
  const uic = args.uic.toUpperCase();
  if (!parseUic(uic, b.recipe)) throw new Rejection('UIC_INVALID', 'uic');
  checkSite(b, args.profile.siteId, 'profile.siteId');
  if (b.clients.has(args.clientId)) throw new Rejection('ALREADY_RECORDED', 'clientId');

  const hmac = uicIndex(b, uic);
  const existing = b.uics.get(hmac);
  const version = b.nextVersion();
  const p = args.profile;
  b.rows.clients.push({
    id: args.clientId,
    org_id: b.orgId,
    site_id: p.siteId,
    uic_hmac: hmac,
    uic_near_hmacs: uicNearIndexes(b, uic),
    uic_enc: b.crypto.encrypt(uic),
    nickname_enc: p.nickname ? b.crypto.encrypt(p.nickname) : null,
    phone_enc: p.phone ? b.crypto.encrypt(p.phone) : null,
    birth_year: p.birthYear,
    sex_at_birth: p.sexAtBirth,
    gender_identity: p.genderIdentity,
    key_populations: p.keyPopulations,
    substances: p.substances,
    routes: p.routes,
    province_id: p.provinceId,
    referral_source: p.referralSource,
    merged_into: existing ?? null,
    registered_at: meta.at,
    registered_by: b.actor.userId,
    version,
  });
  const canonicalId = existing ?? args.clientId;
  b.clients.set(args.clientId, { id: args.clientId, canonicalId });
  if (!existing) b.uics.set(hmac, args.clientId);
  for (const c of args.consents) {
    b.rows.consents.push({ id: uuidv7(), org_id: b.orgId, client_id: canonicalId, kind: c.kind, given: c.given, at: meta.at, recorded_by: b.actor.userId, version });
  }
  b.record(existing ? 'client.register_merged' : 'client.register', 'client', args.clientId);
  return existing ? { mergedInto: existing } : {};
}

/** recordConsent: appends a decision; the latest one per kind counts. */
export function applyRecordConsent(b: Batch, args: RecordConsentArgs, meta: MutationMeta): void {
  b.require('client.record');
  const clientId = b.canonicalClient(args.clientId);
  const version = b.nextVersion();
  b.rows.consents.push({ id: uuidv7(), org_id: b.orgId, client_id: clientId, kind: args.kind, given: args.given, at: meta.at, recorded_by: b.actor.userId, version });
  b.record(args.given ? 'consent.give' : 'consent.withdraw', 'client', clientId);
}

const ENCRYPTED_FIELDS = { nickname: 'nickname_enc', phone: 'phone_enc' } as const;
const PLAIN_FIELDS = {
  birthYear: 'birth_year',
  sexAtBirth: 'sex_at_birth',
  genderIdentity: 'gender_identity',
  keyPopulations: 'key_populations',
  substances: 'substances',
  routes: 'routes',
  provinceId: 'province_id',
  siteId: 'site_id',
  referralSource: 'referral_source',
} as const;
type ProfileField = keyof typeof ENCRYPTED_FIELDS | keyof typeof PLAIN_FIELDS;

/**
 * editClientProfile: DESIGN §4's merge. Every changed field applies (the later arrival wins); a
 * field that someone else changed after `baseVersion` to a different value keeps that value as a
 * conflict for a manager to review, so nothing is lost. Runs at once (not buffered): it reads
 * the row it changes, under a row lock.
 */
export async function applyEditClientProfile(b: Batch, args: EditClientProfileArgs, meta: MutationMeta): Promise<void> {
  b.require('client.record');
  const clientId = b.canonicalClient(args.clientId);
  checkSite(b, args.changes.siteId, 'changes.siteId');
  await b.flush();
  const row = await b.tx.selectFrom('clients').selectAll().where('id', '=', clientId).where('org_id', '=', b.orgId).forUpdate().executeTakeFirst();
  if (!row) throw new Rejection('CLIENT_NOT_FOUND', 'clientId');
  if (args.baseVersion > row.profile_version) throw new Rejection('MUTATION_INVALID', 'baseVersion');

  const current = readProfile(b, row);
  const fieldVersions: Record<string, number> = { ...(row.field_versions ?? {}) };
  const newProfileVersion = row.profile_version + 1;
  const update: Record<string, unknown> = {};
  const conflicts: { field: string; kept: unknown; lost: unknown }[] = [];
  for (const [field, value] of Object.entries(args.changes) as [ProfileField, unknown][]) {
    const before = current[field];
    if (JSON.stringify(before) === JSON.stringify(value)) continue;
    if ((fieldVersions[field] ?? 1) > args.baseVersion) conflicts.push({ field, kept: value, lost: before });
    fieldVersions[field] = newProfileVersion;
    if (field in ENCRYPTED_FIELDS) {
      update[ENCRYPTED_FIELDS[field as keyof typeof ENCRYPTED_FIELDS]] = value ? b.crypto.encrypt(String(value)) : null;
    } else {
      update[PLAIN_FIELDS[field as keyof typeof PLAIN_FIELDS]] = value;
    }
  }
  if (Object.keys(update).length === 0) return;
  const version = b.nextVersion();
  await b.tx
    .updateTable('clients')
    .set({ ...update, profile_version: newProfileVersion, field_versions: JSON.stringify(fieldVersions), version, updated_at: sql`now()` } as never)
    .where('id', '=', clientId)
    .execute();
  for (const c of conflicts) {
    await b.tx
      .insertInto('profile_conflicts')
      .values({
        id: uuidv7(),
        org_id: b.orgId,
        client_id: clientId,
        field: c.field,
        kept_value_enc: b.crypto.encrypt(JSON.stringify(c.kept)),
        lost_value_enc: b.crypto.encrypt(JSON.stringify(c.lost)),
        edited_by: b.actor.userId,
      })
      .execute();
  }
  void meta;
  b.record(conflicts.length ? 'client.edit_with_conflict' : 'client.edit', 'client', clientId);
}

/** A client row's profile in the core schema's shape, decrypted. */
export function readProfile(b: { crypto: Batch['crypto'] }, row: { nickname_enc: string | null; phone_enc: string | null; birth_year: number | null; sex_at_birth: string | null; gender_identity: string; key_populations: string[]; substances: string[]; routes: string[]; province_id: string; site_id: string; referral_source: string }): Record<ProfileField, unknown> {
  const profile = {
    nickname: row.nickname_enc ? b.crypto.decrypt(row.nickname_enc) : null,
    phone: row.phone_enc ? b.crypto.decrypt(row.phone_enc) : null,
    birthYear: row.birth_year,
    sexAtBirth: row.sex_at_birth,
    genderIdentity: row.gender_identity,
    keyPopulations: row.key_populations,
    substances: row.substances,
    routes: row.routes,
    provinceId: row.province_id,
    siteId: row.site_id,
    referralSource: row.referral_source,
  };
  return profile satisfies Record<keyof ClientProfile, unknown>;
}
