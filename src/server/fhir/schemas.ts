/** Request shapes of the FHIR client-data routes whose ids are not plain UUIDs. */
import { z } from 'zod';
import { OBSERVATION_ID, UUID_PATTERN } from './observation.js';

export const ObservationIdParams = z.strictObject({
  id: z.string().regex(OBSERVATION_ID, 'must be an Observation id: <assessment id>-v<version>-d1 to d6'),
});

export const DERIVED_FROM = new RegExp(`^(?:QuestionnaireResponse/)?(${UUID_PATTERN})$`);

/**
 * Observation search: `derived-from` (a standard Observation search parameter) names the
 * QuestionnaireResponse, that is the assessment, whose current version the six ratings come from.
 */
export const ObservationSearchQuery = z.strictObject({
  'derived-from': z.string().regex(DERIVED_FROM, 'must be QuestionnaireResponse/<assessment id>'),
});
