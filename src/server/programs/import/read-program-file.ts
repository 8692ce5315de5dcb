/**
 * Reading a program file of any known format, told apart by content rather than by name: a
 * workbook (zip signature), a JSON list (our programs), a JSON object with `rows` (the locator), or
 * a CSV whose header is the locator's or the directory's.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { locateJsonSyntaxError } from '../../../core/json-syntax.js';
import { buildCodeReference, LOCATOR_CODE_NAMES } from '../../../core/programs/samhsa-codes.js';
import { LocatorJsonRowSchema, listingFromLocatorJson } from '../../../core/programs/samhsa-locator-json.js';
import { readProgramCsv } from './read-csv.js';
import { readDirectoryWorkbook } from './read-directory-xlsx.js';
import { type SourceFile, type SourceRow, UnknownFormatError, editionFromName } from './source.js';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

export interface ReadOptions {
  /** The edition to record (a year or a date), overriding what the file name says. */
  edition?: string | undefined;
}

function isZip(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURE.every((byte, index) => bytes[index] === byte);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const problem = locateJsonSyntaxError(text);
    throw new UnknownFormatError(
      problem
        ? `the file starts like JSON but is not valid JSON (line ${problem.line}, column ${problem.column}: ${problem.message})`
        : 'the file starts like JSON but is not valid JSON',
    );
  }
}

function locatorJsonRows(rows: unknown[]): SourceRow[] {
  return rows.map((value, index): SourceRow => {
    const parsed = LocatorJsonRowSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        kind: 'problem',
        row: index + 1,
        reason: `is not a locator row (${issue ? `${issue.path.join('.') || 'the row'}: ${issue.message}` : 'unreadable'})`,
      };
    }
    return { kind: 'listing', row: index + 1, listing: listingFromLocatorJson(parsed.data) };
  });
}

/** Reads and recognises a program file. Throws UnknownFormatError for anything else. */
export async function readProgramFile(path: string, options: ReadOptions = {}): Promise<SourceFile> {
  const bytes = new Uint8Array(await readFile(path));
  const name = basename(path);
  const fallbackEdition = async () => (await stat(path)).mtime.toISOString().slice(0, 10);
  const locatorReference = buildCodeReference(LOCATOR_CODE_NAMES, false);

  if (isZip(bytes)) {
    const workbook = await readDirectoryWorkbook(bytes);
    const warnings: string[] = [];
    if (!workbook.reference) {
      warnings.push('the workbook has no usable "Service Code Reference" sheet: codes were read without it');
    }
    return {
      format: 'directory-xlsx',
      source: 'samhsa-directory',
      edition:
        options.edition ??
        editionFromName(name) ??
        (workbook.created ? String(workbook.created.getUTCFullYear()) : await fallbackEdition()),
      reference: workbook.reference ?? locatorReference,
      rowNoun: 'row',
      rows: workbook.rows,
      warnings,
    };
  }

  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = text.trimStart().charAt(0);
  const edition = options.edition ?? editionFromName(name) ?? (await fallbackEdition());

  if (start === '[' || start === '{') {
    const document = parseJson(text);
    if (Array.isArray(document)) {
      return {
        format: 'stepdown-json',
        source: 'stepdown',
        edition,
        reference: locatorReference,
        rowNoun: 'item',
        rows: (document as unknown[]).map((value, index) => ({ kind: 'program', row: index + 1, value })),
        warnings: [],
      };
    }
    const rows = (document as { rows?: unknown }).rows;
    if (Array.isArray(rows)) {
      return {
        format: 'locator-json',
        source: 'samhsa-locator',
        edition,
        reference: locatorReference,
        rowNoun: 'item',
        rows: locatorJsonRows(rows),
        warnings: [],
      };
    }
    throw new UnknownFormatError(
      'the JSON is neither a list of programs nor a FindTreatment.gov locator response (an object with "rows")',
    );
  }

  if (text.includes('\u0000')) throw new UnknownFormatError('the file is binary and not a workbook Stepdown knows');
  const csv = readProgramCsv(text);
  return {
    format: csv.format,
    source: csv.format === 'locator-csv' ? 'samhsa-locator' : 'samhsa-directory',
    edition,
    reference: locatorReference,
    rowNoun: 'row',
    rows: csv.rows,
    warnings: [],
  };
}
