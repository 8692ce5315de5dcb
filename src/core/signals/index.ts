/** Signals as rules: the facts, the rule set and its evaluation, and the rule set that ships. */
import { compileSignalRules, type CompiledSignalRules } from './rules.js';
import defaultSignalRules from './stepdown-signals.json' with { type: 'json' };

export * from './facts.js';
export * from './rules.js';
export { defaultSignalRules };

/** Compiles the shipped signal rules; a broken file is a broken build (tests check it). */
export function loadDefaultSignalRules(): CompiledSignalRules {
  const compiled = compileSignalRules(defaultSignalRules);
  if (!compiled.ok) {
    throw new Error(
      `the default signal rules are invalid: ${compiled.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  }
  return compiled.value;
}
