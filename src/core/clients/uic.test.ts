import { describe, expect, it } from 'vitest';
import { buildUic, compareUic, DEFAULT_UIC_RECIPE, normaliseNamePart, parseUic, uicMaskedVariants, UIC_UNKNOWN } from './uic.ts';

describe('normaliseNamePart', () => {
  it('removes Vietnamese diacritics, maps Đ to D, upper-cases and keeps the first letters', () => {
    expect(normaliseNamePart('Lan', 2)).toBe('LA');
    expect(normaliseNamePart('Ánh', 2)).toBe('AN');
    expect(normaliseNamePart('đức', 2)).toBe('DU');
    expect(normaliseNamePart('Đạt', 2)).toBe('DA');
    expect(normaliseNamePart('ưng', 2)).toBe('UN');
    expect(normaliseNamePart('  ỷ  ', 2)).toBe('Y9');
  });

  it('takes the given name, the last word, when a full name is typed', () => {
    expect(normaliseNamePart('Nguyễn Thị Hồng', 2)).toBe('HO');
  });

  it('uses the unknown placeholder when nothing usable is given', () => {
    expect(normaliseNamePart('', 2)).toBe('99');
    expect(normaliseNamePart(null, 2)).toBe('99');
    expect(normaliseNamePart('123 !?', 2)).toBe('99');
  });
});

describe('buildUic with the default recipe', () => {
  it('joins mother, father, sex at birth and birth year', () => {
    expect(buildUic({ motherGivenName: 'Hoa', fatherGivenName: 'Tuấn', sexAtBirth: 'M', birthYear: 1995 })).toBe('HOTUM95');
    expect(buildUic({ motherGivenName: 'Đào', fatherGivenName: 'Ích', sexAtBirth: 'F', birthYear: 2003 })).toBe('DAICF03');
  });

  it('gives each unknown part a placeholder that no real value can take', () => {
    expect(buildUic({ motherGivenName: null, fatherGivenName: 'Xuân', sexAtBirth: null, birthYear: null })).toBe('99XUXXX');
    expect(UIC_UNKNOWN.letter).toBe('9');
  });

  it('is the same code however the names are typed', () => {
    const a = buildUic({ motherGivenName: 'Thị Lan', fatherGivenName: 'văn Đông', sexAtBirth: 'M', birthYear: 1988 });
    const b = buildUic({ motherGivenName: 'LAN', fatherGivenName: 'dong', sexAtBirth: 'M', birthYear: 1988 });
    expect(a).toBe(b);
  });

  it('refuses a birth year outside 1900..2100', () => {
    expect(() => buildUic({ motherGivenName: 'A', fatherGivenName: 'B', sexAtBirth: 'M', birthYear: 88 })).toThrow();
  });
});

describe('parseUic', () => {
  it('splits a code back into its parts and refuses codes of the wrong shape', () => {
    expect(parseUic('HOTUM95')).toEqual(['HO', 'TU', 'M', '95']);
    expect(parseUic('hotum95')).toEqual(['HO', 'TU', 'M', '95']);
    expect(parseUic('HOTUM9')).toBeNull();
    expect(parseUic('HOTUQ95')).toBeNull();
    expect(parseUic('H0TUM95')).toBeNull();
  });
});

describe('compareUic', () => {
  it('tells same, near (one part different) and different', () => {
    expect(compareUic('HOTUM95', 'HOTUM95')).toBe('same');
    expect(compareUic('HOTUM95', 'HOTUM96')).toBe('near');
    expect(compareUic('HOTUM95', 'HATUM95')).toBe('near');
    expect(compareUic('HOTUM95', 'HOTUF95')).toBe('near');
    expect(compareUic('HOTUM95', 'HATUF95')).toBe('different');
    expect(compareUic('HOTUM95', 'garbage')).toBe('different');
  });
});

describe('uicMaskedVariants', () => {
  it('masks each part in turn, so two codes one part apart share exactly one variant', () => {
    const a = uicMaskedVariants('HOTUM95');
    const b = uicMaskedVariants('HOTUM96');
    expect(a).toHaveLength(DEFAULT_UIC_RECIPE.parts.length);
    expect(a.filter((v) => b.includes(v))).toEqual(['HO|TU|M|*']);
    const c = uicMaskedVariants('HATUF95');
    expect(a.filter((v) => c.includes(v))).toEqual([]);
  });
});
