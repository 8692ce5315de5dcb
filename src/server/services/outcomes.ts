/**
 * The clinic outcomes for a range of discharge days and, optionally, one clinician: the rows are
 * read in one transaction, the figures worked out by core/outcomes, and the read (or the export)
 * audited once for the organisation.
 */
import { AppError } from '../../core/errors.js';
import type { InstrumentRegistry } from '../../core/measures/index.js';
import type { ScheduleEntry } from '../../core/measures/schedule.js';
import {
  BASELINE_DAYS_BEFORE,
  computeOutcomes,
  FOLLOW_UP_DAYS,
  type OutcomeMeasure,
  type Outcomes,
  outcomesCsv,
} from '../../core/outcomes/index.js';
import { OUTCOMES_MAX_DAYS } from '../../core/api/outcomes.js';
import { addCalendarDays, calendarDate, startOfDay } from '../../core/time-zone.js';
import type { Executor } from '../../storage/executor.js';
import { type OutcomePlanRow, readOutcomePlans, readOutcomeRows } from '../../storage/outcomes.js';
import { listUsers } from '../../storage/users.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';

/** By default the outcomes cover the discharges of the last 90 days, today included. */
const DEFAULT_RANGE_DAYS = 90;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface OutcomesQueryInput {
  from?: string | undefined;
  to?: string | undefined;
  clinician?: string | undefined;
}

export interface OutcomesRead {
  outcomes: Outcomes;
  clinicians: Array<{ id: string; name: string }>;
}

/** The range asked for, with its defaults; 400 when the defaults make it backwards or too long. */
function rangeOf(query: OutcomesQueryInput, today: string): { from: string; to: string } {
  const to = query.to ?? today;
  const from = query.from ?? addCalendarDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (from > to || days >= OUTCOMES_MAX_DAYS) {
    throw new AppError(
      'invalid_input',
      'The range is not valid.',
      [
        from > to
          ? { path: 'from', message: `must be on or before to (${to})` }
          : { path: 'from', message: `must be less than ${OUTCOMES_MAX_DAYS} days before to (${to})` },
      ],
      'query',
    );
  }
  return { from, to };
}

/** A plan's discharge day: its discharge date, or (plan@1 has none) the day it was first finalised. */
function dischargeDateOf(row: OutcomePlanRow, timeZone: string): string | null {
  try {
    const value = (JSON.parse(row.document) as { dischargeDate?: unknown }).dischargeDate;
    if (typeof value === 'string' && DATE.test(value)) return value;
  } catch {
    // A document that does not parse falls back to the finalisation day, as a plan without a date does.
  }
  return row.firstFinalizedAt === null ? null : calendarDate(row.firstFinalizedAt, timeZone);
}

function attendedOf(scores: string | null): number | null {
  if (scores === null) return null;
  try {
    const attended = (JSON.parse(scores) as { attended?: unknown }).attended;
    return typeof attended === 'number' ? attended : 0;
  } catch {
    return 0;
  }
}

async function read(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  query: OutcomesQueryInput,
  action: 'outcomes.read' | 'outcomes.export',
): Promise<OutcomesRead> {
  const organizationId = context.actor.organizationId;
  const { timeZone } = context;
  const today = calendarDate(context.now, timeZone);
  const range = rangeOf(query, today);
  return db.transaction().execute(async (trx) => {
    const plans = await readOutcomePlans(trx, organizationId);
    const episodes = plans.flatMap((plan) => {
      const dischargeDate = dischargeDateOf(plan, timeZone);
      return dischargeDate === null
        ? []
        : [{ planId: plan.planId, clientId: plan.clientId, dischargeDate, clinicianId: plan.finalizedBy }];
    });
    // Only the results and alerts that an episode in the range can count are read.
    const rows = await readOutcomeRows(trx, organizationId, {
      from: startOfDay(addCalendarDays(range.from, -BASELINE_DAYS_BEFORE), timeZone).toISOString(),
      to: startOfDay(addCalendarDays(range.to, FOLLOW_UP_DAYS + 1), timeZone).toISOString(),
    });
    const users = await listUsers(trx, organizationId);
    await recordAudit(trx, context, [
      { action, resourceType: 'organization', resourceId: organizationId, clientId: null },
    ]);
    const measures: OutcomeMeasure[] = rows.measures.map((row) => ({
      clientId: row.clientId,
      instrument: row.instrument,
      takenAt: row.takenAt,
      total: row.total,
      attended: attendedOf(row.attendanceScores),
    }));
    const outcomes = computeOutcomes({
      today,
      now: context.now,
      timeZone,
      range,
      clinicianId: query.clinician ?? null,
      clientInstruments: new Set(instruments.all.filter((i) => i.enteredBy === 'client').map((i) => i.id)),
      episodes,
      measures,
      schedules: new Map(rows.schedules.map((row) => [row.clientId, JSON.parse(row.entries) as ScheduleEntry[]])),
      firstSessions: rows.firstSessions.map((row) => ({
        clientId: row.clientId,
        on: row.effectiveOn ?? calendarDate(row.changedAt, timeZone),
      })),
      alerts: rows.alerts,
    });
    const clinicians = users
      .map((user) => ({ id: user.id, name: user.displayName }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return { outcomes, clinicians };
  });
}

/** The outcome figures, audited as one `outcomes.read` of the organisation. */
export function readOutcomes(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  query: OutcomesQueryInput,
): Promise<OutcomesRead> {
  return read(db, context, instruments, query, 'outcomes.read');
}

/** The outcome figures as CSV, audited as one `outcomes.export` of the organisation. */
export async function exportOutcomes(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  query: OutcomesQueryInput,
): Promise<{ csv: string; outcomes: Outcomes }> {
  const { outcomes, clinicians } = await read(db, context, instruments, query, 'outcomes.export');
  const clinicianName =
    outcomes.clinicianId === null
      ? null
      : (clinicians.find((c) => c.id === outcomes.clinicianId)?.name ?? 'unknown user');
  return { csv: outcomesCsv(outcomes, { clinicianName }), outcomes };
}
