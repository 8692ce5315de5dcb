/** The caseload, a client's signals, and acknowledging a safety alert or marking a step signal acted on. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../core/api/common.js';
import {
  AcknowledgeAlertBody,
  AlertParams,
  CaseloadQuery,
  CaseloadResponse,
  MeasureAlertResponse,
  SignalsResponse,
  StepSignalResponse,
} from '../../core/api/measures.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentMeasureAlert, presentSignals, presentStepSignal } from '../measure-presenters.js';
import { acknowledgeAlert, acknowledgeStepSignalOf, readCaseloadOf, readClientSignals } from '../services/caseload.js';
import type { SignalEvaluation } from '../services/step-signals.js';

export function caseloadRoutes(app: FastifyInstance, deps: ServerDeps, evaluation: SignalEvaluation): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/api/v1/caseload',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary:
          'The organisation’s active clients, most urgent first: open safety alerts, missed and due check-ins, plans whose reassessment date is near or past, first sessions not yet confirmed',
        querystring: CaseloadQuery,
        response: { 200: CaseloadResponse },
      },
    },
    async (request) => readCaseloadOf(db, contextOf(request, deps.clock), request.query),
  );

  api.get(
    '/api/v1/clients/:id/signals',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary:
          'The signals the signal rule set raises for a client now (safety the same day, step-up, step-down readiness), each with its basis and sources. Step signals are kept: each has its id, when it was raised, and whether it was acted on or reassessed. A signal never changes a level or a plan.',
        params: IdParams,
        response: { 200: SignalsResponse },
      },
    },
    async (request) =>
      presentSignals(await readClientSignals(db, contextOf(request, deps.clock), evaluation, request.params.id)),
  );

  api.post(
    '/api/v1/measure-alerts/:id/acknowledgement',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary: 'Acknowledge an open safety alert with a note of what was done (once: 409 when already acknowledged)',
        params: AlertParams,
        body: AcknowledgeAlertBody,
        response: { 200: MeasureAlertResponse, 409: ProblemResponse.describe('Already acknowledged') },
      },
    },
    async (request) =>
      presentMeasureAlert(
        await acknowledgeAlert(db, contextOf(request, deps.clock), request.params.id, request.body.note),
      ),
  );

  api.post(
    '/api/v1/step-signals/:id/acknowledgement',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary:
          'Mark an open step-up or step-down signal as acted on, with a note of what was done (once: 409 when it was already acted on, closed by a new assessment, or cleared because its rule stopped holding)',
        params: AlertParams,
        body: AcknowledgeAlertBody,
        response: { 200: StepSignalResponse, 409: ProblemResponse.describe('Already acted on, reassessed or cleared') },
      },
    },
    async (request) =>
      presentStepSignal(
        await acknowledgeStepSignalOf(db, contextOf(request, deps.clock), request.params.id, request.body.note),
      ),
  );
}
