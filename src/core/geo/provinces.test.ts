import { describe, expect, it } from 'vitest';
import { findProvince, PROVINCE_IDS, PROVINCES, ProvinceId, provinceForFormerUnit } from './provinces.ts';

describe('PROVINCES', () => {
  it('lists the 34 units since 1 July 2025: 6 centrally-run cities and 28 provinces', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(PROVINCES.filter((p) => p.kind === 'city')).toHaveLength(6);
    expect(PROVINCES.filter((p) => p.kind === 'province')).toHaveLength(28);
  });

  it('names the six cities', () => {
    expect(
      PROVINCES.filter((p) => p.kind === 'city')
        .map((p) => p.id)
        .sort(),
    ).toEqual(['can-tho', 'da-nang', 'ha-noi', 'hai-phong', 'ho-chi-minh', 'hue']);
  });

  it('has unique, slug-shaped ids and unique names in both languages', () => {
    expect(new Set(PROVINCE_IDS).size).toBe(34);
    for (const id of PROVINCE_IDS) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(new Set(PROVINCES.map((p) => p.name.vi)).size).toBe(34);
    expect(new Set(PROVINCES.map((p) => p.name.en)).size).toBe(34);
    for (const p of PROVINCES) {
      expect(p.name.vi.trim()).toBe(p.name.vi);
      expect(p.name.vi.normalize('NFC')).toBe(p.name.vi);
      expect(p.name.en).toMatch(/^[A-Za-z .'-]+$/);
    }
  });

  it('maps the 63 former units, each to exactly one current unit', () => {
    const former = PROVINCES.flatMap((p) => p.formerUnits);
    expect(former).toHaveLength(63);
    expect(new Set(former).size).toBe(63);
    for (const p of PROVINCES) expect(p.formerUnits.length).toBeGreaterThanOrEqual(1);
  });
});

describe('ProvinceId', () => {
  it('accepts every id and nothing else', () => {
    for (const id of PROVINCE_IDS) expect(ProvinceId.safeParse(id).success).toBe(true);
    for (const bad of ['', 'Ha-Noi', 'ha noi', 'hà-nội', 'ha-giang', 'saigon', 'ha-noi ', 1]) expect(ProvinceId.safeParse(bad).success).toBe(false);
  });
});

describe('findProvince', () => {
  it('finds a unit by id', () => {
    expect(findProvince('ha-noi')?.name).toEqual({ vi: 'Hà Nội', en: 'Hanoi' });
    expect(findProvince('ho-chi-minh')?.kind).toBe('city');
    expect(findProvince('hai-phong')?.formerUnits).toEqual(['Hải Phòng', 'Hải Dương']);
  });

  it('finds nothing for an unknown or former id', () => {
    expect(findProvince('ha-giang')).toBeUndefined();
    expect(findProvince('')).toBeUndefined();
    expect(findProvince('HA-NOI')).toBeUndefined();
  });
});

describe('provinceForFormerUnit', () => {
  it('maps a former province to the unit that absorbed it', () => {
    expect(provinceForFormerUnit('Hà Giang')?.id).toBe('tuyen-quang');
    expect(provinceForFormerUnit('Bình Dương')?.id).toBe('ho-chi-minh');
    expect(provinceForFormerUnit('Bà Rịa - Vũng Tàu')?.id).toBe('ho-chi-minh');
    expect(provinceForFormerUnit('Hải Dương')?.id).toBe('hai-phong');
    expect(provinceForFormerUnit('Thừa Thiên Huế')?.id).toBe('hue');
  });

  it('maps every former unit, and a unit that kept its name to itself', () => {
    for (const p of PROVINCES) for (const f of p.formerUnits) expect(provinceForFormerUnit(f)?.id).toBe(p.id);
    expect(provinceForFormerUnit('Hà Nội')?.id).toBe('ha-noi');
  });

  it('ignores case, surrounding spaces and how the marks were typed (NFC or decomposed)', () => {
    expect(provinceForFormerUnit('  hà giang ')?.id).toBe('tuyen-quang');
    expect(provinceForFormerUnit('ĐẮK NÔNG')?.id).toBe('lam-dong');
    expect(provinceForFormerUnit('Kiên Giang'.normalize('NFD'))?.id).toBe('an-giang');
  });

  it('accepts both placements of the tone mark (Hoà / Hòa) that older records use', () => {
    expect(provinceForFormerUnit('Hoà Bình')?.id).toBe('phu-tho');
    expect(provinceForFormerUnit('Hòa Bình')?.id).toBe('phu-tho');
    expect(provinceForFormerUnit('Thanh Hoá')?.id).toBe('thanh-hoa');
    expect(provinceForFormerUnit('Khánh Hoà')?.id).toBe('khanh-hoa');
  });

  it('accepts a name typed without marks, as on a phone without a Vietnamese keyboard', () => {
    expect(provinceForFormerUnit('Ha Giang')?.id).toBe('tuyen-quang');
    expect(provinceForFormerUnit('dak nong')?.id).toBe('lam-dong');
    expect(provinceForFormerUnit('Ba Ria - Vung Tau')?.id).toBe('ho-chi-minh');
    const unmarked = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd');
    for (const p of PROVINCES) for (const f of p.formerUnits) expect(provinceForFormerUnit(unmarked(f))?.id, f).toBe(p.id);
  });

  it('finds nothing for a name that is not a former unit', () => {
    expect(provinceForFormerUnit('Sài Gòn')).toBeUndefined();
    expect(provinceForFormerUnit('')).toBeUndefined();
    expect(provinceForFormerUnit('Hà')).toBeUndefined();
  });
});
