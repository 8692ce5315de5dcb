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
} from '../programs/schemas.js';
import { IdParams } from '../schemas.js';
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
        summary: 'Refer a client to a program (status "sent")',
        params: IdParams,
        body: NewReferralBody,
        response: { 201: ReferralResponse },
      },
    },
    async (request, reply) => {
      const { referral, program } = await createReferral(
        db,
        contextOf(request, deps.clock),
        request.params.id,
        request.body.programId,
      );
      return reply
        .code(201)
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
        summary: 'Move a referral on: sent -> accepted -> first-session-attended, or declined',
        params: ReferralParams,
        body: ReferralPatchBody,
        response: { 200: ReferralResponse },
      },
    },
    async (request) => {
      const { referral, program } = await updateReferralStatus(
        db,
        contextOf(request, deps.clock),
        request.params.id,
        request.body.status,
      );
      return presentReferral(referral, program);
    },
  );
}
