/**
 * Removes expired and idle sessions, and rate-limit windows that have ended, on a timer: a session
 * that is never used again would otherwise stay in the table for good. The timer does not keep the
 * process alive and stops when the app closes. A failed sweep is logged and tried again next time.
 */
import type { FastifyInstance } from 'fastify';
import { deleteEndedRateLimits } from '../storage/rate-limits.js';
import { deleteStaleSessions } from '../storage/sessions.js';
import { IDLE_TIMEOUT_MS } from './access.js';
import type { ServerDeps } from './deps.js';

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/** One sweep: what was removed. */
export async function sweepExpired(
  deps: Pick<ServerDeps, 'database' | 'clock'>,
): Promise<{ sessions: number; rateLimits: number }> {
  const now = deps.clock();
  const db = deps.database.db;
  const idleBefore = new Date(now.getTime() - IDLE_TIMEOUT_MS).toISOString();
  const sessions = await deleteStaleSessions(db, now.toISOString(), idleBefore);
  const rateLimits = await deleteEndedRateLimits(db, now);
  return { sessions, rateLimits };
}

export function installSessionSweep(app: FastifyInstance, deps: ServerDeps): void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepExpired(deps)
      .then((removed) => {
        if (removed.sessions + removed.rateLimits > 0) app.log.debug(removed, 'removed expired sessions and limits');
      })
      .catch((error: unknown) => {
        app.log.warn({ err: { message: (error as Error).message } }, 'could not remove expired sessions; will retry');
      })
      .finally(() => {
        running = false;
      });
  }, deps.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    done();
  });
}
