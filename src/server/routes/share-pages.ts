/**
 * The pages a client or a consented recipient opens with a code, with no account: server-rendered
 * HTML that works under the strict Content-Security-Policy (no script, no inline style; one style
 * sheet). Public routes, rate limited, never cached, never indexed.
 *
 * The client's acknowledgement is a plain form POST. It has no session to carry a CSRF token, so
 * it must prove it came from our own page: the browser's Sec-Fetch-Site says same-origin, or its
 * Origin is ours. The share pages send `Referrer-Policy: same-origin` so browsers include the real
 * Origin on that POST (under `no-referrer` they would send `Origin: null`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import type { PlanLanguage } from '../../core/plans/vocabulary.js';
import type { AnonymousContext } from '../audit.js';
import type { ServerDeps } from '../deps.js';
import { discloseByConsent } from '../services/consents.js';
import { acknowledgeSharedPlan, viewSharedPlan } from '../services/plan-sharing.js';
import { SHARE_CSS_PATH } from '../share/html.js';
import { disclosurePage, sharedPlanPage, unavailablePage } from '../share/pages.js';
import { SHARE_CSS } from '../share/styles.js';

/** Enough for a person reading and re-reading; far too few to try codes. */
const RATE_LIMIT = { max: 60, timeWindow: '1 minute' };

interface CodeRequest {
  Params: { code: string };
  Querystring: { lang?: string };
}

/** The language asked for, else the client's preferred one, else English. Anything unknown is ignored. */
function languageOf(request: FastifyRequest<CodeRequest>, fallback: PlanLanguage = 'en'): PlanLanguage {
  const lang = request.query.lang;
  return lang === 'es' || lang === 'en' ? lang : fallback;
}

function anonymousContext(request: FastifyRequest, deps: ServerDeps): AnonymousContext {
  return { ip: request.ip, requestId: request.id, now: deps.clock(), viewerUserId: request.actor?.user.id ?? null };
}

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex, nofollow')
    .header('referrer-policy', 'same-origin')
    .send(html);
}

/** Refuses a form post that did not come from one of our own pages. */
function requireSameOrigin(request: FastifyRequest): void {
  if (request.headers['sec-fetch-site'] === 'same-origin') return;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null' && request.server.publicAddress().accepts(origin)) return;
  throw new AppError('csrf_failed', 'This form must be sent from its own page.');
}

export async function sharePageRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const db = deps.database.db;

  app.get(SHARE_CSS_PATH, { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SHARE_CSS),
  );

  await app.register((scope, _options, registered) => {
    // Only these pages take a form post; the JSON API keeps refusing form bodies.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });

    scope.get<CodeRequest>(
      '/share/:code',
      { config: { access: 'public', rateLimit: RATE_LIMIT }, schema: { hide: true } },
      async (request, reply) => {
        const result = await viewSharedPlan(db, anonymousContext(request, deps), request.params.code);
        if (result.kind === 'gone') {
          return sendPage(reply, 410, unavailablePage('gone', languageOf(request), result.organization));
        }
        if (result.kind === 'not-found') {
          return sendPage(reply, 404, unavailablePage('not-found', languageOf(request), null));
        }
        const language = languageOf(request, result.shared.client.preferredLanguage);
        const path = `/share/${request.params.code}`;
        return sendPage(
          reply,
          200,
          sharedPlanPage(result.shared, {
            language,
            path,
            ackAction: `${path}/acknowledgement?lang=${language}`,
            staffViewing: request.actor !== null,
          }),
        );
      },
    );

    scope.post<CodeRequest>(
      '/share/:code/acknowledgement',
      { config: { access: 'public', rateLimit: RATE_LIMIT }, schema: { hide: true } },
      async (request, reply) => {
        requireSameOrigin(request);
        const language = languageOf(request);
        const result = await acknowledgeSharedPlan(db, anonymousContext(request, deps), request.params.code, language);
        if (result.kind === 'gone') return sendPage(reply, 410, unavailablePage('gone', language, result.organization));
        if (result.kind === 'not-found') return sendPage(reply, 404, unavailablePage('not-found', language, null));
        // Post, redirect, get: a reload of the thank-you page does not post again.
        return reply
          .code(303)
          .header('cache-control', 'no-store')
          .header('location', `/share/${request.params.code}?lang=${language}`)
          .send();
      },
    );

    scope.get<CodeRequest>(
      '/share/consent/:code',
      { config: { access: 'public', rateLimit: RATE_LIMIT }, schema: { hide: true } },
      async (request, reply) => {
        const result = await discloseByConsent(db, anonymousContext(request, deps), request.params.code);
        const language = languageOf(request);
        switch (result.kind) {
          case 'found':
            return sendPage(
              reply,
              200,
              disclosurePage(result.disclosure, { language, path: `/share/consent/${request.params.code}` }),
            );
          case 'gone':
            return sendPage(reply, 410, unavailablePage('gone', language, result.organization));
          case 'not-ready':
            return sendPage(reply, 404, unavailablePage('not-ready', language, result.organization));
          case 'not-found':
            return sendPage(reply, 404, unavailablePage('not-found', language, null));
        }
      },
    );
    registered();
  });
}
