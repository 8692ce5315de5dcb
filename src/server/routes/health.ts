/** Liveness and readiness: the process is up; the database answers and its schema is current. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { migrationStatus } from '../../storage/migrate.js';
import type { ServerDeps } from '../deps.js';
import { problemOf, sendProblem } from '../problem.js';

export function healthRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(deps.database.db);
      const status = await migrationStatus(deps.database);
      if (status.pending.length > 0 || status.unknown.length > 0) {
        return sendProblem(reply, problemOf('unavailable', 'The database schema is not current.', request.id));
      }
      return { status: 'ready', database: deps.database.dialect };
    } catch {
      return sendProblem(reply, problemOf('unavailable', 'The database does not answer.', request.id));
    }
  });
}
