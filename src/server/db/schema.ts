import type { ColumnType, Generated } from 'kysely';

/** The tables, as Kysely sees them. Migrations in ./migrations are the truth; keep this in step. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface NetworkTable {
  id: Generated<number>;
  name: string;
  created_at: Timestamp;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  kind: string;
  province_id: string | null;
  time_zone: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SitesTable {
  id: string;
  org_id: string;
  name: string;
  kind: string;
  province_id: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name_enc: string | null;
  password_hash: string;
  lang: Generated<string>;
  active: Generated<boolean>;
  must_change_password: Generated<boolean>;
  totp_secret_enc: string | null;
  totp_pending_enc: string | null;
  totp_last_step: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  user_id: string;
  org_id: string;
  role: string;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface LoginFailuresTable {
  id: Generated<string>;
  username: string;
  address_hash: string;
  at: Timestamp;
}

export interface AuditLogTable {
  seq: Generated<string>;
  org_id: string | null;
  at: Timestamp;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface Database {
  network: NetworkTable;
  organisations: OrganisationsTable;
  sites: SitesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
}
