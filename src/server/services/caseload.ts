/**
 * The caseload, signals and alert acknowledgement. The caseload shows, per active client, which
 * check-ins are due or missed, open safety alerts, whether the plan's reassessment date is near or
 * past, and whether a first session at the referred program is confirmed. Signals run the signal
 * rule set over a client's measures; they inform a clinician and change nothing by themselves.
 */
import { AppError } from '../../core/errors.js';
import type { InstrumentRegistry } from '../../core/measures/index.js';
import {
  clientSchedule,
  dueAndMissed,
  type ScheduleBasis,
  type ScheduleEntry,
  scheduleStatus,
} from '../../core/measures/schedule.js';
import { startOfDay } from '../../core/time-zone.js';
import {
  type CompiledSignalRules,
  evaluateSignals,
  type Signal,
  type SignalFacts,
  type SignalMeasure,
  signalFacts,
} from '../../core/signals/index.js';
import { listAssessmentsOfClient } from '../../storage/assessments.js';
import { readCaseload } from '../../storage/caseload.js';
import { lastTakenOfClient } from '../../storage/check-ins.js';
import type { Executor } from '../../storage/executor.js';
import { acknowledgeMeasureAlert, type MeasureAlertRecord } from '../../storage/measures.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { scheduleOfClient } from './check-ins.js';
import { listMeasures } from './measures.js';
import { clientGoalsMet } from './plan-goals.js';

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
  signals: Signal[];
  /** The assessment a "reassess now" starts from (its answers pre-filled), when there is one. */
  lastAssessmentId: string | null;
}

/** The signals the rule set raises for a client now, with their basis. Audited as a read. */
export async function readClientSignals(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  rules: CompiledSignalRules,
  clientId: string,
): Promise<ClientSignals> {
  const organizationId = context.actor.organizationId;
  const measures = await listMeasures(db, context, instruments, clientId);
  const extra = await db.transaction().execute(async (trx) => {
    const schedule = await scheduleOfClient(trx, organizationId, clientId, context.timeZone);
    const status = scheduleStatus(
      schedule.entries,
      await lastTakenOfClient(trx, organizationId, clientId),
      context.now,
      schedule.start,
    );
    const [lastAssessment] = await listAssessmentsOfClient(trx, organizationId, clientId);
    await recordAudit(trx, context, [
      { action: 'signal.read', resourceType: 'client', resourceId: clientId, clientId },
    ]);
    return {
      missed: status.filter((s) => s.missed).length,
      lastAssessmentId: lastAssessment?.assessmentId ?? null,
      goalsMet: await clientGoalsMet(trx, organizationId, clientId),
    };
  });
  const signalMeasures: SignalMeasure[] = measures.map(({ measure, change }) => {
    const items = instruments.get(measure.instrumentId)?.items ?? [];
    return {
      instrument: measure.instrumentId,
      takenAt: measure.takenAt,
      total: measure.total,
      scores: measure.scores,
      answers: Object.fromEntries(items.map((item, index) => [item.linkId, measure.answers[index] ?? null])),
      change,
    };
  });
  const facts = signalFacts({
    measures: signalMeasures,
    missedCheckIns: extra.missed,
    goalsMet: extra.goalsMet,
    now: context.now,
  });
  return {
    ruleset: { id: rules.id, version: rules.version, hash: rules.hash },
    facts,
    signals: evaluateSignals(rules, facts),
    lastAssessmentId: extra.lastAssessmentId,
  };
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
