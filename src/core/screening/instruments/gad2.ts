import type { ScaleInstrument } from '../types.ts';
import { GAD7_ITEMS } from './gad7.ts';
import { NEGATIVE_POSITIVE, TWO_WEEK_FREQUENCY, scaleItems } from './options.ts';
import { PHQ_INSTRUCTIONS, PHQ_SOURCE_LICENCE, TWO_WEEKS } from './phq9.ts';

/**
 * GAD-2: the first two items of the GAD-7, total 0–6, positive at 3 or more, as published by
 * Kroenke K, Spitzer RL, Williams JBW, Monahan PO, Löwe B. Anxiety disorders in primary care:
 * prevalence, impairment, comorbidity, and detection. Ann Intern Med 2007;146(5):317–325.
 */
export const gad2: ScaleInstrument = {
  id: 'gad2',
  kind: 'scale',
  version: '2007.1',
  name: { vi: 'GAD-2 — sàng lọc nhanh lo âu', en: 'GAD-2 — brief anxiety screen' },
  source:
    'Kroenke K, Spitzer RL, Williams JBW, Monahan PO, Löwe B. Anxiety disorders in primary care: prevalence, impairment, comorbidity, and detection. Ann Intern Med. 2007;146(5):317–325. doi:10.7326/0003-4819-146-5-200703060-00004',
  licence: PHQ_SOURCE_LICENCE,
  instructions: PHQ_INSTRUCTIONS,
  timeframe: TWO_WEEKS,
  viReviewed: false,
  items: scaleItems('gad7', GAD7_ITEMS.slice(0, 2), TWO_WEEK_FREQUENCY),
  bands: NEGATIVE_POSITIVE(3, 6),
  shortFormOf: { instrumentId: 'gad7', itemIndexes: [0, 1] },
};
