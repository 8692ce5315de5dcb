/**
 * Matching a person to programs. Hard filters leave out what cannot work (wrong setting, too far
 * unless by telehealth, payment, language, population, a medication the program would stop, a
 * program that says it is full); soft scores rank the rest (does a track fit the week, how far,
 * mental health care alongside). The index is built once over all programs: one geographic index
 * per setting, and each program's facts as bits, so a query looks only at nearby programs of the
 * setting asked for and explains only the ones it returns.
 */
import KDBush from 'kdbush';
import { distance } from 'geokdbush';
import { DAY_PART_IDS, DAY_PARTS } from '../schedule/week.js';
import { DAYS, type Day, minutesOf } from '../schedule/weekly-time.js';
import { languageLabel, offersLanguage } from './labels.js';
import type { MatchRequest } from './match-request.js';
import { type FreeBlock, MATCH_WORDING, type MatchWording } from './match-wording.js';
import {
  MOUD,
  type Moud,
  PAYMENTS,
  POPULATIONS,
  PROGRAM_SETTINGS,
  type Program,
  type ProgramSetting,
  type Track,
  trackMinutes,
} from './program.js';
import { type FreeTime, type TrackFit, bestTrackFit, describeSlots, freeTimeOf } from './schedule-fit.js';

export const KM_PER_MILE = 1.609344;
const MINUTES_PER_DAY = 24 * 60;
export const DEFAULT_MATCH_LIMIT = 20;

/** Weights of the soft scores; each score is 0..1. Schedule matters most: a missed session is a lost week. */
export const SCORE_WEIGHTS = { schedule: 0.5, distance: 0.35, coOccurring: 0.15 } as const;
/** Schedule score of a program whose session times are not on file: below a track that mostly fits. */
export const UNKNOWN_SCHEDULE_SCORE = 0.35;
/** A track that fits only in part scores this much times its free share, so a full fit always ranks first. */
export const PARTIAL_SCHEDULE_FACTOR = 0.7;

export interface SettingIndex {
  /** Geographic index over the programs of the setting that have coordinates. */
  spatial: KDBush | null;
  /** Program index of each point of `spatial`, by the point's id. */
  located: Uint32Array;
  /** Programs of the setting that offer telehealth. */
  telehealth: Uint32Array;
  /** The same, by the program's state. */
  telehealthByState: ReadonlyMap<string, Uint32Array>;
}

/** Programs prepared for matching; build once, query many times. */
export interface ProgramIndex {
  readonly programs: readonly Program[];
  readonly settings: ReadonlyMap<ProgramSetting, SettingIndex>;
  readonly paymentBits: Uint16Array;
  readonly populationBits: Uint32Array;
  /** Bit per MOUD the program lets a person keep taking (provides it, or accepts it from elsewhere). */
  readonly moudBits: Uint8Array;
  /** 1 accepting, 0 not accepting, -1 not known. */
  readonly accepting: Int8Array;
  /** Week minutes of each track's sessions as [start, end, start, end, ...]; null without tracks. */
  readonly trackRanges: ReadonlyArray<Int32Array[] | null>;
  /** Every language any program offers, lower-cased, by tag and by name. */
  readonly languages: ReadonlySet<string>;
  /** Each program's coordinates; NaN when it has none. */
  readonly lats: Float64Array;
  readonly lons: Float64Array;
}

function weekMinute(day: Day, time: string): number {
  return DAYS.indexOf(day) * MINUTES_PER_DAY + minutesOf(time);
}

function bitsOf<T>(values: readonly T[], all: readonly T[]): number {
  let bits = 0;
  for (const value of values) bits |= 1 << all.indexOf(value);
  return bits;
}

function hasPoint(program: Program): boolean {
  return program.location.lat !== null && program.location.lon !== null;
}

const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

/**
 * Longitude/latitude boxes that hold every point within `radiusKm` of a place on the sphere: one
 * box, or two where it crosses the antimeridian, or a band of all longitudes near a pole.
 */
export function boundingBoxes(lat: number, lon: number, radiusKm: number): Array<[number, number, number, number]> {
  const angle = radiusKm / EARTH_RADIUS_KM;
  const minLat = lat - angle / RAD;
  const maxLat = lat + angle / RAD;
  const sinAngle = Math.sin(angle);
  const cosLat = Math.cos(lat * RAD);
  if (minLat <= -90 || maxLat >= 90 || sinAngle >= cosLat) {
    return [[-180, Math.max(minLat, -90), 180, Math.min(maxLat, 90)]];
  }
  const dLon = Math.asin(sinAngle / cosLat) / RAD;
  const west = lon - dLon;
  const east = lon + dLon;
  if (west < -180)
    return [
      [west + 360, minLat, 180, maxLat],
      [-180, minLat, east, maxLat],
    ];
  if (east > 180)
    return [
      [west, minLat, 180, maxLat],
      [-180, minLat, east - 360, maxLat],
    ];
  return [[west, minLat, east, maxLat]];
}

/** Builds the index over programs. Programs are kept by reference and must not change afterwards. */
export function buildProgramIndex(programs: readonly Program[]): ProgramIndex {
  const count = programs.length;
  const paymentBits = new Uint16Array(count);
  const populationBits = new Uint32Array(count);
  const moudBits = new Uint8Array(count);
  const accepting = new Int8Array(count);
  const trackRanges = new Array<Int32Array[] | null>(count);
  const languages = new Set<string>();
  const lats = new Float64Array(count).fill(Number.NaN);
  const lons = new Float64Array(count).fill(Number.NaN);
  const members = new Map<ProgramSetting, number[]>(PROGRAM_SETTINGS.map((setting) => [setting, []]));
  programs.forEach((program, p) => {
    paymentBits[p] = bitsOf(program.payment, PAYMENTS);
    populationBits[p] = bitsOf(program.populations, POPULATIONS);
    moudBits[p] = program.services.acceptsMoudFromElsewhere
      ? (1 << MOUD.length) - 1
      : bitsOf(program.services.moud, MOUD);
    accepting[p] = program.acceptingNewClients.value === null ? -1 : program.acceptingNewClients.value ? 1 : 0;
    trackRanges[p] =
      program.tracks.length === 0
        ? null
        : program.tracks.map((track) =>
            Int32Array.from(
              track.slots.flatMap((slot) => [weekMinute(slot.day, slot.start), weekMinute(slot.day, slot.end)]),
            ),
          );
    for (const language of program.languages) {
      languages.add(language.toLowerCase());
      languages.add(languageLabel(language).toLowerCase());
    }
    if (hasPoint(program)) {
      lats[p] = program.location.lat as number;
      lons[p] = program.location.lon as number;
    }
    members.get(program.setting)?.push(p);
  });
  const settings = new Map<ProgramSetting, SettingIndex>();
  for (const [setting, list] of members) {
    const locatedList = list.filter((p) => hasPoint(programs[p] as Program));
    let spatial: KDBush | null = null;
    if (locatedList.length > 0) {
      spatial = new KDBush(locatedList.length);
      for (const p of locatedList) {
        const location = (programs[p] as Program).location;
        spatial.add(location.lon as number, location.lat as number);
      }
      spatial.finish();
    }
    const telehealth = list.filter((p) => (programs[p] as Program).telehealth);
    const byState = new Map<string, number[]>();
    for (const p of telehealth) {
      const state = (programs[p] as Program).location.state;
      if (state) byState.set(state, [...(byState.get(state) ?? []), p]);
    }
    settings.set(setting, {
      spatial,
      located: Uint32Array.from(locatedList),
      telehealth: Uint32Array.from(telehealth),
      telehealthByState: new Map([...byState].map(([state, members]) => [state, Uint32Array.from(members)])),
    });
  }
  return { programs, settings, paymentBits, populationBits, moudBits, accepting, trackRanges, languages, lats, lons };
}

/** How the best track sits in the person's week. */
export type ScheduleFit = 'fits' | 'partial' | 'none' | 'unknown' | 'not-asked';

export interface MatchResult {
  program: Program;
  /** 0..1; higher is a better match. */
  score: number;
  distanceMiles: number | null;
  scheduleFit: ScheduleFit;
  /** The track that fits the week best (the first track when no week was given). */
  bestTrack: { name: string; minutesPerWeek: number } | null;
  /** Why it suits, in plain words. */
  fit: string[];
  /** What gets in the way, named. */
  conflicts: string[];
  /** What nobody knows yet and is worth a call. */
  notes: string[];
}

/** A program that passed the hard filters, with its distance and score. */
export interface Candidate {
  /** Position of the program in the list the index or scan was given. */
  p: number;
  distanceKm: number | null;
  score: number;
}

/**
 * Taken off the score of a program that does not accept every medication the person takes, so it
 * ranks below every program that does (soft scores are at most 1).
 */
export const MEDICATION_MISMATCH_PENALTY = 2;

/** The person's medications a program does not say it accepts (it neither provides them nor takes people on them). */
export function medicationsNotKept(program: Program, medications: readonly Moud[]): Moud[] {
  if (program.services.acceptsMoudFromElsewhere) return [];
  return medications.filter((medication) => !program.services.moud.includes(medication));
}

/** The schedule score of one track from its free and total session minutes. */
export function trackScore(freeMinutes: number, totalMinutes: number): number {
  if (totalMinutes === 0) return 0;
  return freeMinutes === totalMinutes ? 1 : (PARTIAL_SCHEDULE_FACTOR * freeMinutes) / totalMinutes;
}

/** The soft score of a candidate: schedule, distance within the radius, and co-occurring care. */
export function softScore(
  scheduleScore: number,
  distanceKm: number | null,
  radiusKm: number,
  coOccurring: boolean,
): number {
  const distanceScore = distanceKm === null || distanceKm > radiusKm ? 0 : 1 - distanceKm / radiusKm;
  return (
    SCORE_WEIGHTS.schedule * scheduleScore +
    SCORE_WEIGHTS.distance * distanceScore +
    (coOccurring ? SCORE_WEIGHTS.coOccurring : 0)
  );
}

/** The free share of the best track from precomputed ranges, without allocating. */
function scheduleScore(ranges: Int32Array[] | null, free: FreeTime | undefined): number {
  if (free === undefined) return 0;
  if (ranges === null) return UNKNOWN_SCHEDULE_SCORE;
  const prefix = free.prefix;
  let best = 0;
  for (const track of ranges) {
    let total = 0;
    let inFree = 0;
    for (let i = 0; i < track.length; i += 2) {
      const start = track[i] as number;
      const end = track[i + 1] as number;
      total += end - start;
      inFree += (prefix[end] as number) - (prefix[start] as number);
    }
    const score = trackScore(inFree, total);
    if (score > best) best = score;
    if (best === 1) break;
  }
  return best;
}

/** True when `a` ranks before `b`: higher score, then nearer, then name, then id (a total order). */
export function ranksBefore(programs: readonly Program[], a: Candidate, b: Candidate): boolean {
  if (a.score !== b.score) return a.score > b.score;
  const da = a.distanceKm ?? Number.POSITIVE_INFINITY;
  const db = b.distanceKm ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da < db;
  const pa = programs[a.p] as Program;
  const pb = programs[b.p] as Program;
  if (pa.name !== pb.name) return pa.name < pb.name;
  return pa.id < pb.id;
}

/** Keeps the best `limit` candidates in a heap whose root is the worst of them. */
class TopK {
  private readonly heap: Candidate[] = [];
  constructor(
    private readonly programs: readonly Program[],
    private readonly limit: number,
  ) {}

  /** False when a candidate with this score cannot enter (saves building it). */
  accepts(score: number): boolean {
    const worst = this.heap[0];
    return this.heap.length < this.limit || worst === undefined || score >= worst.score;
  }

  offer(candidate: Candidate): void {
    const heap = this.heap;
    if (heap.length < this.limit) {
      heap.push(candidate);
      this.up(heap.length - 1);
    } else if (ranksBefore(this.programs, candidate, heap[0] as Candidate)) {
      heap[0] = candidate;
      this.down(0);
    }
  }

  /** The kept candidates, best first. */
  sorted(): Candidate[] {
    return [...this.heap].sort((a, b) => (ranksBefore(this.programs, a, b) ? -1 : 1));
  }

  private worse(i: number, j: number): boolean {
    return ranksBefore(this.programs, this.heap[j] as Candidate, this.heap[i] as Candidate);
  }

  private up(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(start: number): void {
    let i = start;
    const size = this.heap.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < size && this.worse(left, worst)) worst = left;
      if (right < size && this.worse(right, worst)) worst = right;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(i: number, j: number): void {
    const heap = this.heap;
    const held = heap[i] as Candidate;
    heap[i] = heap[j] as Candidate;
    heap[j] = held;
  }
}

/** The hard filters other than distance, as one test per program. */
function hardFilter(index: ProgramIndex, request: MatchRequest): ((p: number) => boolean) | 'none-can-match' {
  const needs = request.needs ?? {};
  const paymentBit = needs.payment === undefined ? 0 : 1 << PAYMENTS.indexOf(needs.payment);
  const populationBit = needs.population === undefined ? 0 : 1 << POPULATIONS.indexOf(needs.population);
  const moudBit = needs.medicationContinuity === undefined ? 0 : 1 << MOUD.indexOf(needs.medicationContinuity);
  const language = needs.language;
  // No program lists the language: nothing can match, and the scan below is skipped.
  if (language !== undefined && !index.languages.has(language.trim().toLowerCase())) return 'none-can-match';
  const { paymentBits, populationBits, moudBits, accepting, programs } = index;
  const housing = needs.recoveryHousing === true;
  return (p) =>
    accepting[p] !== 0 &&
    (!housing || (programs[p] as Program).services.recoveryHousing === true) &&
    ((paymentBits[p] as number) & paymentBit) === paymentBit &&
    ((populationBits[p] as number) & populationBit) === populationBit &&
    ((moudBits[p] as number) & moudBit) === moudBit &&
    (language === undefined || offersLanguage((programs[p] as Program).languages, language));
}

/**
 * Ranks the programs that pass every hard filter, best first, at most `request.limit` (20) of them,
 * each with its plain-language fit, conflicts and notes.
 */
export function matchPrograms(index: ProgramIndex, request: MatchRequest): MatchResult[] {
  const setting = index.settings.get(request.setting);
  const passes = hardFilter(index, request);
  if (!setting || passes === 'none-can-match') return [];
  const free = request.availability ? freeTimeOf(request.availability) : undefined;
  const radiusKm = request.radiusMiles * KM_PER_MILE;
  const wantsCoOccurring = request.needs?.coOccurring === true;
  const medications = request.needs?.medications ?? [];
  const { lat, lon } = request.location;
  const top = new TopK(index.programs, request.limit ?? DEFAULT_MATCH_LIMIT);

  const { lats, lons, programs, trackRanges } = index;
  const within = (p: number): number | null => {
    const plat = lats[p] as number;
    return Number.isNaN(plat) ? null : distance(lon, lat, lons[p] as number, plat);
  };
  /**
   * Scores a program that passed the hard filters. Its best possible score (at distance 0, or 0
   * beyond the radius) is checked first, so most programs never need a distance computed.
   */
  const consider = (p: number, nearby: boolean): void => {
    const schedule = scheduleScore(trackRanges[p] ?? null, free);
    const coOccurring = wantsCoOccurring && (programs[p] as Program).coOccurring;
    const penalty =
      medications.length > 0 && medicationsNotKept(programs[p] as Program, medications).length > 0
        ? MEDICATION_MISMATCH_PENALTY
        : 0;
    if (!top.accepts(softScore(schedule, nearby ? 0 : null, radiusKm, coOccurring) - penalty)) return;
    const distanceKm = within(p);
    const inRadius = distanceKm !== null && distanceKm <= radiusKm;
    // Nearby programs must be in the radius; telehealth ones outside it (inside, they were seen nearby).
    if (inRadius !== nearby) return;
    const score = softScore(schedule, distanceKm, radiusKm, coOccurring) - penalty;
    if (top.accepts(score)) top.offer({ p, distanceKm, score });
  };

  if (setting.spatial) {
    const located = setting.located;
    for (const box of boundingBoxes(lat, lon, radiusKm)) {
      for (const id of setting.spatial.range(box[0], box[1], box[2], box[3])) {
        const p = located[id] as number;
        if (passes(p)) consider(p, true);
      }
    }
  }
  if (request.telehealthOk) {
    // Telehealth reaches across the person's state (programs are licensed by state), or, when the
    // state is not known, anywhere.
    const reach = request.state === undefined ? setting.telehealth : setting.telehealthByState.get(request.state);
    for (const p of reach ?? []) if (passes(p)) consider(p, false);
  }
  return top
    .sorted()
    .map((candidate) => explainMatch(index.programs[candidate.p] as Program, candidate, request, free));
}

/** Where the stretch of free time around a minute of the week ends, or null when the minute is not free. */
function freeStretch(free: FreeTime, minute: number): { start: number; end: number } | null {
  const isFree = (m: number): boolean => (free.prefix[m + 1] as number) - (free.prefix[m] as number) === 1;
  if (!isFree(minute)) return null;
  const dayStart = minute - (minute % MINUTES_PER_DAY);
  let start = minute;
  while (start > dayStart && isFree(start - 1)) start -= 1;
  let end = minute;
  while (end < dayStart + MINUTES_PER_DAY && isFree(end)) end += 1;
  return { start: start - dayStart, end: end - dayStart };
}

/** The name of a free stretch by the part of the aid's grid it ends with (morning ends at noon). */
function freeBlockOf(end: number): FreeBlock {
  for (const part of DAY_PART_IDS) if (minutesOf(DAY_PARTS[part].end) === end) return part;
  return 'time';
}

/**
 * Why one session does not fit: it starts in free time but runs past its end ("ends at 1 pm, after
 * your free morning"), or it is at a time the person is busy.
 */
function conflictText(wording: MatchWording, slot: Track['slots'][number], free: FreeTime | undefined): string {
  const day = wording.days[slot.day];
  const start = minutesOf(slot.start);
  const end = minutesOf(slot.end);
  const time = wording.timeRange(start, end);
  const stretch = free === undefined ? null : freeStretch(free, DAYS.indexOf(slot.day) * MINUTES_PER_DAY + start);
  if (stretch !== null && stretch.end < end) {
    return wording.phrases.sessionRunsPast(day, time, wording.clock(end), wording.freeBlocks[freeBlockOf(stretch.end)]);
  }
  return wording.phrases.sessionConflict(day, time);
}

function scheduleOf(program: Program, free: FreeTime | undefined): { kind: ScheduleFit; fit: TrackFit | undefined } {
  if (program.tracks.length === 0) return { kind: free ? 'unknown' : 'not-asked', fit: undefined };
  if (!free) return { kind: 'not-asked', fit: undefined };
  const fit = bestTrackFit(program.tracks, free);
  if (!fit) return { kind: 'unknown', fit };
  if (fit.conflicts.length === 0) return { kind: 'fits', fit };
  return { kind: fit.freeMinutes > 0 ? 'partial' : 'none', fit };
}

/** The result for one ranked candidate, with its explanations in the request's language; shared with the linear scan. */
export function explainMatch(
  program: Program,
  candidate: Candidate,
  request: MatchRequest,
  free: FreeTime | undefined,
): MatchResult {
  const fit: string[] = [];
  const conflicts: string[] = [];
  const notes: string[] = [];
  const needs = request.needs ?? {};
  const language = request.language ?? 'en';
  const wording = MATCH_WORDING[language];
  const { phrases } = wording;

  const schedule = scheduleOf(program, free);
  const shown = schedule.fit?.track ?? program.tracks[0];
  if (schedule.fit) {
    const { track } = schedule.fit;
    const hours = wording.hours(schedule.fit.sessionMinutes);
    const name = wording.trackName(track);
    if (schedule.kind === 'fits') {
      fit.push(phrases.trackFits(name, describeSlots(track.slots, language), hours));
    } else {
      const fitting = track.slots.length - schedule.fit.conflicts.length;
      if (fitting > 0) {
        fit.push(phrases.someSessionsFit(name, fitting, track.slots.length));
      }
      conflicts.push(...schedule.fit.conflicts.map((slot) => conflictText(wording, slot, free)));
    }
  } else if (program.tracks.length === 0) {
    notes.push(phrases.timesNotOnFile);
  }

  const distanceMiles = candidate.distanceKm === null ? null : candidate.distanceKm / KM_PER_MILE;
  if (distanceMiles !== null) {
    const miles = phrases.distance(wording.miles(distanceMiles), program.location.approximate);
    if (distanceMiles <= request.radiusMiles)
      fit.push(program.location.approximate ? phrases.fromZipCentre(miles) : miles);
    else fit.push(phrases.telehealthAway(miles));
  } else if (program.telehealth) {
    fit.push(phrases.telehealth);
  }
  if (needs.payment) fit.push(phrases.acceptsPayment(wording.payments[needs.payment]));
  if (needs.medicationContinuity) fit.push(phrases.acceptsMedication(wording.medications[needs.medicationContinuity]));
  const notKept = medicationsNotKept(program, needs.medications ?? []);
  for (const medication of needs.medications ?? []) {
    if (notKept.includes(medication)) conflicts.push(phrases.medicationNotListed(wording.medications[medication]));
    else if (medication !== needs.medicationContinuity) {
      fit.push(phrases.acceptsMedication(wording.medications[medication]));
    }
  }
  if (needs.language) fit.push(phrases.offersLanguage(languageLabel(needs.language, language)));
  if (needs.population) fit.push(phrases.hasProgramFor(wording.populations[needs.population]));
  if (needs.recoveryHousing) fit.push(phrases.hasSoberHome);
  if (needs.coOccurring) {
    if (program.coOccurring) fit.push(phrases.treatsCoOccurring);
    else conflicts.push(phrases.noCoOccurring);
  }
  if (program.acceptingNewClients.value === true) {
    const when = program.acceptingNewClients.confirmedAt;
    fit.push(when ? phrases.takingNewClientsConfirmed(wording.date(when)) : phrases.takingNewClients);
  } else {
    notes.push(phrases.acceptingNotConfirmed);
  }

  return {
    program,
    // The ranking penalty for a medication not kept is not part of the score shown.
    score: Math.round((candidate.score + (notKept.length > 0 ? MEDICATION_MISMATCH_PENALTY : 0)) * 1000) / 1000,
    distanceMiles: distanceMiles === null ? null : Math.round(distanceMiles * 10) / 10,
    scheduleFit: schedule.kind,
    bestTrack: shown ? { name: wording.trackName(shown), minutesPerWeek: trackMinutes(shown) } : null,
    fit,
    conflicts,
    notes,
  };
}
