/** The client decision aid's pure logic: content shape, situation, SURE, typical weeks, crisis. */
export * from './content-schema.js';
export * from './crisis.js';
export * from './options.js';
export * from './situation.js';
export * from './sure.js';
