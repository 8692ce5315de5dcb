/**
 * The centre of a US ZIP code, from the offline `zipcodes` table: where a listing without
 * coordinates is placed (marked approximate), and where a person searching by ZIP is. The state of
 * a point is that of the nearest ZIP centre (for telehealth, which is licensed by state). The table
 * is large (5 MB of source), so it is loaded on first use, not at start-up.
 */
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { Point } from '../../core/programs/match-request.js';

export interface ZipCentroids {
  /** The centre of a 5-digit ZIP code, or undefined when the table does not know it. */
  lookup(zip: string): Point | undefined;
  /** The state of a 5-digit ZIP code. */
  stateOf(zip: string): string | undefined;
  /** The state of the ZIP code whose centre is nearest a point (within 100 km). */
  stateAt(point: Point): string | undefined;
}

const NEAREST_ZIP_MAX_KM = 100;

/** Loads the ZIP table; keep the result, as loading takes about a second. */
export async function loadZipCentroids(): Promise<ZipCentroids> {
  const { default: zipcodes } = await import('zipcodes');
  const record = (zip: string) => {
    if (!/^\d{5}$/.test(zip)) return undefined;
    const found = zipcodes.lookup(zip);
    return found && Number.isFinite(found.latitude) && Number.isFinite(found.longitude) ? found : undefined;
  };
  let nearest: { index: KDBush; states: string[] } | undefined;
  const nearestIndex = () => {
    if (nearest) return nearest;
    const entries = Object.values(zipcodes.codes).filter(
      (entry) => /^\d{5}$/.test(entry.zip) && Number.isFinite(entry.latitude) && Number.isFinite(entry.longitude),
    );
    const index = new KDBush(entries.length);
    for (const entry of entries) index.add(entry.longitude, entry.latitude);
    nearest = { index: index.finish(), states: entries.map((entry) => entry.state) };
    return nearest;
  };
  return {
    lookup(zip) {
      const found = record(zip);
      return found ? { lat: found.latitude, lon: found.longitude } : undefined;
    },
    stateOf(zip) {
      return record(zip)?.state;
    },
    stateAt(point) {
      const { index, states } = nearestIndex();
      const [id] = around(index, point.lon, point.lat, 1, NEAREST_ZIP_MAX_KM);
      return id === undefined ? undefined : states[id];
    },
  };
}

/** A lazily loaded table shared by everything one server or one import does. */
export function lazyZipCentroids(): () => Promise<ZipCentroids> {
  let loading: Promise<ZipCentroids> | undefined;
  return () => {
    loading ??= loadZipCentroids();
    return loading;
  };
}
