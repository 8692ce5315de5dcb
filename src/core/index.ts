/** The public face of the core: pure domain code shared by the browser, the server and the CLI. */
export * from './assessment.js';
export * from './clinical-facts.js';
export * from './canonical-json.js';
export * from './dimensions.js';
export * from './engine.js';
export * from './recommendation.js';
export * from './ruleset.js';
export * from './rulesets/index.js';
export * from './settings.js';
export * from './validation.js';
export * from './warnings.js';
export * from './json-syntax.js';
export * from './explain.js';
export * from './errors.js';
export * from './decision-aid/index.js';
export * from './schedule/weekly-time.js';
export * from './pdf/simple-pdf.js';
