/** Referrals to programs that match the client's week, place and needs, with their status. */
import { useEffect, useState } from 'preact/hooks';
import { formatPlanDate } from '../../core/plans/words.js';
import type { Moud } from '../../core/programs/program.js';
import { REFERRAL_STATUS_LABELS, referralStepText } from '../../core/programs/referral.js';
import { DAY_PART_IDS, DAYS, availabilityFromGrid } from '../../core/schedule/week.js';
import type { MatchResponse } from '../../core/api/programs.js';
import type { ReferralListResponse, ReferralResponse } from '../../core/api/referrals.js';
import { ApiError, api } from './api.js';
import { ZipField } from './clients.js';
import { useLocalTime } from './local-time.js';

type MatchItem = MatchResponse['items'][number];

const PROGRAM_SETTINGS = new Set(['op', 'iop', 'php', 'residential', 'inpatient']);

/**
 * `medications` are the plan's medications for opioid use disorder: the search sends them, and
 * programs that would not keep them are ranked last and say so.
 */
export function ProgramReferrals(props: { clientId: string; setting: string; medications?: readonly Moud[] }) {
  const [zip, setZip] = useState('');
  const [radius, setRadius] = useState(15);
  const [cells, setCells] = useState<string[]>([]);
  const [matches, setMatches] = useState<MatchItem[] | null>(null);
  const [referrals, setReferrals] = useState<ReferralResponse[]>([]);
  const [error, setError] = useState<unknown>(null);

  const loadReferrals = async () => {
    try {
      const { data } = await api<ReferralListResponse>('GET', `/api/v1/clients/${props.clientId}/referrals`);
      setReferrals(data.items);
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => {
    void loadReferrals();
  }, [props.clientId]);

  if (!PROGRAM_SETTINGS.has(props.setting)) return null;
  return (
    <section class="plan-section" aria-labelledby="p-referrals">
      <h2 id="p-referrals">Referrals to programs</h2>
      <ul>
        {referrals.map((referral) => (
          <ReferralItem key={referral.id} referral={referral} onChanged={loadReferrals} onError={setError} />
        ))}
      </ul>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          try {
            const availability = availabilityFromGrid(cells);
            const { data } = await api<MatchResponse>('POST', '/api/v1/programs/match', {
              body: {
                zip,
                radiusMiles: radius,
                setting: props.setting,
                ...(availability.slots.length > 0 ? { availability } : {}),
                ...(props.medications && props.medications.length > 0
                  ? { needs: { medications: [...props.medications] } }
                  : {}),
                limit: 10,
              },
            });
            setMatches(data.items);
            setError(null);
          } catch (caught) {
            setError(caught);
          }
        }}
      >
        <div class="toolbar">
          <ZipField label="Client's ZIP code" value={zip} onInput={setZip} error={error} />
          <label class="field">
            <span>Miles</span>
            <input
              type="number"
              min={1}
              max={500}
              value={radius}
              onInput={(e) => setRadius(Number(e.currentTarget.value))}
            />
          </label>
        </div>
        <fieldset class="list-editor">
          <legend>When the client is free</legend>
          <table class="availability">
            <thead>
              <tr>
                <th scope="col">Day</th>
                {DAY_PART_IDS.map((part) => (
                  <th key={part} scope="col">
                    {part}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {DAYS.map((day) => (
                <tr key={day}>
                  <th scope="row">{day}</th>
                  {DAY_PART_IDS.map((part) => {
                    const cell = `${day}.${part}`;
                    return (
                      <td key={part}>
                        <input
                          type="checkbox"
                          aria-label={`${day} ${part}`}
                          checked={cells.includes(cell)}
                          onChange={(e) =>
                            setCells(e.currentTarget.checked ? [...cells, cell] : cells.filter((c) => c !== cell))
                          }
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        {props.medications && props.medications.length > 0 ? (
          <p class="muted" data-testid="search-medications">
            From the plan's medications, the search looks for programs that keep: {props.medications.join(', ')}.
          </p>
        ) : null}
        <button type="submit" class="button secondary">
          Find programs
        </button>
      </form>
      {error instanceof ApiError && error.issues.length === 0 ? (
        <p class="error" role="alert">
          {error.message}
        </p>
      ) : null}
      {matches ? (
        <ol class="matches" data-testid="matches">
          {matches.length === 0 ? <li>No programs match. Try more miles or more free times.</li> : null}
          {matches.map((match) => (
            <li key={match.program.id}>
              <strong>{match.program.name}</strong> ({match.program.settingLabel}
              {match.program.city ? `, ${match.program.city}` : ''})
              <ul>
                {match.fit.map((line) => (
                  <li key={line}>{line}</li>
                ))}
                {match.conflicts.map((line) => (
                  <li key={line} class="error">
                    {line}
                  </li>
                ))}
              </ul>
              <button
                type="button"
                class="button secondary"
                onClick={async () => {
                  try {
                    await api('POST', `/api/v1/clients/${props.clientId}/referrals`, {
                      body: { programId: match.program.id },
                    });
                    await loadReferrals();
                  } catch (caught) {
                    setError(caught);
                  }
                }}
              >
                Refer to {match.program.name}
              </button>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

/** One referral: its steps in words, and the next steps with the day they happened and a note. */
function ReferralItem(props: {
  referral: ReferralResponse;
  onChanged: () => Promise<void>;
  onError: (error: unknown) => void;
}) {
  const { referral } = props;
  const local = useLocalTime();
  const [note, setNote] = useState('');
  const [day, setDay] = useState(local.today());
  const [busy, setBusy] = useState(false);
  const id = `referral-${referral.id}`;
  return (
    <li>
      {referral.program.name}: <strong>{REFERRAL_STATUS_LABELS[referral.status]}</strong>
      <ul class="muted">
        {referral.history.map((step) => (
          <li key={`${step.status}-${step.changedAt}`}>
            {referralStepText(referral.program.name, step, (date) => formatPlanDate(date, 'en'))} (recorded{' '}
            {local.when(step.changedAt)})
          </li>
        ))}
      </ul>
      {referral.nextStatuses.length > 0 ? (
        <div class="toolbar">
          <label class="field">
            <span>Day it happened</span>
            <input
              type="date"
              id={`${id}-day`}
              max={local.today()}
              value={day}
              onInput={(e) => setDay(e.currentTarget.value)}
            />
          </label>
          <label class="field grow">
            <span>Note (optional)</span>
            <input maxLength={1000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          {referral.nextStatuses.map((status) => (
            <button
              key={status}
              type="button"
              class="button secondary"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await api('PATCH', `/api/v1/referrals/${referral.id}`, {
                    body: { status, ...(note.trim() ? { note } : {}), ...(day ? { effectiveOn: day } : {}) },
                  });
                  setNote('');
                  await props.onChanged();
                } catch (caught) {
                  props.onError(caught);
                } finally {
                  setBusy(false);
                }
              }}
            >
              Mark {REFERRAL_STATUS_LABELS[status].toLowerCase()}
            </button>
          ))}
        </div>
      ) : null}
    </li>
  );
}
