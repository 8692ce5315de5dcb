/**
 * Discharge plans: make one from an assessment, read and list them, save versions (If-Match
 * required), finalise with an attestation, and record the client's acknowledgement.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { versionFromIfMatch } from '../if-match.js';
import { presentAcknowledgement, presentPlan } from '../plan-presenters.js';
import {
  AppointmentFromReferralBody,
  AcknowledgementBody,
  AcknowledgementResponse,
  CreatePlanBody,
  FinalizeBody,
  NewRecommendationBody,
  PlanListResponse,
  PlanResponse,
  PlanUpdateBody,
} from '../../core/api/plans.js';
import { IdParams, IfMatchHeaders, VersionParams } from '../../core/api/common.js';
import { ProblemResponse } from '../../core/api/problem.js';
import {
  acknowledgePlan,
  addAppointmentFromReferral,
  createPlan,
  finalizePlan,
  listPlans,
  readPlan,
  revisePlan,
  type PlanDetail,
  takeNewRecommendation,
} from '../services/plans.js';
import type { RequestContext } from '../context.js';

/** The parts of a route's reply a plan answer uses; the route's own reply type comes back. */
interface PlanReply<R> {
  header(key: string, value: string): R;
  send(payload: ReturnType<typeof presentPlan>): R;
}

/** Answers with a plan version and its ETag, the version a change names next in If-Match. */
function sendPlan<R extends PlanReply<R>>(reply: R, plan: PlanDetail, context: RequestContext): R {
  return reply.header('etag', `"${plan.version.version}"`).send(presentPlan(plan, context));
}

/**
 * A change made on top of the version the request's If-Match names (428 without it), answered with
 * the new version and its ETag.
 */
async function sendChange<R extends PlanReply<R>>(
  request: FastifyRequest,
  reply: R,
  clock: ServerDeps['clock'],
  change: (context: RequestContext, expectedVersion: number) => Promise<PlanDetail>,
): Promise<R> {
  const context = contextOf(request, clock);
  return sendPlan(reply, await change(context, versionFromIfMatch(request.headers['if-match'])), context);
}

export function planRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.post(
    '/api/v1/clients/:id/plans',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary:
          'Make a draft plan from an assessment’s recommendation (the client’s latest assessment when assessmentId is left out); send {} for the latest. Refused (409) while the client is archived or has no assessment.',
        params: IdParams,
        body: CreatePlanBody,
        response: {
          201: PlanResponse,
          409: ProblemResponse.describe('The client is archived, or has no assessment yet'),
        },
      },
    },
    async (request, reply) => {
      const context = contextOf(request, deps.clock);
      const plan = await createPlan(db, context, request.params.id, request.body);
      return reply
        .code(201)
        .header('location', `/api/v1/plans/${plan.version.planId}`)
        .header('etag', `"${plan.version.version}"`)
        .send(presentPlan(plan, context));
    },
  );

  api.get(
    '/api/v1/clients/:id/plans',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary: 'The current version of each plan of a client, newest plan first',
        params: IdParams,
        response: { 200: PlanListResponse },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      return { items: (await listPlans(db, context, request.params.id)).map((plan) => presentPlan(plan, context)) };
    },
  );

  api.get(
    '/api/v1/plans/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary: 'The current version of a plan; its ETag is the version to send back in If-Match',
        params: IdParams,
        response: { 200: PlanResponse },
      },
    },
    async (request, reply) => {
      const context = contextOf(request, deps.clock);
      const plan = await readPlan(db, context, request.params.id);
      return sendPlan(reply, plan, context);
    },
  );

  api.get(
    '/api/v1/plans/:id/versions/:version',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary: 'One version of a plan',
        params: VersionParams,
        response: { 200: PlanResponse },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      return presentPlan(await readPlan(db, context, request.params.id, request.params.version), context);
    },
  );

  api.put(
    '/api/v1/plans/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary:
          'Save an edit as a new version. If-Match: "<version you edited>" is required (428 without it; 412 when someone saved first). Editing after finalising starts an amendment: a new draft; the finalised version never changes. Refused (409) while the client is archived.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: PlanUpdateBody,
        response: {
          200: PlanResponse,
          409: ProblemResponse.describe('The client is archived: restore them first'),
          412: ProblemResponse.describe('Someone else saved first: reload and apply your changes again'),
          428: ProblemResponse.describe('If-Match is missing'),
        },
      },
    },
    async (request, reply) =>
      sendChange(request, reply, deps.clock, (context, expectedVersion) =>
        revisePlan(db, context, request.params.id, request.body, expectedVersion),
      ),
  );

  api.post(
    '/api/v1/plans/:id/appointments/from-referral',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary:
          'Fill the appointment at a program that accepted the client’s referral (its name, address and phone from the directory, the time agreed with it) as a new version. If-Match: "<version you read>" is required (428 without it; 412 when someone saved first). Again for the same referral, the appointment moves. Refused (409) for a referral that is not accepted, or while the client is archived; a referral of another client is 400',
        params: IdParams,
        headers: IfMatchHeaders,
        body: AppointmentFromReferralBody,
        response: {
          200: PlanResponse,
          409: ProblemResponse.describe('The referral is not accepted, or the client is archived'),
          412: ProblemResponse.describe('Someone else saved first: reload and try again'),
          428: ProblemResponse.describe('If-Match is missing'),
        },
      },
    },
    async (request, reply) =>
      sendChange(request, reply, deps.clock, (context, expectedVersion) =>
        addAppointmentFromReferral(db, context, request.params.id, request.body, expectedVersion),
      ),
  );

  api.post(
    '/api/v1/plans/:id/finalize',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary:
          'Finalise the current version with an attestation; refused (400, each field named) while finalizationProblems is not empty, (409) when the version is already final or the client is archived, (409 assessment_superseded) when the client has a newer assessment and newerAssessment does not confirm it, and (412) when the version is not the current one',
        params: IdParams,
        body: FinalizeBody,
        response: {
          200: PlanResponse,
          409: ProblemResponse.describe(
            'The version is already final, the client is archived, or the client has a newer assessment not confirmed',
          ),
          412: ProblemResponse.describe('The version is not the current one: someone saved first'),
        },
      },
    },
    async (request, reply) => {
      const context = contextOf(request, deps.clock);
      const plan = await finalizePlan(db, context, request.params.id, {
        version: request.body.version,
        newerAssessment: request.body.newerAssessment,
      });
      return sendPlan(reply, plan, context);
    },
  );

  api.post(
    '/api/v1/plans/:id/recommendation',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary:
          'Move the plan onto the client’s newer assessment (the plan’s newerAssessment, named as shown): a new draft version with its recommendation, everything else kept, the variance checked again. If-Match as for a save (428, 412); 409 when the named assessment is not the client’s current one, or the client is archived.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: NewRecommendationBody,
        response: {
          200: PlanResponse,
          409: ProblemResponse.describe('Not the client’s current assessment, or the client is archived'),
          412: ProblemResponse.describe('Someone else saved first: reload and take it again'),
          428: ProblemResponse.describe('If-Match is missing'),
        },
      },
    },
    async (request, reply) =>
      sendChange(request, reply, deps.clock, (context, expectedVersion) =>
        takeNewRecommendation(db, context, request.params.id, request.body, expectedVersion),
      ),
  );

  api.post(
    '/api/v1/plans/:id/acknowledgement',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary:
          'Record that the client understands why the finalised plan is recommended (with the clinician); refused (409) when there is no finalised version or the client is archived',
        params: IdParams,
        body: AcknowledgementBody,
        response: {
          201: AcknowledgementResponse,
          409: ProblemResponse.describe('No finalised version to acknowledge, or the client is archived'),
        },
      },
    },
    async (request, reply) => {
      const acknowledgement = await acknowledgePlan(
        db,
        contextOf(request, deps.clock),
        request.params.id,
        request.body,
      );
      return reply.code(201).send(presentAcknowledgement(acknowledgement));
    },
  );
}
