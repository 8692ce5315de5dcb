/**
 * Authentication, CSRF and access control, run on every request before its body is even parsed:
 * an anonymous caller of a protected route gets 401, not a validation error that would reveal the
 * route's shape. Sessions idle for 30 minutes or older than 12 hours are gone.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import type { Executor } from '../storage/executor.js';
import { claimCdsToken } from '../storage/cds-token-uses.js';
import { type CdsClient, forgetUsedTokensBefore, replayedCdsToken, verifyCdsToken } from './cds/clients.js';
import { deleteSession, findSessionWithUser, touchSession } from '../storage/sessions.js';
import { sameToken, sessionIdOf } from './auth/tokens.js';
import type { Access, RequestContext } from './context.js';

export const SESSION_COOKIE = 'stepdown_session';
export const CSRF_HEADER = 'x-csrf-token';
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** Last-seen is written at most this often, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60 * 1000;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AccessOptions {
  db: Executor;
  secret: Buffer;
  clock: () => Date;
  cdsClients: readonly CdsClient[];
}

/** The declared access of the route a request matched (undefined for unknown addresses). */
export function routeAccess(request: FastifyRequest): Access | undefined {
  return request.routeOptions.config.access;
}

async function authenticate(request: FastifyRequest, options: AccessOptions): Promise<void> {
  request.actor = null;
  const token = request.cookies[SESSION_COOKIE];
  if (!token || token.length > 200) return;
  const id = sessionIdOf(token, options.secret);
  const found = await findSessionWithUser(options.db, id);
  if (!found) return;
  const { session, user, timeZone } = found;
  const now = options.clock();
  const idleSince = now.getTime() - Date.parse(session.lastSeenAt);
  if (Date.parse(session.expiresAt) <= now.getTime() || idleSince > IDLE_TIMEOUT_MS) {
    await deleteSession(options.db, id);
    return;
  }
  if (user.disabled) return;
  if (idleSince > TOUCH_INTERVAL_MS) await touchSession(options.db, id, now.toISOString());
  request.actor = { user, session, timeZone };
}

/**
 * Refuses a state-changing request from another site, or one without the session's CSRF token. A
 * browser's Origin is compared with the public address, never with the Host header, which a proxy
 * rewrites (nginx's default proxy_pass sends its upstream's address).
 */
function checkCsrf(request: FastifyRequest): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null' && !request.server.publicAddress().accepts(origin)) {
    throw new AppError('csrf_failed', 'This request came from another site.');
  }
  if (!request.actor) return;
  const header = request.headers[CSRF_HEADER];
  if (typeof header !== 'string' || !sameToken(header, request.actor.session.csrfToken)) {
    throw new AppError('csrf_failed', `Send the ${CSRF_HEADER} header you received when you signed in.`);
  }
}

/** Installs the access hook on every route. */
export function installAccessControl(app: FastifyInstance, options: AccessOptions): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('cdsClient', null);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access; add config.access`);
    }
  });
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = routeAccess(request);
    if (access === undefined) return; // no route matched: the not-found handler answers
    if (access === 'cds-client') {
      // An EHR calls server to server: its signed token is the credential, never a session cookie.
      const now = options.clock();
      const token = verifyCdsToken(request.headers.authorization, {
        clients: options.cdsClients,
        // The address the EHR was given, never one the caller's Host header names.
        audience: `${request.server.publicAddress().origin}${request.url.split('?')[0] ?? ''}`,
        now,
      });
      // Each token works once, on every process sharing the database and after a restart.
      if (!(await claimCdsToken(options.db, { issuer: token.iss, ...token }, forgetUsedTokensBefore(now)))) {
        throw replayedCdsToken();
      }
      request.cdsClient = { iss: token.iss, sub: token.sub, organizationId: token.organizationId };
      return;
    }
    await authenticate(request, options);
    checkCsrf(request);
    if (access === 'public') return;
    if (!request.actor) throw new AppError('unauthenticated', 'Sign in to use this.');
    if (access === 'admin' && request.actor.user.role !== 'admin') {
      throw new AppError('forbidden', 'Only an admin of your organisation can do this.');
    }
  });
}

/** The request's facts for a service; only for routes that require sign-in. */
export function contextOf(request: FastifyRequest, clock: () => Date): RequestContext {
  const actor = request.actor;
  if (!actor) throw new AppError('unauthenticated', 'Sign in to use this.');
  return {
    actor: { userId: actor.user.id, organizationId: actor.user.organizationId, role: actor.user.role },
    ip: request.ip,
    requestId: request.id,
    now: clock(),
    timeZone: actor.timeZone,
  };
}
