import { describe, expect, it } from 'vitest';
import { currentConsents, EditClientProfileArgs } from './schema.ts';

describe('currentConsents', () => {
  it('takes the latest decision per kind, and counts a kind never asked as not given', () => {
    const consents = currentConsents([
      { kind: 'services', given: true, at: '2026-10-01T00:00:00Z' },
      { kind: 'research', given: true, at: '2026-10-01T00:00:00Z' },
      { kind: 'research', given: false, at: '2026-11-01T00:00:00Z' },
      { kind: 'referral_sharing', given: true, at: '2026-11-02T00:00:00Z' },
      { kind: 'referral_sharing', given: false, at: '2026-10-02T00:00:00Z' },
    ]);
    expect(consents).toEqual({ services: true, research: false, referral_sharing: true, contact_phone: false, contact_chat: false });
  });
});

describe('EditClientProfileArgs', () => {
  it('needs at least one change and refuses fields that are not part of the profile', () => {
    const base = { clientId: '01900000-0000-7000-8000-000000000002', baseVersion: 1 };
    expect(EditClientProfileArgs.safeParse({ ...base, changes: {} }).success).toBe(false);
    expect(EditClientProfileArgs.safeParse({ ...base, changes: { uic: 'HOTUM95' } }).success).toBe(false);
    expect(EditClientProfileArgs.safeParse({ ...base, changes: { nickname: 'Bống' } }).success).toBe(true);
  });
});
