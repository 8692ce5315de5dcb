/** The instruments offered, and a client's measures: entered, and listed with their change. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentInstrument, presentMeasure } from '../measure-presenters.js';
import {
  InstrumentListResponse,
  MeasureListResponse,
  MeasureResponse,
  NewMeasureBody,
} from '../../core/api/measures.js';
import { IdParams } from '../../core/api/common.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { createMeasure, listMeasures } from '../services/measures.js';
import type { SignalEvaluation } from '../services/step-signals.js';

export function measureRoutes(app: FastifyInstance, deps: ServerDeps, evaluation: SignalEvaluation): void {
  const { instruments } = evaluation;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/api/v1/instruments',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary:
          'The instruments this server offers (PHQ-9, GAD-7, AUDIT-C, the weekly recovery check, readiness rulers, attendance, drug tests), each with its licence, sources, bands and reliable change threshold',
        response: { 200: InstrumentListResponse },
      },
    },
    () => ({ items: instruments.all.map(presentInstrument) }),
  );

  api.post(
    '/api/v1/clients/:id/measures',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary:
          'Record a result: answers in item order are checked (400 naming the item), scored, and saved with their alerts (PHQ-9 item 9 above 0: a safety alert). Refused (409) while the client is archived.',
        params: IdParams,
        body: NewMeasureBody,
        response: {
          201: MeasureResponse,
          409: ProblemResponse.describe('The client is archived: restore them first'),
        },
      },
    },
    async (request, reply) => {
      const saved = await createMeasure(
        db,
        contextOf(request, deps.clock),
        evaluation,
        request.params.id,
        request.body,
      );
      return reply.code(201).send(presentMeasure(saved));
    },
  );

  api.get(
    '/api/v1/clients/:id/measures',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary:
          'A client’s results, newest first, each with its change against the first result on that instrument ({ from, delta, reliable }; reliable at PHQ-9 5 points, GAD-7 4)',
        params: IdParams,
        response: { 200: MeasureListResponse },
      },
    },
    async (request) => ({
      items: (await listMeasures(db, contextOf(request, deps.clock), instruments, request.params.id)).map(
        presentMeasure,
      ),
    }),
  );
}
