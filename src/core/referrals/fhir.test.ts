import { describe, expect, it } from 'vitest';
import { FHIR_REQUEST_STATUSES, FHIR_TASK_STATUSES, fhirStatusOf } from './fhir.ts';
import { isTerminal, REFERRAL_TRANSITIONS } from './lifecycle.ts';
import { REFERRAL_STATUSES, type ReferralStatus } from './schema.ts';

describe('fhirStatusOf', () => {
  it.each([
    ['created', 'draft', 'draft'],
    ['sent', 'active', 'requested'],
    ['accepted', 'active', 'accepted'],
    ['declined', 'active', 'rejected'],
    ['attended', 'active', 'in-progress'],
    ['no_show', 'active', 'failed'],
    ['completed', 'completed', 'completed'],
    ['cancelled', 'revoked', 'cancelled'],
    ['lost_to_follow_up', 'revoked', 'failed'],
  ] as [ReferralStatus, string, string][])('%s → ServiceRequest %s, Task %s', (status, serviceRequest, task) => {
    expect(fhirStatusOf(status)).toEqual({ serviceRequest, task, businessStatus: status });
  });

  it('uses only codes of the R4 value sets request-status and task-status', () => {
    expect(FHIR_REQUEST_STATUSES).toEqual(['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown']);
    expect(FHIR_TASK_STATUSES).toEqual(['draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error']);
    for (const s of REFERRAL_STATUSES) {
      const f = fhirStatusOf(s);
      expect(FHIR_REQUEST_STATUSES).toContain(f.serviceRequest);
      expect(FHIR_TASK_STATUSES).toContain(f.task);
    }
  });

  it('the ServiceRequest stays active while the referral is open (after it was sent) and ends when it closes', () => {
    for (const s of REFERRAL_STATUSES) {
      const sr = fhirStatusOf(s).serviceRequest;
      if (s === 'created') expect(sr).toBe('draft');
      else expect(sr === 'active').toBe(!isTerminal(s));
    }
  });

  it('two statuses sharing FHIR codes stay apart by the business status', () => {
    const keys = REFERRAL_STATUSES.map((s) => JSON.stringify(fhirStatusOf(s)));
    expect(new Set(keys).size).toBe(REFERRAL_STATUSES.length);
    expect(fhirStatusOf('no_show').task).toBe(fhirStatusOf('lost_to_follow_up').task);
  });

  it('every status an event leads to has a mapping', () => {
    for (const t of Object.values(REFERRAL_TRANSITIONS)) expect(fhirStatusOf(t.to)).toBeDefined();
  });
});
