import type { InstrumentItem, InstrumentOption, LocalText, ScoreBand } from '../types.ts';

/** Shared answer choices and builders for the instruments' data. */

/** PHQ and GAD: "Over the last 2 weeks, how often…", scored 0–3 (Kroenke 2001; Spitzer 2006). */
export const TWO_WEEK_FREQUENCY: readonly InstrumentOption<number>[] = [
  { value: 0, label: { vi: 'Không ngày nào', en: 'Not at all' } },
  { value: 1, label: { vi: 'Vài ngày', en: 'Several days' } },
  { value: 2, label: { vi: 'Hơn một nửa số ngày', en: 'More than half the days' } },
  { value: 3, label: { vi: 'Gần như mỗi ngày', en: 'Nearly every day' } },
];

const KESSLER_LABELS: readonly LocalText[] = [
  { vi: 'Không lúc nào', en: 'None of the time' },
  { vi: 'Ít khi', en: 'A little of the time' },
  { vi: 'Thỉnh thoảng', en: 'Some of the time' },
  { vi: 'Phần lớn thời gian', en: 'Most of the time' },
  { vi: 'Lúc nào cũng vậy', en: 'All of the time' },
];

/** K10 scores its five choices 1–5 (Andrews & Slade 2001); K6 scores the same choices 0–4 (Kessler 2003). */
export const kesslerOptions = (first: 0 | 1): readonly InstrumentOption<number>[] =>
  KESSLER_LABELS.map((label, i) => ({ value: first + i, label }));

export const YES_NO: readonly InstrumentOption<boolean>[] = [
  { value: true, label: { vi: 'Có', en: 'Yes' } },
  { value: false, label: { vi: 'Không', en: 'No' } },
];

/** Items of a scale that share one set of choices, with ids `<prefix>_1`, `<prefix>_2`, … */
export function scaleItems(prefix: string, texts: readonly LocalText[], options: readonly InstrumentOption<number>[]): InstrumentItem<number>[] {
  return texts.map((text, i) => ({ id: `${prefix}_${i + 1}`, text, options }));
}

export const band = (id: string, min: number, max: number, vi: string, en: string): ScoreBand => ({ id, min, max, label: { vi, en } });

export const NEGATIVE_POSITIVE = (cutOff: number, max: number): readonly ScoreBand[] => [
  band('negative', 0, cutOff - 1, 'Âm tính', 'Negative'),
  band('positive', cutOff, max, 'Dương tính: cần đánh giá thêm', 'Positive: assess further'),
];
