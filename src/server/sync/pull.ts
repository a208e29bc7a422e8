import { sql } from 'kysely';
import { can, type Membership } from '../../core/auth/roles.ts';
import { renderError, type ErrorCode, type Lang } from '../../core/errors/catalogue.ts';
import { Schedule } from '../../core/groups/schedule.ts';
import { MAX_PULL_ROWS, type PullResponse } from '../../core/sync/protocol.ts';
import { appendAudit } from '../audit/log.ts';
import { readProfile } from '../clients/apply.ts';
import type { AppContext } from '../context.ts';
import { inOrg } from '../db/scope.ts';
import { episodeOut } from '../crisis/store.ts';
import { listStaff, topicOf } from '../groups/store.ts';
import { listProviders } from '../providers/store.ts';
import { loadEvents, referralOut, sweepLostReferrals } from '../referrals/store.ts';
import { readOrgSettings } from '../screening/settings.ts';
import { screeningOut } from '../screening/store.ts';
import { claimDevice } from './push.ts';
import { currentVersion } from './versions.ts';

export interface PullInput {
  deviceId: string;
  orgId: string;
  cookie: number;
}

type Lines = PullResponse['contacts'][number]['commodities'];

const dateOnly = (d: string | Date | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/**
 * `GET /api/sync/pull`: what changed in the organisation after `cookie` that this person may see,
 * oldest first, at most MAX_PULL_ROWS rows (then `more` is true and the device pulls again with
 * the new cookie). A cookie above the server's version means the device holds another server's
 * history (a restored backup): it gets everything again, with `reset`.
 */
export async function pullChanges(ctx: AppContext, user: { userId: string; role: string | null; memberships: readonly Membership[] }, input: PullInput, lang: Lang): Promise<PullResponse> {
  await claimDevice(ctx, input.deviceId, input.orgId, user.userId);
  const seesClients = can(user.memberships, 'client.read', input.orgId);
  const seesMentalHealth = can(user.memberships, 'mentalhealth.read', input.orgId);
  const seesReferrals = can(user.memberships, 'referral.make', input.orgId);
  const seesDirectory = can(user.memberships, 'provider.read', input.orgId);
  const seesGroups = can(user.memberships, 'group.record', input.orgId);
  return inOrg(ctx.db.kysely, input.orgId, async (tx) => {
    // Referrals past due and grace are closed before the versions are read, so this pull carries them.
    if (seesReferrals) await sweepLostReferrals(tx, ctx.crypto, input.orgId);
    const serverVersion = await currentVersion(tx, input.orgId);
    const reset = input.cookie > serverVersion;
    const from = reset ? 0 : input.cookie;
    // Rows of this organisation written after the cookie and at most at the version read above.
    const inWindow = sql<boolean>`org_id = ${input.orgId} and version > ${from} and version <= ${serverVersion}`;
    const limit = MAX_PULL_ROWS + 1;
    const catalogue = await tx.selectFrom('catalogue_items').selectAll().where(inWindow).orderBy('version').limit(limit).execute();
    const [clients, consents, contacts, anonymous] = seesClients
      ? await Promise.all([
          tx.selectFrom('clients').selectAll().where(inWindow).orderBy('version').limit(limit).execute(),
          tx.selectFrom('client_consents').selectAll().where(inWindow).orderBy('version').limit(limit).execute(),
          tx.selectFrom('contacts').selectAll().where(inWindow).orderBy('version').limit(limit).execute(),
          tx.selectFrom('anonymous_contacts').selectAll().where(inWindow).orderBy('version').limit(limit).execute(),
        ])
      : [[], [], [], []];
    // Episodes of people who are not registered stay with the server: a device needs only those
    // it can file under a client.
    const [screenings, episodes] = seesMentalHealth
      ? await Promise.all([
          tx.selectFrom('screenings').selectAll().where(inWindow).orderBy('version').limit(limit).execute(),
          tx.selectFrom('crisis_episodes').selectAll().where(inWindow).where('client_id', 'is not', null).orderBy('version').limit(limit).execute(),
        ])
      : [[], []];
    // A referral carries the referring organisation's version (its rows, and the events either side appended).
    const referrals = seesReferrals
      ? await tx
          .selectFrom('referrals')
          .selectAll()
          .where('from_org_id', '=', input.orgId)
          .where('version', '>', String(from))
          .where('version', '<=', String(serverVersion))
          .orderBy('version')
          .limit(limit)
          .execute()
      : [];

    // Groups to those who record sessions; sessions and stages name clients, so also client.read.
    const groups = seesGroups ? await tx.selectFrom('groups').selectAll().where(inWindow).orderBy('version').limit(limit).execute() : [];
    const [groupSessions, stageObservations] =
      seesGroups && seesClients
        ? await Promise.all([
            tx.selectFrom('group_sessions').selectAll().where(inWindow).orderBy('version').limit(limit).execute(),
            tx.selectFrom('stage_observations').selectAll().where(inWindow).orderBy('version').limit(limit).execute(),
          ])
        : [[], []];

    // Cut at a version boundary so no mutation's rows are split between two pulls.
    const versions = [...catalogue, ...clients, ...consents, ...contacts, ...anonymous, ...screenings, ...episodes, ...referrals, ...groups, ...groupSessions, ...stageObservations].map((r) => Number(r.version)).sort((a, b) => a - b);
    let cookie = serverVersion;
    let more = false;
    if (versions.length > MAX_PULL_ROWS) {
      const firstLeftOut = versions[MAX_PULL_ROWS]!;
      cookie = firstLeftOut - 1 > from ? firstLeftOut - 1 : firstLeftOut;
      more = true;
    }
    const upTo = <R extends { version: string | number }>(rows: R[]) => rows.filter((r) => Number(r.version) <= cookie);

    const sites = await tx.selectFrom('sites').select(['id', 'name', 'kind', 'province_id', 'active']).where('org_id', '=', input.orgId).orderBy('name').execute();
    const device = await tx.selectFrom('sync_devices').select('last_mutation_id').where('id', '=', input.deviceId).executeTakeFirstOrThrow();
    const rejections = await tx
      .selectFrom('sync_rejections')
      .select(['mutation_id', 'name', 'code', 'field', 'at'])
      .where('device_id', '=', input.deviceId)
      .orderBy('mutation_id', 'desc')
      .limit(200)
      .execute();

    // The settings are small and sent whole: on a first (or reset) pull, and whenever they changed
    // after the cookie. A change above a cut cookie is sent early and again next time; no harm.
    const settingsRow = await tx.selectFrom('org_settings').select('version').where('org_id', '=', input.orgId).executeTakeFirst();
    const orgSettings = from === 0 || (settingsRow && Number(settingsRow.version) > from) ? await readOrgSettings(tx, input.orgId) : null;

    // The directory is the network's, small, and sent whole when it changed after the cookie (see
    // providers/store.ts touchDirectory), like the settings.
    const directoryRow = await tx.selectFrom('org_versions').select('directory_version').where('org_id', '=', input.orgId).executeTakeFirst();
    const providers = seesDirectory && (from === 0 || Number(directoryRow?.directory_version ?? 0) > from) ? await listProviders(tx, { includeInactive: true }) : [];
    const pulledReferrals = upTo(referrals);
    const referralEvents = await loadEvents(tx, pulledReferrals.map((r) => r.id));

    const pulledClients = upTo(clients);
    const pulledScreenings = upTo(screenings);
    const pulledEpisodes = upTo(episodes);
    if (pulledClients.length > 0) {
      // One entry per pull that carried client records; which records it carried follows from the
      // organisation's versions between the two cookies.
      await appendAudit(tx, { orgId: input.orgId, actorUserId: user.userId, actorRole: user.role, action: 'sync.pull', entity: 'clients', entityId: `${from}..${cookie}` });
    }
    if (pulledReferrals.length > 0) {
      await appendAudit(tx, { orgId: input.orgId, actorUserId: user.userId, actorRole: user.role, action: 'sync.pull', entity: 'referrals', entityId: `${from}..${cookie}` });
    }
    const pulledSessions = upTo(groupSessions);
    const pulledStages = upTo(stageObservations);
    const attendance = pulledSessions.length
      ? await tx.selectFrom('group_attendance').select(['session_id', 'client_id']).where('org_id', '=', input.orgId).where('session_id', 'in', pulledSessions.map((s) => s.id)).execute()
      : [];
    const attendeesOf = new Map<string, string[]>();
    for (const a of attendance) (attendeesOf.get(a.session_id) ?? attendeesOf.set(a.session_id, []).get(a.session_id)!).push(a.client_id);
    if (pulledSessions.length > 0 || pulledStages.length > 0) {
      await appendAudit(tx, { orgId: input.orgId, actorUserId: user.userId, actorRole: user.role, action: 'sync.pull', entity: 'groups', entityId: `${from}..${cookie}` });
    }
    if (pulledScreenings.length > 0 || pulledEpisodes.length > 0) {
      await appendAudit(tx, { orgId: input.orgId, actorUserId: user.userId, actorRole: user.role, action: 'sync.pull', entity: 'mental_health', entityId: `${from}..${cookie}` });
    }

    return {
      cookie,
      more,
      reset,
      lastMutationId: Number(device.last_mutation_id),
      rejections: rejections.map((r) => ({
        id: Number(r.mutation_id),
        name: r.name,
        code: r.code,
        field: r.field ?? undefined,
        message: renderError(r.code as ErrorCode, lang, { field: r.field ?? '' }),
        at: new Date(r.at).toISOString(),
      })),
      sites: sites.map((s) => ({ id: s.id, name: s.name, kind: s.kind, provinceId: s.province_id, active: s.active })),
      catalogue: upTo(catalogue).map((i) => ({ id: i.id, kind: i.kind as 'commodity' | 'iec', nameVi: i.name_vi, nameEn: i.name_en, unit: i.unit, category: i.category, active: i.active })),
      clients: pulledClients.map((c) => ({
        id: c.id,
        uic: ctx.crypto.decrypt(c.uic_enc),
        mergedInto: c.merged_into,
        profile: readProfile(ctx, c) as PullResponse['clients'][number]['profile'],
        profileVersion: c.profile_version,
        registeredAt: new Date(c.registered_at).toISOString(),
      })),
      consents: upTo(consents).map((c) => ({ id: c.id, clientId: c.client_id, kind: c.kind, given: c.given, at: new Date(c.at).toISOString() })),
      contacts: upTo(contacts).map((c) => ({
        id: c.id,
        clientId: c.client_id,
        siteId: c.site_id,
        at: new Date(c.at).toISOString(),
        mode: c.mode,
        services: c.services,
        commodities: c.commodities as Lines,
        iec: c.iec as Lines,
        notes: c.notes_enc ? ctx.crypto.decrypt(c.notes_enc) : null,
        followUpOn: dateOnly(c.follow_up_on),
        recordedBy: c.recorded_by,
      })),
      anonymousContacts: upTo(anonymous).map((a) => ({
        id: a.id,
        siteId: a.site_id,
        at: new Date(a.at).toISOString(),
        mode: a.mode,
        counts: a.counts as PullResponse['anonymousContacts'][number]['counts'],
        services: a.services,
        commodities: a.commodities as Lines,
        iec: a.iec as Lines,
      })),
      screenings: pulledScreenings.map((r) => screeningOut(ctx.crypto, r)),
      crisisEpisodes: pulledEpisodes.map((e) => episodeOut(ctx.crypto, e)),
      providers: providers.map(({ ratings: _ratings, ...p }) => p),
      referrals: pulledReferrals.map((r) => referralOut(ctx.crypto, r, referralEvents.get(r.id) ?? [])),
      groups: upTo(groups).map((g) => ({ id: g.id, name: g.name, kind: g.kind, siteId: g.site_id, facilitatorIds: g.facilitator_ids, schedule: Schedule.parse(g.schedule), active: g.active })),
      groupSessions: pulledSessions.map((s) => ({
        id: s.id,
        groupId: s.group_id,
        at: new Date(s.at).toISOString(),
        topic: topicOf(ctx.crypto, s),
        facilitatorIds: s.facilitator_ids,
        attendees: attendeesOf.get(s.id) ?? [],
        anonymousCount: s.anonymous_count,
        materials: s.materials as Lines,
        notes: s.notes_enc ? ctx.crypto.decrypt(s.notes_enc) : null,
        recordedBy: s.recorded_by,
      })),
      stageObservations: pulledStages.map((o) => ({ id: o.id, clientId: o.client_id, stage: o.stage, at: new Date(o.at).toISOString(), source: o.source, sourceId: o.source_id })),
      // Small and without a version of its own (accounts change outside sync): sent whole each time.
      staff: seesGroups ? await listStaff(tx, ctx.crypto, input.orgId) : [],
      orgSettings,
    };
  });
}

