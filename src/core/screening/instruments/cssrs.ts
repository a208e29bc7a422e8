import type { CssrsInstrument } from '../types.ts';
import { YES_NO } from './options.ts';

/**
 * C-SSRS Screener ("Screen Version – Recent"): questions 1–5 about the past month, question 6 about
 * lifetime behaviour with "was this within the past 3 months?". Questions 3–5 are asked only when
 * question 2 is yes; otherwise the screener goes straight to question 6.
 * Triage follows the colour-coded risk levels printed on the Columbia Lighthouse Project's
 * "C-SSRS Screener – Recent, with triage points" (2021 version, cssrs.columbia.edu, "Triage"), whose
 * most worrisome answers are a past-month yes to 4 or 5 and any behaviour in the past 3 months:
 * yes to 1 or 2 → low; yes to 3, or to 6 but not in the past 3 months → moderate;
 * yes to 4 or 5, or to 6 within the past 3 months → high. `score.ts` implements exactly this.
 */
export const cssrs: CssrsInstrument = {
  id: 'cssrs',
  kind: 'cssrs',
  version: '2021.1',
  name: { vi: 'Thang đánh giá mức độ nghiêm trọng của ý tưởng tự sát Columbia — bản sàng lọc (C-SSRS)', en: 'Columbia–Suicide Severity Rating Scale, screener (C-SSRS)' },
  source:
    'Posner K, Brown GK, Stanley B, et al. The Columbia–Suicide Severity Rating Scale: initial validity and internal consistency findings from three multisite studies with adolescents and adults. Am J Psychiatry. 2011;168(12):1266–1277. doi:10.1176/appi.ajp.2011.10111704. Screener and triage: C-SSRS Screener – Recent, with triage points, The Columbia Lighthouse Project, 2021 (cssrs.columbia.edu).',
  licence:
    '© The Research Foundation for Mental Hygiene, Inc. No cost or licence required for clinical, community and health-care use. Columbia provides official translations (Vietnamese included) and asks that they be used: replace our draft Vietnamese with the official one.',
  instructions: {
    vi: 'Hỏi từng câu, bằng lời của câu hỏi. Câu 1–5 hỏi về tháng qua. Nếu câu 2 là "Không", chuyển thẳng đến câu 6.',
    en: 'Ask each question in its own words. Questions 1–5 are about the past month. If question 2 is "No", go straight to question 6.',
  },
  timeframe: { vi: 'Tháng qua; câu 6: trong đời và 3 tháng qua', en: 'The past month; question 6: lifetime and the past 3 months' },
  viReviewed: false,
  items: [
    {
      id: 'q1',
      text: { vi: 'Bạn có từng ước mình đã chết, hoặc ước mình có thể ngủ và không bao giờ thức dậy nữa không?', en: 'Have you wished you were dead or wished you could go to sleep and not wake up?' },
      options: YES_NO,
    },
    { id: 'q2', text: { vi: 'Bạn có thực sự từng có ý nghĩ tự tử không?', en: 'Have you actually had any thoughts of killing yourself?' }, options: YES_NO },
    {
      id: 'q3',
      text: { vi: 'Bạn có nghĩ đến việc mình có thể làm điều đó bằng cách nào không?', en: 'Have you been thinking about how you might do this?' },
      options: YES_NO,
      askedWhen: { itemId: 'q2', oneOf: [true] },
    },
    {
      id: 'q4',
      text: { vi: 'Bạn có những ý nghĩ đó và có phần nào ý định sẽ thực hiện chúng không?', en: 'Have you had these thoughts and had some intention of acting on them?' },
      options: YES_NO,
      askedWhen: { itemId: 'q2', oneOf: [true] },
    },
    {
      id: 'q5',
      text: {
        vi: 'Bạn đã bắt đầu tính toán, hoặc đã tính xong chi tiết cách tự tử chưa? Bạn có định thực hiện kế hoạch đó không?',
        en: 'Have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out this plan?',
      },
      options: YES_NO,
      askedWhen: { itemId: 'q2', oneOf: [true] },
    },
    {
      id: 'q6',
      text: {
        vi: 'Bạn đã bao giờ làm điều gì, bắt đầu làm điều gì, hoặc chuẩn bị làm điều gì để kết thúc cuộc sống của mình chưa? (Ví dụ: gom thuốc, kiếm vũ khí, cho đi đồ đạc quý giá, viết di chúc hoặc thư tuyệt mệnh, lấy thuốc ra nhưng không uống, cầm dao hoặc súng nhưng đổi ý hoặc bị người khác giằng lấy, lên mái nhà nhưng không nhảy; hoặc đã thực sự uống thuốc, cố bắn, cắt, treo cổ tự tử…)',
        en: 'Have you ever done anything, started to do anything, or prepared to do anything to end your life? (Examples: collected pills, obtained a gun, gave away valuables, wrote a will or suicide note, took out pills but didn’t swallow any, held a gun but changed your mind or it was grabbed from your hand, went to the roof but didn’t jump; or actually took pills, tried to shoot yourself, cut yourself, tried to hang yourself, etc.)',
      },
      options: YES_NO,
    },
    {
      id: 'q6Recent',
      text: { vi: 'Việc đó có xảy ra trong 3 tháng qua không?', en: 'Was this within the past 3 months?' },
      options: YES_NO,
      askedWhen: { itemId: 'q6', oneOf: [true] },
    },
  ],
  bands: [
    { id: 'none', label: { vi: 'Không phát hiện nguy cơ', en: 'No risk identified' } },
    { id: 'low', label: { vi: 'Nguy cơ thấp', en: 'Low risk' } },
    { id: 'moderate', label: { vi: 'Nguy cơ vừa', en: 'Moderate risk' } },
    { id: 'high', label: { vi: 'Nguy cơ cao', en: 'High risk' } },
  ],
};
