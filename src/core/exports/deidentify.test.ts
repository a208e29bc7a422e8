import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENDER_IDENTITIES, KEY_POPULATIONS } from '../clients/schema.ts';
import { PROVINCE_IDS } from '../geo/provinces.ts';
import { deidentify, quasiIdentifierKey, type ResearchSourceClient, STUDY_ID_BYTES } from './deidentify.ts';
import { regionOf, REGIONS } from './regions.ts';

const exportDay = '2026-11-20';
const rnd = (n: number) => new Uint8Array(randomBytes(n));

/** A client as the server holds it, with the identifying fields the extract must leave behind. */
const client = (over: Partial<ResearchSourceClient> & { uic?: string } = {}): ResearchSourceClient & Record<string, unknown> => ({
  uic: 'NGHUMA90M1',
  nickname: 'Tuấn Béo',
  phone: '0000 555 321',
  notes: 'gặp ở chợ Đồng Xuân',
  clientId: '0198f3a2-0000-7000-8000-000000000001',
  birthYear: 1995,
  sexAtBirth: 'M',
  genderIdentity: 'man',
  keyPopulations: ['msm'],
  provinceId: 'ha-noi',
  consents: [
    { kind: 'services', given: true },
    { kind: 'research', given: true },
  ],
  facts: [
    { kind: 'contact', day: '2026-11-03' },
    { kind: 'screening:phq9:moderate', day: '2026-10-30' },
  ],
  ...over,
});
const times = (n: number, over: Partial<ResearchSourceClient> = {}) => Array.from({ length: n }, (_, i) => client({ ...over, uic: `UIC${i}` }));

describe('deidentify: consent', () => {
  it.each<[string, ResearchSourceClient['consents'], boolean]>([
    ['research given', [{ kind: 'services', given: true }, { kind: 'research', given: true }], true],
    ['no research decision', [{ kind: 'services', given: true }], false],
    ['research refused', [{ kind: 'research', given: false }], false],
    ['given, then withdrawn: the latest counts', [{ kind: 'research', given: true }, { kind: 'research', given: false }], false],
    ['withdrawn, then given again', [{ kind: 'research', given: false }, { kind: 'research', given: true }], true],
    ['only other kinds given', [{ kind: 'referral_sharing', given: true }, { kind: 'contact_phone', given: true }], false],
  ])('%s', (_, consents, included) => {
    const { rows, report } = deidentify(times(5, { consents }), { exportDay, randomBytes: rnd });
    expect(rows.length).toBe(included ? 5 : 0);
    expect(report.consented).toBe(included ? 5 : 0);
    expect(report.excludedNoConsent).toBe(included ? 0 : 5);
  });
});

describe('deidentify: what a row holds', () => {
  it('coarsens days to months, birth year to an age band, and keeps the province of a class of 5', () => {
    const { rows, report } = deidentify(times(5), { exportDay, randomBytes: rnd });
    expect(rows).toHaveLength(5);
    const { studyId, ...rest } = rows[0]!;
    expect(studyId).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(rest).toEqual({
      ageBand: '25_34',
      sexAtBirth: 'M',
      genderIdentity: 'man',
      keyPopulations: 'msm',
      place: 'ha-noi',
      facts: [
        { kind: 'screening:phq9:moderate', month: '2026-10' },
        { kind: 'contact', month: '2026-11' },
      ],
    });
    expect(report).toEqual({
      consented: 5,
      excludedNoConsent: 0,
      generalised: { place: 0, keyPopulations: 0, genderIdentity: 0 },
      suppressed: 0,
      k: 5,
      classes: 1,
    });
  });

  it('has no UIC, nickname, phone, client id, notes or day anywhere in its JSON', () => {
    const json = JSON.stringify(deidentify(times(6), { exportDay, randomBytes: rnd }));
    for (const s of ['NGHUMA90M1', 'UIC', 'Tuấn', '0000 555', '555 321', '0198f3a2', 'Đồng Xuân', 'chợ', '2026-11-03', '2026-10-30', 'uic', 'nickname', 'phone', 'notes', 'clientId', 'birthYear']) {
      expect(json).not.toContain(s);
    }
  });

  it('writes key populations as a sorted set, and none for an empty one', () => {
    const { rows } = deidentify([...times(5, { keyPopulations: ['chemsex', 'msm'] }), ...times(5, { keyPopulations: ['msm', 'chemsex'] }), ...times(5, { keyPopulations: [] })], { exportDay, randomBytes: rnd });
    expect(rows.map((r) => r.keyPopulations).sort()).toEqual([...Array(10).fill('chemsex+msm'), ...Array(5).fill('none')]);
  });

  it.each<[number | null, string]>([
    [null, 'unknown'],
    [2009, 'under_18'],
    [2008, '18_24'],
    [2002, '18_24'],
    [2001, '25_34'],
    [1992, '25_34'],
    [1991, '35_49'],
    [1977, '35_49'],
    [1976, '50_plus'],
  ])('birth year %j on 2026-11-20 → %s', (birthYear, band) => {
    expect(deidentify(times(5, { birthYear }), { exportDay, randomBytes: rnd }).rows[0]!.ageBand).toBe(band);
  });

  it('refuses free text where a fact kind belongs, a day that is not one, and k below 5', () => {
    expect(() => deidentify(times(5, { facts: [{ kind: 'Anh ấy nói…', day: '2026-11-01' }] }), { exportDay, randomBytes: rnd })).toThrow(RangeError);
    expect(() => deidentify(times(5, { facts: [{ kind: 'contact', day: '2026-11-01T10:00:00Z' }] }), { exportDay, randomBytes: rnd })).toThrow(RangeError);
    expect(() => deidentify(times(5), { exportDay, randomBytes: rnd, k: 4 })).toThrow(RangeError);
    expect(() => deidentify(times(5), { exportDay: '20/11/2026', randomBytes: rnd })).toThrow(RangeError);
  });
});

describe('deidentify: study ids', () => {
  it('are fresh in every export of the same data, and never the same twice in one', () => {
    const data = times(20);
    const a = deidentify(data, { exportDay, randomBytes: rnd }).rows.map((r) => r.studyId);
    const b = deidentify(data, { exportDay, randomBytes: rnd }).rows.map((r) => r.studyId);
    expect(new Set(a).size).toBe(20);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it(`take ${STUDY_ID_BYTES} random bytes (≥ 64 bits) and nothing from the client`, () => {
    expect(STUDY_ID_BYTES * 8).toBeGreaterThanOrEqual(64);
    const asked: number[] = [];
    let counter = 0;
    const source = (n: number) => {
      asked.push(n);
      return Uint8Array.from({ length: n }, () => counter++ & 255);
    };
    const ids = deidentify(times(5), { exportDay, randomBytes: source }).rows.map((r) => r.studyId);
    expect(asked).toEqual([10, 10, 10, 10, 10]);
    expect(ids).toContain('000G40R40M30E209'); // bytes 00 01 … 09 in Crockford base 32
  });

  it('are refused when the random source repeats itself', () => {
    expect(() => deidentify(times(5), { exportDay, randomBytes: (n) => new Uint8Array(n) })).toThrow(RangeError);
  });

  it('come in random order, not the order of the input', () => {
    const { rows } = deidentify(times(30), { exportDay, randomBytes: rnd });
    expect(rows.map((r) => r.studyId)).toEqual(rows.map((r) => r.studyId).sort());
  });
});

describe('deidentify: k-anonymity (Sweeney 2002)', () => {
  it('suppresses a lone Hải Phòng client: five alike in Hà Nội are a class of their own, so the ladder never finds them company', () => {
    // The Hà Nội class already has k, so it stays; the Hải Phòng client alone climbs every step and is removed.
    const data = [...times(5), client({ provinceId: 'hai-phong' })];
    const { rows, report } = deidentify(data, { exportDay, randomBytes: rnd });
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.place === 'ha-noi')).toBe(true);
    expect(report.suppressed).toBe(1);
    expect(report.generalised).toEqual({ place: 0, keyPopulations: 0, genderIdentity: 0 });
  });

  it('keeps five people from five northern provinces as five in the north', () => {
    const data = ['ha-noi', 'hai-phong', 'bac-ninh', 'lao-cai', 'ninh-binh'].map((provinceId) => client({ provinceId }));
    const { rows, report } = deidentify(data, { exportDay, randomBytes: rnd });
    expect(rows.map((r) => r.place)).toEqual(Array(5).fill('north'));
    expect(report.generalised).toEqual({ place: 5, keyPopulations: 0, genderIdentity: 0 });
    expect(report).toMatchObject({ suppressed: 0, classes: 1 });
  });

  it('climbs the ladder: region, then key populations, then gender, then place withheld', () => {
    const data = [
      client({ provinceId: 'ha-noi', keyPopulations: ['msm'], genderIdentity: 'man' }),
      client({ provinceId: 'hai-phong', keyPopulations: ['chemsex'], genderIdentity: 'man' }),
      client({ provinceId: 'da-nang', keyPopulations: ['msm', 'chemsex'], genderIdentity: 'transgender_woman' }),
      client({ provinceId: 'hue', keyPopulations: ['sex_worker'], genderIdentity: 'non_binary' }),
      client({ provinceId: 'can-tho', keyPopulations: ['people_who_inject'], genderIdentity: 'man' }),
      // different sex at birth: never widened, so suppressed
      client({ provinceId: 'ha-noi', sexAtBirth: 'F', genderIdentity: 'woman' }),
    ];
    const { rows, report } = deidentify(data, { exportDay, randomBytes: rnd });
    expect(rows.map(({ studyId: _, facts: __, ...q }) => q)).toEqual(
      Array(5).fill({ ageBand: '25_34', sexAtBirth: 'M', genderIdentity: '*', keyPopulations: 'any', place: '*' }),
    );
    expect(report).toEqual({
      consented: 6,
      excludedNoConsent: 0,
      generalised: { place: 5, keyPopulations: 5, genderIdentity: 5 },
      suppressed: 1,
      k: 5,
      classes: 1,
    });
  });

  it('stops climbing as soon as a class reaches k', () => {
    const data = [...times(3, { provinceId: 'ha-noi', genderIdentity: 'transgender_woman' }), ...times(2, { provinceId: 'bac-ninh', genderIdentity: 'transgender_woman' })];
    const { rows } = deidentify(data, { exportDay, randomBytes: rnd });
    expect(rows.map((r) => [r.place, r.keyPopulations, r.genderIdentity])).toEqual(Array(5).fill(['north', 'msm', 'transgender_woman']));
  });

  it('honours a larger k', () => {
    const { rows, report } = deidentify(times(9), { exportDay, randomBytes: rnd, k: 10 });
    expect(rows).toEqual([]);
    expect(report).toMatchObject({ consented: 9, suppressed: 9, k: 10, classes: 0 });
  });

  it('property: every class in the extract has at least k rows; rows ≤ consented; the report adds up', () => {
    const arbClient = fc.record({
      birthYear: fc.option(fc.integer({ min: 1950, max: 2012 }), { nil: null }),
      sexAtBirth: fc.constantFrom('M' as const, 'F' as const, null),
      genderIdentity: fc.constantFrom(...GENDER_IDENTITIES),
      keyPopulations: fc.uniqueArray(fc.constantFrom(...KEY_POPULATIONS), { maxLength: 3 }),
      // a few provinces, so that classes of 5 happen
      provinceId: fc.constantFrom('ha-noi', 'hai-phong', 'hue', 'da-nang', 'ho-chi-minh', 'can-tho', 'not-a-province'),
      consents: fc.array(fc.record({ kind: fc.constantFrom('services' as const, 'research' as const), given: fc.boolean() }), { maxLength: 3 }),
      facts: fc.constant([{ kind: 'contact', day: '2026-01-15' }]),
    });
    fc.assert(
      fc.property(fc.array(arbClient, { maxLength: 80 }), fc.integer({ min: 5, max: 8 }), (clients, k) => {
        const { rows, report } = deidentify(clients, { exportDay, randomBytes: rnd, k });
        const sizes = new Map<string, number>();
        for (const r of rows) sizes.set(quasiIdentifierKey(r), (sizes.get(quasiIdentifierKey(r)) ?? 0) + 1);
        for (const size of sizes.values()) expect(size).toBeGreaterThanOrEqual(k);
        expect(rows.length).toBeLessThanOrEqual(report.consented);
        expect(report.consented + report.excludedNoConsent).toBe(clients.length);
        expect(rows.length + report.suppressed).toBe(report.consented);
        expect(report.classes).toBe(sizes.size);
        for (const n of Object.values(report.generalised)) expect(n).toBeLessThanOrEqual(rows.length);
        for (const r of rows) expect([...PROVINCE_IDS, ...REGIONS, '*']).toContain(r.place);
      }),
    );
  });
});

describe('regionOf', () => {
  it('places every one of the 34 provinces in exactly one region', () => {
    expect(PROVINCE_IDS).toHaveLength(34);
    for (const id of PROVINCE_IDS) expect(REGIONS).toContain(regionOf(id));
    expect(regionOf('not-a-province')).toBeUndefined();
  });

  it.each([
    ['hai-phong', 'north'],
    ['ninh-binh', 'north'],
    ['thanh-hoa', 'central'],
    ['lam-dong', 'central'],
    ['ho-chi-minh', 'south'],
    ['ca-mau', 'south'],
  ])('%s → %s', (id, region) => {
    expect(regionOf(id)).toBe(region);
  });
});
