/**
 * The waiting-room side of check-ins: a printable poster for the clinic (a PDF with a QR code) and
 * the public page its code opens. The page is the same for everyone and holds nothing about anyone:
 * it says that a check-in is answered through the private link the clinic sends, whom to ask for a
 * new one, where the decision aid is, and the crisis numbers. It is plain HTML with no script, styled
 * by the share pages' stylesheet (served from this server), so it opens on any phone, reads like
 * the other client pages, and passes the strict Content-Security-Policy.
 */
import type { FastifyInstance } from 'fastify';
import { CHECK_IN_START_PATH, CHECK_IN_START_WORDS } from '../../core/measures/check-in-start.js';
import { CRISIS_RESOURCES } from '../../core/decision-aid/crisis.js';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { checkInPosterPdf } from '../pdf/check-in-poster.js';
import { renderPdf } from '../pdf/render.js';
import { readOrganization } from '../services/organization.js';
import { SHARE_CSS_PATH } from '../share/html.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function section(lang: 'en' | 'es'): string {
  const words = CHECK_IN_START_WORDS[lang];
  const e = escapeHtml;
  return `<section lang="${lang}" aria-labelledby="title-${lang}">
<h${lang === 'en' ? 1 : 2} id="title-${lang}">${e(words.title)}</h${lang === 'en' ? 1 : 2}>
<p>${e(words.link)}</p>
<p>${e(words.noLink)}</p>
<p><a href="/">${e(words.aid)}</a></p>
<div class="card">
<p><strong>${e(words.help)}</strong> <a href="${CRISIS_RESOURCES.lifeline.call}">${lang === 'en' ? 'Call' : 'Llamar al'} ${CRISIS_RESOURCES.lifeline.number}</a> · <a href="${CRISIS_RESOURCES.lifeline.text}">${lang === 'en' ? 'Text' : 'Mensaje al'} ${CRISIS_RESOURCES.lifeline.number}</a></p>
<p>${e(words.emergency)} <a href="${CRISIS_RESOURCES.emergency.call}">${CRISIS_RESOURCES.emergency.number}</a></p>
<p>${e(words.helpline)} <a href="${CRISIS_RESOURCES.helpline.call}">${CRISIS_RESOURCES.helpline.number}</a></p>
</div>
</section>`;
}

/** The start page, in English and then Spanish. */
export const CHECK_IN_START_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Check in | Responda</title>
<link rel="stylesheet" href="${SHARE_CSS_PATH}"></head>
<body><main>
${section('en')}
${section('es')}
</main></body></html>
`;

export function checkInStartRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const db = deps.database.db;

  app.get(CHECK_IN_START_PATH, { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(CHECK_IN_START_PAGE),
  );

  app.get(
    '/api/v1/organization/check-in-poster',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['organization'],
        summary:
          'A printable poster (PDF) for the waiting room: the clinic’s name, how to check in from a phone (English and Spanish), the crisis numbers, and a QR code that opens the public check-in start page. The code holds only that address, nothing about anyone.',
      },
    },
    async (request, reply) => {
      const organization = await readOrganization(db, contextOf(request, deps.clock));
      const startUrl = `${app.publicAddress().origin}${CHECK_IN_START_PATH}`;
      const bytes = await renderPdf(checkInPosterPdf(organization, startUrl));
      return reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="check-in-poster.pdf"')
        .send(bytes);
    },
  );
}
