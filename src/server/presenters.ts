/** One function per resource: a stored record becomes the API's shape here and nowhere else. */
import type { z } from 'zod';
import type { AssessmentVersion, AuditEvent, Client, User } from '../storage/records.js';
import type { AssessmentResponse, AuditEventResponse, ClientResponse, UserResponse } from './schemas.js';

export function presentUser(user: User): z.infer<typeof UserResponse> {
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

export function presentClient(client: Client): z.infer<typeof ClientResponse> {
  return {
    id: client.id,
    displayName: client.displayName,
    externalRef: client.externalRef,
    birthYear: client.birthYear,
    birthDate: client.birthDate,
    preferredLanguage: client.preferredLanguage,
    archived: client.archivedAt !== null,
    archivedAt: client.archivedAt,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
  };
}

export function presentAssessment(version: AssessmentVersion): z.infer<typeof AssessmentResponse> {
  return {
    id: version.assessmentId,
    clientId: version.clientId,
    version: version.version,
    assessment: version.document as z.infer<typeof AssessmentResponse>['assessment'],
    recommendation: version.recommendation as z.infer<typeof AssessmentResponse>['recommendation'],
    ruleset: version.ruleset,
    createdBy: version.createdBy,
    createdAt: version.createdAt,
  };
}

export function presentAuditEvent(event: AuditEvent): z.infer<typeof AuditEventResponse> {
  return {
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
