import { describe, expect, it } from 'vitest';
import { changeFromBaseline, nextScreeningDue, type ScreeningOnRecord } from './followUp.ts';
import { scoreInstrument } from './score.ts';
import { CUT_OFF_CHOICES, DEFAULT_SCREENING_SETTINGS, ScreeningSettings, cutOff, isPositiveScreen } from './settings.ts';
import { ASSIST_SUBSTANCES, type AssistAnswers } from './types.ts';

const withCutOffs = (cutOffs: Partial<ScreeningSettings['cutOffs']>): ScreeningSettings => ({
  ...DEFAULT_SCREENING_SETTINGS,
  cutOffs: { ...DEFAULT_SCREENING_SETTINGS.cutOffs, ...cutOffs },
});

describe('ScreeningSettings', () => {
  it('defaults to the international cut-offs and a 90-day rescreen', () => {
    expect(ScreeningSettings.parse(DEFAULT_SCREENING_SETTINGS)).toEqual(DEFAULT_SCREENING_SETTINGS);
    expect(cutOff('phq9', DEFAULT_SCREENING_SETTINGS).atLeast).toBe(10);
    expect(cutOff('gad7', DEFAULT_SCREENING_SETTINGS).atLeast).toBe(10);
    expect(cutOff('assist', DEFAULT_SCREENING_SETTINGS).atLeast).toBe(4);
    expect(cutOff('sds', DEFAULT_SCREENING_SETTINGS).atLeast).toBe(5);
    expect(DEFAULT_SCREENING_SETTINGS.rescreenEveryDays).toBe(90);
  });

  it('offers the Vietnam-validated alternatives with their citations', () => {
    expect(cutOff('phq9', withCutOffs({ phq9: 'vn-methadone-hanoi' })).atLeast).toBe(5);
    expect(cutOff('gad7', withCutOffs({ gad7: 'vn-methadone-hanoi' })).atLeast).toBe(3);
    for (const c of [...CUT_OFF_CHOICES.phq9, ...CUT_OFF_CHOICES.gad7].filter((c) => c.id === 'vn-methadone-hanoi')) {
      expect(c.citations.join()).toMatch(/Mughal.*2021/);
    }
    expect(CUT_OFF_CHOICES.assist[0].citations.join()).toMatch(/Thai.*2025/);
    expect(CUT_OFF_CHOICES.sds[0].citations.join()).toMatch(/Topp.*Mattick/);
    for (const choices of Object.values(CUT_OFF_CHOICES)) {
      for (const c of choices) expect(c.label.vi && c.label.en && c.citations.length).toBeTruthy();
    }
  });

  it('refuses an unknown choice or an absurd interval', () => {
    expect(ScreeningSettings.safeParse(withCutOffs({ phq9: 'seven' as never })).success).toBe(false);
    expect(ScreeningSettings.safeParse({ ...DEFAULT_SCREENING_SETTINGS, rescreenEveryDays: 0 }).success).toBe(false);
    expect(ScreeningSettings.safeParse({ ...DEFAULT_SCREENING_SETTINGS, extra: 1 }).success).toBe(false);
  });
});

const assistWith = (answers: AssistAnswers) =>
  scoreInstrument('assist', { ...Object.fromEntries(ASSIST_SUBSTANCES.map((s) => [s, { q1: false }])), ...answers });

describe('isPositiveScreen', () => {
  const vn = withCutOffs({ phq9: 'vn-methadone-hanoi', gad7: 'vn-methadone-hanoi' });
  it.each([
    ['phq9', [1, 1, 1, 1, 0, 0, 0, 0, 0], false, false],
    ['phq9', [1, 1, 1, 1, 1, 0, 0, 0, 0], false, true],
    ['phq9', [3, 3, 3, 0, 0, 0, 0, 0, 0], false, true],
    ['phq9', [3, 3, 3, 1, 0, 0, 0, 0, 0], true, true],
    ['gad7', [2, 0, 0, 0, 0, 0, 0], false, false],
    ['gad7', [3, 0, 0, 0, 0, 0, 0], false, true],
    ['gad7', [3, 3, 3, 1, 0, 0, 0], true, true],
    ['phq2', [1, 1], false, false],
    ['phq2', [2, 1], true, true],
    ['k10', [3, 3, 3, 2, 2, 2, 2, 2, 1, 1], false, false],
    ['k10', [3, 3, 3, 3, 2, 2, 2, 2, 1, 1], true, true],
    ['k6', [3, 2, 2, 2, 2, 2], true, true],
    ['sds', [1, 1, 1, 1, 0], false, false],
    ['sds', [1, 1, 1, 1, 1], true, true],
  ] as const)('%s %j: default %s, Vietnam-validated %s', (id, answers, byDefault, byVn) => {
    const r = scoreInstrument(id, answers);
    expect(isPositiveScreen(id, r, DEFAULT_SCREENING_SETTINGS)).toBe(byDefault);
    expect(isPositiveScreen(id, r, vn)).toBe(byVn);
  });

  it('a suicide-risk flag is positive even when the screen is incomplete', () => {
    const r = scoreInstrument('phq9', [null, null, null, null, null, null, null, null, 1]);
    expect(isPositiveScreen('phq9', r, DEFAULT_SCREENING_SETTINGS)).toBe(true);
    expect(isPositiveScreen('phq9', scoreInstrument('phq9', [3, 3, 3, 3, 3, 3, 3, 3, null]), DEFAULT_SCREENING_SETTINGS)).toBe(false);
  });

  it('ASSIST: ATS at the chosen cut-off, or any other substance at moderate risk or more', () => {
    const ats4 = assistWith({ ats: { q1: true, q2: 4, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 } });
    const ats3 = assistWith({ ats: { q1: true, q2: 3, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 } });
    expect(isPositiveScreen('assist', ats4, DEFAULT_SCREENING_SETTINGS)).toBe(true);
    expect(isPositiveScreen('assist', ats3, DEFAULT_SCREENING_SETTINGS)).toBe(false);
    expect(isPositiveScreen('assist', ats4, withCutOffs({ assist: 'high-risk' }))).toBe(false);
    const alcohol11 = assistWith({ alcohol: { q1: true, q2: 4, q3: 4, q4: 0, q5: 0, q6: 3, q7: 0 } });
    const alcohol10 = assistWith({ alcohol: { q1: true, q2: 4, q3: 3, q4: 0, q5: 0, q6: 3, q7: 0 } });
    expect(isPositiveScreen('assist', alcohol11, DEFAULT_SCREENING_SETTINGS)).toBe(true);
    expect(isPositiveScreen('assist', alcohol10, DEFAULT_SCREENING_SETTINGS)).toBe(false);
  });

  it('C-SSRS: any risk is positive', () => {
    expect(isPositiveScreen('cssrs', scoreInstrument('cssrs', { q1: false, q2: false, q6: false }), DEFAULT_SCREENING_SETTINGS)).toBe(false);
    expect(isPositiveScreen('cssrs', scoreInstrument('cssrs', { q1: true, q2: false, q6: false }), DEFAULT_SCREENING_SETTINGS)).toBe(true);
    expect(isPositiveScreen('cssrs', scoreInstrument('cssrs', { q1: true, q2: null, q6: false }), DEFAULT_SCREENING_SETTINGS)).toBe(false);
  });
});

describe('nextScreeningDue', () => {
  const phq9 = (at: string, answers: (number | null)[]): ScreeningOnRecord => ({ instrumentId: 'phq9', at, result: scoreInstrument('phq9', answers) });
  const positive = [3, 3, 3, 3, 0, 0, 0, 0, 0];
  const negative = [0, 0, 0, 0, 0, 0, 0, 0, 0];

  it('is null without a positive screen', () => {
    expect(nextScreeningDue([], DEFAULT_SCREENING_SETTINGS)).toBeNull();
    expect(nextScreeningDue([phq9('2026-01-10T03:00:00Z', negative)], DEFAULT_SCREENING_SETTINGS)).toBeNull();
  });

  it('is rescreenEveryDays after the latest positive screen, on the organisation’s calendar day', () => {
    expect(nextScreeningDue([phq9('2026-01-10T03:00:00Z', positive)], DEFAULT_SCREENING_SETTINGS)).toBe('2026-04-10');
    // 20:00 UTC on 9 January is 03:00 on 10 January in Hanoi.
    expect(nextScreeningDue([phq9('2026-01-09T20:00:00Z', positive)], DEFAULT_SCREENING_SETTINGS)).toBe('2026-04-10');
    expect(nextScreeningDue([phq9('2026-01-09T20:00:00Z', positive)], DEFAULT_SCREENING_SETTINGS, 'UTC')).toBe('2026-04-09');
    expect(nextScreeningDue([phq9('2026-01-10T03:00:00Z', positive)], { ...DEFAULT_SCREENING_SETTINGS, rescreenEveryDays: 30 })).toBe('2026-02-09');
  });

  it('a later negative of the same kind clears it; a PHQ-2 counts as the same kind as PHQ-9', () => {
    const later = phq9('2026-03-01T03:00:00Z', negative);
    expect(nextScreeningDue([later, phq9('2026-01-10T03:00:00Z', positive)], DEFAULT_SCREENING_SETTINGS)).toBeNull();
    const phq2: ScreeningOnRecord = { instrumentId: 'phq2', at: '2026-03-01T03:00:00Z', result: scoreInstrument('phq2', [0, 0]) };
    expect(nextScreeningDue([phq9('2026-01-10T03:00:00Z', positive), phq2], DEFAULT_SCREENING_SETTINGS)).toBeNull();
  });

  it('an incomplete later screen clears nothing; another kind of screen clears nothing; the earliest due wins', () => {
    const incomplete = phq9('2026-03-01T03:00:00Z', [0, 0, 0, 0, 0, 0, 0, 0, null]);
    expect(nextScreeningDue([phq9('2026-01-10T03:00:00Z', positive), incomplete], DEFAULT_SCREENING_SETTINGS)).toBe('2026-04-10');
    const gad7Negative: ScreeningOnRecord = { instrumentId: 'gad7', at: '2026-03-01T03:00:00Z', result: scoreInstrument('gad7', [0, 0, 0, 0, 0, 0, 0]) };
    const gad7Positive: ScreeningOnRecord = { instrumentId: 'gad7', at: '2026-02-01T03:00:00Z', result: scoreInstrument('gad7', [3, 3, 3, 3, 0, 0, 0]) };
    expect(nextScreeningDue([phq9('2026-01-10T03:00:00Z', positive), gad7Negative], DEFAULT_SCREENING_SETTINGS)).toBe('2026-04-10');
    expect(nextScreeningDue([gad7Positive, phq9('2026-01-10T03:00:00Z', positive)], DEFAULT_SCREENING_SETTINGS)).toBe('2026-04-10');
  });

  it('uses the organisation’s cut-offs', () => {
    const mild = phq9('2026-01-10T03:00:00Z', [1, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(nextScreeningDue([mild], DEFAULT_SCREENING_SETTINGS)).toBeNull();
    expect(nextScreeningDue([mild], withCutOffs({ phq9: 'vn-methadone-hanoi' }))).toBe('2026-04-10');
  });
});

describe('changeFromBaseline', () => {
  it('is null with fewer than two scores', () => {
    expect(changeFromBaseline([])).toBeNull();
    expect(changeFromBaseline([{ at: '2026-01-01T00:00:00Z', total: 12 }])).toBeNull();
    expect(changeFromBaseline([{ at: '2026-01-01T00:00:00Z', total: 12 }, { at: '2026-02-01T00:00:00Z' }])).toBeNull();
  });

  it('compares the earliest score with the latest, whatever the order given', () => {
    const scores = [
      { at: '2026-04-01T00:00:00Z', total: 6 },
      { at: '2026-01-01T00:00:00+07:00', total: 15 },
      { at: '2026-02-01T00:00:00Z', total: null },
      { at: '2026-03-01T00:00:00Z', total: 20 },
    ];
    expect(changeFromBaseline(scores)).toEqual({
      baseline: { at: '2026-01-01T00:00:00+07:00', total: 15 },
      latest: { at: '2026-04-01T00:00:00Z', total: 6 },
      change: -9,
    });
  });
});
