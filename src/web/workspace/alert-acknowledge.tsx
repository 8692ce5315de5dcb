/**
 * Closing what a client's results raised, with a note of what was done (required; audited): an
 * open safety alert (acknowledged), or an open step-up or step-down signal (marked as acted on).
 * Both are one form: what was raised and when, the note, and the button. Someone who closed it
 * first is said so.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { MeasureAlertResponse, StepSignalResponse } from '../../core/api/measures.js';
import { ApiError, api } from './api.js';
import { useLocalTime } from './local-time.js';

/** The server's limit on a note (MEASURE_LIMITS.note; the schema module stays out of the bundle). */
const NOTE_LIMIT = 2000;

function NoteForm<T>(props: {
  /** Unique on the page: names the note's field. */
  fieldId: string;
  /** The form's accessible name. */
  label: string;
  /** What was raised, shown above the note. */
  children: ComponentChildren;
  path: string;
  button: string;
  /** Said when the note is left empty. */
  noteRequired: string;
  failed: string;
  /** Called once it is closed (by this person, or, on a 409, by someone or something before them). */
  onDone: (closed: T | null) => void;
}) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noteId = props.fieldId;

  const send = async () => {
    if (note.trim() === '') {
      setError(props.noteRequired);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { data } = await api<T>('POST', props.path, { body: { note } });
      props.onDone(data);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        props.onDone(null);
        return;
      }
      setError(caught instanceof ApiError ? caught.message : props.failed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="open-alert"
      aria-label={props.label}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {props.children}
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
          {busy ? 'Saving…' : props.button}
        </button>
      </p>
    </form>
  );
}

export function OpenAlert(props: {
  alert: MeasureAlertResponse;
  /** "PHQ-9", when known. */
  instrumentName?: string | undefined;
  /** Called once the alert is closed (by this person or, on a 409, someone before them). */
  onAcknowledged: (alert: MeasureAlertResponse | null) => void;
}) {
  const { alert } = props;
  const local = useLocalTime();
  return (
    <NoteForm<MeasureAlertResponse>
      fieldId={`alert-note-${alert.id}`}
      label={`Safety alert raised ${local.when(alert.raisedAt)}`}
      path={`/api/v1/measure-alerts/${alert.id}/acknowledgement`}
      button="Acknowledge alert"
      noteRequired="Write what was done before acknowledging the alert."
      failed="Could not acknowledge the alert."
      onDone={props.onAcknowledged}
    >
      <p>
        <strong>Safety alert{props.instrumentName ? `, ${props.instrumentName} item ${alert.item}` : ''}</strong> raised{' '}
        <time dateTime={alert.raisedAt}>{local.when(alert.raisedAt)}</time>
      </p>
      <p>{alert.reason}</p>
    </NoteForm>
  );
}

/** An open step-up or step-down signal's "Mark as acted on, with a note". */
export function OpenStepSignal(props: {
  signal: { id: string; rule: string };
  /** Called once the signal is closed (by this person or, on a 409, before them). */
  onActedOn: (signal: StepSignalResponse | null) => void;
}) {
  const { signal } = props;
  return (
    <NoteForm<StepSignalResponse>
      fieldId={`signal-note-${signal.id}`}
      label={`Mark the signal ${signal.rule} as acted on`}
      path={`/api/v1/step-signals/${signal.id}/acknowledgement`}
      button="Mark as acted on"
      noteRequired="Write what was done before marking the signal as acted on."
      failed="Could not mark the signal as acted on."
      onDone={props.onActedOn}
    >
      <p class="muted">Or mark it as acted on, with a note of what was done.</p>
    </NoteForm>
  );
}
