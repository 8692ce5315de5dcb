/**
 * A discharge plan as a FHIR R4 CarePlan. Its goals are contained Goal resources (`#goal-<id>`):
 * they have no life of their own outside the plan version, so they travel inside it. The
 * recommended setting, the variance reason and its narrative are extensions of ours; the selected
 * setting, therapies, services, support groups and the safety block are activities; the
 * assessment it came from is `supportingInfo` (QuestionnaireResponse/<assessment id>).
 *
 * plan@2 adds, contained: each medication as a MedicationStatement (in `supportingInfo`, with its
 * dose, prescriber or dosing clinic, last dose and bridge supply), each dated appointment as an
 * Appointment (the reference of an activity); the description leads with the first step of care.
 * The reasons (the rules that placed the client) are the reason codes of the level-of-care activity.
 *
 * For the receiving program, `receivingCarePlan` marks the same resource as Part 2 data that may not
 * be disclosed again without consent (security labels), leads its notes with the 42 CFR 2.32 notice
 * and names the consent it is disclosed under.
 */
import type {
  Appointment,
  CarePlan,
  CarePlanActivity,
  CodeableConcept,
  Extension,
  FhirResource,
  Goal,
  MedicationStatement,
} from 'fhir/r4.js';
import { describeStep } from '../../core/plans/sequence.js';
import type { PlanDocument } from '../../core/plans/plan-schema.js';
import {
  APPOINTMENT_KIND_LABELS,
  MEDICATION_COURSE_LABELS,
  MEDICATION_PLAN_STATUS_LABELS,
  MEDICATION_PURPOSE_LABELS,
  NALOXONE_STATUS_LABELS,
  SAFETY_TOPIC_LABELS,
  SERVICE_KIND_LABELS,
  SETTING_LABELS,
  VARIANCE_REASON_LABELS,
} from '../../core/plans/vocabulary.js';
import { PART2_NOTICE } from '../../core/plans/consent.js';
import type { Consent, PlanVersion } from '../../storage/records.js';
import { FHIR_BASE } from './base.js';

const SETTING_SYSTEM = `${FHIR_BASE}/CodeSystem/setting`;
const VARIANCE_SYSTEM = `${FHIR_BASE}/CodeSystem/variance-reason`;
export const EXTENSIONS = {
  recommendedSetting: `${FHIR_BASE}/StructureDefinition/recommended-setting`,
  withRecoveryResidence: `${FHIR_BASE}/StructureDefinition/with-recovery-residence`,
  varianceReason: `${FHIR_BASE}/StructureDefinition/variance-reason`,
  varianceNarrative: `${FHIR_BASE}/StructureDefinition/variance-narrative`,
  ruleset: `${FHIR_BASE}/StructureDefinition/ruleset`,
} as const;

function setting(code: PlanDocument['selectedSetting']): CodeableConcept {
  return { coding: [{ system: SETTING_SYSTEM, code, display: SETTING_LABELS[code] }], text: SETTING_LABELS[code] };
}

function activity(status: 'not-started', code: CodeableConcept, description: string): CarePlanActivity {
  return { detail: { status, code, ...(description.trim() === '' ? {} : { description }) } };
}

/** A goal recorded as met is achieved; any other goal of a finalised plan is still in progress. */
function achievement(met: boolean): NonNullable<Goal['achievementStatus']> {
  return {
    coding: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
        code: met ? 'achieved' : 'in-progress',
        display: met ? 'Achieved' : 'In Progress',
      },
    ],
  };
}

const joined = (parts: readonly string[]): string => parts.filter((part) => part.trim() !== '').join(' - ');

/**
 * `goalsMet`, by goal id, is what the clinic recorded of each goal of the latest finalised version
 * (achieved or still in progress); left out, goals carry no achievement status.
 */
export function carePlanOf(
  plan: PlanVersion,
  document: PlanDocument,
  people: { client: string; author: string },
  goalsMet?: ReadonlyMap<string, boolean>,
): CarePlan {
  const final = plan.status === 'final';
  const subject = { reference: `Patient/${plan.clientId}`, display: people.client };
  const goals: Goal[] = document.goals.map((goal) => ({
    resourceType: 'Goal',
    id: `goal-${goal.id}`,
    lifecycleStatus: final ? 'active' : 'proposed',
    ...(goalsMet ? { achievementStatus: achievement(goalsMet.get(goal.id) === true) } : {}),
    description: { text: goal.text || '(no text yet)' },
    subject,
    ...(goal.measure.trim() === '' && goal.targetDate === null
      ? {}
      : {
          target: [
            {
              ...(goal.measure.trim() === '' ? {} : { measure: { text: goal.measure } }),
              ...(goal.targetDate === null ? {} : { dueDate: goal.targetDate }),
            },
          ],
        }),
  }));

  const extension: Extension[] = [
    { url: EXTENSIONS.recommendedSetting, valueCodeableConcept: setting(document.recommendedSetting) },
    { url: EXTENSIONS.withRecoveryResidence, valueBoolean: document.recommendedWithRecoveryResidence },
    {
      url: EXTENSIONS.ruleset,
      valueString: `${document.ruleset.id} ${document.ruleset.version} ${document.ruleset.hash}`,
    },
  ];
  if (document.variance) {
    extension.push({
      url: EXTENSIONS.varianceReason,
      valueCodeableConcept: {
        coding: [
          {
            system: VARIANCE_SYSTEM,
            code: document.variance.reason,
            display: VARIANCE_REASON_LABELS[document.variance.reason],
          },
        ],
        ...(document.variance.otherText ? { text: document.variance.otherText } : {}),
      },
    });
    if (document.variance.narrative.trim() !== '') {
      extension.push({ url: EXTENSIONS.varianceNarrative, valueString: document.variance.narrative });
    }
  }

  const levelOfCare = activity(
    'not-started',
    setting(document.selectedSetting),
    document.selectedWithRecoveryResidence
      ? 'Selected level of care, with a recovery residence (sober living).'
      : 'Selected level of care.',
  );
  // The rules that placed the client, in the clinician's wording, as the reasons for the level.
  if (levelOfCare.detail) levelOfCare.detail.reasonCode = document.reasons.map((reason) => ({ text: reason.text }));
  const activities: CarePlanActivity[] = [
    levelOfCare,
    ...document.therapies.map((therapy) =>
      activity('not-started', { text: therapy.name || 'Therapy' }, joined([therapy.frequency, therapy.provider])),
    ),
    ...document.services.map((service) =>
      activity(
        'not-started',
        {
          text:
            service.kind === 'medication' && service.medicationFor
              ? `${SERVICE_KIND_LABELS.medication}: ${MEDICATION_PURPOSE_LABELS[service.medicationFor]}`
              : SERVICE_KIND_LABELS[service.kind],
        },
        joined([service.details, service.provider, service.appointment]),
      ),
    ),
    ...document.supportGroups.map((group) =>
      activity('not-started', { text: `Support group: ${group.name || 'unnamed'}` }, joined([group.when, group.where])),
    ),
    activity(
      'not-started',
      { text: 'Overdose prevention (safety block)' },
      [
        `Topics: ${document.safety.topics.map((topic) => SAFETY_TOPIC_LABELS[topic]).join('; ') || 'none'}.`,
        `Naloxone: ${NALOXONE_STATUS_LABELS[document.safety.naloxone]}.`,
        `Medication for opioid or alcohol use disorder: ${MEDICATION_PLAN_STATUS_LABELS[document.safety.medication]}.`,
        document.safety.note,
      ].join(' '),
    ),
  ];

  const medications: MedicationStatement[] = document.medications.map((medication, index) => ({
    resourceType: 'MedicationStatement',
    id: `medication-${index + 1}`,
    // A taper is still taken while the dose goes down; a stopped medicine is halted for good.
    status: medication.course === 'stop' ? 'stopped' : 'active',
    medicationCodeableConcept: { text: medication.name || 'unnamed medicine' },
    subject,
    ...(medication.lastDose === null ? {} : { effectiveDateTime: medication.lastDose.slice(0, 10) }),
    ...(medication.prescriber.trim() === '' ? {} : { informationSource: { display: medication.prescriber } }),
    reasonCode: [{ text: MEDICATION_PURPOSE_LABELS[medication.for] }],
    ...(medication.dose.trim() === '' ? {} : { dosage: [{ text: medication.dose }] }),
    note: [
      ...(medication.lastDose === null
        ? []
        : [{ text: `Last dose ${medication.lastDose.replace('T', ' ')} (local time).` }]),
      ...(medication.bridgeSupplyUntil === null
        ? []
        : [{ text: `Bridge supply given at discharge lasts until ${medication.bridgeSupplyUntil}.` }]),
      ...(medication.course === 'taper' || medication.course === 'stop'
        ? [
            {
              text: `${MEDICATION_COURSE_LABELS[medication.course]} after discharge. Clinical reason: ${medication.courseReason?.trim() || 'not stated'}.`,
            },
          ]
        : []),
    ],
  }));
  const appointments: Appointment[] = document.appointments.map((item, index) => ({
    resourceType: 'Appointment',
    id: `appointment-${index + 1}`,
    status: final ? 'booked' : 'proposed',
    serviceType: [{ text: APPOINTMENT_KIND_LABELS[item.kind] }],
    description: joined([item.with, item.address, item.phone]),
    // Local wall-clock time at the place; FHIR needs a zone, so the time is kept in the comment too.
    ...(item.startsAt === null ? {} : { comment: `Starts ${item.startsAt.replace('T', ' ')} local time.` }),
    participant: [
      { actor: subject, status: 'accepted' },
      { actor: { display: item.with || 'program' }, status: final ? 'accepted' : 'needs-action' },
    ],
  }));
  activities.push(
    ...appointments.map((appointment): CarePlanActivity => ({ reference: { reference: `#${appointment.id ?? ''}` } })),
  );
  const contained: FhirResource[] = [...goals, ...medications, ...appointments];

  const startDate = (plan.finalizedAt ?? plan.createdAt).slice(0, 10);
  return {
    resourceType: 'CarePlan',
    id: plan.planId,
    meta: { versionId: String(plan.version), lastUpdated: plan.finalizedAt ?? plan.createdAt },
    extension,
    ...(contained.length > 0 ? { contained } : {}),
    status: final ? 'active' : 'draft',
    intent: 'plan',
    category: [{ text: 'Discharge plan after residential addiction treatment' }],
    title: 'Discharge plan',
    description: [
      ...(document.sequence[0] ? [`First step: ${describeStep(document.sequence[0])}.`] : []),
      `Next level of care: ${SETTING_LABELS[document.selectedSetting]}.`,
      ...(document.dischargeDate ? [`Discharge on ${document.dischargeDate}.`] : []),
    ].join(' '),
    subject,
    period: {
      start: startDate,
      ...(document.reassessBy && document.reassessBy >= startDate ? { end: document.reassessBy } : {}),
    },
    created: plan.createdAt,
    author: {
      reference: `Practitioner/${plan.finalizedBy ?? plan.createdBy}`,
      display: people.author,
    },
    supportingInfo: [
      { reference: `QuestionnaireResponse/${document.assessment.id}` },
      ...medications.map((medication) => ({ reference: `#${medication.id ?? ''}` })),
    ],
    ...(goals.length > 0 ? { goal: goals.map((goal) => ({ reference: `#${goal.id ?? ''}` })) } : {}),
    activity: activities,
  };
}

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/**
 * The CarePlan as disclosed to the program a Part 2 consent names: labelled restricted, 42 CFR
 * Part 2 and "no redisclosure without consent" (HL7 security labels, so a receiving system can
 * enforce them), with the redisclosure notice as its first note and the consent among its
 * supporting information.
 */
export function receivingCarePlan(carePlan: CarePlan, consent: Consent): CarePlan {
  const notice = PART2_NOTICE.en;
  return {
    ...carePlan,
    meta: {
      ...carePlan.meta,
      security: [
        { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' },
        { system: ACT_CODE, code: '42CFRPart2', display: '42 CFR Part2' },
        { system: ACT_CODE, code: 'NORDSCLCD', display: 'no redisclosure without consent directive' },
      ],
    },
    note: [
      { text: `${notice.title}: ${notice.text}` },
      {
        text: `Disclosed to ${consent.recipientName} under the client's consent of ${consent.signedAt} (purpose: ${consent.purpose}; in force until ${consent.expiresAt.slice(0, 10)}).`,
      },
    ],
    supportingInfo: [
      ...(carePlan.supportingInfo ?? []),
      { reference: `Consent/${consent.id}`, display: `42 CFR Part 2 consent naming ${consent.recipientName}` },
    ],
  };
}
