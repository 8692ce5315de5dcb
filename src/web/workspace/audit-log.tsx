/**
 * The audit log for admins: who did what to whose record and when, in the clinic's time, with
 * filters (client, user, action, days), paging, and the same filtered log as a CSV file. Reading
 * the log is itself recorded in it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AuditEventResponse, AuditListResponse } from '../../core/api/audit.js';
import type { UserResponse } from '../../core/api/auth.js';
import { addCalendarDays, startOfDay } from '../../core/time-zone.js';
import { ApiError, api } from './api.js';
import { AUDIT_ACTION_WORDS, actionWords } from '../../core/audit-actions.js';
import { useLocalTime } from './local-time.js';

/** What each outcome means, in words. */
const OUTCOME_WORDS: Record<AuditEventResponse['outcome'], string> = {
  success: 'Done',
  denied: 'Refused: not theirs to see',
  failure: 'Tried, did not happen',
};

interface Filters {
  clientId: string;
  actorUserId: string;
  action: string;
  fromDay: string;
  toDay: string;
}

/** The query string of the filters: days in the clinic's calendar become the instants they begin and end at. */
function queryOf(filters: Filters, timeZone: string): string {
  const params = new URLSearchParams();
  if (filters.clientId) params.set('clientId', filters.clientId);
  if (filters.actorUserId) params.set('actorUserId', filters.actorUserId);
  if (filters.action.trim()) params.set('action', filters.action.trim());
  if (filters.fromDay) params.set('from', startOfDay(filters.fromDay, timeZone).toISOString());
  if (filters.toDay) params.set('to', startOfDay(addCalendarDays(filters.toDay, 1), timeZone).toISOString());
  return params.toString();
}

export function AuditLog(props: { clientId?: string | undefined }) {
  const local = useLocalTime();
  const [users, setUsers] = useState<UserResponse[]>([]);
  const [filters, setFilters] = useState<Filters>({
    clientId: props.clientId ?? '',
    actorUserId: '',
    action: '',
    fromDay: '',
    toDay: '',
  });
  const [applied, setApplied] = useState<Filters>(filters);
  const [items, setItems] = useState<AuditEventResponse[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    document.title = 'Audit log · Stepdown';
    api<{ items: UserResponse[] }>('GET', '/api/v1/users')
      .then(({ data }) => setUsers(data.items))
      .catch(() => setUsers([]));
  }, []);

  const load = async (which: Filters, after: string | null) => {
    setLoading(true);
    try {
      const query = queryOf(which, local.timeZone);
      const { data } = await api<AuditListResponse>(
        'GET',
        `/api/v1/audit-events?limit=50&${query}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`,
      );
      setItems(after ? [...items, ...data.items] : data.items);
      setCursor(data.nextCursor);
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The audit log could not be read.');
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(applied, null);
  }, [applied, local.timeZone]);

  const field = (key: keyof Filters) => ({
    value: filters[key],
    onInput: (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
      setFilters({ ...filters, [key]: e.currentTarget.value }),
  });

  return (
    <main id="main">
      <h1>Audit log</h1>
      <p class="muted">
        Every access to client records, newest first, in the clinic's time ({local.timeZone}). Reading or exporting this
        log is recorded in it too.
      </p>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(filters);
        }}
      >
        <label class="field">
          <span>User</span>
          <select {...field('actorUserId')}>
            <option value="">Anyone</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.displayName}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>What was done</span>
          <select {...field('action')}>
            <option value="">Anything</option>
            {Object.entries(AUDIT_ACTION_WORDS)
              .sort(([, a], [, b]) => a.localeCompare(b))
              .map(([action, words]) => (
                <option key={action} value={action}>
                  {words}
                </option>
              ))}
          </select>
        </label>
        <label class="field">
          <span>From (day)</span>
          <input type="date" {...field('fromDay')} />
        </label>
        <label class="field">
          <span>To (day)</span>
          <input type="date" {...field('toDay')} />
        </label>
        {filters.clientId ? (
          <p class="field">
            <span>One client only</span>{' '}
            <button type="button" class="button secondary" onClick={() => setFilters({ ...filters, clientId: '' })}>
              Show every client
            </button>
          </p>
        ) : null}
        <button type="submit" class="button">
          Show
        </button>
        <a class="button secondary" href={`/api/v1/audit-events/export?${queryOf(applied, local.timeZone)}`} download>
          Export these events (CSV)
        </a>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <p class="muted" role="status">
        {loading
          ? 'Loading…'
          : `${items.length} event${items.length === 1 ? '' : 's'} shown${cursor ? ', more below' : ''}.`}
      </p>
      <table class="audit">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Client</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {items.map((event) => (
            <tr key={event.id}>
              <td>
                <time dateTime={event.at}>{local.when(event.at)}</time>
              </td>
              <td>{event.actorName ?? (event.actorKind === 'anonymous' ? 'Someone not signed in' : 'Stepdown')}</td>
              <td>{actionWords(event.action)}</td>
              <td>
                {event.clientName ? (
                  <a href={`#/clients/${event.clientId ?? ''}`}>
                    {event.clientName}
                    {event.clientRef ? ` (${event.clientRef})` : ''}
                  </a>
                ) : (
                  ''
                )}
              </td>
              <td>{OUTCOME_WORDS[event.outcome]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor ? (
        <button type="button" class="button secondary" disabled={loading} onClick={() => void load(applied, cursor)}>
          Show more
        </button>
      ) : null}
    </main>
  );
}
