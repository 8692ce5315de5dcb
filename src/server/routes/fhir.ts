/**
 * FHIR R4 read endpoints: a plan as a CarePlan (with contained Goals), an assessment as a
 * QuestionnaireResponse, and the Questionnaire the responses answer. Signed-in and scoped to the
 * organisation like the rest of the API; each read of client data is audited as an export.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { FHIR_JSON } from '../fhir/base.js';
import { assessmentQuestionnaire, QUESTIONNAIRE_ID } from '../fhir/questionnaire.js';
import { IdParams } from '../schemas.js';
import { exportAssessmentResponse, exportCarePlan } from '../services/plan-exports.js';

export function fhirRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/fhir/R4/CarePlan/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['fhir'],
        summary: 'A plan as a FHIR R4 CarePlan with contained Goals (the finalised version when there is one)',
        params: IdParams,
      },
    },
    async (request, reply) =>
      reply.type(FHIR_JSON).send(await exportCarePlan(db, contextOf(request, deps.clock), request.params.id)),
  );

  api.get(
    '/fhir/R4/QuestionnaireResponse/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['fhir'],
        summary: 'The current version of an assessment as a FHIR R4 QuestionnaireResponse',
        params: IdParams,
      },
    },
    async (request, reply) =>
      reply.type(FHIR_JSON).send(await exportAssessmentResponse(db, contextOf(request, deps.clock), request.params.id)),
  );

  api.get(
    `/fhir/R4/Questionnaire/${QUESTIONNAIRE_ID}`,
    {
      config: { access: 'signed-in' },
      schema: { tags: ['fhir'], summary: 'The Questionnaire every assessment QuestionnaireResponse answers' },
    },
    (_request, reply) => reply.type(FHIR_JSON).send(assessmentQuestionnaire()),
  );
}
