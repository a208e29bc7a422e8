/**
 * Login throttling (OWASP Authentication Cheat Sheet, "Account lockout" / "Login throttling"):
 * count failed attempts in a sliding window, separately per username and per client address,
 * so that one attacker cannot lock everybody out and one account cannot be guessed slowly from many
 * addresses. Pure: the server passes the failure times it has stored.
 */
export interface ThrottlePolicy {
  windowMs: number;
  maxPerUser: number;
  maxPerAddress: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { windowMs: 15 * 60_000, maxPerUser: 5, maxPerAddress: 20 };

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number; by: 'user' | 'address' };

export function decideLogin(
  failuresForUser: readonly number[],
  failuresForAddress: readonly number[],
  now: number,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): ThrottleDecision {
  const check = (times: readonly number[], max: number): number | null => {
    const recent = times.filter((t) => t > now - policy.windowMs).sort((a, b) => a - b);
    if (recent.length < max) return null;
    // Allowed again once the oldest failure that keeps the count at the limit leaves the window.
    const pivot = recent[recent.length - max]!;
    return pivot + policy.windowMs - now;
  };
  const byUser = check(failuresForUser, policy.maxPerUser);
  if (byUser !== null) return { allowed: false, retryAfterMs: byUser, by: 'user' };
  const byAddress = check(failuresForAddress, policy.maxPerAddress);
  if (byAddress !== null) return { allowed: false, retryAfterMs: byAddress, by: 'address' };
  return { allowed: true };
}
