import type { ScaleInstrument } from '../types.ts';
import { band, kesslerOptions, scaleItems } from './options.ts';

/**
 * K10. Items from Kessler RC et al., Psychol Med 2002;32(6):959–976; choices scored 1–5 (total 10–50)
 * and the four bands (10–15 low, 16–21 moderate, 22–29 high, 30–50 very high) from Andrews G, Slade T.
 * Interpreting scores on the Kessler Psychological Distress Scale (K10). Aust N Z J Public Health
 * 2001;25(6):494–497, whose Australian wording ("in the past 4 weeks") we follow.
 */
export const K10_ITEMS = [
  { vi: 'mệt mỏi rã rời mà không có lý do rõ ràng?', en: 'tired out for no good reason?' },
  { vi: 'hồi hộp, lo lắng?', en: 'nervous?' },
  { vi: 'hồi hộp, lo lắng đến mức không gì có thể làm bạn bình tĩnh lại?', en: 'so nervous that nothing could calm you down?' },
  { vi: 'tuyệt vọng?', en: 'hopeless?' },
  { vi: 'bứt rứt hoặc bồn chồn không yên?', en: 'restless or fidgety?' },
  { vi: 'bứt rứt đến mức không thể ngồi yên?', en: 'so restless you could not sit still?' },
  { vi: 'buồn chán, suy sụp?', en: 'depressed?' },
  { vi: 'làm việc gì cũng thấy nặng nề, phải gắng sức?', en: 'that everything was an effort?' },
  { vi: 'buồn đến mức không có gì làm bạn vui lên được?', en: 'so sad that nothing could cheer you up?' },
  { vi: 'mình vô dụng, không có giá trị?', en: 'worthless?' },
] as const;

export const KESSLER_LICENCE =
  'Free to use without permission (Kessler scales, Harvard Medical School, National Comorbidity Survey: hcp.med.harvard.edu/ncs/k6_scales.php).';

export const k10: ScaleInstrument = {
  id: 'k10',
  kind: 'scale',
  version: '2002.1',
  name: { vi: 'Thang đo căng thẳng tâm lý Kessler (K10)', en: 'Kessler Psychological Distress Scale (K10)' },
  source:
    'Kessler RC, Andrews G, Colpe LJ, et al. Short screening scales to monitor population prevalences and trends in non-specific psychological distress. Psychol Med. 2002;32(6):959–976. Scoring and bands: Andrews G, Slade T. Interpreting scores on the Kessler Psychological Distress Scale (K10). Aust N Z J Public Health. 2001;25(6):494–497.',
  licence: KESSLER_LICENCE,
  instructions: { vi: 'Trong 4 tuần qua, bạn có thường cảm thấy…', en: 'In the past 4 weeks, about how often did you feel…' },
  timeframe: { vi: '4 tuần qua', en: 'The past 4 weeks' },
  viReviewed: false,
  items: scaleItems('k10', K10_ITEMS, kesslerOptions(1)),
  bands: [
    band('low', 10, 15, 'Thấp', 'Low'),
    band('moderate', 16, 21, 'Vừa', 'Moderate'),
    band('high', 22, 29, 'Cao', 'High'),
    band('very-high', 30, 50, 'Rất cao', 'Very high'),
  ],
};
