import type { ClientSummary } from '../../core/clients/schema.ts';
import type { z } from 'zod';
import type { Lang } from '../../core/i18n/index.ts';
import type { Province } from '../../core/geo/provinces.ts';
import type { CreateOrganisation, CreateSite, EditOrganisation, EditSite, Organisation, Site } from '../../core/organisations/schema.ts';
import type { CatalogueItem, CatalogueItemEdit, CatalogueItemInput } from '../../core/catalogue/schema.ts';
import type { AddMember, ChangePassword, CreateUser, EditUser, LoginRequest, Me, SetupRequest, User } from '../../core/users/schema.ts';
import { request } from './client.ts';

/** The server's API as the web app uses it; the types come from the same core schemas the routes validate with. */
type Body<S extends z.ZodType> = z.input<S>;
type Ok = { ok: true };

const org = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}`;

export const api = {
  setupStatus: () => request<{ needed: boolean }>('GET', '/api/setup'),
  setup: (body: Body<typeof SetupRequest>) => request<Me>('POST', '/api/setup', body),

  login: (body: Body<typeof LoginRequest>) => request<Me>('POST', '/api/auth/login', body, { anonymousOk: true }),
  logout: () => request<Ok>('POST', '/api/auth/logout'),
  me: () => request<Me>('GET', '/api/me', undefined, { anonymousOk: true }),
  setMyLang: (lang: Lang) => request<Me>('PATCH', '/api/me', { lang }),
  changePassword: (body: Body<typeof ChangePassword>) => request<Ok>('POST', '/api/auth/password', body),
  totpEnrol: () => request<{ secret: string; uri: string; qrSvg: string }>('POST', '/api/auth/totp/enrol'),
  totpConfirm: (code: string, currentPassword?: string) => request<Ok>('POST', '/api/auth/totp/confirm', currentPassword === undefined ? { code } : { code, currentPassword }),

  provinces: () => request<Province[]>('GET', '/api/provinces'),
  organisations: () => request<Organisation[]>('GET', '/api/organisations'),
  organisation: (orgId: string) => request<Organisation>('GET', org(orgId)),
  createOrganisation: (body: Body<typeof CreateOrganisation>) => request<Organisation>('POST', '/api/organisations', body),
  editOrganisation: (orgId: string, body: Body<typeof EditOrganisation>) => request<Organisation>('PATCH', org(orgId), body),

  sites: (orgId: string) => request<Site[]>('GET', `${org(orgId)}/sites`),
  createSite: (orgId: string, body: Body<typeof CreateSite>) => request<Site>('POST', `${org(orgId)}/sites`, body),
  editSite: (orgId: string, siteId: string, body: Body<typeof EditSite>) =>
    request<Site>('PATCH', `${org(orgId)}/sites/${encodeURIComponent(siteId)}`, body),

  users: (orgId: string) => request<User[]>('GET', `${org(orgId)}/users`),
  createUser: (orgId: string, body: Body<typeof CreateUser>) => request<User>('POST', `${org(orgId)}/users`, body),
  addMember: (orgId: string, body: Body<typeof AddMember>) => request<User>('POST', `${org(orgId)}/members`, body),
  editUser: (orgId: string, userId: string, body: Body<typeof EditUser>) =>
    request<User>('PATCH', `${org(orgId)}/users/${encodeURIComponent(userId)}`, body),
  resetPassword: (orgId: string, userId: string) =>
    request<{ temporaryPassword: string }>('POST', `${org(orgId)}/users/${encodeURIComponent(userId)}/reset-password`),

  catalogue: (orgId: string) => request<CatalogueItem[]>('GET', `${org(orgId)}/catalogue`),
  addCatalogueItem: (orgId: string, body: Body<typeof CatalogueItemInput>) => request<CatalogueItem>('POST', `${org(orgId)}/catalogue`, body),
  editCatalogueItem: (orgId: string, itemId: string, body: Body<typeof CatalogueItemEdit>) =>
    request<CatalogueItem>('PATCH', `${org(orgId)}/catalogue/${encodeURIComponent(itemId)}`, body),
  addStarterCatalogue: (orgId: string) => request<{ added: number }>('POST', `${org(orgId)}/catalogue/starter`),

  /** Reading clients online is audited; the conflicts page uses it to show codes. */
  clients: (orgId: string, limit = 500) => request<ClientSummary[]>('GET', `${org(orgId)}/clients?limit=${limit}`),
  conflicts: (orgId: string) => request<ProfileConflict[]>('GET', `${org(orgId)}/conflicts`),
  resolveConflict: (orgId: string, conflictId: string) => request<Ok>('POST', `${org(orgId)}/conflicts/${encodeURIComponent(conflictId)}/resolve`, {}),
};

/** A profile field two edits changed: the value kept, and the one it replaced. */
export interface ProfileConflict {
  id: string;
  clientId: string;
  field: string;
  keptValue: unknown;
  lostValue: unknown;
  editedBy: string;
  createdAt: string;
}
