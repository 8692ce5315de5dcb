/** The storage port: open, migrate, and the repositories, each taking an executor. */
export * from './assessments.js';
export * from './audit.js';
export * from './clients.js';
export * from './consents.js';
export * from './database.js';
export * from './executor.js';
export * from './migrate.js';
export * from './organizations.js';
export * from './plan-shares.js';
export * from './plans.js';
export * from './records.js';
export * from './sessions.js';
export * from './users.js';
