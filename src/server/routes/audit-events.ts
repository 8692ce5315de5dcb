/** The audit log, for admins of the organisation: filterable, newest first, read-only. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listAuditEvents } from '../../storage/audit.js';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentAuditEvent } from '../presenters.js';
import { withCursor } from '../services/paging.js';
import { AuditListResponse, AuditQuery } from '../../core/api/audit.js';

export function auditRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/audit-events',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events of your organisation, newest first',
        querystring: AuditQuery,
        response: { 200: AuditListResponse },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      const page = await withCursor(() =>
        listAuditEvents(deps.database.db, context.actor.organizationId, request.query),
      );
      return { items: page.items.map(presentAuditEvent), nextCursor: page.nextCursor };
    },
  );
}
