/**
 * The transition summary for the program that receives the client (issue 10 item 6): the care
 * sequence first, the level of care chosen and why (each rule's clinician wording), medications
 * with the bridge supply, appointments, the urgent evaluation and the safety plan, under the Part 2
 * consent that names the program, with the redisclosure notice (42 CFR 2.32) at the top and on
 * every page. Clinician notes, contacts' details and the client's acknowledgements stay out.
 */
import type { PdfContent, PdfDocumentDefinition } from 'pdfmake';
import { PART2_NOTICE } from '../../core/plans/consent.js';
import { SETTING_LABELS } from '../../core/plans/vocabulary.js';
import type { Consent } from '../../storage/records.js';
import { printable } from './fonts.js';
import { footer, type PlanPdfInput, STYLES } from './plan-pdf.js';
import { continuityContent, firstStepContent, safetyPlanContent, sequenceContent } from './transition-content.js';

function text(value: string, style?: string): PdfContent {
  return style ? { ...printable(value), style } : printable(value);
}

/** The transition summary of the latest finalised version, for the consent's recipient. */
export function receivingPlanPdf(input: PlanPdfInput, consent: Consent): PdfDocumentDefinition {
  const { plan, document: doc, client, organization } = input;
  const notice = PART2_NOTICE.en;
  const content: PdfContent[] = [
    text('Transition summary for the receiving program', 'title'),
    text(`For: ${consent.recipientName}`),
    text(`Client: ${client.displayName}${client.externalRef ? ` (${client.externalRef})` : ''}`),
    text(
      `From: ${organization.name}. Plan ${plan.planId}, final version ${plan.version}, signed ${plan.finalizedAt ?? ''}.`,
    ),
    text(notice.title, 'heading'),
    text(notice.text),
    text(
      `Disclosed under the client's consent of ${consent.signedAt} (purpose: ${consent.purpose}; in force until ${consent.expiresAt.slice(0, 10)}).`,
      'small',
    ),
    ...sequenceContent(doc),
    text('Level of care chosen', 'heading'),
    text(
      `${SETTING_LABELS[doc.selectedSetting]}${doc.selectedWithRecoveryResidence ? ' with a recovery residence' : ''} (recommended: ${SETTING_LABELS[doc.recommendedSetting]}).`,
    ),
    ...firstStepContent(doc),
    text('Reasons', 'heading'),
    { ul: doc.reasons.map((reason) => printable(reason.text)) },
    ...continuityContent(doc),
    ...safetyPlanContent(doc),
  ];
  return {
    info: { title: `Transition summary ${plan.planId} v${plan.version}`, author: organization.name },
    language: 'en-US',
    pageSize: 'LETTER',
    pageMargins: [40, 40, 40, 60],
    defaultStyle: { fontSize: 10, lineHeight: 1.15 },
    styles: STYLES,
    content,
    footer: footer(organization, 'en', 'Protected by 42 CFR part 2: no further disclosure without consent. Page '),
  };
}
