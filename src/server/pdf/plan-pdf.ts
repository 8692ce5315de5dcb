/**
 * The two PDFs of a discharge plan. The client's is the plan in plain words, in English or Spanish,
 * from the same client view as the share page. The clinician's is the clinical record: recommended
 * against selected setting with the variance reason, the basis with rule ids and sources, the rule
 * set's id, version and hash, every section, the safety block, and the attestation. Both carry the
 * clinic's name, phone and address on every page.
 */
import type { PdfContent, PdfDocumentDefinition } from 'pdfmake';
import { type ClientBlock, clientPlanView } from '../../core/plans/client-view.js';
import type { WhatWouldChange } from '../../core/recommendation.js';
import type { PlanDocument } from '../../core/plans/plan-schema.js';
import { SAFETY_SOURCES } from '../../core/plans/safety.js';
import {
  MEDICATION_PLAN_STATUS_LABELS,
  MEDICATION_PURPOSE_LABELS,
  NALOXONE_STATUS_LABELS,
  type PlanLanguage,
  SAFETY_TOPIC_LABELS,
  SAFETY_TOPICS,
  SERVICE_KIND_LABELS,
  SETTING_LABELS,
  VARIANCE_REASON_LABELS,
} from '../../core/plans/vocabulary.js';
import { formatPlanDate, PLAN_WORDS } from '../../core/plans/words.js';
import { formatDateTime } from '../../core/time-zone.js';
import type { Client, Organization, PlanAcknowledgement, PlanVersion } from '../../storage/records.js';
import { printable } from './fonts.js';
import { continuityContent, firstStepContent, safetyPlanContent, sequenceContent } from './transition-content.js';

export interface PlanPdfInput {
  plan: PlanVersion;
  document: PlanDocument;
  client: Client;
  organization: Organization;
  acknowledgements: PlanAcknowledgement[];
  /** Display names of the users who made and finalised the version. */
  people: { createdBy: string; finalizedBy: string | null };
  /** What would change the recommendation the plan was made from; the client PDF shows what fits their step. */
  whatWouldChange?: readonly WhatWouldChange[];
}

export const STYLES = {
  title: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] as [number, number, number, number] },
  heading: { fontSize: 13, bold: true, margin: [0, 12, 0, 4] as [number, number, number, number] },
  subheading: { fontSize: 11, bold: true, margin: [0, 6, 0, 2] as [number, number, number, number] },
  small: { fontSize: 8, color: '#444444' },
  crisis: { fontSize: 11, bold: true, margin: [0, 4, 0, 8] as [number, number, number, number] },
};

/** The clinic's contact line: on every page of every document a client or recipient reads. */
export function clinicLine(organization: Organization, language: PlanLanguage): string {
  const words = PLAN_WORDS[language].phrases;
  return [
    organization.name,
    organization.phone ? `${words.phone}: ${organization.phone}` : '',
    organization.address ? `${words.address}: ${organization.address}` : '',
    organization.email ? `${words.email}: ${organization.email}` : '',
  ]
    .filter((part) => part !== '')
    .join('  |  ');
}

function text(value: string, style?: string): PdfContent {
  return style ? { ...printable(value), style } : printable(value);
}

function blockContent(block: ClientBlock): PdfContent {
  switch (block.kind) {
    case 'paragraph':
      return { ...printable(block.text), margin: [0, 0, 0, 4] };
    case 'subheading':
      return text(block.text, 'subheading');
    case 'list':
      return { ul: block.items.map((item) => printable(item)), margin: [0, 0, 0, 4] };
    case 'steps':
      return {
        stack: [printable(block.intro), { ol: block.items.map((item) => printable(item)) }],
        margin: [0, 2, 0, 4],
      };
    case 'card':
      return {
        stack: [
          text(block.title, 'subheading'),
          ...block.rows.map((row) => ({
            text: printable(row.label === '' ? row.text : `${row.label}: ${row.text}`),
            ...(row.tel === undefined ? {} : { link: row.tel }),
          })),
        ],
        margin: [0, 2, 0, 6],
      };
  }
}

export function footer(organization: Organization, language: PlanLanguage, extra: string) {
  return (page: number, pages: number): PdfContent => ({
    stack: [text(clinicLine(organization, language), 'small'), text(`${extra}${page} / ${pages}`, 'small')],
    margin: [40, 4, 40, 0],
  });
}

/** The client's plan, in plain words, in their language. */
export function clientPlanPdf(input: PlanPdfInput, language: PlanLanguage): PdfDocumentDefinition {
  const words = PLAN_WORDS[language];
  const view = clientPlanView(input.document, language, 'full-plan', input.whatWouldChange);
  const finalisedOn = input.plan.finalizedAt
    ? formatPlanDate(input.plan.finalizedAt, language, input.organization.timeZone)
    : null;
  const content: PdfContent[] = [
    text(view.title, 'title'),
    text(words.phrases.planFor(input.client.displayName)),
    ...(finalisedOn ? [text(words.phrases.finalisedOn(finalisedOn))] : []),
    text(words.phrases.crisisBar, 'crisis'),
  ];
  for (const section of view.sections) {
    content.push(text(section.heading, 'heading'), ...section.blocks.map(blockContent));
  }
  content.push(text(words.headings.clinic, 'heading'), text(input.organization.name));
  if (input.organization.phone) content.push(text(`${words.phrases.phone}: ${input.organization.phone}`));
  if (input.organization.address) content.push(text(`${words.phrases.address}: ${input.organization.address}`));
  if (input.organization.email) content.push(text(`${words.phrases.email}: ${input.organization.email}`));
  return {
    info: {
      title: view.title,
      author: input.organization.name,
      creationDate: new Date(input.plan.finalizedAt ?? input.plan.createdAt),
    },
    language: language === 'es' ? 'es-US' : 'en-US',
    pageSize: 'LETTER',
    pageMargins: [40, 40, 40, 60],
    defaultStyle: { fontSize: 11, lineHeight: 1.2 },
    styles: STYLES,
    content,
    footer: footer(input.organization, language, ''),
  };
}

function settingText(setting: PlanDocument['selectedSetting'], withRecoveryResidence: boolean): string {
  return `${SETTING_LABELS[setting]}${withRecoveryResidence ? ' with a recovery residence (sober living)' : ''}`;
}

function row(label: string, value: string): PdfContent[] {
  return [text(label, 'subheading'), text(value)];
}

function table(header: string[], rows: string[][], widths: Array<number | string>): PdfContent {
  return {
    table: {
      headerRows: 1,
      widths,
      body: [
        header.map((cell) => ({ ...printable(cell), bold: true })),
        ...rows.map((cells) => cells.map((cell) => printable(cell))),
      ],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 6],
  };
}

function listOrNone(items: string[]): PdfContent {
  return items.length === 0 ? text('None recorded.') : { ul: items.map((item) => printable(item)) };
}

/** The clinical record of one plan version. */
export function clinicianPlanPdf(input: PlanPdfInput): PdfDocumentDefinition {
  const { plan, document: doc, client, organization } = input;
  const when = (instant: string): string => formatDateTime(instant, organization.timeZone);
  const differs =
    doc.selectedSetting !== doc.recommendedSetting ||
    doc.selectedWithRecoveryResidence !== doc.recommendedWithRecoveryResidence;
  const hours = doc.recommendedHoursPerWeek
    ? `${doc.recommendedHoursPerWeek.min}${doc.recommendedHoursPerWeek.max === undefined ? '+' : `-${doc.recommendedHoursPerWeek.max}`} hours a week`
    : 'not an hourly setting';
  const variance = doc.variance
    ? [
        `Reason: ${VARIANCE_REASON_LABELS[doc.variance.reason]}${doc.variance.reason === 'other' && doc.variance.otherText ? ` (${doc.variance.otherText})` : ''}`,
        `Narrative: ${doc.variance.narrative}`,
      ].join('\n')
    : differs
      ? 'MISSING: the selected setting differs and no reason is recorded.'
      : 'None: the selected setting is the recommended one.';
  const status =
    plan.status === 'final'
      ? `Final, version ${plan.version}`
      : `DRAFT, version ${plan.version}: not finalised${plan.amends ? ` (amends final version ${plan.amends})` : ''}`;

  const content: PdfContent[] = [
    text('Discharge plan: clinical record', 'title'),
    text(`Client: ${client.displayName}${client.externalRef ? ` (${client.externalRef})` : ''}`),
    text(`Plan ${plan.planId}, ${status}`),
    text(`Made by ${input.people.createdBy} on ${when(plan.createdAt)}`),

    ...sequenceContent(doc),
    text('Level of care', 'heading'),
    ...row(
      'Recommended',
      `${settingText(doc.recommendedSetting, doc.recommendedWithRecoveryResidence)}; ${hours}; withdrawal management: ${doc.withdrawalManagement}${doc.urgent ? '; URGENT' : ''}`,
    ),
    ...row('Selected', settingText(doc.selectedSetting, doc.selectedWithRecoveryResidence)),
    ...row('Variance', variance),
    ...row('Reassess by', doc.reassessBy ?? 'NOT SET'),
    ...firstStepContent(doc),
    ...continuityContent(doc),

    text('Basis of the recommendation', 'heading'),
    ...doc.reasons.map(
      (reason): PdfContent => ({
        stack: [
          text(`${reason.rule}${reason.dimension ? ` (${reason.dimension})` : ''}: ${reason.effect}`, 'subheading'),
          text(reason.text),
          text(`Client wording: ${reason.clientText}`),
          text(`Sources: ${reason.sources.join('; ')}`, 'small'),
        ],
        margin: [0, 0, 0, 4],
      }),
    ),
    text(`Rule set ${doc.ruleset.id} version ${doc.ruleset.version}, ${doc.ruleset.hash}`, 'small'),
    text(`From assessment ${doc.assessment.id}, version ${doc.assessment.version}`, 'small'),

    text('Goals', 'heading'),
    doc.goals.length === 0
      ? text('None recorded.')
      : table(
          ['Goal', 'Measure', 'Target date'],
          doc.goals.map((goal) => [goal.text, goal.measure, goal.targetDate ?? 'not set']),
          ['*', '*', 70],
        ),

    text('Therapies', 'heading'),
    listOrNone(doc.therapies.map((t) => [t.name, t.frequency, t.provider].filter(Boolean).join(' - '))),
    text('Services', 'heading'),
    listOrNone(
      doc.services.map((service) =>
        [
          service.kind === 'medication' && service.medicationFor
            ? `${SERVICE_KIND_LABELS.medication}: ${MEDICATION_PURPOSE_LABELS[service.medicationFor]}`
            : SERVICE_KIND_LABELS[service.kind],
          service.details,
          service.provider,
          service.appointment,
        ]
          .filter(Boolean)
          .join(' - '),
      ),
    ),
    text('Support groups', 'heading'),
    listOrNone(doc.supportGroups.map((g) => [g.name, g.when, g.where].filter(Boolean).join(' - '))),
    text('Sober contacts', 'heading'),
    listOrNone(doc.soberContacts.map((c) => [c.name, c.relationship, c.phone].filter(Boolean).join(' - '))),

    text('Relapse-prevention plan', 'heading'),
    text('Triggers', 'subheading'),
    listOrNone(doc.relapsePrevention.triggers),
    text('Warning signs', 'subheading'),
    listOrNone(doc.relapsePrevention.warningSigns),
    text('Coping steps', 'subheading'),
    listOrNone(doc.relapsePrevention.copingSteps),
    text('People to call', 'subheading'),
    listOrNone(doc.relapsePrevention.peopleToCall.map((p) => [p.name, p.phone].filter(Boolean).join(' - '))),

    ...safetyPlanContent(doc),

    text('Safety block (overdose prevention)', 'heading'),
    {
      ul: SAFETY_TOPICS.map((topic) =>
        printable(`${SAFETY_TOPIC_LABELS[topic]}: ${doc.safety.topics.includes(topic) ? 'included' : 'MISSING'}`),
      ),
    },
    ...row('Naloxone', NALOXONE_STATUS_LABELS[doc.safety.naloxone]),
    ...row('Medication for opioid or alcohol use disorder', MEDICATION_PLAN_STATUS_LABELS[doc.safety.medication]),
    ...(doc.safety.note.trim() === '' ? [] : row('Note for the client', doc.safety.note)),
    text(`Sources: ${SAFETY_SOURCES.R82} ${SAFETY_SOURCES.R83}`, 'small'),

    text('Clinician notes', 'heading'),
    text(doc.notes.trim() === '' ? 'None.' : doc.notes),

    text('Attestation', 'heading'),
    plan.status === 'final'
      ? text(
          `${plan.attestation ?? ''}\nFinalised by ${input.people.finalizedBy ?? 'unknown'} on ${plan.finalizedAt ? when(plan.finalizedAt) : ''}.`,
        )
      : text('Not finalised: this version has no attestation.'),

    text('Client acknowledgements', 'heading'),
    listOrNone(
      input.acknowledgements.map(
        (ack) =>
          `Version ${ack.planVersion}, ${when(ack.acknowledgedAt)}, ${ack.via === 'share' ? 'on the client’s share page' : 'recorded by a clinician'} (${ack.language})`,
      ),
    ),
  ];
  return {
    info: {
      title: `Discharge plan ${plan.planId} v${plan.version}`,
      author: organization.name,
      creationDate: new Date(plan.finalizedAt ?? plan.createdAt),
    },
    language: 'en-US',
    pageSize: 'LETTER',
    pageMargins: [40, 40, 40, 60],
    defaultStyle: { fontSize: 10, lineHeight: 1.15 },
    styles: STYLES,
    content,
    footer: footer(organization, 'en', 'Confidential: protected by 42 CFR part 2. Page '),
  };
}
