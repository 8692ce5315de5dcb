/**
 * Re-applying one person's unsaved changes on top of a version someone saved first: each part of
 * the plan the person changed (compared with the version they started from) takes their value;
 * every other part takes the newer version's. The recommendation always comes from the newer
 * version (it is not edited). Parts both changed are named, so the person can check them.
 */
import { canonicalJson } from '../canonical-json.js';
import { type PlanDocument, RECOMMENDATION_FIELDS } from './plan-schema.js';

export interface Reapplied {
  document: PlanDocument;
  /** The parts that carry the person's changes. */
  mine: Array<keyof PlanDocument>;
  /** Of those, the parts the newer version had changed too (theirs replaced by the person's). */
  both: Array<keyof PlanDocument>;
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

export function reapplyChanges(base: PlanDocument, edited: PlanDocument, newer: PlanDocument): Reapplied {
  const fixed = new Set<string>([...RECOMMENDATION_FIELDS, 'schema']);
  const document: Record<string, unknown> = { ...newer };
  const mine: Array<keyof PlanDocument> = [];
  const both: Array<keyof PlanDocument> = [];
  for (const key of Object.keys(newer) as Array<keyof PlanDocument>) {
    if (fixed.has(key) || same(edited[key], base[key])) continue;
    document[key] = edited[key];
    mine.push(key);
    if (!same(newer[key], base[key]) && !same(newer[key], edited[key])) both.push(key);
  }
  return { document: document as PlanDocument, mine, both };
}
