import { Page } from '../ui/page.tsx';

/** Placeholder until its helper lands (issue #6). */
export function ExportsPage(_props: { orgId: string }) {
  return <Page title="ExportsPage"><p>…</p></Page>;
}
