import { newId } from '../../core/ids.ts';
import { MUTATIONS, type MutationArgs, type MutationName } from '../../core/sync/protocol.ts';
import type { Me } from '../../core/users/schema.ts';
import { DeviceStore, type DeviceInfo, type UnlockResult } from '../offline/device-store.ts';
import { SyncEngine, type OutboxEntry, type SyncStatus, type Transport } from '../offline/engine.ts';
import { i18n } from '../shell/i18n.tsx';
import { publishDevice } from './presence.ts';

/**
 * The phone's side of field work, alive while the app is open: whether this phone holds field
 * data and whose, the unlocked store and its sync engine, the idle lock, and when to sync
 * (on reconnect, every two minutes, shortly after each save, and again after a failure).
 * Pages read it through `useField`; the shell only through `presence.ts`, so that Dexie and the
 * engine load with the field pages, never with the login page.
 */
export type DeviceState =
  | { kind: 'checking' }
  | { kind: 'none' }
  | { kind: 'locked'; info: DeviceInfo }
  | { kind: 'unlocked'; info: DeviceInfo; store: DeviceStore; engine: SyncEngine };

const SYNC_EVERY_MS = 2 * 60_000;
const SYNC_AFTER_SAVE_MS = 1_500;
/** After a failed sync (server error, dropped connection): try again after 5 s, 15 s, 1 min, then every 5 min. */
const RETRY_MS = [5_000, 15_000, 60_000, 300_000];
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * How long without a touch before the phone locks. Five minutes unless the worker chose another
 * time on the device page; tests set a few seconds the same way, through this stored value.
 */
export const LOCK_AFTER_KEY = 'fieldlab.lockAfterSeconds';
export const LOCK_CHOICES_SECONDS = [60, 120, 300, 600] as const;
const DEFAULT_LOCK_AFTER_SECONDS = 300;

export function lockAfterSeconds(): number {
  try {
    const value = Number(localStorage.getItem(LOCK_AFTER_KEY));
    return Number.isFinite(value) && value >= 3 && value <= 3600 ? value : DEFAULT_LOCK_AFTER_SECONDS;
  } catch {
    return DEFAULT_LOCK_AFTER_SECONDS;
  }
}

export function setLockAfterSeconds(seconds: number): void {
  try {
    localStorage.setItem(LOCK_AFTER_KEY, String(seconds));
  } catch {
    // Without storage the default holds.
  }
}

/** HTTP for the sync engine: the session cookie, the worker's language (rejection messages come in it), no cache. */
const transport: Transport = async (method, path, body) => {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
};

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

class FieldRuntime {
  private state: DeviceState = { kind: 'checking' };
  private listeners = new Set<() => void>();
  /** Bumped on every change of data or sync status, so views rebuild. */
  version = 0;
  private lastActivity = Date.now();
  private timers: ReturnType<typeof setInterval>[] = [];
  private retry: ReturnType<typeof setTimeout> | undefined;
  private soon: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private unsubscribeEngine: (() => void) | undefined;
  /** The freshest /api/me answer, sealed into the store whenever it is open. */
  private me: Me | null = null;
  /** Why the phone's data was last erased in this visit, to say so on the next screen. */
  wipedBecause: 'failures' | 'asked' | null = null;

  constructor() {
    void this.refresh();
  }

  get(): DeviceState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: DeviceState): void {
    this.state = state;
    this.changed();
  }

  private changed(): void {
    this.version += 1;
    const s = this.state;
    publishDevice({
      kind: s.kind,
      ownerUserId: s.kind === 'locked' || s.kind === 'unlocked' ? s.info.ownerUserId : null,
      unsent: this.unsent(),
      rejected: s.kind === 'unlocked' ? s.engine.status().rejected : 0,
    });
    for (const l of this.listeners) l();
  }

  /** Reads, without unlocking, whether this phone holds field data and whose. */
  async refresh(): Promise<DeviceState> {
    if (this.state.kind === 'unlocked') return this.state;
    const info = await DeviceStore.info().catch(() => null);
    // An unlock may have finished while the database was read.
    if (this.get().kind !== 'unlocked') this.set(info ? { kind: 'locked', info } : { kind: 'none' });
    return this.state;
  }

  /** Records waiting to be sent or refused and waiting for the worker, readable while locked too. */
  unsent(): number {
    const s = this.state;
    if (s.kind === 'unlocked') return s.store.outbox().length;
    if (s.kind === 'locked') return s.info.unsent;
    return 0;
  }

  /** The first PIN: a new, empty store for this person and organisation, then a first sync. */
  async create(pin: string, me: Me, orgId: string): Promise<void> {
    const store = await DeviceStore.create(pin, { deviceId: newId(), orgId, userId: me.user.id }, me.user.username);
    await store.saveMe(me);
    this.me = me;
    this.wipedBecause = null;
    this.start(store, { ownerUserId: me.user.id, ownerName: me.user.username, failures: 0, unsent: 0 });
  }

  async unlock(pin: string): Promise<UnlockResult> {
    const result = await DeviceStore.unlock(pin);
    if (result.ok) {
      const info = (await DeviceStore.info()) ?? { ownerUserId: result.store.meta().userId, ownerName: '', failures: 0, unsent: 0 };
      if (this.me && this.me.user.id === info.ownerUserId) await result.store.saveMe(this.me);
      this.start(result.store, info);
    } else if (result.reason === 'wrong-pin') {
      const info = await DeviceStore.info();
      this.set(info ? { kind: 'locked', info } : { kind: 'none' });
    } else {
      if (result.reason === 'wiped') this.wipedBecause = 'failures';
      this.set({ kind: 'none' });
    }
    return result;
  }

  /** Drops the key and the opened data from memory; the PIN opens them again. */
  lock(): void {
    const s = this.state;
    if (s.kind !== 'unlocked') return;
    this.stop();
    const unsent = s.store.outbox().length;
    s.store.close();
    this.set({ kind: 'locked', info: { ...s.info, failures: 0, unsent } });
  }

  /** Erases everything Fieldlab keeps on this phone. */
  async wipe(): Promise<void> {
    this.lock();
    this.stop();
    await DeviceStore.wipe();
    this.wipedBecause = 'asked';
    this.set({ kind: 'none' });
  }

  /** The shell's latest /api/me: kept sealed so the app can start offline; a new login may sync again. */
  noteMe(me: Me): void {
    this.me = me;
    const s = this.state;
    if (s.kind !== 'unlocked' || s.info.ownerUserId !== me.user.id) return;
    void s.store.saveMe(me);
    if (s.engine.status().problem === 'login') void this.sync();
  }

  private start(store: DeviceStore, info: DeviceInfo): void {
    this.stop();
    const engine = new SyncEngine(store, transport);
    this.unsubscribeEngine = engine.subscribe(() => this.changed());
    this.set({ kind: 'unlocked', info: { ...info, failures: 0 }, store, engine });
    this.lastActivity = Date.now();
    for (const event of ACTIVITY_EVENTS) addEventListener(event, this.onActivity, { passive: true, capture: true });
    addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.checkIdle);
    this.timers.push(setInterval(this.checkIdle, 1_000));
    this.timers.push(
      setInterval(() => {
        if (navigator.onLine) void this.sync();
      }, SYNC_EVERY_MS),
    );
    if (navigator.onLine) void this.sync();
  }

  private stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    clearTimeout(this.retry);
    clearTimeout(this.soon);
    this.unsubscribeEngine?.();
    this.unsubscribeEngine = undefined;
    for (const event of ACTIVITY_EVENTS) removeEventListener(event, this.onActivity, { capture: true });
    removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.checkIdle);
  }

  private onActivity = () => {
    this.lastActivity = Date.now();
  };

  private onOnline = () => {
    this.failures = 0;
    void this.sync();
  };

  private checkIdle = () => {
    if (Date.now() - this.lastActivity >= lockAfterSeconds() * 1000) this.lock();
  };

  /** Writes locally (it shows at once), then syncs shortly after. Arguments are checked with the server's own schema first. */
  async save<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<OutboxEntry> {
    const engine = this.engine();
    MUTATIONS[name].parse(args);
    const entry = await engine.enqueue(name, args);
    this.syncSoon();
    return entry;
  }

  /** A refused record, corrected: sent again as a new mutation. */
  async resend<N extends MutationName>(rejectedId: number, name: N, args: MutationArgs<N>): Promise<OutboxEntry> {
    const engine = this.engine();
    MUTATIONS[name].parse(args);
    const entry = await engine.resend(rejectedId, name, args);
    this.syncSoon();
    return entry;
  }

  async discard(rejectedId: number): Promise<void> {
    await this.engine().discard(rejectedId);
  }

  private engine(): SyncEngine {
    if (this.state.kind !== 'unlocked') throw new Error('The device is locked');
    return this.state.engine;
  }

  private syncSoon(): void {
    clearTimeout(this.soon);
    this.soon = setTimeout(() => void this.sync(), SYNC_AFTER_SAVE_MS);
  }

  async sync(): Promise<SyncStatus | null> {
    if (this.state.kind !== 'unlocked') return null;
    const { engine } = this.state;
    clearTimeout(this.retry);
    const status = await engine.sync();
    if (this.state.kind !== 'unlocked' || this.state.engine !== engine) return status;
    // Dropped connections and server errors are retried with backoff; the rest wait for the worker.
    if (status.problem === 'offline' || status.problem === 'server') {
      const wait = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)]!;
      this.failures += 1;
      if (navigator.onLine) this.retry = setTimeout(() => void this.sync(), wait);
    } else {
      this.failures = 0;
    }
    this.changed();
    return status;
  }
}

export const runtime = new FieldRuntime();
