import type { FastifyBaseLogger } from 'fastify';
import { permissionsIn, type Membership } from '../../core/auth/roles.ts';
import { DEFAULT_UIC_RECIPE, UicRecipe } from '../../core/clients/uic.ts';
import { renderError, type Lang } from '../../core/errors/catalogue.ts';
import { Problem } from '../../core/errors/outcome.ts';
import { decideMutation, parseMutation, type MutationEnvelope, type MutationName, type MutationResult, type PushRequest, type PushResponse } from '../../core/sync/protocol.ts';
import { appendAuditBatch } from '../audit/batch.ts';
import { uicIndex } from '../clients/apply.ts';
import type { AppContext } from '../context.ts';
import { asSystem, inOrg, type Tx } from '../db/scope.ts';
import { APPLIERS, referencedIds, type MutationMeta } from './appliers.ts';
import { Batch, Rejection, type Actor } from './batch.ts';
import { lockVersion, setVersion } from './versions.ts';

export interface Pusher {
  userId: string;
  memberships: readonly Membership[];
  role: string | null;
}

/**
 * A device may only ever speak for one person in one organisation. Checked as the system, since a
 * device id claimed by another organisation is invisible under that organisation's row security.
 */
export async function claimDevice(ctx: AppContext, deviceId: string, orgId: string, userId: string): Promise<void> {
  const owner = await asSystem(ctx.db.kysely, (tx) => tx.selectFrom('sync_devices').select(['org_id', 'user_id']).where('id', '=', deviceId).executeTakeFirst());
  if (owner && (owner.org_id !== orgId || owner.user_id !== userId)) throw new Problem('DEVICE_NOT_YOURS');
  if (!owner) {
    await inOrg(ctx.db.kysely, orgId, (tx) =>
      tx.insertInto('sync_devices').values({ id: deviceId, org_id: orgId, user_id: userId }).onConflict((oc) => oc.column('id').doNothing()).execute(),
    );
  }
}

export async function networkRecipe(tx: Tx): Promise<UicRecipe> {
  const row = await tx.selectFrom('network').select('uic_recipe').executeTakeFirst();
  const parsed = UicRecipe.safeParse(row?.uic_recipe);
  return parsed.success ? parsed.data : DEFAULT_UIC_RECIPE;
}

async function preload(b: Batch, parsed: readonly { name: MutationName; args: unknown }[]): Promise<void> {
  const { tx, orgId } = b;
  const sites = await tx.selectFrom('sites').select('id').where('org_id', '=', orgId).where('active', '=', true).execute();
  for (const s of sites) b.sites.add(s.id);
  const items = await tx.selectFrom('catalogue_items').select('id').where('org_id', '=', orgId).where('active', '=', true).execute();
  for (const i of items) b.items.add(i.id);

  const refs = referencedIds(parsed);
  const hmacs = refs.uics.map((u) => uicIndex(b, u));
  if (refs.clientIds.length || hmacs.length) {
    const clients = await tx
      .selectFrom('clients')
      .select(['id', 'merged_into', 'uic_hmac'])
      .where('org_id', '=', orgId)
      .where((eb) => eb.or([...(refs.clientIds.length ? [eb('id', 'in', refs.clientIds)] : []), ...(hmacs.length ? [eb('uic_hmac', 'in', hmacs)] : [])]))
      .execute();
    for (const c of clients) {
      b.clients.set(c.id, { id: c.id, canonicalId: c.merged_into ?? c.id });
      if (!c.merged_into) b.uics.set(c.uic_hmac, c.id);
    }
  }
  if (refs.recordIds.length) {
    for (const table of ['contacts', 'anonymous_contacts', 'screenings'] as const) {
      const found = await tx.selectFrom(table).select('id').where('id', 'in', refs.recordIds).execute();
      for (const r of found) b.existingIds.add(r.id);
    }
  }
  if (refs.episodeIds.length) {
    const episodes = await tx.selectFrom('crisis_episodes').select(['id', 'client_id', 'outcome']).where('org_id', '=', orgId).where('id', 'in', refs.episodeIds).execute();
    for (const e of episodes) b.episodes.set(e.id, { clientId: e.client_id, closed: e.outcome !== null });
  }
}

interface Outcome {
  response: PushResponse;
}

/**
 * One push in one transaction: the device's counter, every applied mutation's rows, the
 * rejections, the organisation's version and the audit entries commit together or not at all.
 * So a push cut off anywhere (network, crash, kill -9) leaves no trace, and resending it applies
 * each mutation exactly once.
 */
async function applyBatch(ctx: AppContext, pusher: Pusher, req: PushRequest, mutations: readonly MutationEnvelope[], lang: Lang): Promise<Outcome> {
  return inOrg(ctx.db.kysely, req.orgId, async (tx) => {
    const device = await tx.selectFrom('sync_devices').select('last_mutation_id').where('id', '=', req.deviceId).forUpdate().executeTakeFirstOrThrow();
    let last = Number(device.last_mutation_id);
    const base = await lockVersion(tx, req.orgId);
    const actor: Actor = { userId: pusher.userId, role: pusher.role, permissions: permissionsIn(pusher.memberships, req.orgId) };
    const b = new Batch(tx, ctx.crypto, await networkRecipe(tx), req.orgId, actor, req.deviceId, new Date(), base);

    const parsed = mutations.map((m) => ({ m, p: parseMutation(m) }));
    await preload(b, parsed.flatMap(({ p }) => (p.ok ? [{ name: p.name, args: p.args }] : [])));

    const results: MutationResult[] = [];
    const rejections: { mutation_id: number; name: string; code: string; field: string | null }[] = [];
    let resendFrom: number | undefined;
    const reject = (m: MutationEnvelope, code: Rejection['code'], field?: string) => {
      rejections.push({ mutation_id: m.id, name: m.name.slice(0, 60), code, field: field ?? null });
      results.push({ id: m.id, status: 'rejected', code, field, message: renderError(code, lang, { field: field ?? '' }) });
    };

    for (const { m, p } of parsed) {
      const decision = decideMutation(last, m.id);
      if (decision.kind === 'already_processed') {
        results.push({ id: m.id, status: 'already_processed' });
        continue;
      }
      if (decision.kind === 'out_of_order') {
        resendFrom = decision.resendFrom;
        break;
      }
      last = m.id;
      if (!p.ok) {
        reject(m, p.code, p.field);
        continue;
      }
      const clientTime = Date.parse(m.clientTime);
      const meta: MutationMeta = { id: m.id, at: Number.isNaN(clientTime) ? b.now : new Date(Math.min(clientTime, b.now.getTime())) };
      try {
        const applied = await APPLIERS[p.name](b, p.args as never, meta);
        results.push({ id: m.id, status: 'applied', ...(applied && 'mergedInto' in applied && applied.mergedInto ? { mergedInto: applied.mergedInto } : {}) });
      } catch (err) {
        if (!(err instanceof Rejection)) throw err;
        reject(m, err.code, err.field);
      }
    }

    await b.flush();
    await tx.updateTable('sync_devices').set({ last_mutation_id: last, last_seen_at: b.now }).where('id', '=', req.deviceId).execute();
    if (rejections.length) {
      await tx
        .insertInto('sync_rejections')
        .values(rejections.map((r) => ({ ...r, org_id: req.orgId, device_id: req.deviceId })))
        .onConflict((oc) => oc.columns(['device_id', 'mutation_id']).doNothing())
        .execute();
    }
    if (b.lastVersion !== base) await setVersion(tx, req.orgId, b.lastVersion);
    await appendAuditBatch(tx, req.orgId, b.audit);
    return { response: { lastMutationId: last, results, ...(resendFrom !== undefined ? { resendFrom } : {}) } };
  });
}

/**
 * `POST /api/sync/push`. The whole batch is applied in one transaction; if that fails for a reason
 * no rule foresaw, each mutation is retried in a transaction of its own, and one that still fails
 * is recorded as rejected (INTERNAL) so the queue moves on and the device can resend it.
 */
export async function pushMutations(ctx: AppContext, pusher: Pusher, req: PushRequest, lang: Lang, log: FastifyBaseLogger): Promise<PushResponse> {
  await claimDevice(ctx, req.deviceId, req.orgId, pusher.userId);
  try {
    return (await applyBatch(ctx, pusher, req, req.mutations, lang)).response;
  } catch (err) {
    if (err instanceof Problem) throw err;
    log.warn({ err: { type: (err as Error).name, code: (err as { code?: string }).code } }, 'sync batch failed; applying its mutations one by one');
  }
  const results: MutationResult[] = [];
  let lastMutationId = 0;
  for (const m of req.mutations) {
    let outcome: PushResponse;
    try {
      outcome = (await applyBatch(ctx, pusher, req, [m], lang)).response;
    } catch (err) {
      if (err instanceof Problem) throw err;
      log.error({ err: { type: (err as Error).name, code: (err as { code?: string }).code } }, 'sync mutation failed');
      outcome = await recordInternalRejection(ctx, req, m, lang);
    }
    results.push(...outcome.results);
    lastMutationId = outcome.lastMutationId;
    if (outcome.resendFrom !== undefined) return { lastMutationId, results, resendFrom: outcome.resendFrom };
  }
  return { lastMutationId, results };
}

async function recordInternalRejection(ctx: AppContext, req: PushRequest, m: MutationEnvelope, lang: Lang): Promise<PushResponse> {
  return inOrg(ctx.db.kysely, req.orgId, async (tx) => {
    const device = await tx.selectFrom('sync_devices').select('last_mutation_id').where('id', '=', req.deviceId).forUpdate().executeTakeFirstOrThrow();
    const last = Number(device.last_mutation_id);
    const decision = decideMutation(last, m.id);
    if (decision.kind === 'already_processed') return { lastMutationId: last, results: [{ id: m.id, status: 'already_processed' as const }] };
    if (decision.kind === 'out_of_order') return { lastMutationId: last, results: [], resendFrom: decision.resendFrom };
    await tx.updateTable('sync_devices').set({ last_mutation_id: m.id }).where('id', '=', req.deviceId).execute();
    await tx
      .insertInto('sync_rejections')
      .values({ org_id: req.orgId, device_id: req.deviceId, mutation_id: m.id, name: m.name.slice(0, 60), code: 'INTERNAL', field: null })
      .onConflict((oc) => oc.columns(['device_id', 'mutation_id']).doNothing())
      .execute();
    return { lastMutationId: m.id, results: [{ id: m.id, status: 'rejected' as const, code: 'INTERNAL' as const, message: renderError('INTERNAL', lang) }] };
  });
}
