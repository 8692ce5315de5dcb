/**
 * PDF rendering with pdfmake on the server, in the Roboto fonts pdfmake ships (embedded in every
 * file, so the PDF looks the same everywhere and no font is fetched). pdfmake may fetch images or
 * read files named in a document; no document here names any, and the policies below refuse every
 * URL and every file but the four font files, whatever a document might say.
 */
import { createRequire } from 'node:module';
import pdfmake, { type PdfDocumentDefinition, type PdfFontFiles } from 'pdfmake';
import { renderInPool } from './pool.js';

const require = createRequire(import.meta.url);

const ROBOTO: PdfFontFiles = {
  normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
  bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
  italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
  bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
};
const FONT_FILES: ReadonlySet<string> = new Set(Object.values(ROBOTO));

/**
 * Characters Roboto has no glyph for would print as nothing (a missing check mark reads as "no");
 * they are replaced by plain equivalents before rendering.
 */
const REPLACEMENTS: ReadonlyArray<[RegExp, string]> = [
  [/[\u2713\u2714\u2705]/g, '[x]'],
  [/[\u2717\u2718]/g, '[ ]'],
  // Dingbats and emoji: Roboto has none of them.
  [/[\u2600-\u27BF]/g, ''],
  [/[\u{1F000}-\u{1FAFF}]/gu, ''],
];

/** Text made safe for the embedded font. */
export function printable(text: string): string {
  return REPLACEMENTS.reduce((current, [pattern, replacement]) => current.replace(pattern, replacement), text);
}

/** Renders a document definition to PDF bytes on this thread: what each worker of the PDF pool runs. */
export async function renderPdfOnThisThread(definition: PdfDocumentDefinition): Promise<Buffer> {
  // pdfmake is one shared instance; setting its fonts and policies before each use keeps them ours.
  pdfmake.setFonts({ Roboto: ROBOTO });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path));
  return pdfmake.createPdf({ ...definition, defaultStyle: { font: 'Roboto', ...definition.defaultStyle } }).getBuffer();
}

/**
 * Renders a document definition to PDF bytes, off the event loop: on a thread of the PDF pool
 * (pool.ts), with a time limit and a bounded queue (503 with Retry-After when it is full).
 */
export function renderPdf(definition: PdfDocumentDefinition): Promise<Buffer> {
  return renderInPool(definition);
}
