import { Page } from '../ui/page.tsx';

/** Placeholder until its helper lands (issue #6). */
export function ReportsPage(_props: {}) {
  return <Page title="ReportsPage"><p>…</p></Page>;
}
