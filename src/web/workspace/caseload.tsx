/**
 * The caseload: the clinic's active clients, most urgent first (open safety alerts, then missed
 * check-ins, reassessment due, first session not confirmed, check-ins due), as the caseload API
 * sorts them. A clinician narrows it to one kind of need, and reviews and acknowledges a safety
 * alert with a note right here.
 */
import { useEffect, useState } from 'preact/hooks';
import { calendarDate } from '../../core/time-zone.js';
import type {
  CaseloadResponse,
  InstrumentListResponse,
  MeasureListResponse,
  MeasureResponse,
} from '../../core/api/measures.js';
import { OpenAlert } from './alert-acknowledge.js';
import { ApiError, api } from './api.js';
import { useLocalTime } from './local-time.js';
import { instrumentName, longDate } from './measure-chart.js';

type Item = CaseloadResponse['items'][number];

/**
 * What the check-ins column says when nothing is due: check-ins follow the plan, so before one is
 * finalised, or before its discharge day, none are asked.
 */
function quietCheckIns(item: Item, today: string, timeZone: string): string {
  if (item.checkIns === 'no-plan') return 'None until a plan is finalised';
  if (item.checkInsStart !== null) {
    const start = calendarDate(item.checkInsStart, timeZone);
    if (start > today) return `Start at discharge, ${longDate(start)}`;
  }
  return 'Up to date';
}

type Filter = 'all' | 'alerts' | 'missed' | 'reassess' | 'first-session' | 'due';

const FILTERS: Array<{
  id: Filter;
  label: string;
  count: (c: CaseloadResponse['counts']) => number;
  has: (i: Item) => boolean;
}> = [
  { id: 'all', label: 'Everyone', count: (c) => c.clients, has: () => true },
  { id: 'alerts', label: 'Open safety alert', count: (c) => c.openAlerts, has: (i) => i.openAlerts > 0 },
  { id: 'missed', label: 'Missed check-ins', count: (c) => c.missed, has: (i) => i.missed.length > 0 },
  { id: 'reassess', label: 'Reassessment due', count: (c) => c.needsReassessment, has: (i) => i.needsReassessment },
  {
    id: 'first-session',
    label: 'First session not confirmed',
    count: (c) => c.firstSessionUnconfirmed,
    has: (i) => i.firstSessionConfirmed === false,
  },
  { id: 'due', label: 'Check-ins due', count: (c) => c.due, has: (i) => i.due.length > 0 },
];

/** A client's open alerts, loaded when the clinician opens them, each with its acknowledgement form. */
function AlertReview(props: { item: Item; names: (id: string) => string; onAcknowledged: (done: boolean) => void }) {
  const [measures, setMeasures] = useState<MeasureResponse[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<MeasureListResponse>('GET', `/api/v1/clients/${props.item.clientId}/measures`)
      .then(({ data }) => setMeasures(data.items))
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : 'Could not load the alerts.'));
  }, [props.item.clientId, props.item.openAlerts]);
  if (error) {
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  }
  if (!measures) return <p>Loading…</p>;
  const open = measures.flatMap((m) =>
    m.alerts.filter((a) => a.acknowledgedAt === null).map((alert) => ({ alert, instrument: m.instrument })),
  );
  if (open.length === 0) return <p>No open alert: someone has acknowledged it.</p>;
  return (
    <>
      {open.map(({ alert, instrument }) => (
        <OpenAlert
          key={alert.id}
          alert={alert}
          instrumentName={props.names(instrument)}
          onAcknowledged={(done) => props.onAcknowledged(done !== null)}
        />
      ))}
      <p>
        <a href={`#/clients/${props.item.clientId}`}>Open {props.item.displayName}’s page</a> for their results and
        signals.
      </p>
    </>
  );
}

export function Caseload() {
  const local = useLocalTime();
  const [caseload, setCaseload] = useState<CaseloadResponse | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    document.title = 'Caseload · Stepdown workspace';
  }, []);

  useEffect(() => {
    let live = true;
    Promise.all([
      api<CaseloadResponse>('GET', '/api/v1/caseload'),
      api<InstrumentListResponse>('GET', '/api/v1/instruments'),
    ])
      .then(([load, list]) => {
        if (!live) return;
        setCaseload(load.data);
        setNames(new Map(list.data.items.map((i) => [i.id, instrumentName(i)])));
      })
      .catch((caught: unknown) => {
        if (live) setError(caught instanceof ApiError ? caught.message : 'Could not load the caseload.');
      });
    return () => {
      live = false;
    };
  }, [changes]);

  const nameOf = (id: string) => names.get(id) ?? id;
  const chosen = FILTERS.find((f) => f.id === filter) ?? FILTERS[0];
  const items = caseload && chosen ? caseload.items.filter(chosen.has) : [];
  const today = local.today();

  return (
    <main id="main">
      <h1>Caseload</h1>
      <p class="muted">
        The clinic’s active clients, most urgent first: open safety alerts, then missed check-ins, reassessment due,
        first sessions not confirmed, and check-ins due. Check-ins start on the discharge day of a client’s finalised
        plan, unless you set a schedule for them.
      </p>
      <div role="status">{notice ? <p class="banner">{notice}</p> : null}</div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {caseload ? (
        <>
          <fieldset class="filters">
            <legend>Show</legend>
            {FILTERS.map((f) => (
              <label key={f.id} class="filter">
                <input type="radio" name="caseload-filter" checked={filter === f.id} onChange={() => setFilter(f.id)} />
                <span>
                  {f.label} ({f.count(caseload.counts)})
                </span>
              </label>
            ))}
          </fieldset>
          {items.length === 0 ? (
            <p>No one {filter === 'all' ? 'in the caseload yet' : 'here'}.</p>
          ) : (
            <table class="data caseload">
              <caption class="visually-hidden">
                {chosen?.label}: {items.length} client{items.length === 1 ? '' : 's'}, most urgent first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Safety</th>
                  <th scope="col">Check-ins</th>
                  <th scope="col">Reassess by</th>
                  <th scope="col">First session</th>
                </tr>
              </thead>
              <tbody>
                {items.flatMap((item) => {
                  const rows = [
                    <tr key={item.clientId} class={item.openAlerts > 0 ? 'urgent' : undefined}>
                      <th scope="row">
                        <a href={`#/clients/${item.clientId}`}>{item.displayName}</a>
                      </th>
                      <td>
                        {item.openAlerts > 0 ? (
                          <>
                            <strong class="alert-text">
                              {item.openAlerts} open alert{item.openAlerts === 1 ? '' : 's'}
                            </strong>
                            {item.oldestOpenAlertAt ? (
                              <span class="muted"> since {local.when(item.oldestOpenAlertAt)}</span>
                            ) : null}
                            <br />
                            <button
                              type="button"
                              class="linkish"
                              aria-expanded={open === item.clientId}
                              aria-controls={open === item.clientId ? `alerts-${item.clientId}` : undefined}
                              onClick={() => setOpen(open === item.clientId ? null : item.clientId)}
                            >
                              {open === item.clientId ? 'Close' : 'Review and acknowledge'}
                            </button>
                          </>
                        ) : (
                          <span class="muted">None open</span>
                        )}
                      </td>
                      <td>
                        {item.missed.length > 0 ? (
                          <p class="cell-line">
                            <strong>Missed:</strong> {item.missed.map(nameOf).join(', ')}
                          </p>
                        ) : null}
                        {item.due.filter((id) => !item.missed.includes(id)).length > 0 ? (
                          <p class="cell-line">
                            Due:{' '}
                            {item.due
                              .filter((id) => !item.missed.includes(id))
                              .map(nameOf)
                              .join(', ')}
                          </p>
                        ) : null}
                        {item.due.length === 0 && item.missed.length === 0 ? (
                          <span class="muted">{quietCheckIns(item, today, local.timeZone)}</span>
                        ) : null}
                      </td>
                      <td>
                        {item.reassessBy ? (
                          <>
                            {longDate(item.reassessBy)}
                            {item.needsReassessment ? (
                              <strong>{item.reassessBy < today ? ' (past)' : ' (due soon)'}</strong>
                            ) : null}
                          </>
                        ) : (
                          <span class="muted">No finalised plan</span>
                        )}
                      </td>
                      <td>
                        {item.firstSessionConfirmed === null ? (
                          <span class="muted">No referral</span>
                        ) : item.firstSessionConfirmed ? (
                          'Confirmed'
                        ) : (
                          <strong>Not yet confirmed</strong>
                        )}
                      </td>
                    </tr>,
                  ];
                  if (open === item.clientId) {
                    rows.push(
                      <tr key={`${item.clientId}-alerts`} id={`alerts-${item.clientId}`} class="alert-review">
                        <td colSpan={5}>
                          <AlertReview
                            item={item}
                            names={nameOf}
                            onAcknowledged={(done) => {
                              setNotice(
                                done
                                  ? `Alert acknowledged for ${item.displayName}, with your note. It is recorded in the audit log.`
                                  : `Someone acknowledged ${item.displayName}’s alert first; the caseload is up to date now.`,
                              );
                              setOpen(null);
                              setChanges((count) => count + 1);
                            }}
                          />
                        </td>
                      </tr>,
                    );
                  }
                  return rows;
                })}
              </tbody>
            </table>
          )}
        </>
      ) : error ? null : (
        <p>Loading…</p>
      )}
    </main>
  );
}
