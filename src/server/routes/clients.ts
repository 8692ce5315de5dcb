/** Client records. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentClient } from '../presenters.js';
import {
  ClientListQuery,
  ClientListResponse,
  ClientPatchBody,
  ClientResponse,
  NewClientBody,
  PossibleDuplicateResponse,
} from '../../core/api/clients.js';
import { IdParams } from '../../core/api/common.js';
import { ProblemResponse } from '../../core/api/problem.js';
import {
  archiveClient,
  createClient,
  listClients,
  readClient,
  restoreClient,
  updateClient,
} from '../services/clients.js';

export function clientRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.post(
    '/api/v1/clients',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['clients'],
        summary:
          'Add a client; a possible duplicate (same name and date of birth, or same record number) is answered 409 with the candidates until named in notADuplicateOf',
        body: NewClientBody,
        response: { 201: ClientResponse, 409: PossibleDuplicateResponse },
      },
    },
    async (request, reply) => {
      const client = await createClient(db, contextOf(request, deps.clock), request.body);
      return reply.code(201).header('location', `/api/v1/clients/${client.id}`).send(presentClient(client));
    },
  );

  api.get(
    '/api/v1/clients',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['clients'],
        summary:
          'List clients by name; q searches name and external reference, archived chooses active clients (the default), all, or archived ones only',
        querystring: ClientListQuery,
        response: { 200: ClientListResponse },
      },
    },
    async (request) => {
      const page = await listClients(db, contextOf(request, deps.clock), request.query);
      return { items: page.items.map(presentClient), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/api/v1/clients/:id',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['clients'], summary: 'Read a client', params: IdParams, response: { 200: ClientResponse } },
    },
    async (request) => presentClient(await readClient(db, contextOf(request, deps.clock), request.params.id)),
  );

  api.patch(
    '/api/v1/clients/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['clients'],
        summary: 'Change a client’s details; refused (409) while the client is archived',
        params: IdParams,
        body: ClientPatchBody,
        response: { 200: ClientResponse, 409: ProblemResponse.describe('The client is archived: restore them first') },
      },
    },
    async (request) =>
      presentClient(await updateClient(db, contextOf(request, deps.clock), request.params.id, request.body)),
  );

  api.post(
    '/api/v1/clients/:id/archive',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['clients'],
        summary:
          'Archive a client: their records are kept and can be read and exported, but not changed until they are restored',
        params: IdParams,
        response: { 200: ClientResponse },
      },
    },
    async (request) => presentClient(await archiveClient(db, contextOf(request, deps.clock), request.params.id)),
  );

  api.post(
    '/api/v1/clients/:id/restore',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['clients'],
        summary:
          'Restore an archived client, so their records can change again (a client who is not archived stays as is)',
        params: IdParams,
        response: { 200: ClientResponse },
      },
    },
    async (request) => presentClient(await restoreClient(db, contextOf(request, deps.clock), request.params.id)),
  );
}
