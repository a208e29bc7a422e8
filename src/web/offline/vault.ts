/**
 * The key that locks a phone's local data, derived from the worker's PIN (DESIGN §5, issue #3):
 * PBKDF2-SHA-256 with a random salt and 600,000 iterations (OWASP's 2023 figure for PBKDF2-SHA-256)
 * into a non-extractable AES-256-GCM key. A short PIN can still be guessed offline by someone with
 * the phone's files and patience; what stands in the way is the stretching, the wipe after
 * PIN_MAX_FAILURES wrong tries in the app, and syncing often so little sits on the phone.
 * Uses only WebCrypto (browsers and Node alike).
 */
export const PBKDF2_ITERATIONS = 600_000;
const CHECK = 'fieldlab-vault-v1';

export interface VaultParams {
  salt: string; // base64
  iterations: number;
  /** CHECK sealed with the key: opening it proves the PIN without storing anything derived from it in clear. */
  check: Sealed;
}

export interface Sealed {
  iv: string; // base64
  data: string; // base64
}

const b64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function deriveKey(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value)));
  return { iv: b64(iv), data: b64(new Uint8Array(data)) };
}

export async function open<T>(key: CryptoKey, sealed: Sealed): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(sealed.iv) }, key, unb64(sealed.data));
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}

export async function createVault(pin: string, iterations = PBKDF2_ITERATIONS): Promise<{ key: CryptoKey; params: VaultParams }> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await deriveKey(pin, salt, iterations);
  return { key, params: { salt: b64(salt), iterations, check: await seal(key, CHECK) } };
}

/** The key, or null when the PIN is wrong. */
export async function unlockVault(pin: string, params: VaultParams): Promise<CryptoKey | null> {
  const key = await deriveKey(pin, unb64(params.salt), params.iterations);
  try {
    return (await open<string>(key, params.check)) === CHECK ? key : null;
  } catch {
    return null;
  }
}
