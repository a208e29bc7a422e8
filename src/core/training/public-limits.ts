/**
 * Limits on the public event doors (no login): registering, and looking a confirmation code up.
 * Counted per client address in a sliding window, like login throttling (auth/login-throttle.ts).
 *
 * - Registering: every attempt counts. A venue's shared Wi-Fi puts a whole workshop behind one
 *   address, so the limit is generous for people and still stops a script filling the seats.
 * - Looking a code up: only codes that were not found count. A person reopening their own
 *   confirmation is never stopped; someone trying codes is stopped after a few misses, which with
 *   40-bit codes (about 10¹² of them) leaves guessing hopeless.
 * Pure: the server passes the times it has stored.
 */
export interface AttemptPolicy {
  windowMs: number;
  max: number;
}

export const PUBLIC_LIMITS = {
  register: { windowMs: 15 * 60_000, max: 30 },
  lookupMiss: { windowMs: 15 * 60_000, max: 20 },
} as const satisfies Record<string, AttemptPolicy>;

export type PublicAction = keyof typeof PUBLIC_LIMITS;

export type AttemptDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Allowed while fewer than `max` attempts fall in the window ending now; else when the oldest counted one leaves it. */
export function decideAttempt(times: readonly number[], now: number, policy: AttemptPolicy): AttemptDecision {
  const recent = times.filter((t) => t > now - policy.windowMs && t <= now).sort((a, b) => a - b);
  if (recent.length < policy.max) return { allowed: true };
  const pivot = recent[recent.length - policy.max]!;
  return { allowed: false, retryAfterMs: Math.max(1, pivot + policy.windowMs - now) };
}

/** Whole minutes to tell a person, at least 1. */
export function minutesToWait(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000));
}
