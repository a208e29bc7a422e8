/** Screening (issue #4): instruments as data, exact scoring, the organisation's cut-offs, follow-up. */
export * from './types.ts';
export { INSTRUMENTS, getInstrument } from './instruments/index.ts';
export { scoreInstrument, cssrsVisibleQuestions, assistVisibleQuestions, assistAsks, assistRiskBand } from './score.ts';
export { ScreeningSettings, DEFAULT_SCREENING_SETTINGS, CUT_OFF_CHOICES, type CutOffChoice, cutOff, isPositiveScreen } from './settings.ts';
export { nextScreeningDue, changeFromBaseline, type ScreeningOnRecord, type ScoreOnRecord } from './followUp.ts';
