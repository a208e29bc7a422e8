import type { ColumnType, Generated } from 'kysely';

/** The tables, as Kysely sees them. Migrations in ./migrations are the truth; keep this in step. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface NetworkTable {
  id: Generated<number>;
  name: string;
  uic_recipe: unknown | null;
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

export interface OrgVersionsTable {
  org_id: string;
  version: Generated<string>;
  /** The organisation's version at which the network's directory last changed (0005). */
  directory_version: Generated<string>;
}

export interface CatalogueItemsTable {
  id: string;
  org_id: string;
  kind: string;
  name_vi: string;
  name_en: string;
  unit: string;
  category: string;
  active: Generated<boolean>;
  version: string | number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClientsTable {
  id: string;
  org_id: string;
  site_id: string;
  uic_hmac: string;
  uic_near_hmacs: string[];
  uic_enc: string;
  nickname_enc: string | null;
  phone_enc: string | null;
  birth_year: number | null;
  sex_at_birth: string | null;
  gender_identity: string;
  key_populations: string[];
  substances: string[];
  routes: string[];
  province_id: string;
  referral_source: string;
  merged_into: string | null;
  profile_version: Generated<number>;
  /** Per profile field, the profile_version at which it last changed (for merging offline edits). */
  field_versions: ColumnType<Record<string, number>, string | undefined, string>;
  registered_at: Timestamp;
  registered_by: string;
  version: string | number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClientConsentsTable {
  id: string;
  org_id: string;
  client_id: string;
  kind: string;
  given: boolean;
  at: Timestamp;
  recorded_by: string;
  version: string | number;
}

export interface ContactsTable {
  id: string;
  org_id: string;
  client_id: string;
  site_id: string;
  at: Timestamp;
  mode: string;
  services: string[];
  commodities: ColumnType<unknown, string, string>;
  iec: ColumnType<unknown, string, string>;
  notes_enc: string | null;
  follow_up_on: ColumnType<string | Date | null, string | null, string | null>;
  recorded_by: string;
  device_id: string | null;
  version: string | number;
  recorded_at: Timestamp;
}

export interface AnonymousContactsTable {
  id: string;
  org_id: string;
  site_id: string;
  at: Timestamp;
  mode: string;
  counts: ColumnType<unknown, string, string>;
  services: string[];
  commodities: ColumnType<unknown, string, string>;
  iec: ColumnType<unknown, string, string>;
  recorded_by: string;
  version: string | number;
  recorded_at: Timestamp;
}

export interface SyncDevicesTable {
  id: string;
  org_id: string;
  user_id: string;
  last_mutation_id: ColumnType<string, number | string | undefined, number | string>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface SyncRejectionsTable {
  org_id: string;
  device_id: string;
  mutation_id: ColumnType<string, number, number>;
  name: string;
  code: string;
  field: string | null;
  at: Timestamp;
}

export interface ProfileConflictsTable {
  id: string;
  org_id: string;
  client_id: string;
  field: string;
  kept_value_enc: string;
  lost_value_enc: string;
  edited_by: string;
  resolved_at: Date | null;
  created_at: Timestamp;
}

export interface CrisisEpisodesTable {
  id: string;
  org_id: string;
  client_id: string | null;
  site_id: string | null;
  at: Timestamp;
  red_flags: string[];
  cssrs_band: string | null;
  level: string;
  device_level: string;
  guidance_version: string;
  steps: ColumnType<unknown, string | undefined, string>;
  outcome: string | null;
  outcome_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  notes_enc: string | null;
  follow_up_on: ColumnType<string | Date | null, string | null | undefined, string | null>;
  referral_urgency: string | null;
  referral_note_enc: string | null;
  opened_by: string;
  closed_by: string | null;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  device_id: string | null;
  mutation_id: ColumnType<string | null, number | null | undefined, number | null>;
  version: string | number;
  recorded_at: Timestamp;
}

export interface ScreeningsTable {
  id: string;
  org_id: string;
  client_id: string;
  instrument_id: string;
  instrument_version: string;
  at: Timestamp;
  answers_enc: string;
  substance: string | null;
  crisis_episode_id: string | null;
  complete: boolean;
  total: number | null;
  band: string | null;
  subscores: ColumnType<unknown, string | null, string | null>;
  flags: string[];
  recorded_by: string;
  device_id: string | null;
  mutation_id: ColumnType<string | null, number | null | undefined, number | null>;
  version: string | number;
  recorded_at: Timestamp;
}

export interface NotificationsTable {
  id: string;
  org_id: string;
  kind: string;
  client_id: string | null;
  episode_id: string | null;
  screening_id: string | null;
  level: string | null;
  red_flags: string[];
  raised_by: string | null;
  at: Timestamp;
  created_at: Timestamp;
}

export interface NotificationReadsTable {
  org_id: string;
  notification_id: string;
  user_id: string;
  read_at: Timestamp;
}

export interface OrgSettingsTable {
  org_id: string;
  /** ScreeningSettings (core), or null for the defaults. */
  screening: ColumnType<unknown, string | null, string | null>;
  /** Bumped by every change of the screening settings or of a guidance override. */
  version: string | number;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface GuidanceOverridesTable {
  org_id: string;
  presentation: string;
  lang: string;
  steps: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** The network's directory of providers (0005): read by all, written by the system only. */
export interface ProvidersTable {
  id: string;
  org_id: string | null;
  name: string;
  kind: string;
  services: string[];
  address: string;
  province_id: string;
  opening_hours: string;
  phone: string;
  languages: string[];
  cost: string;
  walk_in: boolean;
  active: boolean;
  rating_sum: Generated<number>;
  rating_count: Generated<number>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ReferralsTable {
  id: string;
  code: string;
  from_org_id: string;
  client_id: string;
  provider_id: string;
  to_org_id: string | null;
  service: string;
  reason_enc: string;
  urgency: string;
  due_on: ColumnType<string | Date, string, string>;
  share: string[];
  /** What the client consented to share with the receiver, sealed JSON (SharedSnapshot), or null. */
  shared_enc: string | null;
  at: Timestamp;
  contact_id: string | null;
  crisis_episode_id: string | null;
  status: string;
  status_at: Timestamp;
  created_by: string;
  device_id: string | null;
  mutation_id: ColumnType<string | null, number | null | undefined, number | null>;
  version: string | number;
  recorded_at: Timestamp;
}

export interface ReferralEventsTable {
  id: string;
  referral_id: string;
  from_org_id: string;
  to_org_id: string | null;
  event: string;
  at: Timestamp;
  note_enc: string | null;
  outcome: string | null;
  by_user: string | null;
  by_org_id: string;
  recorded_at: Timestamp;
  seq: Generated<string>;
}

export interface ReferralCodesTable {
  code: string;
}

export interface ProviderFeedbackTable {
  org_id: string;
  referral_id: string;
  provider_id: string;
  rating: number;
  by_user: string;
  at: Timestamp;
}

/** The network hub's DHIS2 connection and mapping (0006); `mapping` is a Dhis2Settings mapping (core). */
export interface Dhis2SettingsTable {
  org_id: string;
  base_url: string | null;
  username: string | null;
  password_enc: string | null;
  mapping: ColumnType<unknown, string, string>;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: string;
}

/** Every DHIS2 dry run and send (0006), append-only. */
export interface Dhis2SendsTable {
  id: string;
  org_id: string;
  at: Timestamp;
  periods: string[];
  dry_run: boolean;
  settings_version: number;
  status: string;
  http_status: number | null;
  values_sent: number;
  summary: ColumnType<unknown, string | null, string | null>;
  by_user: string;
}

/** Events an organisation organises (0008); `details` is core's `Event`. */
export interface EventsTable {
  id: string;
  org_id: string;
  status: 'draft' | 'published' | 'cancelled';
  title: string;
  kind: string;
  mode: string;
  first_day: ColumnType<string | Date, string, string>;
  last_day: ColumnType<string | Date, string, string>;
  province_id: string | null;
  course_id: string | null;
  capacity: number | null;
  /** Active registrations, kept with each registration and cancellation. */
  seats_taken: Generated<number>;
  /** The organiser's time zone at the last save: "upcoming" is decided in it. */
  time_zone: string;
  details: unknown;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** Registrations for an event (0008): the name and contact details are sealed. */
export interface EventRegistrationsTable {
  id: string;
  org_id: string;
  event_id: string;
  /** The code in clear: only rows written before 0013, until the seal step hashes them (events/seal-codes.ts). Never written now. */
  code: string | null;
  /** The registration code's blind index (`registrationCodeHash`, events/store.ts); the code itself is kept nowhere. */
  code_hash: string | null;
  name_enc: string;
  details_enc: string;
  province_id: string | null;
  country: string | null;
  user_id: string | null;
  via: 'public' | 'desk';
  /** Which wording of the consent text the person agreed to (publicEvents.consent in i18n). */
  consent_version: string;
  created_at: Timestamp;
  cancelled_at: Timestamp | null;
}

/** What the public doors count per address (0008): an HMAC of the address, never the address. */
export interface PublicAttemptsTable {
  id: Generated<string>;
  action: string;
  address_hash: string;
  at: Timestamp;
}

/** One row per registration and day present (0008). */
export interface EventAttendanceTable {
  org_id: string;
  event_id: string;
  registration_id: string;
  day: ColumnType<string | Date, string, string>;
  at: Timestamp;
  by_user: string | null;
}

/** Courses (0009): readable by every organisation of the network; `details` holds the description. */
export interface CoursesTable {
  id: string;
  org_id: string;
  title: string;
  modules: string[];
  details: ColumnType<{ description?: string }, string, string>;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** A course's one test (0009); `questions` is core's TestQuestion[] with the key. */
export interface CourseTestsTable {
  id: string;
  org_id: string;
  course_id: string;
  title: string;
  questions: ColumnType<unknown, string, string>;
  pass_percent: number;
  updated_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** A registered person's pre- or post-test (0009), once per phase. */
export interface TestAttemptsTable {
  id: string;
  org_id: string;
  event_id: string;
  registration_id: string;
  test_id: string;
  test_version: number;
  phase: 'pre' | 'post';
  answers: ColumnType<unknown, string, string>;
  score: number;
  max_score: number;
  at: Timestamp;
}

/** Certificates (0009): the name on it is sealed. */
export interface CertificatesTable {
  id: string;
  org_id: string;
  code: string;
  event_id: string;
  registration_id: string;
  course_id: string | null;
  title: string;
  name_enc: string;
  lang: 'vi' | 'en';
  issued_on: ColumnType<string | Date, string, string>;
  issued_at: Timestamp;
  issued_by: string;
  by_hand_reason: string | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

/** The train-the-trainer pathway (0010): requirements per organisation, core's `PathwayRequirements`. */
export interface PathwayRequirementsTable {
  org_id: string;
  requirements: ColumnType<unknown, string, string>;
  version: Generated<number>;
  updated_by: string;
  updated_at: Timestamp;
}

/** A person's current stage in an organisation (0010); no row: a participant. */
export interface PathwayStagesTable {
  org_id: string;
  user_id: string;
  stage: string;
  since: Timestamp | null;
  version: Generated<number>;
}

/** Promotions (0010), append-only. */
export interface PathwayPromotionsTable {
  id: string;
  org_id: string;
  user_id: string;
  from_stage: string;
  to_stage: string;
  approved_by: string;
  approved_at: Timestamp;
}

/** Observed sessions scored on core's RUBRIC (0010); the note and a session's description (0014) are sealed. */
export interface PathwayObservationsTable {
  id: string;
  org_id: string;
  user_id: string;
  observer_id: string;
  observer_was_certified: boolean;
  scores: ColumnType<unknown, string, string>;
  event_id: string | null;
  group_session_id: string | null;
  /** The description in clear: only rows written before 0014, until the seal step seals them (groups/seal-free-text.ts). Never written now. */
  session_description: string | null;
  /** A session held elsewhere, described in a few words, sealed (0014). */
  session_description_enc: string | null;
  at: Timestamp;
  note_enc: string | null;
  recorded_at: Generated<Date>;
}

/** Co-facilitations at training events, recorded by a trainer (0010). */
export interface PathwayCoFacilitationsTable {
  id: string;
  org_id: string;
  user_id: string;
  event_id: string;
  note_enc: string | null;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

/** Exchange visits to an organisation (0011): `org_id` is the host; `programme` is core's ProgrammeItem list. */
export interface ExchangeVisitsTable {
  id: string;
  org_id: string;
  status: 'planned' | 'done' | 'cancelled';
  visitor_name: string;
  visitor_kind: string;
  province_id: string | null;
  country: string | null;
  people: number;
  first_day: ColumnType<string | Date, string, string>;
  last_day: ColumnType<string | Date, string, string>;
  programme: unknown;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** Visitors' feedback (0011): ratings clear for the dashboard, free text sealed in `text_enc`. */
export interface ExchangeVisitFeedbackTable {
  id: string;
  org_id: string;
  visit_id: string;
  respondent: 'person' | 'group';
  ratings: unknown;
  text_enc: string | null;
  by_user: string;
  at: Timestamp;
}

/** Groups (0007): set up by managers, pulled by phones; `version` from the organisation's counter. */
export interface GroupsTable {
  id: string;
  org_id: string;
  name: string;
  kind: string;
  site_id: string;
  facilitator_ids: string[];
  schedule: ColumnType<unknown, string, string>;
  active: Generated<boolean>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: string | number;
}

/** Sessions a group held (0007), append-only; topic (0014) and notes sealed. */
export interface GroupSessionsTable {
  id: string;
  org_id: string;
  group_id: string;
  at: Timestamp;
  /** The topic in clear: only rows written before 0014, until the seal step seals them (groups/seal-free-text.ts). Never written now. */
  topic: string | null;
  /** The topic, sealed (0014); null when the session had none. */
  topic_enc: string | null;
  facilitator_ids: string[];
  anonymous_count: number;
  materials: ColumnType<unknown, string, string>;
  notes_enc: string | null;
  recorded_by: string;
  device_id: string | null;
  mutation_id: string | number | null;
  version: string | number;
  recorded_at: Timestamp;
}

/** Registered clients at a group session (0007), one row per session and client. */
export interface GroupAttendanceTable {
  org_id: string;
  session_id: string;
  client_id: string;
  at: Timestamp;
}

/** Stages of change seen at a contact, a session or on their own (0007), append-only. */
export interface StageObservationsTable {
  id: string;
  org_id: string;
  client_id: string;
  stage: string;
  at: Timestamp;
  source: 'contact' | 'session';
  source_id: string | null;
  recorded_by: string;
  device_id: string | null;
  mutation_id: string | number | null;
  version: string | number;
  recorded_at: Timestamp;
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
  org_versions: OrgVersionsTable;
  catalogue_items: CatalogueItemsTable;
  clients: ClientsTable;
  client_consents: ClientConsentsTable;
  contacts: ContactsTable;
  anonymous_contacts: AnonymousContactsTable;
  sync_devices: SyncDevicesTable;
  sync_rejections: SyncRejectionsTable;
  profile_conflicts: ProfileConflictsTable;
  crisis_episodes: CrisisEpisodesTable;
  screenings: ScreeningsTable;
  notifications: NotificationsTable;
  notification_reads: NotificationReadsTable;
  org_settings: OrgSettingsTable;
  guidance_overrides: GuidanceOverridesTable;
  providers: ProvidersTable;
  referrals: ReferralsTable;
  dhis2_settings: Dhis2SettingsTable;
  dhis2_sends: Dhis2SendsTable;
  referral_events: ReferralEventsTable;
  groups: GroupsTable;
  group_sessions: GroupSessionsTable;
  group_attendance: GroupAttendanceTable;
  stage_observations: StageObservationsTable;
  referral_codes: ReferralCodesTable;
  provider_feedback: ProviderFeedbackTable;
  events: EventsTable;
  event_registrations: EventRegistrationsTable;
  event_attendance: EventAttendanceTable;
  courses: CoursesTable;
  course_tests: CourseTestsTable;
  test_attempts: TestAttemptsTable;
  certificates: CertificatesTable;
  public_attempts: PublicAttemptsTable;
  pathway_requirements: PathwayRequirementsTable;
  pathway_stages: PathwayStagesTable;
  pathway_promotions: PathwayPromotionsTable;
  pathway_observations: PathwayObservationsTable;
  pathway_co_facilitations: PathwayCoFacilitationsTable;
  exchange_visits: ExchangeVisitsTable;
  exchange_visit_feedback: ExchangeVisitFeedbackTable;
}
