/**
 * How a program's session tracks sit in a person's week. The week is turned once into running
 * totals of free minutes, so "how much of this session falls in free time" is one subtraction,
 * whatever the number of availability slots: matching asks it of thousands of sessions.
 */
import { DAYS, type Day, type Slot, type WeeklyTime, minutesOf } from '../schedule/weekly-time.js';
import { MATCH_WORDING, type MatchLanguage } from './match-wording.js';
import type { Track } from './program.js';

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** A person's free time as running totals: `prefix[m]` is the free minutes before minute m of the week. */
export interface FreeTime {
  readonly prefix: Int32Array;
}

function weekMinute(day: Day, time: string): number {
  return DAYS.indexOf(day) * MINUTES_PER_DAY + minutesOf(time);
}

/** Builds the running totals of free minutes of an availability (overlapping slots count once). */
export function freeTimeOf(availability: WeeklyTime): FreeTime {
  const free = new Uint8Array(MINUTES_PER_WEEK);
  for (const slot of availability.slots) {
    free.fill(1, weekMinute(slot.day, slot.start), weekMinute(slot.day, slot.end));
  }
  const prefix = new Int32Array(MINUTES_PER_WEEK + 1);
  for (let minute = 0; minute < MINUTES_PER_WEEK; minute++)
    prefix[minute + 1] = (prefix[minute] as number) + (free[minute] as number);
  return { prefix };
}

/** Free minutes within a session. */
export function freeMinutesIn(free: FreeTime, slot: Slot): number {
  const start = weekMinute(slot.day, slot.start);
  const end = weekMinute(slot.day, slot.end);
  return (free.prefix[end] as number) - (free.prefix[start] as number);
}

export interface TrackFit {
  /** Position of the track in the program's list. */
  index: number;
  track: Track;
  sessionMinutes: number;
  freeMinutes: number;
  /** Sessions that are not entirely inside free time. */
  conflicts: Slot[];
}

/** True when every session of the fit lies in free time. */
export function fitsEntirely(fit: TrackFit): boolean {
  return fit.conflicts.length === 0;
}

/** How one track sits in the week. */
export function fitTrack(track: Track, index: number, free: FreeTime): TrackFit {
  let sessionMinutes = 0;
  let freeMinutes = 0;
  const conflicts: Slot[] = [];
  for (const slot of track.slots) {
    const length = minutesOf(slot.end) - minutesOf(slot.start);
    const inFree = freeMinutesIn(free, slot);
    sessionMinutes += length;
    freeMinutes += inFree;
    if (inFree < length) conflicts.push(slot);
  }
  return { index, track, sessionMinutes, freeMinutes, conflicts };
}

/**
 * The track that fits the week best: one that fits entirely, else the one with the largest share of
 * its session time free, then the fewest conflicting sessions; the first listed wins a tie.
 */
export function bestTrackFit(tracks: readonly Track[], free: FreeTime): TrackFit | undefined {
  let best: TrackFit | undefined;
  tracks.forEach((track, index) => {
    const fit = fitTrack(track, index, free);
    if (!best || better(fit, best)) best = fit;
  });
  return best;
}

function share(fit: TrackFit): number {
  return fit.sessionMinutes === 0 ? 0 : fit.freeMinutes / fit.sessionMinutes;
}

function better(a: TrackFit, b: TrackFit): boolean {
  if (fitsEntirely(a) !== fitsEntirely(b)) return fitsEntirely(a);
  if (share(a) !== share(b)) return share(a) > share(b);
  return a.conflicts.length < b.conflicts.length;
}

/** The fraction of a fit's session time that is free (0..1). */
export function freeShare(fit: TrackFit): number {
  return share(fit);
}

/** A time range as people say it: "6-9 pm", "9 am-12 pm", "11:30 am-1 pm" (in Spanish, "de 6 a 9 de la noche"). */
export function describeTimeRange(start: string, end: string, language: MatchLanguage = 'en'): string {
  return MATCH_WORDING[language].timeRange(minutesOf(start), minutesOf(end));
}

/** Sessions in short form, days that share a time grouped: "Mon/Wed/Thu 6-9 pm, Sat 10 am-12 pm". */
export function describeSlots(slots: readonly Slot[], language: MatchLanguage = 'en'): string {
  const wording = MATCH_WORDING[language];
  const groups = new Map<string, Day[]>();
  const ordered = [...slots].sort((a, b) => weekMinute(a.day, a.start) - weekMinute(b.day, b.start));
  for (const slot of ordered) {
    const key = `${slot.start}|${slot.end}`;
    const days = groups.get(key) ?? [];
    if (!days.includes(slot.day)) days.push(slot.day);
    groups.set(key, days);
  }
  return [...groups.entries()]
    .map(([key, days]) => {
      const [start, end] = key.split('|') as [string, string];
      return `${wording.sessionDays(days)} ${describeTimeRange(start, end, language)}`;
    })
    .join(wording.sessionGroupSeparator);
}

/**
 * Which track to show or export: the one that fits the week best, or the first when no week is
 * given. Undefined for a program without tracks.
 */
export function chooseTrack(tracks: readonly Track[], availability?: WeeklyTime): number | undefined {
  if (tracks.length === 0) return undefined;
  if (!availability) return 0;
  return bestTrackFit(tracks, freeTimeOf(availability))?.index;
}
