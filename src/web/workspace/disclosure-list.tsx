/**
 * A client's accounting of disclosures on their page (42 CFR 2.24, 2.25): every time their records
 * were shared under a consent, to whom, what, when, why and how, in the clinic's time, with the PDF
 * for the client. Read on request, because each reading is recorded in the audit log.
 */
import { useState } from 'preact/hooks';
import type { DisclosureListResponse, DisclosureResponse } from '../../core/api/disclosures.js';
import type { DisclosedKind, DisclosureWay } from '../../core/plans/disclosure-words.js';
import { formatPlanDate } from '../../core/plans/words.js';
import { ApiError, api } from './api.js';
import { useLocalTime } from './local-time.js';

const WHAT: Record<DisclosedKind, string> = {
  'plan-summary': 'Summary of the discharge plan',
  'full-plan': 'Full discharge plan',
  'transition-summary': 'Transition summary for the next program (care, medicines, appointments, safety plan)',
};

function howText(item: DisclosureResponse): string {
  const how: Record<DisclosureWay, string> = {
    'recipient-link': 'They opened their private link',
    'sent-by-clinic': item.disclosedBy ? `Given to them by ${item.disclosedBy}` : 'Given to them by the clinic',
  };
  return how[item.way];
}

export function DisclosureList(props: { clientId: string; language: 'en' | 'es' }) {
  const local = useLocalTime();
  const [list, setList] = useState<DisclosureListResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pdf = (language: 'en' | 'es') => `/api/v1/clients/${props.clientId}/disclosures/pdf?lang=${language}`;
  const other = props.language === 'es' ? 'en' : 'es';
  const languageName = { en: 'English', es: 'Spanish' } as const;

  return (
    <section aria-labelledby="disclosures-title">
      <h2 id="disclosures-title">Shared under consents</h2>
      <p class="muted">
        Each time this client's records were shared with someone under their consent. Opening the list is recorded in
        the audit log.
      </p>
      {list === null ? (
        <button
          type="button"
          class="button secondary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              const { data } = await api<DisclosureListResponse>(
                'GET',
                `/api/v1/clients/${props.clientId}/disclosures`,
              );
              setList(data);
              setError(null);
            } catch (caught) {
              setError(caught instanceof ApiError ? caught.message : 'The list could not be read. Try again.');
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? 'Loading…' : 'Show who their records were shared with'}
        </button>
      ) : (
        <>
          <p>
            From {formatPlanDate(list.from, 'en', local.timeZone)} to {formatPlanDate(list.to, 'en', local.timeZone)}:{' '}
            {list.items.length === 0
              ? 'nothing was shared.'
              : `shared ${list.items.length} time${list.items.length === 1 ? '' : 's'}.`}
          </p>
          {list.items.length > 0 ? (
            <table class="audit">
              <caption class="visually-hidden">Who their records were shared with</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">With whom</th>
                  <th scope="col">What</th>
                  <th scope="col">Why (from the consent)</th>
                  <th scope="col">How</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((item) => (
                  <tr key={`${item.consentId}-${item.at}`}>
                    <td>
                      <time dateTime={item.at}>{local.when(item.at)}</time>
                    </td>
                    <td>
                      {item.recipient.name}
                      {item.recipient.relationship ? ` (${item.recipient.relationship})` : ''}
                    </td>
                    <td>{WHAT[item.kind]}</td>
                    <td>{item.purpose}</td>
                    <td>{howText(item)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <p class="actions">
            <a class="button secondary" href={pdf(props.language)} target="_blank" rel="noreferrer">
              Print this list for the client ({languageName[props.language]})
            </a>{' '}
            <a href={pdf(other)} target="_blank" rel="noreferrer">
              or in {languageName[other]}
            </a>
          </p>
        </>
      )}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
