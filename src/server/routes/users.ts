/** Users of the admin's organisation. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentUser } from '../presenters.js';
import { NewUserBody, UserPatchBody, UserResponse } from '../../core/api/auth.js';
import { IdParams } from '../../core/api/common.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { changeUser, createUser, listOrganizationUsers } from '../services/users.js';

export function userRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/api/v1/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Users of your organisation',
        response: { 200: z.object({ items: z.array(UserResponse) }) },
      },
    },
    async (request) => ({ items: (await listOrganizationUsers(db, contextOf(request, deps.clock))).map(presentUser) }),
  );

  api.post(
    '/api/v1/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Add a user to your organisation',
        body: NewUserBody,
        response: { 201: UserResponse, 409: ProblemResponse.describe('Another user already has this email') },
      },
    },
    async (request, reply) => {
      const user = await createUser(db, contextOf(request, deps.clock), request.body);
      return reply.code(201).send(presentUser(user));
    },
  );

  api.patch(
    '/api/v1/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Change a user’s name or role, or disable the account',
        params: IdParams,
        body: UserPatchBody,
        response: { 200: UserResponse },
      },
    },
    async (request) =>
      presentUser(await changeUser(db, contextOf(request, deps.clock), request.params.id, request.body)),
  );
}
