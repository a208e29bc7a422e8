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

/** The current unit that absorbed a former one (by its Vietnamese name), for mapping older records. */
export function provinceForFormerUnit(formerName: string): Province | undefined {
  const wanted = formerName.normalize('NFC').trim().toLocaleLowerCase('vi');
  return PROVINCES.find((p) => p.formerUnits.some((f) => f.normalize('NFC').toLocaleLowerCase('vi') === wanted));
}
