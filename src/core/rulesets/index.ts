/**
 * The rule sets that ship with Stepdown. Other rule sets are loaded from files by the callers that
 * can read files (CLI, server) and compiled with `compileRuleSet`.
 */
import { compileRuleSet, type CompiledRuleSet } from '../ruleset.js';
import defaultRuleSetDocument from './stepdown-default.json' with { type: 'json' };

export { defaultRuleSetDocument };

/** Compiles the default rule set. Callers keep the result; compiling costs about a millisecond. */
export function loadDefaultRuleSet(): CompiledRuleSet {
  const compiled = compileRuleSet(defaultRuleSetDocument);
  if (!compiled.ok) {
    // The shipped file is checked by tests; reaching this means the build itself is broken.
    throw new Error(
      `the default rule set is invalid: ${compiled.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  }
  return compiled.value;
}
