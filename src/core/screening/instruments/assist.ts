import type { AssistInstrument, InstrumentOption } from '../types.ts';
import { YES_NO, band } from './options.ts';
import { SUBSTANCES } from './substances.ts';

/**
 * WHO ASSIST v3.1, as printed in Humeniuk R, Henry-Edwards S, Ali R, Poznyak V, Monteiro M. The Alcohol,
 * Smoking and Substance Involvement Screening Test (ASSIST): manual for use in primary care. Geneva:
 * World Health Organization; 2010. Each option of Q2–Q7 carries the manual's weight, which differs per
 * question; a substance's involvement score is the sum of Q2–Q7 (Q5 is not asked for tobacco), with the
 * manual's risk bands (alcohol 0–10 / 11–26 / 27+, every other substance 0–3 / 4–26 / 27+).
 * When Q2 is "never" the manual skips to Q6, so Q3–Q5 are asked only after some use in the past 3 months.
 * Q8 (injecting) is recorded, not scored. The WHO form asks it once about any drug; Fieldlab records it
 * per substance with its own codes (0 never, 1 in the past 3 months, 2 not in the past 3 months; see
 * `AssistSubstanceAnswers`), which are record codes, not weights.
 */
const frequency = (weights: readonly [number, number, number, number]): InstrumentOption<number>[] => [
  { value: 0, label: { vi: 'Không lần nào', en: 'Never' } },
  { value: weights[0], label: { vi: 'Một hoặc hai lần', en: 'Once or twice' } },
  { value: weights[1], label: { vi: 'Hằng tháng', en: 'Monthly' } },
  { value: weights[2], label: { vi: 'Hằng tuần', en: 'Weekly' } },
  { value: weights[3], label: { vi: 'Hằng ngày hoặc gần như hằng ngày', en: 'Daily or almost daily' } },
];

const ever = (past3Months: number, notPast3Months: number): InstrumentOption<number>[] => [
  { value: 0, label: { vi: 'Chưa bao giờ', en: 'No, never' } },
  { value: past3Months, label: { vi: 'Có, trong 3 tháng qua', en: 'Yes, in the past 3 months' } },
  { value: notPast3Months, label: { vi: 'Có, nhưng không phải trong 3 tháng qua', en: 'Yes, but not in the past 3 months' } },
];

const afterUse = { itemId: 'q1', oneOf: [true] } as const;
const afterRecentUse = { itemId: 'q2', oneOf: [2, 3, 4, 6] } as const;

export const assist: AssistInstrument = {
  id: 'assist',
  kind: 'assist',
  version: '3.1',
  name: {
    vi: 'Bộ câu hỏi sàng lọc sử dụng rượu, thuốc lá và các chất gây nghiện của WHO (ASSIST v3.1)',
    en: 'WHO Alcohol, Smoking and Substance Involvement Screening Test (ASSIST v3.1)',
  },
  source:
    'Humeniuk R, Henry-Edwards S, Ali R, Poznyak V, Monteiro M. The Alcohol, Smoking and Substance Involvement Screening Test (ASSIST): manual for use in primary care. Geneva: World Health Organization; 2010. ISBN 978 92 4 159938 2. Development: WHO ASSIST Working Group. The ASSIST: development, reliability and feasibility. Addiction. 2002;97(9):1183–1194.',
  licence: 'Developed by the World Health Organization; free to use in health and community services (© World Health Organization 2010).',
  instructions: {
    vi: 'Các câu hỏi sau hỏi về việc bạn sử dụng rượu, thuốc lá và các chất khác trong đời và trong 3 tháng qua. Chỉ tính việc sử dụng không theo chỉ định của bác sĩ. Câu trả lời được giữ bí mật.',
    en: 'The following questions ask about your use of alcohol, tobacco products and other substances across your life and in the past 3 months. Count only use that was not prescribed by a doctor. Your answers are confidential.',
  },
  timeframe: { vi: 'Trong đời và 3 tháng qua', en: 'Lifetime and the past 3 months' },
  viReviewed: false,
  substances: SUBSTANCES,
  items: [
    {
      id: 'q1',
      text: { vi: 'Trong đời, bạn đã từng sử dụng {substance} chưa? (chỉ tính việc sử dụng không vì mục đích y tế)', en: 'In your life, have you ever used {substance}? (non-medical use only)' },
      options: YES_NO,
    },
    {
      id: 'q2',
      text: { vi: 'Trong 3 tháng qua, bạn đã sử dụng {substance} thường xuyên như thế nào?', en: 'In the past three months, how often have you used {substance}?' },
      options: frequency([2, 3, 4, 6]),
      askedWhen: afterUse,
    },
    {
      id: 'q3',
      text: {
        vi: 'Trong 3 tháng qua, bạn có thường rất thèm hoặc bị thôi thúc mạnh mẽ muốn sử dụng {substance} không?',
        en: 'During the past three months, how often have you had a strong desire or urge to use {substance}?',
      },
      options: frequency([3, 4, 5, 6]),
      askedWhen: afterRecentUse,
    },
    {
      id: 'q4',
      text: {
        vi: 'Trong 3 tháng qua, việc bạn sử dụng {substance} có thường dẫn đến các vấn đề về sức khỏe, xã hội, pháp lý hoặc tiền bạc không?',
        en: 'During the past three months, how often has your use of {substance} led to health, social, legal or financial problems?',
      },
      options: frequency([4, 5, 6, 7]),
      askedWhen: afterRecentUse,
    },
    {
      id: 'q5',
      text: {
        vi: 'Trong 3 tháng qua, bạn có thường không làm được những việc mà bình thường người khác trông đợi ở bạn vì việc sử dụng {substance} không?',
        en: 'During the past three months, how often have you failed to do what was normally expected of you because of your use of {substance}?',
      },
      options: frequency([5, 6, 7, 8]),
      askedWhen: afterRecentUse,
      notAskedFor: ['tobacco'],
    },
    {
      id: 'q6',
      text: {
        vi: 'Đã có bạn bè, người thân hoặc bất kỳ ai khác từng bày tỏ lo lắng về việc bạn sử dụng {substance} chưa?',
        en: 'Has a friend or relative or anyone else ever expressed concern about your use of {substance}?',
      },
      options: ever(6, 3),
      askedWhen: afterUse,
    },
    {
      id: 'q7',
      text: {
        vi: 'Bạn đã bao giờ cố gắng kiểm soát, giảm bớt hoặc ngừng sử dụng {substance} nhưng không thành công chưa?',
        en: 'Have you ever tried and failed to control, cut down or stop using {substance}?',
      },
      options: ever(6, 3),
      askedWhen: afterUse,
    },
    {
      id: 'q8',
      text: {
        vi: 'Bạn đã bao giờ sử dụng {substance} bằng đường tiêm chích chưa? (chỉ tính việc sử dụng không vì mục đích y tế)',
        en: 'Have you ever used {substance} by injection? (non-medical use only)',
      },
      options: ever(1, 2),
      askedWhen: afterUse,
    },
  ],
  riskBands: {
    alcohol: [
      band('low', 0, 10, 'Nguy cơ thấp', 'Low risk'),
      band('moderate', 11, 26, 'Nguy cơ vừa', 'Moderate risk'),
      band('high', 27, 39, 'Nguy cơ cao', 'High risk'),
    ],
    other: [
      band('low', 0, 3, 'Nguy cơ thấp', 'Low risk'),
      band('moderate', 4, 26, 'Nguy cơ vừa', 'Moderate risk'),
      band('high', 27, 39, 'Nguy cơ cao', 'High risk'),
    ],
  },
};
