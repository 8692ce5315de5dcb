/** Reading documents for the command line: a file or standard input, parsed with a located error. */
import { readFile } from 'node:fs/promises';
import { locateJsonSyntaxError } from '../core/json-syntax.js';
import { InputError } from './errors.js';

/** Reads a whole file, or standard input when the name is `-`. */
export async function readText(name: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if (name === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(name, 'utf8');
  } catch (error) {
    throw new InputError([`${name}: ${describeFileError(error)}`]);
  }
}

export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return (error as Error).message;
}

/** Drops a leading byte order mark, which some Windows editors write and JSON.parse refuses. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses JSON text; on failure says where it broke (`line 3, column 14: expected ...`). */
export function parseJsonText(text: string, label: string): unknown {
  const json = withoutByteOrderMark(text);
  try {
    return JSON.parse(json);
  } catch {
    const problem = locateJsonSyntaxError(json);
    if (json.trim() === '') throw new InputError([`${label}: empty input, expected a JSON document`]);
    if (!problem) throw new InputError([`${label}: not valid JSON`]);
    throw new InputError([
      `${label}: invalid JSON at line ${problem.line}, column ${problem.column}: ${problem.message}`,
    ]);
  }
}

/** Reads and parses a JSON document from a file or `-`. */
export async function readJson(name: string): Promise<unknown> {
  const label = name === '-' ? '(stdin)' : name;
  return parseJsonText(await readText(name), label);
}
