import type { Lang } from '../../core/i18n/index.ts';
import type { Instrument, InstrumentId, LocalText } from '../../core/screening/types.ts';

/** The short names people use, the same in both languages. */
export const SHORT_NAMES: Readonly<Record<InstrumentId, string>> = {
  phq9: 'PHQ-9',
  phq2: 'PHQ-2',
  gad7: 'GAD-7',
  gad2: 'GAD-2',
  k10: 'K10',
  k6: 'K6',
  assist: 'ASSIST',
  sds: 'SDS',
  cssrs: 'C-SSRS',
};

/** The order instruments are offered in: the quick ones first, then the longer forms of each. */
export const OFFERED: readonly InstrumentId[] = ['phq2', 'phq9', 'gad2', 'gad7', 'k6', 'k10', 'cssrs', 'assist', 'sds'];

export const text = (t: LocalText, lang: Lang): string => t[lang];

/** An item's text with the substance it asks about in place of `{substance}`. */
export function itemText(t: LocalText, lang: Lang, substance?: LocalText): string {
  const s = t[lang];
  if (!substance) return s;
  const name = substance[lang];
  // Mid-sentence the name is a common noun: "việc sử dụng chất kích thích…", "use of tobacco products".
  return s.replace(/(^|.)\{substance\}/g, (_, before: string) => before + (before === '' ? name : name.charAt(0).toLocaleLowerCase(lang) + name.slice(1)));
}

/** A day as digits only (the timeline and latest results have no room for the weekday). */
export function shortDay(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date(iso));
}

/** The label of a band id in the instrument's own data (ASSIST: the substance's risk bands). */
export function bandLabel(instrument: Instrument, band: string | null, lang: Lang, substance?: string): string | null {
  if (band === null) return null;
  switch (instrument.kind) {
    case 'scale':
    case 'cssrs':
      return instrument.bands.find((b) => b.id === band)?.label[lang] ?? band;
    case 'assist': {
      const bands = substance === 'alcohol' ? instrument.riskBands.alcohol : instrument.riskBands.other;
      return bands.find((b) => b.id === band)?.label[lang] ?? band;
    }
  }
}

/** Where a band sits from 0 (none, low) to 3 (the most severe), for colours: the instrument's bands are in increasing order. */
export function bandRank(instrument: Instrument, band: string | null): number {
  if (band === null) return 0;
  const ids: string[] = instrument.kind === 'assist' ? instrument.riskBands.other.map((b) => b.id) : instrument.bands.map((b) => b.id);
  const i = ids.indexOf(band);
  if (i <= 0) return 0;
  // Spread the bands over four colours: two bands → 0 and 3; five → 0, 1, 2, 2, 3.
  return Math.max(1, Math.round((i / (ids.length - 1)) * 3));
}
