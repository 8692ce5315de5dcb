/**
 * The assessment as FHIR R4: the one Questionnaire that describes `stepdown/assessment@1`, and a
 * QuestionnaireResponse per assessment version that answers it (linkIds are the document's own
 * paths: `population`, `ratings.d3`, `flags.unsafeHousing`, `notes.d3`).
 */
import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem } from 'fhir/r4.js';
import { AssessmentSchema, FLAG_IDS, FLAG_MEANINGS } from '../../core/assessment.js';
import { DIMENSION_IDS, DIMENSIONS, RATING_WORDS } from '../../core/dimensions.js';
import type { AssessmentVersion } from '../../storage/records.js';
import { FHIR_BASE } from './base.js';

export const QUESTIONNAIRE_ID = 'stepdown-assessment-1';
export const QUESTIONNAIRE_URL = `${FHIR_BASE}/Questionnaire/${QUESTIONNAIRE_ID}`;
export const QUESTIONNAIRE_VERSION = '1';
const POPULATION_SYSTEM = `${FHIR_BASE}/CodeSystem/population`;

const ratingHelp = Object.entries(RATING_WORDS)
  .map(([rating, word]) => `${rating} ${word}`)
  .join(', ');

/** The Questionnaire every assessment answers. */
export function assessmentQuestionnaire(): Questionnaire {
  const ratings: QuestionnaireItem[] = DIMENSION_IDS.map((id) => ({
    linkId: `ratings.${id}`,
    text: `${DIMENSIONS[id].name} (${ratingHelp})`,
    type: 'integer',
    required: true,
  }));
  const flags: QuestionnaireItem[] = FLAG_IDS.map((id) => ({
    linkId: `flags.${id}`,
    text: FLAG_MEANINGS[id],
    type: 'boolean',
  }));
  const notes: QuestionnaireItem[] = DIMENSION_IDS.map((id) => ({
    linkId: `notes.${id}`,
    text: `Notes: ${DIMENSIONS[id].name}`,
    type: 'text',
  }));
  return {
    resourceType: 'Questionnaire',
    id: QUESTIONNAIRE_ID,
    url: QUESTIONNAIRE_URL,
    version: QUESTIONNAIRE_VERSION,
    name: 'StepdownAssessment',
    title: 'Stepdown level-of-care assessment (stepdown/assessment@1)',
    status: 'active',
    subjectType: ['Patient'],
    description:
      'Six dimension ratings (0 none to 4 extreme) and seven flags, in Stepdown’s own words; the input of the placement engine.',
    item: [
      {
        linkId: 'population',
        text: 'Population',
        type: 'choice',
        required: true,
        answerOption: [
          { valueCoding: { system: POPULATION_SYSTEM, code: 'adult', display: 'Adult' } },
          { valueCoding: { system: POPULATION_SYSTEM, code: 'adolescent', display: 'Adolescent' } },
        ],
      },
      { linkId: 'ratings', text: 'Dimension ratings', type: 'group', required: true, item: ratings },
      { linkId: 'flags', text: 'Flags', type: 'group', item: flags },
      { linkId: 'notes', text: 'Notes', type: 'group', item: notes },
    ],
  };
}

/** One assessment version as a QuestionnaireResponse. */
export function assessmentResponse(
  version: AssessmentVersion,
  people: { client: string; author: string },
): QuestionnaireResponse {
  const document = AssessmentSchema.parse(version.document);
  const items: QuestionnaireResponseItem[] = [
    {
      linkId: 'population',
      text: 'Population',
      answer: [
        {
          valueCoding: {
            system: POPULATION_SYSTEM,
            code: document.population,
            display: document.population === 'adult' ? 'Adult' : 'Adolescent',
          },
        },
      ],
    },
    {
      linkId: 'ratings',
      text: 'Dimension ratings',
      item: DIMENSION_IDS.map((id) => ({
        linkId: `ratings.${id}`,
        text: DIMENSIONS[id].name,
        answer: [{ valueInteger: document.ratings[id] }],
      })),
    },
    {
      linkId: 'flags',
      text: 'Flags',
      item: FLAG_IDS.map((id) => ({
        linkId: `flags.${id}`,
        answer: [{ valueBoolean: document.flags?.[id] ?? false }],
      })),
    },
  ];
  // FHIR forbids empty arrays: the notes group is there only when a note is.
  const notes = DIMENSION_IDS.flatMap((id) => {
    const note = document.notes?.[id];
    return note === undefined || note === '' ? [] : [{ linkId: `notes.${id}`, answer: [{ valueString: note }] }];
  });
  if (notes.length > 0) items.push({ linkId: 'notes', text: 'Notes', item: notes });
  return {
    resourceType: 'QuestionnaireResponse',
    id: version.assessmentId,
    meta: { versionId: String(version.version), lastUpdated: version.createdAt },
    questionnaire: `${QUESTIONNAIRE_URL}|${QUESTIONNAIRE_VERSION}`,
    status: 'completed',
    subject: { reference: `Patient/${version.clientId}`, display: people.client },
    authored: version.createdAt,
    author: { reference: `Practitioner/${version.createdBy}`, display: people.author },
    item: items,
  };
}
