/**
 * Vietnam's three macro-regions (miền Bắc, miền Trung, miền Nam) over the 34 provincial-level units
 * of 1 July 2025 (src/core/geo/vn-provinces.json). The research extract widens a province to its
 * region when the province would single someone out (deidentify.ts). The Central Highlands (Tây
 * Nguyên: Gia Lai, Đắk Lắk, Lâm Đồng) count as central, as in the everyday three-way split;
 * Thanh Hóa is the first central province and Ninh Bình the last northern one.
 */
export const REGIONS = ['north', 'central', 'south'] as const;
export type Region = (typeof REGIONS)[number];

export const REGION_NAMES: Readonly<Record<Region, { vi: string; en: string }>> = {
  north: { vi: 'Miền Bắc', en: 'North' },
  central: { vi: 'Miền Trung', en: 'Central' },
  south: { vi: 'Miền Nam', en: 'South' },
};

const PROVINCES_BY_REGION: Readonly<Record<Region, readonly string[]>> = {
  north: [
    'ha-noi', 'hai-phong', 'lai-chau', 'dien-bien', 'son-la', 'lang-son', 'quang-ninh', 'cao-bang',
    'tuyen-quang', 'lao-cai', 'thai-nguyen', 'phu-tho', 'bac-ninh', 'hung-yen', 'ninh-binh',
  ],
  central: [
    'thanh-hoa', 'nghe-an', 'ha-tinh', 'quang-tri', 'hue', 'da-nang', 'quang-ngai', 'gia-lai',
    'khanh-hoa', 'lam-dong', 'dak-lak',
  ],
  south: ['ho-chi-minh', 'dong-nai', 'tay-ninh', 'can-tho', 'vinh-long', 'dong-thap', 'ca-mau', 'an-giang'],
};

const regionOfProvince = new Map<string, Region>(
  REGIONS.flatMap((r) => PROVINCES_BY_REGION[r].map((p) => [p, r] as const)),
);

/** The region of a province id, or undefined for an id that is not one of the 34. */
export function regionOf(provinceId: string): Region | undefined {
  return regionOfProvince.get(provinceId);
}
