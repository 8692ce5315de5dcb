/**
 * The program directory: public reads (list, read, match, calendar) and admin edits. The directory
 * is public information, not client data, so reads are not audited; every admin change is, in the
 * transaction that makes it.
 */
import type { AuditAction } from '../../core/audit-actions.js';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { trackCalendar } from '../../core/programs/ics.js';
import { matchPrograms, type MatchResult, type ProgramIndex } from '../../core/programs/match.js';
import { MAX_MATCH_LIMIT, type MatchRequest, type Point } from '../../core/programs/match-request.js';
import { nearbyPrograms } from '../../core/programs/nearby.js';
import {
  ContactSchema,
  LocationSchema,
  NO_SERVICES,
  ProgramSchema,
  ServicesSchema,
  type Program,
  type Track,
} from '../../core/programs/program.js';
import { chooseTrack } from '../../core/programs/schedule-fit.js';
import { type Slot, WeeklyTimeSchema } from '../../core/schedule/weekly-time.js';
import { parseWith, type FieldIssue } from '../../core/validation.js';
import { calendarDate, systemTimeZone } from '../../core/time-zone.js';
import type { Executor } from '../../storage/executor.js';
import { insertAuditEvents } from '../../storage/audit.js';
import { getOrganization } from '../../storage/organizations.js';
import {
  getProgramNote,
  insertProgramChange,
  listProgramChanges,
  type ProgramChange,
  type ProgramChanger,
  type ProgramNote,
  setProgramNote,
} from '../../storage/program-changes.js';
import {
  getProgram,
  insertOwnedProgram,
  listPrograms,
  patchProgram,
  type ProgramOverrides,
  replaceProgramTracks,
  type StoredProgram,
} from '../../storage/programs.js';
import { type AuditFact, recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import type { ProgramDirectory } from '../programs/directory.js';
import type {
  CalendarQuery,
  MatchBody,
  NewProgramBody,
  ProgramListQuery,
  ProgramPatchBody,
} from '../../core/api/programs.js';

export const PROGRAM_NOT_FOUND = 'No program with this id.';

function invalid(part: string, issues: FieldIssue[], message = 'Some fields are not valid.'): AppError {
  return new AppError('invalid_input', message, issues, part);
}

/** The point of a ZIP code (its centre) or of given coordinates, with its state when known. */
async function resolvePlace(
  directory: ProgramDirectory,
  place: { zip?: string | undefined; location?: Point | undefined },
  part: string,
): Promise<{ point: Point; zip: string | null; state: string | null }> {
  const zips = await directory.zipCentroids();
  if (place.location) return { point: place.location, zip: null, state: zips.stateAt(place.location) ?? null };
  const zip = place.zip as string;
  const point = zips.lookup(zip);
  if (!point) throw invalid(part, [{ path: 'zip', message: 'is not a US ZIP code we know' }]);
  return { point, zip, state: zips.stateOf(zip) ?? null };
}

export interface ListedProgram {
  program: Program;
  distanceMiles?: number;
}

/**
 * Programs by name (or, near a place, nearest first), with the total: without a place, every
 * program of the setting; with one, those within the radius.
 */
export async function listDirectory(
  db: Executor,
  directory: ProgramDirectory,
  query: z.output<typeof ProgramListQuery>,
): Promise<{ total: number; items: ListedProgram[] }> {
  const location = query.lat !== undefined && query.lon !== undefined ? { lat: query.lat, lon: query.lon } : undefined;
  if (query.zip === undefined && location === undefined) {
    const page = await listPrograms(db, { setting: query.setting, limit: query.limit, offset: query.offset });
    return { total: page.total, items: page.items.map((stored) => ({ program: stored.program })) };
  }
  const { point } = await resolvePlace(directory, { zip: query.zip, location }, 'query');
  const nearby = nearbyPrograms(await directory.index(), {
    setting: query.setting,
    location: point,
    radiusMiles: query.radiusMiles,
  });
  return { total: nearby.length, items: nearby.slice(query.offset, query.offset + query.limit) };
}

export async function readProgram(db: Executor, id: string): Promise<StoredProgram> {
  const stored = await getProgram(db, id);
  if (!stored) throw new AppError('not_found', PROGRAM_NOT_FOUND);
  return stored;
}

/** Ranks programs for a person's week, place and needs. */
export async function matchDirectory(
  directory: ProgramDirectory,
  body: z.output<typeof MatchBody>,
): Promise<{
  place: Point & { zip: string | null; state: string | null };
  results: MatchResult[];
  shortfall: Shortfall | null;
}> {
  const { point, zip, state } = await resolvePlace(directory, body, 'body');
  const index = await directory.index();
  const request: MatchRequest = {
    availability: body.availability,
    location: point,
    radiusMiles: body.radiusMiles,
    telehealthOk: body.telehealthOk,
    ...(state === null ? {} : { state }),
    setting: body.setting,
    needs: body.needs,
    limit: body.limit,
    language: body.language,
  };
  const results = matchPrograms(index, request);
  return { place: { ...point, zip, state }, results, shortfall: shortfallOf(index, request, results) };
}

/** Why a search found nothing that fits (see shortfallOf). */
export interface Shortfall {
  cause: 'distance' | 'needs' | 'times' | 'none';
  nearestMiles: number | null;
}

/** How far a person may widen the search in one step at most, for the distance check. */
export const WIDEST_RADIUS_MILES = 100;

/**
 * Why a search found nothing that fits, so the person is told what to change: the distance (a
 * radius up to 100 miles finds programs; the nearest is said), their needs (programs nearby were
 * all left out by payment, medication, language, population, a sober home or being full), the
 * times (programs were found, but none meets in the free times), or nothing at all nearby.
 */
export function shortfallOf(
  index: ProgramIndex,
  request: MatchRequest,
  results: readonly MatchResult[],
): Shortfall | null {
  if (results.length > 0) {
    const noneFit = request.availability !== undefined && results.every((result) => result.scheduleFit === 'none');
    return noneFit ? { cause: 'times', nearestMiles: null } : null;
  }
  const probe = { ...request, limit: 1, availability: undefined };
  if (request.needs !== undefined && matchPrograms(index, { ...probe, needs: undefined }).length > 0) {
    return { cause: 'needs', nearestMiles: null };
  }
  if (request.radiusMiles < WIDEST_RADIUS_MILES) {
    const wider = matchPrograms(index, { ...probe, radiusMiles: WIDEST_RADIUS_MILES, limit: MAX_MATCH_LIMIT });
    const distances = wider.flatMap((result) => (result.distanceMiles === null ? [] : [result.distanceMiles]));
    if (distances.length > 0) return { cause: 'distance', nearestMiles: Math.min(...distances) };
  }
  return { cause: 'none', nearestMiles: null };
}

/** Parses `mon.18:00-21:00,wed.18:00-21:00` into weekly time, or reports why not. */
export function parseFreeTime(text: string): { slots: Slot[] } {
  const slots = text
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const match = /^\s*([a-z]{3})\.(\d{2}:\d{2})-(\d{2}:\d{2})\s*$/.exec(part);
      return match ? { day: match[1], start: match[2], end: match[3] } : { day: part };
    });
  const parsed = parseWith(WeeklyTimeSchema, { slots });
  if (!parsed.ok) {
    throw invalid(
      'query',
      parsed.issues.map((issue) => ({
        path: 'free',
        message: `${issue.path.replace(/^slots\./, 'slot ')}: ${issue.message} (write free time as mon.18:00-21:00,wed.18:00-21:00)`,
      })),
    );
  }
  return parsed.value;
}

/** The iCalendar text of the program's chosen track: the one named, else the one that fits `free` best, else the first. */
export async function programCalendar(
  db: Executor,
  id: string,
  query: z.output<typeof CalendarQuery>,
  now: Date,
): Promise<{ filename: string; text: string }> {
  const { program } = await readProgram(db, id);
  if (program.tracks.length === 0) {
    throw new AppError('not_found', 'This program has no session times on file, so there is no calendar to give.');
  }
  let index: number | undefined;
  if (query.track !== undefined) {
    const wanted = query.track.toLowerCase();
    index = program.tracks.findIndex((track) => track.name.toLowerCase() === wanted);
    if (index < 0) {
      throw invalid('query', [
        {
          path: 'track',
          message: `no such track; this program has ${program.tracks.map((track) => `"${track.name}"`).join(', ')}`,
        },
      ]);
    }
  } else {
    index = chooseTrack(program.tracks, query.free === undefined ? undefined : parseFreeTime(query.free));
  }
  const text = trackCalendar(program, index ?? 0, {
    from: query.from ?? now.toISOString().slice(0, 10),
    weeks: query.weeks ?? program.typicalDurationWeeks,
    now,
  });
  const slug = `${program.name}-${program.tracks[index ?? 0]?.name ?? ''}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return { filename: `${slug || 'program'}.ics`, text };
}

/** The admin's patch as overrides of the program's current facts, each checked whole. */
function overridesOf(program: Program, patch: z.output<typeof ProgramPatchBody>): ProgramOverrides {
  const overrides: ProgramOverrides = {};
  const issues: FieldIssue[] = [];
  const check = <S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> | undefined => {
    const parsed = parseWith(schema, value);
    if (parsed.ok) return parsed.value;
    issues.push(...parsed.issues.map((issue) => ({ path: `${field}.${issue.path}`, message: issue.message })));
    return undefined;
  };
  if (patch.name !== undefined) overrides.name = patch.name;
  if (patch.typicalDurationWeeks !== undefined) overrides.typicalDurationWeeks = patch.typicalDurationWeeks;
  if (patch.therapies !== undefined) overrides.therapies = patch.therapies;
  if (patch.coOccurring !== undefined) overrides.coOccurring = patch.coOccurring;
  if (patch.populations !== undefined) overrides.populations = [...new Set(patch.populations)];
  if (patch.languages !== undefined) overrides.languages = [...new Set(patch.languages)];
  if (patch.payment !== undefined) overrides.payment = [...new Set(patch.payment)];
  if (patch.telehealth !== undefined) overrides.telehealth = patch.telehealth;
  if (patch.services !== undefined) {
    const services = check(ServicesSchema, { ...program.services, ...patch.services }, 'services');
    if (services) overrides.services = services;
  }
  if (patch.location !== undefined) {
    // New coordinates from an admin are the address's own, unless they say otherwise.
    const moved = patch.location.lat !== undefined || patch.location.lon !== undefined;
    const location = check(
      LocationSchema,
      { ...program.location, ...(moved ? { approximate: false } : {}), ...patch.location },
      'location',
    );
    if (location) overrides.location = location;
  }
  if (patch.contact !== undefined) {
    const contact = check(ContactSchema, { ...program.contact, ...patch.contact }, 'contact');
    if (contact) overrides.contact = contact;
  }
  if (issues.length > 0) throw invalid('body', issues);
  return overrides;
}

/**
 * Who changes the directory: a clinic's admin through the API (their clinic's programs only), or the
 * operator through the command line (any program; audited as the system).
 */
export type DirectoryEditor = { kind: 'user'; context: RequestContext } | { kind: 'operator'; now: Date };

function nowOf(editor: DirectoryEditor): Date {
  return editor.kind === 'user' ? editor.context.now : editor.now;
}

function changerOf(editor: DirectoryEditor): ProgramChanger {
  return editor.kind === 'user'
    ? { kind: 'user', userId: editor.context.actor.userId, organizationId: editor.context.actor.organizationId }
    : { kind: 'system' };
}

/** The audit event of a change: in the clinic's log for a user, in the system's for the operator. */
async function auditChange(db: Executor, editor: DirectoryEditor, fact: AuditFact): Promise<void> {
  if (editor.kind === 'user') {
    await recordAudit(db, editor.context, [fact]);
    return;
  }
  await insertAuditEvents(db, [
    {
      at: editor.now.toISOString(),
      organizationId: null,
      actorUserId: null,
      actorKind: 'system',
      action: fact.action,
      resourceType: fact.resourceType,
      resourceId: fact.resourceId,
      clientId: null,
      outcome: fact.outcome ?? 'success',
      ip: null,
      requestId: null,
    },
  ]);
}

export const DIRECTORY_PROGRAM_READ_ONLY =
  'This program comes from the shared directory: only the operator changes it (stepdown programs edit). Add a note for your clinic instead.';
export const OTHER_CLINICS_PROGRAM =
  'Another clinic listed this program, and only its admins change it. Add a note for your clinic instead.';

/**
 * Refuses a user's change to a program their clinic does not own (a directory program, or another
 * clinic's), with a denied audit event in their log. The operator may change any program.
 */
async function checkOwner(
  db: Executor,
  editor: DirectoryEditor,
  stored: StoredProgram,
  action: AuditAction,
): Promise<void> {
  if (editor.kind === 'operator') return;
  if (stored.ownerOrganizationId === editor.context.actor.organizationId) return;
  await recordAudit(db, editor.context, [
    { action, resourceType: 'program', resourceId: stored.program.id, clientId: null, outcome: 'denied' },
  ]);
  throw new AppError(
    'forbidden',
    stored.ownerOrganizationId === null ? DIRECTORY_PROGRAM_READ_ONLY : OTHER_CLINICS_PROGRAM,
  );
}

/** The values of `fields` in a program, for the history's before and after. */
function valuesOf(program: Program, fields: readonly string[]): Record<string, unknown> {
  const record = program as unknown as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, record[field] ?? null]));
}

/**
 * Applies corrections to a program: a clinic admin's to their clinic's own programs, the
 * operator's to any (on a directory program they survive newer imports). Audited, and kept in the
 * program's history with the values before and after.
 */
export async function editProgram(
  db: Executor,
  editor: DirectoryEditor,
  id: string,
  patch: z.output<typeof ProgramPatchBody>,
): Promise<StoredProgram> {
  const current = await readProgram(db, id);
  await checkOwner(db, editor, current, 'program.update');
  const overrides = overridesOf(current.program, patch);
  const now = nowOf(editor);
  // The day as the clinic reads it (the operator's: the server's time zone).
  const today =
    editor.kind === 'user' ? calendarDate(now, editor.context.timeZone) : calendarDate(now, systemTimeZone());
  const accepting = patch.acceptingNewClients;
  const fields = [...Object.keys(overrides), ...(accepting === undefined ? [] : ['acceptingNewClients'])];
  const updated = await db.transaction().execute(async (trx) => {
    const before = await getProgram(trx, id);
    if (!before) return undefined;
    const stored = await patchProgram(
      trx,
      id,
      {
        overrides,
        ...(accepting === undefined
          ? {}
          : {
              acceptingNewClients: {
                value: accepting.value,
                confirmedAt: accepting.value === null ? null : (accepting.confirmedAt ?? today),
              },
            }),
      },
      now.toISOString(),
    );
    if (!stored) return undefined;
    await insertProgramChange(trx, {
      programId: id,
      at: now.toISOString(),
      action: 'update',
      by: changerOf(editor),
      before: valuesOf(before.program, fields),
      after: valuesOf(stored.program, fields),
    });
    await auditChange(trx, editor, {
      action: 'program.update',
      resourceType: 'program',
      resourceId: id,
      clientId: null,
    });
    return stored;
  });
  if (!updated) throw new AppError('not_found', PROGRAM_NOT_FOUND);
  return updated;
}

/** Replaces a program's session tracks (the owner's clinic, or the operator). Audited and kept in its history. */
export async function replaceTracks(
  db: Executor,
  editor: DirectoryEditor,
  id: string,
  tracks: Track[],
): Promise<StoredProgram> {
  await checkOwner(db, editor, await readProgram(db, id), 'program.tracks.replace');
  const now = nowOf(editor).toISOString();
  const updated = await db.transaction().execute(async (trx) => {
    const before = await getProgram(trx, id);
    if (!before) return undefined;
    const stored = await replaceProgramTracks(trx, id, tracks, now);
    if (!stored) return undefined;
    await insertProgramChange(trx, {
      programId: id,
      at: now,
      action: 'tracks',
      by: changerOf(editor),
      before: { tracks: before.program.tracks },
      after: { tracks: stored.program.tracks },
    });
    await auditChange(trx, editor, {
      action: 'program.tracks.replace',
      resourceType: 'program',
      resourceId: id,
      clientId: null,
    });
    return stored;
  });
  if (!updated) throw new AppError('not_found', PROGRAM_NOT_FOUND);
  return updated;
}

/**
 * Adds a program owned by the admin's clinic: in the shared directory for everyone to find and
 * refer to, labelled as listed by the clinic, and changed by its admins alone. Without coordinates,
 * a known ZIP code places it at the code's centre (marked approximate).
 */
export async function createOwnedProgram(
  db: Executor,
  directory: ProgramDirectory,
  context: RequestContext,
  body: z.output<typeof NewProgramBody>,
): Promise<StoredProgram> {
  const organization = await getOrganization(db, context.actor.organizationId);
  if (!organization) throw new Error('the signed-in user has no organisation');
  const location = {
    street1: null,
    street2: null,
    city: null,
    state: null,
    zip: null,
    lat: null,
    lon: null,
    approximate: false,
    ...body.location,
  };
  if ((location.lat === null || location.lon === null) && location.zip !== null) {
    const zips = await directory.zipCentroids();
    const centre = zips.lookup(location.zip);
    if (!centre) throw invalid('body', [{ path: 'location.zip', message: 'is not a US ZIP code we know' }]);
    Object.assign(location, { lat: centre.lat, lon: centre.lon, approximate: true });
    location.state ??= zips.stateOf(location.zip) ?? null;
  }
  const today = calendarDate(context.now, context.timeZone);
  const candidate = {
    id: randomUUID(),
    name: body.name,
    setting: body.setting,
    tracks: body.tracks ?? [],
    typicalDurationWeeks: body.typicalDurationWeeks ?? null,
    therapies: body.therapies ?? [],
    services: { ...NO_SERVICES, ...body.services },
    coOccurring: body.coOccurring ?? false,
    populations: [...new Set(body.populations ?? [])],
    languages: [...new Set(body.languages ?? ['en'])],
    payment: [...new Set(body.payment ?? [])],
    telehealth: body.telehealth ?? false,
    location,
    contact: { phone: null, intakePhone: null, website: null, ...body.contact },
    acceptingNewClients: {
      value: body.acceptingNewClients?.value ?? null,
      confirmedAt:
        (body.acceptingNewClients?.value ?? null) === null ? null : (body.acceptingNewClients?.confirmedAt ?? today),
    },
    provenance: { source: 'clinic', file: organization.name.slice(0, 300), edition: today },
  };
  const parsed = parseWith(ProgramSchema, candidate);
  if (!parsed.ok) throw invalid('body', parsed.issues);
  const program: Program = parsed.value;
  return db.transaction().execute(async (trx) => {
    await insertOwnedProgram(trx, program, organization.id, context.now.toISOString());
    const stored = await getProgram(trx, program.id);
    if (!stored) throw new Error('the program just added is missing');
    await insertProgramChange(trx, {
      programId: program.id,
      at: context.now.toISOString(),
      action: 'create',
      by: changerOf({ kind: 'user', context }),
      before: null,
      after: stored.program,
    });
    await recordAudit(trx, context, [
      { action: 'program.create', resourceType: 'program', resourceId: program.id, clientId: null },
    ]);
    return stored;
  });
}

/** Sets, or with null removes, the clinic's own note on a program: seen by its users alone. Audited, with its history. */
export async function setClinicNote(
  db: Executor,
  context: RequestContext,
  id: string,
  text: string | null,
): Promise<ProgramNote | null> {
  const organizationId = context.actor.organizationId;
  const now = context.now.toISOString();
  const result = await db.transaction().execute(async (trx) => {
    if (!(await getProgram(trx, id))) return undefined;
    const before = await getProgramNote(trx, id, organizationId);
    await setProgramNote(trx, { programId: id, organizationId, text, userId: context.actor.userId, now });
    await insertProgramChange(trx, {
      programId: id,
      at: now,
      action: 'note',
      by: changerOf({ kind: 'user', context }),
      noteOrganizationId: organizationId,
      before: { note: before?.text ?? null },
      after: { note: text },
    });
    await recordAudit(trx, context, [
      {
        action: text === null ? 'program.note.remove' : 'program.note.set',
        resourceType: 'program',
        resourceId: id,
        clientId: null,
      },
    ]);
    return { note: text === null ? null : await getProgramNote(trx, id, organizationId) };
  });
  if (!result) throw new AppError('not_found', PROGRAM_NOT_FOUND);
  return result.note ?? null;
}

/** What one caller sees of a program beyond its facts: who owns it, whether they may change it, their clinic's note. */
export interface ProgramView {
  ownedBy: string | null;
  editable: boolean;
  note: ProgramNote | null;
}

export async function programViewFor(
  db: Executor,
  stored: StoredProgram,
  viewer: { organizationId: string; role: string } | null,
): Promise<ProgramView> {
  const owner = stored.ownerOrganizationId === null ? undefined : await getOrganization(db, stored.ownerOrganizationId);
  const own = viewer !== null && stored.ownerOrganizationId === viewer.organizationId;
  return {
    ownedBy: owner?.name ?? null,
    editable: own && viewer?.role === 'admin',
    note: viewer === null ? null : ((await getProgramNote(db, stored.program.id, viewer.organizationId)) ?? null),
  };
}

/** A program's history as a signed-in user sees it: every change to it, and their own clinic's note changes. */
export async function programHistory(db: Executor, context: RequestContext, id: string): Promise<ProgramChange[]> {
  await readProgram(db, id);
  return listProgramChanges(db, id, { organizationId: context.actor.organizationId });
}
