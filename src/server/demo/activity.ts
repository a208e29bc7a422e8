import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { permissionsIn, type Membership } from '../../core/auth/roles.ts';
import type { ConsentKind, RegisterClientArgs } from '../../core/clients/schema.ts';
import { buildUic } from '../../core/clients/uic.ts';
import { SERVICES, type ContactMode, type RecordAnonymousContactsArgs, type RecordContactArgs, type Service } from '../../core/contacts/schema.ts';
import { classifyCrisis, GUIDANCE_VERSION, type CloseCrisisEpisodeArgs, type OpenCrisisEpisodeArgs } from '../../core/crisis/index.ts';
import { getInstrument } from '../../core/screening/instruments/index.ts';
import type { RecordScreeningArgs } from '../../core/screening/types.ts';
import { appendAuditBatch } from '../audit/batch.ts';
import { addStarterCatalogue } from '../catalogue/store.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/scope.ts';
import { APPLIERS } from '../sync/appliers.ts';
import { Batch } from '../sync/batch.ts';
import { networkRecipe } from '../sync/push.ts';
import { seedDemoGroups } from './groups.ts';
import { lockVersion, setVersion } from '../sync/versions.ts';
import { dueOnFor, newReferralCode, type CreateReferralArgs, type ProviderInput } from '../../core/referrals/index.ts';
import { insertProvider, rateProvider } from '../providers/store.ts';
import { appendReferralEvent, sweepLostReferrals } from '../referrals/store.ts';

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
  const registered: { clientId: string; siteId: string; registeredAt: Date; sharing: boolean }[] = [];
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
    registered.push({ clientId: args.clientId, siteId: site.id, registeredAt, sharing: consents[1]!.given });

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
  const rated = await seedDemoReferrals(b, registered);
  await seedDemoGroups(b, g.next, registered, sites[0]!.id, worker.userId, iec);
  await b.flush();
  await setVersion(tx, orgId, b.lastVersion);
  await appendAuditBatch(tx, orgId, b.audit);
  // After the batch's version is stored: these move every organisation's counter.
  await sweepLostReferrals(tx, ctx.crypto, orgId, now);
  for (const [i, r] of rated.entries()) await rateProvider(tx, { orgId, referralId: r.referralId, providerId: r.providerId, userId: worker.userId, rating: [5, 4, 5, 3][i % 4]! });
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
    APPLIERS.recordScreening(b, { screeningId: uuidv7(), clientId, instrumentId, instrumentVersion: getInstrument(instrumentId).version, at: at(when), answers, ...extra }, { id: 0, at: when });

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

/** The demo directory: the demo clinic (in-network) and invented listed providers in the three provinces. */
const DEMO_PROVIDERS: (Omit<ProviderInput, 'orgId'> & { inNetwork?: true })[] = [
  { inNetwork: true, name: 'Phòng khám Tâm An (demo)', kind: 'psychiatry', services: ['psychiatric_assessment', 'crisis_care', 'counselling'], address: '15 ngõ Thử Nghiệm, Đống Đa', provinceId: 'ha-noi', openingHours: 'T2–T7 8:00–17:00', phone: '024 3000 0001', languages: ['vi', 'en'], cost: 'low', walkIn: true, active: true },
  { name: 'Bệnh viện Đa khoa Minh Họa – Khoa Cấp cứu (demo)', kind: 'hospital_emergency', services: ['emergency_care', 'general_health'], address: '1 đường Ví Dụ, Hai Bà Trưng', provinceId: 'ha-noi', openingHours: '24/7', phone: '024 3000 0002', languages: ['vi'], cost: 'insurance', walkIn: true, active: true },
  { name: 'Phòng khám ngoại trú HIV Sao Mai (demo)', kind: 'hiv', services: ['hiv_testing', 'hiv_treatment', 'prep', 'hepatitis_testing'], address: '20 đường Mẫu, Quận 3', provinceId: 'ho-chi-minh', openingHours: 'T2–T6 7:30–16:30', phone: '028 3000 0003', languages: ['vi'], cost: 'free', walkIn: true, active: true },
  { name: 'Cơ sở điều trị Methadone Lê Chân (demo)', kind: 'opioid_treatment', services: ['opioid_treatment', 'counselling'], address: '5 phố Giả Định, Lê Chân', provinceId: 'hai-phong', openingHours: 'Hằng ngày 6:30–11:00', phone: '0225 300 0004', languages: ['vi'], cost: 'free', walkIn: false, active: true },
  { name: 'Trung tâm Trợ giúp pháp lý Cộng Đồng (demo)', kind: 'legal_aid', services: ['legal_aid'], address: '8 phố Thí Dụ, Hoàn Kiếm', provinceId: 'ha-noi', openingHours: 'T2–T6 8:00–17:00', phone: '024 3000 0005', languages: ['vi'], cost: 'free', walkIn: false, active: true },
  { name: 'Nhà tạm lánh Bình Minh (demo)', kind: 'shelter', services: ['shelter', 'social_support'], address: '30 đường Minh Họa, Bình Thạnh', provinceId: 'ho-chi-minh', openingHours: 'Hằng ngày 18:00–7:00', phone: '028 3000 0006', languages: ['vi'], cost: 'free', walkIn: true, active: true },
  { name: 'Phòng tư vấn tâm lý An Nhiên (demo)', kind: 'counselling', services: ['counselling', 'psychiatric_assessment'], address: '3 phố Ví Dụ, Lê Chân', provinceId: 'hai-phong', openingHours: 'T3–CN 9:00–20:00', phone: '0225 300 0007', languages: ['vi', 'en'], cost: 'paid', walkIn: false, active: true },
  { name: 'Phòng khám Đa khoa Cũ (demo, đã ngừng)', kind: 'general_medicine', services: ['general_health'], address: '9 phố Cũ, Ba Đình', provinceId: 'ha-noi', openingHours: '—', phone: '024 3000 0008', languages: ['vi'], cost: 'paid', walkIn: true, active: false },
];

/** The directory of the demo network; the demo clinic is in-network (its clinicians receive referrals in the app). */
export async function seedDemoProviders(tx: Tx, clinicOrgId: string): Promise<void> {
  for (const { inNetwork, ...p } of DEMO_PROVIDERS) await insertProvider(tx, null, { ...p, orgId: inNetwork ? clinicOrgId : null });
}

/**
 * Referrals in every status, made by the organisation's worker through the sync appliers: to the
 * demo clinic (which accepts, declines, sees the person, completes, as its doctor would in the
 * portal) and to listed providers (the worker records what they said). A draft stays `created`; an
 * old one is closed as lost to follow-up by the sweep after the batch. Returns the completed ones,
 * which the worker rates.
 */
async function seedDemoReferrals(b: Batch, clients: readonly { clientId: string; sharing: boolean }[]): Promise<{ referralId: string; providerId: string }[]> {
  const providers = await b.tx.selectFrom('providers').select(['id', 'org_id', 'province_id', 'services']).where('active', '=', true).orderBy('name').execute();
  const clinic = providers.find((p) => p.org_id !== null);
  const listed = providers.filter((p) => p.org_id === null);
  if (!clinic || listed.length === 0 || clients.length < 10) return [];
  const clinician = await b.tx.selectFrom('memberships').select('user_id').where('org_id', '=', clinic.org_id!).where('role', '=', 'clinician').executeTakeFirst();
  const now = b.now.getTime();
  const at = (days: number, hours = 0) => new Date(now - days * dayMs + hours * 3_600_000).toISOString();
  const completed: { referralId: string; providerId: string }[] = [];

  type Step = { event: 'send' | 'accept' | 'decline' | 'attend' | 'no_show' | 'complete' | 'cancel'; by: 'referrer' | 'clinic'; note?: string; outcome?: 'seen' | 'treatment_started' | 'needs_follow_up' | 'referred_on' };
  const plans: { provider: (typeof providers)[number]; service: CreateReferralArgs['service']; urgency: CreateReferralArgs['urgency']; daysAgo: number; send: boolean; steps: Step[] }[] = [
    { provider: clinic, service: 'psychiatric_assessment', urgency: 'within_week', daysAgo: 2, send: true, steps: [] },
    { provider: clinic, service: 'psychiatric_assessment', urgency: 'within_week', daysAgo: 3, send: true, steps: [{ event: 'accept', by: 'clinic', note: 'Hẹn khám 9:00 thứ Năm' }] },
    { provider: clinic, service: 'counselling', urgency: 'routine', daysAgo: 6, send: true, steps: [{ event: 'decline', by: 'clinic', note: 'Đã kín lịch tư vấn tháng này; xin giới thiệu nơi khác' }] },
    { provider: clinic, service: 'crisis_care', urgency: 'same_day', daysAgo: 1, send: true, steps: [{ event: 'accept', by: 'clinic' }, { event: 'attend', by: 'clinic', outcome: 'seen' }] },
    { provider: clinic, service: 'psychiatric_assessment', urgency: 'within_week', daysAgo: 20, send: true, steps: [{ event: 'accept', by: 'clinic' }, { event: 'attend', by: 'clinic', outcome: 'seen' }, { event: 'complete', by: 'clinic', outcome: 'treatment_started', note: 'Bắt đầu điều trị; tái khám sau 2 tuần' }] },
    { provider: clinic, service: 'psychiatric_assessment', urgency: 'within_week', daysAgo: 9, send: true, steps: [{ event: 'accept', by: 'clinic' }, { event: 'no_show', by: 'clinic' }] },
    { provider: listed[0]!, service: listed[0]!.services[0] as CreateReferralArgs['service'], urgency: 'routine', daysAgo: 0, send: false, steps: [] },
    { provider: listed[1 % listed.length]!, service: listed[1 % listed.length]!.services[0] as CreateReferralArgs['service'], urgency: 'routine', daysAgo: 15, send: true, steps: [{ event: 'cancel', by: 'referrer', note: 'Khách chuyển đi tỉnh khác' }] },
    { provider: listed[2 % listed.length]!, service: listed[2 % listed.length]!.services[0] as CreateReferralArgs['service'], urgency: 'within_week', daysAgo: 40, send: true, steps: [] },
    { provider: listed[3 % listed.length]!, service: listed[3 % listed.length]!.services[0] as CreateReferralArgs['service'], urgency: 'routine', daysAgo: 25, send: true, steps: [{ event: 'attend', by: 'referrer', outcome: 'seen' }, { event: 'complete', by: 'referrer', outcome: 'referred_on', note: 'Đã được giới thiệu tiếp sang điều trị' }] },
  ];
  const reasons = ['Mất ngủ kéo dài, hay nghe tiếng nói', 'Muốn xét nghiệm và được tư vấn', 'Cần chỗ ở tạm sau khi bị đuổi khỏi nhà trọ', 'Lo âu nhiều, muốn gặp bác sĩ', 'Hỏi về điều trị và giấy tờ'];
  for (const [i, plan] of plans.entries()) {
    const client = clients[(i * 3) % clients.length]!;
    const referralId = uuidv7();
    const when = at(plan.daysAgo, -2);
    await APPLIERS.createReferral(
      b,
      {
        referralId,
        code: newReferralCode((n) => randomBytes(n)),
        clientId: client.clientId,
        providerId: plan.provider.id,
        service: plan.service,
        reason: reasons[i % reasons.length]!,
        urgency: plan.urgency,
        dueOn: dueOnFor(plan.urgency, when),
        share: client.sharing ? ['reason', 'screenings'] : [],
        at: when,
        contactId: null,
        crisisEpisodeId: null,
        send: plan.send,
      },
      { id: 0, at: new Date(when) },
    );
    for (const [k, step] of plan.steps.entries()) {
      // Spread between the referral and an hour ago, in order.
      const stepAt = new Date(Date.parse(when) + ((k + 1) * (now - 3_600_000 - Date.parse(when))) / (plan.steps.length + 1)).toISOString();
      const args = { referralId, eventId: uuidv7(), event: step.event, at: stepAt, note: step.note ?? null, outcome: step.outcome ?? null } as const;
      if (step.by === 'referrer') {
        await APPLIERS.changeReferralStatus(b, args, { id: 0, at: new Date(stepAt) });
      } else {
        // As the clinic's doctor would in the portal (the route does the same with its checks).
        const version = b.nextVersion();
        await appendReferralEvent(b.tx, b.crypto, { id: referralId, from_org_id: b.orgId, to_org_id: clinic.org_id }, { id: args.eventId, event: step.event, at: stepAt, note: args.note, outcome: args.outcome, byUser: clinician?.user_id ?? null, byOrgId: clinic.org_id! }, version);
      }
    }
    if (plan.steps.at(-1)?.event === 'complete') completed.push({ referralId, providerId: plan.provider.id });
  }
  return completed;
}
