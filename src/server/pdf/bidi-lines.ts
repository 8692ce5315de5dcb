/**
 * Right-to-left text on pdfmake's lines. pdfmake lays text out left to right and has no
 * bidirectional algorithm, so `printable` (fonts.ts) hands it the words of a passage in reading
 * order, each marked with its direction and the passage's base direction; pdfmake breaks the lines
 * as it would any text, and each line, once broken, is put in visual order here. A passage longer
 * than a line therefore wraps as it reads: its first words on the first line, at the right of a
 * right-to-left paragraph. Reordering the whole passage before the break (what printing did before)
 * put its last words on the first line.
 *
 * The order within a line follows the Unicode bidirectional algorithm for the cases a plan holds
 * (words, numbers, punctuation and spaces of two directions): on a left-to-right line, each stretch
 * from a right-to-left word to the last one before the next left-to-right word is reversed; on a
 * right-to-left line, the whole line is reversed and each left-to-right stretch put back in reading
 * order. fontkit, under pdfkit, draws the letters of each right-to-left word right to left.
 */
import { createRequire } from 'node:module';

export type BidiDirection = 'rtl' | 'ltr' | 'neutral';

/** What pdfmake's lines hold of each piece of text, and the marks `printable` adds. */
interface Inline {
  text: string;
  width: number;
  x: number;
  leadingCut?: number;
  trailingCut?: number;
  /** The piece's own direction (set by `printable`; worked out from the text when absent). */
  bidi?: BidiDirection;
  /** The direction of the passage the piece belongs to. */
  bidiBase?: 'rtl' | 'ltr';
}

interface Line {
  inlines: Inline[];
  inlineWidths: number;
  leadingCut: number;
  trailingCut: number;
}

interface LayoutBuilderClass {
  prototype: { buildNextLine: (this: unknown, node: unknown) => Line | null };
}

const RIGHT_TO_LEFT_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
const LETTER = /\p{L}/u;
const BLANK = /^\s*$/u;

/** A piece's direction: right to left, left to right, or neutral (spaces, punctuation, digits). */
export function directionOf(text: string): BidiDirection {
  return RIGHT_TO_LEFT_LETTER.test(text) ? 'rtl' : LETTER.test(text) ? 'ltr' : 'neutral';
}

/**
 * Reverses, in place of each, every stretch that starts at a piece of direction `run` and ends at
 * the last such piece before a piece of the other strong direction (neutrals between them go with it).
 */
function reverseStretches<T>(pieces: readonly T[], direction: (piece: T) => BidiDirection, run: 'rtl' | 'ltr'): T[] {
  const other = run === 'rtl' ? 'ltr' : 'rtl';
  const ordered: T[] = [];
  for (let i = 0; i < pieces.length; ) {
    if (direction(pieces[i] as T) !== run) {
      ordered.push(pieces[i] as T);
      i++;
      continue;
    }
    let end = i;
    for (let j = i + 1; j < pieces.length && direction(pieces[j] as T) !== other; j++) {
      if (direction(pieces[j] as T) === run) end = j;
    }
    ordered.push(...pieces.slice(i, end + 1).reverse());
    i = end + 1;
  }
  return ordered;
}

/** Pieces of one line, in reading order, put in the order they are drawn from left to right. */
export function visualOrder<T>(pieces: readonly T[], direction: (piece: T) => BidiDirection, base: 'rtl' | 'ltr'): T[] {
  if (base === 'ltr') return reverseStretches(pieces, direction, 'rtl');
  return reverseStretches([...pieces].reverse(), direction, 'ltr');
}

function reorder(line: Line): void {
  // Only lines with pieces `printable` marked (text with a right-to-left run) are reordered; the
  // rest, nearly every line of a plan, pass through at the cost of one look at each piece.
  if (!line.inlines.some((inline) => inline.bidi === 'rtl')) return;
  const direction = (inline: Inline) => inline.bidi ?? directionOf(inline.text);
  const base = line.inlines.find((inline) => inline.bidiBase !== undefined)?.bidiBase ?? 'ltr';
  // The spaces at either end of a line are not drawn; reordered, they would come inside it.
  let start = 0;
  let end = line.inlines.length;
  while (start < end && BLANK.test(line.inlines[start]?.text ?? '')) start++;
  while (end > start && BLANK.test(line.inlines[end - 1]?.text ?? '')) end--;
  const ordered = visualOrder(line.inlines.slice(start, end), direction, base);
  let x = 0;
  for (const inline of ordered) {
    inline.x = x;
    x += inline.width;
  }
  line.inlines = ordered;
  line.inlineWidths = x;
  line.leadingCut = 0;
  line.trailingCut = 0;
}

let installed = false;

/** Makes pdfmake put each line it breaks in visual order (once per process or worker thread). */
export function installBidiLines(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const layoutBuilder = (require('pdfmake/js/LayoutBuilder.js') as { default: LayoutBuilderClass }).default;
  const buildNextLine = layoutBuilder.prototype.buildNextLine;
  layoutBuilder.prototype.buildNextLine = function (this: unknown, node: unknown): Line | null {
    const line = buildNextLine.call(this, node);
    if (line) reorder(line);
    return line;
  };
}
