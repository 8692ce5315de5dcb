/** Plan PDFs: the client's plain-language plan and the clinician's clinical record. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { PdfQuery } from '../../core/api/plans.js';
import { IdParams } from '../../core/api/common.js';
import { exportPlanPdf } from '../services/plan-exports.js';

export function planExportRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/api/v1/plans/:id/pdf',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary:
          'The plan as a PDF: audience=client (plain language, in lang or the client’s language; the latest finalised version, or ?version=N of a finalised one) or audience=clinician (the clinical record of the current version, or ?version=N), or audience=receiving&consent={id} (the transition summary for the program the client was referred to: the latest finalised version, disclosed only under a full-plan Part 2 consent in force whose recipient is that program, with the redisclosure notice; 409 otherwise)',
        params: IdParams,
        querystring: PdfQuery,
      },
    },
    async (request, reply) => {
      const { audience, lang, version, consent } = request.query;
      const pdf = await exportPlanPdf(db, contextOf(request, deps.clock), request.params.id, {
        audience,
        consentId: consent,
        language: lang,
        version,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${pdf.filename}"`)
        .send(pdf.bytes);
    },
  );
}
