import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_POLICY, sessionState, type SessionPolicy } from './session-policy.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const policy: SessionPolicy = { idleMs: 30 * MIN, absoluteMs: 12 * HOUR };

describe('sessionState', () => {
  it('defaults to 30 minutes idle and 12 hours in all', () => {
    expect(DEFAULT_SESSION_POLICY).toEqual({ idleMs: 30 * MIN, absoluteMs: 12 * HOUR });
  });

  it('is active right after login', () => {
    expect(sessionState(T0, T0, T0, policy)).toBe('active');
  });

  it('ends after exactly the idle time without a request, not a millisecond before', () => {
    expect(sessionState(T0, T0, T0 + 30 * MIN - 1, policy)).toBe('active');
    expect(sessionState(T0, T0, T0 + 30 * MIN, policy)).toBe('idle_expired');
  });

  it('counts idle time from the last request, not from login', () => {
    const lastSeen = T0 + 5 * HOUR;
    expect(sessionState(T0, lastSeen, lastSeen + 29 * MIN, policy)).toBe('active');
    expect(sessionState(T0, lastSeen, lastSeen + 30 * MIN, policy)).toBe('idle_expired');
  });

  it('ends at exactly the absolute lifetime, however active the session was', () => {
    expect(sessionState(T0, T0 + 12 * HOUR - 1, T0 + 12 * HOUR - 1, policy)).toBe('active');
    expect(sessionState(T0, T0 + 12 * HOUR - 1, T0 + 12 * HOUR, policy)).toBe('expired');
  });

  it('reports the absolute end when both limits have passed', () => {
    expect(sessionState(T0, T0, T0 + 13 * HOUR, policy)).toBe('expired');
  });

  it('follows a custom policy', () => {
    const short: SessionPolicy = { idleMs: 1000, absoluteMs: 5000 };
    expect(sessionState(T0, T0 + 4000, T0 + 4999, short)).toBe('active');
    expect(sessionState(T0, T0 + 3000, T0 + 4000, short)).toBe('idle_expired');
    expect(sessionState(T0, T0 + 4999, T0 + 5000, short)).toBe('expired');
  });
});
