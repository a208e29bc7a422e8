import type { ScaleInstrument } from '../types.ts';
import { NEGATIVE_POSITIVE, TWO_WEEK_FREQUENCY, scaleItems } from './options.ts';
import { PHQ9_ITEMS, PHQ_INSTRUCTIONS, PHQ_SOURCE_LICENCE, TWO_WEEKS } from './phq9.ts';

/**
 * PHQ-2: the first two items of the PHQ-9, total 0–6, positive at 3 or more, as published by
 * Kroenke K, Spitzer RL, Williams JBW. The Patient Health Questionnaire-2: validity of a two-item
 * depression screener. Med Care 2003;41(11):1284–1292. It has no item 9, so it never raises `suicide-risk`.
 */
export const phq2: ScaleInstrument = {
  id: 'phq2',
  kind: 'scale',
  version: '2003.1',
  name: { vi: 'PHQ-2 — sàng lọc nhanh trầm cảm', en: 'PHQ-2 — brief depression screen' },
  source:
    'Kroenke K, Spitzer RL, Williams JBW. The Patient Health Questionnaire-2: validity of a two-item depression screener. Med Care. 2003;41(11):1284–1292. doi:10.1097/01.MLR.0000093487.78664.3C',
  licence: PHQ_SOURCE_LICENCE,
  instructions: PHQ_INSTRUCTIONS,
  timeframe: TWO_WEEKS,
  viReviewed: false,
  items: scaleItems('phq9', PHQ9_ITEMS.slice(0, 2), TWO_WEEK_FREQUENCY),
  bands: NEGATIVE_POSITIVE(3, 6),
  shortFormOf: { instrumentId: 'phq9', itemIndexes: [0, 1] },
};
