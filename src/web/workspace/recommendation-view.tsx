/**
 * A recommendation as a clinician reads it: the first step of care first (withdrawal management,
 * when it must come before the level of care), then the level; warnings about the inputs; what the
 * plan must include; why (each rule); what would change it.
 */
import { DIMENSIONS } from '../../core/dimensions.js';
import { SETTING_LABELS } from '../../core/plans/vocabulary.js';
import { fieldName } from './plain-words.js';
import {
  sequenceOf,
  type ConsistencyWarning,
  type Requirement,
  type SequenceStep,
  type StoredRecommendation,
} from '../../core/recommendation.js';

/** Clinician-facing names of the settings, shared with the plan editor. */
export const SETTING_NAMES: Readonly<Record<string, string>> = SETTING_LABELS;

export function hoursText(recommendation: StoredRecommendation): string {
  const hours = recommendation.primary.hoursPerWeek;
  if (recommendation.urgent) return 'Same-day medical or crisis evaluation first';
  if (!hours) return '24-hour setting';
  return hours.max === undefined ? `${hours.min} or more hours a week` : `${hours.min}–${hours.max} hours a week`;
}

/** "Withdrawal management, residential, medically monitored": the step in words. */
export function stepText(step: SequenceStep): string {
  if (step.step === 'urgent-evaluation') return 'Urgent evaluation';
  if (step.step === 'withdrawal-management') {
    const monitoring =
      step.setting === 'inpatient'
        ? ', medically managed'
        : step.medicallyMonitored
          ? ', medically monitored'
          : ', medical monitoring not required';
    return `Withdrawal management, ${step.setting}${monitoring}`;
  }
  const rr = step.withRecoveryResidence ? ' with a recovery residence' : '';
  const monitoring =
    step.medicallyMonitored === undefined || step.setting === 'inpatient'
      ? ''
      : step.medicallyMonitored
        ? ', medically monitored'
        : ', medical monitoring not required';
  return `${SETTING_NAMES[step.setting]}${rr}${monitoring}`;
}

const REQUIREMENT_WORDS: Readonly<Record<Requirement['requirement'], string>> = {
  'continue-medication': 'Each medication for addiction, and how it continues (prescriber or dosing clinic, bridge)',
  naloxone: 'Naloxone, in hand or where to get it',
  'obstetric-care': 'Obstetric (prenatal) care',
  'no-taper': 'Medication for opioid use disorder continued or offered; no taper by default',
};

export function RecommendationSummary(props: { recommendation: StoredRecommendation }) {
  const { recommendation } = props;
  const [first] = sequenceOf(recommendation);
  const withdrawalFirst = first?.step === 'withdrawal-management' ? first : undefined;
  return (
    <div
      class={recommendation.urgent ? 'rec urgent' : withdrawalFirst ? 'rec withdrawal-first' : 'rec'}
      data-testid="recommendation"
    >
      {withdrawalFirst ? (
        <p class="rec-first" data-testid="first-step">
          <strong>First: {stepText(withdrawalFirst)}</strong>
        </p>
      ) : null}
      <p class="rec-setting">
        {withdrawalFirst ? 'Then: ' : null}
        <strong data-testid="recommended-setting">{SETTING_NAMES[recommendation.primary.setting]}</strong>
        {recommendation.primary.withRecoveryResidence ? ' with a recovery residence' : ''}
      </p>
      <p>{hoursText(recommendation)}</p>
      <p>Withdrawal management: {recommendation.withdrawalManagement}</p>
      <Requirements requirements={recommendation.requirements ?? []} />
    </div>
  );
}

function Requirements(props: { requirements: readonly Requirement[] }) {
  if (props.requirements.length === 0) return null;
  return (
    <>
      <p>
        <strong>The plan must include</strong>
      </p>
      <ul data-testid="requirements">
        {props.requirements.map((requirement) => (
          <li key={requirement.requirement}>
            {REQUIREMENT_WORDS[requirement.requirement]}
            {requirement.medications ? `: ${requirement.medications.join(', ')}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Contradictory or implausible inputs, each with the fields to check; they never change the result. */
export function WarningsList(props: { warnings: readonly ConsistencyWarning[] | undefined; level: 2 | 3 }) {
  const warnings = props.warnings ?? [];
  if (warnings.length === 0) return null;
  const Heading = props.level === 2 ? 'h2' : 'h3';
  return (
    <section class="warnings" aria-labelledby="warnings-heading" data-testid="warnings">
      <Heading id="warnings-heading">Check the inputs</Heading>
      <p class="muted">These do not change the recommendation.</p>
      <ul>
        {warnings.map((warning) => (
          <li key={`${warning.code}-${warning.fields.join()}`}>
            {warning.text} <span class="muted">(check: {warning.fields.map(fieldName).join('; ')})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function BasisList(props: { recommendation: StoredRecommendation }) {
  return (
    <ol class="basis">
      {props.recommendation.basis.map((entry) => (
        <li key={entry.rule}>
          <p>
            <code>{entry.rule}</code> <span class="tag">{entry.effect}</span>
            {entry.dimension ? <span class="muted"> · {DIMENSIONS[entry.dimension].name}</span> : null}
          </p>
          <p>{entry.text}</p>
          <p class="muted">Client wording: {entry.clientText}</p>
          <ul class="sources">
            {entry.sources.map((source) => (
              <li key={source}>{source}</li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

export function ChangesAndAlternatives(props: { recommendation: StoredRecommendation }) {
  const { recommendation } = props;
  return (
    <>
      <h3>What would change it</h3>
      {recommendation.whatWouldChange.length === 0 ? (
        <p class="muted">No single change of a rating, a flag or a fact would change the result.</p>
      ) : null}
      <ul>
        {recommendation.whatWouldChange.map((change) => (
          <li key={change.text}>{change.text}</li>
        ))}
      </ul>
      <h3>Alternatives</h3>
      {recommendation.alternatives.length === 0 ? <p class="muted">None until the urgent evaluation is done.</p> : null}
      <ul>
        {recommendation.alternatives.map((alternative) => (
          <li key={alternative.setting}>
            <strong>{SETTING_NAMES[alternative.setting]}</strong>: {alternative.why}
          </li>
        ))}
      </ul>
    </>
  );
}
