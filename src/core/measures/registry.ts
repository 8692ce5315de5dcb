/**
 * The instruments a server offers, read from their Questionnaires. Callers that can read files (the
 * server, tests, the browser build) hand the documents over; this module only compiles them.
 */
import type { FieldIssue, Parsed } from '../validation.js';
import { compileInstrument, type Instrument } from './instrument.js';

/** The ids every Stepdown server ships (content/instruments/<id>.json), in the order they are listed. */
export const SHIPPED_INSTRUMENT_IDS = [
  'phq-9',
  'gad-7',
  'audit-c',
  'recovery-check',
  'readiness',
  'attendance',
  'drug-test',
] as const;

export interface InstrumentRegistry {
  /** In listing order. */
  readonly all: readonly Instrument[];
  get(id: string): Instrument | undefined;
}

/**
 * Compiles a set of Questionnaires, each named (a file name) so a problem says where it is. Refuses
 * two instruments with the same id.
 */
export function compileInstruments(
  documents: ReadonlyArray<{ name: string; document: unknown }>,
): Parsed<InstrumentRegistry> {
  const issues: FieldIssue[] = [];
  const all: Instrument[] = [];
  for (const { name, document } of documents) {
    const compiled = compileInstrument(document);
    if (!compiled.ok) {
      issues.push(...compiled.issues.map((issue) => ({ path: `${name}: ${issue.path}`, message: issue.message })));
      continue;
    }
    if (all.some((instrument) => instrument.id === compiled.value.id)) {
      issues.push({ path: `${name}: id`, message: `a second instrument with id ${compiled.value.id}` });
      continue;
    }
    all.push(compiled.value);
  }
  if (issues.length > 0) return { ok: false, issues };
  const order = (id: string) => {
    const index = (SHIPPED_INSTRUMENT_IDS as readonly string[]).indexOf(id);
    return index === -1 ? SHIPPED_INSTRUMENT_IDS.length : index;
  };
  all.sort((a, b) => order(a.id) - order(b.id) || a.id.localeCompare(b.id));
  const byId = new Map(all.map((instrument) => [instrument.id, instrument]));
  return { ok: true, value: { all, get: (id) => byId.get(id) } };
}
