/** Sign-in, sign-out and the current session. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, SESSION_COOKIE } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentUser } from '../presenters.js';
import {
  SessionResponse,
  SetPasswordBody,
  SetPasswordCheckBody,
  SetPasswordCheckResponse,
  SignInBody,
} from '../../core/api/auth.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { type SignedIn, signIn, signOut } from '../services/auth.js';
import { checkSetPasswordLink, setPasswordWithLink } from '../services/users.js';

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
      return startSession(reply, result);
    },
  );

  /** Sets the session cookie of a sign-in and answers with the user and the CSRF token. */
  function startSession(reply: FastifyReply, result: SignedIn): SessionResponse {
    reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: app.publicAddress().secure,
      maxAge: Math.floor((Date.parse(result.session.expiresAt) - deps.clock().getTime()) / 1000),
    });
    return { user: presentUser(result.user), csrfToken: result.session.csrfToken };
  }

  api.post(
    '/api/v1/auth/set-password/check',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary:
          'Whose account a one-time set-password link is for, and until when it works; a link that does not work (used, expired, replaced or the account disabled) is 404 with the reason in words. 10 a minute per address',
        body: SetPasswordCheckBody,
        response: { 200: SetPasswordCheckResponse, 404: ProblemResponse, 429: ProblemResponse },
      },
    },
    async (request) => {
      const found = await checkSetPasswordLink(db, request.body.code, deps.clock());
      return { email: found.user.email, displayName: found.user.displayName, expiresAt: found.expiresAt };
    },
  );

  api.post(
    '/api/v1/auth/set-password',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary:
          'Choose your password with a one-time link (it is used up), then be signed in: sets the session cookie. The password must be at least 12 characters and hard to guess (400 naming password, in words); your other sessions end. 10 a minute per address',
        body: SetPasswordBody,
        response: { 200: SessionResponse, 400: ProblemResponse, 404: ProblemResponse, 429: ProblemResponse },
      },
    },
    async (request, reply) => {
      const now = deps.clock();
      const user = await setPasswordWithLink(db, {
        code: request.body.code,
        password: request.body.password,
        ip: request.ip,
        requestId: request.id,
        now,
      });
      const result = await signIn(
        { db, secret: deps.secret, decoyHash: deps.decoyHash },
        {
          email: user.email,
          password: request.body.password,
          ip: request.ip,
          requestId: request.id,
          now,
          previousSessionId: request.actor?.session.id,
        },
      );
      return startSession(reply, result);
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
