/**
 * Measures as FHIR R4: each instrument is served as the Questionnaire it is stored as; each result
 * is a QuestionnaireResponse answering it (choices as their LOINC or own codings, numbers as
 * integers, the total as the read-only `total` item), and its total is an Observation coded with the
 * total's LOINC code where one exists, derived from the response.
 *
 * Id scheme: the response has the measure's id; the total's Observation is `<measure id>-total`.
 */
import type { Observation, Questionnaire, QuestionnaireResponse, QuestionnaireResponseItem } from 'fhir/r4.js';
import type { Instrument } from '../../core/measures/index.js';
import { severityOf } from '../../core/measures/score.js';
import type { MeasureRecord } from '../../storage/measures.js';
import { FHIR_BASE } from './base.js';
import { MEASURE_OBSERVATION_ID } from '../../core/api/fhir.js';

export const MEASURE_TOTAL_SYSTEM = `${FHIR_BASE}/CodeSystem/measure-total`;
export const SEVERITY_SYSTEM = `${FHIR_BASE}/CodeSystem/measure-severity`;
const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export { MEASURE_OBSERVATION_ID };

/** The Questionnaire an instrument was read from, as served. */
export function instrumentQuestionnaire(instrument: Instrument): Questionnaire {
  return instrument.questionnaire as unknown as Questionnaire;
}

function questionnaireUrl(instrument: Instrument): string {
  return `${FHIR_BASE}/Questionnaire/${instrument.id}|${instrument.version}`;
}

/** One result as a QuestionnaireResponse. */
export function measureResponse(
  measure: MeasureRecord,
  instrument: Instrument,
  people: { client: string; author: string | null },
): QuestionnaireResponse {
  const items: QuestionnaireResponseItem[] = instrument.items.flatMap((item, index): QuestionnaireResponseItem[] => {
    const value = measure.answers[index] ?? null;
    if (value === null) return [];
    const choice = item.choices.find((c) => c.value === value);
    return [
      {
        linkId: item.linkId,
        text: item.text.en,
        answer: [choice ? { valueCoding: { ...choice.coding } } : { valueInteger: value }],
      },
    ];
  });
  if (measure.total !== null) {
    items.push({ linkId: 'total', text: instrument.totalText ?? 'Total', answer: [{ valueInteger: measure.total }] });
  }
  return {
    resourceType: 'QuestionnaireResponse',
    id: measure.id,
    meta: { lastUpdated: measure.createdAt },
    questionnaire: questionnaireUrl(instrument),
    status: 'completed',
    subject: { reference: `Patient/${measure.clientId}`, display: people.client },
    authored: measure.takenAt,
    // A result the client sent through a check-in link is their own; otherwise the clinician's entry.
    ...(measure.enteredBy !== null && people.author !== null
      ? { author: { reference: `Practitioner/${measure.enteredBy}`, display: people.author } }
      : {}),
    source: { reference: `Patient/${measure.clientId}`, display: people.client },
    item: items,
  };
}

/** A result's total as an Observation; undefined for an instrument without a total. */
export function measureTotalObservation(
  measure: MeasureRecord,
  instrument: Instrument,
  people: { client: string },
): Observation | undefined {
  if (measure.total === null) return undefined;
  const band = severityOf(instrument, measure.total, measure.sex ?? undefined);
  const code = instrument.totalCode
    ? { coding: [{ ...instrument.totalCode }], text: instrument.totalText ?? instrument.totalCode.display }
    : {
        coding: [
          { system: MEASURE_TOTAL_SYSTEM, code: instrument.id, display: instrument.totalText ?? instrument.name },
        ],
        text: instrument.totalText ?? instrument.name,
      };
  return {
    resourceType: 'Observation',
    id: `${measure.id}-total`,
    meta: { lastUpdated: measure.createdAt },
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'survey', display: 'Survey' }] }],
    code,
    subject: { reference: `Patient/${measure.clientId}`, display: people.client },
    effectiveDateTime: measure.takenAt,
    issued: measure.createdAt,
    valueInteger: measure.total,
    ...(band
      ? {
          interpretation: [
            {
              coding: [{ system: SEVERITY_SYSTEM, code: `${instrument.id}.${band.code}`, display: band.label.en }],
              text: band.label.en,
            },
          ],
        }
      : {}),
    derivedFrom: [{ reference: `QuestionnaireResponse/${measure.id}`, type: 'QuestionnaireResponse' }],
  };
}
