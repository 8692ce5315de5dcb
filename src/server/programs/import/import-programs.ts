/**
 * Importing a program file into the directory: read it, map each row to programs, then write in
 * batches, each batch one transaction. A program whose imported facts are unchanged is left alone,
 * so importing the same file twice changes nothing; a changed one is updated without touching what
 * admins keep by hand. Malformed rows are reported by number and skipped.
 */
import { basename } from 'node:path';
import { parseWith } from '../../../core/validation.js';
import { ProgramInputSchema, inputFacilityKey, programFromInput } from '../../../core/programs/program-input.js';
import { type ImportedProgram, facilityKey, programsFromListing } from '../../../core/programs/samhsa.js';
import { stableId } from '../../../core/programs/stable-id.js';
import { insertAuditEvents } from '../../../storage/audit.js';
import type { Executor } from '../../../storage/executor.js';
import {
  bumpProgramsRevision,
  type ImportedProgramRow,
  importHash,
  importStates,
  insertImportedPrograms,
  updateImportedProgram,
} from '../../../storage/programs.js';
import type { ZipCentroids } from '../zip-centroids.js';
import { readProgramFile } from './read-program-file.js';
import { FORMAT_NAMES, type ProgramFileFormat, type SourceFile, type SourceRow } from './source.js';

/** Programs written per transaction: large enough to amortise commits, small enough to keep locks short. */
const BATCH_SIZE = 2000;
/** Row numbers kept per skip reason, for the summary. */
const SAMPLE_ROWS = 10;

export type ImportPhase = 'mapping' | 'writing';

export interface ImportOptions {
  edition?: string | undefined;
  now: Date;
  zipCentroids: () => Promise<ZipCentroids>;
  /** Told of progress now and then: rows mapped, then programs written. */
  progress?: (phase: ImportPhase, done: number, total: number) => void;
}

export interface SkipGroup {
  reason: string;
  count: number;
  /** The first few row (or item) numbers. */
  rows: number[];
}

export interface ImportSummary {
  file: string;
  format: ProgramFileFormat;
  formatName: string;
  edition: string;
  rowNoun: 'row' | 'item';
  read: number;
  programs: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Rows (or programs) left out for a reason that is not a fault of the file. */
  skipped: SkipGroup[];
  /** Rows that could not be read, each with its number. */
  malformed: Array<{ row: number; reason: string }>;
  /** Codes the file's own reference does not define, with how many rows use them. */
  unknownCodes: Array<{ code: string; rows: number }>;
  approximateLocations: number;
  withoutLocation: number;
  warnings: string[];
}

class SkipTally {
  private readonly groups = new Map<string, SkipGroup>();
  add(reason: string, row: number): void {
    const group = this.groups.get(reason) ?? { reason, count: 0, rows: [] };
    group.count++;
    if (group.rows.length < SAMPLE_ROWS) group.rows.push(row);
    this.groups.set(reason, group);
  }
  list(): SkipGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count);
  }
}

interface Mapped {
  programs: Array<ImportedProgramRow & { row: number }>;
  malformed: Array<{ row: number; reason: string }>;
  skipped: SkipTally;
  unknownCodes: Map<string, number>;
}

function ownProgram(
  source: SourceFile,
  row: Extract<SourceRow, { kind: 'program' }>,
  file: string,
  zips: ZipCentroids,
): ImportedProgram | { problem: string } {
  const parsed = parseWith(ProgramInputSchema, row.value);
  if (!parsed.ok) return { problem: parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') };
  const program = programFromInput(parsed.value, { source: 'stepdown', file, edition: source.edition });
  const { location } = program;
  if ((location.lat === null || location.lon === null) && location.zip) {
    const centre = zips.lookup(location.zip);
    if (centre) program.location = { ...location, lat: centre.lat, lon: centre.lon, approximate: true };
  }
  const facilityKey = inputFacilityKey(parsed.value);
  return { program, facilityKey, locationId: stableId('stepdown', facilityKey, 'location') };
}

function mapRows(source: SourceFile, file: string, zips: ZipCentroids, options: ImportOptions): Mapped {
  const mapped: Mapped = { programs: [], malformed: [], skipped: new SkipTally(), unknownCodes: new Map() };
  const firstRowOf = new Map<string, number>();
  const occurrences = new Map<string, number>();
  const rowOfListing = new Map<string, number>();
  const samhsaSource = source.source === 'stepdown' ? 'samhsa-directory' : source.source;
  const context = {
    source: samhsaSource,
    file,
    edition: source.edition,
    reference: source.reference,
    zipCentroid: (zip: string) => zips.lookup(zip),
  };
  const noun = source.rowNoun;
  source.rows.forEach((row, index) => {
    if (index % 500 === 0) options.progress?.('mapping', index, source.rows.length);
    if (row.kind === 'problem') {
      mapped.malformed.push({ row: row.row, reason: row.reason });
      return;
    }
    let programs: ImportedProgram[];
    if (row.kind === 'program') {
      const own = ownProgram(source, row, file, zips);
      if ('problem' in own) {
        mapped.malformed.push({ row: row.row, reason: own.problem });
        return;
      }
      programs = [own];
    } else {
      // A row identical to an earlier one is the same listing twice; a different row at the same
      // name and address is another program there.
      const signature = JSON.stringify(row.listing);
      const same = rowOfListing.get(signature);
      if (same !== undefined) {
        mapped.skipped.add(`repeats an earlier ${noun} exactly`, row.row);
        return;
      }
      rowOfListing.set(signature, row.row);
      const key = facilityKey(row.listing);
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      const outcome = programsFromListing(row.listing, context, occurrence);
      if (!outcome.ok) {
        if (outcome.reason === 'the facility has no name' || outcome.reason === 'the facility lists no service codes') {
          mapped.malformed.push({ row: row.row, reason: outcome.reason });
        } else {
          mapped.skipped.add(outcome.reason, row.row);
        }
        return;
      }
      for (const code of new Set(outcome.unknownCodes)) {
        mapped.unknownCodes.set(code, (mapped.unknownCodes.get(code) ?? 0) + 1);
      }
      programs = outcome.programs;
    }
    const repeated = programs.filter((imported) => firstRowOf.has(imported.program.id));
    if (repeated.length > 0) {
      mapped.skipped.add(`repeats a program listed earlier in the file (same id)`, row.row);
    }
    for (const imported of programs) {
      if (firstRowOf.has(imported.program.id)) continue;
      firstRowOf.set(imported.program.id, row.row);
      mapped.programs.push({ ...imported, row: row.row });
    }
  });
  options.progress?.('mapping', source.rows.length, source.rows.length);
  return mapped;
}

/** Writes one batch: adds new programs, updates changed ones, leaves the rest. */
async function writeBatch(
  db: Executor,
  batch: Array<ImportedProgramRow & { row: number }>,
  now: string,
  skipped: SkipTally,
): Promise<{ added: number; updated: number; unchanged: number }> {
  return db.transaction().execute(async (trx) => {
    const states = await importStates(
      trx,
      batch.map((item) => item.program.id),
    );
    const added: ImportedProgramRow[] = [];
    let updated = 0;
    let unchanged = 0;
    for (const item of batch) {
      const state = states.get(item.program.id);
      if (!state) {
        added.push(item);
      } else if (state.hash === importHash(item.program)) {
        unchanged++;
      } else if (state.edition > item.program.provenance.edition) {
        skipped.add(`a newer edition (${state.edition}) of this listing is already stored`, item.row);
      } else {
        await updateImportedProgram(trx, item, state.overrides, now);
        updated++;
      }
    }
    await insertImportedPrograms(trx, added, now);
    if (updated > 0) await bumpProgramsRevision(trx);
    return { added: added.length, updated, unchanged };
  });
}

/** Imports a program file into the directory and says what happened. */
export async function importProgramFile(db: Executor, path: string, options: ImportOptions): Promise<ImportSummary> {
  const file = basename(path);
  const source = await readProgramFile(path, { edition: options.edition });
  const zips = await options.zipCentroids();
  const mapped = mapRows(source, file, zips, options);
  const now = options.now.toISOString();
  const totals = { added: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < mapped.programs.length; start += BATCH_SIZE) {
    options.progress?.('writing', start, mapped.programs.length);
    const result = await writeBatch(db, mapped.programs.slice(start, start + BATCH_SIZE), now, mapped.skipped);
    totals.added += result.added;
    totals.updated += result.updated;
    totals.unchanged += result.unchanged;
  }
  options.progress?.('writing', mapped.programs.length, mapped.programs.length);
  const summary: ImportSummary = {
    file,
    format: source.format,
    formatName: FORMAT_NAMES[source.format],
    edition: source.edition,
    rowNoun: source.rowNoun,
    read: source.rows.length,
    programs: mapped.programs.length,
    ...totals,
    skipped: mapped.skipped.list(),
    malformed: mapped.malformed,
    unknownCodes: [...mapped.unknownCodes.entries()]
      .map(([code, rows]) => ({ code, rows }))
      .sort((a, b) => b.rows - a.rows || a.code.localeCompare(b.code)),
    approximateLocations: mapped.programs.filter((item) => item.program.location.approximate).length,
    withoutLocation: mapped.programs.filter((item) => item.program.location.lat === null).length,
    warnings: source.warnings,
  };
  await insertAuditEvents(db, [
    {
      at: now,
      organizationId: null,
      actorUserId: null,
      actorKind: 'system',
      action: 'programs.import',
      resourceType: 'program',
      resourceId: null,
      clientId: null,
      outcome: 'success',
      ip: null,
      requestId: null,
    },
  ]);
  return summary;
}
