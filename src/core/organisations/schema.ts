import { z } from 'zod';
import { ProvinceId } from '../geo/provinces.ts';

export const ORGANISATION_KINDS = ['community_organisation', 'social_enterprise', 'clinic', 'network_hub'] as const;
export const OrganisationKind = z.enum(ORGANISATION_KINDS);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const SITE_KINDS = ['drop_in_centre', 'outreach_area', 'clinic', 'online'] as const;
export const SiteKind = z.enum(SITE_KINDS);
export type SiteKind = z.infer<typeof SiteKind>;

const Name = z.string().trim().min(2, 'at least 2 characters').max(120, 'at most 120 characters');
export const TimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'not a known time zone');

export const Organisation = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: OrganisationKind,
  provinceId: ProvinceId.nullable(),
  timeZone: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type Organisation = z.infer<typeof Organisation>;

export const CreateOrganisation = z.strictObject({
  name: Name,
  kind: OrganisationKind,
  provinceId: ProvinceId.nullable().default(null),
  timeZone: TimeZone.default('Asia/Ho_Chi_Minh'),
});
export type CreateOrganisation = z.infer<typeof CreateOrganisation>;

export const EditOrganisation = z.strictObject({
  name: Name.optional(),
  kind: OrganisationKind.optional(),
  provinceId: ProvinceId.nullable().optional(),
  timeZone: TimeZone.optional(),
  active: z.boolean().optional(),
});
export type EditOrganisation = z.infer<typeof EditOrganisation>;

export const Site = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  name: z.string(),
  kind: SiteKind,
  provinceId: ProvinceId,
  active: z.boolean(),
  createdAt: z.string(),
});
export type Site = z.infer<typeof Site>;

export const CreateSite = z.strictObject({ name: Name, kind: SiteKind, provinceId: ProvinceId });
export type CreateSite = z.infer<typeof CreateSite>;

export const EditSite = z.strictObject({
  name: Name.optional(),
  kind: SiteKind.optional(),
  provinceId: ProvinceId.optional(),
  active: z.boolean().optional(),
});
export type EditSite = z.infer<typeof EditSite>;
