/**
 * A client's check-ins on their page: the schedule that applies (the plan's, from the discharge day;
 * none before a plan; or one set here), where each questionnaire stands, changing the schedule, and
 * making a private check-in link to give the client: shown once, with a QR code they can scan with
 * their phone in the room. The link works once and expires; only its hash is kept.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ClientResponse } from '../../core/api/clients.js';
import type {
  CheckInLinkResponse,
  InstrumentListResponse,
  InstrumentSummary,
  ScheduleResponse,
} from '../../core/api/measures.js';
import { qrMatrix, qrSvg } from '../../core/qr-code.js';
import { calendarDate } from '../../core/time-zone.js';
import { ApiError, api, issuesFor } from './api.js';
import { FieldError } from './clients.js';
import { useLocalTime } from './local-time.js';
import { instrumentName, longDate } from './measure-chart.js';

interface Row {
  instrument: string;
  everyDays: string;
}

export function CheckInPanel(props: { client: ClientResponse }) {
  const local = useLocalTime();
  const [schedule, setSchedule] = useState<ScheduleResponse | null>(null);
  const [instruments, setInstruments] = useState<InstrumentSummary[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Row[] | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [language, setLanguage] = useState<'en' | 'es'>(props.client.preferredLanguage);
  const [link, setLink] = useState<CheckInLinkResponse | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const base = `/api/v1/clients/${props.client.id}`;

  useEffect(() => {
    let live = true;
    Promise.all([
      api<ScheduleResponse>('GET', `${base}/measure-schedule`),
      api<InstrumentListResponse>('GET', '/api/v1/instruments'),
    ])
      .then(([current, list]) => {
        if (!live) return;
        setSchedule(current.data);
        setInstruments(list.data.items);
      })
      .catch((caught: unknown) => {
        if (live) setLoadError(caught instanceof ApiError ? caught.message : 'Could not load the check-in schedule.');
      });
    return () => {
      live = false;
    };
  }, [base]);

  const nameOf = (id: string) => {
    const found = instruments.find((i) => i.id === id);
    return found ? instrumentName(found) : id;
  };
  const dayOf = (instant: string) => longDate(calendarDate(instant, local.timeZone));

  const save = async (rows: Row[]) => {
    setSaved(false);
    try {
      const { data } = await api<ScheduleResponse>('PUT', `${base}/measure-schedule`, {
        body: { items: rows.map((row) => ({ instrument: row.instrument, everyDays: Number(row.everyDays) })) },
      });
      setSchedule(data);
      setEditing(null);
      setSaveError(null);
      setSaved(true);
    } catch (caught) {
      // What was typed stays on the screen, with the reason beside the field.
      setSaveError(caught);
    }
  };

  const makeLink = async () => {
    setCopied(false);
    try {
      const { data } = await api<CheckInLinkResponse>('POST', `${base}/check-in-links`, { body: { language } });
      setLink(data);
      setLinkError(null);
    } catch (caught) {
      setLinkError(caught instanceof ApiError ? caught.message : 'Could not make the link. Try again.');
    }
  };
  const linkUrl = link ? new URL(link.path, window.location.origin).toString() : null;

  return (
    <section aria-labelledby="check-ins-heading" class="check-in-panel">
      <h2 id="check-ins-heading">Check-ins</h2>
      {loadError ? (
        <p class="error" role="alert">
          {loadError}
        </p>
      ) : null}
      {schedule ? (
        <p>{basisSentence(schedule, dayOf, local.today(), local.timeZone)}</p>
      ) : loadError ? null : (
        <p>Loading…</p>
      )}

      {schedule && editing === null ? (
        <>
          <table class="data schedule" aria-label="Check-in schedule">
            <thead>
              <tr>
                <th scope="col">Questionnaire</th>
                <th scope="col">How often</th>
                <th scope="col">Last answered</th>
                <th scope="col">Next</th>
              </tr>
            </thead>
            <tbody>
              {schedule.items.map((item) => (
                <tr key={item.instrument}>
                  <th scope="row">{nameOf(item.instrument)}</th>
                  <td>{item.everyDays === 7 ? 'Every week' : `Every ${item.everyDays} days`}</td>
                  <td>{item.lastTakenAt ? dayOf(item.lastTakenAt) : 'Not yet'}</td>
                  <td>
                    {item.missed ? (
                      <strong>Missed</strong>
                    ) : item.due ? (
                      'Due now'
                    ) : item.dueAt ? (
                      dayOf(item.dueAt)
                    ) : (
                      <span class="muted">After a plan is finalised</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {props.client.archived ? null : (
            <p>
              <button
                type="button"
                class="button secondary"
                onClick={() => {
                  setSaved(false);
                  setEditing(schedule.items.map((i) => ({ instrument: i.instrument, everyDays: String(i.everyDays) })));
                }}
              >
                Change the schedule
              </button>
              <span role="status">{saved ? ' Schedule saved. It applies now.' : ''}</span>
            </p>
          )}
        </>
      ) : null}

      {editing ? (
        <ScheduleForm
          rows={editing}
          instruments={instruments}
          nameOf={nameOf}
          error={saveError}
          onChange={setEditing}
          onSave={(rows) => void save(rows)}
          onCancel={() => {
            setEditing(null);
            setSaveError(null);
          }}
        />
      ) : null}

      {props.client.archived ? null : (
        <div class="check-in-link">
          <h3>A check-in link for the client</h3>
          <p class="muted">
            The link asks what is due (or every questionnaire the client answers, when nothing is). It works once, for
            72 hours. Give it only to the client.
          </p>
          <label class="field inline">
            <span>Language the page opens in</span>
            <select
              value={language}
              onChange={(event) => setLanguage(event.currentTarget.value === 'es' ? 'es' : 'en')}
            >
              <option value="en">English</option>
              <option value="es">Español</option>
            </select>
          </label>{' '}
          <button type="button" class="button" onClick={() => void makeLink()}>
            Make a check-in link
          </button>
          <span role="status">{link ? ' Link made.' : ''}</span>
          {linkError ? (
            <p class="error" role="alert">
              {linkError}
            </p>
          ) : null}
          {link && linkUrl ? (
            <div class="banner">
              <p>
                Give this link to the client (shown once; it works until {local.when(link.expiresAt)}):{' '}
                <code data-testid="check-in-url">{linkUrl}</code>{' '}
                <button
                  type="button"
                  class="button secondary"
                  onClick={() => {
                    navigator.clipboard
                      ?.writeText(linkUrl)
                      .then(() => setCopied(true))
                      .catch(() => setCopied(false));
                  }}
                >
                  Copy
                </button>
                <span>{copied ? ' Copied.' : ''}</span>
              </p>
              <p>It asks: {link.instruments.map(nameOf).join(', ')}.</p>
              <img
                class="qr"
                width={180}
                height={180}
                alt="QR code of the check-in link, for the client to scan with their phone camera"
                src={`data:image/svg+xml,${encodeURIComponent(qrSvg(qrMatrix(linkUrl), 180))}`}
              />
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}

function basisSentence(
  schedule: ScheduleResponse,
  dayOf: (instant: string) => string,
  today: string,
  timeZone: string,
): string {
  if (schedule.basis === 'custom') return 'A schedule set for this client. It applies now, whatever the plan says.';
  if (schedule.basis === 'no-plan' || schedule.startsAt === null) {
    return 'No check-ins are asked until a plan is finalised: they start on its discharge day. To ask them sooner, change the schedule.';
  }
  const start = dayOf(schedule.startsAt);
  return calendarDate(schedule.startsAt, timeZone) <= today
    ? `The plan’s schedule, from discharge on ${start}.`
    : `The plan’s schedule starts at discharge, on ${start}.`;
}

function ScheduleForm(props: {
  rows: Row[];
  instruments: InstrumentSummary[];
  nameOf: (id: string) => string;
  error: unknown;
  onChange: (rows: Row[]) => void;
  onSave: (rows: Row[]) => void;
  onCancel: () => void;
}) {
  const unused = props.instruments.filter((i) => !props.rows.some((row) => row.instrument === i.id));
  const [adding, setAdding] = useState('');
  const { nameOf } = props;
  const set = (index: number, everyDays: string) =>
    props.onChange(props.rows.map((row, i) => (i === index ? { ...row, everyDays } : row)));

  return (
    <form
      class="schedule-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave(props.rows);
      }}
    >
      <fieldset>
        <legend>How often to ask each questionnaire (1 to 90 days)</legend>
        {props.rows.length === 0 ? <p class="muted">Nothing is asked. Add a questionnaire below.</p> : null}
        {props.rows.map((row, index) => (
          <div class="schedule-row" key={row.instrument}>
            <label class="field inline">
              <span>{nameOf(row.instrument)}: every</span>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={90}
                value={row.everyDays}
                onInput={(event) => set(index, event.currentTarget.value)}
              />
              <span>days</span>
            </label>
            <button
              type="button"
              class="button secondary"
              onClick={() => props.onChange(props.rows.filter((_, i) => i !== index))}
            >
              Remove {nameOf(row.instrument)}
            </button>
            <FieldError messages={issuesFor(props.error, `items.${index}`)} />
          </div>
        ))}
        {unused.length > 0 ? (
          <div class="schedule-row">
            <label class="field inline">
              <span>Add</span>
              <select value={adding} onChange={(event) => setAdding(event.currentTarget.value)}>
                <option value="">Choose a questionnaire</option>
                {unused.map((i) => (
                  <option key={i.id} value={i.id}>
                    {instrumentName(i)}
                    {i.enteredBy === 'clinician' ? ' (you enter it)' : ''}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              class="button secondary"
              disabled={adding === ''}
              onClick={() => {
                props.onChange([...props.rows, { instrument: adding, everyDays: '7' }]);
                setAdding('');
              }}
            >
              Add to the schedule
            </button>
          </div>
        ) : null}
      </fieldset>
      {props.error && !(props.error instanceof ApiError && props.error.issues.length > 0) ? (
        <p class="error" role="alert">
          {props.error instanceof ApiError
            ? props.error.message
            : 'Could not save. Check the connection and try again.'}
        </p>
      ) : null}
      <button type="submit" class="button">
        Save the schedule
      </button>{' '}
      <button type="button" class="button secondary" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
