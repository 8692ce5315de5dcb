/** Users of the admin's organisation, and the one-time links with which new users choose a password. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentManagedUser } from '../presenters.js';
import {
  AdminUserListResponse,
  AdminUserResponse,
  CreatedUserResponse,
  NewUserBody,
  SetPasswordLinkResponse,
  UserPatchBody,
} from '../../core/api/auth.js';
import { IdParams } from '../../core/api/common.js';
import { ProblemResponse } from '../../core/api/problem.js';
import {
  changeUser,
  createUser,
  type IssuedLink,
  listOrganizationUsers,
  newSetPasswordLink,
  SET_PASSWORD_LINK_HOURS,
  setPasswordLinkPath,
} from '../services/users.js';
import { absoluteUrl } from './plan-sharing.js';

/**
 * The address of a set-password link: the code goes after the #, so browsers never send it to a
 * server (this one's access log, or a proxy's) nor in a Referer.
 */
function linkOf(request: FastifyRequest, issued: IssuedLink): SetPasswordLinkResponse {
  return { url: absoluteUrl(request, setPasswordLinkPath(issued.code)), expiresAt: issued.expiresAt };
}

export function userRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/api/v1/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Users of your organisation, each with the set-password link still waiting for them, if any',
        response: { 200: AdminUserListResponse },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      const users = await listOrganizationUsers(db, context);
      return { items: users.map((managed) => presentManagedUser(managed, context.now)) };
    },
  );

  api.post(
    '/api/v1/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: `Add a user to your organisation. Without a password, the answer carries a one-time link (it works once, for ${SET_PASSWORD_LINK_HOURS} hours) with which they choose their own; it is shown this once`,
        body: NewUserBody,
        response: { 201: CreatedUserResponse, 409: ProblemResponse.describe('Another user already has this email') },
      },
    },
    async (request, reply) => {
      const context = contextOf(request, deps.clock);
      const created = await createUser(db, context, request.body);
      return reply.code(201).send({
        ...presentManagedUser(created, context.now),
        invitationLink: created.issued ? linkOf(request, created.issued) : null,
      });
    },
  );

  api.patch(
    '/api/v1/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary:
          'Change a user’s name or role, or disable the account (their sessions end at once and sign-in is refused) or enable it again',
        params: IdParams,
        body: UserPatchBody,
        response: {
          200: AdminUserResponse,
          409: ProblemResponse.describe(
            'The change would leave the organisation with no admin who can sign in (your own role or account, or the last other admin’s)',
          ),
        },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      return presentManagedUser(await changeUser(db, context, request.params.id, request.body), context.now);
    },
  );

  api.post(
    '/api/v1/users/:id/set-password-link',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: `A new one-time set-password link for a user (a lost or expired link, or a forgotten password); their earlier unused links stop working. It works once, for ${SET_PASSWORD_LINK_HOURS} hours, and is shown this once`,
        params: IdParams,
        response: {
          201: SetPasswordLinkResponse,
          409: ProblemResponse.describe('The account is disabled'),
        },
      },
    },
    async (request, reply) => {
      const issued = await newSetPasswordLink(db, contextOf(request, deps.clock), request.params.id);
      return reply.code(201).send(linkOf(request, issued));
    },
  );
}
