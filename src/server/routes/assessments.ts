/** Assessments and their stored recommendations. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AssessmentSchema } from '../../core/assessment.js';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { versionFromIfMatch } from '../if-match.js';
import { presentAssessment } from '../presenters.js';
import { AssessmentListResponse, AssessmentResponse } from '../../core/api/assessments.js';
import { IdParams, IfMatchHeaders, VersionParams } from '../../core/api/common.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { createAssessment, listAssessments, readAssessment, reviseAssessment } from '../services/assessments.js';

export function assessmentRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.post(
    '/api/v1/clients/:id/assessments',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['assessments'],
        summary:
          'Save a new assessment for a client; the recommendation is computed and stored with it. Refused (409) while the client is archived.',
        params: IdParams,
        body: AssessmentSchema,
        response: {
          201: AssessmentResponse,
          409: ProblemResponse.describe('The client is archived: restore them first'),
        },
      },
    },
    async (request, reply) => {
      const saved = await createAssessment(
        db,
        contextOf(request, deps.clock),
        deps.ruleset,
        request.params.id,
        request.body,
      );
      return reply
        .code(201)
        .header('location', `/api/v1/assessments/${saved.assessmentId}`)
        .header('etag', `"${saved.version}"`)
        .send(presentAssessment(saved));
    },
  );

  api.get(
    '/api/v1/clients/:id/assessments',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['assessments'],
        summary: 'The current version of each assessment of a client, newest first',
        params: IdParams,
        response: { 200: AssessmentListResponse },
      },
    },
    async (request) => ({
      items: (await listAssessments(db, contextOf(request, deps.clock), request.params.id)).map(presentAssessment),
    }),
  );

  api.get(
    '/api/v1/assessments/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['assessments'],
        summary: 'The current version of an assessment',
        params: IdParams,
        response: { 200: AssessmentResponse },
      },
    },
    async (request, reply) => {
      const found = await readAssessment(db, contextOf(request, deps.clock), request.params.id);
      return reply.header('etag', `"${found.version}"`).send(presentAssessment(found));
    },
  );

  api.get(
    '/api/v1/assessments/:id/versions/:version',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['assessments'],
        summary: 'One version of an assessment',
        params: VersionParams,
        response: { 200: AssessmentResponse },
      },
    },
    async (request) =>
      presentAssessment(
        await readAssessment(db, contextOf(request, deps.clock), request.params.id, request.params.version),
      ),
  );

  api.put(
    '/api/v1/assessments/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['assessments'],
        summary:
          'Save a new version. If-Match: "<version you read>" is required (428 without it; 412 when someone saved first); refused (409) while the client is archived.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: AssessmentSchema,
        response: {
          200: AssessmentResponse,
          409: ProblemResponse.describe('The client is archived: restore them first'),
          412: ProblemResponse.describe('Someone else saved first: reload and apply your changes again'),
          428: ProblemResponse.describe('If-Match is missing'),
        },
      },
    },
    async (request, reply) => {
      const saved = await reviseAssessment(
        db,
        contextOf(request, deps.clock),
        deps.ruleset,
        request.params.id,
        request.body,
        versionFromIfMatch(request.headers['if-match']),
      );
      return reply.header('etag', `"${saved.version}"`).send(presentAssessment(saved));
    },
  );
}
