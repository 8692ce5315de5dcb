/**
 * The program directory for admins (decision 9). Find a program: one the clinic listed itself can be
 * corrected here (its session tracks, and whether it is accepting new clients with the date that was
 * confirmed); a program of the shared directory changes only through the operator's command line,
 * and another clinic's only through theirs. On any program the clinic keeps its own note, seen by
 * its users alone. A program's history shows every change: who, when, before and after. A clinic
 * lists a program it knows with the form at the end.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ProgramHistoryResponse, ProgramListResponse, ProgramResponse } from '../../core/api/programs.js';
import { programAddress } from '../../core/plans/appointment-from-referral.js';
import { telOf } from '../../core/plans/transition-words.js';
import type { Track } from '../../core/programs/program.js';
import { DAYS, type Day } from '../../core/schedule/week.js';
import { ApiError, api, issuesFor } from './api.js';
import { FieldError, ZipField } from './clients.js';

type Program = ProgramResponse;
type Change = ProgramHistoryResponse['items'][number];

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
        <section class="plan-section" aria-labelledby="program-heading">
          <h2 id="program-heading">{program.name}</h2>
          <p class="muted">
            {program.settingLabel} · {program.provenance.label}
            {program.editedByHand.length > 0 ? ` · corrected by hand: ${program.editedByHand.join(', ')}` : ''}
          </p>
          <p class="owner-line">{ownerLine(program)}</p>
          <ProgramFacts program={program} />
          {program.editable ? (
            <ProgramEditor
              key={program.id}
              program={program}
              onSaved={(saved, note) => {
                setProgram(saved);
                setMessage(note);
              }}
            />
          ) : null}
          <NoteEditor
            key={`note-${program.id}`}
            program={program}
            onSaved={(note, words) => {
              setProgram({ ...program, note });
              setMessage(words);
            }}
          />
          <History
            key={`history-${program.id}-${program.note?.updatedAt ?? ''}-${message ?? ''}`}
            programId={program.id}
          />
        </section>
      ) : null}
      {message ? (
        <p class="banner" role="status">
          {message}
        </p>
      ) : null}
      <NewProgramForm
        onCreated={(created) => {
          setProgram(created);
          setMessage(`${created.name} is listed by your clinic.`);
        }}
      />
    </main>
  );
}

/** What the directory holds about a program, as a clinician calling it needs it. */
function ProgramFacts(props: { program: Program }) {
  const { location, contact, acceptingNewClients: accepting, tracks } = props.program;
  const address = programAddress(location);
  const acceptingWords =
    accepting.value === null
      ? 'Not confirmed: call and ask'
      : `${accepting.value ? 'Yes' : 'No'}${accepting.confirmedAt ? ` (confirmed ${accepting.confirmedAt})` : ''}`;
  const rows: Array<[string, preact.ComponentChildren]> = [
    ['Address', address === '' ? 'Not listed' : address],
    ['Phone', contact.phone ? <a href={telOf(contact.phone)}>{contact.phone}</a> : 'Not listed'],
    ...(contact.intakePhone && contact.intakePhone !== contact.phone
      ? [
          ['Intake phone', <a href={telOf(contact.intakePhone)}>{contact.intakePhone}</a>] as [
            string,
            preact.ComponentChildren,
          ],
        ]
      : []),
    [
      'Website',
      contact.website ? (
        <a
          href={/^https?:\/\//i.test(contact.website) ? contact.website : `https://${contact.website}`}
          rel="noopener noreferrer"
        >
          {contact.website}
        </a>
      ) : (
        'Not listed'
      ),
    ],
    ['Taking new clients', acceptingWords],
    ['Video or phone sessions', props.program.telehealth ? 'Yes' : 'Not listed'],
    [
      'Session times',
      tracks.length === 0
        ? 'Not known: call and ask'
        : tracks.map((track) => `${track.name}: ${track.description}`).join('; '),
    ],
  ];
  return (
    <dl class="program-facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ownerLine(program: Program): string {
  if (program.editable) return 'Listed by your clinic: your admins keep it up to date.';
  if (program.ownedBy === null) {
    return 'From the shared directory: only the operator changes it. Keep what your clinic knows about it in your note.';
  }
  return `Listed by ${program.ownedBy}: only its admins change it. Keep what your clinic knows about it in your note.`;
}

/** The clinic's own note on a program: seen by its users alone. */
function NoteEditor(props: { program: Program; onSaved: (note: Program['note'], words: string) => void }) {
  const [text, setText] = useState(props.program.note?.text ?? '');
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    try {
      const { data } = await api<{ note: Program['note'] }>('PUT', `/api/v1/programs/${props.program.id}/note`, {
        body: { text },
      });
      setError(null);
      props.onSaved(data.note, data.note ? 'Note saved.' : 'Note removed.');
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <fieldset class="list-editor">
      <legend>Your clinic’s note</legend>
      <label class="field">
        <span>Note (only your clinic sees it)</span>
        <textarea maxLength={2000} rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <FieldError messages={issuesFor(error, 'text')} />
      </label>
      {error instanceof ApiError && error.issues.length === 0 ? (
        <p class="error" role="alert">
          {error.message}
        </p>
      ) : null}
      <button type="button" class="button secondary" onClick={() => void save()}>
        Save note
      </button>
    </fieldset>
  );
}

function describeChange(change: Change): string {
  const who =
    change.by.kind === 'operator'
      ? 'the operator (command line)'
      : [change.by.user, change.by.organization].filter(Boolean).join(', ');
  const what =
    change.action === 'create'
      ? 'listed the program'
      : change.action === 'tracks'
        ? 'replaced the session tracks'
        : change.action === 'note'
          ? 'changed your clinic’s note'
          : `changed ${Object.keys(change.after).join(', ')}`;
  return `${change.at.slice(0, 16).replace('T', ' ')} · ${who} ${what}`;
}

function shown(value: unknown): string {
  return value === null || value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every change to the program, newest first, with the values before and after. */
function History(props: { programId: string }) {
  const [changes, setChanges] = useState<Change[] | null>(null);
  useEffect(() => {
    api<{ items: Change[] }>('GET', `/api/v1/programs/${props.programId}/history`)
      .then(({ data }) => setChanges(data.items))
      .catch(() => setChanges([]));
  }, [props.programId]);
  if (changes === null) return null;
  return (
    <section aria-labelledby="history-heading">
      <h3 id="history-heading">History</h3>
      {changes.length === 0 ? <p class="muted">No changes since it was imported.</p> : null}
      <ol class="history">
        {changes.map((change, index) => (
          <li key={index}>
            <p>{describeChange(change)}</p>
            {change.action === 'create' || change.action === 'tracks' ? null : (
              <dl>
                {Object.keys(change.after).map((field) => (
                  <div key={field}>
                    <dt>{field}</dt>
                    <dd>
                      {shown(change.before?.[field])} → {shown(change.after[field])}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Lists a program the clinic knows: it joins the directory as listed by the clinic. */
function NewProgramForm(props: { onCreated: (program: Program) => void }) {
  const [name, setName] = useState('');
  const [setting, setSetting] = useState('iop');
  const [zip, setZip] = useState('');
  const [street, setStreet] = useState('');
  const [city, setCity] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <section class="plan-section" aria-labelledby="new-program-heading">
      <h2 id="new-program-heading">List a program your clinic knows</h2>
      <p class="muted">
        It joins the directory for every clinic, marked as listed by yours; only your admins change it.
      </p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          try {
            const { data } = await api<Program>('POST', '/api/v1/programs', {
              body: {
                name,
                setting,
                location: { zip, street1: street === '' ? null : street, city: city === '' ? null : city },
                contact: { phone: phone === '' ? null : phone },
              },
            });
            setError(null);
            setName('');
            props.onCreated(data);
          } catch (caught) {
            setError(caught);
          }
        }}
      >
        <label class="field">
          <span>Program name</span>
          <input required maxLength={300} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <FieldError messages={issuesFor(error, 'name')} />
        </label>
        <label class="field">
          <span>Program setting</span>
          <select value={setting} onChange={(e) => setSetting(e.currentTarget.value)}>
            {SETTINGS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Street</span>
          <input maxLength={200} value={street} onInput={(e) => setStreet(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>City</span>
          <input maxLength={100} value={city} onInput={(e) => setCity(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Program ZIP code</span>
          <input
            inputMode="numeric"
            pattern="[0-9]{5}"
            required
            value={zip}
            onInput={(e) => setZip(e.currentTarget.value)}
          />
          <FieldError messages={issuesFor(error, 'location.zip')} />
        </label>
        <label class="field">
          <span>Phone</span>
          <input maxLength={40} value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
        </label>
        {error instanceof ApiError && error.issues.length === 0 ? (
          <p class="error" role="alert">
            {error.message}
          </p>
        ) : null}
        <button type="submit" class="button">
          List the program
        </button>
      </form>
    </section>
  );
}

function ProgramEditor(props: { program: Program; onSaved: (program: Program, note: string) => void }) {
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
    <div class="program-editor">
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
    </div>
  );
}
