import Dexie, { type Table } from 'dexie';
import { PIN_MAX_FAILURES } from '../../core/auth/pin-policy.ts';
import type { PullResponse } from '../../core/sync/protocol.ts';
import type { Me } from '../../core/users/schema.ts';
import { emptyData, mergePulled, type LocalStore, type OutboxEntry, type ServerData, type SyncMeta } from './engine.ts';
import { createVault, open, seal, unlockVault, type Sealed, type VaultParams } from './vault.ts';

interface PlainRow {
  key: string;
  value: unknown;
}
interface SealedRow {
  key: string;
  sealed: Sealed;
}
interface OutboxRow {
  id: number;
  sealed: Sealed;
}

const DB_NAME = 'fieldlab-device';
const TABLES = ['sites', 'catalogue', 'clients', 'consents', 'contacts', 'anonymousContacts', 'screenings', 'crisisEpisodes', 'providers', 'referrals', 'groups', 'groupSessions', 'stageObservations', 'staff'] as const;
/** The organisation's settings: one sealed row, replaced whole when the server sends them. */
const ORG_SETTINGS_ROW = 'orgSettings';
type TableName = (typeof TABLES)[number];

/**
 * IndexedDB through Dexie. In clear: only the vault's parameters, the owner's user id and username
 * (to tell whose phone data this is before unlocking), the count of wrong PINs, and how many
 * records wait to be sent (to warn before a logout or a wipe without opening anything). Everything
 * else — the person's /api/me answer, sync state, pulled records, the outbox — is sealed with the
 * PIN-derived key, one row at a time.
 */
class DeviceDb extends Dexie {
  plain!: Table<PlainRow, string>;
  records!: Table<SealedRow, string>;
  outbox!: Table<OutboxRow, number>;
  constructor() {
    super(DB_NAME);
    this.version(1).stores({ plain: 'key', records: 'key', outbox: 'id' });
  }
}

export interface DeviceInfo {
  ownerUserId: string;
  ownerName: string;
  failures: number;
  /** Records in the outbox (waiting, or refused and waiting for the worker). */
  unsent: number;
}

/**
 * Work in progress kept sealed so it survives a reload or the lock (a crisis being handled, group
 * sessions being recorded, by group), and
 * what the phone keeps for itself that no pull brings back (the providers this worker rated, by referral).
 */
export const DRAFTS = ['crisis', 'ratings', 'groupSessions'] as const;
export type DraftName = (typeof DRAFTS)[number];
const draftRow = (name: DraftName) => `draft:${name}`;

/** Sealed rows that are not pulled records: `reset` keeps them. */
const OWN_ROWS = ['meta', 'me', ...DRAFTS.map(draftRow)];

export type UnlockResult = { ok: true; store: DeviceStore } | { ok: false; reason: 'wrong-pin'; triesLeft: number } | { ok: false; reason: 'wiped' } | { ok: false; reason: 'no-device' };

export class DeviceStore implements LocalStore {
  private m: SyncMeta;
  private box = new Map<number, OutboxEntry>();
  private d: ServerData = emptyData();
  private savedMe: Me | null = null;
  private drafts = new Map<DraftName, unknown>();

  private constructor(
    private readonly db: DeviceDb,
    private readonly key: CryptoKey,
    meta: SyncMeta,
  ) {
    this.m = meta;
  }

  /** Whose data this phone holds, if any, without unlocking it. */
  static async info(): Promise<DeviceInfo | null> {
    const db = new DeviceDb();
    try {
      const owner = await db.plain.get('owner');
      if (!owner) return null;
      const value = async <T>(key: string, fallback: T) => ((await db.plain.get(key))?.value as T | undefined) ?? fallback;
      return { ownerUserId: owner.value as string, ownerName: await value('ownerName', ''), failures: await value('failures', 0), unsent: await value('unsent', 0) };
    } finally {
      db.close();
    }
  }

  static async create(pin: string, meta: Omit<SyncMeta, 'nextMutationId' | 'cookie' | 'lastSyncAt'>, ownerName = ''): Promise<DeviceStore> {
    await DeviceStore.wipe();
    const db = new DeviceDb();
    const { key, params } = await createVault(pin);
    const full: SyncMeta = { ...meta, nextMutationId: 1, cookie: 0, lastSyncAt: null };
    await db.transaction('rw', db.plain, db.records, async () => {
      await db.plain.bulkPut([
        { key: 'vault', value: params },
        { key: 'owner', value: meta.userId },
        { key: 'ownerName', value: ownerName },
        { key: 'failures', value: 0 },
        { key: 'unsent', value: 0 },
      ]);
      await db.records.put({ key: 'meta', sealed: await seal(key, full) });
    });
    return new DeviceStore(db, key, full);
  }

  /** Opens the phone's data with the PIN; too many wrong PINs wipe it. */
  static async unlock(pin: string): Promise<UnlockResult> {
    const db = new DeviceDb();
    const params = (await db.plain.get('vault'))?.value as VaultParams | undefined;
    if (!params) {
      db.close();
      return { ok: false, reason: 'no-device' };
    }
    const key = await unlockVault(pin, params);
    if (!key) {
      const failures = (((await db.plain.get('failures'))?.value as number | undefined) ?? 0) + 1;
      if (failures >= PIN_MAX_FAILURES) {
        db.close();
        await DeviceStore.wipe();
        return { ok: false, reason: 'wiped' };
      }
      await db.plain.put({ key: 'failures', value: failures });
      db.close();
      return { ok: false, reason: 'wrong-pin', triesLeft: PIN_MAX_FAILURES - failures };
    }
    await db.plain.put({ key: 'failures', value: 0 });
    const metaRow = await db.records.get('meta');
    if (!metaRow) {
      db.close();
      return { ok: false, reason: 'no-device' };
    }
    const store = new DeviceStore(db, key, await open<SyncMeta>(key, metaRow.sealed));
    await store.load();
    return { ok: true, store };
  }

  /** Erases everything this app keeps on the phone, in one step. */
  static async wipe(): Promise<void> {
    await Dexie.delete(DB_NAME);
  }

  /** Whether the PIN is right, without changing anything (to confirm a wipe or a logout). */
  async checkPin(pin: string): Promise<boolean> {
    const params = (await this.db.plain.get('vault'))?.value as VaultParams;
    return (await unlockVault(pin, params)) !== null;
  }

  close(): void {
    this.db.close();
  }

  /** The person's /api/me answer, kept so the app can start with the network off. */
  async saveMe(me: Me): Promise<void> {
    this.savedMe = me;
    await this.db.records.put({ key: 'me', sealed: await seal(this.key, me) });
  }
  me(): Me | null {
    return this.savedMe;
  }

  draft<T>(name: DraftName): T | null {
    return (this.drafts.get(name) as T | undefined) ?? null;
  }
  /** Keeps (or, with null, forgets) a piece of work in progress. */
  async saveDraft(name: DraftName, value: unknown): Promise<void> {
    if (value === null) {
      this.drafts.delete(name);
      await this.db.records.delete(draftRow(name));
      return;
    }
    this.drafts.set(name, value);
    await this.db.records.put({ key: draftRow(name), sealed: await seal(this.key, value) });
  }

  private async countUnsent(): Promise<void> {
    await this.db.plain.put({ key: 'unsent', value: this.box.size });
  }

  private async load(): Promise<void> {
    const rows = await this.db.records.toArray();
    const meRow = rows.find((r) => r.key === 'me');
    if (meRow) this.savedMe = await open<Me>(this.key, meRow.sealed);
    for (const name of DRAFTS) {
      const row = rows.find((r) => r.key === draftRow(name));
      if (row) this.drafts.set(name, await open<unknown>(this.key, row.sealed));
    }
    const opened = await Promise.all(rows.filter((r) => !OWN_ROWS.includes(r.key) && r.key !== ORG_SETTINGS_ROW).map(async (r) => [r.key, await open<{ id: string }>(this.key, r.sealed)] as const));
    const data = emptyData();
    const tables = data as unknown as Record<TableName, { id: string }[]>;
    for (const [key, value] of opened) {
      const table = key.slice(0, key.indexOf(':')) as TableName;
      tables[table]?.push(value);
    }
    const settingsRow = rows.find((r) => r.key === ORG_SETTINGS_ROW);
    if (settingsRow) data.orgSettings = await open<ServerData['orgSettings']>(this.key, settingsRow.sealed);
    this.d = data;
    for (const row of await this.db.outbox.toArray()) this.box.set(row.id, await open<OutboxEntry>(this.key, row.sealed));
  }

  meta(): SyncMeta {
    return this.m;
  }
  async saveMeta(meta: SyncMeta): Promise<void> {
    this.m = meta;
    await this.db.records.put({ key: 'meta', sealed: await seal(this.key, meta) });
  }
  outbox(): OutboxEntry[] {
    return [...this.box.values()].sort((a, b) => a.id - b.id);
  }
  async putOutbox(entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = await Promise.all(entries.map(async (e) => ({ id: e.id, sealed: await seal(this.key, e) })));
    await this.db.outbox.bulkPut(rows);
    for (const e of entries) this.box.set(e.id, e);
    await this.countUnsent();
  }
  async deleteOutbox(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.outbox.bulkDelete(ids);
    for (const id of ids) this.box.delete(id);
    await this.countUnsent();
  }
  data(): ServerData {
    return this.d;
  }
  async applyPull(pull: PullResponse, reset: boolean): Promise<void> {
    const rows: SealedRow[] = [];
    for (const table of TABLES) {
      // A server from before issue #4 sends no screenings or crisis episodes.
      for (const r of (pull[table] ?? []) as { id: string }[]) rows.push({ key: `${table}:${r.id}`, sealed: await seal(this.key, r) });
    }
    if (pull.orgSettings) rows.push({ key: ORG_SETTINGS_ROW, sealed: await seal(this.key, pull.orgSettings) });
    await this.db.transaction('rw', this.db.records, async () => {
      if (reset) await this.db.records.where('key').noneOf(OWN_ROWS).delete();
      else {
        await this.db.records.where('key').startsWith('sites:').delete();
        // The staff list comes whole on every pull from a server that knows groups (issue #7).
        if (pull.staff) await this.db.records.where('key').startsWith('staff:').delete();
      }
      await this.db.records.bulkPut(rows);
    });
    this.d = mergePulled(reset ? emptyData() : this.d, pull);
  }
}
