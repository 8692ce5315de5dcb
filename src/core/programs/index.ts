/** The program directory's pure logic: the program model, SAMHSA mapping, matching and calendars. */
export * from './hours.js';
export * from './ics.js';
export * from './labels.js';
export * from './match.js';
export * from './match-request.js';
export * from './match-scan.js';
export * from './program.js';
export * from './samhsa.js';
export * from './samhsa-codes.js';
export * from './samhsa-locator-json.js';
export * from './schedule-fit.js';
export * from './stable-id.js';
export * from './referral.js';
export * from './program-input.js';
export * from './nearby.js';
