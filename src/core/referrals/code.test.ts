import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newReferralCode, normaliseReferralCode, REFERRAL_CODE_ALPHABET, REFERRAL_CODE_BITS } from './code.ts';
import { ReferralCode } from './schema.ts';

const bytes = fc.uint8Array({ minLength: 5, maxLength: 5 });
const fixed = (b: Uint8Array) => (n: number) => {
  expect(n).toBe(5);
  return b;
};

describe('the alphabet', () => {
  it('is Crockford’s base 32: digits and capitals without I, L, O, U', () => {
    expect(REFERRAL_CODE_ALPHABET).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    expect(new Set(REFERRAL_CODE_ALPHABET).size).toBe(32);
    for (const c of 'ILOU') expect(REFERRAL_CODE_ALPHABET).not.toContain(c);
  });

  it('holds exactly the characters the contract’s regex allows', () => {
    for (let i = 32; i < 127; i++) {
      const c = String.fromCharCode(i);
      expect(ReferralCode.safeParse(`${c}000-0000`).success).toBe(REFERRAL_CODE_ALPHABET.includes(c));
    }
  });
});

describe('newReferralCode', () => {
  it('gives XXXX-XXXX that the contract accepts', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const code = newReferralCode(fixed(b));
        expect(code).toMatch(/^[^-]{4}-[^-]{4}$/);
        expect(ReferralCode.safeParse(code).success).toBe(true);
      }),
    );
  });

  it('carries all 40 random bits: different bytes give different codes, and back again', () => {
    expect(REFERRAL_CODE_BITS).toBeGreaterThanOrEqual(40);
    expect(32 ** 8).toBe(2 ** REFERRAL_CODE_BITS);
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        const same = a.every((x, i) => x === b[i]);
        expect(newReferralCode(fixed(a)) === newReferralCode(fixed(b))).toBe(same);
      }),
    );
  });

  it.each([
    [[0, 0, 0, 0, 0], '0000-0000'],
    [[255, 255, 255, 255, 255], 'ZZZZ-ZZZZ'],
    [[0, 0, 0, 0, 1], '0000-0001'],
    [[0x08, 0x42, 0x10, 0x84, 0x21], '1111-1111'],
  ])('%j → %s (big-endian, five bits a character)', (b, code) => {
    expect(newReferralCode(() => Uint8Array.from(b))).toBe(code);
  });

  it('refuses a source that gives too few bytes', () => {
    expect(() => newReferralCode(() => new Uint8Array(4))).toThrow(RangeError);
  });

  it('uses every character about evenly with a real random source', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) for (const c of newReferralCode((n) => randomBytes(n)).replace('-', '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 32 000 characters, 1 000 expected each; 800–1 200 is more than six standard deviations.
    for (const n of counts.values()) expect(n > 800 && n < 1200).toBe(true);
  });
});

describe('normaliseReferralCode', () => {
  it.each([
    ['7KQ2-M9XD', '7KQ2-M9XD'],
    ['7kq2m9xd', '7KQ2-M9XD'],
    [' 7kq2 m9xd ', '7KQ2-M9XD'],
    ['7KQ2 – M9XD', '7KQ2-M9XD'],
    ['7KQ2.M9XD', '7KQ2-M9XD'],
    ['OOOO-IIII', '0000-1111'],
    ['o0oo-il1L', '0000-1111'],
    ['７ＫＱ２－Ｍ９ＸＤ', '7KQ2-M9XD'],
  ])('%s → %s', (typed, code) => {
    expect(normaliseReferralCode(typed)).toBe(code);
  });

  it.each(['', '7KQ2-M9X', '7KQ2-M9XDA', 'UUUU-0000', '7KQ2-M9X!', 'Đ123-4567'])('%j is not a code', (typed) => {
    expect(normaliseReferralCode(typed)).toBeNull();
  });

  it('gives back every code it made, however it was typed', () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), fc.boolean(), (b, lower, spaced) => {
        const code = newReferralCode(fixed(b));
        let typed = lower ? code.toLowerCase() : code;
        if (spaced) typed = typed.replace('-', ' ');
        expect(normaliseReferralCode(typed)).toBe(code);
        expect(normaliseReferralCode(typed.replace(/0/g, 'O').replace(/1/g, 'l'))).toBe(code);
      }),
    );
  });

  it('what it returns is always a valid code', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        const code = normaliseReferralCode(s);
        if (code !== null) expect(ReferralCode.safeParse(code).success).toBe(true);
      }),
    );
  });
});
