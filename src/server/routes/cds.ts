/**
 * CDS Hooks (2.0): the discovery list at /cds-services and the level-of-care service an EHR calls at
 * discharge. Discovery is public (it names services, nothing about anyone); a service call needs a
 * configured EHR's signed token (access `cds-client`), carries the assessment in its prefetch, and
 * stores nothing. Each call is audited without the patient's identifiers.
 */
import type { DoneFuncWithErrOrRes, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalidInput } from '../../core/errors.js';
import { insertAuditEvents } from '../../storage/audit.js';
import {
  assessmentFromPrefetch,
  levelOfCareCard,
  SERVICE_HOOK,
  SERVICE_ID,
  serviceDescription,
} from '../cds/level-of-care.js';
import type { ServerDeps } from '../deps.js';

/**
 * A CDS Hooks request for this service's hook. Unknown fields are refused like everywhere else in
 * the API; `fhirServer` and `fhirAuthorization` are accepted and not used (the service reads only
 * the prefetch), and the prefetched resources are read by `assessmentFromPrefetch`.
 */
const HookRequest = z.strictObject({
  hook: z.literal(SERVICE_HOOK, { error: `must be ${SERVICE_HOOK}, the hook this service answers` }),
  hookInstance: z.string().min(1).max(200),
  fhirServer: z.string().min(1).max(2000).optional(),
  fhirAuthorization: z.record(z.string(), z.unknown()).optional(),
  context: z.strictObject({
    userId: z.string().min(1).max(200).optional(),
    patientId: z.string().min(1).max(200),
    encounterId: z.string().min(1).max(200).optional(),
  }),
  prefetch: z.record(z.string().max(200), z.unknown()).optional(),
  extension: z.record(z.string(), z.unknown()).optional(),
});

/**
 * CDS clients that run in a browser (a CDS Hooks sandbox, a web EHR) call from another origin, so the
 * CDS routes answer CORS: any origin may read them, and none gets credentials (no cookie is ever
 * honoured here; the token is the credential), so `*` opens nothing a session protects.
 */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
};

function allowAnyOrigin(_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: DoneFuncWithErrOrRes) {
  reply.header('access-control-allow-origin', '*');
  done(null, payload);
}

export function cdsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  for (const url of ['/cds-services', `/cds-services/${SERVICE_ID}`]) {
    app.options(url, { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
      reply.code(204).headers(CORS_HEADERS).send(),
    );
  }

  api.get(
    '/cds-services',
    {
      config: { access: 'public' },
      schema: { tags: ['cds-hooks'], summary: 'CDS Hooks discovery: the services this server offers' },
      onSend: allowAnyOrigin,
    },
    () => ({ services: [serviceDescription()] }),
  );

  api.post(
    `/cds-services/${SERVICE_ID}`,
    {
      config: { access: 'cds-client' },
      schema: {
        tags: ['cds-hooks'],
        summary:
          'At discharge, the level of care the Stepdown rules point to, as one CDS card; the assessment comes as prefetch',
        body: HookRequest,
      },
      onSend: allowAnyOrigin,
    },
    async (request) => {
      const assessment = assessmentFromPrefetch(request.body.prefetch?.assessment);
      if (assessment.ok === 'missing') {
        // CDS Hooks: a service that cannot get the data it needs answers 412.
        throw new AppError(
          'prefetch_missing',
          'Send the patient’s latest Stepdown assessment (a QuestionnaireResponse) as prefetch "assessment".',
          [{ path: 'prefetch.assessment', message: 'is missing' }],
        );
      }
      if (!assessment.ok) throw invalidInput(assessment.issues);
      const card = levelOfCareCard(assessment.value, deps.ruleset);
      await insertAuditEvents(deps.database.db, [
        {
          at: deps.clock().toISOString(),
          // The clinic the EHR is listed for, when the clients file names one: its admins see the call.
          organizationId: request.cdsClient?.organizationId ?? null,
          actorUserId: null,
          actorKind: 'system',
          action: 'cds.level-of-care',
          resourceType: 'cds-call',
          resourceId: request.body.hookInstance,
          clientId: null,
          outcome: 'success',
          ip: request.ip,
          requestId: request.id,
        },
      ]);
      return { cards: [card] };
    },
  );
}
