/**
 * The six dimension ratings of one assessment version as FHIR R4 Observations, one per dimension.
 * The QuestionnaireResponse of the same version already carries the answers; these are derived from
 * it (`derivedFrom`), so an EHR can chart a dimension across assessments without reading the form.
 *
 * Id scheme: `<assessment id>-v<version>-<dimension>`, for example
 * `0f8e4c1a-5b2d-4c3e-9a7f-1d2e3f4a5b6c-v2-d3`. An assessment version never changes once saved, so
 * the id names one rating for good; at most 48 characters, inside FHIR's 64.
 */
import type { CodeableConcept, Observation } from 'fhir/r4.js';
import { OBSERVATION_ID } from '../../core/api/fhir.js';
import { AssessmentSchema } from '../../core/assessment.js';
import { DIMENSION_IDS, DIMENSIONS, type DimensionId, RATING_WORDS, type Rating } from '../../core/dimensions.js';
import type { AssessmentVersion } from '../../storage/records.js';
import { FHIR_BASE } from './base.js';

export const DIMENSION_SYSTEM = `${FHIR_BASE}/CodeSystem/dimension`;
export const RATING_SYSTEM = `${FHIR_BASE}/CodeSystem/rating`;
const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';

export interface ObservationKey {
  assessmentId: string;
  version: number;
  dimension: DimensionId;
}

export function observationId(key: ObservationKey): string {
  return `${key.assessmentId}-v${key.version}-${key.dimension}`;
}

/** The assessment version and dimension an Observation id names, or undefined when it is not one of ours. */
export function parseObservationId(id: string): ObservationKey | undefined {
  const match = OBSERVATION_ID.exec(id);
  if (!match) return undefined;
  const [, assessmentId, version, dimension] = match;
  if (assessmentId === undefined || version === undefined || dimension === undefined) return undefined;
  return { assessmentId, version: Number(version), dimension: dimension as DimensionId };
}

function dimensionCode(id: DimensionId): CodeableConcept {
  const name = DIMENSIONS[id].name;
  return { coding: [{ system: DIMENSION_SYSTEM, code: id, display: name }], text: name };
}

/** The Observations of every dimension of one assessment version, in dimension order. */
export function dimensionObservations(
  version: AssessmentVersion,
  people: { client: string; author: string },
): Observation[] {
  const document = AssessmentSchema.parse(version.document);
  return DIMENSION_IDS.map((dimension) => {
    // The schema holds every rating to 0..4.
    const rating = document.ratings[dimension] as Rating;
    const word = RATING_WORDS[rating];
    const note = document.notes?.[dimension];
    return {
      resourceType: 'Observation',
      id: observationId({ assessmentId: version.assessmentId, version: version.version, dimension }),
      meta: { lastUpdated: version.createdAt },
      status: 'final',
      category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'survey', display: 'Survey' }] }],
      code: dimensionCode(dimension),
      subject: { reference: `Patient/${version.clientId}`, display: people.client },
      effectiveDateTime: version.createdAt,
      issued: version.createdAt,
      performer: [{ reference: `Practitioner/${version.createdBy}`, display: people.author }],
      valueCodeableConcept: {
        coding: [{ system: RATING_SYSTEM, code: String(rating), display: word }],
        text: word,
      },
      ...(note === undefined || note === '' ? {} : { note: [{ text: note }] }),
      // The version the rating was read from: a later save of the assessment is a new response. The
      // type is stated because a versioned reference's type is not its last-but-one segment.
      derivedFrom: [
        {
          reference: `QuestionnaireResponse/${version.assessmentId}/_history/${version.version}`,
          type: 'QuestionnaireResponse',
        },
      ],
    };
  });
}
