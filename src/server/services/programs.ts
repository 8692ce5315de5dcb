/**
 * The program directory: public reads (list, read, match, calendar) and admin edits. The directory
 * is public information, not client data, so reads are not audited; every admin change is, in the
 * transaction that makes it.
 */
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { trackCalendar } from '../../core/programs/ics.js';
import { matchPrograms, type MatchResult, type ProgramIndex } from '../../core/programs/match.js';
import { MAX_MATCH_LIMIT, type MatchRequest, type Point } from '../../core/programs/match-request.js';
import { nearbyPrograms } from '../../core/programs/nearby.js';
import {
  ContactSchema,
  LocationSchema,
  ServicesSchema,
  type Program,
  type Track,
} from '../../core/programs/program.js';
import { chooseTrack } from '../../core/programs/schedule-fit.js';
import { type Slot, WeeklyTimeSchema } from '../../core/schedule/weekly-time.js';
import { parseWith, type FieldIssue } from '../../core/validation.js';
import { calendarDate } from '../../core/time-zone.js';
import type { Executor } from '../../storage/executor.js';
import {
  getProgram,
  listPrograms,
  patchProgram,
  type ProgramOverrides,
  replaceProgramTracks,
  type StoredProgram,
} from '../../storage/programs.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import type { ProgramDirectory } from '../programs/directory.js';
import type { CalendarQuery, MatchBody, ProgramListQuery, ProgramPatchBody } from '../../core/api/programs.js';

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

/** Applies an admin's corrections to a program; they survive newer imports. Audited. */
export async function editProgram(
  db: Executor,
  context: RequestContext,
  id: string,
  patch: z.output<typeof ProgramPatchBody>,
): Promise<StoredProgram> {
  const current = await readProgram(db, id);
  const overrides = overridesOf(current.program, patch);
  const today = calendarDate(context.now, context.timeZone);
  const accepting = patch.acceptingNewClients;
  const updated = await db.transaction().execute(async (trx) => {
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
      context.now.toISOString(),
    );
    if (stored) {
      await recordAudit(trx, context, [
        { action: 'program.update', resourceType: 'program', resourceId: id, clientId: null },
      ]);
    }
    return stored;
  });
  if (!updated) throw new AppError('not_found', PROGRAM_NOT_FOUND);
  return updated;
}

/** Replaces a program's session tracks. Audited. */
export async function replaceTracks(
  db: Executor,
  context: RequestContext,
  id: string,
  tracks: Track[],
): Promise<StoredProgram> {
  const updated = await db.transaction().execute(async (trx) => {
    const stored = await replaceProgramTracks(trx, id, tracks, context.now.toISOString());
    if (stored) {
      await recordAudit(trx, context, [
        { action: 'program.tracks.replace', resourceType: 'program', resourceId: id, clientId: null },
      ]);
    }
    return stored;
  });
  if (!updated) throw new AppError('not_found', PROGRAM_NOT_FOUND);
  return updated;
}
