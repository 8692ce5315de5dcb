/**
 * An open safety alert and the form that closes it: what was raised and when, and a note of what
 * was done (required; the acknowledgement is audited). Someone who acknowledged it first is said so.
 */
import { useState } from 'preact/hooks';
import type { MeasureAlertResponse } from '../../core/api/measures.js';
import { ApiError, api } from './api.js';
import { useLocalTime } from './local-time.js';

/** The server's limit on a note (MEASURE_LIMITS.note; the schema module stays out of the bundle). */
const NOTE_LIMIT = 2000;

export function OpenAlert(props: {
  alert: MeasureAlertResponse;
  /** "PHQ-9", when known. */
  instrumentName?: string | undefined;
  /** Called once the alert is closed (by this person or, on a 409, someone before them). */
  onAcknowledged: (alert: MeasureAlertResponse | null) => void;
}) {
  const { alert } = props;
  const local = useLocalTime();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noteId = `alert-note-${alert.id}`;

  const acknowledge = async () => {
    if (note.trim() === '') {
      setError('Write what was done before acknowledging the alert.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { data } = await api<MeasureAlertResponse>('POST', `/api/v1/measure-alerts/${alert.id}/acknowledgement`, {
        body: { note },
      });
      props.onAcknowledged(data);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        props.onAcknowledged(null);
        return;
      }
      setError(caught instanceof ApiError ? caught.message : 'Could not acknowledge the alert.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="open-alert"
      aria-label={`Safety alert raised ${local.when(alert.raisedAt)}`}
      onSubmit={(event) => {
        event.preventDefault();
        void acknowledge();
      }}
    >
      <p>
        <strong>Safety alert{props.instrumentName ? `, ${props.instrumentName} item ${alert.item}` : ''}</strong> raised{' '}
        <time dateTime={alert.raisedAt}>{local.when(alert.raisedAt)}</time>
      </p>
      <p>{alert.reason}</p>
      <label class="field" for={noteId}>
        <span>What was done (required): who was contacted, what was decided</span>
      </label>
      <textarea
        id={noteId}
        rows={2}
        maxLength={NOTE_LIMIT}
        value={note}
        aria-required="true"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${noteId}-error` : undefined}
        onInput={(event) => setNote(event.currentTarget.value)}
      />
      {error ? (
        <p class="error" id={`${noteId}-error`} role="alert">
          {error}
        </p>
      ) : null}
      <p>
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Saving…' : 'Acknowledge alert'}
        </button>
      </p>
    </form>
  );
}
