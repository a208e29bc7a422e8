/**
 * Indicators at network scale (issue #6): generates a network of 20 organisations with 100,000
 * clients and 1,000,000 contacts over two years (2025–2026), plus anonymous tallies, screenings,
 * crisis episodes, referrals with their events and consents, then times the dashboard's full
 * query set (`dashboardData`) for the largest organisation's year and for the whole network:
 * cold (nothing pre-computed: every organisation in scope computed from the records, the first
 * load after a restore or an upgrade) and warm (every pre-computed table current, what a load
 * costs while nothing changed), then what one new contact costs (the write, and the next
 * dashboards of its organisation and of the network, which compute that organisation again),
 * and what the report_changes triggers add to a bulk insert.
 * Goals: generation ≥ 50,000 rows/s; a dashboard ≤ 300 ms on PostgreSQL, ≤ 2 s on PGlite (the
 * warm read; the cold ones are printed beside it).
 *
 * Settings, by environment variable:
 * - `BENCH_INDICATORS_SCALE` (default 1) scales every count: 0.05 is 5,000 clients and 50,000
 *   contacts, for working on the bench itself;
 * - `BENCH_INDICATORS_MONTHS=0` leaves out the month dashboards (2026-12), timed after the years;
 * - `BENCH_INDICATORS_DATABASES=postgres` (or `pglite`) runs on one database only;
 * - `BENCH_INDICATORS_TIMEOUT_S` (60): on PostgreSQL a longer statement is cancelled and reported
 *   (PGlite has no statement timeout);
 * - `BENCH_INDICATORS_PGLITE_DIR` puts PGlite's files in a folder instead of memory;
 * - `BENCH_INDICATORS_DIRECT=1` also times each of the dashboard's statements alone on the
 *   records (where a cold load's time goes);
 * - `BENCH_INDICATORS_DASHBOARDS=0` generates only (for working on the generator).
 * Run alone with `npx tsx bench/indicators.ts` (or `npm run bench:indicators`), or with everything
 * by `npm run bench`.
 *
 * The rows are made by set-based SQL (`insert … select … from generate_series`), each column a
 * deterministic function of the row's number through `bench_u(n, salt)`, a hash in [0, 1): two runs
 * make the same data. What is costly to build per row and needs no more variety than a few
 * thousand draws (a client's profile; a contact's mode, services, item lines and notes; a tally's
 * counts and items) is drawn once into small temporary tables, which each row picks from by its
 * hash; who, where and when stay the row's own. Their time counts in the total. Sealed columns
 * hold one constant sealed dummy; indicators never read them.
 * They are loaded as a restore loads (loadLikeARestore): one transaction, secondary indexes built
 * after the rows (their time counts), foreign-key triggers off for a superuser; the report_versions
 * triggers (migration 0012, `enable always`) still fire, so their cost is in the figures.
 *
 * The machine's load average is printed with the figures: on a shared machine it explains more
 * of the spread between runs than anything in the code.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { CONSENT_KINDS, GENDER_IDENTITIES, KEY_POPULATIONS } from '../src/core/clients/schema.ts';
import { DASHBOARD_BARS, DASHBOARD_SERIES, NETWORK_BAR, SERIES_LENGTH } from '../src/core/indicators/dashboard.ts';
import { INDICATORS, type IndicatorId } from '../src/core/indicators/definitions.ts';
import type { DisaggregationId } from '../src/core/indicators/disaggregations.ts';
import { parsePeriodKey, previousPeriod, type Period, type PeriodKind } from '../src/core/indicators/periods.ts';
import { INSTRUMENTS } from '../src/core/screening/instruments/index.ts';
import { addDays } from '../src/core/dates.ts';
import { addStarterCatalogue } from '../src/server/catalogue/store.ts';
import { connect, migrate, type Db, type DbKind } from '../src/server/db/connect.ts';
import { createCrypto } from '../src/server/db/crypto.ts';
import type { Database } from '../src/server/db/schema.ts';
import { asSystem, inOrg, type Tx } from '../src/server/db/scope.ts';
import type { IndicatorRequest } from '../src/server/indicators/common.ts';
import { computeIndicator, hasSql } from '../src/server/indicators/compute.ts';
import { insertOrganisation, insertSite } from '../src/server/organisations/store.ts';
import { dashboardData } from '../src/server/reports/dashboard.ts';
import { startWarmup } from '../src/server/indicators/warmup.ts';
import { onEachDatabase } from './databases.ts';

const SCALE = Number(process.env.BENCH_INDICATORS_SCALE ?? '1');
if (!(SCALE > 0)) throw new Error('BENCH_INDICATORS_SCALE must be a positive number');
const CLIENTS = Math.round(100_000 * SCALE);
const CONTACTS = Math.round(1_000_000 * SCALE);
const TALLIES = Math.round(40_000 * SCALE);
const SCREENINGS = Math.round(60_000 * SCALE);
const CRISES = Math.round(6_000 * SCALE);
const REFERRALS = Math.round(25_000 * SCALE);
/** Rows per INSERT statement: bounds a statement's memory on PGlite and shows progress. */
const CHUNK = 250_000;
/** Kinds of contact drawn for each organisation (see generateFacts). */
const CONTACT_KINDS = 1024;
/** Kinds of anonymous tally drawn for each organisation. */
const TALLY_KINDS = 256;
/** Client profiles drawn once (see generateFacts). */
const PROFILES = 4096;

/** Two calendar years in Vietnam time; the dashboards look at the last one. */
const START = '2025-01-01T00:00:00+07:00';
const SPAN_DAYS = 730;
const LAST_YEAR = '2026';
const LAST_MONTH = '2026-12';
const TZ = 'Asia/Ho_Chi_Minh';

const GOAL_MS: Record<DbKind, number> = { postgres: 300, pglite: 2000 };
const RUNS = 3;
/** A statement running longer is cancelled (BENCH_INDICATORS_TIMEOUT_S, default 60). */
const TIMEOUT_S = Number(process.env.BENCH_INDICATORS_TIMEOUT_S ?? '60');
/** BENCH_INDICATORS_DASHBOARDS=0: generation only (for working on the generator). */
const DASHBOARDS = process.env.BENCH_INDICATORS_DASHBOARDS !== '0';
/** Month dashboards too (set BENCH_INDICATORS_MONTHS=0 to time only the years). */
const MONTHS = process.env.BENCH_INDICATORS_MONTHS !== '0';

/**
 * Share (per cent) of clients, and so of everything else, of each organisation: the first is the
 * large one whose year is timed; the last is a clinic that also receives referrals.
 */
const ORG_WEIGHTS = [18, 9, 8, 7, 6, 6, 5, 5, 4, 4, 3, 3, 3, 3, 3, 3, 2, 2, 2, 4];
const PROVINCES = ['ha-noi', 'ho-chi-minh', 'hai-phong', 'da-nang', 'can-tho', 'quang-ninh', 'nghe-an', 'khanh-hoa', 'dong-nai', 'thai-nguyen', 'an-giang', 'lam-dong'];

// ---------------------------------------------------------------------------------------------
// SQL pieces: deterministic pseudo-random choices of a row number `n`.

/** A hash of (n, salt) in [0, 1). */
const u = (n: RawBuilder<unknown>, salt: number): RawBuilder<number> => sql<number>`bench_u(${n}, ${sql.lit(salt)})`;
const lit = (s: string) => sql.lit(s);

/** One of `choices`, weighted, by the hash (n, salt): one hash per row, a bucket of the cumulative weights. */
function pick(n: RawBuilder<unknown>, salt: number, choices: readonly (readonly [string | null, number])[]): RawBuilder<string> {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const bounds = choices.map(([, w]) => {
    const start = acc;
    acc += w / total;
    return start;
  });
  const values = choices.map(([v]) => (v === null ? 'null' : `'${v}'`)).join(',');
  return sql<string>`(array[${sql.raw(values)}]::text[])[width_bucket(${u(n, salt)}, array[${sql.raw(bounds.join(','))}]::float8[])]`;
}

/** A text[] holding each value with its own probability (and condition), possibly empty. */
function someOf(n: RawBuilder<unknown>, salt: number, items: readonly (readonly [string, number, RawBuilder<boolean>?])[]): RawBuilder<string[]> {
  const parts = items.map(([v, p, cond], i) => sql`case when ${cond ? sql`${cond} and ` : sql``}${u(n, salt + i)} < ${sql.lit(p)} then ${lit(v)} end`);
  return sql<string[]>`array_remove(array[${sql.join(parts)}]::text[], null)`;
}

/** A jsonb array of 0–3 item lines `{itemId, quantity}` from the text[] `items` (distinct items). */
function itemLines(items: RawBuilder<unknown>, count: RawBuilder<number>, n: RawBuilder<unknown>, salt: number): RawBuilder<unknown> {
  const line = (j: number) =>
    sql`jsonb_build_object('itemId', ${items}[1 + (floor(${u(n, salt)} * 1000)::int + ${sql.lit(j)}) % cardinality(${items})], 'quantity', 1 + floor(${u(n, salt + 1 + j)} * ${sql.lit(j === 0 ? 10 : 4)})::int)`;
  return sql`(case ${count} when 0 then '[]'::jsonb when 1 then jsonb_build_array(${line(0)}) when 2 then jsonb_build_array(${line(0)}, ${line(1)}) else jsonb_build_array(${line(0)}, ${line(1)}, ${line(2)}) end)`;
}

/**
 * A timestamp `fraction` of the way from `from` to the end of the two years, in seconds (an
 * interval of whole days would make each row convert through the session's time zone).
 */
const END_EPOCH = Date.parse(START) / 1000 + SPAN_DAYS * 86_400;
const towardsEnd = (from: RawBuilder<unknown>, fraction: RawBuilder<number>) =>
  sql`(${from} + interval '1 second' * ((${sql.lit(END_EPOCH)}::float8 - date_part('epoch', ${from})) * ${fraction}))`;

/** The local day of a timestamp. */
const localDay = (at: RawBuilder<unknown>) => sql`(${at} at time zone ${TZ})::date`;

/**
 * The client a fact belongs to, by the fact's number: 30% of facts go to the first fifth of the
 * clients (the regulars), the rest to anyone, so some clients have dozens of contacts and a few
 * none.
 */
const clientNumber = (n: RawBuilder<unknown>, salt: number) =>
  sql`(case when ${u(n, salt)} < 0.3 then floor(${u(n, salt + 1)} * ${sql.lit(Math.max(1, Math.floor(CLIENTS / 5)))}) else floor(${u(n, salt + 1)} * ${sql.lit(CLIENTS)}) end)::int`;
/**
 * A row's id from its table's number and the row's number: UUID-shaped, version 7 like the app's
 * ids, and increasing with the row number, so primary keys grow at their end as UUIDv7 keys do.
 * (md5-based ids cost several times more CPU for 1M rows.)
 */
const idOf = (table: number, n: RawBuilder<unknown>) => sql`('b${sql.raw(String(table).padStart(7, '0'))}-0000-7000-8' || lpad(to_hex(${n}), 15, '0'))::uuid`;
const clientId = (number: RawBuilder<unknown>) => idOf(1, number);

// ---------------------------------------------------------------------------------------------

export interface Network {
  orgIds: string[];
  largeOrgId: string;
}

export interface TableFigure {
  table: string;
  rows: number;
  ms: number;
}

async function exec(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<number> {
  const r = await query.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Runs `make(from, to)` over [1, count] in chunks; returns the rows made and the time taken. */
async function inChunks(db: Kysely<Database>, table: string, count: number, make: (from: number, to: number) => RawBuilder<unknown>): Promise<TableFigure> {
  const t0 = performance.now();
  let rows = 0;
  for (let from = 1; from <= count; from += CHUNK) rows += await exec(db, make(from, Math.min(count, from + CHUNK - 1)));
  return { table, rows, ms: performance.now() - t0 };
}

async function timedStatement(db: Kysely<Database>, table: string, query: RawBuilder<unknown>): Promise<TableFigure> {
  const t0 = performance.now();
  const rows = await exec(db, query);
  return { table, rows, ms: performance.now() - t0 };
}

/** Organisations, sites, one worker each, catalogues and the directory: the frame the facts hang on. */
async function generateFrame(db: Kysely<Database>): Promise<Network> {
  await sql`create or replace function bench_u(n bigint, salt int) returns float8 language sql immutable parallel safe
    as $$ select (hashint8(n * 1000 + salt)::float8 + 2147483648) / 4294967296 $$`.execute(db);
  const orgIds = await asSystem(db, async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < ORG_WEIGHTS.length; i++) {
      const clinic = i === ORG_WEIGHTS.length - 1;
      const org = await insertOrganisation(tx, {
        name: clinic ? `Bench clinic ${i}` : `Bench organisation ${String(i).padStart(2, '0')}`,
        kind: clinic ? 'clinic' : i % 5 === 3 ? 'social_enterprise' : 'community_organisation',
        provinceId: PROVINCES[i % PROVINCES.length]!,
        timeZone: TZ,
      });
      ids.push(org.id);
      // The large organisation works in three provinces from ten sites; the others in one or two.
      const sites = i === 0 ? 10 : 2 + (i % 4);
      for (let k = 0; k < sites; k++) {
        const province = PROVINCES[(i + (i === 0 ? k % 3 : k % 2)) % PROVINCES.length]!;
        await insertSite(tx, org.id, { name: `Site ${k + 1}`, kind: k === 0 ? 'drop_in_centre' : k === sites - 1 && i % 3 === 0 ? 'online' : 'outreach_area', provinceId: province });
      }
      const userId = randomUuid();
      await tx.insertInto('users').values({ id: userId, username: `bench-worker-${i}`, display_name_enc: null, password_hash: 'bench: no login', lang: 'vi' }).execute();
      await tx.insertInto('memberships').values({ user_id: userId, org_id: org.id, role: 'fieldworker' }).execute();
    }
    await insertOrganisation(tx, { name: 'Bench network hub', kind: 'network_hub', provinceId: 'ha-noi', timeZone: TZ });
    return ids;
  });
  for (const [i, orgId] of orgIds.entries()) {
    await inOrg(db, orgId, async (tx) => {
      await addStarterCatalogue(tx, orgId);
      // A few items of the organisation's own, so catalogues differ.
      await tx
        .insertInto('catalogue_items')
        .values(
          Array.from({ length: 1 + (i % 3) }, (_, k) => ({
            id: randomUuid(),
            org_id: orgId,
            kind: k === 0 ? 'iec' : 'commodity',
            name_vi: `Vật phẩm riêng ${k + 1}`,
            name_en: `Own item ${k + 1}`,
            unit: 'cái',
            category: k === 0 ? 'iec_digital' : 'wellbeing',
            version: 1,
          })),
        )
        .execute();
    });
  }
  // The directory: 30 invented providers, two of them the network's clinic (in-network).
  await asSystem(db, (tx) =>
    tx
      .insertInto('providers')
      .values(
        Array.from({ length: 30 }, (_, k) => ({
          id: randomUuid(),
          org_id: k < 2 ? orgIds.at(-1)! : null,
          name: `Bench provider ${k + 1}`,
          kind: ['psychiatry', 'general_medicine', 'hiv', 'prep', 'hepatitis', 'counselling', 'social_support', 'legal_aid'][k % 8]!,
          services: [['psychiatric_assessment', 'crisis_care'], ['general_health'], ['hiv_testing', 'hiv_treatment'], ['prep'], ['hepatitis_testing', 'hepatitis_treatment'], ['counselling'], ['social_support', 'shelter'], ['legal_aid']][k % 8]!,
          address: `${k + 1} Invented street`,
          province_id: PROVINCES[k % PROVINCES.length]!,
          opening_hours: '8:00–17:00',
          phone: `0000 000 ${String(k).padStart(3, '0')}`,
          languages: ['vi'],
          cost: ['free', 'low', 'insurance', 'paid'][k % 4]!,
          walk_in: k % 2 === 0,
          active: true,
        })),
      )
      .execute(),
  );
  return { orgIds, largeOrgId: orgIds[0]! };
}

function randomUuid(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The organisations by number with their worker and number of sites (`bench_orgs`), and their
 * sites numbered within each (`bench_sites`): small temporary tables, analysed, so that every
 * fact joins them by hashing (as expressions over `memberships` and `sites`, the planner guessed
 * their sizes and looked up the membership once per row).
 */
async function frameTables(db: Kysely<Database>, orgIds: string[]): Promise<{ slots: RawBuilder<unknown>; orgs: RawBuilder<unknown>; sites: RawBuilder<unknown> }> {
  const slots = ORG_WEIGHTS.flatMap((w, i) => Array<number>(w).fill(i));
  if (slots.length !== 100) throw new Error('ORG_WEIGHTS must add up to 100');
  await sql`create temporary table bench_sites on commit drop as
    select id, org_id, province_id, (row_number() over (partition by org_id order by name) - 1)::int as k from sites`.execute(db);
  await sql`create temporary table bench_orgs on commit drop as
    select o.i, o.id, m.user_id, (select count(*) from sites s where s.org_id = o.id)::int as nk
    from (values ${sql.join(orgIds.map((id, i) => sql`(${sql.lit(i)}, ${id}::uuid)`))}) as o(i, id) join memberships m on m.org_id = o.id`.execute(db);
  await sql`analyze bench_sites`.execute(db);
  await sql`analyze bench_orgs`.execute(db);
  return { slots: sql.raw(`('{${slots.join(',')}}'::int[])`), orgs: sql`bench_orgs`, sites: sql`bench_sites` };
}

/** A jsonb array of `count` (0–3) elements made by `element(j)`. */
function jsonArray(count: RawBuilder<number>, element: (j: number) => RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(case ${count} when 0 then '[]'::jsonb when 1 then jsonb_build_array(${element(0)}) when 2 then jsonb_build_array(${element(0)}, ${element(1)}) else jsonb_build_array(${element(0)}, ${element(1)}, ${element(2)}) end)`;
}

/** The band of `total` for a scale instrument, from its published bands (core). */
function bandSql(instrument: RawBuilder<unknown>, total: RawBuilder<unknown>): RawBuilder<string> {
  const whens = Object.values(INSTRUMENTS).flatMap((i) =>
    i.kind === 'scale' ? [sql`when ${instrument} = ${lit(i.id)} then case ${sql.join(i.bands.map((b) => sql`when ${total} <= ${sql.lit(b.max)} then ${lit(b.id)}`), sql` `)} end`] : [],
  );
  return sql<string>`(case ${sql.join(whens, sql` `)} end)`;
}

/**
 * A referral's path through its lifecycle, with weights: most are completed, some still open,
 * declined, missed, cancelled or lost. Each event's day after the referral is in `eventDay`.
 */
const REFERRAL_PATHS: readonly { weight: number; status: string; events: readonly string[] }[] = [
  { weight: 5, status: 'created', events: [] },
  { weight: 8, status: 'sent', events: ['send'] },
  { weight: 8, status: 'accepted', events: ['send', 'accept'] },
  { weight: 10, status: 'attended', events: ['send', 'accept', 'attend'] },
  { weight: 42, status: 'completed', events: ['send', 'accept', 'attend', 'complete'] },
  { weight: 5, status: 'declined', events: ['send', 'decline'] },
  { weight: 6, status: 'no_show', events: ['send', 'accept', 'no_show'] },
  { weight: 6, status: 'cancelled', events: ['send', 'cancel'] },
  { weight: 10, status: 'lost_to_follow_up', events: ['send', 'lose_to_follow_up'] },
];
const pathOf = (n: RawBuilder<unknown>) => sql<number>`(${pick(n, 500, REFERRAL_PATHS.map((p, i) => [String(i), p.weight] as const))})::int`;
/** Days from the referral to an event: accepted in 1–2 days, attended 0–14 days after that. */
const eventDay = (event: RawBuilder<unknown>, n: RawBuilder<unknown>) => {
  const accept = sql`(1 + floor(${u(n, 511)} * 2))`;
  const attend = sql`(${accept} + floor(power(${u(n, 512)}, 2) * 14))`;
  return sql`(case ${event} when 'send' then 0 when 'accept' then ${accept} when 'attend' then ${attend} when 'complete' then ${attend}
    when 'decline' then 2 when 'no_show' then 9 when 'cancel' then 3 when 'lose_to_follow_up' then 35 else 0 end)`;
};

async function generateFacts(db: Kysely<Database>, net: Network, sealed: string): Promise<TableFigure[]> {
  const figures: TableFigure[] = [];
  const t0 = performance.now();
  const { slots, orgs, sites } = await frameTables(db, net.orgIds);
  figures.push({ table: 'organisations and sites (temporary)', rows: 0, ms: performance.now() - t0 });
  const g = sql.ref('g');
  const sealedLit = sql.lit(sealed);
  const span = sql.raw(String(SPAN_DAYS));
  const series = (a: number, b: number) => sql`generate_series(${sql.lit(a)}::bigint, ${sql.lit(b)}::bigint)`;
  const provinces = sql.raw(`('{${PROVINCES.join(',')}}'::text[])`);

  // Clients: birth years mostly 1980–2008, 78% male at birth, gender identities with trans and
  // non-binary people, key populations (none, one or several), registered over the two years with
  // more early on (the programme's launch), living mostly in their site's province.
  if (KEY_POPULATIONS.length !== 6 || GENDER_IDENTITIES.length !== 7) throw new Error('The bench lists every key population and gender identity; update it');
  const gender = sql`(case when x.sex = 'M' then ${pick(g, 7, [['man', 84], ['transgender_woman', 8], ['non_binary', 3], ['other', 1], ['prefer_not_to_say', 4]])}
    when x.sex = 'F' then ${pick(g, 7, [['woman', 86], ['transgender_man', 5], ['non_binary', 4], ['other', 1], ['prefer_not_to_say', 4]])}
    else ${pick(g, 7, [['prefer_not_to_say', 70], ['other', 30]])} end)`;
  const kps = someOf(g, 20, [
    ['msm', 0.3, sql<boolean>`x.sex = 'M'`],
    ['sex_worker', 0.12],
    ['women_who_use_drugs', 0.9, sql<boolean>`x.sex = 'F'`],
    ['young_person', 0.6, sql<boolean>`x.birth_year >= 2001`],
    ['people_who_inject', 0.08],
    ['chemsex', 0.15],
  ]);
  // Who a client is (sex, birth year, gender, key populations, substances, routes, how they came)
  // is one of PROFILES profiles drawn once, which each client takes by its hash, as contacts take
  // a kind (below); the organisation, site, province and day of registration are the client's own.
  figures.push(
    await timedStatement(db, 'client profiles (temporary)', sql`
      create temporary table bench_client_profiles on commit drop as
      select g - 1 as k, x.sex, x.birth_year, ${gender} as gender, ${kps} as key_populations,
        ${someOf(g, 30, [['methamphetamine', 0.85], ['ecstasy', 0.15], ['ketamine', 0.2], ['heroin_opioids', 0.07], ['cannabis', 0.15], ['alcohol', 0.3]])} as substances,
        ${someOf(g, 40, [['smoke', 0.85], ['inject', 0.08], ['snort', 0.15], ['swallow', 0.2]])} as routes,
        ${pick(g, 11, [['outreach', 45], ['peer', 25], ['social_media', 12], ['online_booking', 5], ['walk_in', 10], ['other_organisation', 3]])} as referral_source,
        case when ${u(g, 8)} < 0.3 then ${sealedLit} end as nickname_enc
      from (select g, ${pick(g, 6, [[null, 2], ['F', 20], ['M', 78]])} as sex,
              case when ${u(g, 3)} < 0.04 then null else 2026 - (16 + floor(44 * power(${u(g, 4)}, 1.8)))::int end as birth_year
            from ${series(1, PROFILES)} g) x
    `),
  );
  await sql`analyze bench_client_profiles`.execute(db);
  figures.push(
    await inChunks(db, 'clients', CLIENTS, (a, b) => sql`
      insert into clients (id, org_id, site_id, uic_hmac, uic_near_hmacs, uic_enc, nickname_enc, birth_year, sex_at_birth, gender_identity,
        key_populations, substances, routes, province_id, referral_source, registered_at, registered_by, version)
      select ${clientId(sql`(g - 1)`)}, o.id, s.id, lpad(to_hex(g), 64, '0'), '{}', ${sealedLit}, p.nickname_enc,
        p.birth_year, p.sex, p.gender, p.key_populations, p.substances, p.routes,
        case when ${u(g, 9)} < 0.88 then s.province_id else ${provinces}[1 + floor(${u(g, 10)} * ${sql.lit(PROVINCES.length)})::int] end,
        p.referral_source, ${START}::timestamptz + interval '1 second' * (${sql.lit(SPAN_DAYS * 86_400 * 0.97)} * power(${u(g, 12)}, 1.3)), o.user_id, g
      from (select g, ${slots}[1 + floor(${u(g, 1)} * 100)::int] as oi, ${u(g, 2)} as su, floor(${u(g, 5)} * ${sql.lit(PROFILES)})::int as pk
            from ${series(a, b)} g) x
      join ${orgs} o on o.i = x.oi
      join ${sites} s on s.org_id = o.id and s.k = floor(x.su * o.nk)::int
      join bench_client_profiles p on p.k = x.pk
    `),
  );
  // Half a per cent of clients were found to be someone already registered and merged into them.
  figures.push(
    await timedStatement(db, 'clients merged (update)', sql`
      update clients set merged_into = p.target from (
        select a.id as source, b.id as target
        from (select id, org_id, row_number() over (partition by org_id order by id) as r from clients) a
        join (select id, org_id, row_number() over (partition by org_id order by id) as r from clients) b on b.org_id = a.org_id and b.r = a.r + 1
        where a.r % 200 = 0
      ) p where clients.id = p.source`),
  );
  if (CONSENT_KINDS.length !== 5) throw new Error('The bench lists the consent kinds it makes; update it');
  figures.push(
    await timedStatement(db, 'client_consents', sql`
      insert into client_consents (id, org_id, client_id, kind, given, at, recorded_by, version)
      select ${idOf(2, sql`(c.version * 8 + k.salt - 50)`)}, c.org_id, c.id, k.kind, bench_u(c.version, k.salt + 1) < k.given, c.registered_at, c.registered_by, c.version
      from clients c cross join (values ('services', 1.0, 1.0, 50), ('referral_sharing', 0.6, 0.95, 52), ('research', 0.3, 0.7, 54), ('contact_phone', 0.4, 0.9, 56)) as k(kind, p, given, salt)
      where bench_u(c.version, k.salt) < k.p`),
  );

  // Contacts: a regular's many visits and a newcomer's few, mostly at the client's own site,
  // between registration and the end of the two years.
  const services = someOf(g, 70, [
    ['information', 0.7],
    ['commodities', 0.55],
    ['brief_motivational', 0.3],
    ['safer_use_counselling', 0.25],
    ['hiv_test', 0.06],
    ['hcv_test', 0.03],
    ['prep_information', 0.1],
    ['mental_health_check', 0.08],
    ['referral', 0.03],
    ['group_invitation', 0.07],
    ['legal_support', 0.02],
    ['food_hygiene', 0.1],
  ]);
  const catalogue = sql`(select org_id, array_agg(id::text order by name_vi) filter (where kind = 'commodity') as com, array_agg(id::text order by name_vi) filter (where kind = 'iec') as iec from catalogue_items group by org_id)`;
  // What a contact was (mode, services, items given, notes, a follow-up set, another site than the
  // client's own) is drawn for each organisation once, as KINDS weighted kinds of contact, and each
  // contact takes one by its hash: building the services array and the item lines' jsonb for every
  // one of a million rows was most of the generation's time on PGlite. Who, where and when stay
  // per contact. The kinds are a temporary table; its time counts in the total.
  const kinds = sql.lit(CONTACT_KINDS);
  figures.push(
    await timedStatement(db, 'kinds of contact (temporary)', sql`
      create temporary table bench_contact_kinds on commit drop as
      select o.id as org_id, (g - 1) % ${kinds} as k, x.mode, x.services,
        case when 'commodities' = any(x.services) then ${itemLines(sql`cat.com`, sql<number>`(1 + floor(${u(g, 90)} * 3)::int)`, g, 91)} else '[]'::jsonb end as commodities,
        ${itemLines(sql`cat.iec`, sql<number>`(case when ${u(g, 95)} < 0.2 then 1 else 0 end)`, g, 96)} as iec,
        case when ${u(g, 99)} < 0.15 then ${sealedLit} end as notes_enc,
        case when ${u(g, 100)} < 0.12 then 7 + floor(${u(g, 101)} * 21)::int end as follow_up_days,
        s.id as site_id, o.user_id
      from (select g, ${pick(g, 63, [['street_outreach', 40], ['drop_in', 30], ['online', 12], ['phone', 8], ['home_visit', 5], ['event', 5]])} as mode,
              (select case when cardinality(v) = 0 then array['information'] else v end from (select ${services} as v) sv) as services,
              ${u(g, 64)} as su
            from ${series(1, 20 * CONTACT_KINDS)} g) x
      join ${orgs} o on o.i = (x.g - 1) / ${kinds}
      join ${catalogue} cat on cat.org_id = o.id
      left join ${sites} s on s.org_id = o.id and x.su < 0.2 and s.k = floor(x.su * 5 * o.nk)::int
    `),
  );
  if (net.orgIds.length !== 20) throw new Error('The kinds of contact are made for 20 organisations; update the bench');
  // The planner needs the new rows' statistics to join a million contacts by hashing (without
  // them it sorted both sides, several times slower).
  await sql`analyze clients`.execute(db);
  await sql`analyze bench_contact_kinds`.execute(db);
  figures.push(
    await inChunks(db, 'contacts', CONTACTS, (a, b) => sql`
      insert into contacts (id, org_id, client_id, site_id, at, mode, services, commodities, iec, notes_enc, follow_up_on, recorded_by, version)
      select ${idOf(3, g)}, c.org_id, c.id, coalesce(v.site_id, c.site_id), t.at, v.mode, v.services, v.commodities, v.iec, v.notes_enc,
        case when v.follow_up_days is not null then ${localDay(sql`t.at`)} + v.follow_up_days end, v.user_id, g
      from (select g, ${clientNumber(g, 60)} + 1 as cv, floor(${u(g, 62)} * ${kinds})::int as k, ${u(g, 64)} as tu from ${series(a, b)} g) x
      join clients c on c.version = x.cv
      join bench_contact_kinds v on v.org_id = c.org_id and v.k = x.k
      cross join lateral (select ${towardsEnd(sql`c.registered_at`, sql<number>`x.tu`)} as at) t
    `),
  );

  // Anonymous tallies: people met at events and on the street, counted by sex and age band.
  const cells = ['male', 'female', 'other'].flatMap((sex) => ['under_18', '18_24', '25_34', '35_49', '50_plus', 'unknown'].map((band) => [sex, band] as const));
  const cellSex = sql.raw(`('{${cells.map((c) => c[0]).join(',')}}'::text[])`);
  const cellBand = sql.raw(`('{${cells.map((c) => c[1]).join(',')}}'::text[])`);
  const cell = (j: number) =>
    sql`jsonb_build_object('sex', ${cellSex}[1 + (floor(${u(g, 210)} * 18)::int + ${sql.lit(5 * j)}) % 18], 'ageBand', ${cellBand}[1 + (floor(${u(g, 210)} * 18)::int + ${sql.lit(5 * j)}) % 18], 'count', 1 + floor(power(${u(g, 211 + j)}, 2) * 15)::int)`;
  // As for contacts, what a tally holds (mode, counts, items) is one of TALLY_KINDS kinds drawn for
  // each organisation; where and when are the tally's own.
  const tallyKinds = sql.lit(TALLY_KINDS);
  figures.push(
    await timedStatement(db, 'kinds of tally (temporary)', sql`
      create temporary table bench_tally_kinds on commit drop as
      select o.id as org_id, (g - 1) % ${tallyKinds} as k,
        ${pick(g, 203, [['event', 40], ['street_outreach', 45], ['drop_in', 15]])} as mode,
        ${jsonArray(sql<number>`(1 + floor(${u(g, 204)} * 3)::int)`, cell)} as counts,
        ${itemLines(sql`cat.com`, sql<number>`(1 + floor(${u(g, 220)} * 3)::int)`, g, 221)} as commodities,
        ${itemLines(sql`cat.iec`, sql<number>`(case when ${u(g, 225)} < 0.5 then 1 else 0 end)`, g, 226)} as iec
      from ${series(1, 20 * TALLY_KINDS)} g
      join ${orgs} o on o.i = (g - 1) / ${tallyKinds}
      join ${catalogue} cat on cat.org_id = o.id
    `),
  );
  await sql`analyze bench_tally_kinds`.execute(db);
  figures.push(
    await inChunks(db, 'anonymous_contacts', TALLIES, (a, b) => sql`
      insert into anonymous_contacts (id, org_id, site_id, at, mode, counts, services, commodities, iec, recorded_by, version)
      select ${idOf(4, g)}, o.id, s.id, ${START}::timestamptz + interval '1 second' * (${sql.lit(SPAN_DAYS * 86_400)} * ${u(g, 202)}),
        v.mode, v.counts, array['information', 'commodities'], v.commodities, v.iec, o.user_id, g
      from (select g, ${slots}[1 + floor(${u(g, 200)} * 100)::int] as oi, ${u(g, 201)} as su, floor(${u(g, 205)} * ${tallyKinds})::int as k from ${series(a, b)} g) x
      join ${orgs} o on o.i = x.oi
      join ${sites} s on s.org_id = o.id and s.k = floor(x.su * o.nk)::int
      join bench_tally_kinds v on v.org_id = o.id and v.k = x.k
    `),
  );

  // Screenings: nine instruments, scores skewed low, bands as the instrument publishes them,
  // ASSIST as an ATS involvement score, C-SSRS as a triage band; regulars screened again.
  const instruments = sql`(values ${sql.join(
    Object.values(INSTRUMENTS).map((i) => {
      const lo = i.kind === 'scale' ? i.bands[0]!.min : i.kind === 'assist' ? 0 : null;
      const hi = i.kind === 'scale' ? i.bands.at(-1)!.max : i.kind === 'assist' ? 39 : null;
      return sql`(${lit(i.id)}, ${lit(i.version)}, ${sql.lit(lo)}::int, ${sql.lit(hi)}::int, ${i.id === 'sds' ? lit('ats') : sql`null`})`;
    }),
  )}) as i(id, version, lo, hi, substance)`;
  const assistBand = sql`(case when s.score <= 3 then 'low' when s.score <= 26 then 'moderate' else 'high' end)`;
  figures.push(
    await inChunks(db, 'screenings', SCREENINGS, (a, b) => sql`
      insert into screenings (id, org_id, client_id, instrument_id, instrument_version, at, answers_enc, substance, complete, total, band, subscores, flags, recorded_by, version)
      select ${idOf(5, g)}, c.org_id, c.id, i.id, i.version, t.at, ${sealedLit}, i.substance, x.complete,
        case when i.id <> 'assist' then s.score end,
        case when not x.complete then null when i.id = 'assist' then null when i.id = 'cssrs' then x.cssrs else ${bandSql(sql`i.id`, sql`s.score`)} end,
        case when i.id = 'assist' and x.complete then jsonb_build_object('ats', jsonb_build_object('score', s.score, 'band', ${assistBand})) end,
        case when x.complete and ((i.id = 'phq9' and s.score >= 10 and ${u(g, 310)} < 0.3) or (i.id = 'cssrs' and x.cssrs in ('moderate', 'high'))) then array['suicide-risk'] else '{}' end,
        m.user_id, g
      from (select g, ${clientNumber(g, 300)} as cn, ${u(g, 303)} as tu, ${u(g, 304)} < 0.97 as complete, ${u(g, 305)} as su,
              ${pick(g, 302, [['phq2', 18], ['phq9', 18], ['gad2', 10], ['gad7', 14], ['k10', 8], ['k6', 7], ['assist', 10], ['sds', 7], ['cssrs', 8]])} as instrument,
              ${pick(g, 306, [['none', 70], ['low', 15], ['moderate', 10], ['high', 5]])} as cssrs
            from ${series(a, b)} g) x
      join clients c on c.id = ${clientId(sql`x.cn`)}
      join ${instruments} on i.id = x.instrument
      cross join lateral (select case when x.complete and i.hi is not null then i.lo + floor(power(x.su, 1.6) * (i.hi - i.lo + 1))::int end as score) s
      cross join lateral (select ${towardsEnd(sql`c.registered_at`, sql<number>`x.tu`)} as at) t
      join ${orgs} m on m.id = c.org_id
    `),
  );

  // Crisis episodes: a tenth without a registered client, most closed within hours with an outcome.
  figures.push(
    await inChunks(db, 'crisis_episodes', CRISES, (a, b) => sql`
      insert into crisis_episodes (id, org_id, client_id, site_id, at, red_flags, cssrs_band, level, device_level, guidance_version, outcome, outcome_at,
        notes_enc, follow_up_on, referral_urgency, opened_by, closed_by, closed_at, version)
      select ${idOf(6, g)}, c.org_id, case when ${u(g, 401)} < 0.1 then null else c.id end, c.site_id, t.at,
        ${someOf(g, 410, [['chest_pain', 0.05], ['breathing_trouble', 0.05], ['seizure', 0.03], ['overheating', 0.06], ['unconscious', 0.03], ['psychosis', 0.3], ['aggression', 0.15], ['suicidal_thoughts', 0.2], ['panic', 0.3], ['exhaustion', 0.25]])},
        case when ${u(g, 402)} < 0.2 then ${pick(g, 403, [['none', 40], ['low', 30], ['moderate', 20], ['high', 10]])} end,
        x.level, x.level, '2026.1',
        case when x.closed then ${pick(g, 405, [['resolved_on_site', 60], ['urgent_referral', 20], ['emergency_services_called', 7], ['taken_to_hospital', 8], ['person_left', 5]])} end,
        case when x.closed then t.at + interval '1 minute' * (20 + floor(${u(g, 406)} * 160)) end,
        case when ${u(g, 407)} < 0.5 then ${sealedLit} end,
        case when ${u(g, 408)} < 0.6 then ${localDay(sql`t.at`)} + 1 + floor(${u(g, 409)} * 7)::int end,
        case when x.level in ('emergency', 'urgent') then x.level end,
        m.user_id, case when x.closed then m.user_id end,
        case when x.closed then t.at + interval '1 minute' * (20 + floor(${u(g, 406)} * 160)) end, g
      from (select g, ${clientNumber(g, 400)} as cn, ${u(g, 404)} as tu, ${u(g, 411)} >= 0.04 as closed,
              ${pick(g, 412, [['emergency', 10], ['urgent', 25], ['acute', 35], ['not_acute', 30]])} as level
            from ${series(a, b)} g) x
      join clients c on c.id = ${clientId(sql`x.cn`)}
      cross join lateral (select ${towardsEnd(sql`c.registered_at`, sql<number>`x.tu`)} as at) t
      join ${orgs} m on m.id = c.org_id
    `),
  );

  // Referrals to the directory (two providers are the network's own clinic), with their events.
  const paths = sql`(values ${sql.join(REFERRAL_PATHS.map((p, i) => sql`(${sql.lit(i)}, ${lit(p.status)}, ${sql.lit(p.events.at(-1) ?? 'created')})`))}) as p(i, status, last_event)`;
  figures.push(
    await inChunks(db, 'referrals', REFERRALS, (a, b) => sql`
      insert into referrals (id, code, from_org_id, client_id, provider_id, to_org_id, service, reason_enc, urgency, due_on, share, at, status, status_at, created_by, version)
      select ${idOf(7, g)}, 'BR-' || g, c.org_id, c.id, pr.id, pr.org_id,
        ${pick(g, 520, [['psychiatric_assessment', 20], ['crisis_care', 5], ['general_health', 15], ['hiv_testing', 15], ['prep', 8], ['hepatitis_testing', 8], ['counselling', 15], ['social_support', 6], ['legal_aid', 4], ['other', 4]])},
        ${sealedLit}, x.urgency,
        ${localDay(sql`t.at`)} + case x.urgency when 'emergency' then 0 when 'same_day' then 0 when 'within_week' then 7 else 30 end,
        array['reason'], t.at, p.status, t.at + interval '1 day' * ${eventDay(sql`p.last_event`, g)}, m.user_id, g
      from (select g, ${clientNumber(g, 501)} as cn, ${u(g, 503)} as tu, floor(${u(g, 504)} * 30)::int as pk, ${pathOf(g)} as path,
              ${pick(g, 505, [['emergency', 3], ['same_day', 12], ['within_week', 35], ['routine', 50]])} as urgency
            from ${series(a, b)} g) x
      join clients c on c.id = ${clientId(sql`x.cn`)}
      join (select id, org_id, (row_number() over (order by name) - 1)::int as k from providers) pr on pr.k = x.pk
      join ${paths} on p.i = x.path
      cross join lateral (select ${towardsEnd(sql`c.registered_at`, sql<number>`x.tu * 0.98`)} as at) t
      join ${orgs} m on m.id = c.org_id
    `),
  );
  const steps = sql`(values ${sql.join(REFERRAL_PATHS.flatMap((p, i) => p.events.map((e, k) => sql`(${sql.lit(i)}, ${sql.lit(k)}, ${lit(e)})`)))}) as e(path, step, event)`;
  const receiverEvent = sql`e.event in ('accept', 'decline', 'attend', 'no_show', 'complete')`;
  figures.push(
    await timedStatement(db, 'referral_events', sql`
      insert into referral_events (id, referral_id, from_org_id, to_org_id, event, at, outcome, by_user, by_org_id)
      select ${idOf(8, sql`(r.n * 8 + e.step)`)}, r.id, r.from_org_id, r.to_org_id, e.event,
        r.at + interval '1 day' * ${eventDay(sql`e.event`, sql`r.n`)} + interval '1 minute' * e.step,
        case when e.event = 'complete' then ${pick(sql`r.n`, 530, [['seen', 50], ['treatment_started', 30], ['needs_follow_up', 15], ['referred_on', 5]])} end,
        case when ${receiverEvent} and r.to_org_id is not null then null else r.created_by end,
        case when ${receiverEvent} and r.to_org_id is not null then r.to_org_id else r.from_org_id end
      from (select *, substr(code, 4)::bigint as n from referrals) r
      join ${steps} on e.path = ${pathOf(sql`r.n`)}
      order by r.at, e.step
    `),
  );
  return figures;
}

const FACT_TABLES = ['clients', 'client_consents', 'contacts', 'anonymous_contacts', 'screenings', 'crisis_episodes', 'referrals', 'referral_events'];

/**
 * Loads as pg_restore does, in the caller's transaction: the secondary indexes of the fact tables
 * are dropped and built again after the load (the returned function, whose time counts in the
 * total), and, where the role may (a superuser), foreign-key triggers are off
 * (`session_replication_role = replica`): the generator makes consistent rows by construction.
 * Primary keys and constraint indexes stay.
 */
async function loadLikeARestore(tx: Kysely<Database>): Promise<() => Promise<TableFigure>> {
  const superuser = await sql<{ s: boolean }>`select rolsuper as s from pg_roles where rolname = current_user`.execute(tx);
  if (superuser.rows[0]?.s) await sql`set local session_replication_role = replica`.execute(tx);
  // Compiling each chunk's expressions (PostgreSQL's JIT) costs more than it saves here.
  await sql`set local jit = off`.execute(tx);
  // Memory for the joins' hash tables and the index builds' sorts, as one gives a restore.
  await sql`set local work_mem = '256MB'`.execute(tx);
  await sql`set local maintenance_work_mem = '512MB'`.execute(tx);
  // Joins by hashing, which keeps the rows in their numbers' order (so each primary key grows at
  // its end); the planner otherwise sorted a million contacts to merge them with their kind.
  await sql`set local enable_mergejoin = off`.execute(tx);
  const indexes = await sql<{ name: string; def: string }>`
    select quote_ident(ic.relname) as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i join pg_class t on t.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
    where t.relname in (${sql.join(FACT_TABLES)}) and t.relnamespace = 'public'::regnamespace and not i.indisprimary
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(tx);
  for (const ix of indexes.rows) await sql`drop index ${sql.raw(ix.name)}`.execute(tx);
  return async () => {
    const t0 = performance.now();
    for (const ix of indexes.rows) await sql.raw(ix.def).execute(tx);
    return { table: `${indexes.rows.length} indexes built${superuser.rows[0]?.s ? '' : ' (FK checks on: not a superuser)'}`, rows: 0, ms: performance.now() - t0 };
  };
}

// ---------------------------------------------------------------------------------------------
// Timing the dashboard.

interface DashboardRequest {
  label: string;
  req: Omit<IndicatorRequest, 'orgIds'>;
}

/** The statements behind one dashboard, as the contract lists them, each labelled. */
function dashboardRequests(kind: PeriodKind, key: string, multiOrg: boolean): DashboardRequest[] {
  const period = parsePeriodKey(key)!;
  const previous = previousPeriod(period);
  let first: Period = period;
  for (let i = 1; i < SERIES_LENGTH; i++) first = previousPeriod(first);
  const lastDay = addDays(period.end, -1);
  const ready = INDICATORS.map((i) => i.id as IndicatorId).filter(hasSql);
  const series = DASHBOARD_SERIES.filter((id) => ready.includes(id));
  const out: DashboardRequest[] = [
    ...series.map((indicatorId) => ({ label: `${indicatorId} (series of ${SERIES_LENGTH})`, req: { indicatorId, periodKind: kind, from: first.start, to: lastDay, disaggregation: [] } })),
    ...ready.filter((id) => !(series as readonly string[]).includes(id)).map((indicatorId) => ({ label: `${indicatorId} (this and previous)`, req: { indicatorId, periodKind: kind, from: previous.start, to: lastDay, disaggregation: [] } })),
  ];
  for (const b of [...DASHBOARD_BARS, ...(multiOrg ? [NETWORK_BAR] : [])]) {
    if (!hasSql(b.indicatorId)) continue;
    const by = [...b.by] as DisaggregationId[];
    out.push({ label: `${b.indicatorId} bar${by.length ? ` by ${by.join(' × ')}` : ''}`, req: { indicatorId: b.indicatorId, periodKind: kind, from: period.start, to: lastDay, disaggregation: by } });
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;

/** Statements of one dashboard computed at once, as the route runs them (routes.ts DASHBOARD_CONCURRENCY). */
const CONCURRENCY: Record<DbKind, number> = { pglite: 1, postgres: 4 };
/** Each statement timed alone on the records first (BENCH_INDICATORS_DIRECT=1): where the cold time goes. */
const DIRECT = process.env.BENCH_INDICATORS_DIRECT === '1';

interface Scope {
  label: string;
  orgIds: readonly string[] | 'all';
  periodKind: PeriodKind;
  period: string;
}

const dashboardOf = (db: Db, scope: Scope) =>
  dashboardData(db.kysely, { orgIds: scope.orgIds, suppressed: scope.orgIds === 'all', periodKind: scope.periodKind, period: scope.period, concurrency: CONCURRENCY[db.kind] });

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** Each of the dashboard's statements on the records, alone, in the scope's scoping (the cold path's parts). */
async function timeStatements(db: Db, scope: Scope): Promise<void> {
  const multiOrg = scope.orgIds === 'all' || scope.orgIds.length > 1;
  const inScope = <T>(work: (tx: Tx) => Promise<T>) => (scope.orgIds !== 'all' && scope.orgIds.length === 1 ? inOrg(db.kysely, scope.orgIds[0]!, work) : asSystem(db.kysely, work));
  console.log(`    each statement alone on the records (${scope.label}):`);
  for (const r of dashboardRequests(scope.periodKind, scope.period, multiOrg)) {
    const t0 = performance.now();
    const over = await inScope((tx) => computeIndicator(tx, { ...r.req, orgIds: scope.orgIds })).then(
      () => false,
      (err: unknown) => {
        if ((err as { code?: string }).code === '57014') return true; // query_canceled: the statement timeout
        throw err;
      },
    );
    console.log(`      ${r.label.padEnd(60)} ${over ? `> ${TIMEOUT_S} s, cancelled` : ms(performance.now() - t0).padStart(9)}`);
  }
}

/**
 * One scope's dashboard: cold (no pre-computed table: every organisation in scope computed, as
 * the first load after a restore or an upgrade) once, then warm (every table current) RUNS
 * times, the median being the figure the goal is about.
 */
async function timeScope(db: Db, scope: Scope): Promise<void> {
  const goal = GOAL_MS[db.kind];
  if (DIRECT) await timeStatements(db, scope);
  await sql`delete from indicator_cache`.execute(db.kysely);
  const cold = await timed(() => dashboardOf(db, scope));
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timed(() => dashboardOf(db, scope)));
  const warm = median(runs);
  console.log(`    ${scope.label}`);
  console.log(`      ${'cold: nothing pre-computed, every organisation computed'.padEnd(60)} ${ms(cold).padStart(9)}`);
  console.log(`      ${'warm: the full query set from pre-computed tables'.padEnd(60)} ${ms(warm).padStart(9)}   (median of ${RUNS}: ${runs.map((r) => Math.round(r)).join(', ')} ms; goal ≤ ${goal} ms: ${warm <= goal ? 'met' : 'MISSED'})`);
}

/**
 * What one new contact costs: written in the organisation's transaction as the sync applier
 * writes one (the triggers move its counter), then the next dashboard of that organisation and of
 * the network, in both orders (whichever reads first computes the organisation's tables again).
 */
async function timeOneContact(db: Db, orgId: string, year: Scope, network: Scope): Promise<void> {
  const write = () =>
    inOrg(db.kysely, orgId, async (tx) => {
      const c = await tx.selectFrom('clients').select(['id', 'site_id', 'registered_by']).where('org_id', '=', orgId).limit(1).executeTakeFirstOrThrow();
      await tx
        .insertInto('contacts')
        .values({ id: randomUuid(), org_id: orgId, client_id: c.id, site_id: c.site_id, at: `${LAST_YEAR}-12-15T03:00:00Z`, mode: 'drop_in', services: ['information', 'commodities'], commodities: '[]', iec: '[]', notes_enc: null, follow_up_on: null, recorded_by: c.registered_by, device_id: null, version: 1 })
        .execute();
    });
  await dashboardOf(db, year);
  await dashboardOf(db, network);
  console.log(`    one new contact in organisation 00 (write, then the next dashboards):`);
  for (const order of [[year, network], [network, year]] as const) {
    const w = await timed(write);
    const first = await timed(() => dashboardOf(db, order[0]));
    const second = await timed(() => dashboardOf(db, order[1]));
    console.log(`      write ${ms(w)}; then ${order[0].label} ${ms(first)}, then ${order[1].label} ${ms(second)}`);
  }
}

/**
 * The warm-up after writes (src/server/indicators/warmup.ts): the dashboards of organisation 00
 * and of the network read once (so the warm-up knows their requests), one new contact, then the
 * background refresh; meanwhile a trivial statement (`select 1`) is due every 100 ms and the time
 * from when it was due to its answer is taken — on PGlite (one connection, in this thread) that is
 * how long a request can be held up by the refresh. Then the next dashboards, which should find everything current.
 */
async function timeWarmup(db: Db, orgId: string, year: Scope, network: Scope): Promise<void> {
  const warmup = startWarmup(db.kysely, { debounceMs: 10, pruneEveryMs: 0, log: { debug: () => undefined, warn: (o: unknown, m?: string) => console.log('    warm-up:', m, o) } as never });
  try {
    await dashboardOf(db, year);
    await dashboardOf(db, network);
    await inOrg(db.kysely, orgId, async (tx) => {
      const c = await tx.selectFrom('clients').select(['id', 'site_id', 'registered_by']).where('org_id', '=', orgId).limit(1).executeTakeFirstOrThrow();
      await tx
        .insertInto('contacts')
        .values({ id: randomUuid(), org_id: orgId, client_id: c.id, site_id: c.site_id, at: `${LAST_YEAR}-12-16T03:00:00Z`, mode: 'drop_in', services: ['information'], commodities: '[]', iec: '[]', notes_enc: null, follow_up_on: null, recorded_by: c.registered_by, device_id: null, version: 1 })
        .execute();
    });
    const t0 = performance.now();
    warmup.noteWrite([orgId]);
    // A probe's wait runs from when it was due (its timer's time) to its answer: on PGlite a
    // statement runs in this thread, so a long one holds the timers (and any HTTP request) too.
    const waits: number[] = [];
    while (!warmup.idle) {
      const due = performance.now() + 100;
      await new Promise((r) => setTimeout(r, 100));
      await sql`select 1`.execute(db.kysely);
      waits.push(performance.now() - due);
    }
    const refresh = performance.now() - t0;
    const sorted = [...waits].sort((a, b) => a - b);
    console.log(`    warm-up after one new contact in organisation 00: refresh ${ms(refresh)} in the background (${warmup.stats.computed} tables computed); meanwhile a select 1 due every 100 ms waited median ${ms(sorted.length ? median(sorted) : 0)}, max ${ms(sorted.at(-1) ?? 0)} (${waits.length} probes)`);
    const first = await timed(() => dashboardOf(db, year));
    const second = await timed(() => dashboardOf(db, network));
    console.log(`      then ${year.label} ${ms(first)}, ${network.label} ${ms(second)}`);
  } finally {
    await warmup.close();
  }
}

/** Times the dashboards of the large organisation and of the network, each for its year (and month). */
export async function timeDashboards(db: Db, largeOrgId: string): Promise<void> {
  const share = await sql<{ clients: number; contacts: number }>`
    select (select count(*) from clients where org_id = ${largeOrgId}::uuid)::float8 / (select count(*) from clients) as clients,
           (select count(*) from contacts where org_id = ${largeOrgId}::uuid)::int as contacts`.execute(db.kysely);
  const large = `organisation 00 (${Math.round(share.rows[0]!.clients * 100)}% of clients, ${share.rows[0]!.contacts} contacts)`;
  const ready = INDICATORS.map((i) => i.id).filter((id) => hasSql(id));
  console.log(`  dashboards, ${CONCURRENCY[db.kind]} statement(s) at once; load average ${loadavg()[0]!.toFixed(1)} (${ready.length} of ${INDICATORS.length} indicators have SQL):`);
  const year: Scope = { label: `${large}, year ${LAST_YEAR}`, orgIds: [largeOrgId], periodKind: 'year', period: LAST_YEAR };
  const network: Scope = { label: `whole network, year ${LAST_YEAR}`, orgIds: 'all', periodKind: 'year', period: LAST_YEAR };
  await timeScope(db, year);
  await timeScope(db, network);
  await timeOneContact(db, largeOrgId, { ...year, label: 'organisation 00' }, { ...network, label: 'network' });
  await timeWarmup(db, largeOrgId, { ...year, label: 'organisation 00' }, { ...network, label: 'network' });
  if (MONTHS) {
    await timeScope(db, { label: `organisation 00, month ${LAST_MONTH}`, orgIds: [largeOrgId], periodKind: 'month', period: LAST_MONTH });
    await timeScope(db, { label: `whole network, month ${LAST_MONTH}`, orgIds: 'all', periodKind: 'month', period: LAST_MONTH });
  }
  console.log(`    load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

/**
 * What the report_changes triggers (migration 0012) add to a bulk insert: 100,000 contacts
 * (scaled) copied in one statement with the triggers, then without (disabled in the same
 * transaction), each rolled back.
 */
async function timeTriggers(db: Db): Promise<void> {
  const n = Math.max(1000, Math.round(100_000 * SCALE));
  const copy = sql`insert into contacts (id, org_id, client_id, site_id, at, mode, services, commodities, iec, notes_enc, follow_up_on, recorded_by, version)
    select ('c' || substr(id::text, 2))::uuid, org_id, client_id, site_id, at, mode, services, commodities, iec, notes_enc, follow_up_on, recorded_by, version from contacts order by id limit ${sql.lit(n)}`;
  const once = async (triggers: boolean) => {
    let took = 0;
    await db.kysely
      .transaction()
      .execute(async (tx) => {
        if (!triggers) for (const e of ['ins', 'upd', 'del']) await sql.raw(`alter table contacts disable trigger contacts_report_${e}`).execute(tx);
        took = await timed(() => copy.execute(tx));
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
    return took;
  };
  // Alternately, twice each, the faster of each kept: a shared machine's noise is of this size.
  const took: Record<'on' | 'off', number[]> = { on: [], off: [] };
  for (const triggers of [false, true, false, true]) took[triggers ? 'on' : 'off'].push(await once(triggers));
  const on = Math.min(...took.on);
  const off = Math.min(...took.off);
  console.log(`    report_changes triggers on a bulk insert of ${n} contacts: ${ms(on)} with, ${ms(off)} without (${on >= off ? '+' : ''}${(((on - off) / off) * 100).toFixed(0)}%; best of 2 each)`);
}

// ---------------------------------------------------------------------------------------------

/** Makes the whole network in `db` (freshly migrated); also used to look at plans by hand. */
export async function generateNetwork(db: Db, sealed: string): Promise<{ net: Network; frameMs: number; figures: TableFigure[] }> {
  const t0 = performance.now();
  const net = await generateFrame(db.kysely);
  const frameMs = performance.now() - t0;
  const figures = await db.kysely.transaction().execute(async (tx) => {
    const restoreLike = await loadLikeARestore(tx);
    const made = await generateFacts(tx, net, sealed);
    made.push(await restoreLike());
    return made;
  });
  return { net, frameMs, figures };
}

export async function benchIndicators(): Promise<void> {
  const only = process.env.BENCH_INDICATORS_DATABASES?.split(',');
  await onEachDatabase('indicators', async (kind, databaseUrl) => {
    if (!only || only.includes(kind)) await benchIndicatorsOn(kind, databaseUrl);
  });
}

async function benchIndicatorsOn(kind: DbKind, databaseUrl?: string): Promise<void> {
  const pgliteParent = process.env.BENCH_INDICATORS_PGLITE_DIR;
  const pgliteDir = kind === 'pglite' && pgliteParent ? mkdtempSync(path.join(pgliteParent || tmpdir(), 'fieldlab-bench-indicators-')) : null;
  let db = await connect({ databaseUrl, dataDir: pgliteDir ?? 'memory' });
  try {
    await migrate(db);
    console.log(`\nindicators on ${kind}${pgliteDir ? ` (files in ${pgliteDir})` : kind === 'pglite' ? ' (in memory)' : ''}, scale ${SCALE}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs`);
    const crypto = createCrypto(randomBytes(32));
    const sealed = crypto.encrypt('bench: a sealed field no indicator reads');
    const { net, frameMs, figures } = await generateNetwork(db, sealed);
    const t1 = performance.now();
    await sql`analyze`.execute(db.kysely);
    const analyzeMs = performance.now() - t1;
    console.log(`  generation (set-based SQL; frame of ${net.orgIds.length} organisations, sites, catalogues and providers in ${ms(frameMs)}):`);
    for (const f of figures) console.log(`    ${f.table.padEnd(40)} ${f.rows ? `${String(f.rows).padStart(9)} rows` : ' '.repeat(14)}  ${(f.ms / 1000).toFixed(2).padStart(7)} s${f.rows ? `  ${String(Math.round(f.rows / (f.ms / 1000))).padStart(8)} rows/s` : ''}`);
    const rows = figures.reduce((s, f) => s + f.rows, 0);
    const seconds = figures.reduce((s, f) => s + f.ms, 0) / 1000;
    const rate = rows / seconds;
    console.log(`    ${'all facts, indexes included'.padEnd(40)} ${String(rows).padStart(9)} rows  ${seconds.toFixed(2).padStart(7)} s  ${String(Math.round(rate)).padStart(8)} rows/s   (goal ≥ 50000 rows/s: ${rate >= 50_000 ? 'met' : 'MISSED'})`);
    const size = await sql<{ size: string }>`select pg_size_pretty(pg_database_size(current_database())) as size`.execute(db.kysely);
    console.log(`    analyze ${ms(analyzeMs)}; database ${size.rows[0]!.size}; this process's memory ${Math.round(process.memoryUsage().rss / 1048576)} MB`);

    // A statement over the limit is cancelled and reported as such, so one bad plan cannot hold
    // a shared machine for an hour. PostgreSQL: set on the database, then a fresh pool takes it.
    if (kind === 'postgres') {
      await sql.raw(`alter database ${(await sql<{ d: string }>`select quote_ident(current_database()) as d`.execute(db.kysely)).rows[0]!.d} set statement_timeout = ${Math.round(TIMEOUT_S * 1000)}`).execute(db.kysely);
      await db.close();
      db = await connect({ databaseUrl });
    } else {
      await sql.raw(`set statement_timeout = ${Math.round(TIMEOUT_S * 1000)}`).execute(db.kysely);
    }
    await timeTriggers(db);
    if (DASHBOARDS) await timeDashboards(db, net.largeOrgId);
  } finally {
    await db.close();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  await benchIndicators();
}
