/** The clinic outcomes, as figures and as CSV, for admins and clinicians of the organisation. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { OutcomesQuery, OutcomesResponse } from '../../core/api/outcomes.js';
import type { InstrumentRegistry } from '../../core/measures/index.js';
import { EPISODE_DEFINITION } from '../../core/outcomes/index.js';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { exportOutcomes, readOutcomes } from '../services/outcomes.js';

export function outcomeRoutes(app: FastifyInstance, deps: ServerDeps, instruments: InstrumentRegistry): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/api/v1/outcomes',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary:
          'Clinic outcomes for the episodes discharged in a range (and by one clinician): check-in completion, first session within 7 days, retention at 30/60/90 days, PHQ-9 and GAD-7 response and remission, safety signals acted on; each figure with its definition. Audited.',
        querystring: OutcomesQuery,
        response: { 200: OutcomesResponse },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      const { outcomes, clinicians } = await readOutcomes(
        db,
        deps.database.dialect,
        context,
        instruments,
        request.query,
      );
      return { ...outcomes, timeZone: context.timeZone, episodeDefinition: EPISODE_DEFINITION, clinicians };
    },
  );

  api.get(
    '/api/v1/outcomes/export',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary: 'The same figures as CSV: one row per figure with its range, clinician and definition. Audited.',
        querystring: OutcomesQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const context = contextOf(request, deps.clock);
      const { csv, outcomes } = await exportOutcomes(db, deps.database.dialect, context, instruments, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="outcomes-${outcomes.range.from}-to-${outcomes.range.to}.csv"`,
        )
        .send(csv);
    },
  );
}
