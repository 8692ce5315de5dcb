/**
 * Measures: a result is checked and scored by the core against its instrument, saved with its
 * alerts and its audit event in one transaction, and listed newest first with its change against
 * the client's first result on the same instrument.
 */
import { AppError, invalidInput } from '../../core/errors.js';
import type { Instrument, InstrumentRegistry } from '../../core/measures/index.js';
import { scoreAnswers } from '../../core/measures/score.js';
import { getClient } from '../../storage/clients.js';
import type { Executor } from '../../storage/executor.js';
import { firstTotalsOfClient, insertMeasure, listMeasuresOfClient } from '../../storage/measures.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { clientForChange, deniedClient } from './clients.js';
import { type MeasureWithChange, withChanges, withFirstChanges } from './measure-changes.js';
import { evaluateClientSignals, type SignalEvaluation } from './step-signals.js';

export type { MeasureWithChange } from './measure-changes.js';

/** How far ahead of the server's clock a device's clock may be. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface MeasureInput {
  instrument: string;
  answers: ReadonlyArray<number | null>;
  takenAt: string;
  sex?: 'female' | 'male' | undefined;
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

/**
 * Saves a result entered by a clinician (or sent for the client), and evaluates the client's
 * signals in the same transaction (their step signals kept); 409 while the client is archived.
 */
export async function createMeasure(
  db: Executor,
  context: RequestContext,
  evaluation: SignalEvaluation,
  clientId: string,
  input: MeasureInput,
): Promise<MeasureWithChange> {
  const { instruments } = evaluation;
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
    await evaluateClientSignals(trx, evaluation, {
      organizationId: context.actor.organizationId,
      clientId,
      now: context.now,
    });
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
    return withFirstChanges(instruments, measures);
  });
  if (!items) throw await deniedClient(db, context, 'measure.list', clientId);
  return items;
}

export const MEASURE_NOT_FOUND = 'No measure with this id in your organisation.';

/** A not-found error for a measure id. */
export function measureNotFound(): AppError {
  return new AppError('not_found', MEASURE_NOT_FOUND);
}
