import { describe, expect, it } from 'vitest';
import { CreateOrganisation, CreateSite, EditOrganisation, EditSite, ORGANISATION_KINDS, SITE_KINDS, TimeZone } from './schema.ts';

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('CreateOrganisation', () => {
  it('accepts each kind, and fills the province and the time zone by default', () => {
    expect(ORGANISATION_KINDS).toEqual(['community_organisation', 'social_enterprise', 'clinic', 'network_hub']);
    for (const kind of ORGANISATION_KINDS) {
      expect(CreateOrganisation.parse({ name: 'Nhóm Bình Minh', kind })).toEqual({
        name: 'Nhóm Bình Minh',
        kind,
        provinceId: null,
        timeZone: 'Asia/Ho_Chi_Minh',
      });
    }
  });

  it('trims the name and keeps a given province and time zone', () => {
    expect(CreateOrganisation.parse({ name: '  Nhóm Sao Mai  ', kind: 'clinic', provinceId: 'hai-phong', timeZone: 'Asia/Bangkok' })).toEqual({
      name: 'Nhóm Sao Mai',
      kind: 'clinic',
      provinceId: 'hai-phong',
      timeZone: 'Asia/Bangkok',
    });
  });

  it('refuses names that are too short or too long, counted after trimming', () => {
    expect(issuePaths(CreateOrganisation.safeParse({ name: ' A ', kind: 'clinic' }))).toEqual(['name']);
    expect(CreateOrganisation.safeParse({ name: 'AB', kind: 'clinic' }).success).toBe(true);
    expect(CreateOrganisation.safeParse({ name: 'x'.repeat(120), kind: 'clinic' }).success).toBe(true);
    expect(issuePaths(CreateOrganisation.safeParse({ name: 'x'.repeat(121), kind: 'clinic' }))).toEqual(['name']);
  });

  it('refuses an unknown kind, province or time zone', () => {
    expect(issuePaths(CreateOrganisation.safeParse({ name: 'Nhóm A', kind: 'ngo' }))).toEqual(['kind']);
    expect(issuePaths(CreateOrganisation.safeParse({ name: 'Nhóm A', kind: 'clinic', provinceId: 'ha-giang' }))).toEqual(['provinceId']);
    expect(issuePaths(CreateOrganisation.safeParse({ name: 'Nhóm A', kind: 'clinic', timeZone: 'Asia/Hanoi_City' }))).toEqual(['timeZone']);
  });

  it('refuses missing fields and wrong types', () => {
    expect(issuePaths(CreateOrganisation.safeParse({ kind: 'clinic' }))).toEqual(['name']);
    expect(issuePaths(CreateOrganisation.safeParse({ name: 'Nhóm A' }))).toEqual(['kind']);
    expect(CreateOrganisation.safeParse({ name: 42, kind: 'clinic' }).success).toBe(false);
    expect(CreateOrganisation.safeParse(null).success).toBe(false);
  });

  it('refuses unknown fields (strict), so a typo or a smuggled id is not silently dropped', () => {
    const result = CreateOrganisation.safeParse({ name: 'Nhóm A', kind: 'clinic', id: '01900000-0000-7000-8000-000000000001' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(CreateOrganisation.safeParse({ name: 'Nhóm A', kind: 'clinic', active: false }).success).toBe(false);
  });
});

describe('EditOrganisation', () => {
  it('accepts any subset of the editable fields', () => {
    expect(EditOrganisation.parse({})).toEqual({});
    expect(EditOrganisation.parse({ name: ' Nhóm Mới ' })).toEqual({ name: 'Nhóm Mới' });
    expect(EditOrganisation.parse({ provinceId: null, active: false, kind: 'social_enterprise' })).toEqual({
      provinceId: null,
      active: false,
      kind: 'social_enterprise',
    });
  });

  it('refuses bad values and unknown fields', () => {
    expect(EditOrganisation.safeParse({ name: 'x' }).success).toBe(false);
    expect(EditOrganisation.safeParse({ active: 'no' }).success).toBe(false);
    expect(EditOrganisation.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(EditOrganisation.safeParse({ createdAt: '2026-01-01' }).success).toBe(false);
  });
});

describe('TimeZone', () => {
  it('accepts IANA zones and refuses others', () => {
    for (const tz of ['Asia/Ho_Chi_Minh', 'UTC', 'Europe/Amsterdam']) expect(TimeZone.safeParse(tz).success).toBe(true);
    for (const tz of ['Asia/Saigon_', 'GMT+25', 'not a zone', 'x'.repeat(65)]) expect(TimeZone.safeParse(tz).success).toBe(false);
  });
});

describe('CreateSite and EditSite', () => {
  it('accept each kind of site in one of the 34 provinces', () => {
    expect(SITE_KINDS).toEqual(['drop_in_centre', 'outreach_area', 'clinic', 'online']);
    for (const kind of SITE_KINDS) {
      expect(CreateSite.parse({ name: 'Điểm Long Biên', kind, provinceId: 'ha-noi' })).toEqual({ name: 'Điểm Long Biên', kind, provinceId: 'ha-noi' });
    }
  });

  it('need a province, and only a current one', () => {
    expect(issuePaths(CreateSite.safeParse({ name: 'Điểm A', kind: 'online' }))).toEqual(['provinceId']);
    expect(issuePaths(CreateSite.safeParse({ name: 'Điểm A', kind: 'online', provinceId: null }))).toEqual(['provinceId']);
    expect(issuePaths(CreateSite.safeParse({ name: 'Điểm A', kind: 'online', provinceId: 'binh-duong' }))).toEqual(['provinceId']);
  });

  it('refuse an unknown kind and unknown fields', () => {
    expect(issuePaths(CreateSite.safeParse({ name: 'Điểm A', kind: 'hospital', provinceId: 'ha-noi' }))).toEqual(['kind']);
    expect(CreateSite.safeParse({ name: 'Điểm A', kind: 'online', provinceId: 'ha-noi', orgId: '01900000-0000-7000-8000-000000000001' }).success).toBe(false);
    expect(EditSite.safeParse({ orgId: '01900000-0000-7000-8000-000000000001' }).success).toBe(false);
  });

  it('edit any subset, including deactivation', () => {
    expect(EditSite.parse({ active: false })).toEqual({ active: false });
    expect(EditSite.parse({ name: ' Điểm B ', provinceId: 'hue' })).toEqual({ name: 'Điểm B', provinceId: 'hue' });
    expect(EditSite.safeParse({ provinceId: null }).success).toBe(false);
  });
});
