/**
 * When a session ends (OWASP Session Management Cheat Sheet: idle and absolute timeouts).
 * Pure so that the rule is tested without a clock.
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 };

export type SessionState = 'active' | 'idle_expired' | 'expired';

export function sessionState(createdAt: number, lastSeenAt: number, now: number, policy: SessionPolicy): SessionState {
  if (now - createdAt >= policy.absoluteMs) return 'expired';
  if (now - lastSeenAt >= policy.idleMs) return 'idle_expired';
  return 'active';
}
