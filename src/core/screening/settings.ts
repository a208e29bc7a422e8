import { z } from 'zod';
import { ASSIST_SUBSTANCES, type InstrumentId, type LocalText, type ScoreResult } from './types.ts';

/**
 * An organisation's screening settings: which cut-off makes a screen "positive" for each instrument,
 * and how often a client with a positive screen is screened again. Defaults are the international
 * cut-offs; Vietnam-validated alternatives are offered. Bands (`scoreInstrument`) never change with
 * these; only `isPositiveScreen`, follow-up and the positive marker do.
 */
export interface CutOffChoice {
  id: string;
  /** A total at or above this is positive (for `assist`: the ATS involvement score). */
  atLeast: number;
  label: LocalText;
  citations: readonly string[];
}

const KROENKE_2001 = 'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med. 2001;16(9):606–613.';
const MUGHAL_2021 =
  'Mughal AY, Stockton MA, Bui Q, Go V, Ha TV, Pence BW, Gaynes BN. Validation of screening tools for common mental health disorders in the methadone maintenance population in Hanoi, Vietnam. BMC Psychiatry. 2021;21(1):488. doi:10.1186/s12888-021-03493-8';
const WHO_ASSIST_2010 =
  'Humeniuk R, Henry-Edwards S, Ali R, Poznyak V, Monteiro M. The ASSIST: manual for use in primary care. Geneva: World Health Organization; 2010.';
const THAI_2025 =
  'Thai TT, Nguyen DB, Nguyen TT, Hoang HVT, Li M, Li L, Vu TVT, Tran LPT, Van Do D, Shoptaw S, Le GM. Addiction. 2025;120(7):1450–1459. doi:10.1111/add.70010 (ASSIST against urine drug tests for methamphetamine among 6,709 people on methadone in Hanoi and Ho Chi Minh City).';
const TOPP_MATTICK_1997 = 'Topp L, Mattick RP. Choosing a cut-off on the Severity of Dependence Scale (SDS) for amphetamine users. Addiction. 1997;92(7):839–845.';

export const CUT_OFF_CHOICES = {
  phq9: [
    { id: 'international', atLeast: 10, label: { vi: 'PHQ-9 ≥ 10 (quốc tế)', en: 'PHQ-9 ≥ 10 (international)' }, citations: [KROENKE_2001] },
    {
      id: 'vn-methadone-hanoi',
      atLeast: 5,
      label: { vi: 'PHQ-9 ≥ 5 (kiểm định ở người điều trị methadone tại Hà Nội)', en: 'PHQ-9 ≥ 5 (validated among methadone patients in Hanoi)' },
      citations: [MUGHAL_2021],
    },
  ],
  phq2: [
    {
      id: 'international',
      atLeast: 3,
      label: { vi: 'PHQ-2 ≥ 3 (quốc tế)', en: 'PHQ-2 ≥ 3 (international)' },
      citations: ['Kroenke K, Spitzer RL, Williams JBW. The Patient Health Questionnaire-2. Med Care. 2003;41(11):1284–1292.'],
    },
  ],
  gad7: [
    {
      id: 'international',
      atLeast: 10,
      label: { vi: 'GAD-7 ≥ 10 (quốc tế)', en: 'GAD-7 ≥ 10 (international)' },
      citations: ['Spitzer RL, Kroenke K, Williams JBW, Löwe B. The GAD-7. Arch Intern Med. 2006;166(10):1092–1097.'],
    },
    {
      id: 'vn-methadone-hanoi',
      atLeast: 3,
      label: { vi: 'GAD-7 ≥ 3 (kiểm định ở người điều trị methadone tại Hà Nội)', en: 'GAD-7 ≥ 3 (validated among methadone patients in Hanoi)' },
      citations: [MUGHAL_2021],
    },
  ],
  gad2: [
    {
      id: 'international',
      atLeast: 3,
      label: { vi: 'GAD-2 ≥ 3 (quốc tế)', en: 'GAD-2 ≥ 3 (international)' },
      citations: ['Kroenke K, Spitzer RL, Williams JBW, Monahan PO, Löwe B. Ann Intern Med. 2007;146(5):317–325.'],
    },
  ],
  k10: [
    {
      id: 'international',
      atLeast: 22,
      label: { vi: 'K10 ≥ 22 (mức cao hoặc rất cao)', en: 'K10 ≥ 22 (high or very high)' },
      citations: ['Andrews G, Slade T. Interpreting scores on the Kessler Psychological Distress Scale (K10). Aust N Z J Public Health. 2001;25(6):494–497.'],
    },
  ],
  k6: [
    {
      id: 'international',
      atLeast: 13,
      label: { vi: 'K6 ≥ 13 (căng thẳng tâm lý nghiêm trọng)', en: 'K6 ≥ 13 (serious psychological distress)' },
      citations: ['Kessler RC, Barker PR, Colpe LJ, et al. Arch Gen Psychiatry. 2003;60(2):184–189.'],
    },
    {
      id: 'moderate-distress',
      atLeast: 5,
      label: { vi: 'K6 ≥ 5 (căng thẳng tâm lý từ mức vừa)', en: 'K6 ≥ 5 (moderate distress or more)' },
      citations: ['Prochaska JJ, Sung HY, Max W, Shi Y, Ong M. Int J Methods Psychiatr Res. 2012;21(2):88–97.'],
    },
  ],
  assist: [
    {
      // The WHO manual's moderate-risk threshold for ATS is 4; Thai et al. 2025 validated the same
      // cut-off in Vietnam, so the default is both international and Vietnam-validated.
      id: 'international',
      atLeast: 4,
      label: {
        vi: 'ASSIST chất kích thích dạng amphetamine ≥ 4 (WHO; đã kiểm định tại Việt Nam)',
        en: 'ASSIST amphetamine-type stimulants ≥ 4 (WHO; validated in Vietnam)',
      },
      citations: [WHO_ASSIST_2010, THAI_2025],
    },
    {
      id: 'high-risk',
      atLeast: 27,
      label: { vi: 'ASSIST chất kích thích dạng amphetamine ≥ 27 (nguy cơ cao)', en: 'ASSIST amphetamine-type stimulants ≥ 27 (high risk)' },
      citations: [WHO_ASSIST_2010],
    },
  ],
  sds: [
    {
      id: 'amphetamine',
      atLeast: 5,
      label: { vi: 'SDS > 4 (ngưỡng cho amphetamine)', en: 'SDS > 4 (amphetamine cut-off)' },
      citations: [TOPP_MATTICK_1997],
    },
    {
      id: 'cocaine',
      atLeast: 3,
      label: { vi: 'SDS ≥ 3 (ngưỡng cho cocain)', en: 'SDS ≥ 3 (cocaine cut-off)' },
      citations: ['Kaye S, Darke S. Determining a diagnostic cut-off on the Severity of Dependence Scale (SDS) for cocaine dependence. Addiction. 2002;97(6):727–731.'],
    },
  ],
} as const satisfies Record<Exclude<InstrumentId, 'cssrs'>, readonly CutOffChoice[]>;

type CutOffInstrument = keyof typeof CUT_OFF_CHOICES;
const choiceIds = <I extends CutOffInstrument>(id: I) =>
  z.enum(CUT_OFF_CHOICES[id].map((c) => c.id) as [(typeof CUT_OFF_CHOICES)[I][number]['id'], ...(typeof CUT_OFF_CHOICES)[I][number]['id'][]]);

export const ScreeningSettings = z.strictObject({
  cutOffs: z.strictObject({
    phq9: choiceIds('phq9'),
    phq2: choiceIds('phq2'),
    gad7: choiceIds('gad7'),
    gad2: choiceIds('gad2'),
    k10: choiceIds('k10'),
    k6: choiceIds('k6'),
    assist: choiceIds('assist'),
    sds: choiceIds('sds'),
  }),
  /** Days from a client's latest positive screen to the next screening (issue #4: every 3 months). */
  rescreenEveryDays: z.int().min(7).max(730),
});
export type ScreeningSettings = z.infer<typeof ScreeningSettings>;

export const DEFAULT_SCREENING_SETTINGS: ScreeningSettings = {
  cutOffs: {
    phq9: 'international',
    phq2: 'international',
    gad7: 'international',
    gad2: 'international',
    k10: 'international',
    k6: 'international',
    assist: 'international',
    sds: 'amphetamine',
  },
  rescreenEveryDays: 90,
};

export function cutOff(instrumentId: CutOffInstrument, settings: ScreeningSettings): CutOffChoice {
  const chosen: string = settings.cutOffs[instrumentId];
  const choices: readonly CutOffChoice[] = CUT_OFF_CHOICES[instrumentId];
  return choices.find((c) => c.id === chosen) ?? choices[0]!;
}

/**
 * Whether a result is a positive screen under the organisation's cut-offs:
 * - a `suicide-risk` flag is always positive, complete or not (safety first);
 * - scales: complete and total ≥ the chosen cut-off;
 * - ASSIST: the ATS score ≥ the chosen cut-off, or any other substance at moderate or high risk by the
 *   WHO manual's bands (the scored substances of an incomplete ASSIST count: their scores are exact);
 * - C-SSRS: complete and any risk (band low, moderate or high).
 */
export function isPositiveScreen(instrumentId: InstrumentId, result: ScoreResult, settings: ScreeningSettings): boolean {
  if (result.flags.includes('suicide-risk')) return true;
  if (instrumentId === 'cssrs') return result.complete && result.band !== undefined && result.band !== 'none';
  if (instrumentId === 'assist') {
    const atsCutOff = cutOff('assist', settings).atLeast;
    return ASSIST_SUBSTANCES.some((s) => {
      const sub = result.subscores?.[s];
      if (!sub) return false;
      return s === 'ats' ? sub.score >= atsCutOff : sub.band !== 'low';
    });
  }
  return result.complete && result.total !== undefined && result.total >= cutOff(instrumentId, settings).atLeast;
}
