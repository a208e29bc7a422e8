import { z } from 'zod';

/**
 * An organisation's catalogue of things it hands out: commodities (pipes, foil, condoms, ...)
 * and information/education materials (IEC). Managers keep it; workers pick from it offline.
 */
export const CATALOGUE_KINDS = ['commodity', 'iec'] as const;
export const CatalogueKind = z.enum(CATALOGUE_KINDS);
export type CatalogueKind = z.infer<typeof CatalogueKind>;

export const COMMODITY_CATEGORIES = ['safer_smoking', 'safer_injecting', 'safer_sex', 'drug_checking', 'wellbeing', 'iec_print', 'iec_digital', 'other'] as const;
export const CatalogueCategory = z.enum(COMMODITY_CATEGORIES);

const name = z.string().trim().min(1).max(80);

export const CatalogueItemInput = z.strictObject({
  kind: CatalogueKind,
  nameVi: name,
  nameEn: name,
  unit: z.string().trim().min(1).max(30),
  category: CatalogueCategory,
  active: z.boolean().default(true),
});
export type CatalogueItemInput = z.infer<typeof CatalogueItemInput>;

export const CatalogueItemEdit = CatalogueItemInput.partial().refine((c) => Object.keys(c).length > 0, { message: 'Nothing to change' });

export const CatalogueItem = CatalogueItemInput.extend({ id: z.uuid(), orgId: z.uuid() });
export type CatalogueItem = z.infer<typeof CatalogueItem>;

/** What a new organisation starts with, so a worker can record a contact on day one. */
export const STARTER_CATALOGUE: readonly Omit<CatalogueItemInput, 'active'>[] = [
  { kind: 'commodity', nameVi: 'Tẩu thủy tinh', nameEn: 'Glass pipe', unit: 'cái', category: 'safer_smoking' },
  { kind: 'commodity', nameVi: 'Giấy bạc', nameEn: 'Foil', unit: 'tờ', category: 'safer_smoking' },
  { kind: 'commodity', nameVi: 'Ống hút', nameEn: 'Straw', unit: 'cái', category: 'safer_smoking' },
  { kind: 'commodity', nameVi: 'Son dưỡng môi', nameEn: 'Lip balm', unit: 'thỏi', category: 'safer_smoking' },
  { kind: 'commodity', nameVi: 'Bao cao su', nameEn: 'Condom', unit: 'cái', category: 'safer_sex' },
  { kind: 'commodity', nameVi: 'Gel bôi trơn', nameEn: 'Lubricant', unit: 'gói', category: 'safer_sex' },
  { kind: 'commodity', nameVi: 'Bơm kim tiêm', nameEn: 'Needle and syringe', unit: 'bộ', category: 'safer_injecting' },
  { kind: 'commodity', nameVi: 'Que thử chất', nameEn: 'Drug-checking strip', unit: 'que', category: 'drug_checking' },
  { kind: 'commodity', nameVi: 'Nước uống', nameEn: 'Water', unit: 'chai', category: 'wellbeing' },
  { kind: 'commodity', nameVi: 'Vitamin', nameEn: 'Vitamins', unit: 'vỉ', category: 'wellbeing' },
  { kind: 'iec', nameVi: 'Tờ rơi sử dụng an toàn hơn', nameEn: 'Safer-use leaflet', unit: 'tờ', category: 'iec_print' },
  { kind: 'iec', nameVi: 'Thẻ thông tin khủng hoảng tâm thần', nameEn: 'Mental-health crisis card', unit: 'thẻ', category: 'iec_print' },
];
