import type { TFunction } from 'i18next';
import { ROLES } from '../../core/auth/roles.ts';
import type { Option } from '../ui/form.tsx';

/** Every role, named and explained in the language shown, for the role checkboxes. */
export function roleOptions(t: TFunction): Option[] {
  return ROLES.map((role) => ({ value: role, label: t(`roles.${role}.name`), hint: t(`roles.${role}.text`) }));
}
