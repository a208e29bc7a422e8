import type { ScaleInstrument } from '../types.ts';
import { TWO_WEEK_FREQUENCY, band, scaleItems } from './options.ts';

/**
 * PHQ-9. Items, choices (0–3) and severity bands as published by Kroenke K, Spitzer RL, Williams JBW.
 * The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 2001;16(9):606–613.
 * doi:10.1046/j.1525-1497.2001.016009606.x. Item 9 above 0 raises `suicide-risk` whatever the total.
 */
export const PHQ9_ITEMS = [
  { vi: 'Ít hứng thú hoặc không thấy vui khi làm việc gì', en: 'Little interest or pleasure in doing things' },
  { vi: 'Cảm thấy buồn, chán nản hoặc tuyệt vọng', en: 'Feeling down, depressed, or hopeless' },
  { vi: 'Khó ngủ, ngủ không yên giấc, hoặc ngủ quá nhiều', en: 'Trouble falling or staying asleep, or sleeping too much' },
  { vi: 'Cảm thấy mệt mỏi hoặc thiếu sức lực', en: 'Feeling tired or having little energy' },
  { vi: 'Ăn không ngon miệng hoặc ăn quá nhiều', en: 'Poor appetite or overeating' },
  {
    vi: 'Cảm thấy mình tồi tệ — hoặc thấy mình là người thất bại, hoặc đã làm bản thân hay gia đình thất vọng',
    en: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  },
  {
    vi: 'Khó tập trung vào việc gì đó, chẳng hạn như đọc báo hoặc xem ti vi',
    en: 'Trouble concentrating on things, such as reading the newspaper or watching television',
  },
  {
    vi: 'Đi lại hoặc nói năng chậm chạp đến mức người khác có thể nhận thấy? Hoặc ngược lại — bồn chồn, đứng ngồi không yên, đi lại nhiều hơn hẳn mọi khi',
    en: 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  },
  {
    vi: 'Có ý nghĩ rằng thà chết đi thì hơn, hoặc ý nghĩ tự làm hại bản thân theo cách nào đó',
    en: 'Thoughts that you would be better off dead or of hurting yourself in some way',
  },
] as const;

export const PHQ_SOURCE_LICENCE =
  'PHQ screeners developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues with an educational grant from Pfizer Inc.; no permission required to reproduce, translate, display or distribute (phqscreeners.com).';

export const PHQ_INSTRUCTIONS = {
  vi: 'Trong 2 tuần qua, bạn có thường bị làm phiền bởi những vấn đề sau đây không?',
  en: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
};
export const TWO_WEEKS = { vi: '2 tuần qua', en: 'The last 2 weeks' };

export const phq9: ScaleInstrument = {
  id: 'phq9',
  kind: 'scale',
  version: '2001.1',
  name: { vi: 'Bảng câu hỏi sức khỏe bệnh nhân (PHQ-9) — trầm cảm', en: 'Patient Health Questionnaire (PHQ-9) — depression' },
  source:
    'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med. 2001;16(9):606–613. doi:10.1046/j.1525-1497.2001.016009606.x',
  licence: PHQ_SOURCE_LICENCE,
  instructions: PHQ_INSTRUCTIONS,
  timeframe: TWO_WEEKS,
  viReviewed: false,
  items: scaleItems('phq9', PHQ9_ITEMS, TWO_WEEK_FREQUENCY),
  bands: [
    band('minimal', 0, 4, 'Tối thiểu', 'Minimal'),
    band('mild', 5, 9, 'Nhẹ', 'Mild'),
    band('moderate', 10, 14, 'Vừa', 'Moderate'),
    band('moderately-severe', 15, 19, 'Khá nặng', 'Moderately severe'),
    band('severe', 20, 27, 'Nặng', 'Severe'),
  ],
  suicideRiskItem: 8,
};
