/** Part 2 consents: record a signed consent (which makes the recipient's code), list them, revoke one. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentConsent } from '../plan-presenters.js';
import { ConsentListResponse, ConsentResponse, NewConsentBody, NewConsentResponse } from '../../core/api/consents.js';
import { IdParams } from '../../core/api/common.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { createConsent, listConsents, revokeConsent } from '../services/consents.js';
import { absoluteUrl } from './plan-sharing.js';

export function consentRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.post(
    '/api/v1/clients/:id/consents',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['consents'],
        summary:
          'Record a signed 42 CFR Part 2 consent to disclose a plan to a named recipient; returns the recipient’s code and link (shown once). Refused (409) while the client is archived.',
        params: IdParams,
        body: NewConsentBody,
        response: {
          201: NewConsentResponse,
          409: ProblemResponse.describe('The client is archived: restore them first'),
        },
      },
    },
    async (request, reply) => {
      const context = contextOf(request, deps.clock);
      const { consent, code } = await createConsent(db, context, request.params.id, request.body);
      return reply
        .code(201)
        .send({ ...presentConsent(consent, context), code, url: absoluteUrl(request, `/share/consent/${code}`) });
    },
  );

  api.get(
    '/api/v1/clients/:id/consents',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['consents'],
        summary: 'The consents of a client, newest first, each with its status (active, expired, revoked)',
        params: IdParams,
        response: { 200: ConsentListResponse },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      return {
        items: (await listConsents(db, context, request.params.id)).map((consent) => presentConsent(consent, context)),
      };
    },
  );

  api.post(
    '/api/v1/consents/:id/revoke',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['consents'],
        summary: 'Revoke a consent; the recipient’s link stops working at once (also while the client is archived)',
        params: IdParams,
        response: { 200: ConsentResponse },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      return presentConsent(await revokeConsent(db, context, request.params.id), context);
    },
  );
}
