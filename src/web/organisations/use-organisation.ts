import { api } from '../api/fieldlab.ts';
import { useResource } from '../ui/use-resource.ts';

/** The organisation a page belongs to, for its name in headings and links back. */
export function useOrganisationName(orgId: string): string | undefined {
  return useResource(() => api.organisation(orgId), [orgId]).data?.name;
}
