import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** TOTP (RFC 6238): 6 digits, 30-second steps, SHA-1, as every authenticator app expects. */
const PERIOD = 30;

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: 'Fieldlab', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export async function enrolmentFor(secretBase32: string, username: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totpFor(secretBase32, username).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { uri, qrSvg };
}

/**
 * Checks a code with one step of clock drift either way. Returns the time step it matched, so the
 * caller can refuse a step already used (a code read over someone's shoulder is no use twice).
 */
export function matchTotp(secretBase32: string, code: string, now = Date.now()): number | null {
  const delta = totpFor(secretBase32, 'x').validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}

export function totpCodeAt(secretBase32: string, timestamp: number): string {
  return totpFor(secretBase32, 'x').generate({ timestamp });
}
