/** A recommendation as a clinician reads it: the setting, why (each rule), what would change it. */
import { DIMENSIONS } from '../../core/dimensions.js';
import { SETTING_LABELS } from '../../core/plans/vocabulary.js';
import type { Recommendation } from '../../core/recommendation.js';

/** Clinician-facing names of the settings, shared with the plan editor. */
export const SETTING_NAMES: Readonly<Record<string, string>> = SETTING_LABELS;

export function hoursText(recommendation: Recommendation): string {
  const hours = recommendation.primary.hoursPerWeek;
  if (recommendation.urgent) return 'Same-day medical or crisis evaluation first';
  if (!hours) return '24-hour setting';
  return hours.max === undefined ? `${hours.min} or more hours a week` : `${hours.min}–${hours.max} hours a week`;
}

export function RecommendationSummary(props: { recommendation: Recommendation }) {
  const { recommendation } = props;
  return (
    <div class={recommendation.urgent ? 'rec urgent' : 'rec'} data-testid="recommendation">
      <p class="rec-setting">
        <strong data-testid="recommended-setting">{SETTING_NAMES[recommendation.primary.setting]}</strong>
        {recommendation.primary.withRecoveryResidence ? ' with a recovery residence' : ''}
      </p>
      <p>{hoursText(recommendation)}</p>
      <p>Withdrawal management: {recommendation.withdrawalManagement}</p>
    </div>
  );
}

export function BasisList(props: { recommendation: Recommendation }) {
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

export function ChangesAndAlternatives(props: { recommendation: Recommendation }) {
  const { recommendation } = props;
  return (
    <>
      <h3>What would change it</h3>
      {recommendation.whatWouldChange.length === 0 ? (
        <p class="muted">No single rating change would change the result.</p>
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
