import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../auth/password-policy.ts';
import { Permission, Role, ROLES } from '../auth/roles.ts';
import { ProvinceId } from '../geo/provinces.ts';
import { OrganisationKind } from '../organisations/schema.ts';

export const LANGS = ['vi', 'en'] as const;
export const Lang = z.enum(LANGS);

/** Usernames are not names: staff pick a handle; no spaces, so they are easy to type on a phone. */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'at least 3 characters')
  .max(40, 'at most 40 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'letters a–z, digits, dot, dash or underscore');

export const Password = z.string().min(1).max(MAX_PASSWORD_LENGTH);

export const RoleGrant = z.strictObject({ orgId: z.uuid(), role: Role });
export type RoleGrant = z.infer<typeof RoleGrant>;

export const User = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string().nullable(),
  lang: Lang,
  active: z.boolean(),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  roles: z.array(RoleGrant),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

const DisplayName = z.string().trim().min(1).max(80);

const RolesInOrg = z.array(Role).max(ROLES.length);

/** A new person, with their roles in the organisation of the route. */
export const CreateUser = z.strictObject({
  username: Username,
  displayName: DisplayName.nullable().default(null),
  password: Password,
  lang: Lang.default('vi'),
  roles: RolesInOrg.min(1, 'give at least one role'),
});
export type CreateUser = z.infer<typeof CreateUser>;

/** An existing person (of another organisation) given roles in this one. */
export const AddMember = z.strictObject({ username: Username, roles: RolesInOrg.min(1, 'give at least one role') });

export const EditUser = z.strictObject({
  displayName: DisplayName.nullable().optional(),
  lang: Lang.optional(),
  active: z.boolean().optional(),
  /** The complete set of the person's roles in this organisation; [] removes them from it. */
  roles: RolesInOrg.optional(),
});
export type EditUser = z.infer<typeof EditUser>;

export const LoginRequest = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(40),
  password: Password,
  totp: z.string().trim().regex(/^\d{6}$/, '6 digits').optional(),
});

export const ChangePassword = z.strictObject({ currentPassword: Password, newPassword: Password });

export const Me = z.object({
  user: User,
  organisations: z.array(
    z.object({ id: z.uuid(), name: z.string(), kind: OrganisationKind, roles: z.array(Role), permissions: z.array(Permission) }),
  ),
  isHubAdmin: z.boolean(),
  /** An administrator without two-factor, where it is required: admin work waits until they enrol. */
  totpSetupRequired: z.boolean(),
  network: z.object({ name: z.string() }),
});
export type Me = z.infer<typeof Me>;

export const SetupRequest = z.strictObject({
  networkName: z.string().trim().min(2).max(120),
  organisationName: z.string().trim().min(2).max(120),
  provinceId: ProvinceId.nullable().default(null),
  username: Username,
  password: Password,
  lang: Lang.default('vi'),
});
