/** Plans, acknowledgements, consents and the organisation, as the API shows them. */
import { consentLastDay, consentStatus } from '../core/plans/consent.js';
import { finalizationProblems } from '../core/plans/finalize.js';
import { calendarDate } from '../core/time-zone.js';
import type { Consent, Organization, PlanAcknowledgement } from '../storage/records.js';
import type { ConsentResponse } from '../core/api/consents.js';
import type { OrganizationResponse } from '../core/api/organization.js';
import type { AcknowledgementResponse, PlanResponse } from '../core/api/plans.js';
import type { PlanDetail } from './services/plans.js';

export function presentAcknowledgement(ack: PlanAcknowledgement): AcknowledgementResponse {
  return {
    id: ack.id,
    planId: ack.planId,
    version: ack.planVersion,
    via: ack.via,
    language: ack.language,
    acknowledgedAt: ack.acknowledgedAt,
  };
}

/** The moment of a request and the organisation's time zone: what "today" means to a presenter. */
export interface LocalClock {
  now: Date;
  timeZone: string;
}

/** A plan version: its document's fields with the version's facts beside them. */
export function presentPlan(detail: PlanDetail, clock: LocalClock): PlanResponse {
  const { version, stored } = detail;
  return {
    id: version.planId,
    clientId: version.clientId,
    version: version.version,
    status: version.status,
    amends: version.amends,
    latestFinalVersion: version.latestFinalVersion,
    createdBy: version.createdBy,
    createdAt: version.createdAt,
    finalizedBy: version.finalizedBy,
    finalizedAt: version.finalizedAt,
    attestation: version.attestation,
    ...stored,
    acknowledgements: detail.acknowledgements.map(presentAcknowledgement),
    versions: detail.versions,
    finalizationProblems:
      version.status === 'final'
        ? []
        : finalizationProblems(stored, { today: calendarDate(clock.now, clock.timeZone) }),
    newerAssessment:
      detail.newerAssessment === null
        ? null
        : {
            id: detail.newerAssessment.id,
            version: detail.newerAssessment.version,
            createdAt: detail.newerAssessment.createdAt,
            recommendedSetting: detail.newerAssessment.recommendation.primary.setting,
            recommendedWithRecoveryResidence: detail.newerAssessment.recommendation.primary.withRecoveryResidence,
          },
    confirmedNewerAssessment: version.confirmedNewerAssessment,
  };
}

export function presentConsent(consent: Consent, clock: LocalClock): ConsentResponse {
  return {
    id: consent.id,
    clientId: consent.clientId,
    planId: consent.planId,
    scope: consent.scope === 'plan-summary' || consent.scope === 'full-plan' ? consent.scope : null,
    consentType: consent.consentType,
    patientName: consent.patientName,
    discloser: consent.discloser,
    information: consent.information,
    recipient: { name: consent.recipientName, relationship: consent.recipientRelationship },
    purpose: consent.purpose,
    expiresOn: consentLastDay(consent.expiresAt, clock.timeZone),
    expiresAt: consent.expiresAt,
    revocation: consent.revocationNotice,
    signature: {
      signedBy: consent.signedBy,
      name: consent.signature,
      representativeAuthority: consent.representativeAuthority,
    },
    signedOn: consent.signedAt,
    status: consentStatus(consent, clock.now),
    revokedAt: consent.revokedAt,
    createdBy: consent.createdBy,
    createdAt: consent.createdAt,
  };
}

export function presentOrganization(organization: Organization): OrganizationResponse {
  return {
    id: organization.id,
    name: organization.name,
    phone: organization.phone,
    email: organization.email,
    address: organization.address,
    timeZone: organization.timeZone,
  };
}
