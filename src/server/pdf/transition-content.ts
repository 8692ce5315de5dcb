/**
 * The plan@2 parts of the clinician's PDFs (the clinical record and the receiving program's
 * transition summary): the care sequence, first step first; the withdrawal management chosen;
 * the urgent evaluation; medications with the supply given at discharge; the discharge date and
 * appointments (or why there is none); the safety plan.
 */
import type { PlanDocument } from '../../core/plans/plan-schema.js';
import { describeStep } from '../../core/plans/sequence.js';
import {
  APPOINTMENT_KIND_LABELS,
  MEDICATION_COURSE_LABELS,
  MEDICATION_PURPOSE_LABELS,
  NO_APPOINTMENT_REASON_LABELS,
  VARIANCE_REASON_LABELS,
} from '../../core/plans/vocabulary.js';
import type { PdfContent } from 'pdfmake';
import { printable } from './fonts.js';

function text(value: string, style?: string): PdfContent {
  return style ? { ...printable(value), style } : printable(value);
}

function table(header: string[], rows: string[][], widths: Array<number | string>): PdfContent {
  return {
    table: {
      headerRows: 1,
      widths,
      body: [
        header.map((cell) => ({ text: printable(cell), bold: true })),
        ...rows.map((cells) => cells.map((cell) => printable(cell))),
      ],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 6],
  };
}

const local = (value: string | null): string => (value === null ? 'not set' : value.replace('T', ' '));

/** The care sequence, numbered, the first step first. */
export function sequenceContent(doc: PlanDocument): PdfContent[] {
  return [
    text('Care sequence (first step first)', 'heading'),
    { ol: doc.sequence.map((step) => printable(describeStep(step))) },
  ];
}

/** Withdrawal management chosen and the urgent evaluation, beside the level of care. */
export function firstStepContent(doc: PlanDocument): PdfContent[] {
  const content: PdfContent[] = [
    text('Withdrawal management', 'subheading'),
    text(
      `Recommended: ${doc.withdrawalManagement}; chosen: ${doc.selectedWithdrawalManagement}${
        doc.withdrawalVariance
          ? `; reason: ${VARIANCE_REASON_LABELS[doc.withdrawalVariance.reason]}${
              doc.withdrawalVariance.otherText ? ` (${doc.withdrawalVariance.otherText})` : ''
            }. ${doc.withdrawalVariance.narrative}`
          : ''
      }`,
    ),
  ];
  if (doc.urgent || doc.urgentEvaluation !== null) {
    const evaluation = doc.urgentEvaluation;
    content.push(
      text('Urgent evaluation', 'subheading'),
      text(
        evaluation === null
          ? 'NOT RECORDED: the recommendation was urgent.'
          : `${local(evaluation.when)}, by ${evaluation.by || 'not recorded'}. ${
              evaluation.outcome.kind === 'new-assessment' ? 'Outcome: a new assessment. ' : 'Outcome: '
            }${evaluation.outcome.text}`,
      ),
    );
  }
  return content;
}

/** Medications, discharge date and appointments. */
export function continuityContent(doc: PlanDocument): PdfContent[] {
  const content: PdfContent[] = [text('Medications', 'heading')];
  if (doc.needs.medicationsForAddiction.length > 0) {
    content.push(text(`Listed in the assessment: ${doc.needs.medicationsForAddiction.join(', ')}`, 'small'));
  }
  content.push(
    doc.medications.length === 0
      ? text('None recorded.')
      : table(
          ['Medicine', 'Dose', 'For', 'Prescriber or dosing clinic', 'Last dose', 'Bridge supply until'],
          doc.medications.map((m) => [
            m.name,
            m.dose,
            MEDICATION_PURPOSE_LABELS[m.for],
            m.prescriber,
            local(m.lastDose),
            m.bridgeSupplyUntil ?? 'none',
          ]),
          ['*', 60, 70, '*', 60, 60],
        ),
    ...doc.medications.flatMap((m) =>
      m.course === 'taper' || m.course === 'stop'
        ? [
            text(
              `${m.name}: ${MEDICATION_COURSE_LABELS[m.course]}. Clinical reason: ${m.courseReason?.trim() || 'NOT STATED'}`,
            ),
          ]
        : [],
    ),
    text('Discharge and appointments', 'heading'),
    text(`Discharge date: ${doc.dischargeDate ?? 'NOT SET'}`),
    doc.appointments.length === 0
      ? text('No appointments recorded.')
      : table(
          ['When (local)', 'What', 'With', 'Address', 'Phone'],
          doc.appointments.map((a) => [
            local(a.startsAt),
            `${APPOINTMENT_KIND_LABELS[a.kind]}${a.referralId ? ' (from a referral)' : ''}`,
            a.with,
            a.address,
            a.phone,
          ]),
          [70, 70, '*', '*', 70],
        ),
  );
  if (doc.noAppointmentReason !== null) {
    content.push(
      text(
        `No appointment within 7 days: ${NO_APPOINTMENT_REASON_LABELS[doc.noAppointmentReason.reason]}${
          doc.noAppointmentReason.text ? `. ${doc.noAppointmentReason.text}` : ''
        }`,
      ),
    );
  }
  return content;
}

/** The safety plan, when there is one. */
export function safetyPlanContent(doc: PlanDocument): PdfContent[] {
  const plan = doc.safetyPlan;
  if (plan === null) return doc.needs.safetyPlan ? [text('Safety plan', 'heading'), text('NOT WRITTEN.')] : [];
  const list = (items: string[]): PdfContent =>
    items.length === 0 ? text('None recorded.') : { ul: items.map((item) => printable(item)) };
  const people = (items: Array<{ name: string; phone: string }>) =>
    items.map((person) => [person.name, person.phone].filter(Boolean).join(' - '));
  return [
    text('Safety plan', 'heading'),
    text('Warning signs', 'subheading'),
    list(plan.warningSigns),
    text('Things the client can do on their own', 'subheading'),
    list(plan.onMyOwn),
    text('People and places that help', 'subheading'),
    list(plan.peopleAndPlaces),
    text('People the client can ask for help', 'subheading'),
    list(people(plan.peopleToAsk)),
    text('Professionals and crisis lines', 'subheading'),
    list(people(plan.professionals)),
    text('Making their surroundings safer', 'subheading'),
    list(plan.saferSurroundings),
  ];
}
