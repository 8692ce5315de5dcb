/**
 * Each measure's change against the client's first total on its instrument, worked out from the
 * measures themselves: used by the measures list and by the signal facts alike.
 */
import type { InstrumentRegistry } from '../../core/measures/index.js';
import { changeBetween, type MeasureChange } from '../../core/measures/score.js';
import type { MeasureRecord } from '../../storage/measures.js';

export interface MeasureWithChange {
  measure: MeasureRecord;
  change: MeasureChange | null;
}

/** The change of each measure against the first total on its instrument. */
export function withChanges(
  instruments: InstrumentRegistry,
  measures: readonly MeasureRecord[],
  firstTotals: ReadonlyMap<string, { measureId: string; total: number }>,
): MeasureWithChange[] {
  return measures.map((measure) => {
    const first = firstTotals.get(measure.instrumentId);
    const instrument = instruments.get(measure.instrumentId);
    const change =
      first && instrument && first.measureId !== measure.id
        ? changeBetween(instrument, first.total, measure.total)
        : null;
    return { measure, change };
  });
}

/** A client's whole list of measures (newest first, as listMeasuresOfClient gives it), each with its change. */
export function withFirstChanges(
  instruments: InstrumentRegistry,
  newestFirst: readonly MeasureRecord[],
): MeasureWithChange[] {
  // The oldest with a total on each instrument is its first.
  const firstTotals = new Map<string, { measureId: string; total: number }>();
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const measure = newestFirst[i];
    if (measure && measure.total !== null && !firstTotals.has(measure.instrumentId)) {
      firstTotals.set(measure.instrumentId, { measureId: measure.id, total: measure.total });
    }
  }
  return withChanges(instruments, newestFirst, firstTotals);
}
