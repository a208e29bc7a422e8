import type { CrisisLevel, CssrsBand, RedFlag } from './schema.ts';

/**
 * How urgent a crisis is, from the red-flag check and, when suicidal thoughts were checked, the
 * C-SSRS screener's band (issue #4 §1). The highest level of any single finding wins.
 *
 * | Finding                                                                  | Level     | What the worker does                          |
 * |--------------------------------------------------------------------------|-----------|-----------------------------------------------|
 * | chest pain; trouble breathing; seizure; overheating; unconscious or      | emergency | call 115 now, first aid while waiting         |
 * | cannot be woken; confused with fever                                     |           |                                               |
 * | hallucinations, severe paranoia or delusions (psychosis)                 | urgent    | same-day referral; stay with the person       |
 * | aggressive or putting self/others at risk                                | urgent    |                                               |
 * | suicidal thoughts with C-SSRS moderate or high, or not yet assessed      | urgent    |                                               |
 * | C-SSRS moderate or high (even if the flag was not ticked)                | urgent    |                                               |
 * | panic or anxiety attack; no sleep for days / exhaustion                  | acute     | first response on site, follow-up in 24–72 h  |
 * | suicidal thoughts with C-SSRS none or low; C-SSRS low without the flag   | acute     |                                               |
 * | no red flag                                                              | not_acute | routine care pathway                          |
 *
 * Why these rows (sources in GUIDANCE.sources):
 * - The emergency row is the physical danger of stimulant toxicity: mhGAP-IG 2.0 lists acute
 *   stimulant intoxication among its emergency presentations and sends chest pain, arrhythmia,
 *   seizures, hyperthermia and reduced consciousness to hospital (SUB module); harm-reduction
 *   overamping guidance (UNODC 2019 technical guide; NHRC; Penington Institute) says the same of
 *   overheating, seizures, chest pain and losing consciousness. Confusion with fever may be
 *   hyperthermia, infection or delirium: all need a hospital.
 * - Psychosis and aggression are urgent, not emergency: mhGAP-IG 2.0 (PSY, SUB) and MoH Decision
 *   786/QĐ-BYT (2019) manage stimulant psychosis with calm, a safe place and specialist care the
 *   same day; without a physical danger sign they do not need an ambulance.
 * - Suicide: mhGAP-IG 2.0 (SUI) treats imminent risk (current thoughts or plan, recent act, or
 *   extreme agitation/hopelessness) with "do not leave alone, remove means, urgent referral". The
 *   C-SSRS screener's moderate band (thinking of a method, or an act more than 3 months ago) and
 *   high band (intent, a plan, or an act in the past 3 months) both fall there. Suicidal thoughts not yet screened count as urgent, so a worker
 *   who skips the screener never lowers the level.
 *
 * Deviation from the first draft of the brief: "C-SSRS high with intent/plan acted on" is urgent,
 * not emergency, because the band cannot tell an act from last month from an act happening now.
 * A medically serious act (pills or poison swallowed, injury, drowsiness) shows as a physical red
 * flag (unconscious, trouble breathing, seizure …) and so is an emergency; the 'suicidal' guidance
 * also tells the worker to call 115 at once if the person has just hurt themselves.
 */
export function classifyCrisis(input: { redFlags: readonly RedFlag[]; cssrsBand: CssrsBand | null }): CrisisLevel {
  let level: CrisisLevel = suicideLevel(input.redFlags.includes('suicidal_thoughts'), input.cssrsBand);
  for (const flag of input.redFlags) level = higherLevel(level, FLAG_LEVEL[flag]);
  return level;
}

/** Each red flag's own level; suicidal thoughts depend on the C-SSRS band (`suicideLevel`). */
const FLAG_LEVEL: Record<RedFlag, CrisisLevel> = {
  chest_pain: 'emergency',
  breathing_trouble: 'emergency',
  seizure: 'emergency',
  overheating: 'emergency',
  unconscious: 'emergency',
  confused_with_fever: 'emergency',
  psychosis: 'urgent',
  aggression: 'urgent',
  suicidal_thoughts: 'not_acute',
  panic: 'acute',
  exhaustion: 'acute',
};

function suicideLevel(flagged: boolean, band: CssrsBand | null): CrisisLevel {
  if (band === 'moderate' || band === 'high') return 'urgent';
  if (band === 'low') return 'acute';
  if (!flagged) return 'not_acute';
  return band === null ? 'urgent' : 'acute';
}

const RANK: Record<CrisisLevel, number> = { not_acute: 0, acute: 1, urgent: 2, emergency: 3 };

/** 0 for not acute up to 3 for an emergency. */
export function levelRank(level: CrisisLevel): number {
  return RANK[level];
}

/** The more urgent of two levels. */
export function higherLevel(a: CrisisLevel, b: CrisisLevel): CrisisLevel {
  return RANK[b] > RANK[a] ? b : a;
}
