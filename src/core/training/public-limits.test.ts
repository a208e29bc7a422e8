import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAttempt, minutesToWait, PUBLIC_LIMITS } from './public-limits.ts';

const policy = { windowMs: 60_000, max: 3 };

describe('decideAttempt', () => {
  it('allows up to max attempts in the window, then says when the oldest leaves it', () => {
    const now = 1_000_000;
    expect(decideAttempt([], now, policy)).toEqual({ allowed: true });
    expect(decideAttempt([now - 10_000, now - 5_000], now, policy)).toEqual({ allowed: true });
    expect(decideAttempt([now - 30_000, now - 10_000, now - 5_000], now, policy)).toEqual({ allowed: false, retryAfterMs: 30_000 });
  });

  it('forgets attempts older than the window', () => {
    const now = 1_000_000;
    expect(decideAttempt([now - 70_000, now - 61_000, now - 60_000, now - 1], now, policy)).toEqual({ allowed: true });
  });

  it('never refuses below max, always refuses at or above it within the window (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 59_999 }), { maxLength: 10 }), (ages) => {
        const now = 10_000_000;
        const d = decideAttempt(ages.map((a) => now - a), now, policy);
        expect(d.allowed).toBe(ages.length < policy.max);
        if (!d.allowed) expect(d.retryAfterMs).toBeGreaterThan(0);
        if (!d.allowed) expect(d.retryAfterMs).toBeLessThanOrEqual(policy.windowMs);
      }),
    );
  });

  it('has generous public policies (a workshop behind one Wi-Fi) that still stop a script', () => {
    expect(PUBLIC_LIMITS.register.max).toBeGreaterThanOrEqual(20);
    expect(PUBLIC_LIMITS.lookupMiss.max).toBeLessThanOrEqual(50);
  });
});

describe('minutesToWait', () => {
  it('rounds up to whole minutes, at least one', () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(60_000)).toBe(1);
    expect(minutesToWait(60_001)).toBe(2);
  });
});
