import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../../core/users/schema.ts';

/**
 * What the shell (loaded with the login page) knows of field work on this phone, without loading
 * the field code itself: runtime.ts publishes here, the menu and the logout read from here.
 */
export interface DevicePresence {
  kind: 'checking' | 'none' | 'locked' | 'unlocked';
  ownerUserId: string | null;
  /** Records not yet on the server (waiting, or refused and waiting for the worker). */
  unsent: number;
  rejected: number;
}

let current: DevicePresence = { kind: 'checking', ownerUserId: null, unsent: 0, rejected: 0 };
const listeners = new Set<() => void>();

export function publishDevice(next: DevicePresence): void {
  current = next;
  for (const l of listeners) l();
}

export function devicePresence(): DevicePresence {
  return current;
}

export function useDevicePresence(): DevicePresence {
  const [value, setValue] = useState(current);
  useEffect(() => {
    const update = () => setValue(current);
    listeners.add(update);
    update();
    return () => {
      listeners.delete(update);
    };
  }, []);
  return value;
}

type FieldModule = typeof import('./runtime.ts');
let loading: Promise<FieldModule> | null = null;

/** The field runtime (Dexie, the sync engine), fetched the first time field work needs it. */
export function loadField(): Promise<FieldModule> {
  loading ??= import('./runtime.ts');
  return loading;
}

/** Whether this person does field work on some organisation (and so keeps data on the phone). */
export function usesDevice(me: Me): boolean {
  return !me.totpSetupRequired && me.organisations.some((o) => o.permissions.includes('sync.use'));
}
