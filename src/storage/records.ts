/** Domain records as the layers above see them: camelCase, no database column names. */

export type Role = 'admin' | 'clinician';

export interface Organization {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  createdAt: string;
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
  preferredLanguage: 'en' | 'es';
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

export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'id'>;

/** A page of a keyset-paged list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
