/**
 * The stateless recommendation for integrations: an assessment (@1 or @2) in, a recommendation@1 out, nothing
 * stored and no client named, so nothing to audit. The busiest route an integration calls, so it
 * takes the short paths the CLI's batch takes: the assessment parser's fast path for the common
 * shape (the zod schema decides everything else and words its errors), and the recommendation's
 * text built by the engine from pieces prepared with the rule set, byte-identical to serialising
 * the document.
 */
import type { FastifyInstance } from 'fastify';
import { AssessmentSchema, parseAssessment, type Assessment } from '../../core/assessment.js';
import { recommendPlacementJson } from '../../core/engine.js';
import { RecommendationSchema } from '../../core/recommendation.js';
import type { ServerDeps } from '../deps.js';
import { validatorOf } from '../problem.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export function recommendationRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.post<{ Body: Assessment }>(
    '/api/v1/recommendations',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['recommendations'],
        summary: 'Stateless: an assessment (@1 or @2) in, a recommendation@1 out; nothing is stored',
        body: AssessmentSchema,
        response: { 200: RecommendationSchema },
      },
      validatorCompiler: ({ httpPart }) => {
        // Only a body to validate; a new part would need its own validator here.
        if (httpPart !== 'body') throw new Error(`POST /api/v1/recommendations has no validator for ${httpPart}`);
        return validatorOf('body', parseAssessment);
      },
    },
    (request, reply) => reply.type(JSON_TYPE).send(recommendPlacementJson(request.body, deps.ruleset)),
  );
}
