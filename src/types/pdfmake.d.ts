// pdfmake 0.3 ships no types; this is the part of its server API Stepdown uses (see src/server/pdf).
declare module 'pdfmake' {
  export type PdfText = string | PdfInline | Array<string | PdfInline>;

  export interface PdfStyle {
    alignment?: 'left' | 'center' | 'right';
    fontSize?: number;
    bold?: boolean;
    italics?: boolean;
    color?: string;
    margin?: [number, number, number, number];
    lineHeight?: number;
    /** A family given to `setFonts`. */
    font?: string;
    alignment?: 'left' | 'right' | 'center' | 'justify';
  }

  export interface PdfInline extends PdfStyle {
    text: PdfText;
    style?: string | string[];
    /**
     * Stepdown's marks for right-to-left text (src/server/pdf/bidi-lines.ts): the piece's direction
     * and its passage's. pdfmake carries keys it does not know onto the pieces of its lines.
     */
    bidi?: 'rtl' | 'ltr' | 'neutral';
    bidiBase?: 'rtl' | 'ltr';
  }

  export type PdfContent =
    | string
    | (PdfInline & { pageBreak?: 'before' | 'after' })
    | (PdfStyle & { stack: PdfContent[]; unbreakable?: boolean })
    | (PdfStyle & { ul: PdfContent[] })
    | (PdfStyle & { ol: PdfContent[] })
    | (PdfStyle & { columns: PdfContent[]; columnGap?: number })
    | {
        svg: string;
        width?: number;
        height?: number;
        alignment?: 'left' | 'center' | 'right';
        margin?: [number, number, number, number];
      }
    | (PdfStyle & {
        table: { widths?: Array<number | string>; headerRows?: number; body: PdfContent[][] };
        layout?: string;
      });

  export interface PdfDocumentDefinition {
    content: PdfContent[];
    info?: {
      title?: string;
      author?: string;
      subject?: string;
      creator?: string;
      producer?: string;
      creationDate?: Date;
    };
    language?: string;
    pageSize?: string;
    pageMargins?: [number, number, number, number];
    defaultStyle?: PdfStyle;
    styles?: Record<string, PdfStyle>;
    header?: (currentPage: number, pageCount: number) => PdfContent;
    footer?: (currentPage: number, pageCount: number) => PdfContent;
  }

  export interface PdfFontFiles {
    normal: string;
    bold: string;
    italics: string;
    bolditalics: string;
  }

  export interface PdfOutputDocument {
    getBuffer(): Promise<Buffer>;
  }

  export interface PdfMake {
    setFonts(fonts: Record<string, PdfFontFiles>): void;
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    setLocalAccessPolicy(policy: (path: string) => boolean): void;
    createPdf(definition: PdfDocumentDefinition): PdfOutputDocument;
  }

  const pdfmake: PdfMake;
  export default pdfmake;
}
