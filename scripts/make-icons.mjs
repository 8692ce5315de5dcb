#!/usr/bin/env node
// Draws the app icons (PNG) without any image tool: a teal square with a white three-step line,
// the same picture as src/web/public/icon.svg. Run once; the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const TEAL = [0x1d, 0x4e, 0x5f];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Distance from point (x, y) to segment (ax, ay)-(bx, by). */
function distance(x, y, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function icon(size, padding) {
  const scale = (size * (1 - 2 * padding)) / 64;
  const offset = size * padding;
  const points = [
    [12, 46],
    [24, 46],
    [24, 36],
    [36, 36],
    [36, 26],
    [52, 26],
  ].map(([x, y]) => [offset + x * scale, offset + y * scale]);
  const half = 3 * scale;
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = [0];
    for (let x = 0; x < size; x++) {
      let near = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < points.length; i++) {
        near = Math.min(near, distance(x + 0.5, y + 0.5, ...points[i], ...points[i + 1]));
      }
      row.push(...(near <= half ? WHITE : TEAL));
    }
    rows.push(Buffer.from(row));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../src/web/public/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), icon(192, 0));
writeFileSync(new URL('icon-512.png', out), icon(512, 0));
writeFileSync(new URL('icon-512-maskable.png', out), icon(512, 0.1));
