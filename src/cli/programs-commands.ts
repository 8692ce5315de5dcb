/**
 * `stepdown programs ...`: the operator's tool for the shared directory. `import FILE` loads a
 * SAMHSA or Stepdown program file; `show`, `edit`, `tracks` and `history` read and correct one
 * program. Directory programs change only here (decision 9), audited as the system and kept in the
 * program's history with the values before and after.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { type ImportPhase, type ImportSummary, importProgramFile } from '../server/programs/import/import-programs.js';
import { UnknownFormatError } from '../server/programs/import/source.js';
import { lazyZipCentroids } from '../server/programs/zip-centroids.js';
import { ProgramPatchBody, TracksBody } from '../core/api/programs.js';
import { editProgram, readProgram, replaceTracks } from '../server/services/programs.js';
import { parseWith } from '../core/validation.js';
import { AppError } from '../core/errors.js';
import { openDatabase } from '../storage/database.js';
import { listProgramChanges } from '../storage/program-changes.js';
import { DatabaseTooNewError, migrateToLatest } from '../storage/migrate.js';
import { InputError } from './errors.js';
import { describeFileError, parseJsonText, readText } from './read-input.js';
import type { Io } from './recommend.js';

export const PROGRAMS_HELP = `stepdown programs: the program directory

Usage:
  stepdown programs import FILE [--edition YEAR|DATE] [--json]
  stepdown programs show ID
  stepdown programs edit ID PATCH.json|-
  stepdown programs tracks ID TRACKS.json|-
  stepdown programs history ID

The shared directory's programs change only through these commands (clinics add and change their
own programs, and keep notes on any, in the web app). "edit" applies a JSON patch of the fields to
correct, as the API's PATCH /api/v1/programs/{id} takes it, such as
  {"contact": {"phone": "617-555-0100"}, "acceptingNewClients": {"value": false}}
and "tracks" replaces the session tracks with {"tracks": [{"name": "Evening", "slots": [...]}]}.
Corrections survive newer imports. Each change is audited as the system and kept in the program's
history (who, when, before and after), which "history" prints and clinics see in the web app.

Reads FILE and adds its programs to the directory (DATABASE_URL, as for serve). Known formats,
recognised by content:
  - SAMHSA National Directory workbook (.xlsx): sheet "Facilities List", codes decoded with the
    workbook's own "Service Code Reference" sheet (2022 and 2023 editions, substance use or mental
    health; mental health facilities that do not treat substance use are left out)
  - SAMHSA National Directory saved as CSV (a service_code_info column)
  - FindTreatment.gov locator export (.csv: one 1/empty column per service code, with coordinates)
  - FindTreatment.gov locator JSON (an object with rows[], each with services[{f1, f2, f3}])
  - Stepdown programs JSON (a list of programs in Stepdown's program schema)

A facility offering several settings (say IOP and residential) becomes one program per setting.
Ids are stable, so importing the same file again changes nothing, and a newer file updates the
programs it lists while keeping what admins set by hand (session tracks, accepting new clients).
Listings without coordinates are placed at their ZIP code's centre and marked approximate.

Options:
  --edition YEAR|DATE  The edition to record (2023, or 2025-08-19 for an export); by default the
                       year or date in the file name, else the workbook's year, else the file's date.
  --json               Print the summary as JSON.
  -h, --help           Show this help.

Prints what was read, added, updated, left unchanged and skipped (with reasons and row numbers).
A progress bar is drawn on stderr when it is a terminal. Exit codes: 0 imported (malformed rows
are reported and skipped); 2 the file is missing or not a known format; 1 other errors.
`;

const EDITION = /^\d{4}(-\d{2}-\d{2})?$/;

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** The summary as people read it. */
export function formatImportSummary(summary: ImportSummary): string {
  const lines = [
    `Read ${formatCount(summary.read)} ${summary.rowNoun}s of ${summary.file} (${summary.formatName}, edition ${summary.edition})`,
    `Programs: ${formatCount(summary.programs)}: added ${formatCount(summary.added)}, updated ${formatCount(summary.updated)}, unchanged ${formatCount(summary.unchanged)}`,
  ];
  const skippedCount = summary.skipped.reduce((sum, group) => sum + group.count, 0) + summary.malformed.length;
  if (skippedCount > 0) lines.push(`Skipped: ${formatCount(skippedCount)}`);
  for (const group of summary.skipped) {
    const more = group.count > group.rows.length ? ', ...' : '';
    lines.push(`  ${formatCount(group.count)}: ${group.reason} (${summary.rowNoun}s ${group.rows.join(', ')}${more})`);
  }
  for (const problem of summary.malformed) lines.push(`  ${summary.rowNoun} ${problem.row}: ${problem.reason}`);
  if (summary.unknownCodes.length > 0) {
    lines.push(
      `Codes not in the file's Service Code Reference (ignored): ${summary.unknownCodes
        .map((entry) => `${entry.code} (${formatCount(entry.rows)} ${summary.rowNoun}s)`)
        .join(', ')}`,
    );
  }
  if (summary.approximateLocations > 0) {
    lines.push(
      `Placed at their ZIP code's centre (approximate): ${formatCount(summary.approximateLocations)} programs`,
    );
  }
  if (summary.withoutLocation > 0) {
    lines.push(`Without coordinates (ZIP code unknown): ${formatCount(summary.withoutLocation)} programs`);
  }
  for (const warning of summary.warnings) lines.push(`Note: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** Draws a progress bar on a terminal, at most every 100 ms. */
function progressBar(stream: NodeJS.WritableStream): (phase: ImportPhase, done: number, total: number) => void {
  let last = 0;
  return (phase, done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const share = total === 0 ? 1 : done / total;
    const filled = Math.round(share * width);
    stream.write(
      `\r${phase === 'mapping' ? 'Reading ' : 'Writing '}[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(
        share * 100,
      )
        .toString()
        .padStart(3)}% ${formatCount(done)}/${formatCount(total)}`,
    );
    if (done >= total) stream.write('\n');
  };
}

function parseImportArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { edition: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new InputError([(error as Error).message]);
  }
}

export async function programsCommand(args: string[], io: Io): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    io.stdout.write(PROGRAMS_HELP);
    return 0;
  }
  if (subcommand === 'show' || subcommand === 'edit' || subcommand === 'tracks' || subcommand === 'history') {
    return programCommand(subcommand, rest, io);
  }
  if (subcommand !== 'import') {
    throw new InputError([
      `programs: unknown subcommand "${subcommand}"; use import, show, edit, tracks or history (see "stepdown help programs")`,
    ]);
  }
  const { values, positionals } = parseImportArgs(rest);
  if (values.help) {
    io.stdout.write(PROGRAMS_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new InputError([
      positionals.length === 0
        ? 'programs import: name the file to import (see "stepdown help programs")'
        : `programs import: expected one file, got ${positionals.length}: ${positionals.join(' ')}`,
    ]);
  }
  if (values.edition !== undefined && !EDITION.test(values.edition)) {
    throw new InputError([`--edition: must be a year (2023) or a date (2025-08-19), not "${values.edition}"`]);
  }
  const path = positionals[0] as string;
  let settings: ReturnType<typeof loadConfig>;
  try {
    settings = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new InputError(['the configuration is invalid:', ...error.issues.map((i) => `  ${i.path}: ${i.message}`)]);
    }
    throw error;
  }
  const database = openDatabase(settings.database);
  const stderr = io.stderr as NodeJS.WriteStream;
  try {
    await migrateToLatest(database);
    const summary = await importProgramFile(database.db, path, {
      edition: values.edition,
      now: new Date(),
      zipCentroids: lazyZipCentroids(),
      ...(stderr.isTTY ? { progress: progressBar(stderr) } : {}),
    });
    io.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatImportSummary(summary));
    return 0;
  } catch (error) {
    if (error instanceof UnknownFormatError)
      throw new InputError([`${path}: not a program file Stepdown knows: ${error.message}`]);
    if (error instanceof DatabaseTooNewError) throw new InputError([error.message]);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw new InputError([`${path}: ${describeFileError(error)}`]);
    }
    throw error;
  } finally {
    await database.close();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `show`, `edit`, `tracks` and `history` of one program, by the operator. */
async function programCommand(
  subcommand: 'show' | 'edit' | 'tracks' | 'history',
  args: string[],
  io: Io,
): Promise<number> {
  const wantsDocument = subcommand === 'edit' || subcommand === 'tracks';
  const usage = `programs ${subcommand}: expected ${wantsDocument ? 'ID and a JSON file (or - for standard input)' : 'ID'} (see "stepdown help programs")`;
  if (args.length !== (wantsDocument ? 2 : 1)) throw new InputError([usage]);
  const [id = '', documentName] = args;
  if (!UUID.test(id)) throw new InputError([`ID: "${id}" is not a program id`]);
  let document: unknown;
  if (documentName !== undefined) document = parseJsonText(await readText(documentName, io.stdin), documentName);
  const settings = loadCliSettings();
  const database = openDatabase(settings.database);
  try {
    await migrateToLatest(database);
    const db = database.db;
    const editor = { kind: 'operator' as const, now: new Date() };
    const print = (value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    switch (subcommand) {
      case 'show':
        print(await readProgram(db, id));
        return 0;
      case 'history':
        print(await listProgramChanges(db, id, 'operator'));
        return 0;
      case 'edit': {
        const patch = parseWith(ProgramPatchBody, document);
        if (!patch.ok) throw new InputError(patch.issues.map((issue) => `${issue.path}: ${issue.message}`));
        const stored = await editProgram(db, editor, id, patch.value);
        io.stdout.write(`Changed ${stored.program.name} (${id}): ${Object.keys(patch.value).join(', ')}\n`);
        return 0;
      }
      case 'tracks': {
        const body = parseWith(TracksBody, document);
        if (!body.ok) throw new InputError(body.issues.map((issue) => `${issue.path}: ${issue.message}`));
        const stored = await replaceTracks(db, editor, id, body.value.tracks);
        io.stdout.write(`Replaced the tracks of ${stored.program.name} (${id}): ${stored.program.tracks.length}\n`);
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof AppError) {
      throw new InputError(
        error.issues.length > 0 ? error.issues.map((issue) => `${issue.path}: ${issue.message}`) : [error.message],
      );
    }
    if (error instanceof DatabaseTooNewError) throw new InputError([error.message]);
    throw error;
  } finally {
    await database.close();
  }
}

function loadCliSettings(): ReturnType<typeof loadConfig> {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new InputError(['the configuration is invalid:', ...error.issues.map((i) => `  ${i.path}: ${i.message}`)]);
    }
    throw error;
  }
}
