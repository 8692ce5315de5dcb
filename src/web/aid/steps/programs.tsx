/**
 * Programs that fit my week: the person types a ZIP code and picks a kind of program; the aid asks
 * the server for programs whose sessions fit the times ticked in "My week", explained in the aid's
 * language. Only the ZIP code, the kind of program, the free times and the language are sent, and
 * only when the person presses the button. It needs a connection; everything else in the aid works
 * offline.
 */
import { useState } from 'preact/hooks';
import type { MatchResponse } from '../../../core/api/programs.js';
import type { Language } from '../../../core/decision-aid/ids.js';
import { availabilityFromGrid } from '../../../core/schedule/week.js';
import { useAid } from '../context.js';

type Match = MatchResponse['items'][number];

const KINDS = ['iop', 'php', 'op'] as const;

export function ProgramsScreen() {
  const { t, state, guide, language } = useAid();
  const [zip, setZip] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>(
    (KINDS as readonly string[]).includes(state.considering[0] ?? '')
      ? (state.considering[0] as (typeof KINDS)[number])
      : 'iop',
  );
  // Kept with the language they are worded in: after a switch they are not shown until searched again.
  const [found, setFound] = useState<{ language: Language; items: Match[] } | null>(null);
  const [status, setStatus] = useState<'idle' | 'busy' | 'offline' | 'error'>('idle');
  const results = found?.language === language ? found.items : null;
  const availability = availabilityFromGrid(state.availability);
  const nameOf = (id: string) => guide.options.find((option) => option.id === id)?.name ?? id;

  const search = async () => {
    setStatus('busy');
    try {
      const response = await fetch('/api/v1/programs/match', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'omit',
        body: JSON.stringify({
          zip,
          radiusMiles: 25,
          setting: kind,
          ...(availability.slots.length > 0 ? { availability } : {}),
          limit: 10,
          language,
        }),
      });
      if (!response.ok) {
        setStatus('error');
        return;
      }
      const data = (await response.json()) as MatchResponse;
      setFound({ language, items: data.items });
      setStatus('idle');
    } catch {
      setStatus('offline');
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{t('programs.title')}</h1>
      <p>{t('programs.intro')}</p>
      <p class="note">{t('programs.privacy')}</p>
      {availability.slots.length === 0 ? (
        <p class="note">
          {t('programs.noWeek')} <a href="#/week">{t('summary.goWeek')}</a>
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <label class="field">
          <span>{t('programs.zip')}</span>
          <input
            inputMode="numeric"
            autocomplete="postal-code"
            pattern="[0-9]{5}"
            maxLength={5}
            required
            value={zip}
            onInput={(e) => setZip(e.currentTarget.value.replace(/\D/g, ''))}
          />
        </label>
        <fieldset class="choice">
          <legend>{t('programs.kind')}</legend>
          {KINDS.map((id) => (
            <label key={id} class="choice-option">
              <input type="radio" name="kind" checked={kind === id} onChange={() => setKind(id)} />
              <span>{nameOf(id)}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" class="button" disabled={status === 'busy' || zip.length !== 5}>
          {t('programs.search')}
        </button>
      </form>
      <div aria-live="polite">
        {status === 'offline' ? <p class="error">{t('programs.offline')}</p> : null}
        {status === 'error' ? <p class="error">{t('programs.error')}</p> : null}
        {results && results.length === 0 ? <p>{t('programs.none')}</p> : null}
        {results && results.length > 0 ? (
          <ol class="matches">
            {results.map((match) => (
              <li key={match.program.id} class="option">
                <h2>{match.program.name}</h2>
                {/* The distance is in the fit list, worded with how it was measured. */}
                <p class="note">{[match.program.city, match.program.state].filter(Boolean).join(', ')}</p>
                <ul>
                  {match.fit.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                  {match.conflicts.map((line) => (
                    <li key={line} class="conflict">
                      {line}
                    </li>
                  ))}
                  {/* What the directory does not say: session times, whether they take new clients. */}
                  {match.notes.map((line) => (
                    <li key={line} class="to-check">
                      {line}
                    </li>
                  ))}
                </ul>
                <p class="note">{match.program.provenance.label}</p>
              </li>
            ))}
          </ol>
        ) : null}
        {results ? <p class="note">{t('programs.callFirst')}</p> : null}
      </div>
    </>
  );
}
