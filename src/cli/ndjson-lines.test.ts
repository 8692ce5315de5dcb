/**
 * The batch reader must number lines exactly as node:readline did, whatever the line breaks and
 * wherever the chunks of the stream happen to end; the packer must write every line, in order.
 */
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinePacker, LineSplitter, OUTPUT_CHUNK_BYTES } from './ndjson-lines.js';

async function readlineLines(chunks: string[]): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input: Readable.from(chunks), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of reader) lines.push(line);
  return lines;
}

function splitterLines(chunks: string[]): string[] {
  const splitter = new LineSplitter();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

/** Text made mostly of line breaks and short words, so breaks fall on chunk edges often. */
const text = fc
  .array(fc.oneof(fc.constantFrom('\n', '\r', '\r\n', '\n\n', ' ', ''), fc.string({ maxLength: 6 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

/** Cuts a text at arbitrary places into non-empty chunks. */
const chunked = text.chain((whole) =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, whole.length - 1) }), { maxLength: 10 }).map((cuts) => {
    const edges = [0, ...cuts.filter((cut) => cut < whole.length).sort((a, b) => a - b), whole.length];
    return edges
      .slice(1)
      .map((end, i) => whole.slice(edges[i], end))
      .filter((chunk) => chunk !== '');
  }),
);

describe('LineSplitter', () => {
  it('gives the same lines as node:readline, however the text is cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(chunked, async (chunks) => {
        expect(splitterLines(chunks)).toEqual(await readlineLines(chunks));
      }),
      { numRuns: 1000 },
    );
  });

  it('counts a \\r\\n split across two chunks as one line break', () => {
    expect(splitterLines(['a\r', '\nb\r', '\n'])).toEqual(['a', 'b']);
  });
});

describe('LinePacker', () => {
  it('writes every line, in order, each followed by a newline, including lines larger than a buffer', () => {
    const lines = [
      '{"a":1}',
      'é😀 multi-byte',
      'x'.repeat(OUTPUT_CHUNK_BYTES + 10),
      '',
      'y'.repeat(OUTPUT_CHUNK_BYTES - 3),
    ];
    for (let i = 0; i < 2000; i++) lines.push(`line ${i} ${'z'.repeat(i * 7)}`);
    const packer = new LinePacker();
    const packed: Buffer[] = [];
    for (const line of lines) {
      const full = packer.add(line);
      if (full) packed.push(full);
    }
    const rest = packer.take();
    if (rest) packed.push(rest);
    expect(packer.take()).toBeUndefined();
    expect(packed.length).toBeGreaterThan(2);
    expect(Buffer.concat(packed).toString('utf8')).toBe(lines.map((line) => `${line}\n`).join(''));
  });
});
