import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA-256), with keys derived by HKDF from
 * one master secret: FIELDLAB_SECRET_KEY, or a key file made with mode 0600 in the data folder on
 * first start. Losing the key loses the encrypted fields: back it up apart from the database.
 */
export interface Crypto {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  blindIndex(value: string, purpose: string): string;
}

const PREFIX = 'v1:';

export function createCrypto(master: Buffer): Crypto {
  if (master.length < 32) throw new Error('The secret key must be at least 32 bytes.');
  const encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'fieldlab/encryption/v1', 32));
  const macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'fieldlab/blind-index/v1', 32));
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
    },
    decrypt(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error('Unknown encryption format');
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      const iv = raw.subarray(0, 12);
      const tag = raw.subarray(raw.length - 16);
      const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    },
    blindIndex(value, purpose) {
      return createHmac('sha256', macKey).update(`${purpose}\u0000${value}`).digest('hex');
    },
  };
}

/** The master secret: from the environment (base64 or hex, ≥ 32 bytes), else the key file. */
export function loadMasterKey(envValue: string | undefined, dataDir: string): Buffer {
  if (envValue) {
    const decoded = /^[0-9a-f]+$/i.test(envValue) ? Buffer.from(envValue, 'hex') : Buffer.from(envValue, 'base64');
    if (decoded.length < 32) {
      throw new Error('FIELDLAB_SECRET_KEY must hold at least 32 random bytes (hex or base64); make one with: openssl rand -base64 32');
    }
    return decoded;
  }
  const file = path.resolve(dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
