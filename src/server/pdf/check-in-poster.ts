/**
 * The waiting-room poster: the clinic's name, "check in from your phone" in English and Spanish,
 * and a QR code that opens the public check-in start page (`/check-in`, the same for everyone: no
 * code, no name, nothing about anyone), with the address printed under it for those who type it,
 * and the crisis numbers. One A4-or-Letter-safe page.
 */
import type { PdfContent, PdfDocumentDefinition } from 'pdfmake';
import { CHECK_IN_START_WORDS } from '../../core/measures/check-in-start.js';
import type { Organization } from '../../storage/records.js';
import { printable } from './fonts.js';
import { qrMatrix, qrSvg } from '../../core/qr-code.js';

/** How wide the code prints: about 7 cm, read from a few steps away. */
const QR_POINTS = 200;

function language(lang: 'en' | 'es'): PdfContent[] {
  const words = CHECK_IN_START_WORDS[lang];
  return [
    { ...printable(words.title), fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
    { ...printable(words.scan), fontSize: 13, margin: [0, 0, 0, 4] },
    { ...printable(words.link), fontSize: 11, margin: [0, 0, 0, 2] },
    { ...printable(words.noLink), fontSize: 11, margin: [0, 0, 0, 6] },
    { ...printable(`${words.help} ${words.emergency} ${words.helpline}`), fontSize: 11, bold: true },
  ];
}

/** The poster for a clinic, its QR code leading to `startUrl`. */
export function checkInPosterPdf(organization: Organization, startUrl: string): PdfDocumentDefinition {
  return {
    info: { title: `${organization.name}: check in from your phone`, creator: 'Stepdown' },
    language: 'en',
    pageSize: 'LETTER',
    pageMargins: [48, 48, 48, 48],
    content: [
      { ...printable(organization.name), fontSize: 24, bold: true, alignment: 'center', margin: [0, 0, 0, 16] },
      { svg: qrSvg(qrMatrix(startUrl), QR_POINTS), width: QR_POINTS, alignment: 'center', margin: [0, 0, 0, 6] },
      { ...printable(startUrl), fontSize: 12, alignment: 'center', margin: [0, 0, 0, 20] },
      { columns: [{ stack: language('en') }, { stack: language('es') }], columnGap: 24 },
    ],
  };
}
