import type { AssistSubstance, SubstanceOption } from '../types.ts';

/**
 * The ten substance classes of WHO ASSIST v3.1, in the questionnaire's order, with its examples.
 * Vietnamese examples add local names (đá, hồng phiến, thuốc lào, bóng cười, ke, Seduxen) so people
 * recognise what is asked about.
 */
export const SUBSTANCES: readonly SubstanceOption[] = [
  {
    id: 'tobacco',
    name: { vi: 'Sản phẩm thuốc lá', en: 'Tobacco products' },
    examples: { vi: 'thuốc lá điếu, thuốc lào, xì gà, thuốc lá nhai…', en: 'cigarettes, chewing tobacco, cigars, etc.' },
  },
  {
    id: 'alcohol',
    name: { vi: 'Đồ uống có cồn', en: 'Alcoholic beverages' },
    examples: { vi: 'bia, rượu vang, rượu mạnh…', en: 'beer, wine, spirits, etc.' },
  },
  { id: 'cannabis', name: { vi: 'Cần sa', en: 'Cannabis' }, examples: { vi: 'bồ đà, cỏ, hashish…', en: 'marijuana, pot, grass, hash, etc.' } },
  { id: 'cocaine', name: { vi: 'Cocain', en: 'Cocaine' }, examples: { vi: 'coke, crack…', en: 'coke, crack, etc.' } },
  {
    id: 'ats',
    name: { vi: 'Chất kích thích dạng amphetamine', en: 'Amphetamine-type stimulants' },
    examples: { vi: 'ma túy đá, hồng phiến, thuốc lắc, speed…', en: 'speed, diet pills, ecstasy, etc.' },
  },
  {
    id: 'inhalants',
    name: { vi: 'Chất gây nghiện dạng hít', en: 'Inhalants' },
    examples: { vi: 'khí cười (bóng cười), keo, xăng, dung môi pha sơn…', en: 'nitrous, glue, petrol, paint thinner, etc.' },
  },
  {
    id: 'sedatives',
    name: { vi: 'Thuốc an thần hoặc thuốc ngủ', en: 'Sedatives or sleeping pills' },
    examples: { vi: 'diazepam (Seduxen, Valium), Rohypnol…', en: 'Valium, Serepax, Rohypnol, etc.' },
  },
  {
    id: 'hallucinogens',
    name: { vi: 'Chất gây ảo giác', en: 'Hallucinogens' },
    examples: { vi: 'LSD, nấm ảo giác, ketamine (ke), PCP…', en: 'LSD, acid, mushrooms, PCP, Special K, etc.' },
  },
  {
    id: 'opioids',
    name: { vi: 'Các chất dạng thuốc phiện', en: 'Opioids' },
    examples: { vi: 'heroin, morphin, methadone, codein…', en: 'heroin, morphine, methadone, codeine, etc.' },
  },
  { id: 'other', name: { vi: 'Chất khác', en: 'Other' }, examples: { vi: 'ghi rõ với người được hỏi', en: 'specify with the person' } },
];

export const substanceName = (id: AssistSubstance) => SUBSTANCES.find((s) => s.id === id)!.name;
