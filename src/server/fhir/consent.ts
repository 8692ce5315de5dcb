/**
 * A client's 42 CFR Part 2 consent as a FHIR R4 Consent: a privacy consent (scope patient-privacy)
 * under the Part 2 rule (policyRule), with one provision that permits disclosing what the consent
 * names (our scope code, the stored description, and the plan) to the named recipient, for the
 * stated purpose, from the day it was signed to its last day. The client is named as in CarePlan
 * and QuestionnaireResponse (`Patient/<client id>` with the display name); there is no Patient
 * endpoint, the reference only ties our resources together.
 */
import type { CodeableConcept, Consent, Reference } from 'fhir/r4.js';
import { type ConsentStatus, consentLastDay, consentStatus } from '../../core/plans/consent.js';
import type { Consent as ConsentRecord } from '../../storage/records.js';
import { FHIR_BASE } from './base.js';

const CONSENT_SCOPE_SYSTEM = `${FHIR_BASE}/CodeSystem/consent-scope`;
const CONSENT_TYPE_SYSTEM = `${FHIR_BASE}/CodeSystem/part2-consent-type`;
export const CONSENT_EXTENSIONS = {
  revokedAt: `${FHIR_BASE}/StructureDefinition/consent-revoked-at`,
} as const;

const SCOPE_LABELS: Readonly<Record<string, string>> = {
  'plan-summary': 'Discharge plan summary (finalised)',
  'full-plan': 'Full discharge plan (finalised)',
};

const CONSENT_TYPE_LABELS: Readonly<Record<string, string>> = {
  specific: 'Disclosure to a named recipient',
  'tpo-single': 'Single consent for treatment, payment and health care operations',
  'counseling-notes': 'Substance use disorder counseling notes',
  'legal-proceedings': 'Use in civil, criminal, administrative or legislative proceedings',
};

/**
 * R4's ConsentState has neither "revoked" nor "expired". `active` means the consent is to be
 * followed and enforced; `inactive` means it has been terminated or replaced, which is what both a
 * revocation (ended by the client) and an expiry (ended by its own terms) are. `rejected` (a party
 * refused it) and `entered-in-error` say something else. A reader tells the two apart by the
 * revoked-at extension, or by provision.period.end lying in the past.
 */
const FHIR_STATUS: Readonly<Record<ConsentStatus, Consent['status']>> = {
  active: 'active',
  revoked: 'inactive',
  expired: 'inactive',
};

function coded(system: string, code: string, labels: Readonly<Record<string, string>>): CodeableConcept {
  const display = labels[code];
  return { coding: [{ system, code, ...(display === undefined ? {} : { display }) }] };
}

/** One consent as a FHIR R4 Consent, with its status as of `now`. */
export function consentResourceOf(
  consent: ConsentRecord,
  clock: { now: Date; timeZone: string },
  people: { client: string },
): Consent {
  const patient: Reference = { reference: `Patient/${consent.clientId}`, display: people.client };
  const signer: Reference =
    consent.signedBy === 'representative'
      ? {
          type: 'RelatedPerson',
          display: consent.representativeAuthority
            ? `${consent.signature} (${consent.representativeAuthority})`
            : consent.signature,
        }
      : { ...patient, display: consent.signature };
  const recipient = consent.recipientRelationship
    ? `${consent.recipientName} (${consent.recipientRelationship})`
    : consent.recipientName;
  const covers: CodeableConcept = {
    ...(consent.scope === null ? {} : coded(CONSENT_SCOPE_SYSTEM, consent.scope, SCOPE_LABELS)),
    text: consent.information,
  };
  return {
    resourceType: 'Consent',
    id: consent.id,
    meta: { lastUpdated: consent.revokedAt ?? consent.createdAt },
    ...(consent.revokedAt === null
      ? {}
      : { extension: [{ url: CONSENT_EXTENSIONS.revokedAt, valueDateTime: consent.revokedAt }] }),
    status: FHIR_STATUS[consentStatus(consent, clock.now)],
    scope: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/consentscope',
          code: 'patient-privacy',
          display: 'Privacy Consent',
        },
      ],
    },
    category: [
      { coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] },
      coded(CONSENT_TYPE_SYSTEM, consent.consentType, CONSENT_TYPE_LABELS),
    ],
    patient,
    dateTime: consent.signedAt,
    performer: [signer],
    organization: [{ display: consent.discloser }],
    policyRule: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: '42CFRPart2', display: '42 CFR Part2' },
      ],
    },
    provision: {
      type: 'permit',
      // Date precision: the end day is included whole, as the consent's last day is.
      period: { start: consent.signedAt, end: consentLastDay(consent.expiresAt, clock.timeZone) },
      actor: [
        {
          role: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                code: 'IRCP',
                display: 'information recipient',
              },
            ],
          },
          reference: { type: 'RelatedPerson', display: recipient },
        },
      ],
      action: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'disclose', display: 'Disclose' },
          ],
        },
      ],
      // The purpose is the client's own words on the form, not a PurposeOfUse code: a display-only Coding.
      purpose: [{ display: consent.purpose }],
      code: [covers],
      ...(consent.planId === null
        ? {}
        : { data: [{ meaning: 'instance', reference: { reference: `CarePlan/${consent.planId}` } }] }),
    },
  };
}
