/**
 * Program directory upkeep for admins: find a program, then correct its session tracks and whether
 * it is accepting new clients (with the date that was confirmed). Corrections made here survive a
 * newer import of the SAMHSA files.
 */
import { useState } from 'preact/hooks';
import type { ProgramListResponse, ProgramResponse } from '../../core/api/programs.js';
import type { Track } from '../../core/programs/program.js';
import { DAYS, type Day } from '../../core/schedule/week.js';
import { ApiError, api, issuesFor } from './api.js';
import { FieldError, ZipField } from './clients.js';

const SETTINGS = [
  ['iop', 'Intensive outpatient'],
  ['php', 'Partial hospitalization'],
  ['op', 'Outpatient'],
  ['residential', 'Residential'],
  ['inpatient', 'Inpatient'],
  ['withdrawal-management', 'Withdrawal management'],
] as const;

export function ProgramsAdmin() {
  const [zip, setZip] = useState('');
  const [setting, setSetting] = useState('iop');
  const [results, setResults] = useState<ProgramListResponse | null>(null);
  const [program, setProgram] = useState<ProgramResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const open = async (id: string) => {
    try {
      const { data } = await api<ProgramResponse>('GET', `/api/v1/programs/${id}`);
      setProgram(data);
      setMessage(null);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <main id="main">
      <h1>Program directory</h1>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          try {
            const params = new URLSearchParams({ setting, zip, radiusMiles: '25', limit: '20' });
            const { data } = await api<ProgramListResponse>('GET', `/api/v1/programs?${params.toString()}`);
            setResults(data);
            setError(null);
          } catch (caught) {
            setError(caught);
          }
        }}
      >
        <div class="toolbar">
          <ZipField label="ZIP code" value={zip} onInput={setZip} error={error} />
          <label class="field">
            <span>Setting</span>
            <select value={setting} onChange={(e) => setSetting(e.currentTarget.value)}>
              {SETTINGS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="button secondary">
            Find
          </button>
        </div>
      </form>
      {error instanceof ApiError && error.issues.length === 0 ? (
        <p class="error" role="alert">
          {error.message}
        </p>
      ) : null}
      {results ? (
        <ul class="client-list">
          {results.items.length === 0 ? <li>No programs within 25 miles.</li> : null}
          {results.items.map((item) => (
            <li key={item.id}>
              <button type="button" class="linkish" onClick={() => void open(item.id)}>
                {item.name}
              </button>{' '}
              <span class="muted">
                {item.settingLabel} · {[item.city, item.state].filter(Boolean).join(', ')}
                {item.distanceMiles === undefined ? '' : ` · ${item.distanceMiles} miles`}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {program ? (
        <ProgramEditor
          key={program.id}
          program={program}
          onSaved={(saved, note) => {
            setProgram(saved);
            setMessage(note);
          }}
        />
      ) : null}
      {message ? (
        <p class="banner" role="status">
          {message}
        </p>
      ) : null}
    </main>
  );
}

function ProgramEditor(props: { program: ProgramResponse; onSaved: (program: ProgramResponse, note: string) => void }) {
  const { program } = props;
  const [tracks, setTracks] = useState<Track[]>(program.tracks.map(({ name, slots }) => ({ name, slots: [...slots] })));
  const [accepting, setAccepting] = useState<'yes' | 'no' | 'unknown'>(
    program.acceptingNewClients.value === null ? 'unknown' : program.acceptingNewClients.value ? 'yes' : 'no',
  );
  const [confirmedAt, setConfirmedAt] = useState(
    program.acceptingNewClients.confirmedAt ?? new Date().toISOString().slice(0, 10),
  );
  const [error, setError] = useState<unknown>(null);

  const saveTracks = async () => {
    try {
      const { data } = await api<ProgramResponse>('PUT', `/api/v1/programs/${program.id}/tracks`, { body: { tracks } });
      setError(null);
      props.onSaved(data, 'Session tracks saved.');
    } catch (caught) {
      setError(caught);
    }
  };
  const saveAccepting = async () => {
    try {
      const { data } = await api<ProgramResponse>('PATCH', `/api/v1/programs/${program.id}`, {
        body: {
          acceptingNewClients: {
            value: accepting === 'unknown' ? null : accepting === 'yes',
            confirmedAt: accepting === 'unknown' ? null : confirmedAt,
          },
        },
      });
      setError(null);
      props.onSaved(data, 'Accepting-new-clients status saved.');
    } catch (caught) {
      setError(caught);
    }
  };
  const setSlot = (t: number, s: number, change: Partial<Track['slots'][number]>) =>
    setTracks(
      tracks.map((track, i) =>
        i === t ? { ...track, slots: track.slots.map((slot, j) => (j === s ? { ...slot, ...change } : slot)) } : track,
      ),
    );

  return (
    <section class="plan-section" aria-labelledby="program-heading">
      <h2 id="program-heading">{program.name}</h2>
      <p class="muted">
        {program.settingLabel} · {program.provenance.label}
        {program.editedByHand.length > 0 ? ` · corrected by hand: ${program.editedByHand.join(', ')}` : ''}
      </p>
      {error instanceof ApiError && error.issues.length === 0 ? (
        <p class="error" role="alert">
          {error.message}
        </p>
      ) : null}
      <fieldset class="list-editor">
        <legend>Accepting new clients</legend>
        {(['yes', 'no', 'unknown'] as const).map((value) => (
          <label key={value} class="choice-option">
            <input type="radio" name="accepting" checked={accepting === value} onChange={() => setAccepting(value)} />
            <span>{value === 'yes' ? 'Yes' : value === 'no' ? 'No' : 'Not known'}</span>
          </label>
        ))}
        <label class="field">
          <span>Date confirmed</span>
          <input
            type="date"
            value={confirmedAt}
            disabled={accepting === 'unknown'}
            onInput={(e) => setConfirmedAt(e.currentTarget.value)}
          />
          <FieldError messages={issuesFor(error, 'acceptingNewClients')} />
        </label>
        <button type="button" class="button secondary" onClick={() => void saveAccepting()}>
          Save status
        </button>
      </fieldset>
      <h3>Session tracks</h3>
      {tracks.map((track, t) => (
        <fieldset key={t} class="list-editor">
          <legend>Track {t + 1}</legend>
          <label class="field">
            <span>Track name</span>
            <input
              maxLength={100}
              value={track.name}
              onInput={(e) => setTracks(tracks.map((it, i) => (i === t ? { ...it, name: e.currentTarget.value } : it)))}
            />
            <FieldError messages={issuesFor(error, `tracks.${t}.name`)} />
          </label>
          <ul>
            {track.slots.map((slot, s) => (
              <li key={s}>
                <label class="field">
                  <span>Day</span>
                  <select value={slot.day} onChange={(e) => setSlot(t, s, { day: e.currentTarget.value as Day })}>
                    {DAYS.map((day) => (
                      <option key={day} value={day}>
                        {day}
                      </option>
                    ))}
                  </select>
                </label>
                <label class="field">
                  <span>Starts</span>
                  <input
                    type="time"
                    value={slot.start}
                    onInput={(e) => setSlot(t, s, { start: e.currentTarget.value })}
                  />
                </label>
                <label class="field">
                  <span>Ends</span>
                  <input type="time" value={slot.end} onInput={(e) => setSlot(t, s, { end: e.currentTarget.value })} />
                </label>
                <button
                  type="button"
                  class="button secondary"
                  onClick={() =>
                    setTracks(
                      tracks.map((it, i) => (i === t ? { ...it, slots: it.slots.filter((_, j) => j !== s) } : it)),
                    )
                  }
                >
                  Remove session
                </button>
              </li>
            ))}
          </ul>
          <FieldError messages={issuesFor(error, `tracks.${t}.slots`)} />
          <button
            type="button"
            class="button secondary"
            onClick={() =>
              setTracks(
                tracks.map((it, i) =>
                  i === t ? { ...it, slots: [...it.slots, { day: 'mon', start: '18:00', end: '21:00' }] } : it,
                ),
              )
            }
          >
            Add a session
          </button>{' '}
          <button type="button" class="button secondary" onClick={() => setTracks(tracks.filter((_, i) => i !== t))}>
            Remove track
          </button>
        </fieldset>
      ))}
      <div class="actions">
        <button
          type="button"
          class="button secondary"
          onClick={() =>
            setTracks([
              ...tracks,
              { name: `Track ${tracks.length + 1}`, slots: [{ day: 'mon', start: '18:00', end: '21:00' }] },
            ])
          }
        >
          Add a track
        </button>
        <button type="button" class="button" onClick={() => void saveTracks()}>
          Save tracks
        </button>
      </div>
    </section>
  );
}
