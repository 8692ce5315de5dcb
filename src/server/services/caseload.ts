/**
 * The caseload, signals and alert acknowledgement. The caseload shows, per active client, which
 * check-ins are due or missed, open safety alerts, whether the plan's reassessment date is near or
 * past, and whether a first session at the referred program is confirmed. Signals run the signal
 * rule set over a client's measures; they inform a clinician and change nothing by themselves.
 */
import { AppError } from '../../core/errors.js';
import { clientSchedule, dueAndMissed, type ScheduleBasis, type ScheduleEntry } from '../../core/measures/schedule.js';
import type { Signal, SignalFacts } from '../../core/signals/index.js';
import { startOfDay } from '../../core/time-zone.js';
import { listAssessmentsOfClient } from '../../storage/assessments.js';
import { readCaseload } from '../../storage/caseload.js';
import { getClient } from '../../storage/clients.js';
import type { Executor } from '../../storage/executor.js';
import { acknowledgeMeasureAlert, type MeasureAlertRecord } from '../../storage/measures.js';
import { acknowledgeStepSignal, type StepSignalRecord } from '../../storage/step-signals.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { deniedClient } from './clients.js';
import { evaluateClientSignals, type SignalEvaluation } from './step-signals.js';

/** A plan's reassessment date this close, or past, counts as "needs reassessment". */
const REASSESS_WITHIN_DAYS = 7;
const DAY_MS = 86_400_000;

export interface CaseloadItem {
  clientId: string;
  displayName: string;
  /** Where the check-in schedule comes from: set by a clinician, the plan's default, or no plan yet. */
  checkIns: ScheduleBasis;
  /** When the plan's default schedule starts (the discharge day); null for custom or no plan. */
  checkInsStart: string | null;
  due: string[];
  missed: string[];
  openAlerts: number;
  oldestOpenAlertAt: string | null;
  reassessBy: string | null;
  needsReassessment: boolean;
  /** Null when the client has no referral; false until one is marked first session attended. */
  firstSessionConfirmed: boolean | null;
}

export interface Caseload {
  counts: {
    clients: number;
    due: number;
    missed: number;
    openAlerts: number;
    needsReassessment: number;
    firstSessionUnconfirmed: number;
  };
  items: CaseloadItem[];
  /** Where the next page starts, when a limit left clients out; null when this page is the last. */
  nextOffset: number | null;
}

function group<T extends { clientId: string }>(rows: readonly T[]): Map<string, T[]> {
  const byClient = new Map<string, T[]>();
  for (const row of rows) {
    const list = byClient.get(row.clientId);
    if (list) list.push(row);
    else byClient.set(row.clientId, [row]);
  }
  return byClient;
}

/** Which part of the ranked caseload to answer: all of it unless a limit is given. */
export interface CaseloadPage {
  limit?: number | undefined;
  offset?: number | undefined;
}

/**
 * The organisation's caseload, the most urgent first. Every active client is ranked (the order needs
 * all of them), but only the page asked for is answered; the counts are over every client. One
 * audit event for the whole read.
 */
export async function readCaseloadOf(
  db: Executor,
  context: RequestContext,
  page: CaseloadPage = {},
): Promise<Caseload> {
  const organizationId = context.actor.organizationId;
  const rows = await db.transaction().execute(async (trx) => {
    const read = await readCaseload(trx, organizationId);
    await recordAudit(trx, context, [
      { action: 'caseload.read', resourceType: 'organization', resourceId: organizationId, clientId: null },
    ]);
    return read;
  });
  // Times as numbers, parsed once: building dates and strings per client and instrument was most
  // of the caseload's time at 2,000 clients (bench/README.md).
  const lastTaken = new Map<string, Map<string, number>>();
  for (const row of rows.lastTaken) {
    const ofClient = lastTaken.get(row.clientId) ?? new Map<string, number>();
    ofClient.set(row.instrumentId, Date.parse(row.last));
    lastTaken.set(row.clientId, ofClient);
  }
  const schedules = new Map(rows.schedules.map((row) => [row.clientId, JSON.parse(row.entries) as ScheduleEntry[]]));
  const alerts = new Map(rows.openAlerts.map((row) => [row.clientId, row]));
  const referrals = group(rows.referrals);
  const plans = group(rows.finalPlans);
  const nowMs = context.now.getTime();
  const soon = new Date(nowMs + REASSESS_WITHIN_DAYS * DAY_MS).toISOString().slice(0, 10);
  const none = new Map<string, number>();

  // The discharge day's first moment in the clinic's zone, once per distinct day.
  const dayStarts = new Map<string, number>();
  const startOf = (date: string): number => {
    let start = dayStarts.get(date);
    if (start === undefined) {
      start = startOfDay(date, context.timeZone).getTime();
      dayStarts.set(date, start);
    }
    return start;
  };

  const ranked = rows.clients.map((client) => {
    // The most recently finalised plan gives the reassessment date and when check-ins start.
    const plan = (plans.get(client.id) ?? []).sort((a, b) =>
      (b.finalizedAt ?? '').localeCompare(a.finalizedAt ?? ''),
    )[0];
    const discharge = plan?.dischargeDate ?? null;
    const schedule = clientSchedule(schedules.get(client.id), discharge === null ? null : startOf(discharge));
    const { due, missed } = dueAndMissed(schedule.entries, lastTaken.get(client.id) ?? none, nowMs, schedule.start);
    const reassessBy = plan?.reassessBy ?? null;
    const clientReferrals = referrals.get(client.id) ?? [];
    const alert = alerts.get(client.id);
    const item: CaseloadItem = {
      clientId: client.id,
      displayName: client.displayName,
      checkIns: schedule.basis,
      checkInsStart: typeof schedule.start === 'number' ? new Date(schedule.start).toISOString() : null,
      due,
      missed,
      openAlerts: alert?.count ?? 0,
      oldestOpenAlertAt: alert?.oldest ?? null,
      reassessBy,
      needsReassessment: reassessBy !== null && reassessBy <= soon,
      firstSessionConfirmed:
        clientReferrals.length === 0 ? null : clientReferrals.some((r) => r.status === 'first-session-attended'),
    };
    const rank = [
      -item.openAlerts,
      -item.missed.length,
      item.needsReassessment ? 0 : 1,
      item.firstSessionConfirmed === false ? 0 : 1,
      -item.due.length,
    ];
    return { item, rank };
  });
  // Stable: clients of equal urgency stay in name order, as read.
  ranked.sort((a, b) => {
    for (let i = 0; i < a.rank.length; i++) {
      const difference = (a.rank[i] ?? 0) - (b.rank[i] ?? 0);
      if (difference !== 0) return difference;
    }
    return 0;
  });
  const items = ranked.map((entry) => entry.item);
  const offset = page.offset ?? 0;
  const shown = page.limit === undefined ? items.slice(offset) : items.slice(offset, offset + page.limit);
  return {
    counts: {
      clients: items.length,
      due: items.filter((i) => i.due.length > 0).length,
      missed: items.filter((i) => i.missed.length > 0).length,
      openAlerts: items.filter((i) => i.openAlerts > 0).length,
      needsReassessment: items.filter((i) => i.needsReassessment).length,
      firstSessionUnconfirmed: items.filter((i) => i.firstSessionConfirmed === false).length,
    },
    items: shown,
    nextOffset: offset + shown.length < items.length ? offset + shown.length : null,
  };
}

export interface ClientSignals {
  ruleset: { id: string; version: string; hash: string };
  facts: SignalFacts;
  /** Each signal that holds now; a step signal with the row that keeps it (null for safety signals). */
  signals: Array<Signal & { stored: StepSignalRecord | null }>;
  /** The assessment a "reassess now" starts from (its answers pre-filled), when there is one. */
  lastAssessmentId: string | null;
}

/**
 * The signals the rule set raises for a client now, with their basis, audited as a read. The
 * evaluation is kept like one on a write (see evaluateClientSignals): a signal that time alone
 * raises (check-ins missed) is kept when it is first seen, so it can be acted on and counted.
 * Nothing is kept for an archived client.
 */
export async function readClientSignals(
  db: Executor,
  context: RequestContext,
  evaluation: SignalEvaluation,
  clientId: string,
): Promise<ClientSignals> {
  const organizationId = context.actor.organizationId;
  const read = await db.transaction().execute(async (trx) => {
    const client = await getClient(trx, organizationId, clientId);
    if (!client) return undefined;
    const evaluated = await evaluateClientSignals(trx, evaluation, {
      organizationId,
      clientId,
      now: context.now,
      keep: client.archivedAt === null,
    });
    const [lastAssessment] = await listAssessmentsOfClient(trx, organizationId, clientId);
    await recordAudit(trx, context, [
      { action: 'signal.read', resourceType: 'client', resourceId: clientId, clientId },
    ]);
    return { evaluated, lastAssessmentId: lastAssessment?.assessmentId ?? null };
  });
  if (!read) throw await deniedClient(db, context, 'signal.read', clientId);
  const { rules } = evaluation;
  const stored = new Map(read.evaluated.stepSignals.map((row) => [row.rule, row]));
  return {
    ruleset: { id: rules.id, version: rules.version, hash: rules.hash },
    facts: read.evaluated.facts,
    signals: read.evaluated.signals.map((signal) => ({ ...signal, stored: stored.get(signal.rule) ?? null })),
    lastAssessmentId: read.lastAssessmentId,
  };
}

const CLOSED_WORDS: Record<Exclude<StepSignalRecord['state'], 'open'>, (signal: StepSignalRecord) => string> = {
  'acted-on': (signal) => `This signal was already marked as acted on at ${signal.acknowledgedAt ?? ''}.`,
  reassessed: (signal) => `This signal was already closed by a new assessment at ${signal.reassessedAt ?? ''}.`,
  cleared: (signal) =>
    `This signal no longer holds: it was cleared at ${signal.clearedAt ?? ''}, when a later evaluation did not raise it.`,
};

/**
 * Marks an open step signal as acted on with a note; 409 when it was already acted on, reassessed
 * or cleared; 404 (audited as denied) outside the organisation. Audited.
 */
export async function acknowledgeStepSignalOf(
  db: Executor,
  context: RequestContext,
  signalId: string,
  note: string,
): Promise<StepSignalRecord> {
  const result = await db.transaction().execute(async (trx) => {
    const done = await acknowledgeStepSignal(trx, context.actor.organizationId, signalId, {
      userId: context.actor.userId,
      note,
      now: context.now.toISOString(),
    });
    if (done && !done.already) {
      await recordAudit(trx, context, [
        {
          action: 'step-signal.acknowledge',
          resourceType: 'step-signal',
          resourceId: signalId,
          clientId: done.signal.clientId,
        },
      ]);
    }
    return done;
  });
  if (!result) {
    await recordAudit(db, context, [
      {
        action: 'step-signal.acknowledge',
        resourceType: 'step-signal',
        resourceId: signalId,
        clientId: null,
        outcome: 'denied',
      },
    ]);
    throw new AppError('not_found', 'No step signal with this id in your organisation.');
  }
  const { signal } = result;
  if (result.already && signal.state !== 'open') throw new AppError('conflict', CLOSED_WORDS[signal.state](signal));
  return signal;
}

/** Acknowledges an open alert with a note; 409 when someone acknowledged it first; audited. */
export async function acknowledgeAlert(
  db: Executor,
  context: RequestContext,
  alertId: string,
  note: string,
): Promise<MeasureAlertRecord> {
  const result = await db.transaction().execute(async (trx) => {
    const done = await acknowledgeMeasureAlert(trx, context.actor.organizationId, alertId, {
      userId: context.actor.userId,
      note,
      now: context.now.toISOString(),
    });
    if (done && !done.already) {
      await recordAudit(trx, context, [
        {
          action: 'measure-alert.acknowledge',
          resourceType: 'measure-alert',
          resourceId: alertId,
          clientId: done.alert.clientId,
        },
      ]);
    }
    return done;
  });
  if (!result) {
    await recordAudit(db, context, [
      {
        action: 'measure-alert.acknowledge',
        resourceType: 'measure-alert',
        resourceId: alertId,
        clientId: null,
        outcome: 'denied',
      },
    ]);
    throw new AppError('not_found', 'No alert with this id in your organisation.');
  }
  if (result.already) {
    throw new AppError('conflict', `This alert was already acknowledged at ${result.alert.acknowledgedAt ?? ''}.`);
  }
  return result.alert;
}
