/**
 * Fonts for plan PDFs, so a client's name prints in the script it is written in. Roboto (shipped
 * with pdfmake) covers Latin, Greek and Cyrillic; Noto Sans fonts from npm cover Arabic, Hebrew,
 * Devanagari (@fontsource, WOFF), Chinese and Japanese (Noto Sans Hans: Han, kana) and Korean
 * (Noto Sans KR) (@embedpdf, OpenType). All are under the SIL Open Font License 1.1
 * (docs/decisions/0008-pdf-fonts.md). Every family is registered, but pdfmake opens a font file
 * only when a document uses it, and embeds only the glyphs it uses, so a Latin-only PDF costs what
 * it did before.
 *
 * pdfmake has no font fallback and no bidirectional layout. `printable` does both for one string:
 * it splits the text into runs by the font that has each character's glyph, and puts the words of
 * a right-to-left run (Arabic, Hebrew) in visual order; fontkit, under pdfkit, shapes each word
 * and draws its letters right to left. A right-to-left passage longer than a line would wrap with
 * its lines in the wrong order; names, addresses and short notes fit on one. A character no font
 * has is refused (`unprintable_text`, naming its script) instead of printing as a blank or a box.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Font, openSync } from 'fontkit';
import type { PdfFontFiles, PdfInline } from 'pdfmake';
import { AppError } from '../../core/errors.js';

const require = createRequire(import.meta.url);

function fontsource(pkg: string, subset: string): PdfFontFiles {
  const file = (weight: number): string =>
    require.resolve(`@fontsource/${pkg}/files/${pkg}-${subset}-${weight}-normal.woff`);
  return { normal: file(400), bold: file(700), italics: file(400), bolditalics: file(700) };
}

function embedpdf(pkg: string, family: string): PdfFontFiles {
  // The package exports only its index; the fonts sit in `fonts/` beside `dist/`.
  const folder = join(dirname(require.resolve(`@embedpdf/${pkg}`)), '..', 'fonts');
  const regular = join(folder, `${family}-Regular.otf`);
  const bold = join(folder, `${family}-Bold.otf`);
  return { normal: regular, bold, italics: regular, bolditalics: bold };
}

interface Family {
  files: PdfFontFiles;
  /** Characters this family is the first choice for; Roboto is the choice for everything else. */
  script?: RegExp;
}

/** The default family: what a run without a `font` prints in. */
export const BASE_FONT = 'Roboto';

const FAMILIES: Readonly<Record<string, Family>> = {
  [BASE_FONT]: {
    files: {
      normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
      bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
      italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
      bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
    },
  },
  NotoSansArabic: {
    files: fontsource('noto-sans-arabic', 'arabic'),
    script: /\p{Script=Arabic}/u,
  },
  NotoSansHebrew: {
    files: fontsource('noto-sans-hebrew', 'hebrew'),
    script: /\p{Script=Hebrew}/u,
  },
  NotoSansDevanagari: { files: fontsource('noto-sans-devanagari', 'devanagari'), script: /\p{Script=Devanagari}/u },
  NotoSansKR: { files: embedpdf('fonts-kr', 'NotoSansKR'), script: /\p{Script=Hangul}/u },
  // Hans has the Han characters of Chinese and Japanese names and the Japanese kana.
  NotoSansSC: {
    files: embedpdf('fonts-sc', 'NotoSansHans'),
    script: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u,
  },
};

/** Every family, for pdfmake's `setFonts`. */
export const PDF_FONTS: Readonly<Record<string, PdfFontFiles>> = Object.fromEntries(
  Object.entries(FAMILIES).map(([name, family]) => [name, family.files]),
);

/** Every font file: the only files pdfmake may read. */
export const FONT_FILES: ReadonlySet<string> = new Set(
  Object.values(PDF_FONTS).flatMap((files) => [files.normal, files.bold, files.italics, files.bolditalics]),
);

// Opened on first use to ask which characters they have; the large CJK fonts only when a text needs them.
const opened = new Map<string, Font>();
function hasGlyph(family: string, codePoint: number): boolean {
  let font = opened.get(family);
  if (!font) {
    font = openSync((FAMILIES[family] as Family).files.normal);
    opened.set(family, font);
  }
  return font.hasGlyphForCodePoint(codePoint);
}

/**
 * Characters Roboto has no glyph for whose meaning must survive (a missing check mark reads as
 * "no"), replaced by plain equivalents; dingbats and emoji are dropped, as no font here has them.
 */
const REPLACEMENTS: ReadonlyArray<[RegExp, string]> = [
  [/[\u2713\u2714\u2705]/g, '[x]'],
  [/[\u2717\u2718]/g, '[ ]'],
  [/[\u2600-\u27BF]/g, ''],
  [/[\u{1F000}-\u{1FAFF}]/gu, ''],
  // Variation selectors and the emoji joiner only decorate what was removed above.
  [/[\uFE0E\uFE0F]/g, ''],
];

// Marks, joiners and white space take the font of the letter they belong to.
const FOLLOWS = /[\p{Mn}\p{Me}\p{Cf}\s]/u;

/** Unicode scripts by name, to say which one a refused character is in. */
const SCRIPT_NAMES = [
  'Armenian',
  'Bengali',
  'Cherokee',
  'Ethiopic',
  'Georgian',
  'Gujarati',
  'Gurmukhi',
  'Kannada',
  'Khmer',
  'Lao',
  'Malayalam',
  'Mongolian',
  'Myanmar',
  'Oriya',
  'Sinhala',
  'Syriac',
  'Tamil',
  'Telugu',
  'Thaana',
  'Thai',
  'Tibetan',
  'Canadian_Aboriginal',
  'Tifinagh',
  'Vai',
  'Yi',
  'Nko',
  'Adlam',
  'Javanese',
  'Balinese',
  'Latin',
  'Greek',
  'Cyrillic',
] as const;

function scriptName(char: string): string {
  const name = SCRIPT_NAMES.find((script) => new RegExp(`\\p{Script=${script}}`, 'u').test(char));
  return name ? name.replace('_', ' ') : `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The family to print a character in, or undefined when none has it. */
function familyFor(char: string, previous: string | undefined): string | undefined {
  const codePoint = char.codePointAt(0) ?? 0;
  const own = Object.keys(FAMILIES).find((name) => FAMILIES[name]?.script?.test(char));
  // Shared characters (digits, punctuation) stay in Roboto when it has them, so they never join a
  // right-to-left run; the ones it lacks (the Arabic comma, CJK punctuation) follow the letter before.
  const candidates = [own, BASE_FONT, previous, ...Object.keys(FAMILIES)].filter(
    (name): name is string => name !== undefined,
  );
  return candidates.find((name) => hasGlyph(name, codePoint));
}

interface Run {
  family: string;
  text: string;
}

/** Splits text into runs of one family; throws `unprintable_text` when some character has no font. */
function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  const refused = new Map<string, string[]>();
  for (const char of text) {
    const last = runs[runs.length - 1];
    const family = FOLLOWS.test(char) ? (last?.family ?? BASE_FONT) : familyFor(char, last?.family);
    if (family === undefined) {
      const script = scriptName(char);
      refused.set(script, [...(refused.get(script) ?? []), char]);
    } else if (last && last.family === family) last.text += char;
    else runs.push({ family, text: char });
  }
  if (refused.size > 0) {
    const what = [...refused].map(([script, chars]) => `${script}: ${chars.join('')}`).join('; ');
    throw new AppError(
      'unprintable_text',
      `This PDF cannot be made: some text is in a writing system the PDF has no font for (${what}). The text is unchanged; print it from the workspace instead, or ask an administrator.`,
    );
  }
  return runs;
}

const RIGHT_TO_LEFT_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
const LETTER = /\p{L}/u;

interface Piece {
  family: string;
  text: string;
  /** Strong right-to-left, strong left-to-right, or neutral (spaces, punctuation, digits). */
  direction: 'rtl' | 'ltr' | 'neutral';
}

/**
 * Puts right-to-left text in visual order on a left-to-right line, as the Unicode bidirectional
 * algorithm would for a short line: each stretch from a right-to-left word to the last one before
 * the next left-to-right word (with the spaces, punctuation and numbers between them) is reversed,
 * word by word. The letters of each word stay in reading order: fontkit reverses them when it
 * shapes the word. Spaces are pieces of their own in the base font, so a reversed word never
 * carries its space to the wrong side.
 */
function visualOrder(runs: Run[]): PdfInline[] {
  const pieces: Piece[] = [];
  for (const run of runs) {
    for (const part of run.text.split(/(\s+)/u)) {
      if (part === '') continue;
      const direction = RIGHT_TO_LEFT_LETTER.test(part) ? 'rtl' : LETTER.test(part) ? 'ltr' : 'neutral';
      pieces.push({ family: /^\s+$/u.test(part) ? BASE_FONT : run.family, text: part, direction });
    }
  }
  const ordered: Piece[] = [];
  for (let i = 0; i < pieces.length; ) {
    if (pieces[i]?.direction !== 'rtl') {
      ordered.push(pieces[i] as Piece);
      i++;
      continue;
    }
    let end = i;
    for (let j = i + 1; j < pieces.length && pieces[j]?.direction !== 'ltr'; j++) {
      if (pieces[j]?.direction === 'rtl') end = j;
    }
    ordered.push(...pieces.slice(i, end + 1).reverse());
    i = end + 1;
  }
  return ordered.map((piece) =>
    piece.family === BASE_FONT ? { text: piece.text } : { text: piece.text, font: piece.family },
  );
}

/**
 * Characters Roboto has, none of them right to left or joining a neighbour's run: printable as they
 * are. The fonts test checks every one of them against Roboto's own glyph table.
 */
export const ROBOTO_AS_IS_RANGES =
  '\\t\\n\\r\\x20-\\x7e\\u00a0-\\u017f\\u2013\\u2014\\u2018-\\u201a\\u201c-\\u201e\\u2020-\\u2022\\u2026';
const ROBOTO_AS_IS = new RegExp(`^[${ROBOTO_AS_IS_RANGES}]*$`, 'u');

/**
 * Text made ready for the PDF: symbols no font has replaced, each run in a font that has its
 * glyphs, right-to-left words in visual order. Plain Roboto text stays one string.
 */
export function printable(text: string): PdfInline {
  const replaced = REPLACEMENTS.reduce(
    (current, [pattern, replacement]) => current.replace(pattern, replacement),
    text,
  );
  // Most text is Latin that Roboto prints as it is: one string, without asking each character its
  // font. Building a largest-allowed plan that way took about 300 ms of the event loop per PDF.
  if (ROBOTO_AS_IS.test(replaced)) return { text: replaced };
  const runs = runsOf(replaced);
  if (runs.every((run) => run.family === BASE_FONT)) return { text: runs.map((run) => run.text).join('') };
  return { text: visualOrder(runs) };
}
