/** Sign-in, sign-out and the current session. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, SESSION_COOKIE } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentUser } from '../presenters.js';
import { SessionResponse, SignInBody } from '../../core/api/auth.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { signIn, signOut } from '../services/auth.js';

export function authRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.post(
    '/api/v1/auth/sign-in',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary:
          'Sign in with email and password; sets the session cookie and ends any session the caller had. After 5 attempts on an account in a row that did not succeed, it is locked for 15 minutes; 10 attempts a minute per address',
        body: SignInBody,
        response: {
          200: SessionResponse,
          401: ProblemResponse,
          429: ProblemResponse,
          503: ProblemResponse.describe('The database could not save the sign-in; nothing was saved'),
        },
      },
    },
    async (request, reply) => {
      const result = await signIn(
        { db, secret: deps.secret, decoyHash: deps.decoyHash },
        {
          ...request.body,
          ip: request.ip,
          requestId: request.id,
          now: deps.clock(),
          previousSessionId: request.actor?.session.id,
        },
      );
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.publicAddress().secure,
        maxAge: Math.floor((Date.parse(result.session.expiresAt) - deps.clock().getTime()) / 1000),
      });
      return { user: presentUser(result.user), csrfToken: result.session.csrfToken };
    },
  );

  api.get(
    '/api/v1/auth/session',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'The signed-in user and the CSRF token', response: { 200: SessionResponse } },
    },
    (request) => {
      const actor = request.actor as NonNullable<typeof request.actor>;
      return { user: presentUser(actor.user), csrfToken: actor.session.csrfToken };
    },
  );

  api.post(
    '/api/v1/auth/sign-out',
    { config: { access: 'signed-in' }, schema: { tags: ['auth'], summary: 'End the session' } },
    async (request, reply) => {
      const context = contextOf(request, deps.clock);
      const actor = request.actor as NonNullable<typeof request.actor>;
      await signOut(db, {
        session: actor.session,
        user: actor.user,
        ip: context.ip,
        requestId: context.requestId,
        now: context.now,
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
}
