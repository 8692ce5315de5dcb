/**
 * Programs near a place, nearest first: the directory listing's "within N miles of a ZIP code",
 * answered from the matching index's geographic part without the matching rules.
 */
import { around, distance } from 'geokdbush';
import { KM_PER_MILE, type ProgramIndex } from './match.js';
import type { Point } from './match-request.js';
import { PROGRAM_SETTINGS, type Program, type ProgramSetting } from './program.js';

export interface NearbyProgram {
  program: Program;
  distanceMiles: number;
}

/** Every program of the setting (or of all settings) within the radius, nearest first, then by name and id. */
export function nearbyPrograms(
  index: ProgramIndex,
  query: { setting?: ProgramSetting | undefined; location: Point; radiusMiles: number },
): NearbyProgram[] {
  const radiusKm = query.radiusMiles * KM_PER_MILE;
  const { lat, lon } = query.location;
  const found: NearbyProgram[] = [];
  for (const setting of query.setting ? [query.setting] : PROGRAM_SETTINGS) {
    const part = index.settings.get(setting);
    if (!part?.spatial) continue;
    for (const id of around(part.spatial, lon, lat, Number.POSITIVE_INFINITY, radiusKm)) {
      const program = index.programs[part.located[id] as number] as Program;
      const km = distance(lon, lat, program.location.lon as number, program.location.lat as number);
      found.push({ program, distanceMiles: km / KM_PER_MILE });
    }
  }
  return found.sort(
    (a, b) =>
      a.distanceMiles - b.distanceMiles ||
      (a.program.name < b.program.name ? -1 : a.program.name > b.program.name ? 1 : 0) ||
      (a.program.id < b.program.id ? -1 : 1),
  );
}
