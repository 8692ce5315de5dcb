/**
 * A small PDF writer for text documents: titles, headings, paragraphs and bullets on US Letter
 * pages, in the standard Helvetica fonts (no font files, so it runs offline in the browser).
 * WinAnsi encoding covers English and Spanish (á é í ó ú ñ ü ¿ ¡). Used for the client's summary,
 * which never leaves the device.
 */

export type PdfBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'bullet'; text: string }
  | { kind: 'space' };

// Helvetica advance widths (per 1000 em) for code points 32..126, from the font's public metrics.
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
];
// Bold is wider; scaling the regular widths keeps wrapping on the safe side.
const BOLD_SCALE = 1.08;

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 56;

const STYLE = {
  title: { size: 18, bold: true, before: 0, after: 10, indent: 0 },
  heading: { size: 13, bold: true, before: 10, after: 4, indent: 0 },
  text: { size: 11, bold: false, before: 0, after: 4, indent: 0 },
  bullet: { size: 11, bold: false, before: 0, after: 2, indent: 14 },
} as const;

/** Maps a character to a WinAnsi byte; characters outside it become '?'. */
function winAnsi(char: string): number {
  const code = char.codePointAt(0) ?? 63;
  if (code >= 32 && code <= 126) return code;
  if (code >= 160 && code <= 255) return code;
  const special: Record<number, number> = {
    8217: 146,
    8216: 145,
    8220: 147,
    8221: 148,
    8211: 150,
    8212: 151,
    8226: 149,
    8230: 133,
  };
  return special[code] ?? 63;
}

function charWidth(byte: number): number {
  return byte >= 32 && byte <= 126 ? (HELVETICA[byte - 32] as number) : 556;
}

function textWidth(text: string, size: number, bold: boolean): number {
  let width = 0;
  for (const char of text) width += charWidth(winAnsi(char));
  return (width * size * (bold ? BOLD_SCALE : 1)) / 1000;
}

function wrap(text: string, width: number, size: number, bold: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, size, bold) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

function pdfString(text: string): string {
  let out = '(';
  for (const char of text) {
    const byte = winAnsi(char);
    if (byte === 40 || byte === 41 || byte === 92) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 32 || byte > 126) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out})`;
}

/** Lays out the blocks and returns the bytes of a PDF file. */
export function simplePdf(
  blocks: readonly PdfBlock[],
  info: { title: string; footer?: string } = { title: '' },
): Uint8Array {
  const pages: string[][] = [[]];
  let y = PAGE_HEIGHT - MARGIN;
  const newPage = (): void => {
    pages.push([]);
    y = PAGE_HEIGHT - MARGIN;
  };
  for (const block of blocks) {
    if (block.kind === 'space') {
      y -= 8;
      continue;
    }
    const style = STYLE[block.kind];
    const width = PAGE_WIDTH - 2 * MARGIN - style.indent;
    const lines = wrap(block.text, width, style.size, style.bold);
    const leading = style.size * 1.35;
    y -= style.before;
    // Keep a heading with at least two lines after it.
    if (block.kind === 'heading' && y - leading * 3 < MARGIN) newPage();
    lines.forEach((line, index) => {
      if (y - leading < MARGIN) newPage();
      y -= leading;
      const page = pages[pages.length - 1] as string[];
      const font = style.bold ? 'F2' : 'F1';
      if (block.kind === 'bullet' && index === 0) {
        page.push(`BT /F1 ${style.size} Tf ${MARGIN + 2} ${y.toFixed(2)} Td (\\225) Tj ET`);
      }
      page.push(`BT /${font} ${style.size} Tf ${MARGIN + style.indent} ${y.toFixed(2)} Td ${pdfString(line)} Tj ET`);
    });
    y -= style.after;
  }

  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add('');
  const pageTree = add('');
  const regular = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const pageIds: number[] = [];
  pages.forEach((content, index) => {
    const footer = `${info.footer ? `${info.footer}  ` : ''}${index + 1}/${pages.length}`;
    const stream = [...content, `BT /F1 8 Tf ${MARGIN} ${MARGIN / 2} Td ${pdfString(footer)} Tj ET`].join('\n');
    const contentId = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 ${regular} 0 R /F2 ${bold} 0 R >> >> /Contents ${contentId} 0 R >>`,
      ),
    );
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pageTree} 0 R >>`;
  objects[pageTree - 1] =
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  const infoId = add(`<< /Title ${pdfString(info.title)} /Producer (Stepdown) >>`);

  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${infoId} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every character of `out` is a single byte (0-255), so the offsets above are byte offsets.
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = out.charCodeAt(i);
  return bytes;
}
