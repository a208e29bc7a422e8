import { z } from 'zod';
import data from './vn-provinces.json' with { type: 'json' };

/**
 * Vietnam's 34 provincial-level units since 1 July 2025, each with the former units it absorbed
 * (copied from shared/data/vn-provinces.json; see its "about").
 */
export interface Province {
  id: string;
  name: { vi: string; en: string };
  kind: 'city' | 'province';
  formerUnits: string[];
}

export const PROVINCES: readonly Province[] = data.units as Province[];
export const PROVINCE_IDS = PROVINCES.map((p) => p.id) as [string, ...string[]];
export const ProvinceId = z.enum(PROVINCE_IDS);

const byId = new Map(PROVINCES.map((p) => [p.id, p]));
export function findProvince(id: string): Province | undefined {
  return byId.get(id);
}

/**
 * A name reduced to its letters: no tone or vowel marks, đ as d, lower case, single spaces. Older
 * records spell the same place "Hoà Bình" or "Hòa Bình", or "Hoa Binh" when typed on a phone
 * without a Vietnamese keyboard; all three reduce to "hoa binh".
 */
function bareName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s*-\s*/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim();
}

const byFormerName = new Map<string, Province>();
const byBareFormerName = new Map<string, Province | null>();
for (const p of PROVINCES) {
  for (const f of p.formerUnits) {
    byFormerName.set(f.normalize('NFC').toLocaleLowerCase('vi'), p);
    const bare = bareName(f);
    // Two units whose names differ only in their marks would be ambiguous without them.
    byBareFormerName.set(bare, byBareFormerName.has(bare) ? null : p);
  }
}

/**
 * The current unit that absorbed a former one, by its Vietnamese name, for mapping older records:
 * the exact name first, else the name without its marks when only one unit has it.
 */
export function provinceForFormerUnit(formerName: string): Province | undefined {
  const exact = byFormerName.get(formerName.normalize('NFC').trim().toLocaleLowerCase('vi'));
  return exact ?? byBareFormerName.get(bareName(formerName)) ?? undefined;
}
