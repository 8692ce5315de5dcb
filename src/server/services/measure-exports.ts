/**
 * Measures as FHIR: each read is a disclosure of the client's record, audited in the transaction
 * that reads it (`measure.export.fhir`). An id of another organisation is not found, recorded as
 * denied in both logs.
 */
import type { Observation, QuestionnaireResponse } from 'fhir/r4.js';
import { AppError } from '../../core/errors.js';
import type { InstrumentRegistry } from '../../core/measures/index.js';
import { getClient } from '../../storage/clients.js';
import type { Executor } from '../../storage/executor.js';
import { getMeasure, type MeasureRecord } from '../../storage/measures.js';
import { getUser } from '../../storage/users.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { measureResponse, measureTotalObservation } from '../fhir/measures.js';
import { MEASURE_NOT_FOUND } from './measures.js';

async function readForExport<T>(
  db: Executor,
  context: RequestContext,
  measureId: string,
  build: (measure: MeasureRecord, trx: Executor) => Promise<T | undefined>,
): Promise<T | undefined> {
  return db.transaction().execute(async (trx) => {
    const measure = await getMeasure(trx, context.actor.organizationId, measureId);
    if (!measure) return undefined;
    const resource = await build(measure, trx);
    if (resource === undefined) return undefined;
    await recordAudit(trx, context, [
      { action: 'measure.export.fhir', resourceType: 'measure', resourceId: measureId, clientId: measure.clientId },
    ]);
    return resource;
  });
}

async function clientName(db: Executor, measure: MeasureRecord): Promise<string> {
  return (await getClient(db, measure.organizationId, measure.clientId))?.displayName ?? 'unknown';
}

/**
 * A measure as a QuestionnaireResponse, or undefined when the organisation has no measure with
 * this id (the caller then tries an assessment, which audits a miss).
 */
export function exportMeasureResponse(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  measureId: string,
): Promise<QuestionnaireResponse | undefined> {
  return readForExport(db, context, measureId, async (measure, trx) => {
    const instrument = instruments.get(measure.instrumentId);
    if (!instrument) return undefined;
    const author =
      measure.enteredBy === null ? null : ((await getUser(trx, measure.enteredBy))?.displayName ?? 'a former user');
    return measureResponse(measure, instrument, { client: await clientName(trx, measure), author });
  });
}

/**
 * The total of a measure as an Observation (none for an instrument without a total: with
 * `requireOne`, that is a 404 too); 404, audited as denied, when the organisation has no such measure.
 */
export async function exportMeasureObservations(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  measureId: string,
  options: { requireOne: boolean },
): Promise<Observation[]> {
  const found = await readForExport(db, context, measureId, async (measure, trx) => {
    const instrument = instruments.get(measure.instrumentId);
    if (!instrument) return undefined;
    const observation = measureTotalObservation(measure, instrument, { client: await clientName(trx, measure) });
    if (!observation) return options.requireOne ? undefined : [];
    return [observation];
  });
  if (found === undefined) {
    await recordAudit(db, context, [
      {
        action: 'measure.export.fhir',
        resourceType: 'measure',
        resourceId: measureId,
        clientId: null,
        outcome: 'denied',
      },
    ]);
    throw new AppError('not_found', MEASURE_NOT_FOUND);
  }
  return found;
}

/** Whether the organisation holds a measure with this id (no audit: the export that follows audits). */
export async function isMeasureOf(db: Executor, organizationId: string, id: string): Promise<boolean> {
  return (await getMeasure(db, organizationId, id)) !== undefined;
}
