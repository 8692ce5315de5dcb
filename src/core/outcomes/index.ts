/** Clinic outcomes: what each figure counts, computing them from plain rows, and the CSV export. */
export * from './compute.js';
export * from './csv.js';
export * from './definitions.js';
