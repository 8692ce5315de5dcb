/**
 * CDS Hooks (2.0): the discovery list at /cds-services, the level-of-care service an EHR calls at
 * discharge, its feedback endpoint, and the clinic's summary of that feedback. Discovery is public
 * (it names services, nothing about anyone); a service call needs a configured EHR's signed token
 * (access `cds-client`), carries the assessment in its prefetch, and stores nothing of it; feedback
 * keeps only the card, the outcome and the variance reason. Each call is audited without the
 * patient's identifiers.
 */
import type { DoneFuncWithErrOrRes, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalidInput } from '../../core/errors.js';
import { VARIANCE_REASON_LABELS, VARIANCE_REASONS } from '../../core/plans/vocabulary.js';
import { insertAuditEvents } from '../../storage/audit.js';
import { insertCdsFeedback, summarizeCdsFeedback } from '../../storage/cds-feedback.js';
import { contextOf } from '../access.js';
import {
  VARIANCE_SYSTEM,
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

/** A variance reason as a card offered it in overrideReasons. */
const VarianceCoding = z.strictObject({
  system: z.literal(VARIANCE_SYSTEM, { error: `must be ${VARIANCE_SYSTEM}, the system of the card's overrideReasons` }),
  code: z.enum(VARIANCE_REASONS),
  display: z.string().min(1).max(200).optional(),
});

/**
 * CDS Hooks feedback: what the clinician did with each card. `userComment` is accepted, as the
 * specification allows it, and not kept: it is free text about a patient Stepdown cannot name.
 */
const FeedbackRequest = z.strictObject({
  feedback: z
    .array(
      z
        .strictObject({
          card: z.string().min(1).max(100),
          outcome: z.enum(['accepted', 'overridden']),
          acceptedSuggestions: z
            .array(z.strictObject({ id: z.string().min(1).max(100) }))
            .max(20)
            .optional(),
          overrideReason: z
            .strictObject({ reason: VarianceCoding.optional(), userComment: z.string().max(2000).optional() })
            .optional(),
          outcomeTimestamp: z.iso.datetime({ offset: true }),
        })
        .refine((entry) => entry.outcome === 'overridden' || entry.overrideReason === undefined, {
          path: ['overrideReason'],
          error: 'only an overridden card has a reason',
        }),
    )
    .min(1)
    .max(100),
});

const SummaryQuery = z.strictObject({ since: z.iso.date().optional() });

/** How far back the summary looks when no date is given. */
const SUMMARY_DAYS = 90;

export function cdsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  for (const url of ['/cds-services', `/cds-services/${SERVICE_ID}`, `/cds-services/${SERVICE_ID}/feedback`]) {
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

  api.post(
    `/cds-services/${SERVICE_ID}/feedback`,
    {
      config: { access: 'cds-client' },
      schema: {
        tags: ['cds-hooks'],
        summary:
          'What the clinician did with each card: accepted, or overridden with one of the card’s reasons; comments are not kept',
        body: FeedbackRequest,
      },
      onSend: allowAnyOrigin,
    },
    async (request) => {
      const receivedAt = deps.clock().toISOString();
      const organizationId = request.cdsClient?.organizationId ?? null;
      const entries = request.body.feedback;
      await deps.database.db.transaction().execute(async (trx) => {
        await insertCdsFeedback(
          trx,
          entries.map((entry) => ({
            receivedAt,
            organizationId,
            issuer: request.cdsClient?.iss ?? '',
            cardId: entry.card,
            outcome: entry.outcome,
            reasonCode: entry.overrideReason?.reason?.code ?? null,
            outcomeAt: new Date(entry.outcomeTimestamp).toISOString(),
          })),
        );
        await insertAuditEvents(
          trx,
          entries.map((entry) => ({
            at: receivedAt,
            organizationId,
            actorUserId: null,
            actorKind: 'system' as const,
            action: 'cds.feedback',
            resourceType: 'cds-card',
            resourceId: entry.card,
            clientId: null,
            outcome: 'success' as const,
            ip: request.ip,
            requestId: request.id,
          })),
        );
      });
      return {};
    },
  );

  api.get(
    '/api/v1/cds-feedback',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['cds-hooks'],
        summary: `Your organisation's CDS card outcomes since a date (default: the last ${SUMMARY_DAYS} days), overrides by reason`,
        querystring: SummaryQuery,
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      const since =
        request.query.since ?? new Date(context.now.getTime() - SUMMARY_DAYS * 86_400_000).toISOString().slice(0, 10);
      const summary = await summarizeCdsFeedback(
        deps.database.db,
        context.actor.organizationId,
        `${since}T00:00:00.000Z`,
      );
      return {
        since,
        accepted: summary.accepted,
        overridden: summary.overridden,
        reasons: summary.reasons.map((reason) => ({
          ...reason,
          label:
            reason.code !== null && Object.hasOwn(VARIANCE_REASON_LABELS, reason.code)
              ? VARIANCE_REASON_LABELS[reason.code as keyof typeof VARIANCE_REASON_LABELS]
              : null,
        })),
      };
    },
  );
}
