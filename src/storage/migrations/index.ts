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
import * as signInCounters from './0008-sign-in-counters.js';
import * as organizationNamesAndCdsTokens from './0009-organization-names-and-cds-tokens.js';
import * as programOwnership from './0010-program-ownership.js';
import * as planNewerAssessment from './0013-plan-newer-assessment.js';
import * as whoAndWhen from './0014-who-and-when.js';
import * as measures from './0015-measures.js';
import * as checkIns from './0016-check-ins.js';
import * as measureLatest from './0017-measure-latest.js';
import * as setPasswordLinks from './0019-set-password-links.js';
import * as remindersAndGoals from './0021-reminders-and-goals.js';
import * as stepSignals from './0022-step-signals.js';
import * as planFinalDates from './0023-plan-final-dates.js';
import * as auditEventsByTime from './0024-audit-events-by-time.js';

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
  { name: '0008-sign-in-counters', up: signInCounters.up },
  { name: '0009-organization-names-and-cds-tokens', up: organizationNamesAndCdsTokens.up },
  { name: '0010-program-ownership', up: programOwnership.up },
  { name: '0013-plan-newer-assessment', up: planNewerAssessment.up },
  { name: '0014-who-and-when', up: whoAndWhen.up },
  { name: '0015-measures', up: measures.up },
  { name: '0016-check-ins', up: checkIns.up },
  { name: '0017-measure-latest', up: measureLatest.up },
  { name: '0019-set-password-links', up: setPasswordLinks.up },
  { name: '0021-reminders-and-goals', up: remindersAndGoals.up },
  { name: '0022-step-signals', up: stepSignals.up },
  { name: '0023-plan-final-dates', up: planFinalDates.up },
  { name: '0024-audit-events-by-time', up: auditEventsByTime.up },
];
