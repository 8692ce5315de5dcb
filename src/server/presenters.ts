/** One function per resource: a stored record becomes the API's shape here and nowhere else. */
import type { AssessmentVersion, Client, User } from '../storage/records.js';
import type { AssessmentResponse } from '../core/api/assessments.js';
import type { AuditEventResponse } from '../core/api/audit.js';
import type { AdminUserResponse, UserResponse } from '../core/api/auth.js';
import type { ClientResponse } from '../core/api/clients.js';
import type { NamedAuditEvent } from './services/audit-log.js';
import type { ManagedUser } from './services/users.js';

export function presentUser(user: User): UserResponse {
  return {
    id: user.id,
    organizationId: user.organizationId,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt,
  };
}

/** A user as their admin sees them, with the set-password link still waiting for them at `now`. */
export function presentManagedUser(managed: ManagedUser, now: Date): AdminUserResponse {
  const link = managed.waitingLink;
  return {
    ...presentUser(managed.user),
    invitation: link ? { expiresAt: link.expiresAt, expired: Date.parse(link.expiresAt) <= now.getTime() } : null,
  };
}

export function presentClient(client: Client): ClientResponse {
  return {
    id: client.id,
    displayName: client.displayName,
    externalRef: client.externalRef,
    birthYear: client.birthYear,
    birthDate: client.birthDate,
    preferredLanguage: client.preferredLanguage,
    email: client.email,
    archived: client.archivedAt !== null,
    archivedAt: client.archivedAt,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
  };
}

export function presentAssessment(version: AssessmentVersion): AssessmentResponse {
  return {
    id: version.assessmentId,
    clientId: version.clientId,
    version: version.version,
    assessment: version.document as AssessmentResponse['assessment'],
    recommendation: version.recommendation as AssessmentResponse['recommendation'],
    ruleset: version.ruleset,
    createdBy: version.createdBy,
    createdAt: version.createdAt,
  };
}

export function presentAuditEvent({ event, actorName, client }: NamedAuditEvent): AuditEventResponse {
  return {
    actorName,
    clientName: client?.displayName ?? null,
    clientRef: client?.externalRef ?? null,
    id: event.id,
    at: event.at,
    actorUserId: event.actorUserId,
    actorKind: event.actorKind,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    clientId: event.clientId,
    outcome: event.outcome,
    ip: event.ip,
    requestId: event.requestId,
  };
}
