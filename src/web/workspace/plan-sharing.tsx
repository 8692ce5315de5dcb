/**
 * Documents and sharing for a plan: the two PDFs, the FHIR CarePlan, the client's private link, the
 * client's acknowledgement, and consents (42 CFR Part 2) that let a family member read the plan.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ConsentListResponse, ConsentResponse, NewConsentResponse } from '../../core/api/consents.js';
import type { PlanResponse, ShareResponse } from '../../core/api/plans.js';
import { CONSENT_SCOPE_DESCRIPTIONS, CONSENT_SCOPES, type ConsentScope } from '../../core/plans/consent.js';
import { ApiError, api, issuesFor } from './api.js';
import { FieldError } from './clients.js';
import { ConsentList } from './consent-list.js';
import { useLocalTime } from './local-time.js';

export function PlanSharing(props: { plan: PlanResponse; onChanged: () => void }) {
  const { plan } = props;
  // The clinic's calendar: at 8:30 pm in New York the consent is signed today, not on UTC's tomorrow.
  const { today, inDays } = useLocalTime();
  const final = plan.status === 'final';
  /** What the client's link and a consent show: the latest finalised version, even while a draft amends it. */
  const sharedVersion = plan.latestFinalVersion;
  const [shareUrl, setShareUrl] = useState<string | null>(null);
  const [consents, setConsents] = useState<ConsentResponse[]>([]);
  const [consentLink, setConsentLink] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState({
    scope: 'plan-summary' as ConsentScope,
    patientName: '',
    discloser: '',
    recipientName: '',
    relationship: '',
    purpose: 'To help me with my recovery plan, at my request.',
    expiresOn: inDays(90),
    revocation:
      'You can take back (revoke) this consent at any time, in writing, by telling your clinic. It stops future sharing at once.',
    signedBy: 'patient' as 'patient' | 'representative',
    signatureName: '',
    signedOn: today(),
  });

  const loadConsents = async () => {
    try {
      const { data } = await api<ConsentListResponse>('GET', `/api/v1/clients/${plan.clientId}/consents`);
      setConsents(data.items.filter((consent) => consent.planId === plan.id));
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => {
    void loadConsents();
  }, [plan.id]);

  return (
    <section class="plan-section" aria-labelledby="p-share">
      <h2 id="p-share">Documents and sharing</h2>
      <ul class="downloads">
        <li>
          <a href={`/api/v1/plans/${plan.id}/pdf?audience=client&lang=en`} download>
            Client PDF (English)
          </a>
        </li>
        <li>
          <a href={`/api/v1/plans/${plan.id}/pdf?audience=client&lang=es`} download>
            Client PDF (Spanish)
          </a>
        </li>
        <li>
          <a href={`/api/v1/plans/${plan.id}/pdf?audience=clinician`} download>
            Clinical PDF
          </a>
        </li>
        <li>
          <a href={`/fhir/R4/CarePlan/${plan.id}`} target="_blank" rel="noreferrer">
            FHIR CarePlan (JSON)
          </a>
        </li>
      </ul>
      {error instanceof ApiError && error.issues.length === 0 ? (
        <p class="error" role="alert">
          {error.message}
        </p>
      ) : null}
      <h3 id="p-consents">Consents to share this plan</h3>
      <ConsentList consents={consents} onChanged={loadConsents} transitionSummaries={sharedVersion !== null} />
      {sharedVersion === null ? (
        <p class="muted">The client's link and new consents to share open once a version is finalised.</p>
      ) : (
        <>
          <h3>The client's private link</h3>
          <p class="muted">
            The client reads finalised version {sharedVersion} on their phone, in English or Spanish
            {final ? '' : ', not this draft, until it is finalised'}. Making a new link turns off the old one.
          </p>
          <button
            type="button"
            class="button secondary"
            onClick={async () => {
              try {
                const { data } = await api<ShareResponse>('POST', `/api/v1/plans/${plan.id}/share`);
                setShareUrl(data.url);
              } catch (caught) {
                setError(caught);
              }
            }}
          >
            Make the client's link
          </button>
          {shareUrl ? (
            <p class="banner">
              Give this link to the client (shown once): <code data-testid="share-url">{shareUrl}</code>
            </p>
          ) : null}
          <button
            type="button"
            class="button secondary"
            onClick={async () => {
              try {
                await api('POST', `/api/v1/plans/${plan.id}/acknowledgement`, { body: { version: sharedVersion } });
                props.onChanged();
              } catch (caught) {
                setError(caught);
              }
            }}
          >
            Record that the client understands why version {sharedVersion} is recommended
          </button>

          <h3>Share with family or another person (consent)</h3>
          <p class="muted">A consent shares finalised version {sharedVersion} until the next version is finalised.</p>
          <form
            class="consent-form"
            onSubmit={async (event) => {
              event.preventDefault();
              try {
                const { data } = await api<NewConsentResponse>('POST', `/api/v1/clients/${plan.clientId}/consents`, {
                  body: {
                    planId: plan.id,
                    scope: form.scope,
                    consentType: 'specific',
                    patientName: form.patientName,
                    discloser: form.discloser,
                    recipient: { name: form.recipientName, relationship: form.relationship },
                    purpose: form.purpose,
                    expiresOn: form.expiresOn,
                    revocation: form.revocation,
                    signature: { signedBy: form.signedBy, name: form.signatureName },
                    signedOn: form.signedOn,
                  },
                });
                setConsentLink(data.url);
                setError(null);
                await loadConsents();
              } catch (caught) {
                setError(caught);
              }
            }}
          >
            <label class="field">
              <span>What may be shared</span>
              <select
                value={form.scope}
                onChange={(e) => setForm({ ...form, scope: e.currentTarget.value as ConsentScope })}
              >
                {CONSENT_SCOPES.map((scope) => (
                  <option key={scope} value={scope}>
                    {scope === 'plan-summary' ? 'Plan summary' : 'Full plan'}
                  </option>
                ))}
              </select>
              <span class="muted">{CONSENT_SCOPE_DESCRIPTIONS[form.scope].en}</span>
            </label>
            {(
              [
                ['patientName', 'Client name (as on the signed form)', 'patientName'],
                ['discloser', 'Who discloses (your program)', 'discloser'],
                ['recipientName', 'Recipient name', 'recipient.name'],
                ['relationship', 'Recipient relationship', 'recipient.relationship'],
                ['purpose', 'Purpose', 'purpose'],
                ['revocation', 'Right to revoke, and how', 'revocation'],
                ['signatureName', 'Signed by (name)', 'signature.name'],
              ] as const
            ).map(([key, label, path]) => (
              <label key={key} class="field">
                <span>{label}</span>
                <input required value={form[key]} onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })} />
                <FieldError messages={issuesFor(error, path)} />
              </label>
            ))}
            <label class="field">
              <span>Last day the consent is in force</span>
              <input
                type="date"
                required
                value={form.expiresOn}
                onInput={(e) => setForm({ ...form, expiresOn: e.currentTarget.value })}
              />
              <FieldError messages={issuesFor(error, 'expiresOn')} />
            </label>
            <label class="field">
              <span>Date signed</span>
              <input
                type="date"
                required
                value={form.signedOn}
                onInput={(e) => setForm({ ...form, signedOn: e.currentTarget.value })}
              />
              <FieldError messages={issuesFor(error, 'signedOn')} />
            </label>
            <button type="submit" class="button secondary">
              Record consent and make the recipient's link
            </button>
          </form>
          {consentLink ? (
            <p class="banner">
              Give this link to the recipient (shown once): <code data-testid="consent-url">{consentLink}</code>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
