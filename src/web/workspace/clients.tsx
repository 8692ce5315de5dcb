/** The client list: search, paging, and adding a client. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, issuesFor } from './api.js';
import { navigate } from './router.js';
import type { Client } from './types.js';

interface Page {
  items: Client[];
  nextCursor: string | null;
}

export function ClientList() {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Client[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (query: string, after: string | null) => {
    setLoading(true);
    try {
      const params = new URLSearchParams({ limit: '20' });
      if (query.trim()) params.set('q', query.trim());
      if (after) params.set('cursor', after);
      const { data } = await api<Page>('GET', `/api/v1/clients?${params.toString()}`);
      setItems((current) => (after ? [...current, ...data.items] : data.items));
      setCursor(data.nextCursor);
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not load clients.');
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    const timer = setTimeout(() => void load(q, null), 250);
    return () => clearTimeout(timer);
  }, [q]);

  return (
    <main id="main">
      <h1>Clients</h1>
      <div class="toolbar">
        <label class="field grow">
          <span>Search by name or record number</span>
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
      </div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <ul class="client-list" aria-busy={loading}>
        {items.map((client) => (
          <li key={client.id}>
            <a href={`#/clients/${client.id}`}>{client.displayName}</a>
            {client.externalRef ? <span class="muted"> · {client.externalRef}</span> : null}
          </li>
        ))}
      </ul>
      {!loading && items.length === 0 ? <p class="muted">No clients found.</p> : null}
      {cursor ? (
        <button type="button" class="button secondary" onClick={() => void load(q, cursor)} disabled={loading}>
          Show more
        </button>
      ) : null}
      <NewClient />
    </main>
  );
}

function NewClient() {
  const [displayName, setDisplayName] = useState('');
  const [externalRef, setExternalRef] = useState('');
  const [preferredLanguage, setLanguage] = useState<'en' | 'es'>('en');
  const [error, setError] = useState<unknown>(null);
  return (
    <section aria-labelledby="new-client">
      <h2 id="new-client">Add a client</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          try {
            const { data } = await api<Client>('POST', '/api/v1/clients', {
              body: { displayName, ...(externalRef.trim() ? { externalRef } : {}), preferredLanguage },
            });
            navigate(`/clients/${data.id}`);
          } catch (caught) {
            setError(caught);
          }
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
          <span>Preferred language</span>
          <select value={preferredLanguage} onChange={(e) => setLanguage(e.currentTarget.value as 'en' | 'es')}>
            <option value="en">English</option>
            <option value="es">Spanish</option>
          </select>
        </label>
        {error instanceof ApiError && error.issues.length === 0 ? (
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
