import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

/**
 * Password strength (NIST SP 800-63B §5.1.1.2: at least 8 characters, check against lists of
 * common and compromised passwords, no composition rules). We ask for 10 characters because
 * these accounts open health data of criminalised people, and use zxcvbn's estimate (score 0–4)
 * as the "common password" check: a score below 3 is refused.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return factory;
}

export type PasswordVerdict = { ok: true } | { ok: false; reason: 'too_short' | 'too_long' | 'too_weak' };

/** `context` holds words that must not make the password easy (the username, the organisation). */
export function checkPasswordStrength(raw: string, context: readonly string[] = []): PasswordVerdict {
  // Judged as it is hashed (NFC): a phone that types "ư" as "u" plus a combining mark must not
  // reach the minimum length with fewer letters.
  const password = raw.normalize('NFC');
  if ([...password].length < MIN_PASSWORD_LENGTH) return { ok: false, reason: 'too_short' };
  if (password.length > MAX_PASSWORD_LENGTH) return { ok: false, reason: 'too_long' };
  const result = estimator().check(password, context.filter((w) => w.length > 0));
  return result.score >= MIN_SCORE ? { ok: true } : { ok: false, reason: 'too_weak' };
}
