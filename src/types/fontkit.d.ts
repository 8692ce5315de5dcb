// fontkit 2 ships no types; this is the part Stepdown uses (src/server/pdf/fonts.ts: which
// characters a font has a glyph for). pdfkit, under pdfmake, uses it to lay text out.
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function openSync(path: string): Font;
}
