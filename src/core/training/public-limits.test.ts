import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAttempt, limitKey, minutesToWait, PUBLIC_LIMITS } from './public-limits.ts';

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
    // One address cannot fill an event; the global limit leaves room for a shared Wi-Fi.
    expect(PUBLIC_LIMITS.registerEvent.max).toBeLessThanOrEqual(10);
    expect(PUBLIC_LIMITS.register.max).toBeGreaterThan(PUBLIC_LIMITS.registerEvent.max * 5);
  });
});

describe('limitKey', () => {
  it('keeps IPv4 as itself, also IPv4-mapped', () => {
    expect(limitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(limitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(limitKey('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
  });
  it('keys IPv6 by its /64, however it is written', () => {
    const key = '2001:0db8:0000:0001::/64';
    for (const a of ['2001:db8:0:1::1', '2001:db8:0:1:ffff:ffff:ffff:ffff', '2001:DB8::1:0:0:0:9', '2001:db8:0:1:0:0:0:1%eth0', '2001:db8:0:1::192.0.2.1']) expect(limitKey(a)).toBe(key);
    expect(limitKey('2001:db8:0:2::1')).not.toBe(key);
    expect(limitKey('::1')).toBe('0000:0000:0000:0000::/64');
  });
  it('counts anything else as given', () => {
    expect(limitKey('')).toBe('');
    expect(limitKey('not:an::address::')).toBe('not:an::address::');
  });
});

describe('minutesToWait', () => {
  it('rounds up to whole minutes, at least one', () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(60_000)).toBe(1);
    expect(minutesToWait(60_001)).toBe(2);
  });
});
