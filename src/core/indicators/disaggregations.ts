import { z } from 'zod';
import { GENDER_IDENTITIES, KEY_POPULATIONS, SEX_AT_BIRTH } from '../clients/schema.ts';
import { AGE_BANDS, ageBand } from '../contacts/schema.ts';
import { PROVINCE_IDS } from '../geo/provinces.ts';
import type { LocalText } from '../screening/types.ts';
import { dayOf } from './periods.ts';

/**
 * The ways an indicator can be split (issue #6 §1). `values` lists the codes a cell can carry, or
 * is null where they are ids of the database (sites, organisations). `multiValued`: a client can
 * belong to several key populations, so those cells do not add up to the total — a reader (and
 * complementary suppression) must not treat their sum as the total.
 */
export const DISAGGREGATION_IDS = ['sex_at_birth', 'gender_identity', 'age_band', 'key_population', 'province', 'site', 'organisation'] as const;
export const DisaggregationId = z.enum(DISAGGREGATION_IDS);
export type DisaggregationId = z.infer<typeof DisaggregationId>;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface Disaggregation {
  id: DisaggregationId;
  name: LocalText;
  values: readonly string[] | null;
  multiValued: boolean;
  /** Whether a value can be missing on a record; such records count in an 'unknown' cell. */
  hasUnknown: boolean;
}

export const DISAGGREGATIONS: Record<DisaggregationId, Disaggregation> = {
  sex_at_birth: { id: 'sex_at_birth', name: { vi: 'Giới tính khi sinh', en: 'Sex at birth' }, values: SEX_AT_BIRTH, multiValued: false, hasUnknown: false },
  gender_identity: { id: 'gender_identity', name: { vi: 'Bản dạng giới', en: 'Gender identity' }, values: GENDER_IDENTITIES, multiValued: false, hasUnknown: true },
  age_band: { id: 'age_band', name: { vi: 'Nhóm tuổi', en: 'Age band' }, values: AGE_BANDS, multiValued: false, hasUnknown: true },
  key_population: { id: 'key_population', name: { vi: 'Nhóm đích', en: 'Key population' }, values: KEY_POPULATIONS, multiValued: true, hasUnknown: true },
  province: { id: 'province', name: { vi: 'Tỉnh/thành phố', en: 'Province' }, values: PROVINCE_IDS, multiValued: false, hasUnknown: true },
  site: { id: 'site', name: { vi: 'Điểm cung cấp dịch vụ', en: 'Site' }, values: null, multiValued: false, hasUnknown: true },
  organisation: { id: 'organisation', name: { vi: 'Tổ chức', en: 'Organisation' }, values: null, multiValued: false, hasUnknown: false },
};

/** Labels of the age bands, in the order of AGE_BANDS. */
export const AGE_BAND_LABELS: Record<AgeBand, LocalText> = {
  under_18: { vi: 'Dưới 18', en: 'Under 18' },
  '18_24': { vi: '18–24', en: '18–24' },
  '25_34': { vi: '25–34', en: '25–34' },
  '35_49': { vi: '35–49', en: '35–49' },
  '50_plus': { vi: '50 trở lên', en: '50 and over' },
  unknown: { vi: 'Không rõ', en: 'Unknown' },
};

/**
 * The age band of someone born in `birthYear` on the day `atIso` falls on in `timeZone` (the
 * contact's day in Vietnam, not its UTC date: 23:30 on 31 December is still the old year). Year
 * precision, as the UIC holds only the year: age = year of the day − birth year. The bands are
 * those of the contacts schema (`ageBand`), so anonymous tallies and clients use one rule.
 */
export function ageBandOf(birthYear: number | null, atIso: string, timeZone = 'Asia/Ho_Chi_Minh'): AgeBand {
  const year = dayOf(atIso, timeZone).slice(0, 4);
  return ageBand(birthYear, new Date(`${year}-07-01T00:00:00Z`));
}
