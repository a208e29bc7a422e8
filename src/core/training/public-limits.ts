/**
 * Limits on the public event doors (no login): registering, and looking a confirmation code up.
 * Counted per client address in a sliding window, like login throttling (auth/login-throttle.ts).
 *
 * - Registering, per event: a few per address (`registerEvent`), so one address cannot fill an
 *   event's seats; a colleague registering a handful of teammates fits, more go through the desk.
 * - Registering, all events together: generous (`register`), because a venue's or an office's
 *   shared Wi-Fi puts many people behind one address, and each of them may register for several
 *   events; it still stops a script walking through every event.
 * - Looking a code up: only codes that were not found count. A person reopening their own
 *   confirmation is never stopped; someone trying codes is stopped after a few misses, which with
 *   40-bit codes (about 10¹² of them) leaves guessing hopeless. The server counts each lookup as a
 *   miss before it looks, inside the check, and takes it back on a hit, so guesses sent at once
 *   cannot all slip past the check.
 * - An address is counted as itself for IPv4, and by its /64 prefix for IPv6 (one subscriber
 *   usually holds a whole /64, and could otherwise take a fresh address for every try).
 * Pure: the server passes the times it has stored.
 */
export interface AttemptPolicy {
  windowMs: number;
  max: number;
}

export const PUBLIC_LIMITS = {
  register: { windowMs: 15 * 60_000, max: 60 },
  registerEvent: { windowMs: 60 * 60_000, max: 6 },
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

/**
 * What an address is counted as: an IPv4 address as itself (also when written IPv4-mapped,
 * ::ffff:a.b.c.d), an IPv6 address by its /64 prefix, written out in full ("2001:0db8:0000:0001::/64").
 * Anything else (no address known) is counted as given.
 */
export function limitKey(address: string): string {
  let a = address.trim().toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (!a.includes(':')) return a;
  const halves = a.split('::');
  if (halves.length > 2) return a;
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  // An embedded IPv4 tail (…:1.2.3.4) stands for two groups; it only ever ends the address.
  const v4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
  const width = (g: string[]) => g.reduce((n, x) => n + (v4.test(x) ? 2 : 1), 0);
  const missing = halves.length === 2 ? 8 - width(left) - width(right) : 0;
  if (missing < 0) return a;
  const full = [...left, ...Array<string>(missing).fill('0'), ...right];
  const last = full[full.length - 1]!;
  if (v4.test(last) && full.length === 7 && full.slice(0, 5).every((g) => /^0{1,4}$/.test(g)) && full[5] === 'ffff') return last;
  if (full.length < 4 || full.slice(0, 4).some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return a;
  return `${full
    .slice(0, 4)
    .map((g) => g.padStart(4, '0'))
    .join(':')}::/64`;
}
