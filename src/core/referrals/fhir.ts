import type { ReferralStatus } from './schema.ts';

/**
 * FHIR R4 statuses of a referral (DESIGN §7: ServiceRequest + Task for referrals). The
 * ServiceRequest is the referrer's request; the Task (Task.basedOn → the ServiceRequest) tracks
 * the receiving provider's fulfilment of it, as in FHIR's workflow module. Codes are those of the
 * R4 value sets (checked against hl7.org/fhir/R4, 4.0.1):
 * - http://hl7.org/fhir/ValueSet/request-status (valueset-request-status.html)
 * - http://hl7.org/fhir/ValueSet/task-status (valueset-task-status.html)
 */
export const FHIR_REQUEST_STATUSES = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'] as const;
export type FhirRequestStatus = (typeof FHIR_REQUEST_STATUSES)[number];

export const FHIR_TASK_STATUSES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'ready',
  'cancelled',
  'in-progress',
  'on-hold',
  'failed',
  'completed',
  'entered-in-error',
] as const;
export type FhirTaskStatus = (typeof FHIR_TASK_STATUSES)[number];

export interface FhirReferralStatus {
  serviceRequest: FhirRequestStatus;
  task: FhirTaskStatus;
  /** Task.businessStatus (a CodeableConcept's code in an exporter): our own status, so no detail is lost. */
  businessStatus: ReferralStatus;
}

/**
 * | Fieldlab          | ServiceRequest.status | Task.status | Why                                                                       |
 * |-------------------|-----------------------|-------------|---------------------------------------------------------------------------|
 * | created           | draft                 | draft       | made but not sent: "not yet complete or ready for action"                 |
 * | sent              | active                | requested   | "ready to be acted upon and action is sought"                             |
 * | accepted          | active                | accepted    | the provider "agreed to execute the task but has not yet started"         |
 * | declined          | active                | rejected    | the provider refused; the request stands until the referrer re-refers or cancels |
 * | attended          | active                | in-progress | the person was seen; the outcome is still to come                         |
 * | no_show           | active                | failed      | this attempt failed; the request stands (the person may still come)       |
 * | completed         | completed             | completed   |                                                                           |
 * | cancelled         | revoked               | cancelled   | "terminated prior to the known full completion"                           |
 * | lost_to_follow_up | revoked               | failed      | closed without knowing whether the person was seen                        |
 *
 * FHIR's Task state machine treats `failed` as final; our no-show is not (a late `attend` is
 * allowed), so an exporter sends the current status as a snapshot, and the business status tells
 * a no-show (open) from a lost referral (closed).
 */
const FHIR_STATUS: Readonly<Record<ReferralStatus, { serviceRequest: FhirRequestStatus; task: FhirTaskStatus }>> = {
  created: { serviceRequest: 'draft', task: 'draft' },
  sent: { serviceRequest: 'active', task: 'requested' },
  accepted: { serviceRequest: 'active', task: 'accepted' },
  declined: { serviceRequest: 'active', task: 'rejected' },
  attended: { serviceRequest: 'active', task: 'in-progress' },
  no_show: { serviceRequest: 'active', task: 'failed' },
  completed: { serviceRequest: 'completed', task: 'completed' },
  cancelled: { serviceRequest: 'revoked', task: 'cancelled' },
  lost_to_follow_up: { serviceRequest: 'revoked', task: 'failed' },
};

export function fhirStatusOf(status: ReferralStatus): FhirReferralStatus {
  return { ...FHIR_STATUS[status], businessStatus: status };
}
