/**
 * The centre of a US ZIP code, from the offline `zipcodes` table: where a listing without
 * coordinates is placed (marked approximate), and where a person searching by ZIP is. The table is
 * large (5 MB of source), so it is loaded on first use, not at start-up.
 */
import type { Point } from '../../core/programs/match-request.js';

export interface ZipCentroids {
  /** The centre of a 5-digit ZIP code, or undefined when the table does not know it. */
  lookup(zip: string): Point | undefined;
}

/** Loads the ZIP table; keep the result, as loading takes about a second. */
export async function loadZipCentroids(): Promise<ZipCentroids> {
  const { default: zipcodes } = await import('zipcodes');
  return {
    lookup(zip) {
      if (!/^\d{5}$/.test(zip)) return undefined;
      const record = zipcodes.lookup(zip);
      if (!record || !Number.isFinite(record.latitude) || !Number.isFinite(record.longitude)) return undefined;
      return { lat: record.latitude, lon: record.longitude };
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
