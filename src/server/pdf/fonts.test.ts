import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { openSync } from 'fontkit';
import { BASE_FONT, PDF_FONTS, printable, ROBOTO_AS_IS_RANGES } from './fonts.js';

/** The pieces of a printable text, as [text, font] pairs (no font: Roboto). */
function pieces(text: string): Array<[string, string | undefined]> {
  const value = printable(text).text;
  if (typeof value === 'string') return [[value, undefined]];
  if (!Array.isArray(value)) throw new Error('unexpected shape');
  return value.map((piece) => (typeof piece === 'string' ? [piece, undefined] : [piece.text as string, piece.font]));
}

describe('printable', () => {
  it('prints the Latin it passes through unchanged with glyphs Roboto has, in every weight', () => {
    const ranges = new RegExp(`^[${ROBOTO_AS_IS_RANGES}]$`, 'u');
    const files = PDF_FONTS[BASE_FONT];
    if (!files) throw new Error('no base font');
    const missing: string[] = [];
    for (const file of [files.normal, files.bold, files.italics, files.bolditalics]) {
      const font = openSync(file);
      for (let codePoint = 0x20; codePoint <= 0x2fff; codePoint++) {
        if (!ranges.test(String.fromCodePoint(codePoint))) continue;
        if (!font.hasGlyphForCodePoint(codePoint)) missing.push(`U+${codePoint.toString(16)} in ${file}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps a long Latin text one string, as the slow path would', () => {
    const text = 'Evening group — “sponsor” café, 12:30… '.repeat(2000);
    expect(printable(text)).toEqual({ text });
  });

  it('keeps Latin, Greek and Cyrillic text one Roboto string', () => {
    expect(printable('Dávila, Αλέξης, Дмитрий')).toEqual({ text: 'Dávila, Αλέξης, Дмитрий' });
  });

  it('gives each script the font that has its letters', () => {
    expect(pieces('张伟 김민준 प्रिया')).toEqual([
      ['张伟', 'NotoSansSC'],
      [' ', undefined],
      ['김민준', 'NotoSansKR'],
      [' ', undefined],
      ['प्रिया', 'NotoSansDevanagari'],
    ]);
  });

  it('puts the words of a right-to-left name in visual order, with its spaces apart', () => {
    expect(pieces('Plan for سارة أحمد (Dana)')).toEqual([
      ['Plan', undefined],
      [' ', undefined],
      ['for', undefined],
      [' ', undefined],
      ['أحمد', 'NotoSansArabic'],
      [' ', undefined],
      ['سارة', 'NotoSansArabic'],
      [' ', undefined],
      ['(Dana)', undefined],
    ]);
  });

  it('keeps punctuation and numbers between right-to-left words inside the reversed stretch', () => {
    expect(pieces('עמי: רחוב 12 ב').map(([text]) => text)).toEqual(['ב', ' ', '12', ' ', 'רחוב', ' ', ':', 'עמי']);
    expect(pieces('شارع فهد، الرياض').map(([text]) => text)).toEqual(['الرياض', ' ', 'فهد،', ' ', 'شارع']);
  });

  it('replaces check marks and drops emoji, which no font here has', () => {
    expect(printable('✓ done 🙂')).toEqual({ text: '[x] done ' });
  });

  it('refuses, naming the script, text no font has', () => {
    expect(() => printable('ᏣᎳᎩ')).toThrowError(AppError);
    expect(() => printable('ᏣᎳᎩ')).toThrowError(/Cherokee: ᏣᎳᎩ/);
    expect(() => printable('สมชาย')).toThrowError(/Thai/);
  });
});
