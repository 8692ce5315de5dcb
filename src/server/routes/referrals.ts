/** Referrals of a client to programs, and their progress. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentReferral } from '../programs/presenters.js';
import {
  NewReferralBody,
  ReferralListResponse,
  ReferralParams,
  ReferralPatchBody,
  ReferralResponse,
} from '../../core/api/referrals.js';
import { IdParams } from '../../core/api/common.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { createReferral, listReferrals, updateReferralStatus } from '../services/referrals.js';

export function referralRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.post(
    '/api/v1/clients/:id/referrals',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['referrals'],
        summary:
          'Refer a client to a program (status "sent"), with an optional note and day; a repeat within a minute answers the first (200); refused (409) while the client is archived',
        params: IdParams,
        body: NewReferralBody,
        response: {
          200: ReferralResponse.describe(
            'The same request (same client, program and clinician) within a minute: the referral it made',
          ),
          201: ReferralResponse,
          409: ProblemResponse.describe('The client is archived: restore them first'),
        },
      },
    },
    async (request, reply) => {
      const { referral, program, repeated } = await createReferral(
        db,
        contextOf(request, deps.clock),
        request.params.id,
        request.body,
      );
      return reply
        .code(repeated ? 200 : 201)
        .header('location', `/api/v1/referrals/${referral.id}`)
        .send(presentReferral(referral, program));
    },
  );

  api.get(
    '/api/v1/clients/:id/referrals',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['referrals'],
        summary: 'A client’s referrals, newest first, each with its status history',
        params: IdParams,
        response: { 200: ReferralListResponse },
      },
    },
    async (request) => ({
      items: (await listReferrals(db, contextOf(request, deps.clock), request.params.id)).map((item) =>
        presentReferral(item.referral, item.program),
      ),
    }),
  );

  api.patch(
    '/api/v1/referrals/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['referrals'],
        summary:
          'Move a referral on: sent -> accepted -> first-session-attended, or declined; refused (409) for any other step or while the client is archived',
        params: ReferralParams,
        body: ReferralPatchBody,
        response: {
          200: ReferralResponse,
          409: ProblemResponse.describe('Not a next status of this referral, or the client is archived'),
        },
      },
    },
    async (request) => {
      const { referral, program } = await updateReferralStatus(
        db,
        contextOf(request, deps.clock),
        request.params.id,
        request.body,
      );
      return presentReferral(referral, program);
    },
  );
}
