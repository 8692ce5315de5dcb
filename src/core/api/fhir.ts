/** Request shapes of the FHIR routes whose ids are not plain UUIDs. */
import { z } from 'zod';

/** FHIR ids: letters, digits, '-' and '.', up to 64 characters. */
export const FhirIdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id') });

/** A UUID as we make them (lower case), for patterns of ids built on one. */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Versions are counted from 1; seven digits is far beyond any assessment's history. */
export const OBSERVATION_ID = new RegExp(`^(${UUID_PATTERN})-v([1-9][0-9]{0,6})-(d[1-6])$`);
/** A measure's total as an Observation: the measure id with `-total`. */
export const MEASURE_OBSERVATION_ID = new RegExp(`^(${UUID_PATTERN})-total$`);

export const ObservationIdParams = z.strictObject({
  id: z
    .string()
    .refine(
      (id) => OBSERVATION_ID.test(id) || MEASURE_OBSERVATION_ID.test(id),
      'must be an Observation id: <assessment id>-v<version>-d1 to d6, or <measure id>-total',
    ),
});

export const DERIVED_FROM = new RegExp(`^(?:QuestionnaireResponse/)?(${UUID_PATTERN})$`);

/**
 * Observation search: `derived-from` (a standard Observation search parameter) names the
 * QuestionnaireResponse: an assessment, whose current version the six ratings come from, or a
 * measure, whose total is the one Observation.
 */
export const ObservationSearchQuery = z.strictObject({
  'derived-from': z.string().regex(DERIVED_FROM, 'must be QuestionnaireResponse/<assessment or measure id>'),
});

/**
 * A CarePlan read: for the organisation's own use by default; `audience=receiving` with `consent`
 * is the transition summary disclosed to the program the client was referred to, under that Part 2
 * consent (as the PDF's `audience=receiving`). A consent goes with the receiving audience only.
 */
export const CarePlanQuery = z
  .strictObject({
    audience: z.enum(['clinician', 'receiving']).optional(),
    consent: z.uuid().optional(),
  })
  .superRefine((query, context) => {
    if (query.audience === 'receiving' && query.consent === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['consent'],
        message: 'required for audience=receiving: the id of the Part 2 consent naming the program',
      });
    }
    if (query.audience !== 'receiving' && query.consent !== undefined) {
      context.addIssue({ code: 'custom', path: ['consent'], message: 'only with audience=receiving' });
    }
  });
