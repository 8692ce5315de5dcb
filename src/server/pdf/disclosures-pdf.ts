/**
 * The client's accounting of disclosures as a PDF, in their language: who the clinic shared their
 * records with under their consent, when, what and why, the span it covers, their rights, crisis
 * numbers, and the clinic's contact line on every page.
 */
import type { PdfContent, PdfDocumentDefinition } from 'pdfmake';
import { DISCLOSURE_WORDS } from '../../core/plans/disclosure-words.js';
import type { PlanLanguage } from '../../core/plans/vocabulary.js';
import { formatPlanDate, PLAN_WORDS } from '../../core/plans/words.js';
import { formatDateTime } from '../../core/time-zone.js';
import type { DisclosureAccounting } from '../services/disclosures.js';
import { printable } from './fonts.js';
import { footer, STYLES } from './plan-pdf.js';

function text(value: string, style?: string): PdfContent {
  return style ? { ...printable(value), style } : printable(value);
}

export function disclosuresPdf(accounting: DisclosureAccounting, language: PlanLanguage): PdfDocumentDefinition {
  const words = DISCLOSURE_WORDS[language];
  const { client, organization } = accounting;
  const zone = organization.timeZone;
  const content: PdfContent[] = [
    text(words.title, 'title'),
    text(words.forClient(`${client.displayName}${client.externalRef ? ` (${client.externalRef})` : ''}`)),
    text(words.fromClinic(organization.name)),
    text(words.period(formatPlanDate(accounting.from, language, zone), formatPlanDate(accounting.to, language, zone))),
    text(PLAN_WORDS[language].phrases.crisisBar, 'crisis'),
    { ...printable(words.intro), margin: [0, 0, 0, 8] },
  ];
  if (accounting.items.length === 0) {
    content.push(text(words.none, 'subheading'));
  } else {
    const header = [words.columns.when, words.columns.toWhom, words.columns.what, words.columns.why].map((label) => ({
      ...printable(label),
      bold: true,
    }));
    content.push({
      table: {
        headerRows: 1,
        widths: [95, 110, '*', 120],
        body: [
          header,
          ...accounting.items.map((item) => {
            const recipient = item.consent.recipientRelationship
              ? `${item.consent.recipientName} (${item.consent.recipientRelationship})`
              : item.consent.recipientName;
            const how = `${words.how[item.way]}${item.disclosedBy ? ` ${words.givenBy(item.disclosedBy)}` : ''}`;
            return [
              printable(formatDateTime(item.at, zone, language)),
              printable(recipient),
              { stack: [printable(words.what[item.kind]), { ...printable(how), style: 'small' }] },
              printable(item.consent.purpose),
            ];
          }),
        ],
      },
      layout: 'lightHorizontalLines',
    });
  }
  content.push(text(words.rightsHeading, 'heading'), { ul: words.rights.map((right) => printable(right)) });
  return {
    info: { title: words.title, author: organization.name },
    language: language === 'es' ? 'es-US' : 'en-US',
    pageSize: 'LETTER',
    pageMargins: [40, 40, 40, 60],
    defaultStyle: { fontSize: 11, lineHeight: 1.2 },
    styles: STYLES,
    content,
    footer: footer(organization, language, words.page),
  };
}
