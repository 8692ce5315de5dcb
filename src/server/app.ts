/**
 * The Fastify application: security headers and CSP, cookies, sign-in rate limiting, access control
 * on every route, zod validation with problem-details errors, OpenAPI, and the routes. Built from
 * plain dependencies (no module state), so tests build as many independent apps as they like.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest, type RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { AppError } from '../core/errors.js';
import { installAccessControl } from './access.js';
import type { ServerDeps } from './deps.js';
import { frameworkErrorHandler, installProblemHandlers, REFUSED_COMMIT_MARK, zodValidatorCompiler } from './problem.js';
import { assessmentRoutes } from './routes/assessments.js';
import { auditRoutes } from './routes/audit-events.js';
import { authRoutes } from './routes/auth.js';
import { clientRoutes } from './routes/clients.js';
import { consentRoutes } from './routes/consents.js';
import { disclosureRoutes } from './routes/disclosures.js';
import { cdsRoutes } from './routes/cds.js';
import { fhirProgramRoutes } from './routes/fhir-programs.js';
import { fhirRoutes } from './routes/fhir.js';
import { healthRoutes } from './routes/health.js';
import { organizationRoutes } from './routes/organization.js';
import { planExportRoutes } from './routes/plan-exports.js';
import { planSharingRoutes } from './routes/plan-sharing.js';
import { planGoalRoutes } from './routes/plan-goals.js';
import { planRoutes } from './routes/plans.js';
import { programRoutes } from './routes/programs.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { referralRoutes } from './routes/referrals.js';
import { sharePageRoutes } from './routes/share-pages.js';
import { userRoutes } from './routes/users.js';
import { webRoutes } from './routes/web.js';
import { installSecurityHeaders } from './security-headers.js';
import { trustFunction } from './proxy-trust.js';
import { configuredPublicAddress, localPublicAddress } from './public-url.js';
import { databaseRateLimitStore } from './rate-limit-store.js';
import { installSessionSweep } from './session-sweep.js';
import { installReminders } from './reminders.js';
import { loadShippedInstruments } from './instruments.js';
import { loadDefaultSignalRules } from '../core/signals/index.js';
import { measureRoutes } from './routes/measures.js';
import { checkInRoutes } from './routes/check-ins.js';
import { checkInStartRoutes } from './routes/check-in-start.js';
import { caseloadRoutes } from './routes/caseload.js';
import { outcomeRoutes } from './routes/outcomes.js';

export interface AppOptions {
  logLevel?: string;
  /** Where log lines go (a stream); stdout when omitted. */
  logStream?: NodeJS.WritableStream;
  /** Told of every route as it is added, with its declared access: the route table tests are built from. */
  onRoute?: (route: RouteOptions) => void;
}

const REFUSED = REFUSED_COMMIT_MARK;

/** Routes added by plugins (documentation) that are public by nature. */
const PLUGIN_PUBLIC_PREFIXES = ['/api/docs'];

/** Log lines carry the route pattern, never the raw URL: query strings can hold client names. */
function requestSummary(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, route: request.routeOptions?.url ?? '(no route)', id: request.id };
}

export async function buildApp(deps: ServerDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const instruments = deps.instruments ?? loadShippedInstruments();
  const app = Fastify({
    logger:
      options.logLevel === 'silent'
        ? false
        : {
            level: options.logLevel ?? 'info',
            ...(options.logStream ? { stream: options.logStream } : {}),
            serializers: { req: requestSummary },
          },
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: trustFunction(deps.trustProxy),
    // Long enough that every param reaches its schema, which names it when it is wrong; Node already
    // limits the whole request head to 16 KiB.
    routerOptions: { maxParamLength: 16 * 1024 },
    frameworkErrors: frameworkErrorHandler,
  });

  app.setValidatorCompiler(zodValidatorCompiler);
  // Responses are built by typed presenters; serialise them directly rather than re-validating.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installProblemHandlers(app);
  // Bodies are JSON. Fastify also reads text/plain by default, which let such a body reach the
  // route's schema (400) instead of being refused for its type (415) like every other type.
  app.removeContentTypeParser('text/plain');

  await app.register(cookie);
  const configured = deps.publicUrl ? configuredPublicAddress(deps.publicUrl) : undefined;
  app.decorate('publicAddress', () => {
    if (configured) return configured;
    const address = app.server.address();
    return localPublicAddress(typeof address === 'object' && address ? address : undefined);
  });
  installSessionSweep(app, deps);
  if (deps.smtp) {
    installReminders(app, { db: deps.database.db, instruments, clock: deps.clock }, deps.smtp, deps.reminderIntervalMs);
  }
  installSecurityHeaders(app);
  // First, before any work of the request can write: see the durability hook below.
  app.decorateRequest('commitMark', 0);
  app.addHook('onRequest', (request, _reply, done) => {
    request.commitMark = deps.database.commitMark();
    done();
  });
  // Counted in the database: shared by every process, kept across restarts (decision 8).
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(deps.database.db, deps.clock) });

  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { access?: string };
    if (config.access === undefined && PLUGIN_PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...config, access: 'public' };
    }
  });
  installAccessControl(app, {
    db: deps.database.db,
    secret: deps.secret,
    clock: deps.clock,
    cdsClients: deps.cdsClients ?? [],
  });
  const onRoute = options.onRoute;
  if (onRoute) app.addHook('onRoute', (route) => onRoute(route));

  // Nothing is acknowledged before it is durable: with SQLite group commit, the transactions of a
  // request may still be waiting for their batch's commit (one per turn of the event loop), or their
  // batch may have failed while the request went on with other work. The mark taken on arrival
  // covers every batch the request's transactions can have joined.
  app.addHook('onSend', async (request, _reply, payload) => {
    // The problem answer to a refused request has nothing of its own to wait for.
    if (request.commitMark === REFUSED) return payload;
    try {
      await deps.database.settled(request.commitMark);
    } catch {
      request.commitMark = REFUSED;
      throw new AppError('unavailable', 'The database could not save this just now. Nothing was saved; try again.');
    }
    return payload;
  });

  // Protected data must never sit in a shared or browser cache; nor a CDS answer (a card is about
  // one patient at one moment, and the call's token works once).
  app.addHook('onSend', (request, reply, payload, done) => {
    if (
      request.url.startsWith('/api/v1') ||
      request.url.startsWith('/fhir') ||
      request.url.startsWith('/cds-services')
    ) {
      reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Stepdown API',
        version: '1',
        description:
          'Level-of-care assessment, explained recommendations and client records. Sign in with POST /api/v1/auth/sign-in; send the x-csrf-token header you receive on every state-changing request. Errors are RFC 9457 problem details.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'stepdown_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // No call to the public swagger validator, and the same strict policy as the rest of the app.
    uiConfig: { validatorUrl: null },
    staticCSP:
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());
  // Serves files by path for the web routes; no route of its own (serve: false).
  await app.register(fastifyStatic, {
    root: deps.webRoot && existsSync(deps.webRoot) ? deps.webRoot : process.cwd(),
    serve: false,
    // The web routes set Cache-Control themselves.
    cacheControl: false,
  });

  healthRoutes(app, deps);
  authRoutes(app, deps);
  userRoutes(app, deps);
  clientRoutes(app, deps);
  assessmentRoutes(app, deps);
  recommendationRoutes(app, deps);
  auditRoutes(app, deps);
  organizationRoutes(app, deps);
  planRoutes(app, deps);
  planGoalRoutes(app, deps);
  planExportRoutes(app, deps);
  planSharingRoutes(app, deps);
  consentRoutes(app, deps);
  disclosureRoutes(app, deps);
  fhirRoutes(app, deps, instruments);
  await sharePageRoutes(app, deps);
  programRoutes(app, deps);
  referralRoutes(app, deps);
  fhirProgramRoutes(app, deps);
  cdsRoutes(app, deps);
  // One compiled signal rule set for every path that evaluates signals.
  const signals = { instruments, rules: loadDefaultSignalRules() };
  measureRoutes(app, deps, signals);
  checkInRoutes(app, deps, signals);
  checkInStartRoutes(app, deps);
  caseloadRoutes(app, deps, signals);
  outcomeRoutes(app, deps, instruments);
  webRoutes(app, deps.webRoot);
  return app;
}
