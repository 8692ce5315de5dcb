/**
 * Matching by looking at every program in turn, with no index and no precomputed bits: the plain
 * reading of the rules. Tests check the indexed matcher against it, and the benchmark measures the
 * index against it.
 */
import { distance } from 'geokdbush';
import { offersLanguage } from './labels.js';
import {
  type Candidate,
  DEFAULT_MATCH_LIMIT,
  KM_PER_MILE,
  MEDICATION_MISMATCH_PENALTY,
  type MatchResult,
  medicationsNotKept,
  UNKNOWN_SCHEDULE_SCORE,
  explainMatch,
  ranksBefore,
  softScore,
  trackScore,
} from './match.js';
import type { MatchRequest } from './match-request.js';
import type { Program } from './program.js';
import { type FreeTime, freeMinutesIn, freeTimeOf } from './schedule-fit.js';
import { minutesOf } from '../schedule/weekly-time.js';

/** Whether a program passes every hard filter except distance. */
export function passesHardFilters(program: Program, request: MatchRequest): boolean {
  const needs = request.needs ?? {};
  if (program.setting !== request.setting) return false;
  if (program.acceptingNewClients.value === false) return false;
  if (needs.payment !== undefined && !program.payment.includes(needs.payment)) return false;
  if (needs.population !== undefined && !program.populations.includes(needs.population)) return false;
  if (
    needs.medicationContinuity !== undefined &&
    !program.services.acceptsMoudFromElsewhere &&
    !program.services.moud.includes(needs.medicationContinuity)
  ) {
    return false;
  }
  if (needs.language !== undefined && !offersLanguage(program.languages, needs.language)) return false;
  if (needs.recoveryHousing === true && program.services.recoveryHousing !== true) return false;
  return true;
}

function scheduleScoreOf(program: Program, free: FreeTime | undefined): number {
  if (free === undefined) return 0;
  if (program.tracks.length === 0) return UNKNOWN_SCHEDULE_SCORE;
  let best = 0;
  for (const track of program.tracks) {
    let total = 0;
    let inFree = 0;
    for (const slot of track.slots) {
      total += minutesOf(slot.end) - minutesOf(slot.start);
      inFree += freeMinutesIn(free, slot);
    }
    best = Math.max(best, trackScore(inFree, total));
  }
  return best;
}

/** The same answer as `matchPrograms`, computed by a linear scan over every program. */
export function matchProgramsByScan(programs: readonly Program[], request: MatchRequest): MatchResult[] {
  const free = request.availability ? freeTimeOf(request.availability) : undefined;
  const radiusKm = request.radiusMiles * KM_PER_MILE;
  const { lat, lon } = request.location;
  const candidates: Candidate[] = [];
  programs.forEach((program, p) => {
    if (!passesHardFilters(program, request)) return;
    const { lat: plat, lon: plon } = program.location;
    const distanceKm = plat === null || plon === null ? null : distance(lon, lat, plon, plat);
    const near = distanceKm !== null && distanceKm <= radiusKm;
    const reaches =
      request.telehealthOk &&
      program.telehealth &&
      (request.state === undefined || program.location.state === request.state);
    if (!near && !reaches) return;
    const penalty =
      medicationsNotKept(program, request.needs?.medications ?? []).length > 0 ? MEDICATION_MISMATCH_PENALTY : 0;
    const score =
      softScore(
        scheduleScoreOf(program, free),
        distanceKm,
        radiusKm,
        request.needs?.coOccurring === true && program.coOccurring,
      ) - penalty;
    candidates.push({ p, distanceKm, score });
  });
  candidates.sort((a, b) => (ranksBefore(programs, a, b) ? -1 : 1));
  return candidates
    .slice(0, request.limit ?? DEFAULT_MATCH_LIMIT)
    .map((candidate) => explainMatch(programs[candidate.p] as Program, candidate, request, free));
}
