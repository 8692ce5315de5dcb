/**
 * A saved assessment and the basis of its recommendation, so a clinician can check the reasoning
 * independently (FDA CDS guidance, criterion 4): intended use and users, the inputs, each rule that
 * fired with its sources, the rule set's id, version and hash, and the limits of the tool.
 */
import { useEffect, useState } from 'preact/hooks';
import { FLAG_IDS, FLAG_MEANINGS } from '../../core/assessment.js';
import type { ClinicalFacts } from '../../core/clinical-facts.js';
import { DIMENSION_IDS, DIMENSIONS, RATING_WORDS, type Rating } from '../../core/dimensions.js';
import { ApiError, api } from './api.js';
import { AssessmentForm } from './assessment-form.js';
import { PageStatus } from './page-status.js';
import { sequenceOf } from '../../core/recommendation.js';
import {
  BasisList,
  ChangesAndAlternatives,
  RecommendationSummary,
  stepText,
  WarningsList,
} from './recommendation-view.js';
import type { AssessmentResponse } from '../../core/api/assessments.js';
import { ClientIdentity, useClient } from './client-identity.js';
import { useLocalTime } from './local-time.js';

/** The facts of an assessment@2 in one line: "Substances: alcohol; age: 46; ...". */
function factsSummary(facts: ClinicalFacts): string {
  const parts: string[] = [];
  const yesNo = (value: boolean) => (value ? 'yes' : 'no');
  if (facts.substances) parts.push(`Substances: ${facts.substances.join(', ') || 'none'}`);
  if (facts.currentMedications) {
    const list = facts.currentMedications.map((m) => (m.prescriber ? `${m.name} (${m.prescriber})` : m.name));
    parts.push(`Medications for addiction: ${list.join(', ') || 'none'}`);
  }
  if (facts.opioidOverdosePast12Months !== undefined) {
    parts.push(`Opioid overdose in the past 12 months: ${yesNo(facts.opioidOverdosePast12Months)}`);
  }
  if (facts.overdoseCount !== undefined) parts.push(`Overdoses in the past 12 months: ${facts.overdoseCount}`);
  if (facts.withdrawalSeizureOrDeliriumHistory !== undefined) {
    parts.push(`Past withdrawal seizures or delirium: ${yesNo(facts.withdrawalSeizureOrDeliriumHistory)}`);
  }
  if (facts.pregnant !== undefined) parts.push(`Pregnant: ${facts.pregnant}`);
  if (facts.ageYears !== undefined) parts.push(`Age: ${facts.ageYears}`);
  if (facts.withdrawalScale) parts.push(`${facts.withdrawalScale.scale}: ${facts.withdrawalScale.score}`);
  return parts.length === 0 ? 'none recorded' : parts.join('; ');
}

export function useAssessment(id: string): { assessment: AssessmentResponse | null; error: string | null } {
  const [assessment, setAssessment] = useState<AssessmentResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<AssessmentResponse>('GET', `/api/v1/assessments/${id}`)
      .then(({ data }) => setAssessment(data))
      .catch((caught: unknown) =>
        setError(caught instanceof ApiError ? caught.message : 'Could not load the assessment.'),
      );
  }, [id]);
  return { assessment, error };
}

export function AssessmentPage(props: { id: string }) {
  const { assessment, error } = useAssessment(props.id);
  const client = useClient(assessment?.clientId);
  const local = useLocalTime();
  if (!assessment) return <PageStatus error={error} />;
  const { recommendation } = assessment;
  const flags = FLAG_IDS.filter((flag) => assessment.assessment.flags?.[flag]);
  return (
    <main id="main">
      <p>
        <a href={`#/clients/${assessment.clientId}`}>Back to the client</a>
      </p>
      <ClientIdentity client={client} screen="Assessment" />
      <h1>Assessment, version {assessment.version}</h1>
      <p class="muted">Saved {local.when(assessment.createdAt)}</p>
      <RecommendationSummary recommendation={recommendation} />
      <WarningsList warnings={recommendation.warnings} level={2} />
      <div class="actions">
        <a class="button secondary" href={`#/assessments/${assessment.id}/revise`}>
          Revise (new version)
        </a>
      </div>

      <section aria-labelledby="basis-heading" class="basis-view">
        <h2 id="basis-heading">Basis of this recommendation</h2>
        <h3>Intended use and users</h3>
        <p>
          Decision support for clinicians (counsellors, therapists, case managers) choosing the next level of care for
          an adult or adolescent leaving residential addiction treatment. It lists options with reasons; it does not
          decide. The clinician makes the final choice and records a reason when it differs.
        </p>
        <h3>Inputs</h3>
        <table class="inputs">
          <caption class="visually-hidden">Ratings</caption>
          <tbody>
            <tr>
              <th scope="row">Population</th>
              <td>{assessment.assessment.population}</td>
            </tr>
            {DIMENSION_IDS.map((id) => {
              const rating = assessment.assessment.ratings[id] as Rating;
              return (
                <tr key={id}>
                  <th scope="row">
                    {id.toUpperCase()} {DIMENSIONS[id].name}
                  </th>
                  <td>
                    {rating} ({RATING_WORDS[rating]})
                    {assessment.assessment.notes?.[id] ? <p class="muted">{assessment.assessment.notes[id]}</p> : null}
                  </td>
                </tr>
              );
            })}
            <tr>
              <th scope="row">Flags</th>
              <td>{flags.length === 0 ? 'none' : flags.map((flag) => FLAG_MEANINGS[flag]).join(' ')}</td>
            </tr>
            {'facts' in assessment.assessment && assessment.assessment.facts ? (
              <tr>
                <th scope="row">Clinical facts</th>
                <td data-testid="facts">{factsSummary(assessment.assessment.facts)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
        <h3>Steps of care</h3>
        <ol data-testid="sequence">
          {sequenceOf(recommendation).map((step) => (
            <li key={step.step}>{stepText(step)}</li>
          ))}
        </ol>
        <h3>Rules that fired</h3>
        <p class="muted">
          Safety gates run first; each dimension sets a floor; the recommendation is the least intensive setting at or
          above every floor. Ratings are never averaged, and work, school or family never lower a floor.
        </p>
        <BasisList recommendation={recommendation} />
        <ChangesAndAlternatives recommendation={recommendation} />
        <h3>Rule set</h3>
        <p data-testid="ruleset">
          {recommendation.ruleset.id} {recommendation.ruleset.version} <code>{recommendation.ruleset.hash}</code>
        </p>
        <h3>Limits</h3>
        <ul>
          <li>
            The rules are Stepdown's own, written from public state rules and federal guidance; they are not the ASAM
            Criteria.
          </li>
          <li>The ratings are your clinical judgement; the result is only as good as they are.</li>
          <li>The rules have not been validated against outcomes. Check the basis against your own assessment.</li>
          <li>It does not replace a medical or crisis evaluation when a safety gate fires.</li>
        </ul>
      </section>
    </main>
  );
}

export function ReviseAssessmentPage(props: { id: string }) {
  const { assessment, error } = useAssessment(props.id);
  const client = useClient(assessment?.clientId);
  if (!assessment) return <PageStatus error={error} />;
  return (
    <main id="main">
      <ClientIdentity client={client} screen="Revise assessment" />
      <h1>Revise assessment (version {assessment.version + 1})</h1>
      <AssessmentForm clientId={assessment.clientId} revise={assessment} />
    </main>
  );
}

export function NewAssessmentPage(props: { clientId: string }) {
  const client = useClient(props.clientId);
  return (
    <main id="main">
      <p>
        <a href={`#/clients/${props.clientId}`}>Back to the client</a>
      </p>
      <ClientIdentity client={client} screen="New assessment" />
      <h1>New assessment</h1>
      <AssessmentForm clientId={props.clientId} />
    </main>
  );
}

/**
 * "Reassess now": a new assessment pre-filled from the client's last one, so the clinician changes
 * what has changed. Saving makes a new assessment; the earlier one and any plan stay as they are.
 */
export function ReassessPage(props: { clientId: string; assessmentId: string }) {
  const { assessment, error } = useAssessment(props.assessmentId);
  const client = useClient(props.clientId);
  const local = useLocalTime();
  const wrongClient = assessment !== null && assessment.clientId !== props.clientId;
  if (!assessment || wrongClient) {
    return <PageStatus error={wrongClient ? 'That assessment is not this client’s.' : error} />;
  }
  return (
    <main id="main">
      <p>
        <a href={`#/clients/${props.clientId}`}>Back to the client</a>
      </p>
      <ClientIdentity client={client} screen="Reassessment" />
      <h1>Reassessment</h1>
      <p class="banner" data-testid="prefilled-from">
        Pre-filled from the assessment saved {local.when(assessment.createdAt)} (version {assessment.version}). Change
        what has changed since then. Saving makes a new assessment; the earlier one, and any plan, stay as they are.
      </p>
      <AssessmentForm clientId={props.clientId} prefill={assessment} />
    </main>
  );
}
