import { Page } from '../ui/page.tsx';

/** Placeholder until its helper lands (issue #6). */
export function OutcomesPage(_props: {}) {
  return <Page title="OutcomesPage"><p>…</p></Page>;
}
