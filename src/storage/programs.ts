/**
 * Programs of the directory. The public directory is not client data: no organisation scope here.
 * A program is stored as what its source said (`imported`) plus what admins changed by hand
 * (`overrides`, tracks, accepting new clients); imports write only the first, admin edits only the
 * second, and readers see them merged.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';
import type { Program, ProgramSetting, Track } from '../core/programs/program.js';
import type { Executor } from './executor.js';
import type { ProgramsTable } from './schema.js';

/** What an import knows about a program: everything but the fields admins keep. */
export type ImportedFacts = Omit<Program, 'id' | 'setting' | 'tracks' | 'acceptingNewClients'>;

/** Fields an admin may change by hand; a newer import leaves them as the admin set them. */
export const OVERRIDABLE_FIELDS = [
  'name',
  'typicalDurationWeeks',
  'therapies',
  'services',
  'coOccurring',
  'populations',
  'languages',
  'payment',
  'telehealth',
  'location',
  'contact',
] as const satisfies ReadonlyArray<keyof ImportedFacts>;
export type ProgramOverrides = Partial<Pick<ImportedFacts, (typeof OVERRIDABLE_FIELDS)[number]>>;

export interface StoredProgram {
  program: Program;
  source: string;
  facilityKey: string;
  locationId: string;
  /** Fields an admin has changed by hand. */
  overridden: string[];
  /** The clinic that added the program and alone changes it; null for a directory program. */
  ownerOrganizationId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A program as an import hands it to storage. */
export interface ImportedProgramRow {
  program: Program;
  facilityKey: string;
  locationId: string;
}

/** What storage knows of a program an import is about to write. */
export interface ImportState {
  hash: string;
  edition: string;
  overrides: ProgramOverrides;
}

/** Rows per INSERT statement: well inside SQLite's and PostgreSQL's limits on bound parameters. */
const INSERT_CHUNK = 200;
/** Ids per IN (...) list. */
const LOOKUP_CHUNK = 500;

function importedFacts(program: Program): ImportedFacts {
  return {
    name: program.name,
    typicalDurationWeeks: program.typicalDurationWeeks,
    therapies: program.therapies,
    services: program.services,
    coOccurring: program.coOccurring,
    populations: program.populations,
    languages: program.languages,
    payment: program.payment,
    telehealth: program.telehealth,
    location: program.location,
    contact: program.contact,
    provenance: program.provenance,
  };
}

/** Fingerprint of what an import says about a program: equal fingerprints, nothing to update. */
export function importHash(program: Program): string {
  return createHash('sha256')
    .update(canonicalJson({ setting: program.setting, facts: importedFacts(program) }))
    .digest('base64url');
}

function trackOf(row: { name: string; slots: string }): Track {
  return { name: row.name, slots: JSON.parse(row.slots) as Track['slots'] };
}

function toStored(row: ProgramsTable, tracks: Track[]): StoredProgram {
  const imported = JSON.parse(row.imported) as ImportedFacts;
  const overrides = JSON.parse(row.overrides) as ProgramOverrides;
  return {
    program: {
      ...imported,
      ...overrides,
      id: row.id,
      setting: row.setting,
      tracks,
      acceptingNewClients: {
        value: row.accepting_new_clients === null ? null : row.accepting_new_clients === 1,
        confirmedAt: row.accepting_confirmed_at,
      },
    },
    source: row.source,
    facilityKey: row.facility_key,
    locationId: row.location_id,
    overridden: Object.keys(overrides),
    ownerOrganizationId: row.owner_organization_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

async function tracksOf(db: Executor, ids: readonly string[]): Promise<Map<string, Track[]>> {
  const byProgram = new Map<string, Track[]>();
  for (const chunk of chunks(ids, LOOKUP_CHUNK)) {
    const rows = await db
      .selectFrom('program_tracks')
      .select(['program_id', 'name', 'slots'])
      .where('program_id', 'in', chunk)
      .orderBy('program_id')
      .orderBy('position')
      .execute();
    for (const row of rows) {
      const list = byProgram.get(row.program_id) ?? [];
      list.push(trackOf(row));
      byProgram.set(row.program_id, list);
    }
  }
  return byProgram;
}

/** What is stored for the given program ids, for an import to decide add, update or leave alone. */
export async function importStates(db: Executor, ids: readonly string[]): Promise<Map<string, ImportState>> {
  const states = new Map<string, ImportState>();
  for (const chunk of chunks(ids, LOOKUP_CHUNK)) {
    const rows = await db
      .selectFrom('programs')
      .select(['id', 'import_hash', 'edition', 'overrides'])
      .where('id', 'in', chunk)
      .execute();
    for (const row of rows) {
      states.set(row.id, {
        hash: row.import_hash,
        edition: row.edition,
        overrides: JSON.parse(row.overrides) as ProgramOverrides,
      });
    }
  }
  return states;
}

/**
 * Adds programs from an import, with the tracks and accepting flag the import gave (our own JSON
 * format may carry them; SAMHSA files never do). Call inside a transaction.
 */
export async function insertImportedPrograms(
  db: Executor,
  rows: readonly ImportedProgramRow[],
  now: string,
): Promise<void> {
  for (const chunk of chunks(rows, INSERT_CHUNK)) {
    await db
      .insertInto('programs')
      .values(
        chunk.map(({ program, facilityKey, locationId }) => ({
          id: program.id,
          source: program.provenance.source,
          facility_key: facilityKey,
          location_id: locationId,
          setting: program.setting,
          name: program.name,
          imported: JSON.stringify(importedFacts(program)),
          overrides: '{}',
          import_hash: importHash(program),
          edition: program.provenance.edition,
          accepting_new_clients:
            program.acceptingNewClients.value === null ? null : program.acceptingNewClients.value ? 1 : 0,
          accepting_confirmed_at: program.acceptingNewClients.confirmedAt,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  const tracks = rows.flatMap(({ program }) =>
    program.tracks.map((track, position) => ({
      program_id: program.id,
      position,
      name: track.name,
      slots: JSON.stringify(track.slots),
    })),
  );
  for (const chunk of chunks(tracks, INSERT_CHUNK)) await db.insertInto('program_tracks').values(chunk).execute();
  if (rows.length > 0) await bumpProgramsRevision(db);
}

/**
 * Adds a program a clinic lists itself, owned by that clinic (its facts stored as `imported`: no
 * import will ever write them). Call inside a transaction.
 */
export async function insertOwnedProgram(
  db: Executor,
  program: Program,
  ownerOrganizationId: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('programs')
    .values({
      id: program.id,
      source: program.provenance.source,
      facility_key: `clinic:${program.id}`,
      location_id: program.id,
      setting: program.setting,
      name: program.name,
      imported: JSON.stringify(importedFacts(program)),
      overrides: '{}',
      import_hash: importHash(program),
      edition: program.provenance.edition,
      accepting_new_clients:
        program.acceptingNewClients.value === null ? null : program.acceptingNewClients.value ? 1 : 0,
      accepting_confirmed_at: program.acceptingNewClients.confirmedAt,
      created_at: now,
      updated_at: now,
      owner_organization_id: ownerOrganizationId,
    })
    .execute();
  if (program.tracks.length > 0) {
    await db
      .insertInto('program_tracks')
      .values(
        program.tracks.map((track, position) => ({
          program_id: program.id,
          position,
          name: track.name,
          slots: JSON.stringify(track.slots),
        })),
      )
      .execute();
  }
  await bumpProgramsRevision(db);
}

/**
 * Replaces what an import said about a program, keeping the admin's overrides, tracks and accepting
 * flag. Call inside a transaction, and raise the revision once in it (bumpProgramsRevision): an
 * import updates thousands of programs per transaction.
 */
export async function updateImportedProgram(
  db: Executor,
  row: ImportedProgramRow,
  overrides: ProgramOverrides,
  now: string,
): Promise<void> {
  const { program } = row;
  await db
    .updateTable('programs')
    .set({
      source: program.provenance.source,
      facility_key: row.facilityKey,
      location_id: row.locationId,
      setting: program.setting,
      name: overrides.name ?? program.name,
      imported: JSON.stringify(importedFacts(program)),
      import_hash: importHash(program),
      edition: program.provenance.edition,
      updated_at: now,
    })
    .where('id', '=', program.id)
    .execute();
}

/** One program, or undefined. */
export async function getProgram(db: Executor, id: string): Promise<StoredProgram | undefined> {
  const row = await db.selectFrom('programs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toStored(row, (await tracksOf(db, [id])).get(id) ?? []);
}

/** The programs at one facility location (FHIR Location), by name then setting. */
export async function getProgramsAtLocation(db: Executor, locationId: string): Promise<StoredProgram[]> {
  const rows = await db
    .selectFrom('programs')
    .selectAll()
    .where('location_id', '=', locationId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const tracks = await tracksOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toStored(row, tracks.get(row.id) ?? []));
}

/** Every program, for building the matching index. Read in pages so no single result is huge. */
export async function listAllPrograms(db: Executor, pageSize = 5000): Promise<Program[]> {
  const programs: Program[] = [];
  const tracks = new Map<string, Track[]>();
  const trackRows = await db
    .selectFrom('program_tracks')
    .select(['program_id', 'name', 'slots'])
    .orderBy('program_id')
    .orderBy('position')
    .execute();
  for (const row of trackRows) {
    const list = tracks.get(row.program_id) ?? [];
    list.push(trackOf(row));
    tracks.set(row.program_id, list);
  }
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('programs')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const row of rows) programs.push(toStored(row, tracks.get(row.id) ?? []).program);
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return programs;
    after = last.id;
  }
}

export interface ProgramListQuery {
  setting?: ProgramSetting | undefined;
  limit: number;
  offset: number;
}

/** Programs by name (then id), optionally of one setting, with the total count. */
export async function listPrograms(
  db: Executor,
  query: ProgramListQuery,
): Promise<{ total: number; items: StoredProgram[] }> {
  let base = db.selectFrom('programs');
  if (query.setting) base = base.where('setting', '=', query.setting);
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('name').orderBy('id').limit(query.limit).offset(query.offset).execute();
  const tracks = await tracksOf(
    db,
    rows.map((row) => row.id),
  );
  return { total: Number(counted.n), items: rows.map((row) => toStored(row, tracks.get(row.id) ?? [])) };
}

export interface ProgramPatch {
  overrides?: ProgramOverrides;
  acceptingNewClients?: Program['acceptingNewClients'];
}

/**
 * Applies an admin's changes: overridden fields are merged into the overrides; the accepting flag
 * and its date are replaced. Returns undefined when there is no such program. Call inside a
 * transaction.
 */
export async function patchProgram(
  db: Executor,
  id: string,
  patch: ProgramPatch,
  now: string,
): Promise<StoredProgram | undefined> {
  const row = await db.selectFrom('programs').select(['overrides', 'imported']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const overrides = { ...(JSON.parse(row.overrides) as ProgramOverrides), ...patch.overrides };
  const imported = JSON.parse(row.imported) as ImportedFacts;
  await db
    .updateTable('programs')
    .set({
      overrides: JSON.stringify(overrides),
      name: overrides.name ?? imported.name,
      ...(patch.acceptingNewClients === undefined
        ? {}
        : {
            accepting_new_clients:
              patch.acceptingNewClients.value === null ? null : patch.acceptingNewClients.value ? 1 : 0,
            accepting_confirmed_at: patch.acceptingNewClients.confirmedAt,
          }),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  await bumpProgramsRevision(db);
  return getProgram(db, id);
}

/** Replaces a program's session tracks. Returns undefined when there is no such program. Call inside a transaction. */
export async function replaceProgramTracks(
  db: Executor,
  id: string,
  tracks: readonly Track[],
  now: string,
): Promise<StoredProgram | undefined> {
  const updated = await db.updateTable('programs').set({ updated_at: now }).where('id', '=', id).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return undefined;
  await bumpProgramsRevision(db);
  await db.deleteFrom('program_tracks').where('program_id', '=', id).execute();
  if (tracks.length > 0) {
    await db
      .insertInto('program_tracks')
      .values(
        tracks.map((track, position) => ({
          program_id: id,
          position,
          name: track.name,
          slots: JSON.stringify(track.slots),
        })),
      )
      .execute();
  }
  return getProgram(db, id);
}

/** The directory's revision: it changes whenever programs are added or changed (a cache's staleness test). */
export async function programsRevision(db: Executor): Promise<number> {
  const row = await db.selectFrom('programs_revision').select('revision').where('id', '=', 1).executeTakeFirst();
  return Number(row?.revision ?? 0);
}

/** Raises the directory's revision; every transaction that writes programs does, once. */
export async function bumpProgramsRevision(db: Executor): Promise<void> {
  await db
    .updateTable('programs_revision')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}
