import { Page } from '../ui/page.tsx';

/** Placeholder until its helper lands (issue #6). */
export function FhirExportPage(_props: { orgId: string }) {
  return <Page title="FhirExportPage"><p>…</p></Page>;
}
