/** The signed-in user's organisation: its contact details, shown on every client-facing page and document. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { presentOrganization } from '../plan-presenters.js';
import { OrganizationPatchBody, OrganizationResponse } from '../../core/api/organization.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { changeOrganization, readOrganization } from '../services/organization.js';

export function organizationRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/api/v1/organization',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['organization'],
        summary: 'Your organisation’s name and contact details',
        response: { 200: OrganizationResponse },
      },
    },
    async (request) => presentOrganization(await readOrganization(db, contextOf(request, deps.clock))),
  );

  api.patch(
    '/api/v1/organization',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['organization'],
        summary: 'Change the clinic’s name, phone, email or address (null clears one)',
        body: OrganizationPatchBody,
        response: { 200: OrganizationResponse, 409: ProblemResponse.describe('Another organisation has this name') },
      },
    },
    async (request) => presentOrganization(await changeOrganization(db, contextOf(request, deps.clock), request.body)),
  );
}
