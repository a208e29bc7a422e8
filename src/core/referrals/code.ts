/**
 * Referral codes: what the slip, its QR code and the chat message carry instead of anything about
 * the person (issue #5 §3). Eight characters of Crockford's base 32 (https://www.crockford.com/base32.html):
 * digits and capitals without I, L, O and U, so nothing reads as another character when written
 * by hand or read aloud over the phone. 8 × 5 = 40 random bits: about 1.1 × 10¹² codes, so
 * guessing one that exists among a network's few thousand is hopeless, and the API is
 * rate-limited besides. Shown as two groups of four (7KQ2-M9XD) to read and type in two breaths.
 */
export const REFERRAL_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERRAL_CODE_BITS = 40;

/**
 * A new code from 5 random bytes (40 bits, big-endian, five bits a character). Pass a
 * cryptographic source: `crypto.getRandomValues` in the browser, `randomBytes` in Node.
 */
export function newReferralCode(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(5);
  if (bytes.length < 5) throw new RangeError('A referral code needs 5 random bytes');
  // 40 bits fit exactly in a double's 53-bit integer range.
  let n = 0;
  for (let i = 0; i < 5; i++) n = n * 256 + bytes[i]!;
  let chars = '';
  for (let i = 0; i < 8; i++) {
    chars = REFERRAL_CODE_ALPHABET[n % 32]! + chars;
    n = Math.floor(n / 32);
  }
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** Characters people type for another: Crockford's decoding rules. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/**
 * A code as typed from a slip or a chat message, made canonical (7KQ2-M9XD), or null when it
 * cannot be one. Full-width characters (some phone keyboards) are folded; case is ignored;
 * spaces, dashes and dots between characters are dropped; O reads as 0, I and L as 1. U is not a
 * code character (Crockford leaves it out), so a code with U is refused rather than guessed.
 */
export function normaliseReferralCode(input: string): string | null {
  const chars = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―.]/g, '')
    .replace(/[OIL]/g, (c) => LOOK_ALIKES[c]!);
  if (chars.length !== 8) return null;
  for (const c of chars) if (!REFERRAL_CODE_ALPHABET.includes(c)) return null;
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}
