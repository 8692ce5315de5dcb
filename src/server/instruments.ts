/**
 * Reads the instruments from content/instruments at start-up (one FHIR Questionnaire per file) and
 * compiles them; a broken file stops start-up naming the file and the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileInstruments, type InstrumentRegistry } from '../core/measures/registry.js';

/** content/instruments, from src/server or dist/server alike. */
export const INSTRUMENTS_DIR = fileURLToPath(new URL('../../content/instruments/', import.meta.url));

export function loadShippedInstruments(dir: string = INSTRUMENTS_DIR): InstrumentRegistry {
  const documents = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, document: JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown }));
  const compiled = compileInstruments(documents);
  if (!compiled.ok) {
    throw new Error(
      `the instruments in ${dir} are not valid: ${compiled.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  }
  return compiled.value;
}
