/** The outcome figures as CSV (RFC 4180, CRLF): one row per figure, with its range and definition. */
import type { Outcomes } from './compute.js';

/** A cell quoted when it needs it, with text a spreadsheet would run as a formula defused. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  if (text === '') return '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n\s]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The figures of `outcomes`, one row each: from, to, clinician (a name, or "all clinicians"),
 * figure id, label, count, of, percent (empty when nothing was counted), definition.
 */
export function outcomesCsv(outcomes: Outcomes, options: { clinicianName: string | null }): string {
  const rows: Array<Array<string | number | null>> = [
    ['from', 'to', 'clinician', 'figure', 'label', 'count', 'of', 'percent', 'definition'],
    ...outcomes.figures.map((figure) => [
      outcomes.range.from,
      outcomes.range.to,
      options.clinicianName ?? 'all clinicians',
      figure.id,
      figure.label,
      figure.count,
      figure.of,
      figure.percent,
      figure.detail === null ? figure.definition : `${figure.definition} ${figure.detail}`,
    ]),
  ];
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
