import { Page } from '../ui/page.tsx';

/** Placeholder until its helper lands (issue #6). */
export function Dhis2Page(_props: { orgId: string }) {
  return <Page title="Dhis2Page"><p>…</p></Page>;
}
