import type { Stage } from '../../core/groups/stage.ts';
import type { DeviceStore } from '../offline/device-store.ts';
import type { Quantities } from '../field/controls.tsx';

/**
 * A group session being recorded, kept sealed on the phone after each change, so that the idle
 * lock, a reload or a call in the middle of a session never loses who was there. One per group;
 * forgotten once the session is saved.
 */
export interface SessionDraft {
  savedAt: string;
  when: string;
  topic: string;
  facilitatorIds: string[];
  attendees: string[];
  stages: Record<string, Stage>;
  anonymousCount: number;
  materials: Quantities;
  notes: string;
}

type Drafts = Record<string, SessionDraft>;

export function sessionDraft(store: DeviceStore, groupId: string): SessionDraft | null {
  return store.draft<Drafts>('groupSessions')?.[groupId] ?? null;
}

export function draftGroupIds(store: DeviceStore): Set<string> {
  return new Set(Object.keys(store.draft<Drafts>('groupSessions') ?? {}));
}

/** Keeps (or, with null, forgets) the draft of one group's session. */
export function keepSessionDraft(store: DeviceStore, groupId: string, draft: SessionDraft | null): Promise<void> {
  const { [groupId]: _old, ...rest } = store.draft<Drafts>('groupSessions') ?? {};
  const next = draft ? { ...rest, [groupId]: draft } : rest;
  return store.saveDraft('groupSessions', Object.keys(next).length ? next : null);
}
