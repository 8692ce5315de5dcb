/**
 * Consistency warnings: inputs that contradict each other or are implausible, found before anyone
 * acts on a recommendation built from them. A warning names every field involved by its JSON path
 * and says what to check; it never changes the recommendation (DESIGN.md 4.2). The clinician
 * corrects the input, or keeps it knowingly.
 *
 * Each check is here because the two inputs cannot both be true as DESIGN.md 4.1 defines them:
 * - `intoxicated` with d1 = 0: d1 0 means "no recent use and no withdrawal signs or expected
 *   withdrawal", which a person intoxicated at assessment cannot have.
 * - `withdrawalRisk` with d1 = 0: the flag means current or expected withdrawal; d1 0 means none.
 * - A withdrawal seizure or delirium history, with alcohol or sedatives among the substances and
 *   d1 >= 2, without `withdrawalRisk`: past withdrawal seizures or delirium are the strongest known
 *   predictor of complicated alcohol and sedative withdrawal (ASAM alcohol withdrawal guideline
 *   2020; SAMHSA TIP 45), exactly the risk factor the flag records.
 * - A withdrawal scale score in the moderate range or above (CIWA-Ar 10+, COWS 13+) with d1 <= 1
 *   ("none" or "mild, fading"): the measured withdrawal contradicts the rating.
 * - An overdose count of 1 or more with `opioidOverdosePast12Months` false, or true with a count of 0.
 * - A medication for opioid use disorder (buprenorphine, methadone) when the substances are given
 *   and do not include opioids; acamprosate or disulfiram when they do not include alcohol.
 * - Age against population: an adult younger than 18, an adolescent 18 or older (adolescent
 *   programs in public state rules serve people under 18), or younger than 12.
 */
import { factsOf, type Assessment } from './assessment.js';
import { usesSubstance, type AddictionMedication } from './clinical-facts.js';
import type { ConsistencyWarning } from './recommendation.js';

/** Scores from which each scale shows at least moderate withdrawal. */
const MODERATE_WITHDRAWAL_SCORE = { 'CIWA-Ar': 10, COWS: 13 } as const;

const OPIOID_MEDICATIONS: readonly AddictionMedication[] = ['buprenorphine', 'methadone'];
const ALCOHOL_MEDICATIONS: readonly AddictionMedication[] = ['acamprosate', 'disulfiram'];

/** Youngest age adolescent programs commonly serve. */
const ADOLESCENT_MINIMUM_AGE = 12;
const ADULT_AGE = 18;

function medicationWarnings(assessment: Assessment, out: ConsistencyWarning[]): void {
  const facts = factsOf(assessment);
  const { substances, currentMedications } = facts;
  if (substances === undefined || currentMedications === undefined) return;
  currentMedications.forEach((medication, index) => {
    if (OPIOID_MEDICATIONS.includes(medication.name) && !usesSubstance(facts, 'opioids')) {
      out.push({
        code: 'medication-without-substance',
        fields: [`facts.currentMedications.${index}.name`, 'facts.substances'],
        text: `${medication.name} treats opioid use disorder, but opioids are not among the substances. Check the substances or the medication.`,
      });
    } else if (ALCOHOL_MEDICATIONS.includes(medication.name) && !usesSubstance(facts, 'alcohol')) {
      out.push({
        code: 'medication-without-substance',
        fields: [`facts.currentMedications.${index}.name`, 'facts.substances'],
        text: `${medication.name} treats alcohol use disorder, but alcohol is not among the substances. Check the substances or the medication.`,
      });
    }
  });
}

/**
 * The warnings for an assessment, in a fixed order (so the recommendation stays byte-identical for
 * the same input). Empty for a consistent assessment, which is almost every one: the common case
 * costs a few comparisons.
 */
export function consistencyWarnings(assessment: Assessment): ConsistencyWarning[] {
  const out: ConsistencyWarning[] = [];
  const { flags, ratings, population } = assessment;
  const facts = factsOf(assessment);
  if (flags.intoxicated && ratings.d1 === 0) {
    out.push({
      code: 'intoxicated-with-d1-none',
      fields: ['flags.intoxicated', 'ratings.d1'],
      text: 'Intoxicated at assessment, but intoxication and withdrawal (d1) is rated 0 (none). Rate d1, or clear the flag.',
    });
  }
  if (flags.withdrawalRisk && ratings.d1 === 0) {
    out.push({
      code: 'withdrawal-risk-with-d1-none',
      fields: ['flags.withdrawalRisk', 'ratings.d1'],
      text: 'Withdrawal risk is set, but intoxication and withdrawal (d1) is rated 0 (no withdrawal expected). Rate d1, or clear the flag.',
    });
  }
  if (assessment.schema === 'stepdown/assessment@1') return out;

  if (
    facts.withdrawalSeizureOrDeliriumHistory === true &&
    (usesSubstance(facts, 'alcohol') || usesSubstance(facts, 'sedatives')) &&
    ratings.d1 >= 2 &&
    !flags.withdrawalRisk
  ) {
    out.push({
      code: 'seizure-history-without-withdrawal-risk',
      fields: ['facts.withdrawalSeizureOrDeliriumHistory', 'facts.substances', 'ratings.d1', 'flags.withdrawalRisk'],
      text: 'A history of withdrawal seizures or delirium with alcohol or sedatives, and withdrawal now (d1 2 or more), is a risk factor for complicated withdrawal, but withdrawal risk is not set. Check the flag.',
    });
  }
  const scale = facts.withdrawalScale;
  if (scale !== undefined && scale.score >= MODERATE_WITHDRAWAL_SCORE[scale.scale] && ratings.d1 <= 1) {
    out.push({
      code: 'withdrawal-scale-above-d1',
      fields: ['facts.withdrawalScale.score', 'ratings.d1'],
      text: `${scale.scale} ${scale.score} shows at least moderate withdrawal, but intoxication and withdrawal (d1) is rated ${ratings.d1}. Check the rating.`,
    });
  }
  const count = facts.overdoseCount;
  if (count !== undefined && count >= 1 && facts.opioidOverdosePast12Months === false) {
    out.push({
      code: 'overdose-count-contradicts',
      fields: ['facts.overdoseCount', 'facts.opioidOverdosePast12Months'],
      text: `${count} overdose(s) recorded, but no opioid overdose in the past 12 months. Check both.`,
    });
  }
  if (count === 0 && facts.opioidOverdosePast12Months === true) {
    out.push({
      code: 'overdose-count-contradicts',
      fields: ['facts.overdoseCount', 'facts.opioidOverdosePast12Months'],
      text: 'An opioid overdose in the past 12 months is recorded, but the overdose count is 0. Check both.',
    });
  }
  medicationWarnings(assessment, out);
  const age = facts.ageYears;
  if (age !== undefined) {
    if (population === 'adult' && age < ADULT_AGE) {
      out.push({
        code: 'age-below-adult',
        fields: ['facts.ageYears', 'population'],
        text: `Age ${age} is under ${ADULT_AGE}, but the population is adult. Adolescent hours and programs may apply.`,
      });
    } else if (population === 'adolescent' && age >= ADULT_AGE) {
      out.push({
        code: 'age-above-adolescent',
        fields: ['facts.ageYears', 'population'],
        text: `Age ${age} is ${ADULT_AGE} or over, but the population is adolescent. Adult hours and programs may apply.`,
      });
    } else if (population === 'adolescent' && age < ADOLESCENT_MINIMUM_AGE) {
      out.push({
        code: 'age-below-adolescent',
        fields: ['facts.ageYears', 'population'],
        text: `Age ${age} is under ${ADOLESCENT_MINIMUM_AGE}, younger than adolescent programs commonly serve. Check the age.`,
      });
    }
  }
  return out;
}
