/** The client list: search, archive-state filter, paging, and adding a client. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, issuesFor } from './api.js';
import { navigate } from './router.js';
import type { ArchivedFilter, ClientListResponse, ClientResponse, DuplicateCandidate } from '../../core/api/clients.js';
import { formatPlanDate } from '../../core/plans/words.js';
import { identityFacts } from './client-identity.js';

const SHOW_OPTIONS: Array<{ value: ArchivedFilter; label: string }> = [
  { value: 'exclude', label: 'Active clients' },
  { value: 'include', label: 'Active and archived clients' },
  { value: 'only', label: 'Archived clients only' },
];

/** What the list holds, in words, for the status line that screen readers announce. */
function countText(count: number, archived: ArchivedFilter, more: boolean): string {
  if (count === 0) return archived === 'only' ? 'No archived clients found.' : 'No clients found.';
  const noun = count === 1 ? 'client' : 'clients';
  const shown =
    archived === 'exclude'
      ? `${count} active ${noun}`
      : archived === 'only'
        ? `${count} archived ${noun}`
        : `${count} ${noun}, active and archived`;
  return more ? `${shown} shown; there are more.` : `${shown}.`;
}

export function ClientList() {
  const [q, setQ] = useState('');
  const [archived, setArchived] = useState<ArchivedFilter>('exclude');
  const [items, setItems] = useState<ClientResponse[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  // Only the latest request may fill the list: an answer for an earlier search or filter arriving
  // late must not replace, or be added to, the list the current one shows.
  const latest = useRef(0);

  const load = async (query: string, filter: ArchivedFilter, after: string | null) => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const params = new URLSearchParams({ limit: '20' });
      if (query.trim()) params.set('q', query.trim());
      if (filter !== 'exclude') params.set('archived', filter);
      if (after) params.set('cursor', after);
      const { data } = await api<ClientListResponse>('GET', `/api/v1/clients?${params.toString()}`);
      if (request !== latest.current) return;
      setItems((current) => (after ? [...current, ...data.items] : data.items));
      setCursor(data.nextCursor);
      setError(null);
      setLoaded(true);
    } catch (caught) {
      if (request !== latest.current) return;
      setError(caught instanceof ApiError ? caught.message : 'Could not load clients.');
    } finally {
      if (request === latest.current) setLoading(false);
    }
  };

  useEffect(() => {
    // A new search or filter starts the list again: a cursor belongs to the list it came from.
    setCursor(null);
    const timer = setTimeout(() => void load(q, archived, null), 250);
    return () => clearTimeout(timer);
  }, [q, archived]);

  return (
    <main id="main">
      <h1>Clients</h1>
      <div class="toolbar">
        <label class="field grow">
          <span>Search by name or record number</span>
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Show</span>
          <select value={archived} onChange={(e) => setArchived(e.currentTarget.value as ArchivedFilter)}>
            {SHOW_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <p class="muted" role="status">
        {loaded && !loading ? countText(items.length, archived, cursor !== null) : ''}
      </p>
      <ul class="client-list" aria-busy={loading}>
        {items.map((client) => (
          <li key={client.id}>
            <a href={`#/clients/${client.id}`}>
              {client.displayName}
              {client.archived ? (
                <>
                  <span class="visually-hidden">, </span>
                  <span class="tag archived">Archived</span>
                </>
              ) : null}
            </a>
            <span class="muted"> · {identityFacts(client).join(' · ')}</span>
          </li>
        ))}
      </ul>
      {cursor ? (
        <button
          type="button"
          class="button secondary"
          onClick={() => void load(q, archived, cursor)}
          disabled={loading}
        >
          Show more
        </button>
      ) : null}
      <NewClient />
    </main>
  );
}

/** The clients a 409 possible_duplicate named, when the error is one. */
function duplicatesOf(error: unknown): DuplicateCandidate[] {
  if (!(error instanceof ApiError) || error.code !== 'possible_duplicate') return [];
  const listed = error.problem.duplicates;
  return Array.isArray(listed) ? (listed as DuplicateCandidate[]) : [];
}

function NewClient() {
  const [displayName, setDisplayName] = useState('');
  const [externalRef, setExternalRef] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [email, setEmail] = useState('');
  const [preferredLanguage, setLanguage] = useState<'en' | 'es'>('en');
  const [error, setError] = useState<unknown>(null);
  const duplicates = duplicatesOf(error);
  const warning = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (duplicates.length > 0) warning.current?.focus();
  }, [duplicates.length]);

  const add = async (notADuplicateOf: string[]) => {
    try {
      const { data } = await api<ClientResponse>('POST', '/api/v1/clients', {
        body: {
          displayName,
          ...(externalRef.trim() ? { externalRef } : {}),
          ...(birthDate ? { birthDate } : {}),
          ...(email.trim() ? { email: email.trim() } : {}),
          preferredLanguage,
          ...(notADuplicateOf.length > 0 ? { notADuplicateOf } : {}),
        },
      });
      navigate(`/clients/${data.id}`);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section aria-labelledby="new-client">
      <h2 id="new-client">Add a client</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void add([]);
        }}
      >
        <label class="field">
          <span>Name</span>
          <input required maxLength={200} value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
          <FieldError messages={issuesFor(error, 'displayName')} />
        </label>
        <label class="field">
          <span>Record number (optional)</span>
          <input maxLength={100} value={externalRef} onInput={(e) => setExternalRef(e.currentTarget.value)} />
          <FieldError messages={issuesFor(error, 'externalRef')} />
        </label>
        <label class="field">
          <span>Date of birth (optional)</span>
          <input type="date" value={birthDate} onInput={(e) => setBirthDate(e.currentTarget.value)} />
          <FieldError messages={issuesFor(error, 'birthDate')} />
        </label>
        <label class="field">
          <span>Email for check-in reminders (optional)</span>
          <input
            type="email"
            autocomplete="off"
            maxLength={254}
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          <FieldError messages={issuesFor(error, 'email')} />
        </label>
        <label class="field">
          <span>Preferred language</span>
          <select value={preferredLanguage} onChange={(e) => setLanguage(e.currentTarget.value as 'en' | 'es')}>
            <option value="en">English</option>
            <option value="es">Spanish</option>
          </select>
        </label>
        {duplicates.length > 0 ? (
          <div class="banner warn" role="alert">
            <h3 tabIndex={-1} ref={warning}>
              This may be someone already in your clients
            </h3>
            <p>The same name and date of birth, or the same record number, is already recorded for:</p>
            <ul>
              {duplicates.map((candidate) => (
                <li key={candidate.id}>
                  <a href={`#/clients/${candidate.id}`}>{candidate.displayName}</a>
                  {' · '}
                  {candidate.externalRef ? `Record ${candidate.externalRef}` : 'No record number'}
                  {candidate.birthDate ? ` · Born ${formatPlanDate(candidate.birthDate, 'en')}` : ''}
                  {candidate.archived ? ' · Archived' : ''}
                </li>
              ))}
            </ul>
            <p>Open their record if it is the same person. Add a new client only if it is someone else.</p>
            <p class="actions">
              <button
                type="button"
                class="button secondary"
                onClick={() => void add(duplicates.map((candidate) => candidate.id))}
              >
                Add anyway: this is someone else
              </button>
            </p>
          </div>
        ) : error instanceof ApiError && error.issues.length === 0 ? (
          <p class="error" role="alert">
            {error.message}
          </p>
        ) : null}
        <button type="submit" class="button">
          Add client
        </button>
      </form>
    </section>
  );
}

export function FieldError(props: { messages: string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <span class="error" role="alert">
      {props.messages.join('; ')}
    </span>
  );
}

/** A ZIP code field (five digits) with the server's problems about `zip` beneath it. */
export function ZipField(props: { label: string; value: string; onInput: (value: string) => void; error: unknown }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        inputMode="numeric"
        pattern="[0-9]{5}"
        required
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <FieldError messages={issuesFor(props.error, 'zip')} />
    </label>
  );
}
