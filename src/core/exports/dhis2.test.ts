import { describe, expect, it } from 'vitest';
import { parsePeriodKey } from '../indicators/periods.ts';
import type { IndicatorTable } from '../indicators/result.ts';
import { buildDataValueSet, Dhis2Mapping, Dhis2Settings, parseImportSummary, tablesNeeded, type Dhis2MappingInput } from './dhis2.ts';

const ORG_A = '0190a000-0000-7000-8000-00000000000a';
const ORG_B = '0190a000-0000-7000-8000-00000000000b';
const SITE_B1 = '0190a000-0000-7000-8000-0000000000b1';
const SITE_B2 = '0190a000-0000-7000-8000-0000000000b2';
const DE = (n: number) => `deFieldlab${n}`;
const COC_M = 'cocMale0001';
const COC_F = 'cocFemale01';

const issues = (mapping: unknown) => {
  const r = Dhis2Mapping.safeParse(mapping);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const base: Dhis2MappingInput = { dataElements: [], orgUnits: [], periodKind: 'month' };

describe('Dhis2Settings', () => {
  const settings = (baseUrl: string) => Dhis2Settings.safeParse({ baseUrl, username: 'fieldlab', password: 'x', mapping: base });

  it('takes https anywhere and http only on this machine, without credentials, query or fragment', () => {
    expect(settings('https://dhis2.example.org/').data?.baseUrl).toBe('https://dhis2.example.org');
    expect(settings('https://dhis2.example.org/dhis').data?.baseUrl).toBe('https://dhis2.example.org/dhis');
    expect(settings('http://localhost:8080').success).toBe(true);
    expect(settings('http://127.0.0.1:8080/').data?.baseUrl).toBe('http://127.0.0.1:8080');
    expect(settings('http://[::1]:8080').success).toBe(true);
    for (const bad of ['http://dhis2.example.org', 'ftp://dhis2.example.org', 'https://user:pw@dhis2.example.org', 'https://dhis2.example.org/?a=1', 'dhis2.example.org', 'https://dhis2.example.org/api']) {
      expect(settings(bad).success, bad).toBe(false);
    }
    expect(settings('http://dhis2.example.org').error?.issues[0]?.message).toMatch(/https/);
  });

  it('allows no connection yet (a mapping to download the payload) and keeps the password write-only', () => {
    const r = Dhis2Settings.parse({ baseUrl: null, username: null, mapping: base });
    expect(r.password).toBeUndefined();
  });
});

describe('Dhis2Mapping validation', () => {
  it('accepts a valid mapping', () => {
    const mapping: Dhis2MappingInput = {
      ...base,
      dataElements: [
        { indicatorId: 'people_reached', dataElement: DE(1) },
        { indicatorId: 'people_reached', categories: { sex_at_birth: 'M' }, dataElement: DE(2), categoryOptionCombo: COC_M },
        { indicatorId: 'people_reached', categories: { sex_at_birth: 'F' }, dataElement: DE(2), categoryOptionCombo: COC_F },
        { indicatorId: 'services_by_type', categories: { service: 'hiv_test' }, dataElement: DE(3) },
        { indicatorId: 'prevention_coverage', part: 'numerator', dataElement: DE(4) },
        { indicatorId: 'prevention_coverage', part: 'denominator', dataElement: DE(5) },
        { indicatorId: 'people_reached', categories: { age_band: 'unknown' }, dataElement: DE(6) },
      ],
      orgUnits: [
        { orgId: ORG_A, orgUnit: 'ouOrgA0001x' },
        { orgId: ORG_B, siteId: SITE_B1, orgUnit: 'ouSiteB1001' },
      ],
    };
    expect(issues(mapping)).toEqual([]);
  });

  it('refuses bad uids with a message that shows the shape', () => {
    const found = issues({ ...base, dataElements: [{ indicatorId: 'people_reached', dataElement: '1abcdefghij' }], orgUnits: [{ orgId: ORG_A, orgUnit: 'short' }] });
    expect(found.map((i) => i.path)).toEqual(['dataElements.0.dataElement', 'orgUnits.0.orgUnit']);
    expect(found[0]!.message).toMatch(/11 letters and digits/);
  });

  it('refuses a category the indicator cannot be split by, a value the category does not have, organisation and site as categories', () => {
    const found = issues({
      ...base,
      dataElements: [
        { indicatorId: 'commodities_distributed', categories: { item: 'x', sex_at_birth: 'M' }, dataElement: DE(1) },
        { indicatorId: 'people_reached', categories: { sex_at_birth: 'X' }, dataElement: DE(2) },
        { indicatorId: 'people_reached', categories: { organisation: ORG_A }, dataElement: DE(3) },
        { indicatorId: 'people_reached', categories: { sex_at_birth: 'unknown' }, dataElement: DE(4) },
      ],
    });
    expect(found).toEqual([
      { path: 'dataElements.0.categories.sex_at_birth', message: expect.stringMatching(/Commodities distributed.*cannot be split by sex_at_birth/) },
      { path: 'dataElements.1.categories.sex_at_birth', message: expect.stringMatching(/"X" is not a value of sex_at_birth \(M, F\)/) },
      { path: 'dataElements.2.categories.organisation', message: expect.stringMatching(/org unit rows/) },
      { path: 'dataElements.3.categories.sex_at_birth', message: expect.stringMatching(/not a value/) },
    ]);
  });

  it('asks for the breakdowns whose cells cannot be added up, and allows leaving out those that can', () => {
    const found = issues({
      ...base,
      dataElements: [
        { indicatorId: 'services_by_type', dataElement: DE(1) },
        { indicatorId: 'anonymous_contacts', dataElement: DE(2) },
        { indicatorId: 'screenings_done', categories: { instrument: 'phq9' }, dataElement: DE(3) },
      ],
    });
    expect(found).toEqual([{ path: 'dataElements.0.categories', message: expect.stringMatching(/counted per service: choose one/) }]);
  });

  it('refuses numerator/denominator for what is not a rate, and more than two splits', () => {
    const found = issues({
      ...base,
      dataElements: [
        { indicatorId: 'people_reached', part: 'numerator', dataElement: DE(1) },
        { indicatorId: 'people_reached', categories: { sex_at_birth: 'M', age_band: '18_24', key_population: 'msm' }, dataElement: DE(2) },
      ],
    });
    expect(found.map((i) => i.path)).toEqual(['dataElements.0.part', 'dataElements.1.categories']);
    expect(found[1]!.message).toMatch(/at most two/i);
  });

  it('refuses duplicate rows and two rows writing to the same data element and combo', () => {
    const found = issues({
      ...base,
      dataElements: [
        { indicatorId: 'people_reached', categories: { sex_at_birth: 'M' }, dataElement: DE(1), categoryOptionCombo: COC_M },
        { indicatorId: 'people_reached', categories: { sex_at_birth: 'M' }, dataElement: DE(2) },
        { indicatorId: 'contacts', dataElement: DE(1), categoryOptionCombo: COC_M },
      ],
    });
    expect(found).toEqual([
      { path: 'dataElements.1', message: expect.stringMatching(/already mapped in row 1/) },
      { path: 'dataElements.2.dataElement', message: expect.stringMatching(/Row 1 already writes/) },
    ]);
  });

  it('refuses org units mapped twice, one org unit for two places, and an organisation mapped both whole and by site', () => {
    const found = issues({
      ...base,
      orgUnits: [
        { orgId: ORG_A, orgUnit: 'ouOrgA0001x' },
        { orgId: ORG_A, orgUnit: 'ouOrgA0002x' },
        { orgId: ORG_B, siteId: SITE_B1, orgUnit: 'ouOrgA0001x' },
        { orgId: ORG_B, orgUnit: 'ouOrgB0001x' },
      ],
    });
    expect(found).toEqual([
      { path: 'orgUnits.1', message: expect.stringMatching(/already mapped in row 1/) },
      { path: 'orgUnits.2.orgUnit', message: expect.stringMatching(/Row 1 already sends to this org unit/) },
      { path: 'orgUnits.3', message: expect.stringMatching(/as a whole or by site, not both/) },
    ]);
  });
});

describe('tablesNeeded', () => {
  it('asks for each indicator split by the org unit level and the named disaggregations, once', () => {
    const mapping = Dhis2Mapping.parse({
      ...base,
      dataElements: [
        { indicatorId: 'people_reached', dataElement: DE(1) },
        { indicatorId: 'people_reached', categories: { age_band: '18_24', sex_at_birth: 'M' }, dataElement: DE(2) },
        { indicatorId: 'people_reached', categories: { sex_at_birth: 'F', age_band: '25_34' }, dataElement: DE(3) },
        { indicatorId: 'services_by_type', categories: { service: 'hiv_test' }, dataElement: DE(4) },
      ],
      orgUnits: [
        { orgId: ORG_A, orgUnit: 'ouOrgA0001x' },
        { orgId: ORG_B, siteId: SITE_B1, orgUnit: 'ouSiteB1001' },
      ],
    });
    expect(tablesNeeded(mapping)).toEqual([
      { indicatorId: 'people_reached', disaggregation: ['organisation'] },
      { indicatorId: 'people_reached', disaggregation: ['site'] },
      { indicatorId: 'people_reached', disaggregation: ['organisation', 'sex_at_birth', 'age_band'] },
      { indicatorId: 'people_reached', disaggregation: ['site', 'sex_at_birth', 'age_band'] },
      { indicatorId: 'services_by_type', disaggregation: ['organisation'] },
      { indicatorId: 'services_by_type', disaggregation: ['site'] },
    ]);
  });
});

describe('buildDataValueSet', () => {
  const nov = parsePeriodKey('2026-11')!;
  const table = (indicatorId: IndicatorTable['indicatorId'], dimensions: string[], cells: IndicatorTable['cells'], periodKind: IndicatorTable['periodKind'] = 'month'): IndicatorTable => ({
    indicatorId,
    periodKind,
    periods: [cells[0]?.period ?? '2026-11'],
    dimensions,
    cells,
    totals: [],
  });
  const mapping = Dhis2Mapping.parse({
    periodKind: 'month',
    dataElements: [
      { indicatorId: 'people_reached', dataElement: DE(1) },
      { indicatorId: 'people_reached', categories: { sex_at_birth: 'M' }, dataElement: DE(2), categoryOptionCombo: COC_M, attributeOptionCombo: 'aocFunder01' },
      { indicatorId: 'services_by_type', categories: { service: 'hiv_test' }, dataElement: DE(3) },
      { indicatorId: 'anonymous_contacts', dataElement: DE(4) },
      { indicatorId: 'prevention_coverage', dataElement: DE(5) },
      { indicatorId: 'prevention_coverage', part: 'numerator', dataElement: DE(6) },
      { indicatorId: 'prevention_coverage', part: 'denominator', dataElement: DE(7) },
      { indicatorId: 'new_clients', dataElement: DE(8) },
    ],
    orgUnits: [
      { orgId: ORG_A, orgUnit: 'ouOrgA0001x' },
      { orgId: ORG_B, siteId: SITE_B1, orgUnit: 'ouSiteB1001' },
      { orgId: ORG_B, siteId: SITE_B2, orgUnit: 'ouSiteB2001' },
    ],
  });
  const p = '2026-11';
  const tables: IndicatorTable[] = [
    table('people_reached', ['organisation'], [
      { period: p, keys: [ORG_A], value: 7 },
      { period: p, keys: [ORG_B], value: 99 },
    ]),
    table('people_reached', ['site'], [
      { period: p, keys: [SITE_B1], value: 5 },
      { period: p, keys: ['unknown'], value: 3 },
    ]),
    table('people_reached', ['organisation', 'sex_at_birth'], [
      { period: p, keys: [ORG_A, 'M'], value: 4 },
      { period: p, keys: [ORG_A, 'F'], value: 3 },
    ]),
    table('people_reached', ['site', 'sex_at_birth'], [{ period: p, keys: [SITE_B1, 'M'], value: 2 }]),
    table('services_by_type', ['service', 'organisation'], [
      { period: p, keys: ['hiv_test', ORG_A], value: 2 },
      { period: p, keys: ['commodities', ORG_A], value: 6 },
    ]),
    table('services_by_type', ['service', 'site'], []),
    table('anonymous_contacts', ['anonymous_sex', 'organisation'], [
      { period: p, keys: ['male', ORG_A], value: 10 },
      { period: p, keys: ['female', ORG_A], value: 4 },
    ]),
    table('anonymous_contacts', ['anonymous_sex', 'site'], [{ period: p, keys: ['other', SITE_B2], value: 1 }]),
    table('prevention_coverage', ['organisation'], [{ period: p, keys: [ORG_A], value: 2 / 3, numerator: 2, denominator: 3 }]),
    table('prevention_coverage', ['site'], [{ period: p, keys: [SITE_B1], value: null, numerator: 0, denominator: 0 }]),
    // new_clients has no table (no SQL yet): its rows are left out, not sent as zeros.
  ];

  it('writes one value per mapped row and org unit, in DHIS2 form', () => {
    const set = buildDataValueSet(tables, mapping, nov);
    const at = (de: string, ou: string) => set.dataValues.find((v) => v.dataElement === de && v.orgUnit === ou);
    expect(at(DE(1), 'ouOrgA0001x')).toEqual({ dataElement: DE(1), period: '202611', orgUnit: 'ouOrgA0001x', value: '7' });
    expect(at(DE(1), 'ouSiteB1001')?.value).toBe('5');
    // A site with no records: a true zero, so a value sent earlier is overwritten.
    expect(at(DE(1), 'ouSiteB2001')?.value).toBe('0');
    expect(at(DE(2), 'ouOrgA0001x')).toEqual({ dataElement: DE(2), period: '202611', orgUnit: 'ouOrgA0001x', categoryOptionCombo: COC_M, attributeOptionCombo: 'aocFunder01', value: '4' });
    expect(at(DE(3), 'ouOrgA0001x')?.value).toBe('2');
    // Anonymous contacts: the sexes add up (each person counted once in one of them).
    expect(at(DE(4), 'ouOrgA0001x')?.value).toBe('14');
    expect(at(DE(4), 'ouSiteB2001')?.value).toBe('1');
    // A rate: a percentage with one decimal, or left out when there is no denominator; its parts are counts.
    expect(at(DE(5), 'ouOrgA0001x')?.value).toBe('66.7');
    expect(at(DE(5), 'ouSiteB1001')).toBeUndefined();
    expect(at(DE(6), 'ouOrgA0001x')?.value).toBe('2');
    expect(at(DE(7), 'ouOrgA0001x')?.value).toBe('3');
    expect(at(DE(7), 'ouSiteB1001')?.value).toBe('0');
    expect(set.dataValues.some((v) => v.dataElement === DE(8))).toBe(false);
    // Nothing from the unknown site, nothing from organisation B as a whole (mapped by site).
    expect(set.dataValues.map((v) => v.value)).not.toContain('99');
    expect(set.dataValues.map((v) => v.value)).not.toContain('3x');
    for (const v of set.dataValues) expect(typeof v.value).toBe('string');
  });

  it('writes quarters as 2026Q4 and refuses a period of another kind than the mapping', () => {
    const q = Dhis2Mapping.parse({ ...base, periodKind: 'quarter', dataElements: [{ indicatorId: 'people_reached', dataElement: DE(1) }], orgUnits: [{ orgId: ORG_A, orgUnit: 'ouOrgA0001x' }] });
    const set = buildDataValueSet([table('people_reached', ['organisation'], [{ period: '2026-Q4', keys: [ORG_A], value: 12 }], 'quarter')], q, parsePeriodKey('2026-Q4')!);
    expect(set).toEqual({ dataValues: [{ dataElement: DE(1), period: '2026Q4', orgUnit: 'ouOrgA0001x', value: '12' }] });
    expect(() => buildDataValueSet([], q, nov)).toThrow(RangeError);
  });
});

describe('parseImportSummary', () => {
  const conflicts = [{ object: 'ouSiteB2001', value: 'Org unit is closed for this period' }];
  it('reads 2.36/2.37 (import summary at the top) and 2.38+ (inside a web message)', () => {
    const old = { responseType: 'ImportSummary', status: 'SUCCESS', importCount: { imported: 3, updated: 1, ignored: 0, deleted: 0 }, conflicts: [] };
    expect(parseImportSummary(old)).toEqual({ status: 'success', imported: 3, updated: 1, ignored: 0, deleted: 0, conflicts: [], description: null });
    const newer = {
      httpStatus: 'Conflict',
      httpStatusCode: 409,
      status: 'ERROR',
      message: 'One more conflicts encountered, please check import summary.',
      response: { responseType: 'ImportSummary', status: 'WARNING', importCount: { imported: 2, updated: 0, ignored: 1, deleted: 0 }, conflicts: [{ objects: { orgUnit: 'ouSiteB2001' }, value: 'Org unit is closed for this period', errorCode: 'E7617' }] },
    };
    expect(parseImportSummary(newer)).toEqual({ status: 'warning', imported: 2, updated: 0, ignored: 1, deleted: 0, conflicts, description: null });
    const ok = { httpStatus: 'OK', httpStatusCode: 200, status: 'OK', response: { responseType: 'ImportSummary', status: 'SUCCESS', importCount: { imported: 1, updated: 0, ignored: 0, deleted: 0 } } };
    expect(parseImportSummary(ok)?.status).toBe('success');
    const err = { status: 'ERROR', response: { status: 'ERROR', description: 'Data set not found', importCount: { imported: 0, updated: 0, ignored: 5, deleted: 0 } } };
    expect(parseImportSummary(err)).toMatchObject({ status: 'error', ignored: 5, description: 'Data set not found' });
  });

  it('calls a success with conflicts a warning, and answers null for what is not an import summary', () => {
    expect(parseImportSummary({ status: 'SUCCESS', importCount: { imported: 1 }, conflicts: [{ object: 'x', value: 'y' }] })?.status).toBe('warning');
    expect(parseImportSummary('<html>login</html>')).toBeNull();
    expect(parseImportSummary({ hello: 'world' })).toBeNull();
    expect(parseImportSummary(null)).toBeNull();
  });
});
