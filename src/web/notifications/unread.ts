import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../../core/users/schema.ts';
import { request } from '../api/client.ts';

/**
 * How many notifications the person has not read, for the badge in the menu. Loaded with the shell
 * (so it stays tiny): asked of the server when the app opens, every minute while it is in view,
 * when the network or the tab comes back, and after the notifications page marks some read.
 * Without a network the last count stays.
 */
const POLL_MS = 60_000;

let unread = 0;
const listeners = new Set<() => void>();

function publish(count: number): void {
  unread = count;
  for (const l of listeners) l();
}

/** Whether this person is told of crises in some organisation (managers, clinicians). */
export function receivesNotifications(me: Me): boolean {
  return !me.totpSetupRequired && me.organisations.some((o) => o.permissions.includes('notification.read'));
}

export async function refreshUnread(): Promise<void> {
  try {
    const answer = await request<{ unread: number }>('GET', '/api/notifications/unread');
    publish(answer.unread);
  } catch {
    // Offline or the session ended: the badge keeps its last count; the shell deals with the session.
  }
}

/** Sets the count the notifications page just read, without asking again. */
export function setUnread(count: number): void {
  publish(count);
}

export function useUnreadNotifications(me: Me | null): number {
  const [count, setCount] = useState(unread);
  const active = me !== null && receivesNotifications(me);
  useEffect(() => {
    if (!active) return;
    const update = () => setCount(unread);
    listeners.add(update);
    const poll = () => {
      if (document.visibilityState === 'visible') void refreshUnread();
    };
    void refreshUnread();
    const timer = setInterval(poll, POLL_MS);
    addEventListener('online', poll);
    document.addEventListener('visibilitychange', poll);
    return () => {
      listeners.delete(update);
      clearInterval(timer);
      removeEventListener('online', poll);
      document.removeEventListener('visibilitychange', poll);
    };
  }, [active, me?.user.id]);
  return active ? count : 0;
}
