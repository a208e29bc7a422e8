import { describe, expect, it } from 'vitest';
import { decideLogin, DEFAULT_THROTTLE, type ThrottlePolicy } from './login-throttle.ts';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const MIN = 60_000;
const policy: ThrottlePolicy = { windowMs: 15 * MIN, maxPerUser: 5, maxPerAddress: 20 };

/** `n` failures, one a second, the last `ago` ms before now. */
const failures = (n: number, ago = 0): number[] => Array.from({ length: n }, (_, i) => NOW - ago - (n - 1 - i) * 1000);

describe('decideLogin', () => {
  it('uses a 15-minute window, 5 failures per user and 20 per address by default', () => {
    expect(DEFAULT_THROTTLE).toEqual({ windowMs: 15 * MIN, maxPerUser: 5, maxPerAddress: 20 });
  });

  it('allows a login with no failures', () => {
    expect(decideLogin([], [], NOW, policy)).toEqual({ allowed: true });
  });

  it('allows up to one below the per-user limit and refuses at the limit', () => {
    expect(decideLogin(failures(4), failures(4), NOW, policy)).toEqual({ allowed: true });
    const refused = decideLogin(failures(5), failures(5), NOW, policy);
    expect(refused).toMatchObject({ allowed: false, by: 'user' });
  });

  it('says to wait until the oldest failure that keeps the count at the limit leaves the window', () => {
    // Five failures at now-4s … now; the first leaves the window at now-4s+15min.
    const decision = decideLogin(failures(5), [], NOW, policy);
    expect(decision).toEqual({ allowed: false, by: 'user', retryAfterMs: 15 * MIN - 4000 });
    // With seven, the pivot is the third-oldest (now-4s): the two older ones do not matter.
    expect(decideLogin(failures(7), [], NOW, policy)).toEqual({ allowed: false, by: 'user', retryAfterMs: 15 * MIN - 4000 });
  });

  it('does not care about the order the failures are given in', () => {
    const shuffled = [...failures(5)].reverse();
    expect(decideLogin(shuffled, [], NOW, policy)).toEqual(decideLogin(failures(5), [], NOW, policy));
  });

  it('forgets failures once they leave the window, exactly at its edge', () => {
    const atEdge = [NOW - 15 * MIN, ...failures(4)];
    expect(decideLogin(atEdge, [], NOW, policy)).toEqual({ allowed: true });
    const justInside = [NOW - 15 * MIN + 1, ...failures(4)];
    expect(decideLogin(justInside, [], NOW, policy)).toEqual({ allowed: false, by: 'user', retryAfterMs: 1 });
    expect(decideLogin(justInside, [], NOW + 1, policy)).toEqual({ allowed: true });
  });

  it('allows a user again after waiting the time it said', () => {
    const times = failures(5);
    const decision = decideLogin(times, [], NOW, policy);
    if (decision.allowed) throw new Error('expected a refusal');
    expect(decideLogin(times, [], NOW + decision.retryAfterMs - 1, policy).allowed).toBe(false);
    expect(decideLogin(times, [], NOW + decision.retryAfterMs, policy).allowed).toBe(true);
  });

  it('counts an address separately: 19 failures from it pass, 20 refuse', () => {
    expect(decideLogin([], failures(19), NOW, policy)).toEqual({ allowed: true });
    expect(decideLogin([], failures(20), NOW, policy)).toEqual({ allowed: false, by: 'address', retryAfterMs: 15 * MIN - 19_000 });
  });

  it('names the user limit first when both are reached', () => {
    expect(decideLogin(failures(5), failures(20), NOW, policy)).toMatchObject({ allowed: false, by: 'user' });
  });

  it('keeps one user’s failures from locking the address, and the address’s from locking a fresh user', () => {
    expect(decideLogin(failures(4), failures(19), NOW, policy)).toEqual({ allowed: true });
  });

  it('follows a custom policy', () => {
    const strict: ThrottlePolicy = { windowMs: MIN, maxPerUser: 1, maxPerAddress: 2 };
    expect(decideLogin([NOW - 30_000], [], NOW, strict)).toEqual({ allowed: false, by: 'user', retryAfterMs: 30_000 });
    expect(decideLogin([NOW - MIN], [], NOW, strict)).toEqual({ allowed: true });
    expect(decideLogin([], [NOW - 10_000, NOW - 5_000], NOW, strict)).toEqual({ allowed: false, by: 'address', retryAfterMs: 50_000 });
  });
});
