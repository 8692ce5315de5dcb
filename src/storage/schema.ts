/**
 * Table shapes as Kysely sees them. Column names are snake_case here and nowhere else: repositories
 * map rows to domain records at this boundary. The same types serve SQLite and PostgreSQL: times are
 * ISO-8601 UTC text, booleans are 0/1 integers and documents are JSON text, so both engines store
 * and compare them identically.
 */
import type { Generated } from 'kysely';

export interface OrganizationsTable {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  created_at: string;
  /** The name's normalised form (0009), unique: see core/organization-name.ts. */
  name_key: string;
  /** IANA time zone (0014); null: the server's. */
  time_zone: string | null;
}

export interface UsersTable {
  id: string;
  organization_id: string;
  email: string;
  display_name: string;
  role: 'admin' | 'clinician';
  password_hash: string;
  /** Sign-in attempts admitted and not cleared by a later success, counted on arrival. */
  failed_sign_ins: number;
  locked_until: string | null;
  /** Every attempt the account ever admitted, numbered: a success clears only those before it. */
  sign_in_seq: Generated<number>;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** HMAC of the cookie token: a stolen database cannot be replayed as cookies. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ClientsTable {
  id: string;
  organization_id: string;
  display_name: string;
  /** Display name without case or accents (core/search-key.ts): the search and sort key. */
  search_name: string;
  external_ref: string | null;
  /** External reference without case or accents, folded by the application so both engines search alike. */
  search_ref: string | null;
  birth_year: number | null;
  /** YYYY-MM-DD (0014). */
  birth_date: string | null;
  preferred_language: 'en' | 'es';
  archived_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Where check-in reminders go (0021); null: no reminders by email. */
  email: string | null;
}

export interface ConsentsTable {
  id: string;
  organization_id: string;
  client_id: string;
  consent_type: string;
  discloser: string;
  information: string;
  recipient_name: string;
  recipient_relationship: string | null;
  purpose: string;
  expires_at: string;
  revocation_notice: string;
  signature: string;
  signed_at: string;
  revoked_at: string | null;
  created_by: string;
  created_at: string;
  /** The plan a recipient link discloses (0005); null for consents recorded before. */
  plan_id: string | null;
  /** What the consent discloses: 'plan-summary' | 'full-plan'. */
  scope: string | null;
  patient_name: string | null;
  /** 'patient' | 'representative'. */
  signed_by: string | null;
  representative_authority: string | null;
  /** SHA-256 of the recipient's code; the code itself is never stored. */
  code_hash: string | null;
  revoked_by: string | null;
}

export interface AssessmentsTable {
  id: string;
  organization_id: string;
  client_id: string;
  current_version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface AssessmentVersionsTable {
  assessment_id: string;
  version: number;
  document: string;
  recommendation: string;
  ruleset_id: string;
  ruleset_version: string;
  ruleset_hash: string;
  created_by: string;
  created_at: string;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  at: string;
  organization_id: string | null;
  actor_user_id: string | null;
  actor_kind: 'user' | 'anonymous' | 'system';
  action: string;
  resource_type: string;
  resource_id: string | null;
  client_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  ip: string | null;
  request_id: string | null;
}

export interface ProgramsTable {
  id: string;
  source: string;
  facility_key: string;
  location_id: string;
  setting: 'op' | 'iop' | 'php' | 'residential' | 'inpatient' | 'withdrawal-management';
  /** The name shown (an admin's override, else the imported one): the sort key. */
  name: string;
  /** JSON: the program's facts as the last import gave them. */
  imported: string;
  /** JSON: fields an admin changed by hand; they win over `imported`. */
  overrides: string;
  import_hash: string;
  edition: string;
  /** 1 accepting, 0 not, null unknown. */
  accepting_new_clients: number | null;
  accepting_confirmed_at: string | null;
  created_at: string;
  updated_at: string;
  /** The clinic that added the program and alone changes it (0010); null for a directory program. */
  owner_organization_id: string | null;
}

/** A clinic's own note on a program, seen by its users alone (0010). */
export interface ProgramNotesTable {
  program_id: string;
  organization_id: string;
  text: string;
  updated_by: string;
  updated_at: string;
}

/** One change to a program or to a clinic's note on one: who, when, before and after (0010). */
export interface ProgramChangesTable {
  id: string;
  program_id: string;
  at: string;
  action: 'create' | 'update' | 'tracks' | 'note';
  actor_kind: 'user' | 'system';
  actor_user_id: string | null;
  organization_id: string | null;
  note_organization_id: string | null;
  /** JSON: the changed values before (null when created). */
  before: string | null;
  /** JSON: the changed values after. */
  after: string;
}

export interface ProgramTracksTable {
  program_id: string;
  position: number;
  name: string;
  /** JSON: the track's weekly slots. */
  slots: string;
}

export interface ProgramsRevisionTable {
  id: number;
  revision: number;
}

export type ReferralStatus = 'sent' | 'accepted' | 'first-session-attended' | 'declined';

export interface ReferralsTable {
  id: string;
  organization_id: string;
  client_id: string;
  program_id: string;
  status: ReferralStatus;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ReferralStatusChangesTable {
  id: string;
  referral_id: string;
  status: ReferralStatus;
  changed_by: string;
  changed_at: string;
  /** What happened, in the clinician's words (0014). */
  note: string | null;
  /** The day it happened (YYYY-MM-DD, the organisation's calendar), when not the day it was recorded (0014). */
  effective_on: string | null;
}

export interface PlansTable {
  id: string;
  organization_id: string;
  client_id: string;
  assessment_id: string;
  assessment_version: number;
  current_version: number;
  latest_final_version: number | null;
  /** The latest finalised version's reassessment date (YYYY-MM-DD), kept for whole-clinic reads (0023). */
  final_reassess_by: string | null;
  /** The latest finalised version's discharge date (YYYY-MM-DD), kept for whole-clinic reads (0023). */
  final_discharge_date: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface PlanVersionsTable {
  plan_id: string;
  version: number;
  /** JSON: the stepdown/plan@1 document. */
  document: string;
  status: 'draft' | 'final';
  /** The finalised version this draft amends, when it was made after one. */
  amends: number | null;
  created_by: string;
  created_at: string;
  finalized_by: string | null;
  finalized_at: string | null;
  attestation: string | null;
  /** The client's newer assessment the clinician confirmed finalising over (0013); null otherwise. */
  confirmed_newer_assessment_id: string | null;
  confirmed_newer_assessment_version: number | null;
}

export interface PlanAcknowledgementsTable {
  id: string;
  organization_id: string;
  plan_id: string;
  plan_version: number;
  client_id: string;
  via: 'clinician' | 'share';
  recorded_by: string | null;
  language: 'en' | 'es';
  acknowledged_at: string;
}

export interface PlanShareCodesTable {
  id: string;
  organization_id: string;
  plan_id: string;
  client_id: string;
  /** SHA-256 of the code; the code itself is never stored. */
  code_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** What a clinician did with a CDS card in their EHR; see migration 0007. */
export interface CdsFeedbackTable {
  id: string;
  received_at: string;
  organization_id: string | null;
  issuer: string;
  card_id: string;
  outcome: 'accepted' | 'overridden';
  reason_code: string | null;
  outcome_at: string;
}

/** A CDS Hooks token already used (0009): issuer and jti, kept until the token expires. */
export interface CdsTokenUsesTable {
  id: string;
  expires_at: string;
}

/** Requests counted per key (a route and an address) in fixed windows, shared by every process. */
export interface RateLimitsTable {
  key: string;
  hits: number;
  expires_at: string;
}

/** A scored result of an instrument; see migration 0015. */
export interface MeasuresTable {
  id: string;
  organization_id: string;
  client_id: string;
  instrument_id: string;
  instrument_version: string;
  /** JSON: the answers in item order, as given. */
  answers: string;
  total: number | null;
  severity: string | null;
  /** JSON: subscale scores by name. */
  scores: string;
  sex: 'female' | 'male' | null;
  taken_at: string;
  via: 'clinician' | 'check-in';
  /** The user who entered it; null when the client sent it through a check-in link. */
  entered_by: string | null;
  created_at: string;
}

/** A same-day alert a measure raised, open until acknowledged; see migration 0015. */
export interface MeasureAlertsTable {
  id: string;
  organization_id: string;
  client_id: string;
  measure_id: string;
  kind: 'safety';
  item: number;
  link_id: string;
  reason: string;
  raised_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  note: string | null;
}

/** A client's measurement schedule, when a clinician changed the default; see migration 0016. */
export interface MeasureSchedulesTable {
  client_id: string;
  organization_id: string;
  /** JSON: [{ instrument, everyDays }]. */
  entries: string;
  updated_by: string;
  updated_at: string;
}

/** A private, single-use, expiring check-in link; see migration 0016. */
export interface CheckInLinksTable {
  id: string;
  organization_id: string;
  client_id: string;
  /** SHA-256 of the code; the code itself is never stored. */
  code_hash: string;
  /** JSON: the instrument ids asked, in order. */
  instruments: string;
  language: 'en' | 'es';
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  submission_id: string | null;
  revoked_at: string | null;
}

/** When a client last gave an instrument; kept by every measure insert (migration 0017). */
export interface MeasureLatestTable {
  organization_id: string;
  client_id: string;
  instrument_id: string;
  last_taken_at: string;
}

/** A one-time link with which a user chooses their password; see migration 0019. */
export interface SetPasswordLinksTable {
  id: string;
  organization_id: string;
  user_id: string;
  /** SHA-256 of the code; the code itself is never stored. */
  code_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

/** One reminder per client and due occurrence, never sent twice (migration 0021). */
export interface CheckInRemindersTable {
  id: string;
  organization_id: string;
  client_id: string;
  /** What makes this occurrence: the due instruments with when each was last taken. */
  due_key: string;
  /** JSON: the instrument ids the reminder's link asks. */
  instruments: string;
  status: 'pending' | 'sent' | 'cancelled';
  attempts: number;
  next_attempt_at: string;
  /** Why the last attempt failed (an SMTP or network code, never client data). */
  last_error: string | null;
  link_id: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Whether a goal of a client's plan is met, as last set by a clinician (migration 0021). */
export interface PlanGoalStatusesTable {
  organization_id: string;
  client_id: string;
  plan_id: string;
  goal_id: string;
  met: number;
  note: string | null;
  updated_by: string;
  updated_at: string;
}

/**
 * A step-up or step-down signal the signal rules raised for a client (migration 0022): one stretch of
 * its rule firing, handled at most once (a note, or a reassessment) and cleared when the rule stops.
 */
export interface StepSignalsTable {
  id: string;
  organization_id: string;
  client_id: string;
  rule_id: string;
  kind: 'step-up' | 'step-down';
  urgency: string;
  ruleset_id: string;
  ruleset_version: string;
  ruleset_hash: string;
  text: string;
  /** JSON: [{ fact, value, meaning }] as evaluated when raised. */
  basis: string;
  raised_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  note: string | null;
  reassessed_at: string | null;
  reassessment_id: string | null;
  cleared_at: string | null;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  clients: ClientsTable;
  consents: ConsentsTable;
  assessments: AssessmentsTable;
  assessment_versions: AssessmentVersionsTable;
  audit_events: AuditEventsTable;
  programs: ProgramsTable;
  program_tracks: ProgramTracksTable;
  program_notes: ProgramNotesTable;
  program_changes: ProgramChangesTable;
  programs_revision: ProgramsRevisionTable;
  referrals: ReferralsTable;
  referral_status_changes: ReferralStatusChangesTable;
  plans: PlansTable;
  plan_versions: PlanVersionsTable;
  plan_acknowledgements: PlanAcknowledgementsTable;
  plan_share_codes: PlanShareCodesTable;
  cds_feedback: CdsFeedbackTable;
  cds_token_uses: CdsTokenUsesTable;
  measures: MeasuresTable;
  measure_alerts: MeasureAlertsTable;
  rate_limits: RateLimitsTable;
  measure_schedules: MeasureSchedulesTable;
  check_in_links: CheckInLinksTable;
  measure_latest: MeasureLatestTable;
  set_password_links: SetPasswordLinksTable;
  check_in_reminders: CheckInRemindersTable;
  plan_goal_statuses: PlanGoalStatusesTable;
  step_signals: StepSignalsTable;
}
