import { z } from 'zod';

/**
 * The unique identifier code (UIC): a code built from facts a person remembers and will give the
 * same way every time, instead of a name, in the manner of the UICs that key-population HIV and
 * drug programmes use for unduplicated counts. The default recipe is the one the field lab agreed
 * (issue #3):
 *   first two letters of the mother's given name + first two letters of the father's given name
 *   + sex at birth (M/F) + last two digits of the birth year, e.g. "HOTUM95".
 * The recipe is network configuration (`UicRecipe`); this file holds the rules that turn answers
 * into a code, and nothing else.
 *
 * Unknown parts get placeholders that no real answer can produce: "9" for a letter (names are
 * letters only after normalisation), "X" for sex at birth (real values are M and F), and "XX" for
 * the year (real values are digits). So "unknown" never collides with a real person's answer.
 */
export const UIC_UNKNOWN = { letter: '9', sex: 'X', year: 'XX' } as const;

export const UicQuestion = z.enum(['motherGivenName', 'fatherGivenName', 'ownGivenName', 'sexAtBirth', 'birthYear']);
export type UicQuestion = z.infer<typeof UicQuestion>;

export const UicPart = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('letters'), question: z.enum(['motherGivenName', 'fatherGivenName', 'ownGivenName']), length: z.int().min(1).max(3) }),
  z.strictObject({ kind: z.literal('sex'), question: z.literal('sexAtBirth') }),
  z.strictObject({ kind: z.literal('year2'), question: z.literal('birthYear') }),
]);
export type UicPart = z.infer<typeof UicPart>;

export const UicRecipe = z.strictObject({ parts: z.array(UicPart).min(2).max(6) });
export type UicRecipe = z.infer<typeof UicRecipe>;

export const DEFAULT_UIC_RECIPE: UicRecipe = {
  parts: [
    { kind: 'letters', question: 'motherGivenName', length: 2 },
    { kind: 'letters', question: 'fatherGivenName', length: 2 },
    { kind: 'sex', question: 'sexAtBirth' },
    { kind: 'year2', question: 'birthYear' },
  ],
};

export interface UicAnswers {
  motherGivenName?: string | null;
  fatherGivenName?: string | null;
  ownGivenName?: string | null;
  sexAtBirth?: 'M' | 'F' | null;
  birthYear?: number | null;
}

/**
 * Letters of a given name, normalised: diacritics removed (NFD, combining marks dropped), Đ→D,
 * upper case, A–Z only. A Vietnamese given name is the last word of a full name ("Nguyễn Thị Hồng"
 * → "Hồng"), so if a worker types more than one word, the last word counts. Short names are
 * padded with the unknown placeholder.
 */
export function normaliseNamePart(name: string | null | undefined, length: number): string {
  const words = (name ?? '')
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .split(/[^A-Z]+/)
    .filter(Boolean);
  const given = words.at(-1) ?? '';
  return given.slice(0, length).padEnd(length, UIC_UNKNOWN.letter);
}

function yearPart(year: number | null | undefined): string {
  if (year === null || year === undefined) return UIC_UNKNOWN.year;
  if (!Number.isInteger(year) || year < 1900 || year > 2100) throw new RangeError('Birth year must be a four-digit year between 1900 and 2100');
  return String(year % 100).padStart(2, '0');
}

/** The parts of a code, in recipe order. */
export function uicParts(answers: UicAnswers, recipe: UicRecipe = DEFAULT_UIC_RECIPE): string[] {
  return recipe.parts.map((part) => {
    switch (part.kind) {
      case 'letters':
        return normaliseNamePart(answers[part.question], part.length);
      case 'sex':
        return answers.sexAtBirth ?? UIC_UNKNOWN.sex;
      case 'year2':
        return yearPart(answers.birthYear);
    }
  });
}

export function buildUic(answers: UicAnswers, recipe: UicRecipe = DEFAULT_UIC_RECIPE): string {
  return uicParts(answers, recipe).join('');
}

function partPattern(part: UicPart): string {
  switch (part.kind) {
    case 'letters':
      return `([A-Z9]{${part.length}})`;
    case 'sex':
      return '([MFX])';
    case 'year2':
      return '([0-9]{2}|XX)';
  }
}

/** Splits a code into its parts, or null if it does not have the recipe's shape. */
export function parseUic(code: string, recipe: UicRecipe = DEFAULT_UIC_RECIPE): string[] | null {
  const match = new RegExp(`^${recipe.parts.map(partPattern).join('')}$`).exec(code.trim().toUpperCase());
  return match ? match.slice(1) : null;
}

/** "near" when exactly one part differs: probably the same person, answered a little differently. */
export function compareUic(a: string, b: string, recipe: UicRecipe = DEFAULT_UIC_RECIPE): 'same' | 'near' | 'different' {
  const pa = parseUic(a, recipe);
  const pb = parseUic(b, recipe);
  if (!pa || !pb) return 'different';
  const differing = pa.filter((p, i) => p !== pb[i]).length;
  if (differing === 0) return 'same';
  return differing === 1 ? 'near' : 'different';
}

/**
 * The code with each part masked in turn ("HO|TU|M|*", ...). Two codes are near exactly when they
 * share a variant, so the server can find near matches through blind indexes of the variants
 * without ever storing a code in clear.
 */
export function uicMaskedVariants(code: string, recipe: UicRecipe = DEFAULT_UIC_RECIPE): string[] {
  const parts = parseUic(code, recipe);
  if (!parts) return [];
  return parts.map((_, i) => parts.map((p, j) => (i === j ? '*' : p)).join('|'));
}
