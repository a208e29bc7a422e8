import { MAX_PUSH_MUTATIONS, SYNC_SCHEMA_VERSION, type MutationArgs, type MutationName, type PullResponse, type PushResponse } from '../../core/sync/protocol.ts';

/**
 * The device side of DESIGN §4, with no browser API in it: storage and HTTP are passed in, so the
 * same engine runs in the web app (IndexedDB, fetch) and in tests against the real server.
 * Every write goes to the outbox first; `sync()` pushes and then pulls. docs/sync-protocol.md
 * lists each answer the server can give and the reaction coded here.
 */
export interface OutboxEntry {
  id: number;
  name: MutationName;
  args: unknown;
  clientTime: string;
  schemaVersion: number;
  state: 'pending' | 'rejected';
  rejection?: { code: string; message: string; field?: string };
}

/** The data pulled from the server, as the device keeps it. */
export interface ServerData {
  sites: PullResponse['sites'];
  catalogue: PullResponse['catalogue'];
  clients: PullResponse['clients'];
  consents: PullResponse['consents'];
  contacts: PullResponse['contacts'];
  anonymousContacts: PullResponse['anonymousContacts'];
  screenings: PullResponse['screenings'];
  crisisEpisodes: PullResponse['crisisEpisodes'];
  /** The network's directory of providers, inactive ones too (issue #5). */
  providers: PullResponse['providers'];
  /** Referrals the organisation made, each with its events and the status the server derived. */
  referrals: PullResponse['referrals'];
  /** The organisation's groups, inactive ones too (issue #7). */
  groups: PullResponse['groups'];
  /** Sessions the organisation's groups held (their stages come as stage observations). */
  groupSessions: PullResponse['groupSessions'];
  /** Stages of change seen at contacts and sessions. */
  stageObservations: PullResponse['stageObservations'];
  /** The organisation's people who may facilitate a group, whole as last pulled. */
  staff: PullResponse['staff'];
  /** The organisation's screening cut-offs and adapted guidance; null until the server sent them. */
  orgSettings: PullResponse['orgSettings'];
}

export interface SyncMeta {
  deviceId: string;
  orgId: string;
  userId: string;
  /** The next mutation number to hand out. */
  nextMutationId: number;
  /** The pull cookie (the organisation's version seen last). */
  cookie: number;
  lastSyncAt: string | null;
}

export interface LocalStore {
  meta(): SyncMeta;
  saveMeta(meta: SyncMeta): Promise<void>;
  outbox(): OutboxEntry[];
  putOutbox(entries: OutboxEntry[]): Promise<void>;
  deleteOutbox(ids: number[]): Promise<void>;
  data(): ServerData;
  /** Upserts pulled rows by id; with `reset`, replaces everything pulled before. */
  applyPull(pull: PullResponse, reset: boolean): Promise<void>;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}
/** One HTTP exchange; throws only when the server could not be reached at all. */
export type Transport = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<HttpAnswer>;

export type SyncProblem = 'offline' | 'server' | 'login' | 'forbidden' | 'device-not-yours' | 'app-outdated' | 'needs-reset';

export interface SyncStatus {
  running: boolean;
  pending: number;
  rejected: number;
  /** Progress of the current run: mutations sent so far, of how many. */
  sent: number;
  toSend: number;
  lastSyncAt: string | null;
  problem: SyncProblem | null;
}

const errorCode = (body: unknown): string | undefined => (typeof body === 'object' && body && 'code' in body ? String((body as { code: unknown }).code) : undefined);

export class SyncEngine {
  private running: Promise<SyncStatus> | null = null;
  private problem: SyncProblem | null = null;
  private progress = { sent: 0, toSend: 0 };
  private listeners = new Set<(s: SyncStatus) => void>();

  constructor(
    private readonly store: LocalStore,
    private readonly http: Transport,
    private readonly now: () => Date = () => new Date(),
  ) {}

  status(): SyncStatus {
    const outbox = this.store.outbox();
    return {
      running: this.running !== null,
      pending: outbox.filter((e) => e.state === 'pending').length,
      rejected: outbox.filter((e) => e.state === 'rejected').length,
      sent: this.progress.sent,
      toSend: this.progress.toSend,
      lastSyncAt: this.store.meta().lastSyncAt,
      problem: this.problem,
    };
  }

  subscribe(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }

  /** Records a write locally (it shows at once) and queues it for the server. */
  async enqueue<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<OutboxEntry> {
    const meta = this.store.meta();
    const entry: OutboxEntry = { id: meta.nextMutationId, name, args, clientTime: this.now().toISOString(), schemaVersion: SYNC_SCHEMA_VERSION, state: 'pending' };
    await this.store.saveMeta({ ...meta, nextMutationId: meta.nextMutationId + 1 });
    await this.store.putOutbox([entry]);
    this.emit();
    return entry;
  }

  /**
   * A rejected write, corrected by the worker: it goes out again as a new mutation (the old number
   * is spent), and the rejected entry is removed.
   */
  async resend<N extends MutationName>(rejectedId: number, name: N, args: MutationArgs<N>): Promise<OutboxEntry> {
    const entry = await this.enqueue(name, args);
    await this.store.deleteOutbox([rejectedId]);
    this.emit();
    return entry;
  }

  async discard(rejectedId: number): Promise<void> {
    await this.store.deleteOutbox([rejectedId]);
    this.emit();
  }

  /** Push what waits, then pull what changed. One run at a time; a second call joins the first. */
  sync(): Promise<SyncStatus> {
    this.running ??= this.run().finally(() => {
      this.running = null;
      this.progress = { sent: 0, toSend: 0 };
      this.emit();
    });
    this.emit();
    return this.running;
  }

  private async run(): Promise<SyncStatus> {
    this.problem = null;
    try {
      if (await this.push()) await this.pull();
      if (!this.problem) await this.store.saveMeta({ ...this.store.meta(), lastSyncAt: this.now().toISOString() });
    } catch {
      this.problem = 'offline';
    }
    return this.status();
  }

  private fail(status: number, body: unknown): false {
    const code = errorCode(body);
    if (status === 401) this.problem = 'login';
    else if (code === 'DEVICE_NOT_YOURS') this.problem = 'device-not-yours';
    else if (status === 403) this.problem = 'forbidden';
    else if (status === 400) this.problem = 'app-outdated';
    else this.problem = 'server';
    return false;
  }

  /** Returns false when the run must stop (the problem says why). */
  private async push(): Promise<boolean> {
    const { deviceId, orgId } = this.store.meta();
    let size = MAX_PUSH_MUTATIONS;
    let acked = 0;
    this.progress = { sent: 0, toSend: this.store.outbox().filter((e) => e.state === 'pending').length };
    for (;;) {
      const pending = this.store
        .outbox()
        .filter((e) => e.state === 'pending' && e.id > acked)
        .sort((a, b) => a.id - b.id);
      if (pending.length === 0) return true;
      const batch = pending.slice(0, size);
      this.emit();
      const res = await this.http('POST', '/api/sync/push', {
        deviceId,
        orgId,
        mutations: batch.map(({ id, name, args, clientTime, schemaVersion }) => ({ id, name, args, clientTime, schemaVersion })),
      });
      if (res.status === 413) {
        if (size === 1) return this.fail(res.status, res.body);
        size = Math.max(1, Math.floor(size / 2));
        continue;
      }
      if (res.status !== 200) return this.fail(res.status, res.body);
      const answer = res.body as PushResponse;
      const byId = new Map(batch.map((e) => [e.id, e]));
      const done: number[] = [];
      const rejected: OutboxEntry[] = [];
      for (const r of answer.results) {
        const entry = byId.get(r.id);
        if (!entry) continue;
        if (r.status === 'applied') done.push(r.id);
        else if (r.status === 'rejected') rejected.push({ ...entry, state: 'rejected', rejection: { code: r.code ?? 'INTERNAL', message: r.message ?? '', ...(r.field ? { field: r.field } : {}) } });
        // already_processed: its fate (applied or rejected) comes with the pull.
      }
      await this.store.deleteOutbox(done);
      await this.store.putOutbox(rejected);
      this.progress.sent += done.length + rejected.length;
      acked = Math.max(acked, answer.lastMutationId);
      if (answer.resendFrom !== undefined) {
        // The server is missing mutation N. If this device no longer holds it, its queue cannot
        // be repaired here: the worker must wipe the device (after exporting nothing is lost).
        if (!this.store.outbox().some((e) => e.id === answer.resendFrom)) {
          this.problem = 'needs-reset';
          return false;
        }
        acked = answer.resendFrom - 1;
      }
      if (answer.resendFrom === undefined && answer.lastMutationId < batch.at(-1)!.id) {
        // The server stopped short without saying why: try again later rather than loop.
        this.problem = 'server';
        return false;
      }
    }
  }

  private async pull(): Promise<boolean> {
    for (let round = 0; round < 1000; round++) {
      const meta = this.store.meta();
      const res = await this.http('GET', `/api/sync/pull?deviceId=${meta.deviceId}&orgId=${meta.orgId}&cookie=${meta.cookie}`);
      if (res.status !== 200) return this.fail(res.status, res.body);
      const pull = res.body as PullResponse;
      await this.store.applyPull(pull, pull.reset);
      // Settle what the server has processed: rejected ones wait for the worker, the rest are done.
      const rejections = new Map(pull.rejections.map((r) => [r.id, r]));
      const settled = this.store.outbox().filter((e) => e.state === 'pending' && e.id <= pull.lastMutationId);
      await this.store.putOutbox(
        settled.flatMap((e) => {
          const r = rejections.get(e.id);
          return r ? [{ ...e, state: 'rejected' as const, rejection: { code: r.code, message: r.message, ...(r.field ? { field: r.field } : {}) } }] : [];
        }),
      );
      await this.store.deleteOutbox(settled.filter((e) => !rejections.has(e.id)).map((e) => e.id));
      await this.store.saveMeta({ ...this.store.meta(), cookie: pull.cookie });
      if (!pull.more) return true;
    }
    return true;
  }
}

/** A plain in-memory store: the engine's reference implementation, used by tests. */
export class MemoryStore implements LocalStore {
  private m: SyncMeta;
  private box = new Map<number, OutboxEntry>();
  private d: ServerData = emptyData();

  constructor(meta: Omit<SyncMeta, 'nextMutationId' | 'cookie' | 'lastSyncAt'>) {
    this.m = { ...meta, nextMutationId: 1, cookie: 0, lastSyncAt: null };
  }
  meta() {
    return this.m;
  }
  async saveMeta(meta: SyncMeta) {
    this.m = meta;
  }
  outbox() {
    return [...this.box.values()].sort((a, b) => a.id - b.id);
  }
  async putOutbox(entries: OutboxEntry[]) {
    for (const e of entries) this.box.set(e.id, e);
  }
  async deleteOutbox(ids: number[]) {
    for (const id of ids) this.box.delete(id);
  }
  data() {
    return this.d;
  }
  async applyPull(pull: PullResponse, reset: boolean) {
    this.d = mergePulled(reset ? emptyData() : this.d, pull);
  }
}

export const emptyData = (): ServerData => ({ sites: [], catalogue: [], clients: [], consents: [], contacts: [], anonymousContacts: [], screenings: [], crisisEpisodes: [], providers: [], referrals: [], groups: [], groupSessions: [], stageObservations: [], staff: [], orgSettings: null });

/**
 * Pulled rows replace local ones with the same id (a crisis episode comes again, whole, once it is
 * closed); sites and staff come whole each time; the organisation's settings come whole when they changed.
 */
export function mergePulled(current: ServerData, pull: PullResponse): ServerData {
  const upsert = <T extends { id: string }>(rows: T[], incoming: T[]): T[] => {
    if (incoming.length === 0) return rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of incoming) byId.set(r.id, r);
    return [...byId.values()];
  };
  return {
    sites: pull.sites,
    catalogue: upsert(current.catalogue, pull.catalogue),
    clients: upsert(current.clients, pull.clients),
    consents: upsert(current.consents, pull.consents),
    contacts: upsert(current.contacts, pull.contacts),
    anonymousContacts: upsert(current.anonymousContacts, pull.anonymousContacts),
    // A server from before issue #4 does not send these.
    screenings: upsert(current.screenings, pull.screenings ?? []),
    crisisEpisodes: upsert(current.crisisEpisodes, pull.crisisEpisodes ?? []),
    // A referral comes again, whole, with all its events, whenever one is added (issue #5).
    providers: upsert(current.providers, pull.providers ?? []),
    referrals: upsert(current.referrals, pull.referrals ?? []),
    // Issue #7; the staff list comes whole on every pull (a server from before it sends none: keep what we have).
    groups: upsert(current.groups, pull.groups ?? []),
    groupSessions: upsert(current.groupSessions, pull.groupSessions ?? []),
    stageObservations: upsert(current.stageObservations, pull.stageObservations ?? []),
    staff: pull.staff ?? current.staff,
    orgSettings: pull.orgSettings ?? current.orgSettings,
  };
}
