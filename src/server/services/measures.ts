/**
 * Measures: a result is checked and scored by the core against its instrument, saved with its
 * alerts and its audit event in one transaction, and listed newest first with its change against
 * the client's first result on the same instrument.
 */
import { AppError, invalidInput } from '../../core/errors.js';
import type { Instrument, InstrumentRegistry } from '../../core/measures/index.js';
import { changeBetween, type MeasureChange, scoreAnswers } from '../../core/measures/score.js';
import { getClient } from '../../storage/clients.js';
import type { Executor } from '../../storage/executor.js';
import {
  firstTotalsOfClient,
  insertMeasure,
  listMeasuresOfClient,
  type MeasureRecord,
} from '../../storage/measures.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { clientForChange, deniedClient } from './clients.js';

/** How far ahead of the server's clock a device's clock may be. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface MeasureInput {
  instrument: string;
  answers: ReadonlyArray<number | null>;
  takenAt: string;
  sex?: 'female' | 'male' | undefined;
}

export interface MeasureWithChange {
  measure: MeasureRecord;
  change: MeasureChange | null;
}

/** The instrument named, or a 400 naming the field with the ids there are. */
export function instrumentFor(instruments: InstrumentRegistry, id: string): Instrument {
  const found = instruments.get(id);
  if (!found) {
    throw invalidInput([
      { path: 'instrument', message: `must be one of ${instruments.all.map((i) => i.id).join(', ')}` },
    ]);
  }
  return found;
}

/** Checks and scores a result; throws a 400 naming each bad field (`answers.8`, `takenAt`). */
export function scoreInput(instruments: InstrumentRegistry, input: MeasureInput, now: Date) {
  const instrument = instrumentFor(instruments, input.instrument);
  const scored = scoreAnswers(instrument, input.answers, { sex: input.sex });
  const takenAt = new Date(input.takenAt);
  const issues = scored.ok ? [] : [...scored.issues];
  if (takenAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
    issues.push({ path: 'takenAt', message: 'must not be in the future' });
  if (!scored.ok || issues.length > 0) throw invalidInput(issues, `The ${instrument.name} answers are not valid.`);
  return { instrument, score: scored.value, takenAt: takenAt.toISOString() };
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

/** Saves a result entered by a clinician (or sent for the client); 409 while the client is archived. */
export async function createMeasure(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  clientId: string,
  input: MeasureInput,
): Promise<MeasureWithChange> {
  const { instrument, score, takenAt } = scoreInput(instruments, input, context.now);
  const saved = await db.transaction().execute(async (trx) => {
    if (!(await clientForChange(trx, context.actor.organizationId, clientId, 'adding a measure'))) return undefined;
    const measure = await insertMeasure(trx, {
      organizationId: context.actor.organizationId,
      clientId,
      instrumentId: instrument.id,
      instrumentVersion: instrument.version,
      answers: input.answers,
      total: score.total,
      severity: score.severity,
      scores: score.scores,
      sex: input.sex ?? null,
      takenAt,
      via: 'clinician',
      enteredBy: context.actor.userId,
      now: context.now.toISOString(),
      alerts: score.alerts,
    });
    await recordAudit(trx, context, [
      { action: 'measure.create', resourceType: 'measure', resourceId: measure.id, clientId },
    ]);
    const firstTotals = await firstTotalsOfClient(trx, context.actor.organizationId, clientId);
    return withChanges(instruments, [measure], firstTotals)[0];
  });
  if (!saved) throw await deniedClient(db, context, 'measure.create', clientId);
  return saved;
}

/** A client's results, newest first, each with its change against the first on its instrument. */
export async function listMeasures(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  clientId: string,
): Promise<MeasureWithChange[]> {
  const organizationId = context.actor.organizationId;
  const items = await db.transaction().execute(async (trx) => {
    if (!(await getClient(trx, organizationId, clientId))) return undefined;
    const measures = await listMeasuresOfClient(trx, organizationId, clientId);
    await recordAudit(trx, context, [
      { action: 'measure.list', resourceType: 'client', resourceId: clientId, clientId },
    ]);
    // The oldest with a total on each instrument is its first: the list is newest first.
    const firstTotals = new Map<string, { measureId: string; total: number }>();
    for (const measure of [...measures].reverse()) {
      if (measure.total !== null && !firstTotals.has(measure.instrumentId)) {
        firstTotals.set(measure.instrumentId, { measureId: measure.id, total: measure.total });
      }
    }
    return withChanges(instruments, measures, firstTotals);
  });
  if (!items) throw await deniedClient(db, context, 'measure.list', clientId);
  return items;
}

export const MEASURE_NOT_FOUND = 'No measure with this id in your organisation.';

/** A not-found error for a measure id. */
export function measureNotFound(): AppError {
  return new AppError('not_found', MEASURE_NOT_FOUND);
}
