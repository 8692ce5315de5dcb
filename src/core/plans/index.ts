/** The discharge plan: its document, finalisation rules, client wording, safety block and consents. */
export * from './client-view.js';
export * from './consent.js';
export * from './draft.js';
export * from './finalize.js';
export * from './goal-templates.js';
export * from './plan-schema.js';
export * from './reasons-es.js';
export * from './safety.js';
export * from './vocabulary.js';
export * from './words.js';
