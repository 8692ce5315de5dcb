/**
 * Clinic outcomes for admins and clinicians: for the episodes discharged in a range (and by one
 * clinician, if chosen), each figure as a percentage with its count and denominator and what it
 * counts, written beside it; the same figures as CSV.
 */
import { useEffect, useState } from 'preact/hooks';
import type { OutcomesResponse } from '../../core/api/outcomes.js';
import { ApiError, api } from './api.js';
import { useLocalTime } from './local-time.js';
import { longDate } from './measure-chart.js';

interface Filters {
  from: string;
  to: string;
  clinician: string;
}

function queryOf(filters: Filters): string {
  const query = new URLSearchParams();
  if (filters.from) query.set('from', filters.from);
  if (filters.to) query.set('to', filters.to);
  if (filters.clinician) query.set('clinician', filters.clinician);
  return query.toString();
}

export function Outcomes() {
  const local = useLocalTime();
  const [filters, setFilters] = useState<Filters>(() => ({
    from: local.inDays(-89),
    to: local.today(),
    clinician: '',
  }));
  const [applied, setApplied] = useState<Filters>(filters);
  const [outcomes, setOutcomes] = useState<OutcomesResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    document.title = 'Outcomes · Stepdown workspace';
  }, []);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    api<OutcomesResponse>('GET', `/api/v1/outcomes?${queryOf(applied)}`)
      .then(({ data }) => {
        if (live) setOutcomes(data);
      })
      .catch((caught: unknown) => {
        if (!live) return;
        setError(
          caught instanceof ApiError
            ? [caught.message, ...caught.issues.map((i) => `${i.path}: ${i.message}`)].join(' ')
            : 'Could not load the outcomes.',
        );
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [applied]);

  const clinicianName = (id: string | null) =>
    id === null ? 'all clinicians' : (outcomes?.clinicians.find((c) => c.id === id)?.name ?? 'one clinician');

  return (
    <main id="main">
      <h1>Outcomes</h1>
      <p class="muted">
        How the people the clinic discharged did afterwards. Each figure is a count over the episodes it applies to,
        with what it counts written beside it. Reading or exporting this page is recorded in the audit log.
      </p>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(filters);
        }}
      >
        <label class="field">
          <span>Discharged from</span>
          <input
            type="date"
            value={filters.from}
            onInput={(e) => setFilters({ ...filters, from: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>to</span>
          <input
            type="date"
            value={filters.to}
            onInput={(e) => setFilters({ ...filters, to: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>Clinician</span>
          <select
            value={filters.clinician}
            onInput={(e) => setFilters({ ...filters, clinician: e.currentTarget.value })}
          >
            <option value="">All clinicians</option>
            {(outcomes?.clinicians ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button">
          Show
        </button>
        <a class="button secondary" href={`/api/v1/outcomes/export?${queryOf(applied)}`} download>
          Download CSV
        </a>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <p role="status" class="muted">
        {loading ? 'Loading…' : ''}
      </p>
      {outcomes ? (
        <>
          <h2 data-testid="outcomes-scope">
            {outcomes.episodes} episode{outcomes.episodes === 1 ? '' : 's'}: discharged {longDate(outcomes.range.from)}{' '}
            to {longDate(outcomes.range.to)}, {clinicianName(outcomes.clinicianId)}
          </h2>
          {outcomes.pendingDischarges > 0 ? (
            <p>
              {outcomes.pendingDischarges} more plan{outcomes.pendingDischarges === 1 ? ' has' : 's have'} a discharge
              day still to come in this range and {outcomes.pendingDischarges === 1 ? 'is' : 'are'} not counted.
            </p>
          ) : null}
          <p class="definition">{outcomes.episodeDefinition}</p>
          <table class="data outcomes">
            <caption class="visually-hidden">Outcome figures, each with what it counts</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">Result</th>
                <th scope="col">Counted</th>
                <th scope="col">What it counts</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.figures.map((figure) => (
                <tr key={figure.id} data-testid={`figure-${figure.id}`}>
                  <th scope="row">{figure.label}</th>
                  <td class="figure-value">{figure.percent === null ? '—' : `${figure.percent}%`}</td>
                  <td>{figure.of === 0 ? 'nothing to count yet' : `${figure.count} of ${figure.of}`}</td>
                  <td>
                    {figure.definition}
                    {figure.detail ? <p class="muted">{figure.detail}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">
            Days are counted in the clinic’s time zone ({outcomes.timeZone}). The definitions are also in
            docs/outcomes.md.
          </p>
        </>
      ) : null}
    </main>
  );
}
