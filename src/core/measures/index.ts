/** Measurement-based care: instruments as data and their scoring. */
export * from './instrument.js';
export * from './registry.js';
export * from './score.js';
export * from './schedule.js';
