/**
 * A client's consents to share (42 CFR Part 2), each with whom it names, what it shares, whether it
 * is in force, in words, and a way to revoke it while it is. Shown on the client page whatever
 * state any plan is in, and on the plan page for the consents that name that plan.
 */
import { useState } from 'preact/hooks';
import type { ConsentResponse } from '../../core/api/consents.js';
import { ApiError, api } from './api.js';
import { day } from './plan-status.js';

const SCOPE_WORDS: Record<NonNullable<ConsentResponse['scope']>, string> = {
  'plan-summary': 'the plan summary',
  'full-plan': 'the full plan',
};

/** Whether a consent is in force, in words. */
export function consentStateText(consent: ConsentResponse): string {
  switch (consent.status) {
    case 'active':
      return `In force until ${day(`${consent.expiresOn}T12:00:00`)}`;
    case 'expired':
      return `Ended on ${day(`${consent.expiresOn}T12:00:00`)}`;
    case 'revoked':
      return consent.revokedAt ? `Revoked on ${day(consent.revokedAt)}` : 'Revoked';
  }
}

export function ConsentList(props: {
  consents: ConsentResponse[];
  /** Called once a consent is revoked, to read the list again. */
  onChanged: () => void | Promise<void>;
  /** Names the plan each consent shares, with a link to it (on the client page). */
  showPlan?: boolean;
  /**
   * On the plan page once a version is finalised: each full-plan consent in force offers the
   * transition summary for the program it names (PDF and FHIR), which the server discloses only if
   * the client was referred to that program.
   */
  transitionSummaries?: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (props.consents.length === 0) return <p class="muted">No consents to share recorded.</p>;
  return (
    <>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <ul class="consents" data-testid="consents">
        {props.consents.map((consent) => {
          const who = consent.recipient.relationship
            ? `${consent.recipient.name} (${consent.recipient.relationship})`
            : consent.recipient.name;
          return (
            <li key={consent.id}>
              <strong>{who}</strong>: {consent.scope ? SCOPE_WORDS[consent.scope] : consent.information}
              {props.showPlan && consent.planId ? (
                <>
                  {' '}
                  of <a href={`#/plans/${consent.planId}`}>the discharge plan</a>
                </>
              ) : null}
              . <span class={consent.status === 'active' ? 'status' : 'muted'}>{consentStateText(consent)}</span>.{' '}
              <a href={`/fhir/R4/Consent/${consent.id}`} target="_blank" rel="noreferrer">
                FHIR Consent (JSON)
              </a>{' '}
              {props.transitionSummaries &&
              consent.status === 'active' &&
              consent.scope === 'full-plan' &&
              consent.planId ? (
                <>
                  <a href={`/api/v1/plans/${consent.planId}/pdf?audience=receiving&consent=${consent.id}`} download>
                    Transition summary for {consent.recipient.name} (PDF)
                  </a>{' '}
                  <a
                    href={`/fhir/R4/CarePlan/${consent.planId}?audience=receiving&consent=${consent.id}`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    Transition summary for {consent.recipient.name} (FHIR)
                  </a>{' '}
                </>
              ) : null}
              {consent.status === 'active' ? (
                <button
                  type="button"
                  class="button secondary"
                  disabled={busy === consent.id}
                  onClick={async () => {
                    setBusy(consent.id);
                    setError(null);
                    try {
                      await api('POST', `/api/v1/consents/${consent.id}/revoke`);
                      await props.onChanged();
                    } catch (caught) {
                      setError(caught instanceof ApiError ? caught.message : 'Could not revoke this consent.');
                    } finally {
                      setBusy(null);
                    }
                  }}
                >
                  Revoke consent for {consent.recipient.name}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
