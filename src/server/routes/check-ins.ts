/**
 * Check-ins by link: a client's measurement schedule, the links a clinician makes, and what the
 * client's phone calls with the link's code (the form, and sending the answers). The page itself,
 * /check-in/<code>, is the built front end's check-in.html; it works offline once opened.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { AnonymousContext } from '../audit.js';
import type { ServerDeps } from '../deps.js';
import {
  CheckInCodeParams,
  CheckInFormResponse,
  CheckInLinkResponse,
  CheckInSubmitBody,
  CheckInSubmitResponse,
  NewCheckInLinkBody,
  ScheduleBody,
  ScheduleResponse,
} from '../../core/api/measures.js';
import { IdParams } from '../../core/api/common.js';
import { ProblemResponse } from '../../core/api/problem.js';
import { createCheckInLink, openCheckIn, readSchedule, submitCheckIn, updateSchedule } from '../services/check-ins.js';
import type { SignalEvaluation } from '../services/step-signals.js';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Check-in</title></head>
<body><main><h1>Check-in</h1>
<p>The check-in page has not been built on this server. For help now, call or text 988, or call 911 in an emergency.</p>
</main></body></html>
`;

/** Enough for a person on a slow phone; far too few to try codes. */
const RATE_LIMIT = { max: 60, timeWindow: '1 minute' };

function anonymousContext(request: FastifyRequest, deps: ServerDeps): AnonymousContext {
  return { ip: request.ip, requestId: request.id, now: deps.clock(), viewerUserId: request.actor?.user.id ?? null };
}

export function checkInRoutes(app: FastifyInstance, deps: ServerDeps, evaluation: SignalEvaluation): void {
  const { instruments } = evaluation;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/api/v1/clients/:id/measure-schedule',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary:
          'A client’s measurement schedule (by default: the weekly recovery check and readiness rulers every 7 days, PHQ-9 and GAD-7 every 14), with when each was last taken and is next due',
        params: IdParams,
        response: { 200: ScheduleResponse },
      },
    },
    async (request) => readSchedule(db, contextOf(request, deps.clock), request.params.id),
  );

  api.put(
    '/api/v1/clients/:id/measure-schedule',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary: 'Change a client’s measurement schedule; refused (409) while the client is archived',
        params: IdParams,
        body: ScheduleBody,
        response: { 200: ScheduleResponse, 409: ProblemResponse.describe('The client is archived') },
      },
    },
    async (request) =>
      updateSchedule(db, contextOf(request, deps.clock), instruments, request.params.id, request.body.items),
  );

  api.post(
    '/api/v1/clients/:id/check-in-links',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['measures'],
        summary:
          'Make a private, single-use link for the client to answer on their phone (what is due, unless instruments are named); it expires after 72 hours by default. The code is shown once.',
        params: IdParams,
        body: NewCheckInLinkBody,
        response: { 201: CheckInLinkResponse, 409: ProblemResponse.describe('The client is archived') },
      },
    },
    async (request, reply) => {
      const { link, code } = await createCheckInLink(
        db,
        contextOf(request, deps.clock),
        instruments,
        request.params.id,
        request.body,
      );
      return reply.code(201).send({
        id: link.id,
        code,
        path: `/check-in/${code}`,
        instruments: link.instruments,
        language: link.language,
        createdAt: link.createdAt,
        expiresAt: link.expiresAt,
      });
    },
  );

  api.get(
    '/api/v1/check-in/:code',
    {
      config: { access: 'public', rateLimit: RATE_LIMIT },
      schema: {
        tags: ['check-in'],
        summary:
          'What a check-in link asks, in English and Spanish, with the clinic’s name and phone; 404 when the link was used, expired or never was',
        params: CheckInCodeParams,
        response: { 200: CheckInFormResponse },
      },
    },
    async (request) => {
      const form = await openCheckIn(db, anonymousContext(request, deps), instruments, request.params.code);
      return {
        language: form.language,
        expiresAt: form.expiresAt,
        clinic: form.clinic,
        instruments: form.instruments.map((instrument) => ({
          id: instrument.id,
          title: instrument.title,
          lead: instrument.lead,
          items: instrument.items.map((item) => ({
            number: item.number,
            linkId: item.linkId,
            text: item.text,
            kind: item.kind,
            min: item.min,
            max: item.max,
            required: item.required,
            safety: item.safety !== null,
            safetyMin: item.safety?.min ?? null,
            choices: item.choices.map((c) => ({ value: c.value, label: c.display })),
          })),
        })),
      };
    },
  );

  api.post(
    '/api/v1/check-in/:code',
    {
      config: { access: 'public', rateLimit: RATE_LIMIT },
      schema: {
        tags: ['check-in'],
        summary:
          'Send the answers of a check-in link (once: the link is used up). A retry with the same submissionId is answered 200 as the first was.',
        params: CheckInCodeParams,
        body: CheckInSubmitBody,
        response: { 200: CheckInSubmitResponse, 201: CheckInSubmitResponse },
      },
    },
    async (request, reply) => {
      const outcome = await submitCheckIn(
        db,
        anonymousContext(request, deps),
        evaluation,
        request.params.code,
        request.body,
      );
      return reply.code(outcome.repeated ? 200 : 201).send({ received: true, measures: outcome.measures });
    },
  );

  // The page: the same file for every code; it asks the API above what the code opens.
  const root = deps.webRoot;
  app.get(
    '/check-in/:code',
    { config: { access: 'public', rateLimit: RATE_LIMIT }, schema: { hide: true } },
    (_request, reply) => {
      reply
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex, nofollow')
        .type('text/html; charset=utf-8');
      if (!root || !existsSync(join(root, 'check-in.html'))) return reply.send(NOT_BUILT);
      return reply.sendFile('check-in.html', root);
    },
  );
}
