import type { TFunction } from 'i18next';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Lang } from '../../core/i18n/index.ts';
import type { Me } from '../../core/users/schema.ts';

/** A short message for the page at `path` (e.g. "You have logged out" on the login page). */
export interface Flash {
  path: string;
  tone: 'info' | 'success' | 'warning';
  text(t: TFunction): string;
}

export interface Shell {
  /** The logged-in person, or null before login. */
  me: Me | null;
  setMe(me: Me): void;
  /** Reads /api/me again (after a change of password or two-factor). */
  refresh(): Promise<void>;
  /**
   * Ends the session. With records of this person still on the phone and unsent, it first opens
   * the warning page (/logout) instead, unless `force`.
   */
  logout(options?: { force?: boolean }): Promise<void>;
  /** Back to the login page, to come back here afterwards (sync found the session ended). */
  relogin(): void;
  flash(flash: Flash): void;
  /** Shows the interface in `lang`, remembered on this device and (once logged in) on the account. */
  chooseLang(lang: Lang): void;
}

export const ShellContext = createContext<Shell | null>(null);

export function useShell(): Shell {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('useShell outside the app');
  return shell;
}

/** For pages shown only after login. */
export function useMe(): Me {
  const me = useShell().me;
  if (!me) throw new Error('useMe before login');
  return me;
}
