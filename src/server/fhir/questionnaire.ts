/**
 * The assessment as FHIR R4: the one Questionnaire that describes the assessment documents, and a
 * QuestionnaireResponse per assessment version that answers it (linkIds are the document's own
 * paths: `population`, `ratings.d3`, `flags.unsafeHousing`, `notes.d3`, `facts.ageYears`).
 *
 * Version 2 of the Questionnaire adds the optional `facts` group of `stepdown/assessment@2`; it is a
 * superset of version 1, so a response to version 1 (an assessment@1, exported before) still
 * answers it, and readers accept both.
 */
import type {
  Coding,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from 'fhir/r4.js';
import { ASSESSMENT_V2_SCHEMA_ID, AssessmentSchema, FLAG_IDS, FLAG_MEANINGS } from '../../core/assessment.js';
import {
  ADDICTION_MEDICATIONS,
  PREGNANCY_ANSWERS,
  SUBSTANCES,
  WITHDRAWAL_SCALES,
  type ClinicalFacts,
} from '../../core/clinical-facts.js';
import { DIMENSION_IDS, DIMENSIONS, RATING_WORDS } from '../../core/dimensions.js';
import type { AssessmentVersion } from '../../storage/records.js';
import { FHIR_BASE } from './base.js';

export const QUESTIONNAIRE_ID = 'stepdown-assessment-1';
export const QUESTIONNAIRE_URL = `${FHIR_BASE}/Questionnaire/${QUESTIONNAIRE_ID}`;
export const QUESTIONNAIRE_VERSION = '2';
/** Every version a response may answer: 1 (assessment@1 only) and 2 (with facts). */
export const QUESTIONNAIRE_VERSIONS = ['1', '2'] as const;
const POPULATION_SYSTEM = `${FHIR_BASE}/CodeSystem/population`;
const SUBSTANCE_SYSTEM = `${FHIR_BASE}/CodeSystem/substance`;
const MEDICATION_SYSTEM = `${FHIR_BASE}/CodeSystem/medication-for-addiction`;
const PREGNANCY_SYSTEM = `${FHIR_BASE}/CodeSystem/pregnancy-answer`;
const SCALE_SYSTEM = `${FHIR_BASE}/CodeSystem/withdrawal-scale`;

const coding = (system: string, code: string): Coding => ({ system, code });
const options = (system: string, codes: readonly string[]) =>
  codes.map((code) => ({ valueCoding: coding(system, code) }));

/** The `facts` group of the Questionnaire: every item optional, as in assessment@2. */
function factItems(): QuestionnaireItem[] {
  return [
    {
      linkId: 'facts.substances',
      text: 'Substances used (opioids include fentanyl; sedatives include benzodiazepines)',
      type: 'choice',
      repeats: true,
      answerOption: options(SUBSTANCE_SYSTEM, SUBSTANCES),
    },
    {
      linkId: 'facts.currentMedications',
      text: 'Current medications for opioid or alcohol use disorder',
      type: 'group',
      repeats: true,
      item: [
        {
          linkId: 'facts.currentMedications.name',
          text: 'Medication',
          type: 'choice',
          required: true,
          answerOption: options(MEDICATION_SYSTEM, ADDICTION_MEDICATIONS),
        },
        { linkId: 'facts.currentMedications.prescriber', text: 'Prescriber or dosing clinic', type: 'string' },
      ],
    },
    { linkId: 'facts.opioidOverdosePast12Months', text: 'Opioid overdose in the past 12 months', type: 'boolean' },
    { linkId: 'facts.overdoseCount', text: 'How many opioid overdoses in the past 12 months', type: 'integer' },
    {
      linkId: 'facts.withdrawalSeizureOrDeliriumHistory',
      text: 'Ever had withdrawal seizures or withdrawal delirium',
      type: 'boolean',
    },
    {
      linkId: 'facts.pregnant',
      text: 'Pregnant',
      type: 'choice',
      answerOption: options(PREGNANCY_SYSTEM, PREGNANCY_ANSWERS),
    },
    { linkId: 'facts.ageYears', text: 'Age in years', type: 'integer' },
    {
      linkId: 'facts.withdrawalScale',
      text: 'Withdrawal scale score',
      type: 'group',
      item: [
        {
          linkId: 'facts.withdrawalScale.scale',
          text: 'Scale',
          type: 'choice',
          required: true,
          answerOption: options(SCALE_SYSTEM, WITHDRAWAL_SCALES),
        },
        { linkId: 'facts.withdrawalScale.score', text: 'Score', type: 'integer', required: true },
      ],
    },
  ];
}

/** The facts of an assessment@2 as response items; none when it recorded none. */
function factAnswers(facts: ClinicalFacts): QuestionnaireResponseItem[] {
  const items: QuestionnaireResponseItem[] = [];
  // FHIR forbids empty arrays: an empty list of substances or medications is left out.
  if (facts.substances !== undefined && facts.substances.length > 0) {
    items.push({
      linkId: 'facts.substances',
      answer: facts.substances.map((code) => ({ valueCoding: coding(SUBSTANCE_SYSTEM, code) })),
    });
  }
  for (const medication of facts.currentMedications ?? []) {
    items.push({
      linkId: 'facts.currentMedications',
      item: [
        {
          linkId: 'facts.currentMedications.name',
          answer: [{ valueCoding: coding(MEDICATION_SYSTEM, medication.name) }],
        },
        ...(medication.prescriber === undefined
          ? []
          : [{ linkId: 'facts.currentMedications.prescriber', answer: [{ valueString: medication.prescriber }] }]),
      ],
    });
  }
  const booleans = ['opioidOverdosePast12Months', 'withdrawalSeizureOrDeliriumHistory'] as const;
  for (const key of booleans) {
    const value = facts[key];
    if (value !== undefined) items.push({ linkId: `facts.${key}`, answer: [{ valueBoolean: value }] });
  }
  if (facts.overdoseCount !== undefined) {
    items.push({ linkId: 'facts.overdoseCount', answer: [{ valueInteger: facts.overdoseCount }] });
  }
  if (facts.pregnant !== undefined) {
    items.push({ linkId: 'facts.pregnant', answer: [{ valueCoding: coding(PREGNANCY_SYSTEM, facts.pregnant) }] });
  }
  if (facts.ageYears !== undefined)
    items.push({ linkId: 'facts.ageYears', answer: [{ valueInteger: facts.ageYears }] });
  if (facts.withdrawalScale !== undefined) {
    items.push({
      linkId: 'facts.withdrawalScale',
      item: [
        {
          linkId: 'facts.withdrawalScale.scale',
          answer: [{ valueCoding: coding(SCALE_SYSTEM, facts.withdrawalScale.scale) }],
        },
        { linkId: 'facts.withdrawalScale.score', answer: [{ valueInteger: facts.withdrawalScale.score }] },
      ],
    });
  }
  return items;
}

interface ItemLike {
  linkId?: unknown;
  answer?: unknown;
  item?: unknown;
}

function itemsOf(value: unknown): ItemLike[] {
  return Array.isArray(value) ? (value.filter((item) => typeof item === 'object' && item !== null) as ItemLike[]) : [];
}

function answersOf(item: ItemLike): Record<string, unknown>[] {
  return itemsOf(item.answer) as Record<string, unknown>[];
}

function codeOf(answer: Record<string, unknown> | undefined): unknown {
  const value = answer?.valueCoding;
  return typeof value === 'object' && value !== null ? (value as { code?: unknown }).code : undefined;
}

/**
 * The `facts` of an assessment@2 read back from a QuestionnaireResponse's items (the inverse of the
 * export), or undefined when it has no facts group. Values are taken as they come: the assessment
 * parser checks them and names what is wrong.
 */
export function factsFromResponseItems(items: unknown): Record<string, unknown> | undefined {
  const group = itemsOf(items).find((item) => item.linkId === 'facts');
  if (group === undefined) return undefined;
  const facts: Record<string, unknown> = {};
  for (const item of itemsOf(group.item)) {
    const first = answersOf(item)[0];
    switch (item.linkId) {
      case 'facts.substances':
        facts.substances = answersOf(item).map(codeOf);
        break;
      case 'facts.currentMedications': {
        const parts = itemsOf(item.item);
        const part = (linkId: string) => answersOf(parts.find((p) => p.linkId === linkId) ?? {})[0];
        const prescriber = part('facts.currentMedications.prescriber')?.valueString;
        if (!Array.isArray(facts.currentMedications)) facts.currentMedications = [];
        (facts.currentMedications as unknown[]).push({
          name: codeOf(part('facts.currentMedications.name')),
          ...(prescriber === undefined ? {} : { prescriber }),
        });
        break;
      }
      case 'facts.opioidOverdosePast12Months':
      case 'facts.withdrawalSeizureOrDeliriumHistory':
        facts[item.linkId.slice('facts.'.length)] = first?.valueBoolean;
        break;
      case 'facts.overdoseCount':
      case 'facts.ageYears':
        facts[item.linkId.slice('facts.'.length)] = first?.valueInteger;
        break;
      case 'facts.pregnant':
        facts.pregnant = codeOf(first);
        break;
      case 'facts.withdrawalScale': {
        const parts = itemsOf(item.item);
        const part = (linkId: string) => answersOf(parts.find((p) => p.linkId === linkId) ?? {})[0];
        facts.withdrawalScale = {
          scale: codeOf(part('facts.withdrawalScale.scale')),
          score: part('facts.withdrawalScale.score')?.valueInteger,
        };
        break;
      }
      default:
        // An item we do not know: kept under its own name, so the parser refuses it by path.
        if (typeof item.linkId === 'string') facts[item.linkId.replace(/^facts\./, '')] = first;
    }
  }
  return facts;
}

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
    title: 'Stepdown level-of-care assessment (stepdown/assessment@1 and @2)',
    status: 'active',
    subjectType: ['Patient'],
    description:
      'Six dimension ratings (0 none to 4 extreme), seven flags and optional clinical facts, in Stepdown’s own words; the input of the placement engine.',
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
      { linkId: 'facts', text: 'Clinical facts (assessment@2)', type: 'group', item: factItems() },
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
  const facts = document.schema === ASSESSMENT_V2_SCHEMA_ID && document.facts ? factAnswers(document.facts) : [];
  if (facts.length > 0) items.push({ linkId: 'facts', text: 'Clinical facts', item: facts });
  return {
    resourceType: 'QuestionnaireResponse',
    id: version.assessmentId,
    meta: { versionId: String(version.version), lastUpdated: version.createdAt },
    // An assessment@1 answers version 1 exactly as it did before version 2 existed.
    questionnaire: `${QUESTIONNAIRE_URL}|${document.schema === ASSESSMENT_V2_SCHEMA_ID ? QUESTIONNAIRE_VERSION : '1'}`,
    status: 'completed',
    subject: { reference: `Patient/${version.clientId}`, display: people.client },
    authored: version.createdAt,
    author: { reference: `Practitioner/${version.createdBy}`, display: people.author },
    item: items,
  };
}
