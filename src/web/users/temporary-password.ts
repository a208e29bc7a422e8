/**
 * A first password for a new account, for the administrator to hand over: four groups of four,
 * without look-alike characters (no 0/o, 1/l/i), as the server's own temporary passwords.
 * The person must choose their own at first login.
 */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function temporaryPassword(): string {
  const out: string[] = [];
  // Rejection sampling: only bytes below a multiple of the alphabet's size, so every character is equally likely.
  const limit = 256 - (256 % ALPHABET.length);
  while (out.length < 16) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < limit && out.length < 16) out.push(ALPHABET[byte % ALPHABET.length]!);
    }
  }
  return [0, 4, 8, 12].map((i) => out.slice(i, i + 4).join('')).join('-');
}
