import type { ScaleInstrument } from '../types.ts';
import { TWO_WEEK_FREQUENCY, band, scaleItems } from './options.ts';
import { PHQ_INSTRUCTIONS, PHQ_SOURCE_LICENCE, TWO_WEEKS } from './phq9.ts';

/**
 * GAD-7. Items, choices (0–3) and severity bands (5, 10, 15) as published by Spitzer RL, Kroenke K,
 * Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7.
 * Arch Intern Med 2006;166(10):1092–1097.
 */
export const GAD7_ITEMS = [
  { vi: 'Cảm thấy bồn chồn, lo âu hoặc căng thẳng', en: 'Feeling nervous, anxious, or on edge' },
  { vi: 'Không thể ngừng hoặc kiểm soát được sự lo lắng', en: 'Not being able to stop or control worrying' },
  { vi: 'Lo lắng quá nhiều về nhiều chuyện khác nhau', en: 'Worrying too much about different things' },
  { vi: 'Khó thư giãn', en: 'Trouble relaxing' },
  { vi: 'Bồn chồn đến mức khó ngồi yên', en: 'Being so restless that it is hard to sit still' },
  { vi: 'Dễ bực bội hoặc cáu kỉnh', en: 'Becoming easily annoyed or irritable' },
  { vi: 'Cảm thấy sợ hãi như thể sắp có chuyện khủng khiếp xảy ra', en: 'Feeling afraid, as if something awful might happen' },
] as const;

export const gad7: ScaleInstrument = {
  id: 'gad7',
  kind: 'scale',
  version: '2006.1',
  name: { vi: 'Thang đo rối loạn lo âu lan tỏa (GAD-7)', en: 'Generalized Anxiety Disorder scale (GAD-7)' },
  source:
    'Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092–1097. doi:10.1001/archinte.166.10.1092',
  licence: PHQ_SOURCE_LICENCE,
  instructions: PHQ_INSTRUCTIONS,
  timeframe: TWO_WEEKS,
  viReviewed: false,
  items: scaleItems('gad7', GAD7_ITEMS, TWO_WEEK_FREQUENCY),
  bands: [
    band('minimal', 0, 4, 'Tối thiểu', 'Minimal'),
    band('mild', 5, 9, 'Nhẹ', 'Mild'),
    band('moderate', 10, 14, 'Vừa', 'Moderate'),
    band('severe', 15, 21, 'Nặng', 'Severe'),
  ],
};
