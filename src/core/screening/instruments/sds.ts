import type { InstrumentOption, ScaleInstrument } from '../types.ts';
import { NEGATIVE_POSITIVE } from './options.ts';
import { SUBSTANCES } from './substances.ts';

/**
 * Severity of Dependence Scale: five items scored 0–3 about one chosen substance (total 0–15), from
 * Gossop M, Darke S, Griffiths P, et al. Addiction 1995;90(5):607–614. The band uses the amphetamine
 * cut-off of Topp L, Mattick RP. Choosing a cut-off on the Severity of Dependence Scale (SDS) for
 * amphetamine users. Addiction 1997;92(7):839–845: "a score of greater than four", so positive at 5+.
 */
const howOften: InstrumentOption<number>[] = [
  { value: 0, label: { vi: 'Không bao giờ hoặc hầu như không', en: 'Never or almost never' } },
  { value: 1, label: { vi: 'Thỉnh thoảng', en: 'Sometimes' } },
  { value: 2, label: { vi: 'Thường xuyên', en: 'Often' } },
  { value: 3, label: { vi: 'Luôn luôn hoặc gần như luôn luôn', en: 'Always or nearly always' } },
];

export const sds: ScaleInstrument = {
  id: 'sds',
  kind: 'scale',
  version: '1995.1',
  name: { vi: 'Thang đo mức độ phụ thuộc (SDS)', en: 'Severity of Dependence Scale (SDS)' },
  source:
    'Gossop M, Darke S, Griffiths P, Hando J, Powis B, Hall W, Strang J. The Severity of Dependence Scale (SDS): psychometric properties of the SDS in English and Australian samples of heroin, cocaine and amphetamine users. Addiction. 1995;90(5):607–614. Cut-off: Topp L, Mattick RP. Choosing a cut-off on the Severity of Dependence Scale (SDS) for amphetamine users. Addiction. 1997;92(7):839–845.',
  licence: 'Published openly by its authors for research and clinical use; no licence fee is known. Cite Gossop et al. 1995.',
  instructions: {
    vi: 'Các câu hỏi sau hỏi về việc bạn sử dụng {substance} trong 12 tháng qua.',
    en: 'The following questions ask about your use of {substance} in the past 12 months.',
  },
  timeframe: { vi: '12 tháng qua', en: 'The past 12 months' },
  viReviewed: false,
  substances: SUBSTANCES.filter((s) => s.id !== 'tobacco'),
  items: [
    {
      id: 'sds_1',
      text: { vi: 'Bạn có bao giờ nghĩ rằng việc sử dụng {substance} của mình đã vượt ngoài tầm kiểm soát không?', en: 'Did you ever think your use of {substance} was out of control?' },
      options: howOften,
    },
    {
      id: 'sds_2',
      text: {
        vi: 'Nghĩ đến việc sẽ bị lỡ một lần dùng {substance} có làm bạn lo âu hay lo lắng không?',
        en: 'Did the prospect of missing a dose of {substance} make you anxious or worried?',
      },
      options: howOften,
    },
    {
      id: 'sds_3',
      text: { vi: 'Bạn có lo lắng về việc sử dụng {substance} của mình không?', en: 'Did you worry about your use of {substance}?' },
      options: [
        { value: 0, label: { vi: 'Hoàn toàn không', en: 'Not at all' } },
        { value: 1, label: { vi: 'Một chút', en: 'A little' } },
        { value: 2, label: { vi: 'Khá nhiều', en: 'Quite a lot' } },
        { value: 3, label: { vi: 'Rất nhiều', en: 'A great deal' } },
      ],
    },
    { id: 'sds_4', text: { vi: 'Bạn có mong mình có thể ngừng sử dụng không?', en: 'Did you wish you could stop?' }, options: howOften },
    {
      id: 'sds_5',
      text: { vi: 'Bạn thấy việc ngừng hoặc nhịn không dùng {substance} khó đến mức nào?', en: 'How difficult did you find it to stop, or go without {substance}?' },
      options: [
        { value: 0, label: { vi: 'Không khó', en: 'Not difficult' } },
        { value: 1, label: { vi: 'Khá khó', en: 'Quite difficult' } },
        { value: 2, label: { vi: 'Rất khó', en: 'Very difficult' } },
        { value: 3, label: { vi: 'Không thể', en: 'Impossible' } },
      ],
    },
  ],
  bands: NEGATIVE_POSITIVE(5, 15),
};
