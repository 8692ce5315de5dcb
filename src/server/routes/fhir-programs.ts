/** Programs and their facilities as FHIR R4 HealthcareService and Location resources (public). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getProgram, getProgramsAtLocation } from '../../storage/programs.js';
import type { ServerDeps } from '../deps.js';
import { healthcareServiceOf, locationOf, operationOutcome } from '../programs/fhir.js';
import { FhirIdParams } from '../../core/api/fhir.js';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function sendFhir(reply: FastifyReply, status: number, resource: object): FastifyReply {
  return reply.code(status).type(FHIR_JSON).send(JSON.stringify(resource));
}

export function fhirProgramRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/fhir/R4/HealthcareService/:id',
    {
      config: { access: 'public' },
      schema: { tags: ['fhir'], summary: 'A program as a FHIR R4 HealthcareService', params: FhirIdParams },
    },
    async (request, reply) => {
      const stored = /^[0-9a-f-]{36}$/i.test(request.params.id) ? await getProgram(db, request.params.id) : undefined;
      if (!stored)
        return sendFhir(
          reply,
          404,
          operationOutcome('not-found', `HealthcareService/${request.params.id} is not known`),
        );
      return sendFhir(reply, 200, healthcareServiceOf(stored));
    },
  );

  api.get(
    '/fhir/R4/Location/:id',
    {
      config: { access: 'public' },
      schema: { tags: ['fhir'], summary: 'A program’s facility as a FHIR R4 Location', params: FhirIdParams },
    },
    async (request, reply) => {
      const location = locationOf(request.params.id, await getProgramsAtLocation(db, request.params.id));
      if (!location)
        return sendFhir(reply, 404, operationOutcome('not-found', `Location/${request.params.id} is not known`));
      return sendFhir(reply, 200, location);
    },
  );
}
