/**
 * Forward-only migrations, named so they sort in order. Each is written once and never edited
 * after it has shipped; a change to the schema is a new file here.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import * as initial from './0001-initial.js';

export interface StepdownMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

export const MIGRATIONS: readonly StepdownMigration[] = [{ name: '0001-initial', up: initial.up }];
