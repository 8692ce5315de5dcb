/** Request shapes of the FHIR client-data routes whose ids are not plain UUIDs. */
import { z } from 'zod';
import { MEASURE_OBSERVATION_ID } from './measures.js';
import { OBSERVATION_ID, UUID_PATTERN } from './observation.js';

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
