import type { ScaleInstrument } from '../types.ts';
import { KESSLER_LICENCE } from './k10.ts';
import { band, kesslerOptions, scaleItems } from './options.ts';

/**
 * K6. Items and 0–4 scoring (total 0–24), serious psychological distress at 13 or more, from Kessler RC,
 * Barker PR, Colpe LJ, et al. Screening for serious mental illness in the general population.
 * Arch Gen Psychiatry 2003;60(2):184–189. Moderate distress 5–12 from Prochaska JJ, Sung HY, Max W,
 * Shi Y, Ong M. Int J Methods Psychiatr Res 2012;21(2):88–97. Its items are K10 items 2, 4, 5, 9, 8, 10
 * (asked about "the past 30 days", scored one lower), so it is its own instrument, not a K10 slice.
 */
export const k6: ScaleInstrument = {
  id: 'k6',
  kind: 'scale',
  version: '2003.1',
  name: { vi: 'Thang đo căng thẳng tâm lý Kessler (K6)', en: 'Kessler Psychological Distress Scale (K6)' },
  source:
    'Kessler RC, Barker PR, Colpe LJ, et al. Screening for serious mental illness in the general population. Arch Gen Psychiatry. 2003;60(2):184–189. doi:10.1001/archpsyc.60.2.184. Moderate band: Prochaska JJ, Sung HY, Max W, Shi Y, Ong M. Validity study of the K6 scale as a measure of moderate mental distress based on mental health treatment need and utilization. Int J Methods Psychiatr Res. 2012;21(2):88–97. doi:10.1002/mpr.1349',
  licence: KESSLER_LICENCE,
  instructions: { vi: 'Trong 30 ngày qua, bạn có thường cảm thấy…', en: 'During the past 30 days, about how often did you feel…' },
  timeframe: { vi: '30 ngày qua', en: 'The past 30 days' },
  viReviewed: false,
  items: scaleItems(
    'k6',
    [
      { vi: 'hồi hộp, lo lắng?', en: 'nervous?' },
      { vi: 'tuyệt vọng?', en: 'hopeless?' },
      { vi: 'bứt rứt hoặc bồn chồn không yên?', en: 'restless or fidgety?' },
      { vi: 'chán nản đến mức không có gì làm bạn vui lên được?', en: 'so depressed that nothing could cheer you up?' },
      { vi: 'làm việc gì cũng thấy nặng nề, phải gắng sức?', en: 'that everything was an effort?' },
      { vi: 'mình vô dụng, không có giá trị?', en: 'worthless?' },
    ],
    kesslerOptions(0),
  ),
  bands: [
    band('low', 0, 4, 'Thấp', 'Low'),
    band('moderate', 5, 12, 'Căng thẳng tâm lý vừa', 'Moderate distress'),
    band('serious', 13, 24, 'Căng thẳng tâm lý nghiêm trọng', 'Serious distress'),
  ],
};
