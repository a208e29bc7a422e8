import type { Insertable } from 'kysely';
import type { Permission } from '../../core/auth/roles.ts';
import type { UicRecipe } from '../../core/clients/uic.ts';
import type { ScreeningSettings } from '../../core/screening/index.ts';
import type { RejectionCode } from '../../core/sync/protocol.ts';
import type { AuditEntry } from '../audit/log.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Tx } from '../db/scope.ts';
import type { AnonymousContactsTable, ClientConsentsTable, ClientsTable, ContactsTable, NotificationsTable, ScreeningsTable } from '../db/schema.ts';

/** Who is pushing, as far as the appliers need to know. */
export interface Actor {
  userId: string;
  role: string | null;
  permissions: ReadonlySet<Permission>;
}

export class Rejection extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly field?: string,
  ) {
    super(code);
  }
}

/** A crisis episode of this organisation, as far as a push needs to know. */
export interface KnownEpisode {
  clientId: string | null;
  closed: boolean;
}

export interface KnownClient {
  id: string;
  /** The client this one was merged into, or itself. */
  canonicalId: string;
}

/**
 * The state of one push being applied in one transaction: what the batch needs to know about the
 * organisation (loaded once, not per mutation), and the rows and audit entries it will write,
 * buffered so they go to the database as a few multi-row statements. Mutations are still applied
 * strictly in order: each sees the effects of those before it, in the buffers.
 */
export class Batch {
  private version: number;
  readonly sites = new Set<string>();
  readonly items = new Set<string>();
  readonly clients = new Map<string, KnownClient>();
  /** Blind index of a UIC → canonical client id, for clients of this organisation not merged away. */
  readonly uics = new Map<string, string>();
  /** Ids of contacts, tallies and screenings that exist already. */
  readonly existingIds = new Set<string>();
  /** Crisis episodes the batch refers to that exist (loaded, or opened earlier in the batch). */
  readonly episodes = new Map<string, KnownEpisode>();
  /** The organisation's screening settings, loaded by the first screening of the batch. */
  screeningSettings: ScreeningSettings | undefined;
  readonly rows = {
    clients: [] as Insertable<ClientsTable>[],
    consents: [] as Insertable<ClientConsentsTable>[],
    contacts: [] as Insertable<ContactsTable>[],
    anonymous: [] as Insertable<AnonymousContactsTable>[],
    screenings: [] as Insertable<ScreeningsTable>[],
    notifications: [] as Insertable<NotificationsTable>[],
  };
  readonly audit: Omit<AuditEntry, 'orgId'>[] = [];

  constructor(
    readonly tx: Tx,
    readonly crypto: Crypto,
    readonly recipe: UicRecipe,
    readonly orgId: string,
    readonly actor: Actor,
    readonly deviceId: string | null,
    readonly now: Date,
    baseVersion: number,
  ) {
    this.version = baseVersion;
  }

  /** A new version number for the rows of the mutation being applied. */
  nextVersion(): number {
    this.version += 1;
    return this.version;
  }

  get lastVersion(): number {
    return this.version;
  }

  require(permission: Permission): void {
    if (!this.actor.permissions.has(permission)) throw new Rejection('MUTATION_FORBIDDEN');
  }

  canonicalClient(clientId: string): string {
    const known = this.clients.get(clientId);
    if (!known) throw new Rejection('CLIENT_NOT_FOUND', 'clientId');
    return known.canonicalId;
  }

  record(action: string, entity: string, entityId: string): void {
    this.audit.push({ actorUserId: this.actor.userId, actorRole: this.actor.role, action, entity, entityId });
  }

  /** Writes the buffered rows, parents before children. */
  async flush(): Promise<void> {
    const { tx, rows } = this;
    const chunks = <T>(xs: T[], size: number) => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));
    for (const part of chunks(rows.clients, 500)) await tx.insertInto('clients').values(part).execute();
    for (const part of chunks(rows.consents, 1000)) await tx.insertInto('client_consents').values(part).execute();
    for (const part of chunks(rows.contacts, 1000)) await tx.insertInto('contacts').values(part).execute();
    for (const part of chunks(rows.anonymous, 1000)) await tx.insertInto('anonymous_contacts').values(part).execute();
    for (const part of chunks(rows.screenings, 1000)) await tx.insertInto('screenings').values(part).execute();
    for (const part of chunks(rows.notifications, 1000)) await tx.insertInto('notifications').values(part).execute();
    rows.clients = [];
    rows.consents = [];
    rows.contacts = [];
    rows.anonymous = [];
    rows.screenings = [];
    rows.notifications = [];
  }
}
