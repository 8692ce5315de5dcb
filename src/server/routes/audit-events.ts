/** The audit log, for admins of the organisation: filterable, newest first, read-only. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentAuditEvent } from '../presenters.js';
import { EXPORT_LIMIT, exportAuditLog, readAuditLog } from '../services/audit-log.js';
import { AuditListResponse, AuditQuery } from '../../core/api/audit.js';
import { calendarDate } from '../../core/time-zone.js';

export function auditRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  api.get(
    '/api/v1/audit-events',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary:
          'Audit events of your organisation, newest first by when each happened (then by the order written), with user and client names; the reading is audited',
        querystring: AuditQuery,
        response: { 200: AuditListResponse },
      },
    },
    async (request) => {
      const page = await readAuditLog(db, contextOf(request, deps.clock), request.query);
      return { items: page.items.map(presentAuditEvent), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/api/v1/audit-events/export',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary: `The filtered audit log as CSV (newest first, at most ${EXPORT_LIMIT} events), with the clinic's local time beside UTC and each action in words beside its code; the export is audited`,
        querystring: AuditQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const context = contextOf(request, deps.clock);
      const csv = await exportAuditLog(db, context, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="audit-log-${calendarDate(context.now, context.timeZone)}.csv"`,
        )
        .send(csv);
    },
  );
}
