/**
 * Forward-only migrations, named so they sort in order. Each is written once and never edited
 * after it has shipped; a change to the schema is a new file here.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import * as initial from './0001-initial.js';
import * as clientSearchRef from './0002-client-search-ref.js';
import * as backfillClientSearchRef from './0003-backfill-client-search-ref.js';
import * as programs from './0004-programs.js';
import * as plansAndConsents from './0005-plans-and-consents.js';
import * as programsRevision from './0006-programs-revision.js';
import * as cdsFeedback from './0007-cds-feedback.js';
import * as planNewerAssessment from './0013-plan-newer-assessment.js';

export interface StepdownMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

export const MIGRATIONS: readonly StepdownMigration[] = [
  { name: '0001-initial', up: initial.up },
  { name: '0002-client-search-ref', up: clientSearchRef.up },
  { name: '0003-backfill-client-search-ref', up: backfillClientSearchRef.up },
  { name: '0004-programs', up: programs.up },
  { name: '0005-plans-and-consents', up: plansAndConsents.up },
  { name: '0006-programs-revision', up: programsRevision.up },
  { name: '0007-cds-feedback', up: cdsFeedback.up },
  { name: '0013-plan-newer-assessment', up: planNewerAssessment.up },
];
