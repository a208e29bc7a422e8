import { useMemo } from 'preact/hooks';
import type { StaffMember } from '../../core/groups/api.ts';
import type { Field } from '../field/context.tsx';
import { buildGroupsView, DEFAULT_TIME_ZONE, type GroupsView } from './view.ts';

/** The groups, sessions and stages on this phone, rebuilt whenever the field data changes. */
export function useGroupsView(field: Field): GroupsView {
  return useMemo(() => buildGroupsView(field.store.data(), field.store.outbox(), field.userId), [field]);
}

/**
 * The people who may facilitate, as last pulled; the worker is always among them (a phone that has
 * not pulled the staff list yet still records its own sessions).
 */
export function staffOf(field: Field): StaffMember[] {
  const staff = field.store.data().staff;
  if (staff.some((s) => s.id === field.userId)) return staff;
  return [...staff, { id: field.userId, displayName: field.me.user.displayName ?? field.me.user.username }];
}

export function staffName(staff: readonly StaffMember[], id: string): string {
  return staff.find((s) => s.id === id)?.displayName ?? '—';
}

/**
 * The organisation's time zone, for counting days of the stage timeline. The pull does not carry it
 * yet; until it does, the default every organisation starts with (DESIGN §3).
 */
export function orgTimeZone(field: Field): string {
  const settings = field.store.data().orgSettings as { timeZone?: unknown } | null;
  return typeof settings?.timeZone === 'string' ? settings.timeZone : DEFAULT_TIME_ZONE;
}

/** Whether the phone's person records groups and stages in its organisation (the pull brings them only then). */
export function mayRecordGroups(field: Field): boolean {
  return field.me.organisations.some((o) => o.id === field.orgId && o.permissions.includes('group.record'));
}
