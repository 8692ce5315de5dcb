/**
 * QR codes for printed pages (the waiting-room check-in poster) and the screen (a check-in link to scan). qrcode-generator (pure
 * JavaScript) encodes the text; this module turns its modules into one SVG path that pdfmake draws
 * as vectors, so the code stays sharp at any print size. A code here only ever holds a public
 * address, never anything about a person.
 */
import qrcode from 'qrcode-generator';

export interface QrMatrix {
  /** Modules on a side. */
  size: number;
  /** Row by row, true where a module is dark. */
  dark: boolean[][];
}

/**
 * The modules of `text` as a QR code, error correction level M (15% of the code may be lost, to a
 * fold or a smudge on a printed page), the smallest version that holds it, in byte mode.
 */
export function qrMatrix(text: string): QrMatrix {
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount();
  const dark = Array.from({ length: size }, (_row, row) =>
    Array.from({ length: size }, (_col, col) => code.isDark(row, col)),
  );
  return { size, dark };
}

/** The quiet zone the standard asks around a code: four modules. */
export const QUIET_ZONE = 4;

/**
 * The code as an SVG: a white square with the quiet zone, and the dark modules as one path, each
 * run of dark modules in a row one rectangle. `sizePt` is the printed width and height.
 */
export function qrSvg(matrix: QrMatrix, sizePt: number): string {
  const side = matrix.size + 2 * QUIET_ZONE;
  const runs: string[] = [];
  matrix.dark.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      runs.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h-${x - start}z`);
    }
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${sizePt}" height="${sizePt}" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">`,
    `<rect width="${side}" height="${side}" fill="#ffffff"/>`,
    `<path fill="#000000" d="${runs.join('')}"/>`,
    '</svg>',
  ].join('');
}
