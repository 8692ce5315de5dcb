/** A client's accounting of disclosures: as data for the workspace, and as a PDF for the client. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { renderPdf } from '../pdf/render.js';
import { disclosuresPdf } from '../pdf/disclosures-pdf.js';
import { accountingOfDisclosures } from '../services/disclosures.js';
import { IdParams } from '../../core/api/common.js';
import { DisclosureListResponse, DisclosurePdfQuery } from '../../core/api/disclosures.js';
import { calendarDate } from '../../core/time-zone.js';
import type { DisclosureResponse } from '../../core/api/disclosures.js';
import type { Disclosure } from '../services/disclosures.js';

function presentDisclosure(item: Disclosure): DisclosureResponse {
  return {
    at: item.at,
    kind: item.kind,
    way: item.way,
    recipient: { name: item.consent.recipientName, relationship: item.consent.recipientRelationship },
    purpose: item.consent.purpose,
    consentId: item.consent.id,
    consentSignedOn: item.consent.signedAt,
    planId: item.consent.planId,
    disclosedBy: item.disclosedBy,
  };
}

/** The client's record number for a file name (never their name), or the start of their id. */
function fileTag(client: { id: string; externalRef: string | null }): string {
  return (
    client.externalRef
      ?.replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || `client-${client.id.slice(0, 8)}`
  );
}

export function disclosureRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/api/v1/clients/:id/disclosures',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['consents'],
        summary:
          'The client’s accounting of disclosures (42 CFR 2.24, 2.25): every time their records were shared under a consent (a recipient opening their link, a transition summary given to a program), to whom, what, when and why, oldest first; the reading is audited',
        params: IdParams,
        response: { 200: DisclosureListResponse },
      },
    },
    async (request) => {
      const accounting = await accountingOfDisclosures(
        db,
        contextOf(request, deps.clock),
        request.params.id,
        'disclosures.read',
      );
      return { from: accounting.from, to: accounting.to, items: accounting.items.map(presentDisclosure) };
    },
  );

  api.get(
    '/api/v1/clients/:id/disclosures/pdf',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['consents'],
        summary:
          'The accounting of disclosures as a PDF for the client, in plain words, in lang or the client’s language; the printing is audited',
        params: IdParams,
        querystring: DisclosurePdfQuery,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const context = contextOf(request, deps.clock);
      const accounting = await accountingOfDisclosures(db, context, request.params.id, 'disclosures.export.pdf');
      const language = request.query.lang ?? accounting.client.preferredLanguage;
      const bytes = await renderPdf(disclosuresPdf(accounting, language));
      const day = calendarDate(context.now, context.timeZone);
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `inline; filename="disclosures-${fileTag(accounting.client)}-${language}-${day}.pdf"`,
        )
        .send(bytes);
    },
  );
}
