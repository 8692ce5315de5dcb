/**
 * Programs that fit my week: the person types a ZIP code, picks a kind of program, how far they can
 * travel and what they cannot do without (keeping a medicine, a sober home); the aid asks the server
 * for programs whose sessions fit the times ticked in "My week", explained in the aid's language.
 * Only these choices, the free times and the language are sent, and only when the person presses
 * Search. Each card says how to reach the program: a phone link, the address with a map link (a
 * plain link the person opens; nothing is loaded from a map service), the website. When nothing
 * fits, it says whether distance, needs or times were the cause, offers a wider search, and gives
 * the SAMHSA helpline. It needs a connection; everything else in the aid works offline.
 */
import { useState } from 'preact/hooks';
import type { MatchResponse } from '../../../core/api/programs.js';
import { CRISIS_RESOURCES } from '../../../core/decision-aid/crisis.js';
import type { Language } from '../../../core/decision-aid/ids.js';
import { availabilityFromGrid } from '../../../core/schedule/week.js';
import { useAid } from '../context.js';

type Match = MatchResponse['items'][number];
type Shortfall = NonNullable<MatchResponse['shortfall']>;

const KINDS = ['iop', 'php', 'op'] as const;
type Kind = (typeof KINDS)[number];
export const RADII = [10, 25, 50, 100] as const;
const MEDICINES = ['buprenorphine', 'methadone', 'naltrexone'] as const;
type Medicine = (typeof MEDICINES)[number];

/** A phone number as a `tel:` link: digits only, with the US country code. */
export function telLink(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `tel:${digits.length === 10 ? `+1${digits}` : digits.length === 11 && digits.startsWith('1') ? `+${digits}` : digits}`;
}

/** A map of the address, as a plain link the person opens (OpenStreetMap; nothing loads until then). */
export function mapLink(details: Match['details']): string | null {
  if (details.lat !== null && details.lon !== null) {
    return `https://www.openstreetmap.org/?mlat=${details.lat}&mlon=${details.lon}#map=17/${details.lat}/${details.lon}`;
  }
  return details.address ? `https://www.openstreetmap.org/search?query=${encodeURIComponent(details.address)}` : null;
}

function websiteLink(website: string): string {
  return /^https?:\/\//i.test(website) ? website : `https://${website}`;
}

type ZipProblem = 'zipFormat' | 'zipUnknown';

function ProgramCard(props: { match: Match }) {
  const { t } = useAid();
  const { match } = props;
  const { details } = match;
  const map = mapLink(details);
  const phone = details.intakePhone ?? details.phone;
  return (
    <li class="option program">
      <h2>{match.program.name}</h2>
      <p class="note">{[match.program.city, match.program.state].filter(Boolean).join(', ')}</p>
      <ul class="reach">
        {phone ? (
          <li>
            <a class="button" href={telLink(phone)}>
              {/* The number never breaks over two lines: no-break spaces and hyphens inside it. */}
              {t('programs.call', { phone: phone.replace(/ /g, '\u00a0').replace(/-/g, '\u2011') })}
            </a>
          </li>
        ) : null}
        {details.address ? (
          <li>
            <span>{details.address}</span>{' '}
            {map ? (
              <a href={map} rel="noopener noreferrer" target="_blank">
                {t('programs.map')}
              </a>
            ) : null}
          </li>
        ) : null}
        {details.website ? (
          <li>
            <a href={websiteLink(details.website)} rel="noopener noreferrer" target="_blank">
              {t('programs.website')}
            </a>
          </li>
        ) : null}
      </ul>
      <ul class="explain">
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
      <ul class="details">
        {details.lines
          .filter((line) => !match.fit.some((fit) => fit.toLowerCase() === line.toLowerCase()))
          .map((line) => (
            <li key={line}>{line}</li>
          ))}
      </ul>
      <p class="note">{match.program.provenance.label}</p>
    </li>
  );
}

export function ProgramsScreen() {
  const { t, state, guide, language } = useAid();
  const [zip, setZip] = useState('');
  const [kind, setKind] = useState<Kind>(
    (KINDS as readonly string[]).includes(state.considering[0] ?? '') ? (state.considering[0] as Kind) : 'iop',
  );
  const [radius, setRadius] = useState<number>(25);
  const [medicine, setMedicine] = useState<Medicine | ''>('');
  const [soberHome, setSoberHome] = useState<boolean>(state.considering.includes('recovery-residence'));
  // Kept with the language they are worded in: after a switch they are not shown until searched again.
  const [found, setFound] = useState<{ language: Language; items: Match[]; shortfall: Shortfall | null } | null>(null);
  const [status, setStatus] = useState<'idle' | 'busy' | 'offline' | 'error' | ZipProblem>('idle');
  const current = found?.language === language ? found : null;
  const availability = availabilityFromGrid(state.availability);
  const nameOf = (id: string) => guide.options.find((option) => option.id === id)?.name ?? id;

  const search = async (radiusMiles: number) => {
    if (!/^\d{5}$/.test(zip)) {
      setFound(null);
      setStatus('zipFormat');
      return;
    }
    setStatus('busy');
    setFound(null);
    const needs = {
      ...(medicine === '' ? {} : { medicationContinuity: medicine }),
      ...(soberHome ? { recoveryHousing: true } : {}),
    };
    try {
      const response = await fetch('/api/v1/programs/match', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'omit',
        body: JSON.stringify({
          zip,
          radiusMiles,
          setting: kind,
          ...(availability.slots.length > 0 ? { availability } : {}),
          ...(Object.keys(needs).length > 0 ? { needs } : {}),
          limit: 10,
          language,
        }),
      });
      if (!response.ok) {
        const problem = (await response.json().catch(() => null)) as { errors?: Array<{ path: string }> } | null;
        setStatus(problem?.errors?.some((error) => error.path === 'zip') ? 'zipUnknown' : 'error');
        return;
      }
      const data = (await response.json()) as MatchResponse;
      setFound({ language, items: data.items, shortfall: data.shortfall });
      setStatus('idle');
    } catch {
      setStatus('offline');
    }
  };

  const wider = RADII.find((miles) => miles > radius);
  const widen = (miles: number) => {
    setRadius(miles);
    void search(miles);
  };
  const zipError = status === 'zipFormat' || status === 'zipUnknown';

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
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void search(radius);
        }}
      >
        <label class="field" for="zip">
          <span>{t('programs.zip')}</span>
        </label>
        <input
          id="zip"
          class="zip"
          inputMode="numeric"
          autocomplete="postal-code"
          maxLength={10}
          aria-invalid={zipError}
          aria-describedby={zipError ? 'zip-error' : undefined}
          value={zip}
          onInput={(e) => setZip(e.currentTarget.value.trim())}
        />
        {zipError ? (
          <p id="zip-error" class="error">
            {t(status === 'zipFormat' ? 'programs.zipFormat' : 'programs.zipUnknown', { zip })}
          </p>
        ) : null}
        <fieldset class="choice">
          <legend>{t('programs.kind')}</legend>
          {KINDS.map((id) => (
            <label key={id} class="choice-option">
              <input type="radio" name="kind" checked={kind === id} onChange={() => setKind(id)} />
              <span>{nameOf(id)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset class="choice">
          <legend>{t('programs.radius')}</legend>
          <div class="radius">
            {RADII.map((miles) => (
              <label key={miles} class="choice-option">
                <input type="radio" name="radius" checked={radius === miles} onChange={() => setRadius(miles)} />
                <span>{t('programs.miles', { miles })}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset class="choice">
          <legend>{t('programs.needs')}</legend>
          <label class="field" for="medicine">
            <span>{t('programs.medicine')}</span>
          </label>
          <select id="medicine" value={medicine} onChange={(e) => setMedicine(e.currentTarget.value as Medicine | '')}>
            <option value="">{t('programs.medicine.none')}</option>
            {MEDICINES.map((id) => (
              <option key={id} value={id}>
                {t(`programs.medicine.${id}`)}
              </option>
            ))}
          </select>
          <label class="choice-option">
            <input type="checkbox" checked={soberHome} onChange={(e) => setSoberHome(e.currentTarget.checked)} />
            <span>{t('programs.soberHome')}</span>
          </label>
        </fieldset>
        <button type="submit" class="button" disabled={status === 'busy'}>
          {t('programs.search')}
        </button>
      </form>
      <div aria-live="polite" class="results">
        {status === 'busy' ? <p>{t('programs.searching')}</p> : null}
        {status === 'offline' ? <p class="error">{t('programs.offline')}</p> : null}
        {status === 'error' ? <p class="error">{t('programs.error')}</p> : null}
        {current?.shortfall ? (
          <div class="shortfall">
            <p>
              {current.shortfall.cause === 'distance'
                ? t('programs.why.distance', { miles: radius, nearest: Math.ceil(current.shortfall.nearestMiles ?? 0) })
                : t(`programs.why.${current.shortfall.cause}`, { miles: radius })}
            </p>
            {current.shortfall.cause !== 'times' && wider !== undefined ? (
              <button type="button" class="button secondary" onClick={() => widen(wider)}>
                {t('programs.widen', { miles: wider })}
              </button>
            ) : null}
            {current.shortfall.cause === 'times' ? (
              <p>
                <a href="#/week">{t('summary.goWeek')}</a>
              </p>
            ) : null}
          </div>
        ) : null}
        {current && current.items.length > 0 ? (
          <ol class="matches">
            {current.items.map((match) => (
              <ProgramCard key={match.program.id} match={match} />
            ))}
          </ol>
        ) : null}
        {current ? (
          <p class="note">
            {t('programs.callFirst')}{' '}
            <a href={CRISIS_RESOURCES.helpline.call}>
              {t('programs.helpline', { number: CRISIS_RESOURCES.helpline.number })}
            </a>
          </p>
        ) : null}
      </div>
    </>
  );
}
