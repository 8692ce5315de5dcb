/**
 * PDF rendering with pdfmake on the server, in Roboto and the Noto fonts of `fonts.ts` (embedded in
 * every file, so the PDF looks the same everywhere and no font is fetched). pdfmake may fetch images
 * or read files named in a document; no document here names any, and the policies below refuse every
 * URL and every file but the font files, whatever a document might say.
 */
import pdfmake, { type PdfDocumentDefinition } from 'pdfmake';
import { installBidiLines } from './bidi-lines.js';
import { BASE_FONT, FONT_FILES, PDF_FONTS } from './fonts.js';
import { renderInPool } from './pool.js';

/** Renders a document definition to PDF bytes on this thread: what each worker of the PDF pool runs. */
export async function renderPdfOnThisThread(definition: PdfDocumentDefinition): Promise<Buffer> {
  // pdfmake is one shared instance; setting its fonts and policies before each use keeps them ours.
  installBidiLines();
  pdfmake.setFonts({ ...PDF_FONTS });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path));
  return pdfmake
    .createPdf({ ...definition, defaultStyle: { font: BASE_FONT, ...definition.defaultStyle } })
    .getBuffer();
}

/**
 * Renders a document definition to PDF bytes, off the event loop: on a thread of the PDF pool
 * (pool.ts), with a time limit and a bounded queue (503 with Retry-After when it is full).
 */
export function renderPdf(definition: PdfDocumentDefinition): Promise<Buffer> {
  return renderInPool(definition);
}
