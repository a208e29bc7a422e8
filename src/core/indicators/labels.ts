import { findProvince } from '../geo/provinces.ts';
import { DICTIONARIES, type Lang } from '../i18n/index.ts';
import { INSTRUMENTS } from '../screening/instruments/index.ts';
import type { InstrumentId, LocalText } from '../screening/types.ts';
import type { Breakdown } from './definitions.ts';
import { AGE_BAND_LABELS, DISAGGREGATIONS, type AgeBand } from './disaggregations.ts';
import type { PresentedTable } from './result.ts';

/**
 * Words for an indicator table's dimensions and keys, in Vietnamese or English: the CSV's header
 * and cells, and any page that prints a table. Codes are named from core (the dictionaries, age
 * bands, provinces, instruments); database ids (sites, organisations, catalogue items) from the
 * table's `labels`, which the server resolved. A key nothing names is written as it is.
 */
export const BREAKDOWN_NAMES: Record<Breakdown['id'], LocalText> = {
  service: { vi: 'Dịch vụ', en: 'Service' },
  item: { vi: 'Vật phẩm', en: 'Item' },
  instrument: { vi: 'Công cụ sàng lọc', en: 'Instrument' },
  band: { vi: 'Mức', en: 'Band' },
  crisis_level: { vi: 'Mức độ khủng hoảng', en: 'Crisis level' },
  crisis_outcome: { vi: 'Kết quả', en: 'Outcome' },
  anonymous_sex: { vi: 'Giới tính', en: 'Sex' },
};

export function dimensionName(dimension: string, lang: Lang): string {
  const named = (DISAGGREGATIONS as Record<string, { name: LocalText }>)[dimension]?.name ?? (BREAKDOWN_NAMES as Record<string, LocalText>)[dimension];
  return named ? named[lang] : dimension;
}

/** Where the dictionary names a dimension's codes. */
const DICTIONARY_PATHS: Record<string, string[]> = {
  sex_at_birth: ['client', 'sex'],
  gender_identity: ['client', 'gender'],
  key_population: ['client', 'keyPopulation'],
  service: ['contact', 'serviceNames'],
  anonymous_sex: ['anonymous', 'sexes'],
  crisis_level: ['crisis', 'levels'],
  crisis_outcome: ['crisis', 'outcomes'],
};

/** The dictionary's words for `key` under `path` (a string, or an object's `title`), if any. */
export function fromDictionary(path: readonly string[], key: string, lang: Lang): string | undefined {
  let node: unknown = DICTIONARIES[lang];
  for (const part of [...path, key]) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  if (typeof node === 'string') return node;
  // Crisis levels are objects ({ title, action }) in the dictionary.
  const title = node && typeof node === 'object' ? (node as Record<string, unknown>).title : undefined;
  return typeof title === 'string' ? title : undefined;
}

function bandLabel(instrumentId: string | undefined, band: string, lang: Lang): string | undefined {
  const instrument = instrumentId ? INSTRUMENTS[instrumentId as InstrumentId] : undefined;
  if (!instrument) return undefined;
  const bands: readonly { id: string; label: LocalText }[] = instrument.kind === 'assist' ? instrument.riskBands.other : instrument.bands;
  return bands.find((b) => b.id === band)?.label[lang];
}

/** The words for `keys[i]` of a cell of `table`. */
export function keyLabel(table: Pick<PresentedTable, 'dimensions' | 'labels'>, keys: readonly string[], i: number, lang: Lang): string {
  const dimension = table.dimensions[i]!;
  const key = keys[i]!;
  const unknown = DICTIONARIES[lang].reports.csv.unknown;
  if (key === 'unknown') return unknown;
  const resolved = table.labels[dimension]?.[key];
  if (resolved) return resolved[lang];
  if (dimension === 'age_band') return AGE_BAND_LABELS[key as AgeBand]?.[lang] ?? key;
  if (dimension === 'province') return findProvince(key)?.name[lang] ?? key;
  if (dimension === 'instrument') return INSTRUMENTS[key as InstrumentId]?.name[lang] ?? key;
  if (dimension === 'band') return bandLabel(keys[table.dimensions.indexOf('instrument')], key, lang) ?? key;
  const path = DICTIONARY_PATHS[dimension];
  return (path && fromDictionary(path, key, lang)) ?? key;
}
