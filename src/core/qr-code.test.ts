/**
 * The QR code of the check-in poster, checked by reading it back: the SVG's path is turned into
 * pixels (as a printer would) and decoded by jsQR, an independent decoder, which must give the
 * exact address encoded. The finder patterns and the quiet zone are checked too.
 */
import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrMatrix, qrSvg } from './qr-code.js';

// jsQR is CommonJS with its function as both the module and its `default`.
const jsQR = jsQRModule.default;

/** The dark modules an SVG from qrSvg draws, read back from its path alone. */
function modulesOf(svg: string): { side: number; dark: Set<string> } {
  const side = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const dark = new Set<string>();
  for (const match of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, run] = [Number(match[1]), Number(match[2]), Number(match[3])];
    for (let i = 0; i < run; i++) dark.add(`${x + i},${y}`);
  }
  return { side, dark };
}

/** The SVG as RGBA pixels, `scale` pixels a module. */
function rasterise(svg: string, scale: number): { data: Uint8ClampedArray; width: number } {
  const { side, dark } = modulesOf(svg);
  const width = side * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const key of dark) {
    const [mx, my] = key.split(',').map(Number) as [number, number];
    for (let y = my * scale; y < (my + 1) * scale; y++) {
      for (let x = mx * scale; x < (mx + 1) * scale; x++) {
        const at = (y * width + x) * 4;
        data[at] = 0;
        data[at + 1] = 0;
        data[at + 2] = 0;
      }
    }
  }
  return { data, width };
}

describe('qrSvg', () => {
  for (const text of [
    'https://stepdown.example.org/check-in',
    'http://127.0.0.1:3000/check-in',
    'https://clinic-with-a-long-name.example.org:8443/check-in',
  ]) {
    it(`decodes back to ${text}`, () => {
      const svg = qrSvg(qrMatrix(text), 200);
      const { data, width } = rasterise(svg, 4);
      const decoded = jsQR(data, width, width);
      expect(decoded?.data).toBe(text);
    });
  }

  it('draws the three finder patterns inside a quiet zone of four modules', () => {
    const matrix = qrMatrix('https://stepdown.example.org/check-in');
    // Version 3 (29 modules) holds 37 bytes at level M; the smallest that fits this address.
    expect(matrix.size).toBe(29);
    const { side, dark } = modulesOf(qrSvg(matrix, 200));
    expect(side).toBe(matrix.size + 2 * QUIET_ZONE);
    const finder = (left: number, top: number) => {
      for (let y = 0; y < 7; y++) {
        for (let x = 0; x < 7; x++) {
          const ring = x === 0 || y === 0 || x === 6 || y === 6;
          const centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
          expect(dark.has(`${left + x + QUIET_ZONE},${top + y + QUIET_ZONE}`)).toBe(ring || centre);
        }
      }
    };
    finder(0, 0);
    finder(matrix.size - 7, 0);
    finder(0, matrix.size - 7);
    for (const key of dark) {
      const [x, y] = key.split(',').map(Number) as [number, number];
      expect(x >= QUIET_ZONE && y >= QUIET_ZONE && x < side - QUIET_ZONE && y < side - QUIET_ZONE).toBe(true);
    }
  });
});
