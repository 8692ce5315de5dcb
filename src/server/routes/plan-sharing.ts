/** The client's private link to their finalised plan: make one (replacing any earlier), or turn sharing off. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { ShareResponse } from '../../core/api/plans.js';
import { IdParams } from '../../core/api/common.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { createShare, revokeShare } from '../services/plan-sharing.js';

/** An absolute address on this server, at its public address (STEPDOWN_PUBLIC_URL), whatever Host the caller sent. */
export function absoluteUrl(request: FastifyRequest, path: string): string {
  return `${request.server.publicAddress().origin}${path}`;
}

export function planSharingRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.post(
    '/api/v1/plans/:id/share',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary:
          'Make the client’s private code and link to their finalised plan (shown once; earlier codes of the plan stop working); refused (409) when the plan has no finalised version or the client is archived',
        params: IdParams,
        response: {
          201: ShareResponse,
          409: ProblemResponse.describe('The plan has no finalised version, or the client is archived'),
        },
      },
    },
    async (request, reply) => {
      const share = await createShare(db, contextOf(request, deps.clock), request.params.id);
      return reply.code(201).send({
        code: share.code,
        url: absoluteUrl(request, `/share/${share.code}`),
        createdAt: share.createdAt,
      });
    },
  );

  api.delete(
    '/api/v1/plans/:id/share',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary: 'Turn off every share code of the plan (also while the client is archived)',
        params: IdParams,
        response: { 200: z.object({ revoked: z.number() }) },
      },
    },
    async (request) => ({ revoked: await revokeShare(db, contextOf(request, deps.clock), request.params.id) }),
  );
}
