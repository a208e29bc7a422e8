import { Page } from '../ui/page.tsx';

/** Placeholder until its helper lands (issue #6). */
export function ResearchExtractPage(_props: {}) {
  return <Page title="ResearchExtractPage"><p>…</p></Page>;
}
