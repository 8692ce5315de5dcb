/** The goals of a client's finalised plan, and marking each met or not. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../core/api/common.js';
import { GoalParams, GoalStatusBody, PlanGoalsResponse } from '../../core/api/plan-goals.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { readPlanGoals, setPlanGoalStatus } from '../services/plan-goals.js';
import { evaluateClientSignals, type SignalEvaluation } from '../services/step-signals.js';

export function planGoalRoutes(app: FastifyInstance, deps: ServerDeps, evaluation: SignalEvaluation): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/api/v1/plans/:id/goals',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary:
          'The goals of the plan’s latest finalised version, each with whether it is met (409 while no version is finalised)',
        params: IdParams,
        response: { 200: PlanGoalsResponse, 409: ProblemResponse.describe('No finalised version yet') },
      },
    },
    async (request) => readPlanGoals(db, contextOf(request, deps.clock), request.params.id),
  );

  api.put(
    '/api/v1/plans/:id/goals/:goalId/status',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary:
          'Record whether a goal of the finalised plan is met, with an optional note. When every goal is met, the step-down readiness signal can say so (kept as a step signal with the change); nothing changes the plan by itself.',
        params: GoalParams,
        body: GoalStatusBody,
        response: {
          200: PlanGoalsResponse,
          409: ProblemResponse.describe('No finalised version yet, or the client is archived'),
        },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      // Goals met is a fact of the signals: a step-down signal is kept (or cleared) with the change.
      return setPlanGoalStatus(db, context, request.params.id, request.params.goalId, request.body, (trx, clientId) =>
        evaluateClientSignals(trx, evaluation, {
          organizationId: context.actor.organizationId,
          clientId,
          now: context.now,
        }),
      );
    },
  );
}
