/**
 * FHIR R4 endpoints for client data: a plan as a CarePlan (with contained Goals), an assessment as a
 * QuestionnaireResponse and as six dimension Observations, a Part 2 consent as a Consent, and the
 * Questionnaire the responses answer. Signed-in and scoped to the organisation like the rest of the
 * API; each read of client data is audited as an export; errors are problem details.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { FHIR_JSON } from '../fhir/base.js';
import { searchsetOf } from '../fhir/bundle.js';
import { parseObservationId } from '../fhir/observation.js';
import { assessmentQuestionnaire, QUESTIONNAIRE_ID } from '../fhir/questionnaire.js';
import { CarePlanQuery, DERIVED_FROM, ObservationIdParams, ObservationSearchQuery } from '../../core/api/fhir.js';
import type { InstrumentRegistry } from '../../core/measures/index.js';
import { AppError } from '../../core/errors.js';
import { instrumentQuestionnaire, MEASURE_OBSERVATION_ID } from '../fhir/measures.js';
import { InstrumentParams } from '../../core/api/measures.js';
import { IdParams } from '../../core/api/common.js';
import { exportMeasureObservations, exportMeasureResponse, isMeasureOf } from '../services/measure-exports.js';
import { exportConsent, exportDimensionObservation, exportDimensionObservations } from '../services/fhir-exports.js';
import { exportAssessmentResponse, exportCarePlan } from '../services/plan-exports.js';
import { absoluteUrl } from './plan-sharing.js';

export function fhirRoutes(app: FastifyInstance, deps: ServerDeps, instruments: InstrumentRegistry): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  api.get(
    '/fhir/R4/CarePlan/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['fhir'],
        summary:
          'A plan as a FHIR R4 CarePlan with contained Goals, MedicationStatements and Appointments (the finalised version when there is one); with audience=receiving&consent={id}, the transition summary for the program the client was referred to: the latest finalised version, disclosed only under a full-plan Part 2 consent in force whose recipient is that program, labelled 42CFRPart2 and NORDSCLCD with the redisclosure notice as its first note (409 otherwise)',
        params: IdParams,
        querystring: CarePlanQuery,
      },
    },
    async (request, reply) =>
      reply.type(FHIR_JSON).send(
        await exportCarePlan(db, contextOf(request, deps.clock), request.params.id, {
          audience: request.query.audience,
          consentId: request.query.consent,
        }),
      ),
  );

  api.get(
    '/fhir/R4/QuestionnaireResponse/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['fhir'],
        summary:
          'The current version of an assessment, or one measure (a result of an instrument), as a FHIR R4 QuestionnaireResponse',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const context = contextOf(request, deps.clock);
      const measure = await exportMeasureResponse(db, context, instruments, request.params.id);
      return reply.type(FHIR_JSON).send(measure ?? (await exportAssessmentResponse(db, context, request.params.id)));
    },
  );

  api.get(
    '/fhir/R4/Questionnaire/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['fhir'],
        summary:
          'An instrument (phq-9, gad-7, audit-c, recovery-check, readiness, attendance, drug-test) as the FHIR R4 Questionnaire it is stored as, with SDC scoring and LOINC codes',
        params: InstrumentParams,
      },
    },
    (request, reply) => {
      const instrument = instruments.get(request.params.id);
      if (!instrument) throw new AppError('not_found', 'No Questionnaire with this id.');
      return reply.type(FHIR_JSON).send(instrumentQuestionnaire(instrument));
    },
  );

  api.get(
    `/fhir/R4/Questionnaire/${QUESTIONNAIRE_ID}`,
    {
      config: { access: 'signed-in' },
      schema: { tags: ['fhir'], summary: 'The Questionnaire every assessment QuestionnaireResponse answers' },
    },
    (_request, reply) => reply.type(FHIR_JSON).send(assessmentQuestionnaire()),
  );

  api.get(
    '/fhir/R4/Consent/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['fhir'],
        summary:
          'A 42 CFR Part 2 consent as a FHIR R4 Consent: active while in force, inactive once revoked or past its last day',
        params: IdParams,
      },
    },
    async (request, reply) =>
      reply.type(FHIR_JSON).send(await exportConsent(db, contextOf(request, deps.clock), request.params.id)),
  );

  api.get(
    '/fhir/R4/Observation/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['fhir'],
        summary:
          'One dimension rating of one assessment version (id <assessment id>-v<version>-<d1..d6>), or the total of one measure (id <measure id>-total), as a FHIR R4 Observation',
        params: ObservationIdParams,
      },
    },
    async (request, reply) => {
      const measureId = MEASURE_OBSERVATION_ID.exec(request.params.id)?.[1];
      if (measureId !== undefined) {
        const [total] = await exportMeasureObservations(db, contextOf(request, deps.clock), instruments, measureId, {
          requireOne: true,
        });
        return reply.type(FHIR_JSON).send(total);
      }
      const key = parseObservationId(request.params.id);
      // The params schema admits only ids this parses.
      if (!key) throw new Error('an Observation id passed its schema but does not parse');
      return reply.type(FHIR_JSON).send(await exportDimensionObservation(db, contextOf(request, deps.clock), key));
    },
  );

  api.get(
    '/fhir/R4/Observation',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['fhir'],
        summary:
          'Search: the six dimension Observations of an assessment’s current version, or the total of a measure, as a searchset Bundle (derived-from=QuestionnaireResponse/<assessment or measure id>)',
        querystring: ObservationSearchQuery,
      },
    },
    async (request, reply) => {
      const derivedFrom = request.query['derived-from'];
      const assessmentId = DERIVED_FROM.exec(derivedFrom)?.[1];
      if (assessmentId === undefined) throw new Error('a derived-from value passed its schema but does not parse');
      const context = contextOf(request, deps.clock);
      const observations = (await isMeasureOf(db, context.actor.organizationId, assessmentId))
        ? await exportMeasureObservations(db, context, instruments, assessmentId, { requireOne: false })
        : await exportDimensionObservations(db, context, assessmentId);
      const base = absoluteUrl(request, '/fhir/R4');
      const self = `${base}/Observation?derived-from=${encodeURIComponent(`QuestionnaireResponse/${assessmentId}`)}`;
      return reply.type(FHIR_JSON).send(searchsetOf(observations, base, self));
    },
  );
}
