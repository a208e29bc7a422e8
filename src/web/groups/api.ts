import type { CreateGroupBody, EditGroupBody, GroupList, GroupListItem, GroupSessions } from '../../core/groups/api.ts';
import { request } from '../api/client.ts';

/** The group routes of the server (issue #7 §1) as the managers' pages use them online; the types are core's. */
const groups = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}/groups`;

export const groupApi = {
  list: (orgId: string) => request<GroupList>('GET', groups(orgId)),
  create: (orgId: string, body: CreateGroupBody) => request<GroupListItem>('POST', groups(orgId), body),
  edit: (orgId: string, groupId: string, body: EditGroupBody) => request<GroupListItem>('PATCH', `${groups(orgId)}/${encodeURIComponent(groupId)}`, body),
  sessions: (orgId: string, groupId: string) => request<GroupSessions>('GET', `${groups(orgId)}/${encodeURIComponent(groupId)}/sessions`),
};
