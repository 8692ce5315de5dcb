/**
 * The clinic outcomes for a range of discharge days and, optionally, one clinician: core/outcomes
 * chooses the episodes and gives each its windows, the database counts and lists what fell in them
 * (one transaction), core/outcomes counts the figures from those facts, and the read (or the
 * export) is audited once for the organisation.
 */
import { OUTCOMES_MAX_DAYS } from '../../core/api/outcomes.js';
import { AppError } from '../../core/errors.js';
import type { InstrumentRegistry } from '../../core/measures/index.js';
import type { ScheduleEntry } from '../../core/measures/schedule.js';
import {
  dayStarts,
  type EpisodeFacts,
  type FollowUp,
  followUpOf,
  type OutcomeEpisode,
  type Outcomes,
  outcomesCsv,
  outcomesFromFacts,
  selectEpisodes,
  stepSignalsInFollowUp,
} from '../../core/outcomes/index.js';
import { addCalendarDays, calendarDate } from '../../core/time-zone.js';
import type { Dialect } from '../../storage/database.js';
import type { Executor } from '../../storage/executor.js';
import {
  countResultsInWindows,
  lastTakenOfInstruments,
  type OutcomePlanRow,
  readOutcomePlans,
  readOutcomeRows,
  resultsInWindows,
} from '../../storage/outcomes.js';
import { listStepSignalsRaisedIn } from '../../storage/step-signals.js';
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
  if (row.dischargeDate !== null && DATE.test(row.dischargeDate)) return row.dischargeDate;
  return row.firstFinalizedAt === null ? null : calendarDate(row.firstFinalizedAt, timeZone);
}

function attendedOf(scores: string): number {
  try {
    const attended = (JSON.parse(scores) as { attended?: unknown }).attended;
    return typeof attended === 'number' ? attended : 0;
  } catch {
    return 0;
  }
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** An end far enough away to mean "no end" in a window of ISO instants. */
const ATTENDANCE_UNTIL = Date.UTC(9999, 11, 31);

async function read(
  db: Executor,
  dialect: Dialect,
  context: RequestContext,
  instruments: InstrumentRegistry,
  query: OutcomesQueryInput,
  action: 'outcomes.read' | 'outcomes.export',
): Promise<OutcomesRead> {
  const organizationId = context.actor.organizationId;
  const { timeZone } = context;
  const today = calendarDate(context.now, timeZone);
  const range = rangeOf(query, today);
  const clinicianId = query.clinician ?? null;
  const clientInstruments = new Set(instruments.all.filter((i) => i.enteredBy === 'client').map((i) => i.id));
  return db.transaction().execute(async (trx) => {
    const plans = await readOutcomePlans(trx, organizationId);
    const all: OutcomeEpisode[] = plans.flatMap((plan) => {
      const dischargeDate = dischargeDateOf(plan, timeZone);
      return dischargeDate === null
        ? []
        : [{ planId: plan.planId, clientId: plan.clientId, dischargeDate, clinicianId: plan.finalizedBy }];
    });
    const { counted, pending } = selectEpisodes({ episodes: all, range, clinicianId, today });
    // Each episode's windows, from core; the database counts within them.
    const dayStart = dayStarts(timeZone);
    const followUps = new Map(counted.map((e) => [e.planId, followUpOf(e.dischargeDate, dayStart, context.now)]));
    const windows = (pick: (f: FollowUp) => { from: number; to: number }) =>
      counted.flatMap((e) => {
        const followUp = followUps.get(e.planId);
        if (!followUp) return [];
        const { from, to } = pick(followUp);
        return [{ planId: e.planId, clientId: e.clientId, from: iso(from), to: iso(to) }];
      });
    const counts = await countResultsInWindows(
      trx,
      dialect,
      organizationId,
      windows((f) => ({ from: f.start, to: f.end })),
      [...clientInstruments],
    );
    const results = await resultsInWindows(
      trx,
      dialect,
      organizationId,
      windows((f) => ({ from: f.baselineFrom, to: f.end })),
      ['phq-9', 'gad-7'],
    );
    // Attendance from the discharge day on (no end): a session attended later is still a contact.
    const attendance = await resultsInWindows(
      trx,
      dialect,
      organizationId,
      windows((f) => ({ from: f.start, to: ATTENDANCE_UNTIL })),
      ['attendance'],
    );
    const lastTaken = await lastTakenOfInstruments(trx, organizationId, [...clientInstruments]);
    const starts = [...followUps.values()];
    const rows = await readOutcomeRows(trx, organizationId, {
      from: iso(Math.min(context.now.getTime(), ...starts.map((f) => f.start))),
      to: iso(Math.max(context.now.getTime(), ...starts.map((f) => f.end))),
    });
    const stepSignals = await listStepSignalsRaisedIn(trx, organizationId, {
      from: iso(Math.min(context.now.getTime(), ...starts.map((f) => f.start))),
      to: iso(Math.max(context.now.getTime(), ...starts.map((f) => f.end))),
    });
    const users = await listUsers(trx, organizationId);
    await recordAudit(trx, context, [
      { action, resourceType: 'organization', resourceId: organizationId, clientId: null },
    ]);

    const countsOf = groupBy(counts, (row) => row.planId);
    const resultsOf = groupBy(results, (row) => row.planId);
    const alertsOf = groupBy(rows.alerts, (row) => row.clientId);
    const stepSignalsOf = groupBy(stepSignals, (row) => row.clientId);
    // The latest contact: a check-in (measure_latest) or a session attended (attendance results).
    const lastContact = new Map(lastTaken.map((row) => [row.clientId, Date.parse(row.last)]));
    const clientOf = new Map(counted.map((e) => [e.planId, e.clientId]));
    for (const row of attendance) {
      const clientId = clientOf.get(row.planId);
      if (clientId === undefined || attendedOf(row.scores) <= 0) continue;
      const at = Date.parse(row.takenAt);
      if (at > (lastContact.get(clientId) ?? Number.NEGATIVE_INFINITY)) lastContact.set(clientId, at);
    }
    const factsOf = (episode: OutcomeEpisode): EpisodeFacts => {
      const followUp = followUps.get(episode.planId);
      return {
        answered: new Map((countsOf.get(episode.planId) ?? []).map((row) => [row.instrument, row.count])),
        lastContactAt: lastContact.get(episode.clientId) ?? null,
        symptoms: (resultsOf.get(episode.planId) ?? []).flatMap((row) =>
          row.total === null ? [] : [{ instrument: row.instrument, at: Date.parse(row.takenAt), total: row.total }],
        ),
        alerts: (alertsOf.get(episode.clientId) ?? [])
          .map((a) => ({
            raisedAt: Date.parse(a.raisedAt),
            acknowledgedAt: a.acknowledgedAt === null ? null : Date.parse(a.acknowledgedAt),
          }))
          .filter((a) => followUp !== undefined && a.raisedAt >= followUp.start && a.raisedAt < followUp.end),
        stepSignals:
          followUp === undefined ? [] : stepSignalsInFollowUp(followUp, stepSignalsOf.get(episode.clientId) ?? []),
      };
    };
    const outcomes = outcomesFromFacts({
      today,
      now: context.now,
      timeZone,
      range,
      clinicianId,
      clientInstruments,
      episodes: counted,
      pendingDischarges: pending,
      factsOf,
      schedules: new Map(rows.schedules.map((row) => [row.clientId, JSON.parse(row.entries) as ScheduleEntry[]])),
      firstSessions: rows.firstSessions.map((row) => ({
        clientId: row.clientId,
        on: row.effectiveOn ?? calendarDate(row.changedAt, timeZone),
      })),
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
  dialect: Dialect,
  context: RequestContext,
  instruments: InstrumentRegistry,
  query: OutcomesQueryInput,
): Promise<OutcomesRead> {
  return read(db, dialect, context, instruments, query, 'outcomes.read');
}

/** The outcome figures as CSV, audited as one `outcomes.export` of the organisation. */
export async function exportOutcomes(
  db: Executor,
  dialect: Dialect,
  context: RequestContext,
  instruments: InstrumentRegistry,
  query: OutcomesQueryInput,
): Promise<{ csv: string; outcomes: Outcomes }> {
  const { outcomes, clinicians } = await read(db, dialect, context, instruments, query, 'outcomes.export');
  const clinicianName =
    outcomes.clinicianId === null
      ? null
      : (clinicians.find((c) => c.id === outcomes.clinicianId)?.name ?? 'unknown user');
  return { csv: outcomesCsv(outcomes, { clinicianName }), outcomes };
}
