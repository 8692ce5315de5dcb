/** Domain records as the layers above see them: camelCase, no database column names. */

import type { AuditAction } from '../core/audit-actions.js';

export type Role = 'admin' | 'clinician';

export interface Organization {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  createdAt: string;
  /** IANA time zone every date and time is shown in (the server's when none was set). */
  timeZone: string;
}

export interface User {
  id: string;
  organizationId: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UserCredentials {
  user: User;
  passwordHash: string;
  failedSignIns: number;
  lockedUntil: string | null;
}

export interface Session {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export interface Client {
  id: string;
  organizationId: string;
  displayName: string;
  externalRef: string | null;
  birthYear: number | null;
  /** YYYY-MM-DD, when known. */
  birthDate: string | null;
  preferredLanguage: 'en' | 'es';
  /** Where check-in reminders go; null: none by email. */
  email: string | null;
  archivedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface RulesetRef {
  id: string;
  version: string;
  hash: string;
}

export interface AssessmentVersion {
  assessmentId: string;
  clientId: string;
  organizationId: string;
  version: number;
  /** The stepdown/assessment@1 document as submitted. */
  document: unknown;
  /** The stepdown/recommendation@1 computed when this version was saved. */
  recommendation: unknown;
  ruleset: RulesetRef;
  createdBy: string;
  createdAt: string;
}

export type PlanStatus = 'draft' | 'final';

/** One version of a discharge plan, with the facts of its plan. */
export interface PlanVersion {
  planId: string;
  organizationId: string;
  clientId: string;
  assessmentId: string;
  assessmentVersion: number;
  version: number;
  /** The plan's current version: this one, or a later one. */
  currentVersion: number;
  /** The plan's most recent finalised version, if any. */
  latestFinalVersion: number | null;
  status: PlanStatus;
  /** The finalised version this draft amends. */
  amends: number | null;
  /** The stepdown/plan@1 document as saved. */
  document: unknown;
  createdBy: string;
  createdAt: string;
  finalizedBy: string | null;
  finalizedAt: string | null;
  attestation: string | null;
  /** Finalised while the client had this newer assessment, which the clinician was shown and confirmed. */
  confirmedNewerAssessment: { id: string; version: number } | null;
}

export interface PlanAcknowledgement {
  id: string;
  planId: string;
  planVersion: number;
  clientId: string;
  /** Recorded by a clinician with the client, or by the client on the share page. */
  via: 'clinician' | 'share';
  recordedBy: string | null;
  language: 'en' | 'es';
  acknowledgedAt: string;
}

export interface PlanShareCode {
  id: string;
  organizationId: string;
  planId: string;
  clientId: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** A Part 2 consent as recorded from the signed form. */
export interface Consent {
  id: string;
  organizationId: string;
  clientId: string;
  planId: string | null;
  scope: string | null;
  consentType: string;
  patientName: string | null;
  discloser: string;
  information: string;
  recipientName: string;
  recipientRelationship: string | null;
  purpose: string;
  /** The moment the consent stops being in force. */
  expiresAt: string;
  revocationNotice: string;
  /** The signer's name. */
  signature: string;
  signedBy: string | null;
  representativeAuthority: string | null;
  /** The date signed, YYYY-MM-DD. */
  signedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  createdBy: string;
  createdAt: string;
}

export interface AuditEvent {
  seq: number;
  id: string;
  at: string;
  organizationId: string | null;
  actorUserId: string | null;
  actorKind: 'user' | 'anonymous' | 'system';
  action: string;
  resourceType: string;
  resourceId: string | null;
  clientId: string | null;
  outcome: 'success' | 'denied' | 'failure';
  ip: string | null;
  requestId: string | null;
}

/** An event to write: only an action this version names (with its words), so none reaches the log without them. */
export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'id' | 'action'> & { action: AuditAction };

/** A page of a keyset-paged list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
