/**
 * How a client is doing since discharge, on their page: open safety alerts (acknowledged here with a
 * note), the signals the signal rules raise now with why and their basis (each step signal with
 * when it was raised, and "Mark as acted on, with a note" while it is open), "Reassess now" (a new
 * assessment pre-filled from the last one), and a chart of each measure over time with its table.
 * Nothing here changes a level of care or a plan: a signal asks a clinician to look.
 */
import { useEffect, useState } from 'preact/hooks';
import type {
  InstrumentListResponse,
  InstrumentSummary,
  MeasureListResponse,
  MeasureResponse,
  SignalsResponse,
} from '../../core/api/measures.js';
import { OpenAlert, OpenStepSignal } from './alert-acknowledge.js';
import { ApiError, api } from './api.js';
import { useLocalTime } from './local-time.js';
import { instrumentName, longDate } from './measure-chart.js';
import { MeasureChart } from './measure-chart-view.js';

type Signal = SignalsResponse['signals'][number];

const KIND_WORDS: Record<Signal['kind'], string> = {
  safety: 'Safety',
  'step-up': 'Step up',
  'step-down': 'Step-down readiness',
};
const URGENCY_WORDS: Record<Signal['urgency'], string> = {
  'same-day': 'act today',
  'this-week': 'at the next contact',
  'next-review': 'at the plan’s review',
};

function factValue(value: number | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** Where a kept step signal stands: when raised, and what was done about it, or the ways to act. */
function StepSignalState(props: { signal: Signal; reassessHref: string | null; onChange: (notice: string) => void }) {
  const local = useLocalTime();
  const { signal } = props;
  if (signal.id === null || signal.raisedAt === null) return null;
  const raised = (
    <p data-testid="signal-raised">
      Raised <time dateTime={signal.raisedAt}>{local.when(signal.raisedAt)}</time>
      {signal.state === 'open' ? ', not acted on yet.' : '.'}
    </p>
  );
  if (signal.state === 'acted-on' || signal.state === 'reassessed') {
    return (
      <>
        {raised}
        <p data-testid="signal-closed">
          <strong>{signal.state === 'acted-on' ? 'Acted on' : 'Reassessed'}</strong>
          {signal.closedAt ? (
            <>
              {' '}
              <time dateTime={signal.closedAt}>{local.when(signal.closedAt)}</time>
            </>
          ) : null}
          {signal.state === 'acted-on' && signal.note ? `: ${signal.note}` : ': a new assessment was saved.'}
        </p>
      </>
    );
  }
  return (
    <>
      {raised}
      {props.reassessHref ? (
        <p>
          <a class="button secondary" href={props.reassessHref}>
            Reassess now
          </a>
        </p>
      ) : null}
      <OpenStepSignal
        signal={{ id: signal.id, rule: signal.rule }}
        onActedOn={(done) =>
          props.onChange(
            done
              ? 'Signal marked as acted on with your note. It is recorded in the audit log.'
              : 'This signal was closed already (acted on, reassessed, or no longer raised); the list is up to date now.',
          )
        }
      />
    </>
  );
}

/** The signals and their basis, as the placement engine's basis view shows a recommendation's. */
export function SignalList(props: {
  signals: SignalsResponse;
  /** Where "Reassess now" goes; null when there is nothing to reassess from, or the client is archived. */
  reassessHref: string | null;
  /** Called after a step signal was marked acted on (or found closed), with what to tell the user. */
  onChange: (notice: string) => void;
}) {
  const { signals, ruleset } = props.signals;
  return (
    <>
      {signals.length === 0 ? (
        <p data-testid="no-signals">No signals now: nothing in the recent results calls for a change of care.</p>
      ) : (
        <ul class="signals">
          {signals.map((signal) => (
            <li key={signal.rule} class={`signal signal-${signal.kind}`} data-testid="signal">
              <p>
                <span class="tag">{KIND_WORDS[signal.kind]}</span> <strong>{URGENCY_WORDS[signal.urgency]}</strong>
              </p>
              <p>{signal.text}</p>
              <p class="why-heading">Why:</p>
              <ul>
                {signal.basis.map((fact) => (
                  <li key={fact.fact}>
                    {fact.meaning}: <strong>{factValue(fact.value)}</strong>
                  </li>
                ))}
              </ul>
              <p class="muted">
                Rule <code>{signal.rule}</code>
              </p>
              <details>
                <summary>Sources ({signal.sources.length})</summary>
                <ul>
                  {signal.sources.map((source) => (
                    <li key={source}>{source}</li>
                  ))}
                </ul>
              </details>
              <StepSignalState signal={signal} reassessHref={props.reassessHref} onChange={props.onChange} />
            </li>
          ))}
        </ul>
      )}
      <p class="muted" data-testid="signal-ruleset">
        Signal rules {ruleset.id} {ruleset.version} <code>{ruleset.hash}</code>. A signal never changes a level of care
        or a plan by itself: it asks you to look, and to reassess when it says so.
      </p>
    </>
  );
}

export function ClientProgress(props: {
  clientId: string;
  reassessBy: string | null;
  archived: boolean;
  /** Changes when something the signals read was saved elsewhere on the page (a goal marked met). */
  refresh?: number;
}) {
  const local = useLocalTime();
  const [instruments, setInstruments] = useState<InstrumentSummary[] | null>(null);
  const [measures, setMeasures] = useState<MeasureResponse[]>([]);
  const [signals, setSignals] = useState<SignalsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const [list, results, raised] = await Promise.all([
          api<InstrumentListResponse>('GET', '/api/v1/instruments'),
          api<MeasureListResponse>('GET', `/api/v1/clients/${props.clientId}/measures`),
          api<SignalsResponse>('GET', `/api/v1/clients/${props.clientId}/signals`),
        ]);
        if (!live) return;
        setInstruments(list.data.items);
        setMeasures(results.data.items);
        setSignals(raised.data);
      } catch (caught) {
        if (live) setError(caught instanceof ApiError ? caught.message : 'Could not load the progress.');
      }
    })();
    return () => {
      live = false;
    };
  }, [props.clientId, changes, props.refresh]);

  const openAlerts = measures.flatMap((m) =>
    m.alerts.filter((a) => a.acknowledgedAt === null).map((alert) => ({ alert, instrument: m.instrument })),
  );
  const charted = (instruments ?? []).filter((i) => measures.some((m) => m.instrument === i.id));
  const nameOf = (id: string) => {
    const found = instruments?.find((i) => i.id === id);
    return found ? instrumentName(found) : id;
  };
  const offersReassessment = signals?.signals.some((s) => s.offersReassessment) ?? false;
  // An open step signal carries its own "Reassess now"; one more below would repeat it.
  const openStepSignal = signals?.signals.some((s) => s.state === 'open') ?? false;

  return (
    <section aria-labelledby="progress-heading" class="client-progress">
      <h2 id="progress-heading">Progress since discharge</h2>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div role="status">{notice ? <p class="banner">{notice}</p> : null}</div>
      {openAlerts.length > 0 ? (
        <div class="alerts banner warn">
          <h3>
            Open safety alert{openAlerts.length === 1 ? '' : 's'} ({openAlerts.length})
          </h3>
          {openAlerts.map(({ alert, instrument }) => (
            <OpenAlert
              key={alert.id}
              alert={alert}
              instrumentName={nameOf(instrument)}
              onAcknowledged={(done) => {
                setNotice(
                  done
                    ? 'Alert acknowledged with your note. It is recorded in the audit log.'
                    : 'Someone acknowledged this alert first; the list is up to date now.',
                );
                setChanges((count) => count + 1);
              }}
            />
          ))}
        </div>
      ) : null}

      <h3>Signals</h3>
      {signals ? (
        <SignalList
          signals={signals}
          reassessHref={
            signals.lastAssessmentId && !props.archived
              ? `#/clients/${props.clientId}/reassess/${signals.lastAssessmentId}`
              : null
          }
          onChange={(words) => {
            setNotice(words);
            setChanges((count) => count + 1);
          }}
        />
      ) : error ? null : (
        <p>Loading…</p>
      )}
      {signals && !props.archived ? (
        signals.lastAssessmentId && openStepSignal ? (
          <p class="muted">
            Each open signal above offers Reassess now: a new assessment, pre-filled from the last one. Saving it closes
            the open signals as reassessed.
          </p>
        ) : signals.lastAssessmentId ? (
          <div class="reassess">
            <a
              class={offersReassessment ? 'button' : 'button secondary'}
              href={`#/clients/${props.clientId}/reassess/${signals.lastAssessmentId}`}
            >
              Reassess now
            </a>{' '}
            <span class="muted">A new assessment, pre-filled from the last one. You change what has changed.</span>
          </div>
        ) : (
          <p class="muted">No assessment yet to reassess from: start with New assessment.</p>
        )
      ) : null}

      <h3>Measures</h3>
      {props.reassessBy ? (
        <p>
          The plan’s reassessment date: <strong>{longDate(props.reassessBy)}</strong>
          {props.reassessBy < local.today() ? ' (past)' : ''}.
        </p>
      ) : null}
      {instruments && charted.length === 0 ? (
        <p class="muted">No results yet. They appear here as the client answers check-ins or you enter them.</p>
      ) : null}
      {charted.map((instrument) => (
        <MeasureChart key={instrument.id} instrument={instrument} measures={measures} reassessBy={props.reassessBy} />
      ))}
    </section>
  );
}
