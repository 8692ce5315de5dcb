/**
 * PDF rendering with pdfmake on the server, in Roboto and the Noto fonts of `fonts.ts` (embedded in
 * every file, so the PDF looks the same everywhere and no font is fetched). pdfmake may fetch images
 * or read files named in a document; no document here names any, and the policies below refuse every
 * URL and every file but the font files, whatever a document might say.
 */
import pdfmake, { type PdfDocumentDefinition } from 'pdfmake';
import { BASE_FONT, FONT_FILES, PDF_FONTS } from './fonts.js';

/** Renders a document definition to PDF bytes. */
export async function renderPdf(definition: PdfDocumentDefinition): Promise<Buffer> {
  // pdfmake is one shared instance; setting its fonts and policies before each use keeps them ours.
  pdfmake.setFonts({ ...PDF_FONTS });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path));
  return pdfmake
    .createPdf({ ...definition, defaultStyle: { font: BASE_FONT, ...definition.defaultStyle } })
    .getBuffer();
}
