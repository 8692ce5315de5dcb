/**
 * Line handling for `recommend --batch`: splitting NDJSON input into lines and packing output lines
 * into large buffers. Both work a chunk at a time, because per-line promises and per-line writes cost
 * more than the engine itself once the engine is fast.
 */

/** Size of each buffer of output handed to the sink: about 700 recommendations. */
export const OUTPUT_CHUNK_BYTES = 4 << 20;

/**
 * Output lines packed into large buffers. Encoding each line straight into a buffer costs a small
 * fraction of joining thousands of 6 KB lines into one string and encoding that afterwards.
 */
export class LinePacker {
  private buffer = Buffer.allocUnsafe(OUTPUT_CHUNK_BYTES);
  private used = 0;

  /** Appends a line and its newline; returns the bytes packed before it when it did not fit. */
  add(line: string): Buffer | undefined {
    let full: Buffer | undefined;
    // A UTF-16 unit never takes more than three bytes of UTF-8: measure only when that bound fails.
    if (line.length * 3 + 1 > this.buffer.length - this.used) {
      const needed = Buffer.byteLength(line) + 1;
      if (needed > this.buffer.length - this.used) {
        full = this.take();
        if (needed > this.buffer.length) this.buffer = Buffer.allocUnsafe(needed);
      }
    }
    this.used += this.buffer.write(line, this.used);
    this.buffer[this.used++] = 0x0a;
    return full;
  }

  /** The bytes packed so far, or undefined when there are none; packing goes on in a new buffer. */
  take(): Buffer | undefined {
    if (this.used === 0) return undefined;
    const packed = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(OUTPUT_CHUNK_BYTES);
    this.used = 0;
    return packed;
  }
}

/** Line breaks as node:readline knows them: \n, \r\n, or a \r on its own. */
const LINE_BREAK = /\r?\n|\r(?!\n)/;

/**
 * Splits text that arrives in chunks into lines exactly as node:readline does with crlfDelay
 * Infinity. Error documents name input lines by number, so the count must match readline's: a \r\n
 * split across two chunks is one break, and a last line without a break still counts.
 */
export class LineSplitter {
  private rest = '';
  private sawReturn = false;

  /** The lines that `chunk` completes. */
  push(chunk: string): string[] {
    const text = this.rest + (this.sawReturn && chunk.startsWith('\n') ? chunk.slice(1) : chunk);
    // Splitting on a plain '\n' is several times faster than on the pattern, and \r is rare.
    const lines = text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n');
    this.rest = lines.pop() ?? '';
    this.sawReturn = text.endsWith('\r');
    return lines;
  }

  /** The last line, when the input did not end with a line break. */
  end(): string[] {
    return this.rest === '' ? [] : [this.rest];
  }
}
