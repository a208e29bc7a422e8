import { describe, expect, it } from 'vitest';
import type { Membership, Role } from '../auth/roles.ts';
import { reportAccess, reportScopes, scopeOf } from './access.ts';

const A = '01900000-0000-7000-8000-00000000000a';
const B = '01900000-0000-7000-8000-00000000000b';
const C = '01900000-0000-7000-8000-00000000000c';
const HUB = '01900000-0000-7000-8000-0000000000ff';
const m = (role: Role, orgId = A, orgKind = 'community_organisation'): Membership => ({ orgId, orgKind, role });

describe('reportAccess: who sees which figures, and how', () => {
  it('shows a manager their own organisation in full, and nothing of another', () => {
    expect(reportAccess([m('manager')], { kind: 'organisation', orgId: A })).toEqual({ orgIds: [A], suppressed: false });
    expect(reportAccess([m('manager')], { kind: 'organisation', orgId: B })).toBeNull();
  });

  it('never gives a manager the network view, even of several organisations', () => {
    expect(reportAccess([m('manager', A), m('manager', B)], { kind: 'network' })).toBeNull();
  });

  it('shows an evaluator the organisations they evaluate, suppressed, one by one or together', () => {
    const ms = [m('evaluator', A), m('evaluator', B)];
    expect(reportAccess(ms, { kind: 'organisation', orgId: A })).toEqual({ orgIds: [A], suppressed: true });
    expect(reportAccess(ms, { kind: 'organisation', orgId: C })).toBeNull();
    expect(reportAccess(ms, { kind: 'network' })).toEqual({ orgIds: [A, B], suppressed: true });
  });

  it('shows an evaluator or the network role at the hub every organisation, suppressed', () => {
    for (const role of ['evaluator', 'network'] as const) {
      const ms = [m(role, HUB, 'network_hub')];
      expect(reportAccess(ms, { kind: 'network' })).toEqual({ orgIds: 'all', suppressed: true });
      expect(reportAccess(ms, { kind: 'organisation', orgId: C })).toEqual({ orgIds: [C], suppressed: true });
    }
  });

  it('keeps the full view when a manager is also an evaluator of the same organisation', () => {
    expect(reportAccess([m('evaluator', A), m('manager', A)], { kind: 'organisation', orgId: A })).toEqual({ orgIds: [A], suppressed: false });
  });

  it('gives the other roles nothing, the hub administrator included', () => {
    for (const role of ['admin', 'fieldworker', 'clinician', 'trainer'] as const) {
      expect(reportAccess([m(role)], { kind: 'organisation', orgId: A })).toBeNull();
      expect(reportAccess([m(role, HUB, 'network_hub')], { kind: 'network' })).toBeNull();
    }
    expect(reportAccess([m('network', A)], { kind: 'network' })).toBeNull();
  });
});

describe('reportScopes: what a person can pick', () => {
  it('lists the network view first, then each organisation once', () => {
    expect(reportScopes([m('evaluator', A), m('manager', B), m('evaluator', B)])).toEqual([
      { kind: 'network' },
      { kind: 'organisation', orgId: A },
      { kind: 'organisation', orgId: B },
    ]);
    expect(reportScopes([m('manager', A)])).toEqual([{ kind: 'organisation', orgId: A }]);
    expect(reportScopes([m('network', HUB, 'network_hub')])).toEqual([{ kind: 'network' }]);
    expect(reportScopes([m('fieldworker', A)])).toEqual([]);
  });
});

describe('scopeOf: the scope a request names', () => {
  it('reads the word network, and anything else as an organisation id', () => {
    expect(scopeOf('network')).toEqual({ kind: 'network' });
    expect(scopeOf(A)).toEqual({ kind: 'organisation', orgId: A });
  });
});
