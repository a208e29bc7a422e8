import { v7 as uuidv7 } from 'uuid';
import { permissionsIn, type Membership } from '../../core/auth/roles.ts';
import type { ConsentKind, RegisterClientArgs } from '../../core/clients/schema.ts';
import { buildUic } from '../../core/clients/uic.ts';
import { SERVICES, type ContactMode, type RecordAnonymousContactsArgs, type RecordContactArgs, type Service } from '../../core/contacts/schema.ts';
import { classifyCrisis, GUIDANCE_VERSION, type CloseCrisisEpisodeArgs, type OpenCrisisEpisodeArgs } from '../../core/crisis/index.ts';
import type { RecordScreeningArgs } from '../../core/screening/types.ts';
import { appendAuditBatch } from '../audit/batch.ts';
import { addStarterCatalogue } from '../catalogue/store.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/scope.ts';
import { APPLIERS } from '../sync/appliers.ts';
import { Batch } from '../sync/batch.ts';
import { networkRecipe } from '../sync/push.ts';
import { lockVersion, setVersion } from '../sync/versions.ts';

/**
 * Invented clients and three months of field work for each community organisation of the demo,
 * written through the same appliers a sync push uses, so the demo data obeys every rule real data
 * does. A seeded generator makes every demo the same. Nicknames and codes are made up.
 */
const NICKNAMES = ['Bống', 'Tí', 'Mèo', 'Bin', 'Su', 'Na', 'Cún', 'Gấu', 'Mít', 'Bơ', 'Tôm', 'Sóc', 'Kem', 'Mây', 'Bi', 'Xu', null, null];
const GIVEN = ['Hoa', 'Lan', 'Mai', 'Hồng', 'Thu', 'Hương', 'Tuấn', 'Dũng', 'Hùng', 'Minh', 'Đức', 'Nam', 'Sơn', 'Bình', 'Quang', 'Yến', 'Nga', 'Vân'];
const MODES: ContactMode[] = ['street_outreach', 'street_outreach', 'drop_in', 'drop_in', 'online', 'phone', 'home_visit'];

function generator(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const some = <T>(xs: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(next() * max) }, () => pick(xs)))];
  return { next, pick, some };
}

const dayMs = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export async function seedDemoActivity(tx: Tx, ctx: AppContext, orgId: string, worker: { userId: string; memberships: Membership[] }, seed: number): Promise<{ clients: number; contacts: number }> {
  const g = generator(seed);
  await addStarterCatalogue(tx, orgId);
  const sites = await tx.selectFrom('sites').select(['id', 'province_id']).where('org_id', '=', orgId).execute();
  const items = await tx.selectFrom('catalogue_items').select(['id', 'kind']).where('org_id', '=', orgId).execute();
  const commodities = items.filter((i) => i.kind === 'commodity').map((i) => i.id);
  const iec = items.filter((i) => i.kind === 'iec').map((i) => i.id);

  const now = new Date();
  const base = await lockVersion(tx, orgId);
  const actor = { userId: worker.userId, role: 'demo', permissions: permissionsIn(worker.memberships, orgId) };
  const b = new Batch(tx, ctx.crypto, await networkRecipe(tx), orgId, actor, null, now, base);
  for (const s of sites) b.sites.add(s.id);
  for (const i of items) b.items.add(i.id);

  const clientCount = 24 + Math.floor(g.next() * 8);
  let contacts = 0;
  const registered: { clientId: string; siteId: string; registeredAt: Date }[] = [];
  for (let c = 0; c < clientCount; c++) {
    const site = g.pick(sites);
    const birthYear = 1975 + Math.floor(g.next() * 32);
    const sexAtBirth = g.next() < 0.75 ? ('M' as const) : ('F' as const);
    const uic = buildUic({ motherGivenName: g.pick(GIVEN), fatherGivenName: g.pick(GIVEN), sexAtBirth, birthYear });
    if (b.uics.has(ctx.crypto.blindIndex(uic, 'uic'))) continue;
    const registeredAt = new Date(now.getTime() - (30 + Math.floor(g.next() * 60)) * dayMs);
    const consents: { kind: ConsentKind; given: boolean }[] = [
      { kind: 'services', given: true },
      { kind: 'referral_sharing', given: g.next() < 0.7 },
      { kind: 'research', given: g.next() < 0.5 },
      { kind: 'contact_phone', given: g.next() < 0.4 },
    ];
    const args: RegisterClientArgs = {
      clientId: uuidv7(),
      uic,
      profile: {
        nickname: g.pick(NICKNAMES),
        phone: null,
        birthYear,
        sexAtBirth,
        genderIdentity: sexAtBirth === 'M' ? (g.next() < 0.1 ? 'transgender_woman' : 'man') : g.next() < 0.1 ? 'non_binary' : 'woman',
        keyPopulations: g.next() < 0.5 ? g.some(['msm', 'sex_worker', 'young_person', 'chemsex', 'women_who_use_drugs'] as const, 2) : [],
        substances: ['methamphetamine', ...(g.next() < 0.3 ? g.some(['alcohol', 'ketamine', 'cannabis', 'ecstasy'] as const, 2) : [])],
        routes: g.next() < 0.1 ? ['smoke', 'inject'] : ['smoke'],
        provinceId: site.province_id as RegisterClientArgs['profile']['provinceId'],
        siteId: site.id,
        referralSource: g.pick(['outreach', 'peer', 'social_media', 'walk_in', 'online_booking'] as const),
      },
      consents,
    };
    APPLIERS.registerClient(b, args, { id: 0, at: registeredAt });
    registered.push({ clientId: args.clientId, siteId: site.id, registeredAt });

    const visits = 1 + Math.floor(g.next() * 8);
    for (let v = 0; v < visits; v++) {
      const at = new Date(registeredAt.getTime() + ((v + g.next()) * (now.getTime() - registeredAt.getTime() - dayMs)) / visits);
      const last = v === visits - 1;
      const services: Service[] = g.some(SERVICES, 4);
      if (!services.includes('commodities') && g.next() < 0.6) services.push('commodities');
      const contact: RecordContactArgs = {
        contactId: uuidv7(),
        clientId: args.clientId,
        siteId: g.next() < 0.8 ? site.id : g.pick(sites).id,
        at: at.toISOString(),
        mode: g.pick(MODES),
        services,
        commodities: services.includes('commodities') ? [...new Set([g.pick(commodities), g.pick(commodities)])].map((itemId) => ({ itemId, quantity: 1 + Math.floor(g.next() * 10) })) : [],
        iec: services.includes('information') ? [{ itemId: g.pick(iec), quantity: 1 }] : [],
        notes: g.next() < 0.2 ? g.pick(['Ngủ ít, hẹn quay lại tuần sau', 'Muốn tham gia nhóm hỗ trợ', 'Hỏi về xét nghiệm HIV', 'Đã nhận tờ rơi']) : null,
        // Follow-ups set at the latest visit fall around today: some due, some overdue, some ahead.
        followUpOn: last && g.next() < 0.6 ? isoDate(new Date(now.getTime() + Math.floor(g.next() * 14 - 7) * dayMs)) : null,
      };
      APPLIERS.recordContact(b, contact, { id: 0, at });
      contacts++;
    }
  }
  for (let w = 0; w < 6; w++) {
    const at = new Date(now.getTime() - (5 + w * 14) * dayMs);
    const tally: RecordAnonymousContactsArgs = {
      tallyId: uuidv7(),
      siteId: g.pick(sites).id,
      at: at.toISOString(),
      mode: 'event',
      counts: [
        { sex: 'male', ageBand: '18_24', count: 3 + Math.floor(g.next() * 10) },
        { sex: 'male', ageBand: '25_34', count: 5 + Math.floor(g.next() * 15) },
        { sex: 'female', ageBand: '25_34', count: 1 + Math.floor(g.next() * 6) },
      ],
      services: ['information', 'commodities'],
      commodities: [{ itemId: g.pick(commodities), quantity: 20 + Math.floor(g.next() * 40) }],
      iec: [{ itemId: g.pick(iec), quantity: 10 }],
    };
    APPLIERS.recordAnonymousContacts(b, tally, { id: 0, at });
  }
  await seedDemoMentalHealth(b, g, registered, sites[0]!.id);
  await b.flush();
  await setVersion(tx, orgId, b.lastVersion);
  await appendAuditBatch(tx, orgId, b.audit);
  return { clients: b.uics.size, contacts };
}

/** PHQ-9 answers for a demo person: mostly mild to moderate; `item9` is the suicide item. */
function phq9Answers(g: ReturnType<typeof generator>, level: number, item9: number): number[] {
  return [...Array.from({ length: 8 }, () => Math.min(3, Math.max(0, Math.round(level + g.next() * 1.4 - 0.7)))), item9];
}

/**
 * Screenings for about half of the demo clients (a baseline and, for some, a follow-up a month or
 * two later that improved), and five crisis episodes: an emergency taken to hospital, an urgent
 * episode of paranoia still open, a panic attack resolved on site, suicidal thoughts screened with
 * the C-SSRS, and one for a person who is not registered. Enough for every screen to show data;
 * managers and clinicians find their notifications.
 */
async function seedDemoMentalHealth(b: Batch, g: ReturnType<typeof generator>, clients: readonly { clientId: string; siteId: string; registeredAt: Date }[], anySiteId: string): Promise<void> {
  const now = b.now.getTime();
  const ago = (days: number) => new Date(now - days * dayMs);
  const at = (d: Date) => d.toISOString();
  const screen = (clientId: string, instrumentId: RecordScreeningArgs['instrumentId'], answers: unknown, when: Date, extra: Partial<RecordScreeningArgs> = {}) =>
    APPLIERS.recordScreening(b, { screeningId: uuidv7(), clientId, instrumentId, instrumentVersion: '1', at: at(when), answers, ...extra }, { id: 0, at: when });

  for (const [i, c] of clients.entries()) {
    if (i % 2 === 1) continue;
    const first = new Date(c.registeredAt.getTime() + dayMs);
    const level = g.next() * 2.4;
    await screen(c.clientId, 'phq9', phq9Answers(g, level, i % 10 === 0 ? 1 : 0), first);
    await screen(c.clientId, 'gad7', Array.from({ length: 7 }, () => Math.floor(g.next() * 3)), first);
    if (i % 4 === 0) await screen(c.clientId, 'sds', Array.from({ length: 5 }, () => Math.floor(g.next() * 4)), first, { substance: 'ats' });
    const second = new Date(first.getTime() + (25 + Math.floor(g.next() * 20)) * dayMs);
    if (second.getTime() < now - dayMs && i % 3 !== 2) await screen(c.clientId, 'phq9', phq9Answers(g, Math.max(0, level - 0.8), 0), second);
  }

  const episode = async (clientId: string | null, siteId: string, when: Date, redFlags: OpenCrisisEpisodeArgs['redFlags'], cssrsBand: OpenCrisisEpisodeArgs['cssrsBand'], close?: Omit<CloseCrisisEpisodeArgs, 'episodeId'>) => {
    const episodeId = uuidv7();
    const level = classifyCrisis({ redFlags, cssrsBand });
    await APPLIERS.openCrisisEpisode(b, { episodeId, clientId, siteId, at: at(when), redFlags, cssrsBand, level, guidanceVersion: GUIDANCE_VERSION }, { id: 0, at: when });
    if (close) await APPLIERS.closeCrisisEpisode(b, { episodeId, ...close }, { id: 0, at: new Date(close.outcomeAt) });
    return episodeId;
  };
  const steps = (when: Date, ids: string[]) => ids.map((stepId, k) => ({ stepId, doneAt: at(new Date(when.getTime() + (k + 1) * 120_000)) }));
  const [a, b2, c3, d4] = [clients[1], clients[3], clients[5], clients[7]];
  if (a) {
    const when = ago(20);
    await episode(a.clientId, a.siteId, when, ['chest_pain', 'overheating'], null, {
      steps: steps(when, ['call_115.now', 'overheating.cool_cloths', 'call_115.tell_medics']),
      outcome: 'taken_to_hospital',
      outcomeAt: at(new Date(when.getTime() + 3_600_000)),
      notes: 'Đau ngực sau khi dùng nhiều ngày; xe 115 đưa vào viện',
      followUpOn: isoDate(ago(18)),
      referralNeed: { urgency: 'emergency', note: 'Khám tim mạch' },
    });
  }
  if (b2) await episode(b2.clientId, b2.siteId, ago(1), ['psychosis', 'exhaustion'], null);
  if (c3) {
    const when = ago(9);
    await episode(c3.clientId, c3.siteId, when, ['panic'], null, {
      steps: steps(when, ['stay_safe.quiet_place', 'panic.reassure', 'panic.slow_breathing']),
      outcome: 'resolved_on_site',
      outcomeAt: at(new Date(when.getTime() + 1_800_000)),
      notes: null,
      followUpOn: isoDate(ago(7)),
      referralNeed: null,
    });
  }
  if (d4) {
    const when = ago(3);
    const episodeId = await episode(d4.clientId, d4.siteId, when, ['suicidal_thoughts'], 'moderate');
    await screen(d4.clientId, 'cssrs', { q1: true, q2: true, q3: true, q4: false, q5: false, q6: false }, when, { crisisEpisodeId: episodeId });
  }
  await episode(null, anySiteId, ago(2), ['aggression'], null, {
    steps: steps(ago(2), ['aggression.space', 'aggression.one_voice']),
    outcome: 'person_left',
    outcomeAt: at(new Date(ago(2).getTime() + 900_000)),
    notes: null,
    followUpOn: null,
    referralNeed: null,
  });
}
