import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSSRS_BANDS } from '../screening/types.ts';
import { CRISIS_LEVELS, RED_FLAGS, type CrisisLevel, type CssrsBand, type RedFlag } from './schema.ts';
import { classifyCrisis, higherLevel, levelRank } from './classify.ts';

const bands: (CssrsBand | null)[] = [null, ...CSSRS_BANDS];

describe('classifyCrisis: each red flag alone', () => {
  const alone: [RedFlag, CrisisLevel][] = [
    ['chest_pain', 'emergency'],
    ['breathing_trouble', 'emergency'],
    ['seizure', 'emergency'],
    ['overheating', 'emergency'],
    ['unconscious', 'emergency'],
    ['confused_with_fever', 'emergency'],
    ['psychosis', 'urgent'],
    ['aggression', 'urgent'],
    ['panic', 'acute'],
    ['exhaustion', 'acute'],
  ];

  it('covers every red flag (suicidal thoughts depend on the C-SSRS band, below)', () => {
    expect(new Set([...alone.map(([f]) => f), 'suicidal_thoughts'])).toEqual(new Set(RED_FLAGS));
  });

  it.each(alone)('%s alone is %s, whatever the C-SSRS band says', (flag, level) => {
    // A band without the flag can only raise the level (see below); with 'none' it changes nothing.
    expect(classifyCrisis({ redFlags: [flag], cssrsBand: null })).toBe(level);
    expect(classifyCrisis({ redFlags: [flag], cssrsBand: 'none' })).toBe(level);
  });

  it('no red flag is not acute', () => {
    expect(classifyCrisis({ redFlags: [], cssrsBand: null })).toBe('not_acute');
    expect(classifyCrisis({ redFlags: [], cssrsBand: 'none' })).toBe('not_acute');
  });
});

describe('classifyCrisis: suicidal thoughts and the C-SSRS screener', () => {
  it.each([
    [null, 'urgent'], // not yet assessed: treat as at risk until the screener says otherwise
    ['none', 'acute'],
    ['low', 'acute'],
    ['moderate', 'urgent'],
    ['high', 'urgent'],
  ] as const)('suicidal thoughts with C-SSRS %s is %s', (band, level) => {
    expect(classifyCrisis({ redFlags: ['suicidal_thoughts'], cssrsBand: band })).toBe(level);
  });

  it('a C-SSRS band that shows risk counts even when the flag was not ticked', () => {
    expect(classifyCrisis({ redFlags: [], cssrsBand: 'low' })).toBe('acute');
    expect(classifyCrisis({ redFlags: [], cssrsBand: 'moderate' })).toBe('urgent');
    expect(classifyCrisis({ redFlags: [], cssrsBand: 'high' })).toBe('urgent');
    expect(classifyCrisis({ redFlags: ['panic'], cssrsBand: 'high' })).toBe('urgent');
  });

  it('C-SSRS high with a physical danger sign (e.g. after swallowing pills) is an emergency', () => {
    expect(classifyCrisis({ redFlags: ['suicidal_thoughts', 'unconscious'], cssrsBand: 'high' })).toBe('emergency');
    expect(classifyCrisis({ redFlags: ['suicidal_thoughts', 'breathing_trouble'], cssrsBand: 'high' })).toBe('emergency');
  });
});

describe('classifyCrisis: combinations (the highest level wins)', () => {
  it.each([
    [['panic', 'chest_pain'], null, 'emergency'], // a panic attack with chest pain is treated as a heart problem until proven otherwise
    [['exhaustion', 'overheating'], null, 'emergency'],
    [['psychosis', 'confused_with_fever'], null, 'emergency'],
    [['aggression', 'seizure'], null, 'emergency'],
    [['psychosis', 'aggression'], null, 'urgent'],
    [['psychosis', 'panic', 'exhaustion'], null, 'urgent'],
    [['panic', 'exhaustion'], null, 'acute'],
    [['suicidal_thoughts', 'panic'], 'low', 'acute'],
    [['suicidal_thoughts', 'psychosis'], 'none', 'urgent'],
    [['suicidal_thoughts', 'exhaustion'], 'moderate', 'urgent'],
    [[...RED_FLAGS], 'none', 'emergency'],
  ] as [RedFlag[], CssrsBand | null, CrisisLevel][])('%j with C-SSRS %s is %s', (redFlags, cssrsBand, level) => {
    expect(classifyCrisis({ redFlags, cssrsBand })).toBe(level);
  });

  it('does not depend on the order of the flags', () => {
    fc.assert(
      fc.property(fc.subarray([...RED_FLAGS]), fc.constantFrom(...bands), (flags, band) => {
        expect(classifyCrisis({ redFlags: [...flags].reverse(), cssrsBand: band })).toBe(classifyCrisis({ redFlags: flags, cssrsBand: band }));
      }),
    );
  });
});

describe('classifyCrisis: properties', () => {
  it('adding a red flag never lowers the level', () => {
    fc.assert(
      fc.property(fc.subarray([...RED_FLAGS]), fc.constantFrom(...RED_FLAGS), fc.constantFrom(...bands), (flags, extra, band) => {
        const before = classifyCrisis({ redFlags: flags, cssrsBand: band });
        const after = classifyCrisis({ redFlags: [...new Set([...flags, extra])], cssrsBand: band });
        expect(levelRank(after)).toBeGreaterThanOrEqual(levelRank(before));
      }),
    );
  });

  it('a higher C-SSRS band never lowers the level', () => {
    fc.assert(
      fc.property(fc.subarray([...RED_FLAGS]), fc.integer({ min: 0, max: CSSRS_BANDS.length - 2 }), (flags, i) => {
        const lower = classifyCrisis({ redFlags: flags, cssrsBand: CSSRS_BANDS[i]! });
        const higher = classifyCrisis({ redFlags: flags, cssrsBand: CSSRS_BANDS[i + 1]! });
        expect(levelRank(higher)).toBeGreaterThanOrEqual(levelRank(lower));
      }),
    );
  });

  it('is the highest level of the flags taken one by one', () => {
    fc.assert(
      fc.property(fc.subarray([...RED_FLAGS], { minLength: 1 }), fc.constantFrom(...bands), (flags, band) => {
        const oneByOne = flags.map((f) => classifyCrisis({ redFlags: [f], cssrsBand: band })).reduce(higherLevel);
        expect(classifyCrisis({ redFlags: flags, cssrsBand: band })).toBe(oneByOne);
      }),
    );
  });
});

describe('levelRank and higherLevel', () => {
  it('order the levels from not acute to emergency', () => {
    expect([...CRISIS_LEVELS].sort((a, b) => levelRank(a) - levelRank(b))).toEqual(['not_acute', 'acute', 'urgent', 'emergency']);
    expect(higherLevel('acute', 'urgent')).toBe('urgent');
    expect(higherLevel('emergency', 'not_acute')).toBe('emergency');
  });
});
